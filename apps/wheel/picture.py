"""The geometry and styling of the wheel picture, kept apart from templates so it can be tested
as plain Python.

The picture is drawn on the server as inline SVG (no JavaScript, no external files). Colour is
never the only carrier of a rating: every segment also has a pattern (except "Fungerar bra",
which is the plain one) and the rating written out in words. Coordinates are returned as
preformatted strings, because templates would localise floats ("12,5" in Swedish), which SVG
cannot read.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from apps.wheel.models import AreaRating, Rating

WIDTH = 400
HEIGHT = 470  # the wheel, and the legend below it
CENTER = 200
OUTER_RADIUS = 190
INNER_RADIUS = 62
LABEL_RADIUS = 128

# Light fills, so dark text stays readable (WCAG AA) on every one of them.
STYLES: dict[str, tuple[str, str]] = {
    Rating.WORKS_WELL: ("#cfe8d4", ""),
    Rating.SOME_CONCERN: ("#ffd98a", "stripes"),
    Rating.SERIOUS_CONCERN: ("#f4a49c", "crosshatch"),
    Rating.NOT_KNOWN: ("#e4e7eb", "dots"),
}


@dataclass(frozen=True)
class Segment:
    area_label: str
    rating_label: str
    path: str
    label_x: str
    label_y: str
    fill: str
    pattern: str


@dataclass(frozen=True)
class LegendItem:
    label: str
    fill: str
    pattern: str
    x: str
    y: str
    text_x: str
    text_y: str


@dataclass(frozen=True)
class Wheel:
    id: str
    segments: list[Segment]
    legend: list[LegendItem]
    width: int = WIDTH
    height: int = HEIGHT
    center: int = CENTER
    inner_radius: int = INNER_RADIUS


def _number(value: float) -> str:
    return f"{value:.2f}"


def _point(angle: float, radius: float) -> str:
    radians = math.radians(angle)
    x = CENTER + radius * math.cos(radians)
    y = CENTER + radius * math.sin(radians)
    return f"{_number(x)} {_number(y)}"


def sector_path(index: int, count: int) -> str:
    """The ring sector of segment ``index`` of ``count``; the first is centred at the top and
    the rest follow clockwise."""
    step = 360 / count
    start = -90 - step / 2 + index * step
    end = start + step
    return (
        f"M {_point(start, OUTER_RADIUS)} "
        f"A {OUTER_RADIUS} {OUTER_RADIUS} 0 0 1 {_point(end, OUTER_RADIUS)} "
        f"L {_point(end, INNER_RADIUS)} "
        f"A {INNER_RADIUS} {INNER_RADIUS} 0 0 0 {_point(start, INNER_RADIUS)} Z"
    )


def label_position(index: int, count: int) -> tuple[str, str]:
    """Where the area name and rating are written: the middle of the segment."""
    angle = math.radians(-90 + index * 360 / count)
    return (
        _number(CENTER + LABEL_RADIUS * math.cos(angle)),
        _number(CENTER + LABEL_RADIUS * math.sin(angle)),
    )


def _legend() -> list[LegendItem]:
    items = []
    for index, rating in enumerate(Rating):
        fill, pattern = STYLES[rating]
        x, y = 40 + (index % 2) * 190, 2 * CENTER + 15 + (index // 2) * 28
        items.append(
            LegendItem(rating.label, fill, pattern, str(x), str(y), str(x + 28), str(y + 15))
        )
    return items


def wheel(ratings: Sequence[AreaRating], *, dom_id: str) -> Wheel:
    """The picture of one assessment; ``ratings`` in the wheel's order, ``dom_id`` unique on the
    page (it prefixes the ids of the title, description and patterns)."""
    segments = []
    for index, rating in enumerate(ratings):
        fill, pattern = STYLES[rating.rating]
        x, y = label_position(index, len(ratings))
        segments.append(
            Segment(
                area_label=rating.get_area_display(),
                rating_label=rating.get_rating_display(),
                path=sector_path(index, len(ratings)),
                label_x=x,
                label_y=y,
                fill=fill,
                pattern=pattern,
            )
        )
    return Wheel(id=dom_id, segments=segments, legend=_legend())
