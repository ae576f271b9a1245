"""Reads for Skolfam, already filtered by the access policy (``policy.skolfam``)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.agencies import policy
from apps.agencies.models import Agency, Municipality
from apps.cases.models import Case
from apps.cases.panels import Section
from apps.skolfam.models import CohortMember

# How far ahead the due list looks: a mapping is planned with the school weeks before.
DUE_WITHIN = datetime.timedelta(days=60)

_DETAIL = ("child", "case", "agency", "agency__municipality", "school", "marked_by", "withdrawn_by")


def team_agency_or_404(request) -> Agency:
    """The unit the user acts for, when it has the Skolfam pages; otherwise 404."""
    agency = getattr(request, "acting_agency", None)
    if not policy.skolfam.in_team(request.user, agency, request.acting_roles):
        raise Http404
    return agency


def case_for_marking(user, case_pk) -> Case:
    case = policy.cases.get_or_404(
        user, policy.WORK, Case.objects.select_related("child", "agency"), pk=case_pk
    )
    if not policy.skolfam.may_mark(user, case):
        raise Http404
    return case


def team_schools(case: Case) -> QuerySet:
    """The schools the team may be formed with: active ones of the case's municipality."""
    return Agency.objects.filter(
        kind__in=policy.skolfam.grants.team_school_kinds,
        municipality_id=case.agency.municipality_id,
        is_active=True,
    ).order_by("name", "pk")


def member_for_viewing(user, pk) -> CohortMember:
    return policy.skolfam.get_or_404(
        user, policy.VIEW, CohortMember.objects.select_related(*_DETAIL), pk=pk
    )


def member_for_mapping(user, pk) -> CohortMember:
    return policy.skolfam.get_or_404(
        user, policy.WORK, CohortMember.objects.select_related(*_DETAIL), pk=pk
    )


def member_for_withdrawing(user, pk) -> CohortMember:
    return policy.skolfam.get_or_404(
        user, policy.CHANGE, CohortMember.objects.select_related(*_DETAIL), pk=pk
    )


def mappings_of(member: CohortMember) -> QuerySet:
    """The mappings of a marking the user was let in to, newest first."""
    return member.mappings.select_related("recorded_by").order_by("-mapped_on", "-pk")


def _of_unit(user, action: str, agency: Agency) -> QuerySet:
    return (
        policy.skolfam.visible(user, action)
        .filter(Q(agency=agency) | Q(school=agency))
        .select_related("child", "case", "school", "agency")
    )


def cohort(user, agency: Agency) -> QuerySet:
    """The children in the cohort the acting unit marked or maps, by name."""
    return (
        _of_unit(user, policy.VIEW, agency)
        .filter(withdrawn_on__isnull=True)
        .order_by("child__last_name", "child__first_name", "pk")
    )


def due(user, agency: Agency, *, on: datetime.date | None = None) -> QuerySet:
    """The children whose next mapping falls within ``DUE_WITHIN`` of ``on`` (today), or is
    overdue, the longest overdue first."""
    on = on or timezone.localdate()
    return (
        _of_unit(user, policy.WORK, agency)
        .filter(next_mapping_due__lte=on + DUE_WITHIN)
        .order_by("next_mapping_due", "pk")
    )


def participations() -> QuerySet:
    """Every municipality with its Skolfam setting, for administrators, in a total order."""
    return Municipality.objects.select_related("skolfam").order_by("name", "pk")


@dataclass(frozen=True)
class CasePanel:
    members: list[CohortMember]
    may_mark: bool


def case_section(user, case: Case, reads) -> Section:
    """The Skolfam part of a social-services case page in a municipality that takes part;
    nothing at all (no query) on any other case page."""
    if case.agency.kind not in policy.skolfam.grants.marking_kinds:
        return Section(data=None)
    if not policy.skolfam.takes_part(case.agency, user):
        return Section(data=None)
    members = list(
        policy.skolfam.of_case(user, policy.VIEW, case)
        .select_related("school")
        .order_by("-marked_at")
    )
    current = any(not member.is_withdrawn for member in members)
    return Section(
        data=CasePanel(
            members=members, may_mark=not current and policy.skolfam.may_mark(user, case)
        )
    )


def may_map(user, member: CohortMember) -> bool:
    return policy.skolfam.may(user, policy.WORK, member)


def may_withdraw(user, member: CohortMember) -> bool:
    return policy.skolfam.may(user, policy.CHANGE, member)


def may_view_case(user, member: CohortMember) -> bool:
    return policy.cases.may(user, policy.VIEW, member.case)
