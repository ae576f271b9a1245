"""Reads of plans, always through the access policy.

A plan is seen by the case's own people (through the case) and by everyone it was shared
with: the coordinator and each person named in it (see services.share_with_participating_
agencies), each of another agency only through the last day of the consent it was shared
under. It is changed by those who work on the case and by the coordinator.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.agencies import policy
from apps.agencies.models import Agency, Membership
from apps.cases.models import Case
from apps.cases.panels import Section
from apps.consent import rules
from apps.consent.models import Consent
from apps.meetings import selectors as meeting_selectors
from apps.meetings.models import Meeting
from apps.sip.chronology import plan_events
from apps.sip.models import (
    Action,
    ActionOutcome,
    ContactPerson,
    CoordinatorChange,
    FollowUp,
    Plan,
    PlanVersion,
)


def _plans() -> QuerySet:
    return Plan.objects.select_related(
        "case__child",
        "case__agency",
        "meeting",
        "coordinator",
        "coordinator_agency",
        "declined_recorded_by",
    )


def viewable_plans(user) -> QuerySet:
    return policy.plans.visible(user, policy.VIEW, _plans())


def changeable_plans(user) -> QuerySet:
    """Plans of cases the user may change, and plans the user holds the right to change
    (the coordinator's, granted or shared with them when the plan was made)."""
    return policy.plans.visible(user, policy.CHANGE, _plans())


def plan_for_viewing(user, pk) -> Plan:
    """The plan page's plan, with whether its coordinator was ever changed (see
    ``plan_coordinator_changes``)."""
    plans = _plans().annotate(has_coordinator_changes=_has_coordinator_changes())
    return policy.plans.get_or_404(user, policy.VIEW, plans, pk=pk)


def plan_for_changing(user, pk) -> Plan:
    """Writing, agreeing, following up the plan and closing its case; else 404."""
    return policy.plans.get_or_404(user, policy.CHANGE, _plans(), pk=pk)


def may_change_plan(user, plan: Plan) -> bool:
    return policy.plans.may(user, policy.CHANGE, plan)


def may_view_case(user, case: Case) -> bool:
    return policy.cases.may(user, policy.VIEW, case)


def _versions() -> QuerySet:
    return PlanVersion.objects.select_related(
        "plan__case__child",
        "plan__case__agency",
        "plan__meeting",
        "plan__coordinator",
        "plan__coordinator_agency",
        "lead_agency",
        "agreed_by",
        "created_by",
    )


def with_contents(versions: QuerySet) -> QuerySet:
    """Versions with their actions and contacts, in a fixed number of queries."""
    return versions.prefetch_related(
        Prefetch("actions", Action.objects.select_related("agency", "responsible")),
        Prefetch(
            "contacts",
            ContactPerson.objects.select_related("agency", "person").order_by("agency__name"),
        ),
    )


def version_for_viewing(user, pk) -> PlanVersion:
    """Any version, old ones too, of a plan the user may see; else 404."""
    return get_object_or_404(
        with_contents(_versions()).filter(plan__in=viewable_plans(user)), pk=pk
    )


def version_for_changing(user, pk) -> PlanVersion:
    return get_object_or_404(
        with_contents(_versions()).filter(plan__in=changeable_plans(user)), pk=pk
    )


def versions(plan: Plan) -> QuerySet:
    """Every version of the plan, newest first."""
    return plan.versions.select_related("agreed_by", "created_by").order_by("-number")


def _versions_of(plan: Plan) -> QuerySet:
    """The plan's versions with their contents, read through the plan's own manager: each
    carries this very plan (and what it was read with) instead of joining it all again."""
    return with_contents(plan.versions.select_related("lead_agency", "agreed_by", "created_by"))


def current_version(plan: Plan) -> PlanVersion | None:
    """The latest version not superseded: the draft if there is one, else the agreed one."""
    return (
        _versions_of(plan).exclude(status=PlanVersion.Status.SUPERSEDED).order_by("-number").first()
    )


def agreed_version(plan: Plan) -> PlanVersion | None:
    """The version in force: the one last agreed (a draft may be on its way to replace it)."""
    return _versions_of(plan).filter(status=PlanVersion.Status.AGREED).order_by("-number").first()


def follow_ups(plan: Plan) -> QuerySet:
    return (
        FollowUp.objects.filter(version__plan=plan)
        .select_related("version", "recorded_by", "revised_into")
        .prefetch_related(
            Prefetch("outcomes", ActionOutcome.objects.select_related("action").order_by("pk"))
        )
    )


def meeting_participants(plan: Plan) -> QuerySet:
    """Who was invited to the meeting where the plan was made, and who took part."""
    return meeting_selectors.participants(plan.meeting)


def my_plans(user) -> QuerySet:
    """The plans the user coordinates (and still may see), in cases not closed."""
    return (
        viewable_plans(user)
        .filter(coordinator=user)
        .exclude(case__status=Case.Status.CLOSED)
        .order_by("-created_at")
    )


def _with_actions_of(user) -> QuerySet:
    """Ids of the plans whose versions in force (the draft and the agreed one) name the user
    responsible for an action."""
    return (
        Action.objects.filter(responsible=user)
        .exclude(version__status=PlanVersion.Status.SUPERSEDED)
        .values("version__plan_id")
    )


def plans_with_my_actions(user) -> QuerySet:
    """The plans, in cases not closed, in which the user is responsible for an action (and
    which they may see: being named shares the plan with them), newest first."""
    return (
        viewable_plans(user)
        .filter(pk__in=_with_actions_of(user))
        .exclude(case__status=Case.Status.CLOSED)
        .order_by("-created_at")
    )


def my_plans_and_actions(user) -> QuerySet:
    """Every plan the user coordinates or has an action in, in cases not closed, newest
    first: the whole list behind the start page's few."""
    return (
        viewable_plans(user)
        .filter(Q(coordinator=user) | Q(pk__in=_with_actions_of(user)))
        .exclude(case__status=Case.Status.CLOSED)
        .order_by("-created_at")
    )


def _has_coordinator_changes() -> Exists:
    return Exists(CoordinatorChange.objects.filter(plan=OuterRef("pk")))


def plan_coordinator_changes(plan: Plan) -> list:
    """The changes of coordinator of a plan read by ``plan_for_viewing``: read only when it
    has any, as only a handover accepted changes the coordinator."""
    return list(coordinator_changes(plan)) if plan.has_coordinator_changes else []


def coordinator_changes(plan: Plan | None = None) -> QuerySet:
    """The coordinator's changes (of one plan, or for a prefetch), newest first, with those
    they name."""
    changes = CoordinatorChange.objects.select_related(
        "coordinator", "coordinator_agency", "previous_coordinator", "changed_by"
    )
    return changes if plan is None else changes.filter(plan=plan)


def case_plans(user, case: Case) -> list[Plan]:
    """The case's plans the user may see, with who started them, their versions (newest first)
    and the versions' follow-ups, who recorded that the family declined, and the changes of
    coordinator (``coordinator_change_list``): what the case page's section and chronology
    show.

    A coordinator changes only when a handover is accepted, so most plans have no change:
    whether a plan has any is asked in the plans' own query, and only those that do are read
    for them, so that the case page does not pay a query for what is nearly always empty."""
    follow_ups = FollowUp.objects.select_related("recorded_by", "revised_into")
    versions = PlanVersion.objects.select_related("agreed_by").order_by("-number")
    # Through the case's own manager, so every plan carries this very case (not joined again).
    plans = case.plans.select_related(
        "coordinator", "coordinator_agency", "created_by", "declined_recorded_by"
    ).annotate(has_coordinator_changes=_has_coordinator_changes())
    plans = list(
        policy.plans.of_case(user, policy.VIEW, case, plans).prefetch_related(
            Prefetch("versions", versions.prefetch_related(Prefetch("follow_ups", follow_ups)))
        )
    )
    changed = [plan for plan in plans if plan.has_coordinator_changes]
    prefetch_related_objects(
        changed,
        Prefetch("coordinator_changes", coordinator_changes(), to_attr="coordinator_change_list"),
    )
    for plan in plans:
        if not plan.has_coordinator_changes:
            plan.coordinator_change_list = []
    return plans


def _current(plan: Plan) -> PlanVersion | None:
    """The plan's latest version not superseded, of those ``case_plans`` read."""
    return next((v for v in plan.versions.all() if v.status != PlanVersion.Status.SUPERSEDED), None)


# Creating a plan.


def meeting_for_planning(user, meeting_pk) -> Meeting:
    """The meeting a plan is written from: for those who may change its case, and for the
    coordinator appointed at it; else 404."""
    meeting = meeting_selectors.meeting_for_viewing(user, meeting_pk)
    if may_plan(user, meeting):
        return meeting
    raise Http404


def may_plan(user, meeting: Meeting) -> bool:
    appointment = getattr(meeting, "coordinator_appointment", None)
    if appointment is not None and appointment.coordinator.user_id == user.pk:
        return True
    return policy.cases.may(user, policy.CHANGE, meeting.case)


def my_meetings_awaiting_plan(user) -> QuerySet:
    """Meetings where the user was appointed coordinator and no plan is written yet."""
    return (
        policy.meetings.visible(
            user,
            policy.VIEW,
            Meeting.objects.select_related("case__agency", "coordinator_appointment"),
        )
        .filter(coordinator_appointment__coordinator__user=user, plans__isnull=True)
        .exclude(case__status=Case.Status.CLOSED)
    )


# Who may be named in a plan.


@dataclass
class AgencyPeople:
    """The people of one agency who may be named in the plan; ``covered`` says whether the
    agency may take part (its own, or under a consent for SIP)."""

    agency: Agency
    covered: bool
    memberships: list[Membership] = field(default_factory=list)


def _sip_consent_agencies(case: Case) -> set[int]:
    consents = case.consents.prefetch_related("agencies", "parties").select_related("case__child")
    return {
        agency.pk
        for consent in consents
        for agency in consent.agencies.all()
        if rules.covers(consent, agency, Consent.Purpose.SIP)
    }


def people_for_plan(version: PlanVersion) -> list[AgencyPeople]:
    """Whom the plan may name, by agency: the case's own agency first, then the agencies of
    the meeting, of the coordinator, of a consent for SIP and of the version itself. An
    agency without consent is offered too, so that saving says what is missing."""
    plan = version.plan
    case = plan.case
    covered = _sip_consent_agencies(case) | {case.agency_id}
    agency_ids = covered | {plan.coordinator_agency_id}
    agency_ids |= set(plan.meeting.participants.values_list("agency_id", flat=True))
    agency_ids |= set(version.actions.exclude(agency=None).values_list("agency_id", flat=True))
    agency_ids |= set(version.contacts.values_list("agency_id", flat=True))
    agencies = Agency.objects.filter(pk__in=agency_ids, is_active=True).order_by("name")
    groups = {
        agency.pk: AgencyPeople(agency, covered=agency.pk in covered)
        for agency in sorted(agencies, key=lambda agency: agency.pk != case.agency_id)
    }
    members = (
        Membership.objects.current()
        .filter(agency__in=agency_ids)
        .select_related("user", "agency")
        .order_by("user__full_name", "role")
    )
    seen = set()
    for membership in members:
        key = (membership.agency_id, membership.user_id)
        if key not in seen and membership.agency_id in groups:
            seen.add(key)
            groups[membership.agency_id].memberships.append(membership)
    return list(groups.values())


def case_section(user, case: Case, reads) -> Section:
    """The plans' section of the case page: the plans with their current versions, the
    meetings with a coordinator appointed and no plan yet where the user may start the plan
    (of the meetings the meetings' section read), and the plans' chronology."""
    plans = case_plans(user, case)
    planned = {plan.meeting_id for plan in plans}
    awaiting = [
        meeting
        for meeting in ([] if case.is_closed else reads.once(meeting_selectors.case_meeting_list))
        if meeting.pk not in planned
        and getattr(meeting, "coordinator_appointment", None) is not None
        and may_plan(user, meeting)
    ]
    return Section(
        data={
            "plans": [(plan, _current(plan)) for plan in plans],
            "meetings_awaiting_plan": awaiting,
        },
        events=list(plan_events(plans)),
    )
