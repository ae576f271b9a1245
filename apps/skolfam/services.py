"""Writes for Skolfam. Each takes the acting user as ``by`` and checks that user's right
itself; a rule broken raises ``SkolfamError`` with a message for the user, and nothing is
saved."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.agencies import policy
from apps.agencies.models import Municipality
from apps.audit.history import save_as
from apps.cases.models import Case
from apps.skolfam.models import (
    BANDS_OF_AREA,
    DEFAULT_INTERVAL_MONTHS,
    Area,
    CohortMember,
    Mapping,
    Participation,
)


class SkolfamError(Exception):
    """A Skolfam action the rules do not allow. ``field`` names the form field it concerns,
    if one does, so the message is shown next to it."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _require(user, kind: policy.Policy, action: str, obj) -> None:
    if not kind.may(user, action, obj):
        raise PermissionDenied


def interval_of(municipality_id: int) -> int:
    participation = Participation.objects.filter(municipality_id=municipality_id).first()
    return participation.interval_months if participation else DEFAULT_INTERVAL_MONTHS


def next_due(member: CohortMember, interval_months: int) -> datetime.date:
    """The interval after the latest mapping; the day of the marking before the first one
    (a child is mapped as soon as it joins the cohort)."""
    latest = member.mappings.order_by("-mapped_on").values_list("mapped_on", flat=True).first()
    if latest is None:
        return timezone.localdate(member.marked_at)
    return latest + relativedelta(months=interval_months)


@transaction.atomic
def set_participation(
    municipality: Municipality, *, by, takes_part: bool, interval_months: int
) -> Participation:
    """Whether the municipality takes part, and its interval; a new interval moves the next
    mapping of every child in its cohort."""
    if not policy.is_administrator(by):
        raise PermissionDenied
    participation = (
        Participation.objects.select_for_update().filter(municipality=municipality).first()
    )
    if participation is None:
        participation = Participation(municipality=municipality)
    elif (participation.takes_part, participation.interval_months) == (
        takes_part,
        interval_months,
    ):
        return participation
    interval_changed = participation.interval_months != interval_months
    participation.takes_part = takes_part
    participation.interval_months = interval_months
    save_as(participation, by)
    if interval_changed:
        current = CohortMember.objects.filter(
            agency__municipality=municipality, withdrawn_on__isnull=True
        )
        for member in current:
            member.next_mapping_due = next_due(member, interval_months)
            save_as(member, by)
    return participation


def _check_consent(
    *,
    placement_basis: str,
    consent_basis: str,
    consent_method: str,
    consented_by: str,
    consented_on: datetime.date,
    information_given: bool,
) -> None:
    """What Skolfam asks before a child is mapped: the guardians' informed consent when the
    child is placed under SoL; under LVU the social services' own decision will do. Either
    way the information about Skolfam has been given."""
    basis = CohortMember.ConsentBasis
    if not information_given:
        raise SkolfamError(
            _(
                "Barnet kan bara markeras när vårdnadshavarna (och barnet, efter ålder och "
                "mognad) har fått information om Skolfam."
            ),
            "information_given",
        )
    if placement_basis == CohortMember.PlacementBasis.SOL and consent_basis != basis.GUARDIANS:
        raise SkolfamError(
            _("Ett barn som är placerat enligt SoL kräver vårdnadshavarnas samtycke."),
            "consent_basis",
        )
    by_decision = consent_basis == basis.DECISION
    if by_decision != (consent_method == CohortMember.ConsentMethod.DECISION):
        raise SkolfamError(
            _(
                "Välj protokollfört beslut när socialnämnden har beslutat, och skriftligt "
                "eller muntligt när vårdnadshavarna har samtyckt."
            ),
            "consent_method",
        )
    if not consented_by.strip():
        raise SkolfamError(_("Skriv vem som samtyckte eller fattade beslutet."), "consented_by")
    if consented_on > timezone.localdate():
        raise SkolfamError(
            _("Datumet för samtycket eller beslutet kan inte ligga i framtiden."),
            "consented_on",
        )


