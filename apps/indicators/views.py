"""The steering groups' indicator page and its exports. Everything shown is an aggregate read
from the figures' own table (selectors, filtered by the access policy); someone without a
seat in a steering group gets 404 here, as a steering group does on every record page."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.indicators import charts, exports, selectors, services, tables
from apps.indicators.definitions import SUPPRESSION_THRESHOLD


def _chosen(request):
    selection = selectors.selection(request.user, request.GET)
    return selection, tables.build(selectors.figures(request.user, selection))


@require_GET
def overview(request):
    selection = selectors.selection(request.user, request.GET)
    figures = selectors.figures(request.user, selection)
    context = {
        "selection": selection,
        "tables": [(table, charts.bar_chart(table)) for table in tables.build(figures)],
        "computed_at": max((figure.computed_at for figure in figures), default=None),
        "suppression_rule": tables.suppression_rule(),
        "threshold": SUPPRESSION_THRESHOLD,
    }
    return render(request, "indicators/overview.html", context)


@require_POST
def refresh(request):
    """Recompute the figures now rather than tonight (after a correction in the records, say,
    before a committee meeting): queued for the worker, back to the same selection."""
    selection = selectors.selection(request.user, request.GET)
    services.request_refresh(by=request.user)
    messages.success(
        request,
        _("Indikatorerna räknas om nu. Det tar några minuter; ladda sedan om sidan."),
    )
    return redirect(f"{reverse('indicators:overview')}?{selection.query_string}")


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def export_csv(request):
    selection, built = _chosen(request)
    return _download(
        exports.csv_bytes(selection, built),
        "text/csv; charset=utf-8",
        exports.filename(selection, "csv"),
    )


@require_GET
def export_xlsx(request):
    selection, built = _chosen(request)
    return _download(
        exports.xlsx_bytes(selection, built),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exports.filename(selection, "xlsx"),
    )


@require_GET
def report_pdf(request):
    selection, built = _chosen(request)
    response = HttpResponse(
        exports.report_pdf(selection, built, printed_by=request.user),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="{exports.filename(selection, "pdf")}"'
    return response
