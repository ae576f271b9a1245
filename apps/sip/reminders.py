"""Follow-up e-mails: the coordinator's reminder a week before, and the notice when a follow-up
has passed without being recorded (the invitations are in apps/sip/invitations.py).

Called from Celery tasks (apps/sip/tasks.py), never from a request. No e-mail names the child
or says anything about them: only that a SIP is followed up, when and where, and a link to log
in, where the access policy decides what the reader sees.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.agencies import policy
from apps.sip import print_selectors
from apps.sip.models import PlanVersion


def plan_url(version: PlanVersion) -> str:
    return settings.SITE_URL + reverse("sip:version_detail", args=[version.pk])


def booking_url(version: PlanVersion) -> str:
    return settings.SITE_URL + reverse("sip:book_follow_up", args=[version.pk])


def when_and_where(at, place: str) -> list[str]:
    at = timezone.localtime(at)
    lines = [
        _("Datum: %(date)s") % {"date": at.strftime("%Y-%m-%d")},
        _("Tid: %(time)s") % {"time": at.strftime("%H:%M")},
    ]
    if place:
        lines.append(_("Plats: %(place)s") % {"place": place})
    return lines


def _when_and_where(version: PlanVersion) -> list[str]:
    return when_and_where(version.next_follow_up_at, version.next_follow_up_place)


# The daily scan.


def _recipient(version: PlanVersion):
    """The coordinator; if they can no longer see the plan (they left, or lost access), the
    BBA of the case, so that someone notices that the plan needs a new coordinator."""
    plan = version.plan
    coordinator = plan.coordinator
    still_sees = policy.plans.may(coordinator, policy.VIEW, plan)
    if still_sees and coordinator.email:
        return coordinator
    bba = plan.case.bba
    return bba if bba is not None and bba.is_active and bba.email else None


def _remind(version: PlanVersion, recipient) -> None:
    body = "\n".join(
        [
            _(
                "En samordnad individuell plan (SIP) som du är samordningsperson för ska "
                "följas upp inom en vecka."
            ),
            "",
            *_when_and_where(version),
            "",
            _("Logga in i Tillsammans för att se planen: %(url)s") % {"url": plan_url(version)},
        ]
    )
    date = timezone.localtime(version.next_follow_up_at).strftime("%Y-%m-%d")
    subject = _("Påminnelse: uppföljning av SIP %(date)s") % {"date": date}
    EmailMessage(subject, body + "\n", to=[recipient.email]).send()


def _flag_overdue(version: PlanVersion, recipient) -> None:
    date = timezone.localtime(version.next_follow_up_at).strftime("%Y-%m-%d")
    body = "\n".join(
        [
            _(
                "En samordnad individuell plan (SIP) som du är samordningsperson för skulle "
                "ha följts upp %(date)s, men ingen uppföljning är antecknad."
            )
            % {"date": date},
            "",
            _("Anteckna uppföljningen i planen: %(url)s") % {"url": plan_url(version)},
            _("Eller boka en ny tid: %(url)s") % {"url": booking_url(version)},
        ]
    )
    subject = _("Försenad uppföljning av SIP")
    EmailMessage(subject, body + "\n", to=[recipient.email]).send()


def _claim_and_send(candidates, flag: str, now, send) -> int:
    """Claim each version with a conditional UPDATE and e-mail only if the claim won; how
    many were e-mailed.

    Claim and e-mail share a transaction: if the e-mail fails, the claim is undone and the
    next scan tries again; on PostgreSQL a second scan running at the same moment waits for
    the claimed row and then finds it taken, so nobody is e-mailed twice.
    """
    sent = 0
    for version in candidates.select_related("plan__coordinator", "plan__case__bba"):
        with transaction.atomic():
            claimed = PlanVersion.objects.filter(pk=version.pk, **{f"{flag}__isnull": True})
            if claimed.update(**{flag: now}) == 1:
                recipient = _recipient(version)
                if recipient is not None:
                    send(version, recipient)
                    sent += 1
    return sent


def scan_follow_ups(now=None) -> dict:
    """The daily scan. Idempotent: running it again the same day e-mails nobody twice.

    Reminds the coordinator of every agreed plan whose follow-up is within a week, once per
    booked time, and tells them once when the time has passed without a follow-up recorded.
    Booking a new time (booking.book_follow_up) starts both over.
    """
    now = now or timezone.now()
    versions = print_selectors.agreed_with_follow_up()
    reminded = _claim_and_send(
        print_selectors.due_soon(versions, now).filter(reminder_sent_at__isnull=True),
        "reminder_sent_at",
        now,
        _remind,
    )
    flagged = _claim_and_send(
        print_selectors.overdue(versions, now).filter(overdue_flagged_at__isnull=True),
        "overdue_flagged_at",
        now,
        _flag_overdue,
    )
    return {"reminded": reminded, "flagged": flagged}
