"""Booking the next follow-up of an agreed plan, and inviting everyone in it to the meeting.

The coordinator books the follow-up ("samordningspersonen kallar till uppföljning"); the
people who work on the case may do it for them. The invitation goes by e-mail after commit,
as a calendar invitation (apps/sip/invitations.py), and without a word about the child.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.sip import print_selectors, tasks
from apps.sip.models import PlanVersion
from apps.sip.services import PlanRefused


def not_bookable_reason(version: PlanVersion) -> str | None:
    """Why no follow-up can be booked for the version, for the user; None if one can."""
    if version.plan.case.is_closed:
        return _("Ärendet är avslutat.")
    if version.status != PlanVersion.Status.AGREED:
        return _("Uppföljning bokas för den överenskomna planen. Kom överens om planen först.")
    return None


@transaction.atomic
def book_follow_up(version: PlanVersion, *, by, at, place: str) -> PlanVersion:
    """Set the time and place of the next follow-up and invite everyone named in the plan.

    A new time starts the reminders over: the coordinator is reminded again a week before,
    and the follow-up counts as overdue only once the new time has passed.
    """
    if not print_selectors.may_book(by, version):
        raise PlanRefused(
            _("Bara samordningspersonen eller ärendets handläggare bokar uppföljning.")
        )
    reason = not_bookable_reason(version)
    if reason:
        raise PlanRefused(reason)
    if at <= timezone.now():
        raise PlanRefused(_("Tiden har redan passerat. Välj en tid framåt."))
    if not place.strip():
        raise PlanRefused(_("Skriv var uppföljningen hålls."))
    version.next_follow_up_at = at
    version.next_follow_up_place = place.strip()
    version.reminder_sent_at = None
    version.overdue_flagged_at = None
    version._history_user = by
    version.save(
        update_fields=[
            "next_follow_up_at",
            "next_follow_up_place",
            "reminder_sent_at",
            "overdue_flagged_at",
        ]
    )
    # A follow-up already in the calendars is moved there (same event, next sequence).
    transaction.on_commit(lambda: tasks.send_follow_up_invitations.delay(version.pk))
    return version
