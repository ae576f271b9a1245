"""The referral pages. Access comes from the selectors (404 when denied), rules from services."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.agencies import policy
from apps.agencies.selectors import acting_agency_or_404
from apps.audit.services import log_access, log_list_access, paginate
from apps.consent.sharing import ConsentMissing
from apps.referrals import forms, selectors, services
from apps.referrals.models import Referral


def referral_create(request, case_pk):
    case = selectors.case_for_referring(request.user, case_pk)
    form = forms.ReferralForm(request.POST or None, agencies=selectors.receiving_agencies(case))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.send_referral(
                case,
                by=request.user,
                to_agency=data["to_agency"],
                question=data["question"],
                summary=data["summary"],
            )
        except (ConsentMissing, services.ReferralError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Remissen är skickad till %(agency)s.") % {"agency": referral.to_agency},
            )
            return redirect("cases:case_detail", pk=case.pk)
    log_access(request, case, case=case)
    return render(request, "referrals/referral_form.html", {"case": case, "form": form})


def referral_detail(request, pk):
    """The sender reads it through their case, the receiver through the share; both see only
    what was sent: who the child is, the question and the summary."""
    referral = selectors.referral_for_viewing(request.user, pk)
    log_access(request, referral, case=referral.case)
    user, receiving_case = request.user, referral.receiving_case
    context = {
        "referral": referral,
        "child": referral.case.child,
        "may_view_sending_case": policy.cases.may(user, policy.VIEW, referral.case),
        "may_view_receiving_case": receiving_case is not None
        and policy.cases.may(user, policy.VIEW, receiving_case),
        "may_decide": referral.is_open and policy.referrals.may(user, policy.DECIDE, referral),
        "may_withdraw": referral.is_open and policy.referrals.may(user, policy.CHANGE, referral),
        "decline_form": forms.DeclineForm(),
    }
    return render(request, "referrals/referral_detail.html", context)


def incoming(request):
    agency = acting_agency_or_404(request)
    form = forms.IncomingFilterForm(request.GET or None)
    status = (form.is_valid() and form.cleaned_data["status"]) or Referral.Status.SENT
    referrals = paginate(request, selectors.incoming(request.user, agency, status))
    log_list_access(request, referrals, case=lambda referral: referral.case)
    return render(
        request,
        "referrals/incoming.html",
        {
            "agency": agency,
            "form": form,
            "status": status,
            "referrals": referrals,
            "page": referrals,
        },
    )


def decline(request, pk):
    referral = selectors.referral_for_deciding(request.user, pk)
    form = forms.DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_referral(referral, by=request.user, reason=form.cleaned_data["reason"])
        except services.ReferralError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Remissen är avböjd. Avsändaren har fått besked."))
            return redirect("referrals:incoming")
    log_access(request, referral, case=referral.case)
    return render(request, "referrals/decline.html", {"referral": referral, "form": form})


@require_POST
def accept(request, pk):
    referral = selectors.referral_for_deciding(request.user, pk)
    try:
        referral = services.accept_referral(referral, by=request.user)
    except services.ReferralError as error:
        messages.error(request, str(error))
        return redirect(referral)
    messages.success(
        request,
        _("Remissen är mottagen. Ett eget ärende är öppnat hos %(agency)s.")
        % {"agency": referral.to_agency},
    )
    return redirect("cases:case_detail", pk=referral.receiving_case_id)


@require_POST
def withdraw(request, pk):
    referral = selectors.referral_for_withdrawing(request.user, pk)
    try:
        services.withdraw_referral(referral, by=request.user)
    except services.ReferralError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Remissen är återkallad. Mottagaren kan inte längre se den."))
    return redirect("cases:case_detail", pk=referral.case_id)
