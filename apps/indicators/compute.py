"""Computing the figures of the indicators from the records, for several periods at once.

Each indicator is a function registered under its key in ``COMPUTERS`` (see ``indicator``).
It asks the database once for the facts of all the periods, already reduced to one row per
case (or per concern, plan, follow-up, withdrawal) with the child, the owning agency's
municipality and kind and the day that places the row in a period: the first and latest rows
of a case are found by correlated subqueries or GROUP BY, the filtering by the periods' span
and the ``DISTINCT`` in the database. What is left — a few rows per child — is rolled up here
into each period and the four scopes (the municipality and kind, the municipality, the county
and kind, the county), counting distinct children (a child's cases all belong to its own
agency, so it counts in one municipality and kind): one pass gives every period and scope
exactly, and neither a percentile nor a JSON list of areas can be grouped by the same ORM
query on both SQLite and PostgreSQL.

Adding an indicator (the Skolfam cohort, for one): put its ``Indicator`` in
``definitions.INDICATORS`` and register a function taking the list of ``Period`` and
returning its ``Cell``s with ``@indicator("its_key")``, built with the helpers
``count_cells``, ``days_cells`` or ``share_cells`` from ``(period, Fact, ...)`` rows (see
``Span`` for placing a day in the periods). Suppression and storage need nothing more. An
indicator over another app's records (``apps.skolfam``) is written here too, with that app
added to the indicators' imports in tests/test_architecture.py: the indicators read the
child-data apps, never the other way round.

Medians and 90th percentiles are linearly interpolated between the two nearest values (as
PostgreSQL's ``percentile_cont`` and a spreadsheet's PERCENTILE do). Days are whole calendar
days in Swedish time.
"""

import datetime
import logging
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Case as DbCase
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from apps.agencies.models import Agency, Municipality
from apps.analysis.models import Analysis
from apps.cases.models import Case, Concern
from apps.cases.wheel_areas import WheelArea
from apps.consent.models import AgencyWithdrawal, Consent
from apps.handovers.models import Handover
from apps.indicators import suppression
from apps.indicators.definitions import (
    DAY_STATISTICS,
    INDICATORS_BY_KEY,
    movement_category,
)
from apps.indicators.models import Figure, PeriodKind
from apps.meetings.models import Meeting
from apps.sip.models import FollowUp, Plan, PlanVersion
from apps.skolfam import indicators as skolfam
from apps.wheel.models import SEVERITY, AreaRating, Assessment

logger = logging.getLogger(__name__)

# The scope of a row, by the case's owning agency.
CHILD = "child_id"
MUNICIPALITY = "agency__municipality_id"
KIND = "agency__kind"


class Period(NamedTuple):
    """A term or a calendar year (a tuple: it keys every cell, so is hashed often)."""

    kind: str
    start: datetime.date
    # The last day, included.
    end: datetime.date

    @property
    def first_moment(self) -> datetime.datetime:
        return _midnight(self.start)

    @property
    def after_last_moment(self) -> datetime.datetime:
        return _midnight(self.end + datetime.timedelta(days=1))

    @property
    def whole_year(self) -> "Period":
        return year(self.start)

    def holds(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def moments(self, field: str) -> Q:
        """The rows whose datetime ``field`` falls in the period, in Swedish time."""
        return Q(**{f"{field}__gte": self.first_moment, f"{field}__lt": self.after_last_moment})

    def days(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def term(day: datetime.date) -> Period:
    """The spring term (VT, January to June) or autumn term (HT, July to December) of a day."""
    if day.month <= 6:
        return Period(
            PeriodKind.TERM, datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
        )
    return Period(PeriodKind.TERM, datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31))


def year(day: datetime.date) -> Period:
    return Period(PeriodKind.YEAR, datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))


def default_periods(today: datetime.date | None = None) -> list[Period]:
    """The current and previous term and year: what has changed since the last night's run
    (a record may be backdated into the previous period; older periods stay as computed)."""
    today = today or timezone.localdate()
    current_term = term(today)
    return [
        current_term,
        term(current_term.start - datetime.timedelta(days=1)),
        year(today),
        year(datetime.date(today.year - 1, 1, 1)),
    ]


