"""Reads of meetings, always through the access policy.

A meeting shared under a consent is seen only through its last day (the policy reads it with
the grant). Functions that take a ``case`` expect one the caller has already fetched
through the policy.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from apps.agencies import policy
from apps.agencies.models import Agency, Membership
from apps.analysis.selectors import case_analyses, collaboration_decided
from apps.cases.models import Case
from apps.cases.panels import Section
from apps.consent import rules
from apps.consent.models import Consent
from apps.meetings import services
from apps.meetings.chronology import meeting_events
from apps.meetings.models import CoordinatorAppointment, Meeting, Participant

# Ratings of the wheel that make an area a focus of the meeting. Plain values, so meetings
# reads the mapping through ``case.assessments`` without depending on the wheel app.
CONCERN_RATINGS = ("some_concern", "serious_concern")


def _meetings() -> QuerySet:
    return Meeting.objects.select_related("case__agency", "called_by")


def meeting_for_viewing(user, pk) -> Meeting:
    """The meeting, for its own case's people and for those it was shared with; else 404."""
    return policy.meetings.get_or_404(user, policy.VIEW, _meetings(), pk=pk)


def meeting_for_changing(user, pk) -> Meeting:
    """Minutes and appointments are work on the case: they take the right to change it."""
    return policy.meetings.get_or_404(user, policy.CHANGE, _meetings(), pk=pk)


def case_for_calling(user, case_pk) -> Case:
    return policy.cases.get_or_404(
        user, policy.CHANGE, Case.objects.select_related("child", "agency"), pk=case_pk
    )


def participants(meeting: Meeting) -> QuerySet:
    return meeting.participants.select_related("user", "agency")


def appointment(meeting: Meeting) -> CoordinatorAppointment | None:
    return (
        CoordinatorAppointment.objects.filter(meeting=meeting)
        .select_related(
            "coordinator__user",
            "coordinator__agency",
            "child_wished_participant__user",
            "appointed_by",
        )
        .first()
    )


@dataclass(frozen=True)
class MeetingInbox:
    upcoming: list[Meeting]
    earlier: list[Meeting]


def invited_to(user) -> QuerySet:
    """The meetings the user is invited to and may see, with the child each is about."""
    return (
        policy.meetings.visible(user, policy.VIEW, _meetings())
        .filter(Exists(Participant.objects.filter(meeting=OuterRef("pk"), user=user)))
        .select_related("case__child")
    )


def upcoming(meetings: QuerySet, now=None) -> QuerySet:
    """Those not yet begun, soonest first."""
    return meetings.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")


def my_meetings(user) -> MeetingInbox:
    """The meetings the user is invited to and may see: coming ones first, soonest first."""
    mine = invited_to(user)
    now = timezone.now()
    return MeetingInbox(
        upcoming=list(upcoming(mine, now)),
        earlier=list(mine.filter(starts_at__lt=now).order_by("-starts_at")),
    )


def case_meeting_list(user, case: Case) -> list[Meeting]:
    """The case's meetings the user may see, each with its coordinator's appointment, in one
    query: for the case page's section, its chronology and the plans' section (which meetings
    still wait for a plan). Read through the case's own manager, so every meeting carries this
    very case instead of joining it again."""
    meetings = case.meetings.select_related(
        "called_by",
        "minutes_written_by",
        "coordinator_appointment__coordinator__user",
        "coordinator_appointment__coordinator__agency",
        "coordinator_appointment__appointed_by",
    )
    return list(policy.meetings.of_case(user, policy.VIEW, case, meetings))


def appointments(meetings: list[Meeting]) -> list[CoordinatorAppointment]:
    """The coordinators appointed at ``meetings`` (read with them), latest first."""
    made = [m.coordinator_appointment for m in meetings if _appointment(m) is not None]
    return sorted(made, key=lambda a: (a.appointed_at, a.pk), reverse=True)


