"""Calendar invitations to a booked follow-up, sent as iMIP (RFC 6047).

Each e-mail carries its calendar object as a ``text/calendar; method=...`` part beside the text
in a multipart/alternative: that is what Outlook and Google Calendar read as a meeting request
(Accept/Decline) and as the update or cancellation of one, where an attached ``.ics`` file is
only something to import.

One event per booked follow-up. Its UID is made at the first invitation and kept on the
version's ``FollowUpEvent`` with what was sent (sequence, time, place, who holds it), so
moving the follow-up updates the event instead of adding a second one. ``sync`` compares that
with what the plan says now and sends only the difference:

- a new time or place: ``REQUEST`` with the next ``SEQUENCE`` to everyone;
- someone new in the plan: ``REQUEST`` with the next ``SEQUENCE`` to them;
- someone who may no longer see the plan (consent withdrawn, left the agency): ``CANCEL`` to
  them only;
- no follow-up booked any more (recorded, or the case closed): ``CANCEL`` to everyone, if the
  event is still ahead (cancelling one that is over only clutters the calendars). The event
  is then forgotten, and the next booking of the version is a new one.

Organiser and attendees: the organiser is the coordinator, who calls the follow-up; the
e-mail comes from the system's address, which the ORGANIZER names as ``SENT-BY``, and a reply
by e-mail goes to the coordinator (Reply-To), as calendar replies do (to the ORGANIZER). The
coordinator is never an attendee of their own event: an invitation in which one is both
organiser and only attendee asks them to answer themselves, and Outlook shows it as a request
from themselves with nothing to accept. The attendees are everyone else invited. The
coordinator gets their own copy as ``PUBLISH`` (RFC 5546 §3.2.1): the same UID entered in
their calendar as a plain calendar entry, with no RSVP, and updated and cancelled with the
others, so the attendees' answers reach a calendar that holds the event.

Nothing here names the child (see apps/sip/ics.py).
"""

from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.agencies import policy
from apps.audit.history import delete_as, save_as
from apps.sip import ics, print_selectors
from apps.sip.models import FollowUpEvent, PlanVersion
from apps.sip.reminders import plan_url, when_and_where

INVITE = "invite"
UPDATE = "update"
ORGANIZER_COPY = "organizer_copy"
CANCELLED = "cancelled"
REMOVED = "removed"

OPENING = {
    INVITE: gettext_lazy(
        "Du är inbjuden till en uppföljning av en samordnad individuell plan (SIP)."
    ),
    UPDATE: gettext_lazy(
        "Tiden eller platsen för en uppföljning av en samordnad individuell plan (SIP) har ändrats."
    ),
    ORGANIZER_COPY: gettext_lazy(
        "Du är samordningsperson och kallar till en uppföljning av en samordnad individuell "
        "plan (SIP). Den läggs in i din kalender, och deltagarnas svar kommer till dig."
    ),
    CANCELLED: gettext_lazy("Uppföljningen av en samordnad individuell plan (SIP) är inställd."),
    REMOVED: gettext_lazy(
        "Du är inte längre inbjuden till uppföljningen av en samordnad individuell plan (SIP)."
    ),
}


def _is_booked(version: PlanVersion) -> bool:
    return (
        version.status == PlanVersion.Status.AGREED
        and version.next_follow_up_at is not None
        and not version.plan.case.is_closed
    )


def holders_now(version: PlanVersion) -> list:
    """Whoever should hold the event now: those invited to the follow-up
    (``print_selectors.follow_up_invitees``) who may still see the plan."""
    plan = version.plan
    return [
        person
        for person in print_selectors.follow_up_invitees(version)
        if policy.plans.may(person, policy.VIEW, plan)
    ]


def _subject(kind: str, at) -> str:
    date = timezone.localtime(at).strftime("%Y-%m-%d")
    if kind in {CANCELLED, REMOVED}:
        return _("Inställd uppföljning av SIP %(date)s") % {"date": date}
    if kind == UPDATE:
        return _("Ändrad uppföljning av SIP %(date)s") % {"date": date}
    return _("Inbjudan till uppföljning av SIP %(date)s") % {"date": date}


