"""Every indicator of the spring term 2026 against the figures worked out by hand from the
fixture (tests/indicators/conftest.py), before suppression; then what refresh() stores."""

import datetime

import pytest
from django.core.management import call_command

from apps.agencies.models import Agency
from apps.handovers.models import Handover
from apps.indicators import compute, services
from apps.indicators.definitions import INDICATORS, movement_category
from apps.indicators.models import Figure, PeriodKind
from apps.sip.models import PlanVersion
from apps.wheel.models import AreaRating
from tests.factories.agencies import AgencyFactory
from tests.indicators.conftest import at

SPRING = compute.term(datetime.date(2026, 3, 1))
AUTUMN = compute.term(datetime.date(2026, 9, 1))
SCHOOL, PRESCHOOL = "school", "preschool"


def cells(key, period=SPRING):
    """{(municipality, kind, category): (children, value)} of one indicator."""
    return {
        (cell.municipality_id, cell.agency_kind, cell.category): (cell.children, cell.value)
        for cell in compute.COMPUTERS[key]([period])
    }


def test_periods_are_terms_and_calendar_years():
    assert (SPRING.kind, SPRING.start, SPRING.end) == (
        PeriodKind.TERM,
        datetime.date(2026, 1, 1),
        datetime.date(2026, 6, 30),
    )
    assert AUTUMN.start == datetime.date(2026, 7, 1) and AUTUMN.end == datetime.date(2026, 12, 31)
    assert compute.default_periods(datetime.date(2026, 2, 10)) == [
        SPRING,
        compute.term(datetime.date(2025, 12, 31)),
        compute.year(datetime.date(2026, 1, 1)),
        compute.year(datetime.date(2025, 1, 1)),
    ]
    # Each year is computed with both its terms, but not a term yet to begin.
    assert compute.with_whole_years([SPRING], datetime.date(2026, 2, 10)) == [
        compute.year(SPRING.start),
        SPRING,
    ]
    assert compute.with_whole_years(
        compute.default_periods(datetime.date(2026, 2, 10)), datetime.date(2026, 2, 10)
    ) == [
        compute.year(datetime.date(2025, 1, 1)),
        compute.term(datetime.date(2025, 1, 1)),
        compute.term(datetime.date(2025, 7, 1)),
        compute.year(SPRING.start),
        SPRING,
    ]


def test_every_indicator_is_computed():
    assert set(compute.COMPUTERS) == {indicator.key for indicator in INDICATORS}


def test_concerns_by_area_counts_each_child_once_per_area(county):
    nyk, flen = county.nykoping.pk, county.flen.pk
    assert cells("concerns_by_area") == {
        # Alva (safety, home twice), Bo (learning), Cleo (health; her December concern is
        # in the autumn term 2025), Dani (safety). Ebba's concern is in the autumn.
        (None, "", ""): (4, 4.0),
        (None, "", "safety"): (2, 2.0),
        (None, "", "home"): (1, 1.0),
        (None, "", "learning"): (1, 1.0),
        (None, "", "health"): (1, 1.0),
        (None, SCHOOL, ""): (3, 3.0),
        (None, SCHOOL, "safety"): (2, 2.0),
        (None, SCHOOL, "home"): (1, 1.0),
        (None, SCHOOL, "learning"): (1, 1.0),
        (None, PRESCHOOL, ""): (1, 1.0),
        (None, PRESCHOOL, "health"): (1, 1.0),
        (nyk, "", ""): (3, 3.0),
        (nyk, "", "safety"): (1, 1.0),
        (nyk, "", "home"): (1, 1.0),
        (nyk, "", "learning"): (1, 1.0),
        (nyk, "", "health"): (1, 1.0),
        (nyk, SCHOOL, ""): (2, 2.0),
        (nyk, SCHOOL, "safety"): (1, 1.0),
        (nyk, SCHOOL, "home"): (1, 1.0),
        (nyk, SCHOOL, "learning"): (1, 1.0),
        (nyk, PRESCHOOL, ""): (1, 1.0),
        (nyk, PRESCHOOL, "health"): (1, 1.0),
        (flen, "", ""): (1, 1.0),
        (flen, "", "safety"): (1, 1.0),
        (flen, SCHOOL, ""): (1, 1.0),
        (flen, SCHOOL, "safety"): (1, 1.0),
    }
    assert cells("concerns_by_area", AUTUMN)[(None, "", "care")] == (1, 1.0)


def test_concerns_by_source(county):
    county_wide = {
        category: figure
        for (municipality, kind, category), figure in cells("concerns_by_source").items()
        if municipality is None and kind == ""
    }
    assert county_wide == {
        "": (4, 4.0),
        "own_unit": (2, 2.0),  # Alva, Dani
        "guardian": (1, 1.0),  # Alva's second
        "child": (1, 1.0),  # Bo
        "other_agency": (1, 1.0),  # Cleo's January concern
    }


