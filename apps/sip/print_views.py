"""Printing a plan, and booking its follow-up. Access comes from print_selectors (404 when
denied), rules from booking; every print is logged as a print."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.audit.models import AccessLog
from apps.audit.services import log_access
from apps.sip import booking, print_selectors
from apps.sip.booking_forms import FollowUpBookingForm
from apps.sip.pdf import pdf_filename, render_plan_pdf
from apps.sip.services import PlanRefused


def _pdf(request, pk, *, child_friendly: bool) -> HttpResponse:
    version = print_selectors.version_for_printing(request.user, pk)
    pdf = render_plan_pdf(version, printed_by=request.user, child_friendly=child_friendly)
    log_access(request, version, case=version.plan.case, action=AccessLog.Action.PRINT)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = pdf_filename(version, child_friendly=child_friendly)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def print_plan(request, pk):
    return _pdf(request, pk, child_friendly=False)


@require_GET
def print_child_friendly(request, pk):
    return _pdf(request, pk, child_friendly=True)


def book_follow_up(request, pk):
    version = print_selectors.version_for_booking(request.user, pk)
    reason = booking.not_bookable_reason(version)
    form = FollowUpBookingForm(
        request.POST or None,
        initial={"at": version.next_follow_up_at, "place": version.next_follow_up_place},
    )
    if request.method == "POST" and reason is None and form.is_valid():
        try:
            booking.book_follow_up(version, by=request.user, **form.cleaned_data)
        except PlanRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Uppföljningen är bokad. Alla i planen får en kalenderinbjudan."),
            )
            return redirect("sip:version_detail", pk=version.pk)
    log_access(request, version, case=version.plan.case)
    return render(
        request,
        "sip/book_follow_up.html",
        {"version": version, "form": form, "not_bookable_reason": reason},
    )
