"""Writes for collaboration meetings. Each takes the acting user as ``by``.

The callers (views) fetch the case or meeting through a selector that demands the right to
change the case, so only the owning BBA or the assigned handler gets here.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.agencies import policy
from apps.analysis.selectors import collaboration_decided
from apps.audit.history import ConcurrentEdit, claim_revision, save_as
from apps.cases import services as case_services
from apps.cases.models import Case
from apps.consent import sharing
from apps.consent.models import Consent
from apps.meetings import tasks
from apps.meetings.models import CoordinatorAppointment, Meeting, Participant

S = Case.Status


def not_callable_reason(case: Case, analyses: list | None = None) -> str | None:
    """Why no meeting can be called in the case now, in words for the user; None if one can.
    ``analyses``: the case's analyses newest first, when the caller has read them already."""
    if case.is_closed:
        return _("Ärendet är avslutat. Det går inte att kalla till möten i det.")
    if collaboration_decided(case, analyses) is None:
        return _(
            "Samverkan kan inte startas innan en analys har kommit fram till att samverkan behövs."
        )
    return None


def _start_collaboration(case: Case, *, by) -> None:
    """The case enters collaboration with its first meeting (or its next, after a follow-up)."""
    try:
        case_services.change_status(case, S.COLLABORATION, by=by)
    except case_services.InvalidTransition as exc:
        raise ValidationError(str(exc), code="invalid_status") from exc


@transaction.atomic
def call_meeting(case: Case, *, by, invitees, **fields) -> Meeting:
    """Call a collaboration meeting and invite ``invitees``: (user, agency) pairs.

    The caller takes part for the owning agency. People of the owning agency are let in
    directly; people of any other agency only through a share under a consent that covers
    their agency for meetings. If one agency lacks that, ``ConsentMissing`` is raised and
    nothing at all is saved. Invitations go out by e-mail after commit, without child data.
    """
    reason = not_callable_reason(case)
    if reason:
        raise ValidationError(reason, code="not_callable")
    meeting = Meeting(case=case, called_by=by, **fields)
    meeting.full_clean()
    save_as(meeting, by)

    people = {by.pk: (by, case.agency)}
    for user, agency in invitees:
        people.setdefault(user.pk, (user, agency))
    groups_by_agency = defaultdict(list)
    for user, agency in people.values():
        save_as(Participant(meeting=meeting, user=user, agency=agency), by)
        groups_by_agency[agency].append(policy.membership_group(user, agency))

    for agency, groups in groups_by_agency.items():
        if agency == case.agency:
            for group in groups:
                for perm in policy.meetings.grants.invited:
                    policy.grant(perm, group, meeting, by=by)
        else:
            sharing.share(
                meeting,
                case=case,
                agency=agency,
                purpose=Consent.Purpose.MEETING,
                groups=groups,
                perms=policy.meetings.grants.invited,
                by=by,
            )
    # Last, so a refused call leaves the caller's case object as it was, not only the database.
    _start_collaboration(case, by=by)

    invited_ids = [user_id for user_id in people if user_id != by.pk]
    if invited_ids:
        transaction.on_commit(lambda: tasks.send_invitations.delay(meeting.pk, invited_ids))
    return meeting


def not_minutable_reason(meeting: Meeting) -> str | None:
    """Why no minutes can be written for the meeting, for the user; None if they can."""
    if meeting.is_cancelled:
        return _("Mötet är inställt. Det går inte att skriva protokoll för det.")
    if not meeting.has_started:
        return _("Mötet har inte hållits ännu. Skriv protokollet efter mötet.")
    return None


@transaction.atomic
def record_minutes(
    meeting: Meeting,
    *,
    by,
    attended_user_ids,
    child_view: str,
    guardians_view: str,
    agreed: str,
    expected_revision: int | None = None,
) -> Meeting:
    """What was said and agreed, and who came. Writing the minutes marks the meeting held;
    they may be corrected later, and the history keeps every version. From a form,
    ``expected_revision`` is the revision of the minutes the user opened: if someone saved
    them since, nothing is saved and ``ConcurrentEdit`` says so."""
    reason = not_minutable_reason(meeting)
    if reason:
        raise ValidationError(reason, code="not_minutable")
    if not child_view.strip() or not agreed.strip():
        raise ValidationError(
            _("Skriv barnets syn och det ni kom överens om."), code="minutes_incomplete"
        )
    current = claim_revision(meeting, expected_revision, field="minutes_revision")
    if current is not None:
        raise ConcurrentEdit(
            _(
                "Någon annan har ändrat protokollet medan du skrev. Dina ändringar är inte "
                "sparade, men allt du skrev finns kvar nedan. Sparar du igen ersätter dina "
                "uppgifter den andras ändringar."
            ),
            current,
        )
    attended = set(attended_user_ids)
    for participant in meeting.participants.all():
        if participant.attended != (participant.user_id in attended):
            participant.attended = participant.user_id in attended
            save_as(participant, by)
    meeting.child_view = child_view.strip()
    meeting.guardians_view = guardians_view.strip()
    meeting.agreed = agreed.strip()
    meeting.minutes_written_by = by
    meeting.minutes_written_at = timezone.now()
    meeting.status = Meeting.Status.HELD
    return save_as(meeting, by)


def not_appointable_reason(meeting: Meeting) -> str | None:
    """Why no coordinator can be appointed at the meeting, for the user; None if one can."""
    if meeting.is_cancelled:
        return _("Mötet är inställt.")
    if meeting.status != Meeting.Status.HELD:
        return _("Samordningspersonen utses under mötet. Skriv protokollet från mötet först.")
    if CoordinatorAppointment.objects.filter(meeting=meeting).exists():
        return _("En samordningsperson är redan utsedd på det här mötet.")
    return None


@transaction.atomic
def appoint_coordinator(
    meeting: Meeting,
    *,
    by,
    child_wish: str,
    child_wished_participant: Participant | None,
    coordinator: Participant,
    special_reason: str = "",
) -> CoordinatorAppointment:
    """Appoint the family's contact, who owns the plan from now on.

    The coordinator already sees the meeting as a participant; the plan (SIP) written from
    the meeting is theirs, which grants them access there.
    """
    reason = not_appointable_reason(meeting)
    if reason:
        raise ValidationError(reason, code="not_appointable")
    appointment = CoordinatorAppointment(
        meeting=meeting,
        case=meeting.case,
        child_wish=child_wish.strip(),
        child_wished_participant=child_wished_participant,
        coordinator=coordinator,
        special_reason=special_reason.strip(),
        appointed_by=by,
    )
    appointment.full_clean()
    return save_as(appointment, by)