def test_days_from_the_first_concern_median_and_90th_percentile(county):
    nyk = county.nykoping.pk
    mapping = cells("days_to_mapping")
    # Alva 2 Feb → 12 Feb: 10; Bo 10 Jan → 15 Jan: 5; Cleo 20 Dec → 19 Jan: 30. Dani's first
    # mapping came before her concern and is left out.
    assert mapping[(None, "", "median")] == (3, 10.0)
    assert mapping[(None, "", "p90")] == (3, pytest.approx(26.0))  # 10 + 0.8 * 20
    assert mapping[(nyk, SCHOOL, "median")] == (2, 7.5)
    assert mapping[(nyk, SCHOOL, "p90")] == (2, pytest.approx(9.5))  # 5 + 0.9 * 5
    assert mapping[(nyk, PRESCHOOL, "median")] == (1, 30.0)
    assert (county.flen.pk, "", "median") not in mapping

    analysis = cells("days_to_analysis")
    # Alva 2 Feb → 22 Feb: 20; Bo 10 Jan → 25 Jan: 15.
    assert analysis[(None, "", "median")] == (2, 17.5)
    assert analysis[(None, "", "p90")] == (2, pytest.approx(19.5))
    assert (None, PRESCHOOL, "median") not in analysis

    meeting = cells("days_to_first_meeting")
    # The first *held* meeting: Alva 4 Mar: 30; Bo 9 Feb (the cancelled one of 20 Jan and
    # the planned one do not count): 30; Cleo 30 Jan from 20 Dec: 41.
    assert meeting[(None, "", "median")] == (3, 30.0)
    assert meeting[(None, "", "p90")] == (3, pytest.approx(38.8))  # 30 + 0.8 * 11


def test_agreed_sip_share_of_the_children_who_first_met_in_the_period(county):
    share = {cell.key[1:3]: cell for cell in compute.COMPUTERS["agreed_sip_share"]([SPRING])}
    # Alva and Cleo agreed a plan, Bo's is a draft; Dani first met in December.
    county_wide = share[(None, "")]
    assert (county_wide.children, county_wide.hits, county_wide.misses) == (3, 2, 1)
    assert county_wide.value == pytest.approx(2 / 3)
    assert share[(county.nykoping.pk, PRESCHOOL)].value == 1.0
    assert (county.flen.pk, "") not in share


def test_follow_ups_on_time(county):
    share = {
        cell.key[1:3]: cell for cell in compute.COMPUTERS["follow_ups_on_time_share"]([SPRING])
    }
    # Alva's held the day before (on time); Cleo's version 2 held four days late; Dani's,
    # planned for 10 June, never held. Cleo's version 1 was replaced before its date.
    county_wide = share[(None, "")]
    assert (county_wide.children, county_wide.hits, county_wide.misses) == (3, 1, 2)
    assert county_wide.value == pytest.approx(1 / 3)
    assert share[(county.flen.pk, SCHOOL)].value == 0.0


def test_a_follow_up_counts_on_the_day_it_was_planned_for_after_the_plan_forgets_it(county):
    """Recording a follow-up clears the version's planned day, as sip.services.
    record_follow_up does; the day it was planned for is then read from the history."""
    for version in PlanVersion.objects.filter(follow_ups__isnull=False):
        version.next_follow_up_at = None
        version.save()
    share = {
        cell.key[1:3]: cell for cell in compute.COMPUTERS["follow_ups_on_time_share"]([SPRING])
    }
    county_wide = share[(None, "")]
    assert (county_wide.children, county_wide.hits, county_wide.misses) == (3, 1, 2)


def test_wheel_movement_between_the_first_and_latest_mapping(county):
    movement = {
        category: figure
        for (municipality, kind, category), figure in cells("wheel_movement").items()
        if municipality is None and kind == ""
    }
    # Alva (safety serious → some, health well → serious, learning well → not known) and
    # Dani (safety well → serious). Cleo's latest mapping is in the autumn, Bo has one.
    expected = {"": (2, 2.0)}
    for area in ("development", "care", "home", "relationships"):
        expected[movement_category(area, "same")] = (2, 2.0)
    expected |= {
        movement_category("safety", "better"): (1, 1.0),
        movement_category("safety", "worse"): (1, 1.0),
        movement_category("health", "worse"): (1, 1.0),
        movement_category("health", "same"): (1, 1.0),
        movement_category("learning", "unknown"): (1, 1.0),
        movement_category("learning", "same"): (1, 1.0),
    }
    assert movement == expected
    autumn = cells("wheel_movement", AUTUMN)
    assert autumn[(None, "", movement_category("health", "better"))] == (1, 1.0)


