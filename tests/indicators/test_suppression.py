"""Primary and secondary suppression: no cell under five children is shown, and none can be
recovered by subtracting the shown cells from a shown total."""

import datetime

from apps.indicators import compute
from apps.indicators.compute import Cell
from apps.indicators.definitions import SUPPRESSION_THRESHOLD
from apps.indicators.models import Figure
from apps.indicators.suppression import suppress
from tests.factories.cases import CaseFactory
from tests.indicators.conftest import Records

NYK, FLEN, KATRINEHOLM = 1, 2, 3


def count(municipality, kind, children, category="", indicator="consents_withdrawn", group=None):
    return Cell(municipality, kind, indicator, category, children, float(children), group=group)


def hidden(cells) -> set:
    return {(*cell.key[1:3], cell.category) for cell in cells if cell.suppressed}


def test_the_threshold_is_five():
    assert SUPPRESSION_THRESHOLD == 5


def test_a_cell_of_fewer_than_five_children_is_hidden_and_so_is_the_next_smallest():
    # Nyköping: schools 12, preschools 3, BUP 7, total 22. With the total and the schools
    # shown, hiding the preschools alone would leave 22 - 12 - 7 = 3 in plain sight.
    cells = [
        count(NYK, "", 22),
        count(NYK, "school", 12),
        count(NYK, "preschool", 3),
        count(NYK, "bup", 7),
        count(None, "", 22),
        count(None, "school", 12),
        count(None, "preschool", 3),
        count(None, "bup", 7),
    ]
    suppress(cells)
    # The preschools are hidden (3 < 5), then BUP (the next smallest) in both the county's
    # and Nyköping's row of kinds.
    assert hidden(cells) == {
        (NYK, "preschool", ""),
        (NYK, "bup", ""),
        (None, "preschool", ""),
        (None, "bup", ""),
    }
    shown = {cell.key[1:3]: cell.children for cell in cells if not cell.suppressed}
    assert shown == {(NYK, ""): 22, (NYK, "school"): 12, (None, ""): 22, (None, "school"): 12}


def test_secondary_suppression_runs_across_municipalities_until_stable():
    # Schools: Nyköping 3 (hidden). Its row of kinds then hides its preschools (7), the
    # school column Flen's schools (6, the smallest), the preschool column Katrineholm's (7);
    # each of those leaves a row with one hidden cell, so the rest of Flen's and
    # Katrineholm's rows go too. The county's and the municipalities' totals stay.
    cells = [
        count(None, "", 40),
        count(None, "school", 18),
        count(None, "preschool", 22),
        count(NYK, "", 10),
        count(NYK, "school", 3),
        count(NYK, "preschool", 7),
        count(FLEN, "", 14),
        count(FLEN, "school", 6),
        count(FLEN, "preschool", 8),
        count(KATRINEHOLM, "", 16),
        count(KATRINEHOLM, "school", 9),
        count(KATRINEHOLM, "preschool", 7),
    ]
    suppress(cells)
    assert hidden(cells) == {
        (municipality, kind, "")
        for municipality in (NYK, FLEN, KATRINEHOLM)
        for kind in ("school", "preschool")
    }
    assert not any(cell.suppressed for cell in cells if cell.agency_kind == "")


def test_the_categories_are_set_against_the_indicators_total():
    cells = [
        count(None, "", 30, indicator="concerns_by_source"),
        count(None, "", 20, "own_unit", "concerns_by_source", group=""),
        count(None, "", 6, "guardian", "concerns_by_source", group=""),
        count(None, "", 4, "child", "concerns_by_source", group=""),
    ]
    suppress(cells)
    assert hidden(cells) == {(None, "", "child"), (None, "", "guardian")}


def test_a_term_is_not_recoverable_from_its_year():
    year = compute.year(datetime.date(2026, 1, 1))
    spring, autumn = compute.term(year.start), compute.term(datetime.date(2026, 7, 1))
    cells = []
    for period, children in ((year, 15), (spring, 3), (autumn, 12)):
        cell = count(None, "", children)
        cell.period = period
        cells.append(cell)
    suppress(cells)
    # 15 - 12 would give the spring's 3 away: the year is hidden, the autumn stays.
    assert [cell.suppressed for cell in cells] == [True, True, False]


def test_a_lone_member_hides_its_total():
    """Only one category and it is hidden by the rule for shares: nothing smaller to hide, so
    the total goes (it would repeat the hidden cell)."""
    total = count(None, "", 12, indicator="wheel_movement")
    only = count(None, "", 12, "care:same", "wheel_movement", group="care")
    only.hits, only.misses = 12, 0
    cells = [total, only]
    suppress(cells)
    assert only.suppressed and total.suppressed


def test_a_share_hides_when_too_few_say_yes_or_no():
    def share(hits, misses):
        cell = Cell(None, "", "agreed_sip_share", "", hits + misses, hits / (hits + misses))
        cell.hits, cell.misses = hits, misses
        return cell

    cells = [share(20, 0), share(4, 16), share(16, 4), share(5, 5)]
    suppress(cells[:1])
    suppress(cells[1:2])
    suppress(cells[2:3])
    suppress(cells[3:])
    assert [cell.suppressed for cell in cells] == [True, True, True, False]


