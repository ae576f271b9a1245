"""Bar charts of the indicators, drawn on the server as SVG: no script, the same picture on
the page and in the committee's PDF.

Accessible as an image with a name and a description (``role="img"``, ``<title>``, ``<desc>``,
referenced by ``aria-labelledby``); every bar carries its category and its value as text, so no
meaning rests on colour, and the dark bar and text on white pass WCAG's contrast for text
(7:1) and for graphics (3:1). A suppressed cell has no bar and a dash for its value. The table next to
every chart holds the same figures.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from apps.indicators.tables import SUPPRESSED, Table

WIDTH = 640
LABEL_WIDTH = 230
BAR_SPACE = 330  # the rest is room for the value after the longest bar
ROW_HEIGHT = 30
BAR_HEIGHT = 20
FONT_SIZE = 14
BAR_COLOUR = "#0b5a7a"
TEXT_COLOUR = "#1b1f24"
AXIS_COLOUR = "#4a5360"


def _scale(table: Table) -> float:
    """The value a full bar stands for: 100 % for a share, the largest value otherwise."""
    if table.indicator.unit == "share":
        return 1.0
    values = [row.value for row in table.rows if row.value is not None]
    return max(values, default=0) or 1.0


def description(table: Table) -> str:
    """The chart in words, for whoever does not see it."""
    values = "; ".join(f"{row.label}: {row.text}" for row in table.rows)
    return _("Stapeldiagram, %(unit)s. %(values)s.") % {
        "unit": table.unit_label.lower(),
        "values": values,
    }


def bar_chart(table: Table, *, id_prefix: str = "chart") -> SafeString:
    """One horizontal bar per row of ``table``, labelled on the left, its value on the right."""
    scale = _scale(table)
    chart_id = f"{id_prefix}-{table.slug}"
    height = ROW_HEIGHT * len(table.rows) + 8
    bars = []
    for index, row in enumerate(table.rows):
        top = 4 + index * ROW_HEIGHT
        middle = top + ROW_HEIGHT / 2
        length = 0 if row.value is None else round(BAR_SPACE * min(row.value / scale, 1.0), 1)
        bars.append(
            (
                LABEL_WIDTH - 8,
                middle,
                row.label,
                LABEL_WIDTH,
                top + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                length,
                BAR_HEIGHT,
                LABEL_WIDTH + length + 6,
                middle,
                row.text if not row.suppressed else SUPPRESSED,
            )
        )
    rows = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="' + BAR_COLOUR + '"></rect>'
        '<text x="{}" y="{}" dominant-baseline="middle">{}</text>',
        bars,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {width} {height}" '
        'width="{width}" height="{height}" font-size="{font}" fill="{text}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line x1="{axis}" y1="0" x2="{axis}" y2="{height}" stroke="{axis_colour}" '
        'stroke-width="1"></line>{rows}</svg>',
        id=chart_id,
        width=WIDTH,
        height=height,
        font=FONT_SIZE,
        text=TEXT_COLOUR,
        title=table.indicator.title,
        desc=description(table),
        axis=LABEL_WIDTH,
        axis_colour=AXIS_COLOUR,
        rows=rows,
    )