def _message(version, event: ics.Event, person, kind: str, method: str, attendees, now):
    body = [str(OPENING[kind]), "", *when_and_where(event.starts_at, event.place), ""]
    if method == ics.REQUEST:
        body.append(_("Svara på inbjudan i din kalender."))
    body.append(_("Logga in i Tillsammans för att se planen: %(url)s") % {"url": event.url})
    coordinator = version.plan.coordinator
    message = EmailMultiAlternatives(
        _subject(kind, event.starts_at),
        "\n".join(body) + "\n",
        to=[person.email],
        reply_to=[coordinator.email] if coordinator.email else None,
    )
    calendar = ics.calendar(
        event, method=method, organizer=coordinator, attendees=attendees, now=now
    )
    # Django adds the charset (utf-8) to the content type itself.
    message.attach_alternative(calendar.decode("utf-8"), f"text/calendar; method={method}")
    return message


def _people(ids) -> list:
    return list(
        get_user_model().objects.filter(pk__in=ids).exclude(email="").order_by("full_name", "pk")
    )


def _event(version: PlanVersion, sent: FollowUpEvent) -> ics.Event:
    return ics.Event(
        uid=sent.uid,
        sequence=sent.sequence,
        starts_at=sent.starts_at,
        place=sent.place,
        url=plan_url(version),
    )


def _cancel_everything(version: PlanVersion, sent: FollowUpEvent, now) -> list:
    """Every holder's cancellation of a follow-up no longer booked, while it is still ahead;
    the event is forgotten either way."""
    messages = []
    if sent.starts_at > now:
        sent.sequence += 1
        event = _event(version, sent)
        holders = _people(sent.holders)
        attendees = [person for person in holders if person.pk != version.plan.coordinator_id]
        messages = [
            _message(version, event, person, CANCELLED, ics.CANCEL, attendees, now)
            for person in holders
        ]
    delete_as(sent, None)
    return messages


def _update(version: PlanVersion, sent: FollowUpEvent | None, now) -> list:
    """The messages that bring every calendar to the booked follow-up; none if they agree."""
    holders = holders_now(version)
    wanted = {person.pk: person for person in holders}
    where = (version.next_follow_up_at, version.next_follow_up_place)
    if sent is None:
        sent = FollowUpEvent(version=version, uid=ics.new_uid(), sequence=0)
        held, moved = set(), True
    else:
        held = set(sent.holders)
        moved = (sent.starts_at, sent.place) != where
        if not moved and held == set(wanted):
            return []
        sent.sequence += 1
    sent.starts_at, sent.place = where
    sent.holders = sorted(wanted)
    event = _event(version, sent)
    coordinator_id = version.plan.coordinator_id
    attendees = [person for person in holders if person.pk != coordinator_id]
    messages = []
    for person in holders:
        if person.pk in held and not moved:
            continue
        if person.pk == coordinator_id:
            kind = UPDATE if person.pk in held else ORGANIZER_COPY
            messages.append(_message(version, event, person, kind, ics.PUBLISH, (), now))
        else:
            kind = UPDATE if person.pk in held else INVITE
            messages.append(_message(version, event, person, kind, ics.REQUEST, attendees, now))
    for person in _people(held - set(wanted)):
        messages.append(_message(version, event, person, REMOVED, ics.CANCEL, [person], now))
    save_as(sent, None)
    return messages


def sync(version_id: int, now=None) -> int:
    """Bring the calendars of everyone concerned to the version's booked follow-up (see the
    module's docstring); how many e-mails were sent. Idempotent: with nothing changed since
    the last call, nothing is sent.

    The version is locked while its messages are sent, in the same transaction as what is
    recorded about them: if sending fails, nothing is recorded and the next call tries
    again; two calls at once do not send the same change twice. The sender is the system
    (no history user): it carries out what a person already did, recorded with them.
    """
    now = now or timezone.now()
    with transaction.atomic():
        version = (
            PlanVersion.objects.select_for_update(of=("self",))
            .select_related("plan__case", "plan__coordinator", "plan__meeting")
            .get(pk=version_id)
        )
        sent = FollowUpEvent.objects.filter(version=version).first()
        if _is_booked(version):
            messages = _update(version, sent, now)
        elif sent is not None:
            messages = _cancel_everything(version, sent, now)
        else:
            messages = []
        return get_connection().send_messages(messages) if messages else 0


def live_invitations():
    """Versions whose follow-up is in someone's calendar."""
    return PlanVersion.objects.filter(follow_up_event__isnull=False).order_by("pk")


def sync_all(now=None) -> int:
    """The daily pass: whoever lost the plan without anything in it changing (consent
    withdrawn or lapsed, left the agency) gets the cancellation."""
    return sum(sync(pk, now=now) for pk in live_invitations().values_list("pk", flat=True))
