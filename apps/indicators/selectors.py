"""Reads for the indicator pages and exports, already filtered by the access policy: a
steering-group seat shows the figures of its municipality, the county's group every
municipality's and the county's (policy.indicators). Nothing here reads a record of a child:
the figures are computed into their own table beforehand.

What is shown is chosen from the query string (``period``, ``omrade``, ``typ``); a value the
user may not choose, or that is not one, falls back to the default rather than failing, as
a bookmarked address outlives a period or a seat.
"""

import datetime
from dataclasses import dataclass

from django.http import Http404
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from apps.agencies import policy
from apps.agencies.models import Agency
from apps.indicators.models import Figure, PeriodKind

COUNTY = "lan"


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date

    @property
    def value(self) -> str:
        return f"{self.kind}-{self.start.isoformat()}"

    @property
    def label(self) -> str:
        year = self.start.year
        if self.kind == PeriodKind.YEAR:
            return _("År %(year)s") % {"year": year}
        if self.start.month <= 6:
            return _("Vårterminen %(year)s") % {"year": year}
        return _("Höstterminen %(year)s") % {"year": year}


@dataclass(frozen=True)
class Scope:
    value: str
    label: str
    municipality_id: int | None  # None: the county as a whole


@dataclass(frozen=True)
class Selection:
    """What the user asked to see, and what they could have asked for."""

    periods: list[Period]
    scopes: list[Scope]
    period: Period | None  # None: nothing is computed yet
    scope: Scope
    kind: str  # an Agency.Kind value, or "" for every kind

    @property
    def kind_label(self) -> str:
        return str(Agency.Kind(self.kind).label) if self.kind else _("Alla typer av verksamheter")

    @property
    def kinds(self) -> list[tuple[str, str]]:
        return [("", _("Alla typer av verksamheter")), *Agency.Kind.choices]

    @property
    def query_string(self) -> str:
        """The query string that asks for this selection again (for the export links)."""
        query = {"omrade": self.scope.value, "typ": self.kind}
        if self.period:
            query["period"] = self.period.value
        return urlencode(query)


def periods(user) -> list[Period]:
    """The periods with figures the user may see, the latest first (a term before the year
    that starts with it). Read from the cells of every kind of agency, which a computed
    period always has: a ninth of the table, along its index."""
    rows = (
        policy.indicators.visible(user, policy.VIEW)
        .filter(agency_kind="")
        .order_by("-period_start", "period_kind", "-period_end")
        .values_list("period_kind", "period_start", "period_end")
        .distinct()
    )
    return [Period(kind, start, end) for kind, start, end in rows]


def scopes(user) -> list[Scope]:
    """The county as a whole (for the county's steering group) and the municipalities whose
    figures the user sees."""
    county = [Scope(COUNTY, _("Hela länet"), None)] if policy.indicators.scopes(user).county else []
    municipalities = [
        Scope(str(m.pk), m.name, m.pk) for m in policy.indicators.municipalities(user)
    ]
    return county + municipalities


def selection(user, params) -> Selection:
    """What to show, from the query string; 404 for someone who sees no indicators."""
    if not policy.indicators.scopes(user):
        raise Http404
    all_scopes = scopes(user)
    all_periods = periods(user)
    by_value = {p.value: p for p in all_periods}
    period = by_value.get(params.get("period", ""), all_periods[0] if all_periods else None)
    scope = {s.value: s for s in all_scopes}.get(params.get("omrade", ""), all_scopes[0])
    kind = params.get("typ", "")
    if kind not in Agency.Kind.values:
        kind = ""
    return Selection(all_periods, all_scopes, period, scope, kind)


def figures(user, chosen: Selection) -> list[Figure]:
    """The figures of the chosen period, scope and kind of agency: one query, whatever
    their number."""
    if chosen.period is None:
        return []
    return list(
        policy.indicators.visible(user, policy.VIEW).filter(
            period_kind=chosen.period.kind,
            period_start=chosen.period.start,
            municipality_id=chosen.scope.municipality_id,
            agency_kind=chosen.kind,
        )
    )