def test_a_missing_rating_cannot_be_compared(county):
    AreaRating.objects.filter(assessment__case=county.cases[3], area="care").first().delete()
    movement = cells("wheel_movement")
    assert movement[(county.flen.pk, SCHOOL, movement_category("care", "unknown"))] == (1, 1.0)


def test_coordinator_the_child_wished(county):
    share = {
        cell.key[1:3]: cell for cell in compute.COMPUTERS["coordinator_child_wish_share"]([SPRING])
    }
    # Plans of the term: Alva's (wished), Bo's (no wish), Cleo's (wished). Dani's is older.
    county_wide = share[(None, "")]
    assert (county_wide.children, county_wide.hits, county_wide.misses) == (3, 2, 1)


def test_consents_withdrawn_wholly_or_for_one_agency(county):
    assert cells("consents_withdrawn") == {
        (None, "", ""): (2, 2.0),  # Cleo (whole), Dani (for her school)
        (None, SCHOOL, ""): (1, 1.0),
        (None, PRESCHOOL, ""): (1, 1.0),
        (county.nykoping.pk, "", ""): (1, 1.0),
        (county.nykoping.pk, PRESCHOOL, ""): (1, 1.0),
        (county.flen.pk, "", ""): (1, 1.0),
        (county.flen.pk, SCHOOL, ""): (1, 1.0),
    }
    assert cells("consents_withdrawn", AUTUMN)[(None, "", "")] == (1, 1.0)  # Ebba


def test_refresh_replaces_the_periods_figures_and_stores_no_child(county):
    compute.refresh([SPRING, AUTUMN])
    first = Figure.objects.count()
    compute.refresh([SPRING, AUTUMN])
    assert Figure.objects.count() == first
    # Every cell of this small county counts fewer than five children but the year's
    # children with a concern: Alva, Bo, Cleo, Dani and Ebba.
    shown = Figure.objects.filter(suppressed=False)
    assert set(shown.values_list("period_kind", "municipality", "agency_kind", "category")) == {
        (PeriodKind.YEAR, None, "", "")
    }
    assert set(shown.values_list("indicator", "children", "value")) == {
        ("concerns_by_area", 5, 5.0),
        ("concerns_by_source", 5, 5.0),
    }
    assert not Figure.objects.filter(suppressed=True, children__isnull=False).exists()
    assert not Figure.objects.filter(suppressed=True, value__isnull=False).exists()
    stored = " ".join(
        str(value)
        for row in Figure.objects.values_list(
            "municipality_id", "agency_kind", "indicator", "category", "children", "value"
        )
        for value in row
    )
    for case in county.cases:
        assert case.child.first_name not in stored
        assert case.child.personal_number not in stored
    assert "namn" not in stored and "orolig" not in stored
    assert set(Figure.objects.values_list("municipality_id", flat=True)) <= {
        None,
        county.nykoping.pk,
        county.flen.pk,
    }


def test_refresh_leaves_other_years_alone(county):
    last_year = compute.year(datetime.date(2025, 1, 1))
    compute.refresh([last_year])
    kept = set(Figure.objects.values_list("pk", flat=True))
    compute.refresh([SPRING])
    assert kept and kept <= set(Figure.objects.values_list("pk", flat=True))
    # A term is computed with its year and the year's other term.
    assert set(Figure.objects.values_list("period_kind", "period_start").distinct()) == {
        (PeriodKind.YEAR, datetime.date(2025, 1, 1)),
        (PeriodKind.TERM, datetime.date(2025, 7, 1)),  # the spring of 2025 has nothing
        (PeriodKind.YEAR, datetime.date(2026, 1, 1)),
        (PeriodKind.TERM, datetime.date(2026, 1, 1)),
        (PeriodKind.TERM, datetime.date(2026, 7, 1)),
    }


