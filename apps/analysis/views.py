"""The analysis pages. Access comes from the selectors (404 when denied), rules from services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.analysis import selectors, services
from apps.analysis.forms import AnalysisForm
from apps.analysis.models import Analysis
from apps.audit.services import log_access


def analysis_create(request, case_pk):
    case = selectors.case_for_analysing(request.user, case_pk)
    form = AnalysisForm(
        request.POST or None,
        initial={"collaboration_kinds": selectors.suggested_collaboration_kinds(case)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            analysis = services.decide(case, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _success_message(analysis))
            return redirect(analysis)
    # The page shows the case's mapping, so every rendering of it is a read of child data.
    log_access(request, case, case=case)
    return render(
        request,
        "analysis/analysis_form.html",
        {
            "case": case,
            "form": form,
            "concern_areas": selectors.concern_areas(case),
            "latest_analysis": selectors.latest_analysis(case),
            "not_analysable_reason": services.not_analysable_reason(case),
        },
    )


def analysis_detail(request, pk):
    analysis = selectors.analysis_for_viewing(request.user, pk)
    log_access(request, analysis, case=analysis.case)
    return render(request, "analysis/analysis_detail.html", {"analysis": analysis})


def _success_message(analysis: Analysis) -> str:
    if analysis.decision == Analysis.Decision.CLOSE:
        return _("Analysen är sparad och ärendet är avslutat.")
    return _("Analysen är sparad. Beslut: %(decision)s.") % {
        "decision": analysis.get_decision_display()
    }
