"""The indicators as files: CSV and Excel for whoever works the figures further, and a PDF
report for a committee (nämnd). Each says which period, area and kind of agency it covers,
and states the suppression rule; a suppressed cell is a dash in every one of them, as on the page.

Only aggregates are exported, so no access-log row is written (nothing names a child). Every
text is guarded against formula injection, although all of it is ours or an administrator's
(a municipality's name): a cell a spreadsheet would read as a formula starts with an
apostrophe instead.
"""

import csv
import io
import unicodedata

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from apps.indicators import charts
from apps.indicators.selectors import Selection
from apps.indicators.tables import SUPPRESSED, Table, suppression_rule
from apps.sip.pdf import FONTS_DIR, PDF_OPTIONS, FontsOnlyFetcher, page_counter_content

# How Excel shows each unit's figures (a share is stored as a fraction, shown in per cent).
NUMBER_FORMATS = {"count": "0", "days": "0.0", "share": "0%"}

# What a spreadsheet takes for the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guarded(text: str) -> str:
    """``text`` as a cell that is never run as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def filename(selection: Selection, extension: str) -> str:
    """``indikatorer-hostterminen-2026-nykoping-school.csv``: plain ASCII, as a file name
    travels through download lists and e-mail."""
    parts = ["indikatorer"]
    if selection.period:
        parts.append(selection.period.label)
    parts.append(selection.scope.label)
    if selection.kind:
        parts.append(selection.kind)
    text = "-".join(parts).lower().replace(" ", "-")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = "".join(c for c in ascii_text if c.isalnum() or c == "-")
    return f"{slug}.{extension}"


def _facts(selection: Selection) -> list[tuple[str, str]]:
    return [
        (_("Period"), selection.period.label if selection.period else _("Inga värden ännu")),
        (_("Område"), selection.scope.label),
        (_("Typ av verksamhet"), selection.kind_label),
    ]


def _header() -> list[str]:
    return [_("Indikator"), _("Kategori"), _("Värde"), _("Enhet"), _("Antal barn")]


def _cells(table: Table, row) -> list[str]:
    return [
        str(table.indicator.title),
        row.label,
        row.text,
        table.unit_label,
        SUPPRESSED if row.children is None else str(row.children),
    ]


def csv_bytes(selection: Selection, tables: list[Table]) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark: what a Swedish Excel opens as
    columns, with å, ä and ö intact. The values are written as the page shows them (decimal
    comma, per cent)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for label, value in _facts(selection):
        writer.writerow([guarded(label), guarded(value)])
    writer.writerow([guarded(suppression_rule())])
    writer.writerow([])
    writer.writerow(_header())
    for table in tables:
        for row in table.rows:
            writer.writerow([guarded(cell) for cell in _cells(table, row)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(selection: Selection, tables: list[Table]) -> bytes:
    """A workbook: the figures on the first sheet (numbers as numbers, a share formatted as
    per cent), the definitions and the suppression rule on the second."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Indikatorer")[:31]
    bold = Font(bold=True)
    for label, value in _facts(selection):
        sheet.append([guarded(label), guarded(value)])
        sheet.cell(sheet.max_row, 1).font = bold
    sheet.append([guarded(suppression_rule())])
    sheet.append([])
    sheet.append(_header())
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for table in tables:
        for row in table.rows:
            sheet.append(
                [
                    guarded(str(table.indicator.title)),
                    guarded(row.label),
                    SUPPRESSED if row.value is None else row.value,
                    guarded(table.unit_label),
                    SUPPRESSED if row.children is None else row.children,
                ]
            )
            if row.value is not None:
                sheet.cell(sheet.max_row, 3).number_format = NUMBER_FORMATS[table.indicator.unit]
    for column, width in zip("ABCDE", (48, 30, 10, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    definitions = workbook.create_sheet(_("Definitioner")[:31])
    definitions.append([_("Indikator"), _("Definition")])
    for cell in definitions[1]:
        cell.font = bold
    for table in tables:
        definitions.append([str(table.indicator.title), str(table.indicator.definition)])
    definitions.append([])
    definitions.append([_("Undertryckta värden"), suppression_rule()])
    definitions.column_dimensions["A"].width = 48
    definitions.column_dimensions["B"].width = 100
    for row in definitions.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_pdf(selection: Selection, tables: list[Table], *, printed_by) -> bytes:
    """The committee's report as a tagged PDF (PDF/UA-1), in the project's fonts: the period,
    the area, each indicator with its definition, its chart and its table, and the rule by
    which small cells are suppressed."""
    context = {
        "selection": selection,
        "facts": _facts(selection),
        "tables": [(table, charts.bar_chart(table, id_prefix="pdf")) for table in tables],
        "suppression_rule": suppression_rule(),
        "printed_by": printed_by,
        "printed_at": timezone.localtime(),
        "language_code": translation.get_language(),
        "fonts_url": FONTS_DIR.as_uri(),
        "page_counter": page_counter_content(),
    }
    fetcher = FontsOnlyFetcher(allowed_protocols={"file"})
    font_config = FontConfiguration()
    stylesheet = CSS(
        string=render_to_string("indicators/pdf/report.css", context),
        font_config=font_config,
        url_fetcher=fetcher,
    )
    html = HTML(
        string=render_to_string("indicators/pdf/report.html", context),
        base_url=FONTS_DIR.as_uri() + "/",
        url_fetcher=fetcher,
    )
    document = html.render(font_config=font_config, stylesheets=[stylesheet], **PDF_OPTIONS)
    return document.write_pdf(**PDF_OPTIONS)
