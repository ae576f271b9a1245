"""The figures of one selection as tables, one per indicator, in the words and the order the
page, the exports and the committee report all use.

A cell's ``category`` is what the cell counts within its indicator: a wheel area
(``concerns_by_area``), a source of the concern (``concerns_by_source``), ``median`` or
``p90`` (the days), ``<area>:<better|same|worse>`` (the movement in the wheel), how a
handover was answered (``handovers``), or empty for an indicator's single figure. A category
this module does not know is shown as it is stored, after those it knows, rather than hidden.
"""

import math
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.cases.models import Concern
from apps.cases.wheel_areas import WheelArea
from apps.handovers.models import Handover
from apps.indicators.definitions import (
    INDICATORS,
    MOVEMENTS,
    SUPPRESSION_THRESHOLD,
    Indicator,
    movement_category,
)
from apps.skolfam.models import Area as SkolfamArea

SUPPRESSED = "–"

STATISTICS = {
    "median": gettext_lazy("Median"),
    "p90": gettext_lazy("90:e percentilen"),
}


def _known_categories() -> dict[str, str]:
    """Every category this module names, in the order it is shown."""
    known = {"": _("Totalt")}
    known.update({area.value: str(area.label) for area in WheelArea})
    known.update({source.value: str(source.label) for source in Concern.Source})
    known.update({status.value: str(status.label) for status in Handover.Status})
    known.update({key: str(label) for key, label in STATISTICS.items()})
    for area in [*WheelArea, *SkolfamArea]:
        for movement, label in MOVEMENTS.items():
            known[movement_category(area.value, movement)] = f"{area.label}: {label}"
    return known


def suppression_rule() -> str:
    """The rule, as every page and export states it."""
    return _(
        "– visar ett undertryckt värde: färre än %(threshold)s barn, eller en cell som annars "
        "kunde räknas fram ur en summa."
    ) % {"threshold": SUPPRESSION_THRESHOLD}


def unit_label(indicator: Indicator) -> str:
    return {
        "count": _("Antal barn"),
        "days": _("Dagar"),
        "share": _("Andel"),
    }.get(indicator.unit, "")


def format_value(indicator: Indicator, value: float | None) -> str:
    """A figure as it is read: whole children, days to one decimal, a share in per cent."""
    if value is None:
        return SUPPRESSED
    if indicator.unit == "share":
        return f"{math.floor(value * 100 + 0.5)}\u00a0%"
    if indicator.unit == "days":
        return number_format(value, 0 if float(value).is_integer() else 1)
    return number_format(value, 0)


@dataclass(frozen=True)
class Row:
    category: str
    label: str
    value: float | None
    children: int | None
    suppressed: bool
    text: str  # the value as shown


@dataclass
class Table:
    indicator: Indicator
    rows: list[Row] = field(default_factory=list)

    @property
    def any_suppressed(self) -> bool:
        return any(row.suppressed for row in self.rows)

    @property
    def shows_base(self) -> bool:
        """Whether the number of children a figure rests on is a column of its own: for a
        count it is the figure itself."""
        return self.indicator.unit != "count"

    @cached_property
    def unit_label(self) -> str:
        return unit_label(self.indicator)

    @property
    def slug(self) -> str:
        return self.indicator.key.replace("_", "-")


def build(figures) -> list[Table]:
    """One table per indicator, in the definitions' order, each row in its category's order;
    an indicator without figures has an empty table (the page says so)."""
    known = _known_categories()
    order = {category: position for position, category in enumerate(known)}
    tables = {indicator.key: Table(indicator) for indicator in INDICATORS}
    for figure in sorted(figures, key=lambda f: (order.get(f.category, len(order)), f.category)):
        table = tables.get(figure.indicator)
        if table is None:
            continue
        suppressed = figure.suppressed or figure.value is None
        table.rows.append(
            Row(
                category=figure.category,
                label=known.get(figure.category, figure.category),
                value=None if suppressed else figure.value,
                children=None if suppressed else figure.children,
                suppressed=suppressed,
                text=format_value(table.indicator, None if suppressed else figure.value),
            )
        )
    return list(tables.values())
