"""Two fixtures of the indicators' tests.

``county``: a small county whose every figure of the spring term 2026 is computed by hand in
the tests of the computation. ``autumn``: stored figures, suppressed cells among them, for the
tests of the pages and the exports, which read only stored figures.

Nyköping has a school (children Alva and Bo) and a preschool (Cleo); Flen has a school (Dani,
and Ebba, whose records all fall in the autumn). Dates are those of the spring term 2026
(VT, 1 January to 30 June) unless a record is meant to fall outside it.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from apps.agencies.models import Agency, Membership
from apps.analysis.models import Analysis
from apps.cases.models import Concern
from apps.consent.models import AgencyWithdrawal, Consent
from apps.meetings.models import CoordinatorAppointment, Meeting, Participant
from apps.sip.models import FollowUp, Plan, PlanVersion
from tests.factories.agencies import AgencyFactory, MunicipalityFactory, member
from tests.factories.cases import CaseFactory
from tests.factories.indicators import FigureFactory, steering_member, suppressed
from tests.factories.wheel import AssessmentFactory, rated


def at(day: str) -> datetime.datetime:
    """Ten in the morning, Swedish time, of an ISO day."""
    moment = datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(10))
    return timezone.make_aware(moment)


class Records:
    """Writes one case's records the way the services leave them, at chosen dates."""

    def __init__(self, case, bba):
        self.case, self.bba = case, bba

    def concern(self, day, areas, source=Concern.Source.OWN_UNIT):
        return Concern.objects.create(
            case=self.case,
            reported_by=self.bba,
            reported_at=at(day),
            areas=areas,
            source=source,
            observation="Eleven verkar orolig och trött.",
            reported_name="Ett namn som aldrig får synas",
        )

    def mapping(self, day, **ratings):
        return AssessmentFactory(
            case=self.case,
            created_by=self.bba,
            assessed_on=datetime.date.fromisoformat(day),
            ratings=rated(**ratings),
        )

    def analysis(self, day):
        return Analysis.objects.create(
            case=self.case,
            has_all_information="Nej, vi behöver höra vårdnadshavarna.",
            obstacles="Eleven sover dåligt.",
            what_i_can_do="Jag bokar ett samtal.",
            what_agency_can_do="Elevhälsan kan erbjuda samtal.",
            help_needed="Stöd från socialtjänsten.",
            decision=Analysis.Decision.COLLABORATION,
            decided_by=self.bba,
            decided_at=at(day),
        )

    def meeting(self, day, status=Meeting.Status.HELD):
        return Meeting.objects.create(
            case=self.case,
            called_by=self.bba,
            called_at=at(day) - datetime.timedelta(days=10),
            starts_at=at(day),
            place="Konferensrummet",
            status=status,
        )

    def plan(self, meeting, *, wished: bool):
        participant = Participant.objects.create(
            meeting=meeting, user=self.bba, agency=self.case.agency, attended=True
        )
        CoordinatorAppointment.objects.create(
            meeting=meeting,
            case=self.case,
            child_wish="Någon jag känner." if wished else "Ingen särskild.",
            child_wished_participant=participant if wished else None,
            coordinator=participant,
            special_reason="" if wished else "Barnet hade ingen önskan.",
            appointed_by=self.bba,
            appointed_at=meeting.starts_at,
        )
        return Plan.objects.create(
            case=self.case,
            meeting=meeting,
            coordinator=self.bba,
            coordinator_agency=self.case.agency,
            created_by=self.bba,
            created_at=meeting.starts_at,
        )

    def version(self, plan, number, *, agreed=None, follow_up=None, status=None):
        return PlanVersion.objects.create(
            plan=plan,
            number=number,
            status=status or (PlanVersion.Status.AGREED if agreed else PlanVersion.Status.DRAFT),
            agreed_at=at(agreed) if agreed else None,
            agreed_by=self.bba if agreed else None,
            next_follow_up_at=at(follow_up) if follow_up else None,
            created_by=self.bba,
        )

    def follow_up(self, version, day):
        return FollowUp.objects.create(
            version=version,
            held_on=datetime.date.fromisoformat(day),
            notes="Planen följdes upp.",
            recorded_by=self.bba,
        )

    def consent(self, *, withdrawn=None):
        return Consent.objects.create(
            case=self.case,
            purposes=["meeting", "sip"],
            method=Consent.Method.WRITTEN,
            valid_from=datetime.date(2025, 12, 1),
            valid_until=datetime.date(2026, 12, 1),
            holds_until=datetime.date(2026, 12, 1),
            recorded_by=self.bba,
            withdrawn_at=at(withdrawn) if withdrawn else None,
            withdrawn_by_party="Vårdnadshavare" if withdrawn else "",
        )

    def withdraw_for(self, consent, agency, day):
        return AgencyWithdrawal.objects.create(
            consent=consent,
            agency=agency,
            withdrawn_at=at(day),
            withdrawn_by_party="Vårdnadshavare",
            recorded_by=self.bba,
        )


