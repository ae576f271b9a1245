"""Bar charts of the indicators, drawn on the server as SVG: no script, the same picture on
the page and in the committee's PDF.

Accessible as an image with a name and a description (``role="img"``, ``<title>``, ``<desc>``,
referenced by ``aria-labelledby``); every bar carries its category and its value as text, so no
meaning rests on colour, and the dark bar and text on white pass WCAG's contrast for text
(7:1) and for graphics (3:1). A suppressed cell has no bar and a dash for its value. The table next to
every chart holds the same figures.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
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
    """One horizontal bar per row of ``table``, labelled on the left, its value on the right.
    Built as text with every label and value escaped: a page draws ten of these, and a
    ``format_html`` a row costs more than the rest of the chart."""
    scale = _scale(table)
    chart_id = f"{id_prefix}-{table.slug}"
    height = ROW_HEIGHT * len(table.rows) + 8
    rows = []
    for index, row in enumerate(table.rows):
        top = 4 + index * ROW_HEIGHT
        middle = top + ROW_HEIGHT / 2
        length = 0 if row.value is None else round(BAR_SPACE * min(row.value / scale, 1.0), 1)
        value = SUPPRESSED if row.suppressed else row.text
        rows.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(row.label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{top + (ROW_HEIGHT - BAR_HEIGHT) / 2}" width="{length}" '
            f'height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"></rect>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{middle}" '
            f'dominant-baseline="middle">{escape(value)}</text>'
        )
    # Every text in it is escaped, above and here.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">'
        f'<title id="{chart_id}-title">{escape(table.indicator.title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description(table))}</desc>'
        f'<line x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"></line>{"".join(rows)}</svg>'
    )