def test_the_median_and_90th_percentile_hide_together():
    def days(municipality, kind, children):
        return [
            Cell(municipality, kind, "days_to_mapping", name, children, 10.0, link="days")
            for name in ("median", "p90")
        ]

    cells = days(None, "", 13) + days(None, "school", 9) + days(None, "bup", 4)
    suppress(cells)
    assert hidden(cells) == {
        (None, "bup", "median"),
        (None, "bup", "p90"),
        (None, "school", "median"),
        (None, "school", "p90"),
    }


def _children(agency, number, bba, day):
    for serial in range(number):
        case = CaseFactory(child__agency=agency, child__first_name=f"Barn{serial}")
        Records(case, bba).concern(day, ["safety"])


def test_stored_figures_cannot_be_recovered_from_a_total(county):
    """Nyköping's school has 2 + 6 children with a concern in the spring, its preschool 1 + 5,
    Flen's school 1 + 6. Every published total is the sum of its parts; with one part hidden
    it could be worked out, so a second one is hidden in every such row and column."""
    bba = county.school_bba
    _children(county.school, 6, bba, "2026-03-10")
    _children(county.preschool, 5, bba, "2026-03-10")
    _children(county.flen_school, 6, bba, "2026-03-10")
    spring = compute.term(datetime.date(2026, 3, 1))
    compute.refresh([spring])
    spring_figures = Figure.objects.filter(period_kind=spring.kind, period_start=spring.start)
    withdrawn = Figure.objects.filter(indicator="consents_withdrawn")
    assert withdrawn.count() and not withdrawn.filter(suppressed=False).exists()

    nyk, flen = county.nykoping.pk, county.flen.pk
    counted_by_hand = {
        (None, ""): 21,
        (None, "school"): 15,
        (None, "preschool"): 6,
        (nyk, ""): 14,
        (nyk, "school"): 8,
        (nyk, "preschool"): 6,
        (flen, ""): 7,
        (flen, "school"): 7,
    }
    concerns = spring_figures.filter(indicator="concerns_by_source", category="")
    assert {(f.municipality_id, f.agency_kind) for f in concerns} == set(counted_by_hand)
    for figure in concerns:
        if not figure.suppressed:
            assert figure.children == counted_by_hand[(figure.municipality_id, figure.agency_kind)]
    assert concerns.get(municipality=None, agency_kind="").children == 21

    # Cleo's health concern is the only one of its area in Nyköping's preschool: hidden,
    # without value or count. Wherever a shown total has that cell as its only hidden part,
    # a second part is hidden with it, across the kinds, the municipalities, the categories
    # and the terms of the year.
    health = spring_figures.get(
        indicator="concerns_by_area", category="health", municipality=nyk, agency_kind="preschool"
    )
    assert health.suppressed and health.value is None and health.children is None
    _assert_no_total_has_one_hidden_part(Figure.objects.all())


def _assert_no_total_has_one_hidden_part(figures):
    """Across the agency kinds, the municipalities, the categories and the terms of a year."""
    figures = list(figures)
    by_key = {
        (
            f.period_kind,
            f.period_start,
            f.municipality_id,
            f.agency_kind,
            f.indicator,
            f.category,
        ): f
        for f in figures
    }
    groups = {}
    for f in figures:
        period = (f.period_kind, f.period_start)
        if f.agency_kind:
            total = (*period, f.municipality_id, "", f.indicator, f.category)
            groups.setdefault(total, []).append(f)
        if f.municipality_id is not None:
            total = (*period, None, f.agency_kind, f.indicator, f.category)
            groups.setdefault(total, []).append(f)
        if f.category and f.indicator in ("concerns_by_area", "concerns_by_source"):
            total = (*period, f.municipality_id, f.agency_kind, f.indicator, "")
            groups.setdefault((*total, ""), []).append(f)
        if f.indicator == "wheel_movement" and f.category:
            total = (*period, f.municipality_id, f.agency_kind, f.indicator, "")
            groups.setdefault((*total, f.category.split(":")[0]), []).append(f)
        if f.period_kind == "term":
            year = ("year", f.period_start.replace(month=1))
            total = (*year, f.municipality_id, f.agency_kind, f.indicator, f.category)
            groups.setdefault(total, []).append(f)
    assert groups
    for key, parts in groups.items():
        total = by_key.get(key[:6])
        if total is not None and not total.suppressed:
            assert sum(part.suppressed for part in parts) != 1, (key, parts)


def test_the_median_of_one_period_does_not_hide_another_periods():
    spring, autumn = (
        compute.term(datetime.date(2026, 1, 1)),
        compute.term(datetime.date(2026, 7, 1)),
    )
    cells = []
    for period, children in ((spring, 12), (autumn, 3)):
        for name in ("median", "p90"):
            cell = Cell(None, "", "days_to_mapping", name, children, 10.0, link="days")
            cell.period = period
            cells.append(cell)
    suppress(cells)
    assert [cell.suppressed for cell in cells] == [False, False, True, True]