def test_request_refresh_runs_the_task(county, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_refresh(by=county.school_bba)
    # The default periods (the current and previous term and year) with whole years.
    periods = compute.with_whole_years(compute.default_periods())
    stored = set(Figure.objects.values_list("period_kind", "period_start").distinct())
    assert stored and stored <= {(period.kind, period.start) for period in periods}


def test_the_command_refreshes_the_periods_asked_for(county, capsys):
    call_command("refresh_indicators", "2026-VT")
    assert set(Figure.objects.values_list("period_kind", "period_start").distinct()) == {
        (PeriodKind.YEAR, datetime.date(2026, 1, 1)),
        (PeriodKind.TERM, datetime.date(2026, 1, 1)),
        (PeriodKind.TERM, datetime.date(2026, 7, 1)),
    }
    assert "indikatorvärden" in capsys.readouterr().out


def test_periods_computed_together_count_as_each_alone(county):
    together = [SPRING, AUTUMN, compute.year(SPRING.start)]
    for key, function in compute.COMPUTERS.items():
        at_once = {cell.key: (cell.children, cell.value, cell.hits) for cell in function(together)}
        one_by_one = {
            cell.key: (cell.children, cell.value, cell.hits)
            for period in together
            for cell in function([period])
        }
        assert at_once == one_by_one, key


@pytest.fixture
def handovers(county):
    """Spring: Alva's school hands her over (accepted); Bo's withdraws his; Cleo's preschool
    is declined by one school and accepted by the next; Dani's Flen school still waits for an
    answer. Ebba's (accepted) is sent in the autumn."""
    alva, bo, cleo, dani, ebba = county.cases
    upper_secondary = AgencyFactory(
        name="Nyköpings gymnasium", municipality=county.nykoping, kind=Agency.Kind.UPPER_SECONDARY
    )
    Status = Handover.Status
    for case, to_agency, day, status in [
        (alva, upper_secondary, "2026-05-20", Status.ACCEPTED),
        (bo, upper_secondary, "2026-03-01", Status.WITHDRAWN),
        (cleo, county.flen_school, "2026-04-10", Status.DECLINED),
        (cleo, county.school, "2026-06-01", Status.ACCEPTED),
        (dani, upper_secondary, "2026-06-10", Status.SENT),
        (ebba, upper_secondary, "2026-08-20", Status.ACCEPTED),
    ]:
        Handover.objects.create(
            case=case,
            from_agency=case.agency,
            to_agency=to_agency,
            message="Välkommen till er.",
            sent_by=county.school_bba,
            sent_at=at(day),
            status=status,
        )


def test_handovers_sent_and_how_they_were_answered(county, handovers):
    nykoping, flen = county.nykoping.pk, county.flen.pk
    assert cells("handovers") == {
        (None, "", ""): (4, 4.0),  # Alva, Bo, Cleo, Dani
        (None, SCHOOL, ""): (3, 3.0),
        (None, PRESCHOOL, ""): (1, 1.0),
        (nykoping, "", ""): (3, 3.0),
        (nykoping, SCHOOL, ""): (2, 2.0),
        (nykoping, PRESCHOOL, ""): (1, 1.0),
        (flen, "", ""): (1, 1.0),
        (flen, SCHOOL, ""): (1, 1.0),
        # Accepted: Alva and Cleo; declined: Cleo; withdrawn: Bo; waiting: Dani.
        (None, "", "accepted"): (2, 2.0),
        (None, SCHOOL, "accepted"): (1, 1.0),
        (None, PRESCHOOL, "accepted"): (1, 1.0),
        (nykoping, "", "accepted"): (2, 2.0),
        (nykoping, SCHOOL, "accepted"): (1, 1.0),
        (nykoping, PRESCHOOL, "accepted"): (1, 1.0),
        (None, "", "declined"): (1, 1.0),
        (None, PRESCHOOL, "declined"): (1, 1.0),
        (nykoping, "", "declined"): (1, 1.0),
        (nykoping, PRESCHOOL, "declined"): (1, 1.0),
        (None, "", "withdrawn"): (1, 1.0),
        (None, SCHOOL, "withdrawn"): (1, 1.0),
        (nykoping, "", "withdrawn"): (1, 1.0),
        (nykoping, SCHOOL, "withdrawn"): (1, 1.0),
        (None, "", "sent"): (1, 1.0),
        (None, SCHOOL, "sent"): (1, 1.0),
        (flen, "", "sent"): (1, 1.0),
        (flen, SCHOOL, "sent"): (1, 1.0),
    }
    assert cells("handovers", AUTUMN)[(None, "", "")] == (1, 1.0)  # Ebba


def test_share_of_answered_handovers_accepted(county, handovers):
    share = {
        cell.key[1:3]: cell for cell in compute.COMPUTERS["handovers_accepted_share"]([SPRING])
    }
    # Answered: Alva's (accepted) and Cleo's two (declined, accepted); Bo's and Dani's are not.
    county_wide = share[(None, "")]
    assert (county_wide.children, county_wide.hits, county_wide.misses) == (2, 2, 1)
    assert county_wide.value == pytest.approx(2 / 3)
    preschool = share[(county.nykoping.pk, PRESCHOOL)]
    assert (preschool.children, preschool.hits, preschool.misses) == (1, 1, 1)
    assert (county.flen.pk, "") not in share