def with_whole_years(periods: list[Period], today: datetime.date | None = None) -> list[Period]:
    """The years of the periods with both their terms: a year is suppressed together with its
    terms (see ``suppression``), so they are always computed together. A term that has not
    begun has nothing to count and is left out."""
    today = today or timezone.localdate()
    years = sorted({period.whole_year for period in periods})
    return [
        period
        for whole in years
        for period in (whole, term(whole.start), term(whole.start.replace(month=7)))
        if period.start <= today
    ]


@dataclass
class Cell:
    """One figure before it is stored; see ``suppression`` for ``group`` and ``link``."""

    municipality_id: int | None
    agency_kind: str
    indicator: str
    category: str
    children: int
    value: float
    # For shares: how many counted as yes and as no (suppressed when either is too few).
    hits: int | None = None
    misses: int | None = None
    # The category group whose total is the indicator's "" cell (None: not part of one).
    group: str | None = None
    # Cells with the same link hide together (the median and 90th percentile of one set).
    link: str | None = None
    suppressed: bool = False
    # The period the cell counts (None only in tests of suppression alone).
    period: Period | None = None

    @property
    def key(self) -> tuple:
        return (self.period, self.municipality_id, self.agency_kind, self.indicator, self.category)


class Fact(NamedTuple):
    """One row of what an indicator counts: a child of a municipality and agency kind (a
    tuple: hashed in C, and hashed often)."""

    child: int
    municipality: int
    kind: str


def scopes(fact: Fact) -> tuple:
    """The four (municipality, kind) cells a fact counts in: None is the county, "" every kind."""
    return (
        (fact.municipality, fact.kind),
        (fact.municipality, ""),
        (None, fact.kind),
        (None, ""),
    )


class Span:
    """The days from the first period's start to the last one's end: what one query fetches
    for every period, each row then placed in the periods that hold its day."""

    def __init__(self, periods: list[Period]):
        self.periods = periods
        self.whole = Period("", min(p.start for p in periods), max(p.end for p in periods))

    def moments(self, field: str) -> Q:
        return self.whole.moments(field)

    def days(self, field: str) -> Q:
        return self.whole.days(field)

    def of(self, day: datetime.date) -> list[Period]:
        return [period for period in self.periods if period.holds(day)]

    def of_moment(self, moment: datetime.datetime) -> list[Period]:
        return self.of(timezone.localtime(moment).date())


COMPUTERS: dict[str, Callable[[list[Period]], list[Cell]]] = {}


def indicator(key: str):
    """Register the function computing the indicator ``key`` of ``definitions.INDICATORS``."""
    if key not in INDICATORS_BY_KEY:
        raise ValueError(f"{key} is not an indicator of apps.indicators.definitions")

    def register(function):
        COMPUTERS[key] = function
        return function

    return register


def count_cells(
    key: str, rows: Iterable[tuple[Period, Fact, str]], *, categories_add_up: bool = True
) -> list[Cell]:
    """Distinct children per category, and in the "" total every child with any row.

    A child's cases all belong to the child's agency (``cases.services.open_case``), so a
    child counts in one municipality and kind and the wider scopes are sums of the narrowest.

    ``categories_add_up``: the categories are set against the total when suppressing. A child
    in several categories makes their sum exceed the total; hiding by the rule is then
    cautious rather than exact, which is the side to err on."""
    distinct = set(rows)
    distinct |= {(period, fact, "") for period, fact, _category in distinct}
    narrowest = Counter(
        (period, fact.municipality, fact.kind, category) for period, fact, category in distinct
    )
    per_cell = Counter()
    for (period, municipality, kind, category), children in narrowest.items():
        for scope in scopes(Fact(0, municipality, kind)):
            per_cell[(period, *scope, category)] += children
    return [
        Cell(
            municipality,
            kind,
            key,
            category,
            children=children,
            value=float(children),
            group="" if category and categories_add_up else None,
            period=period,
        )
        for (period, municipality, kind, category), children in per_cell.items()
    ]