@transaction.atomic
def mark_child(
    case: Case,
    *,
    by,
    school,
    placement_basis: str,
    consent_basis: str,
    consent_method: str,
    consented_by: str,
    consented_on: datetime.date,
    information_given: bool,
) -> CohortMember:
    """Put the child of a social-services case in its municipality's Skolfam cohort, with the
    team's school, and give that school its part (see policy.grant_skolfam_team)."""
    if not policy.skolfam.may_mark(by, case):
        raise PermissionDenied
    if (
        school.kind not in policy.skolfam.grants.team_school_kinds
        or school.municipality_id != case.agency.municipality_id
        or not school.is_active
    ):
        raise SkolfamError(_("Välj en skola i den egna kommunen för Skolfam-teamet."), "school")
    _check_consent(
        placement_basis=placement_basis,
        consent_basis=consent_basis,
        consent_method=consent_method,
        consented_by=consented_by,
        consented_on=consented_on,
        information_given=information_given,
    )
    already = _("%(child)s är redan med i Skolfam.") % {"child": case.child}
    if CohortMember.objects.filter(child=case.child, withdrawn_on__isnull=True).exists():
        raise SkolfamError(already)
    member = CohortMember(
        case=case,
        child=case.child,
        agency=case.agency,
        school=school,
        placement_basis=placement_basis,
        consent_basis=consent_basis,
        consent_method=consent_method,
        consented_by=consented_by.strip(),
        consented_on=consented_on,
        information_given=True,
        marked_by=by,
        next_mapping_due=timezone.localdate(),
    )
    try:
        with transaction.atomic():
            save_as(member, by)
    except IntegrityError as race:  # marked by someone else a moment ago
        raise SkolfamError(already) from race
    policy.grant_skolfam_team(member, by=by)
    return member


def _locked_current(member: CohortMember) -> CohortMember:
    """The marking re-read under a row lock, so a mapping and a withdrawal cannot cross."""
    locked = CohortMember.objects.select_for_update().select_related("agency").get(pk=member.pk)
    if locked.is_withdrawn:
        raise SkolfamError(
            _("Samtycket till Skolfam är återkallat. Barnet är inte längre med i Skolfam.")
        )
    return locked


@transaction.atomic
def record_mapping(
    member: CohortMember, *, by, mapped_on: datetime.date, bands: dict[str, str]
) -> Mapping:
    """The team's mapping: its date and a band per Skolfam area, then the next one due."""
    _require(by, policy.skolfam, policy.WORK, member)
    member = _locked_current(member)
    if mapped_on > timezone.localdate():
        raise SkolfamError(_("Kartläggningsdatumet kan inte ligga i framtiden."), "mapped_on")
    if mapped_on < member.consented_on:
        raise SkolfamError(
            _("Kartläggningen kan inte vara gjord före samtycket (%(date)s).")
            % {"date": member.consented_on},
            "mapped_on",
        )
    for area in Area.values:
        if bands.get(area) not in BANDS_OF_AREA[area].values:
            raise SkolfamError(
                _("Välj en nivå för %(area)s.") % {"area": Area(area).label.lower()}, area
            )
    if member.mappings.filter(mapped_on=mapped_on).exists():
        raise SkolfamError(
            _("Det finns redan en kartläggning från %(date)s.") % {"date": mapped_on},
            "mapped_on",
        )
    mapping = save_as(Mapping(member=member, mapped_on=mapped_on, recorded_by=by, **bands), by)
    member.next_mapping_due = next_due(member, interval_of(member.agency.municipality_id))
    save_as(member, by)
    return mapping


@transaction.atomic
def withdraw(
    member: CohortMember, *, by, withdrawn_on: datetime.date, withdrawn_by_party: str
) -> CohortMember:
    """The consent is withdrawn: the child leaves the cohort from now on. Its mappings stay
    (made under the consent, in the history and in the aggregates of their periods), no
    mapping is recorded again and the team's school loses the child at once."""
    _require(by, policy.skolfam, policy.CHANGE, member)
    member = _locked_current(member)
    if not withdrawn_by_party.strip():
        raise SkolfamError(_("Skriv vem som återkallade samtycket."), "withdrawn_by_party")
    if withdrawn_on > timezone.localdate() or withdrawn_on < member.consented_on:
        raise SkolfamError(
            _("Återkallelsen ska ha ett datum mellan samtycket (%(date)s) och i dag.")
            % {"date": member.consented_on},
            "withdrawn_on",
        )
    member.withdrawn_on = withdrawn_on
    member.withdrawn_by_party = withdrawn_by_party.strip()
    member.withdrawn_by = by
    save_as(member, by)
    policy.revoke_skolfam_team(member, by=by)
    return member