def _appointment(meeting: Meeting) -> CoordinatorAppointment | None:
    return getattr(meeting, "coordinator_appointment", None)


def current_coordinator(meetings: list[Meeting]) -> Participant | None:
    """The family's contact: the coordinator of the latest appointment at the case's meetings
    (as ``case_meeting_list`` reads them)."""
    latest = next(iter(appointments(meetings)), None)
    return latest.coordinator if latest else None


def focus_areas_of_concern(case: Case) -> list[str]:
    """The areas rated some or serious concern in the latest mapping: the meeting's focus."""
    assessment = case.assessments.order_by("-assessed_on", "-pk").first()
    if assessment is None:
        return []
    return list(
        assessment.ratings.filter(rating__in=CONCERN_RATINGS).values_list("area", flat=True)
    )


@dataclass
class AgencyCandidates:
    """The people of one agency who may be invited."""

    agency: Agency
    memberships: list[Membership] = field(default_factory=list)
    own: bool = False
    suggested: bool = False


@dataclass(frozen=True)
class Candidates:
    groups: list[AgencyCandidates]
    suggested_kinds: list[str]
    kinds_without_consent: list[str]

    def kind_labels(self, kinds) -> list[str]:
        return [str(Agency.Kind(kind).label) for kind in kinds]

    @property
    def suggested_kind_labels(self) -> list[str]:
        return self.kind_labels(self.suggested_kinds)

    @property
    def kind_labels_without_consent(self) -> list[str]:
        return self.kind_labels(self.kinds_without_consent)


def covered_agencies(case: Case) -> list[Agency]:
    """Other agencies that an active consent lets take part in the case's meetings today."""
    consents = case.consents.prefetch_related("agencies", "parties").select_related("case__child")
    covered = {}
    for consent in consents:
        for agency in consent.agencies.all():
            if agency != case.agency and rules.covers(consent, agency, Consent.Purpose.MEETING):
                covered[agency.pk] = agency
    return sorted(covered.values(), key=lambda agency: agency.name)


def invitee_candidates(case: Case) -> Candidates:
    """Whom the BBA may invite, by agency: the case's own agency first, then every agency
    covered by consent. Agencies of the kinds the analysis asked for are marked suggested."""
    analysis = collaboration_decided(case)
    suggested_kinds = list(analysis.collaboration_kinds) if analysis else []
    agencies = [case.agency, *covered_agencies(case)]
    groups = {
        agency.pk: AgencyCandidates(
            agency, own=agency == case.agency, suggested=agency.kind in suggested_kinds
        )
        for agency in agencies
    }
    members = (
        Membership.objects.current()
        .filter(agency__in=agencies)
        .select_related("user", "agency")
        .order_by("user__full_name", "role")
    )
    seen = set()
    for membership in members:
        if (membership.agency_id, membership.user_id) not in seen:
            seen.add((membership.agency_id, membership.user_id))
            groups[membership.agency_id].memberships.append(membership)
    covered_kinds = {agency.kind for agency in agencies[1:]}
    return Candidates(
        groups=list(groups.values()),
        suggested_kinds=suggested_kinds,
        kinds_without_consent=[kind for kind in suggested_kinds if kind not in covered_kinds],
    )


def case_section(user, case: Case, reads) -> Section:
    """The meetings' section of the case page: the meetings, the coordinator and whether to
    offer calling a meeting (or, to those who work on the case, why not yet), and each
    meeting, its minutes and each coordinator appointed in the chronology."""
    meetings = reads.once(case_meeting_list)
    may_change = policy.cases.may(user, policy.CHANGE, case)
    reason = services.not_callable_reason(case, reads.once(case_analyses)) if may_change else None
    return Section(
        data={
            "meetings": meetings,
            "coordinator": current_coordinator(meetings),
            "may_call": may_change and reason is None,
            "not_callable_reason": reason,
        },
        events=list(meeting_events(meetings, appointments(meetings))),
    )