def days_cells(key: str, rows: Iterable[tuple[Period, Fact, int]]) -> list[Cell]:
    """The median and 90th percentile of the days, and how many children they are based on."""
    per_scope = defaultdict(lambda: ([], set()))
    for period, fact, days in rows:
        for scope in scopes(fact):
            values, children = per_scope[(period, *scope)]
            values.append(days)
            children.add(fact.child)
    cells = []
    for (period, municipality, kind), (values, children) in per_scope.items():
        figures = {"median": statistics.median(values), "p90": percentile(values, 0.9)}
        cells += [
            Cell(
                municipality,
                kind,
                key,
                category,
                children=len(children),
                value=float(figures[category]),
                link="days",
                period=period,
            )
            for category in DAY_STATISTICS
        ]
    return cells


def percentile(values: list[int], fraction: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def share_cells(key: str, rows: Iterable[tuple[Period, Fact, bool]]) -> list[Cell]:
    """The share of rows that are a yes; each row is one unit of the share (a child, a plan,
    a follow-up), and ``children`` says how many children those rows are about."""
    per_scope = defaultdict(lambda: [0, 0, set()])
    for period, fact, hit in rows:
        for scope in scopes(fact):
            counts = per_scope[(period, *scope)]
            counts[0 if hit else 1] += 1
            counts[2].add(fact.child)
    return [
        Cell(
            municipality,
            kind,
            key,
            "",
            children=len(children),
            value=hits / (hits + misses),
            hits=hits,
            misses=misses,
            period=period,
        )
        for (period, municipality, kind), (hits, misses, children) in per_scope.items()
    ]


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _first(queryset, field: str, *order: str) -> Subquery:
    """The ``field`` of a case's first row of ``queryset`` in ``order``."""
    return Subquery(queryset.filter(case=OuterRef("pk")).order_by(*order).values(field)[:1])


def _first_concern() -> Subquery:
    return _first(Concern.objects.all(), "reported_at", "reported_at", "pk")


def _concern_rows(span: Span, field: str):
    """(period, fact, the concern's ``field``) of the concerns logged in the periods, one per
    child, day and value."""
    concerns = (
        Concern.objects.filter(span.moments("reported_at"))
        .annotate(day=TruncDate("reported_at"))
        .values_list(f"case__{CHILD}", f"case__{MUNICIPALITY}", f"case__{KIND}", "day", field)
        .distinct()
    )
    for child, municipality, kind, day, value in concerns:
        for period in span.of(day):
            yield period, Fact(child, municipality, kind), value


@indicator("concerns_by_area")
def concerns_by_area(periods: list[Period]) -> list[Cell]:
    areas = set(WheelArea.values)
    rows = (
        (period, fact, area)
        for period, fact, concern_areas in _concern_rows(Span(periods), "areas")
        for area in set(concern_areas or []) & areas
    )
    return count_cells("concerns_by_area", rows)


@indicator("concerns_by_source")
def concerns_by_source(periods: list[Period]) -> list[Cell]:
    return count_cells("concerns_by_source", _concern_rows(Span(periods), "source"))


def _days_from_first_concern(key: str, periods: list[Period], step: Subquery, *, is_date: bool):
    """Days from each case's first concern to its first ``step``, for the cases whose first
    step falls in the period. A step before the first concern is not counted."""
    span = Span(periods)
    cases = (
        Case.objects.annotate(step=step)
        .filter(span.days("step") if is_date else span.moments("step"))
        .annotate(first_concern=_first_concern())
        .filter(first_concern__isnull=False)
        .values_list(CHILD, MUNICIPALITY, KIND, "step", "first_concern")
    )
    rows = []
    for child, municipality, kind, step_at, first_concern in cases:
        step_on = step_at if is_date else _local_day(step_at)
        days = (step_on - _local_day(first_concern)).days
        if days >= 0:
            rows += [(period, Fact(child, municipality, kind), days) for period in span.of(step_on)]
    return days_cells(key, rows)


@indicator("days_to_mapping")
def days_to_mapping(periods: list[Period]) -> list[Cell]:
    first = _first(Assessment.objects.all(), "assessed_on", "assessed_on", "pk")
    return _days_from_first_concern("days_to_mapping", periods, first, is_date=True)


@indicator("days_to_analysis")
def days_to_analysis(periods: list[Period]) -> list[Cell]:
    first = _first(Analysis.objects.all(), "decided_at", "decided_at", "pk")
    return _days_from_first_concern("days_to_analysis", periods, first, is_date=False)


def _first_held_meeting() -> Subquery:
    held = Meeting.objects.filter(status=Meeting.Status.HELD)
    return _first(held, "starts_at", "starts_at", "pk")


@indicator("days_to_first_meeting")
def days_to_first_meeting(periods: list[Period]) -> list[Cell]:
    return _days_from_first_concern(
        "days_to_first_meeting", periods, _first_held_meeting(), is_date=False
    )


@indicator("agreed_sip_share")
def agreed_sip_share(periods: list[Period]) -> list[Cell]:
    """Per child: a yes when any of their cases that first met in the period has a plan
    version that was agreed (it may since have been replaced by a later one)."""
    span = Span(periods)
    agreed = PlanVersion.objects.filter(plan__case=OuterRef("pk"), agreed_at__isnull=False)
    cases = (
        Case.objects.annotate(first_meeting=_first_held_meeting())
        .filter(span.moments("first_meeting"))
        .annotate(agreed=Exists(agreed))
        .values_list(CHILD, MUNICIPALITY, KIND, "first_meeting", "agreed")
    )
    per_child = {}
    for child, municipality, kind, first_meeting, has_agreed in cases:
        for period in span.of_moment(first_meeting):
            place = (period, Fact(child, municipality, kind))
            per_child[place] = per_child.get(place, False) or has_agreed
    return share_cells(
        "agreed_sip_share", ((period, fact, hit) for (period, fact), hit in per_child.items())
    )


@indicator("follow_ups_on_time_share")
def follow_ups_on_time_share(periods: list[Period]) -> list[Cell]:
    """Recording a follow-up clears the version's planned day (``sip.services.
    record_follow_up``), so for a version followed up the day it was planned for is read from
    its history: the last planned day it had when its first follow-up was recorded."""
    span = Span(periods)
    first_held = FollowUp.objects.filter(version=OuterRef("pk")).order_by("recorded_at", "pk")
    planned_then = (
        PlanVersion.history.filter(
            id=OuterRef("pk"),
            next_follow_up_at__isnull=False,
            history_date__lte=OuterRef("first_recorded"),
        )
        .order_by("-history_date", "-history_id")
        .values("next_follow_up_at")[:1]
    )
    versions = (
        PlanVersion.objects.filter(agreed_at__isnull=False)
        .annotate(
            first_held=Subquery(first_held.values("held_on")[:1]),
            first_recorded=Subquery(first_held.values("recorded_at")[:1]),
        )
        .annotate(
            planned=DbCase(
                When(first_recorded__isnull=True, then=F("next_follow_up_at")),
                default=Subquery(planned_then),
            )
        )
        .filter(span.moments("planned"))
        .values_list(
            f"plan__case__{CHILD}",
            f"plan__case__{MUNICIPALITY}",
            f"plan__case__{KIND}",
            "status",
            "planned",
            "first_held",
        )
    )
    today = timezone.localdate()
    rows = []
    for child, municipality, kind, status, planned_at, held_on in versions:
        planned_on = _local_day(planned_at)
        if held_on is None and (planned_on >= today or status == PlanVersion.Status.SUPERSEDED):
            continue
        on_time = held_on is not None and held_on <= planned_on
        fact = Fact(child, municipality, kind)
        rows += [(period, fact, on_time) for period in span.of(planned_on)]
    return share_cells("follow_ups_on_time_share", rows)


@indicator("wheel_movement")
def wheel_movement(periods: list[Period]) -> list[Cell]:
    """Per child and period, the case whose latest mapping is the most recent (a child rarely
    has two such cases; counting one keeps an area's movements adding up to the total)."""
    span = Span(periods)
    mapped_twice = (
        Assessment.objects.values("case")
        .annotate(mappings=Count("pk"), latest_on=Max("assessed_on"))
        .filter(span.days("latest_on"), mappings__gte=2)
        .values("case")
    )
    mappings = defaultdict(list)
    for case_id, assessment_id, assessed_on, child, municipality, kind in (
        Assessment.objects.filter(case__in=mapped_twice)
        .values_list(
            "case_id",
            "pk",
            "assessed_on",
            f"case__{CHILD}",
            f"case__{MUNICIPALITY}",
            f"case__{KIND}",
        )
        .order_by("assessed_on", "pk")
    ):
        mappings[case_id].append((assessed_on, assessment_id, Fact(child, municipality, kind)))
    ratings = defaultdict(dict)
    for assessment_id, area, rating in AreaRating.objects.filter(
        assessment__case__in=mapped_twice
    ).values_list("assessment_id", "area", "rating"):
        ratings[assessment_id][area] = rating
    chosen = {}
    for case_mappings in mappings.values():
        (_on, first_id, fact), (latest_on, latest_id, _fact) = case_mappings[0], case_mappings[-1]
        for period in span.of(latest_on):
            place = (period, fact)
            if place not in chosen or (latest_on, latest_id) > chosen[place][:2]:
                chosen[place] = (latest_on, latest_id, first_id)
    rows = []
    for (period, fact), (_latest_on, latest_id, first_id) in chosen.items():
        rows.append((period, fact, ""))
        for area in WheelArea.values:
            movement = _movement(ratings[first_id].get(area), ratings[latest_id].get(area))
            rows.append((period, fact, movement_category(area, movement)))
    cells = count_cells("wheel_movement", rows)
    for cell in cells:
        cell.group = cell.category.partition(":")[0] or None
    return cells


def _movement(first: str | None, latest: str | None) -> str:
    if first not in SEVERITY or latest not in SEVERITY:
        return "unknown"
    change = SEVERITY[latest] - SEVERITY[first]
    return "better" if change < 0 else "worse" if change > 0 else "same"


@indicator("coordinator_child_wish_share")
def coordinator_child_wish_share(periods: list[Period]) -> list[Cell]:
    span = Span(periods)
    appointment = "meeting__coordinator_appointment__"
    plans = Plan.objects.filter(span.moments("created_at")).values_list(
        f"case__{CHILD}",
        f"case__{MUNICIPALITY}",
        f"case__{KIND}",
        "created_at",
        f"{appointment}coordinator_id",
        f"{appointment}child_wished_participant_id",
    )
    rows = [
        (period, Fact(child, municipality, kind), wished is not None and wished == coordinator)
        for child, municipality, kind, created_at, coordinator, wished in plans
        for period in span.of_moment(created_at)
    ]
    return share_cells("coordinator_child_wish_share", rows)


@indicator("consents_withdrawn")
def consents_withdrawn(periods: list[Period]) -> list[Cell]:
    """The whole consent withdrawn, or one agency's part of it."""
    span = Span(periods)
    fields = (f"case__{CHILD}", f"case__{MUNICIPALITY}", f"case__{KIND}")
    whole = Consent.objects.filter(span.moments("withdrawn_at")).values_list(
        *fields, "withdrawn_at"
    )
    part = AgencyWithdrawal.objects.filter(span.moments("withdrawn_at")).values_list(
        *(f"consent__{field}" for field in fields), "withdrawn_at"
    )
    rows = (
        (period, Fact(child, municipality, kind), "")
        for child, municipality, kind, withdrawn_at in [*whole, *part]
        for period in span.of_moment(withdrawn_at)
    )
    return count_cells("consents_withdrawn", rows)


def _handover_rows(span: Span):
    """(period, fact, status) of the handovers sent in the periods, placed by the sending
    unit's municipality and kind (the case's own agency, which sends it)."""
    handovers = Handover.objects.filter(span.moments("sent_at")).values_list(
        f"case__{CHILD}", "from_agency__municipality_id", "from_agency__kind", "sent_at", "status"
    )
    for child, municipality, kind, sent_at, status in handovers:
        for period in span.of_moment(sent_at):
            yield period, Fact(child, municipality, kind), status


@indicator("handovers")
def handovers(periods: list[Period]) -> list[Cell]:
    """The total is every child with a handover sent; the categories are the answers, a child
    counting once in each answer its handovers had."""
    return count_cells("handovers", _handover_rows(Span(periods)))


@indicator("handovers_accepted_share")
def handovers_accepted_share(periods: list[Period]) -> list[Cell]:
    """Each answered handover is one unit of the share: a child declined by one unit and
    accepted by the next is one of each."""
    answered = {Handover.Status.ACCEPTED, Handover.Status.DECLINED}
    rows = (
        (period, fact, status == Handover.Status.ACCEPTED)
        for period, fact, status in _handover_rows(Span(periods))
        if status in answered
    )
    return share_cells("handovers_accepted_share", rows)


@indicator("skolfam_movement")
def skolfam_movement(periods: list[Period]) -> list[Cell]:
    """The Skolfam cohort's movement per area, from ``apps.skolfam.indicators``, which counts
    each taking-part municipality's children (marked by its social services) for a period. A
    child is marked by one municipality's unit, so the county's counts are the municipalities'
    sums; the kind is that of the marking unit, social services."""
    kind = Agency.Kind.SOCIAL_SERVICES
    municipalities = sorted(skolfam.taking_part(Municipality.objects.values("pk")))
    totals = Counter()
    for period in periods:
        for municipality in municipalities:
            counts = skolfam.cohort_movement([municipality], period.start, period.end)
            compared = sum(next(iter(counts.values()), {}).values())
            if not compared:
                continue
            for scope in scopes(Fact(0, municipality, kind)):
                totals[(period, *scope, "")] += compared
                for area, movements in counts.items():
                    for movement, children in movements.items():
                        category = movement_category(area, movement)
                        totals[(period, *scope, category)] += children
    return [
        Cell(
            municipality,
            agency_kind,
            "skolfam_movement",
            category,
            children=children,
            value=float(children),
            group=category.partition(":")[0] or None,
            period=period,
        )
        for (period, municipality, agency_kind, category), children in totals.items()
        if children
    ]


def compute(periods: list[Period]) -> list[Cell]:
    """Every indicator's cells of the periods, suppressed together: a term's hidden cell
    must not be recoverable from its year's (see ``suppression``)."""
    cells = [cell for function in COMPUTERS.values() for cell in function(periods)]
    suppression.suppress(cells)
    return cells


def _lock_figures() -> None:
    """Let one refresh at a time replace figures (the nightly run and a button may meet):
    otherwise each deletes what it sees before the other commits and both sets are kept.
    Readers are not blocked. SQLite already lets one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{Figure._meta.db_table}" IN SHARE ROW EXCLUSIVE MODE')


def refresh(periods: list[Period] | None = None, *, by=None) -> int:
    """Recompute the figures of ``periods`` (by default the current and previous term and
    year), with the rest of their years (``with_whole_years``), and replace theirs in one
    transaction, so a page never shows half a period.

    ``by`` is the person who asked for it, None for the nightly run. Returns how many
    figures were stored."""
    periods = with_whole_years(periods or default_periods())
    computed_at = timezone.now()
    figures = [
        Figure(
            period_kind=cell.period.kind,
            period_start=cell.period.start,
            period_end=cell.period.end,
            municipality_id=cell.municipality_id,
            agency_kind=cell.agency_kind,
            indicator=cell.indicator,
            category=cell.category,
            children=None if cell.suppressed else cell.children,
            value=None if cell.suppressed else cell.value,
            suppressed=cell.suppressed,
            computed_at=computed_at,
        )
        for cell in compute(periods)
    ]
    with transaction.atomic():
        _lock_figures()
        for period in periods:
            Figure.objects.filter(period_kind=period.kind, period_start=period.start).delete()
        Figure.objects.bulk_create(figures, batch_size=2000)
    logger.info(
        "Indicators refreshed for %s periods (%s figures), asked by %s",
        len(periods),
        len(figures),
        getattr(by, "pk", None),
    )
    return len(figures)
