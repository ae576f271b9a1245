"""Pages for mapping a child with the wheel: make, read and change an assessment.

Thin: every object comes from a selector (which answers 404 for anything the user may not
see) and every write goes through a service. Each page that shows child data logs the access.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.audit.services import log_access
from apps.wheel import picture, selectors, services
from apps.wheel.forms import MappingForm


def assessment_create(request, case_pk):
    case = selectors.case_to_assess(request.user, case_pk)
    form = MappingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.create_assessment(case, by=request.user, **form.cleaned_data)
        except services.CaseClosed as exc:
            form.refuse(str(exc))
        else:
            messages.success(request, _("Kartläggningen är sparad."))
            return redirect(assessment)
    if request.method == "GET":
        log_access(request, case, case=case)
    return render(request, "wheel/assessment_form.html", {"case": case, "form": form})


def assessment_detail(request, pk):
    assessment = selectors.assessment_to_view(request.user, pk)
    log_access(request, assessment, case=assessment.case)
    ratings = selectors.ratings_in_wheel_order(assessment)
    previous = selectors.previous_assessment(request.user, assessment)
    context = {
        "assessment": assessment,
        "case": assessment.case,
        "ratings": ratings,
        "wheel": picture.wheel(ratings, dom_id=f"wheel-{assessment.pk}"),
        "previous": previous,
        "comparison": selectors.comparison(previous, assessment) if previous else [],
        "may_change": selectors.may_assess(request.user, assessment.case),
    }
    return render(request, "wheel/assessment_detail.html", context)


def assessment_edit(request, pk):
    assessment = selectors.assessment_to_change(request.user, pk)
    form = MappingForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_assessment(assessment, by=request.user, **form.cleaned_data)
        except services.ConcurrentEdit as exc:
            form.concurrent_edit(str(exc), exc.current_version)
        except services.CaseClosed as exc:
            form.refuse(str(exc))
        else:
            messages.success(request, _("Ändringarna i kartläggningen är sparade."))
            return redirect(assessment)
    if request.method == "GET":
        log_access(request, assessment, case=assessment.case)
    return render(
        request,
        "wheel/assessment_form.html",
        {"case": assessment.case, "assessment": assessment, "form": form},
    )