def _case(agency, bba, first_name):
    case = CaseFactory(child__agency=agency, child__first_name=first_name)
    return case, Records(case, bba)


@pytest.fixture
def county(db):
    nykoping = MunicipalityFactory(name="Nyköping", code="0480")
    flen = MunicipalityFactory(name="Flen", code="0482")
    school = AgencyFactory(name="Ekbackens skola", municipality=nykoping)
    preschool = AgencyFactory(
        name="Förskolan Solen", municipality=nykoping, kind=Agency.Kind.PRESCHOOL
    )
    flen_school = AgencyFactory(
        name="Stenhammarskolan", municipality=flen, principal_name="Flens kommun"
    )
    school_bba = member(school, Membership.Role.BBA)
    preschool_bba = member(preschool, Membership.Role.BBA)
    flen_bba = member(flen_school, Membership.Role.BBA)

    alva, a = _case(school, school_bba, "Alva")
    a.concern("2026-02-02", ["safety", "home"])
    a.concern("2026-03-01", ["home"], Concern.Source.GUARDIAN)
    a.mapping("2026-02-12", safety="serious_concern", home="some_concern")
    a.mapping(
        "2026-05-12",
        safety="some_concern",
        home="some_concern",
        health="serious_concern",
        learning="not_known",
    )
    a.analysis("2026-02-22")
    meeting = a.meeting("2026-03-04")
    plan = a.plan(meeting, wished=True)
    version = a.version(plan, 1, agreed="2026-03-04", follow_up="2026-04-15")
    a.follow_up(version, "2026-04-14")

    bo, b = _case(school, school_bba, "Bo")
    b.concern("2026-01-10", ["learning"], Concern.Source.CHILD)
    b.mapping("2026-01-15")
    b.analysis("2026-01-25")
    b.meeting("2026-01-20", status=Meeting.Status.CANCELLED)
    plan = b.plan(b.meeting("2026-02-09"), wished=False)
    b.version(plan, 1)
    b.meeting("2026-06-20", status=Meeting.Status.PLANNED)

    cleo, c = _case(preschool, preschool_bba, "Cleo")
    c.concern("2025-12-20", ["health"])
    c.concern("2026-01-05", ["health"], Concern.Source.OTHER_AGENCY)
    c.mapping("2026-01-19", health="some_concern")
    c.mapping("2026-07-10", health="works_well")
    plan = c.plan(c.meeting("2026-01-30"), wished=True)
    c.version(
        plan,
        1,
        agreed="2026-01-30",
        follow_up="2026-02-01",
        status=PlanVersion.Status.SUPERSEDED,
    )
    version = c.version(plan, 2, agreed="2026-02-03", follow_up="2026-05-01")
    c.follow_up(version, "2026-05-05")
    c.consent(withdrawn="2026-03-03")

    dani, d = _case(flen_school, flen_bba, "Dani")
    d.concern("2026-04-01", ["safety"])
    d.mapping("2026-03-25")
    d.mapping("2026-06-01", safety="serious_concern")
    plan = d.plan(d.meeting("2025-12-01"), wished=True)
    d.version(plan, 1, agreed="2025-12-01", follow_up="2026-06-10")
    d.withdraw_for(d.consent(), flen_school, "2026-05-05")

    ebba, e = _case(flen_school, flen_bba, "Ebba")
    e.concern("2026-08-01", ["care"])
    e.consent(withdrawn="2026-08-10")

    return SimpleNamespace(
        nykoping=nykoping,
        flen=flen,
        school=school,
        preschool=preschool,
        flen_school=flen_school,
        cases=[alva, bo, cleo, dani, ebba],
        school_bba=school_bba,
    )


@pytest.fixture
def nykoping(school):
    return school.municipality


@pytest.fixture
def flen(db):
    return MunicipalityFactory(name="Flen", code="0482")


@pytest.fixture
def county_group(db):
    """A member of the county's steering group (länsstyrgruppen)."""
    return steering_member(None, full_name="Lars Länsstyrgrupp")


@pytest.fixture
def autumn(nykoping, flen):
    """Figures of the autumn term 2026: Nyköping's, with a suppressed cell and the cell
    suppressed with it; Flen's and the county's, each with a value nobody else has."""
    FigureFactory(municipality=nykoping, category="health", value=12, children=12)
    FigureFactory(municipality=nykoping, category="home", value=9, children=9)
    suppressed(municipality=nykoping, category="safety")
    suppressed(municipality=nykoping, category="learning")
    FigureFactory(
        municipality=nykoping,
        indicator="days_to_mapping",
        category="median",
        value=14.5,
        children=23,
    )
    FigureFactory(
        municipality=nykoping, indicator="days_to_mapping", category="p90", value=41, children=23
    )
    FigureFactory(
        municipality=nykoping, indicator="agreed_sip_share", category="", value=0.625, children=16
    )
    FigureFactory(municipality=flen, category="health", value=777, children=777)
    FigureFactory(municipality=None, category="health", value=4242, children=4242)
