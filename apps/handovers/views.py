"""The handover pages. Access comes from the selectors (404 when denied), rules from services.
Every page that names the child logs the read; the receiver's reads of the summary are logged
against the sending case, whose child they are."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.agencies import policy
from apps.agencies.selectors import acting_agency_or_404
from apps.audit.services import log_access, log_list_access, paginate
from apps.handovers import forms, selectors, services
from apps.handovers.models import Handover
from apps.wheel import services as wheel_services
from apps.wheel.forms import MappingForm


def handover_create(request, case_pk):
    case = selectors.case_for_handing_over(request.user, case_pk)
    form = forms.HandoverForm(
        request.POST or None,
        agencies=selectors.receiving_agencies(case),
        parts=selectors.readable_parts(request.user, case),
    )
    may_view_case = policy.cases.may(request.user, policy.VIEW, case)
    consent_lacking = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            handover = services.send_handover(
                case,
                by=request.user,
                to_agency=data["to_agency"],
                message=data["message"],
                parts=data["parts"],
            )
        except services.ConsentLacking as error:
            consent_lacking = True
            for reason in error.reasons:
                form.add_error(None, reason)
        except services.HandoverError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Ärendet är skickat till %(agency)s för överlämning.")
                % {"agency": handover.to_agency},
            )
            return (
                redirect("cases:case_detail", pk=case.pk) if may_view_case else redirect(handover)
            )
    log_access(request, case, case=case)
    context = {
        "case": case,
        "form": form,
        "consent_lacking": consent_lacking,
        "plan": selectors.open_plan(case),
        "may_view_case": may_view_case,
    }
    return render(request, "handovers/handover_form.html", context)


def _accept_form(request, handover, may_decide: bool):
    """The acceptance form, asking about the coordinator when the child has an open SIP."""
    plan = selectors.open_plan(handover.case) if may_decide else None
    people = selectors.receiving_people(handover.to_agency) if plan else []
    data = request.POST if request.method == "POST" else None
    return forms.AcceptForm(data, plan=plan, people=people)


def handover_detail(request, pk):
    """The sender reads it through their case, the receiver through the share: both see only
    what was sent, the frozen summary, and who the child is."""
    handover = selectors.handover_for_viewing(request.user, pk)
    return _render_detail(request, handover)


def _render_detail(request, handover, accept_form=None):
    log_access(request, handover, case=handover.case)
    user, receiving_case = request.user, handover.receiving_case
    may_decide = handover.is_open and policy.handovers.may(user, policy.DECIDE, handover)
    may_view_receiving_case = receiving_case is not None and policy.cases.may(
        user, policy.VIEW, receiving_case
    )
    context = {
        "handover": handover,
        "child": handover.case.child,
        "summary": selectors.readable_summary(handover),
        "parts": selectors.part_labels(handover),
        "may_view_sending_case": policy.cases.may(user, policy.VIEW, handover.case),
        "may_view_receiving_case": may_view_receiving_case,
        "may_continue_mapping": may_view_receiving_case
        and "wheel" in handover.summary
        and policy.cases.may(user, policy.WORK, receiving_case),
        "may_decide": may_decide,
        "may_withdraw": handover.is_open and policy.handovers.may(user, policy.CHANGE, handover),
        "decline_form": forms.DeclineForm(),
        # As ``form``, the page's title says when it was refused (see base.html).
        "form": accept_form or _accept_form(request, handover, may_decide),
    }
    return render(request, "handovers/handover_detail.html", context)


def incoming(request):
    agency = acting_agency_or_404(request)
    form = forms.IncomingFilterForm(request.GET or None)
    status = (form.is_valid() and form.cleaned_data["status"]) or Handover.Status.SENT
    handovers = paginate(request, selectors.incoming(request.user, agency, status))
    log_list_access(request, handovers, case=lambda handover: handover.case)
    return render(
        request,
        "handovers/incoming.html",
        {"agency": agency, "form": form, "status": status, "handovers": handovers},
    )


def decline(request, pk):
    handover = selectors.handover_for_deciding(request.user, pk)
    form = forms.DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_handover(handover, by=request.user, reason=form.cleaned_data["reason"])
        except services.HandoverError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Överlämningen är avböjd. Avsändaren har fått besked."))
            return redirect("handovers:incoming")
    log_access(request, handover, case=handover.case)
    return render(request, "handovers/decline.html", {"handover": handover, "form": form})


@require_POST
def accept(request, pk):
    """Accept; for a child with an open SIP the form's answers about the coordinator go with
    it. A refused answer shows the page again with what was typed, and nothing changed."""
    handover = selectors.handover_for_deciding(request.user, pk)
    if not handover.is_open:
        messages.error(request, services.answered_message(handover))
        return redirect(handover)
    form = _accept_form(request, handover, may_decide=True)
    if not form.is_valid():
        return _render_detail(request, handover, form)
    choice = form.choice()
    try:
        handover = services.accept_handover(
            handover,
            by=request.user,
            coordinator=services.CoordinatorChoice(**choice) if choice else None,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_detail(request, handover, form)
    except services.HandoverError as error:
        if form.plan is None:
            messages.error(request, str(error))
            return redirect(handover)
        form.add_error(None, str(error))
        return _render_detail(request, handover, form)
    messages.success(
        request,
        _("Överlämningen är mottagen. Barnet har nu ett ärende hos %(agency)s.")
        % {"agency": handover.to_agency},
    )
    return redirect("cases:case_detail", pk=handover.receiving_case_id)


@require_POST
def withdraw(request, pk):
    handover = selectors.handover_for_withdrawing(request.user, pk)
    try:
        services.withdraw_handover(handover, by=request.user)
    except services.HandoverError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Överlämningen är återkallad. Mottagaren kan inte längre se den.")
        )
    if policy.cases.may(request.user, policy.VIEW, handover.case):
        return redirect("cases:case_detail", pk=handover.case_id)
    return redirect(handover)


def continue_mapping(request, pk):
    """The receiving case's first mapping, started from the handed-over wheel: the areas'
    ratings and notes are filled in, the receiving unit checks them and adds the child's own
    view as they hear it now."""
    handover, case = selectors.accepted_for_mapping(request.user, pk)
    form = MappingForm(request.POST or None, start_from=selectors.mapping_start(handover))
    if request.method == "POST" and form.is_valid():
        try:
            assessment = wheel_services.create_assessment(
                case, by=request.user, **form.cleaned_data
            )
        except wheel_services.CaseClosed as exc:
            form.refuse(str(exc))
        else:
            messages.success(request, _("Kartläggningen är sparad."))
            return redirect(assessment)
    if request.method == "GET":
        log_access(request, handover, case=handover.case)
        log_access(request, case, case=case)
    context = {"case": case, "form": form, "handover": handover}
    return render(request, "handovers/continue_mapping.html", context)
