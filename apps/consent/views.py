"""The consent pages: record a consent, read it (with what was shared under it), withdraw it.
Access comes from the selectors (404 when denied), rules from rules.py, writes from
services.py and sharing.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import log_access
from apps.consent import selectors, services, sharing
from apps.consent.forms import RecordConsentForm, WithdrawForm


def consent_create(request, case_pk):
    case = selectors.case_for_recording(request.user, case_pk)
    if case.is_closed:
        messages.error(request, _("Ärendet är avslutat. Samtycke kan inte antecknas i det."))
        return redirect("cases:case_detail", pk=case.pk)
    guardians = selectors.guardians_to_ask(case)
    form = None
    if guardians:
        form = RecordConsentForm(
            request.POST or None,
            case=case,
            guardians=guardians,
            agencies=selectors.agencies_to_name(case),
            suggested=selectors.agencies_the_analysis_named(case),
        )
        if request.method == "POST" and form.is_valid():
            try:
                consent = services.record_consent(case, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.refuse(error)
            else:
                _tell_status(request, selectors.status_of(consent))
                return redirect("consent:consent_detail", pk=consent.pk)
    # The page names the child and the guardians, so every rendering is a read of child data.
    log_access(request, case, case=case)
    return render(
        request,
        "consent/consent_form.html",
        {"case": case, "child": case.child, "form": form},
    )


def _tell_status(request, status: selectors.ConsentStatus) -> None:
    if status.is_active:
        messages.success(
            request,
            _("Samtycket är antecknat och gäller till och med %(date)s.")
            % {"date": status.consent.valid_until},
        )
    else:
        messages.warning(
            request,
            _("Samtycket är antecknat men gäller INTE, så inget kan delas under det: %(reasons)s")
            % {"reasons": " ".join(status.reasons)},
        )


def consent_detail(request, pk):
    consent = selectors.consent_for_viewing(request.user, pk)
    log_access(request, consent, case=consent.case)
    return render(
        request,
        "consent/consent_detail.html",
        {
            "consent": consent,
            "case": consent.case,
            "status": selectors.status_of(consent),
            "access": selectors.agency_access(consent),
            "may_withdraw": selectors.may_withdraw(request.user, consent),
        },
    )


def consent_withdraw(request, pk):
    """Three steps, none needing JavaScript: the form (nothing ticked), then a confirmation
    that lists exactly who loses what and what stays (posted back with the choices as hidden
    fields), and only the confirmed POST withdraws."""
    consent = selectors.consent_for_withdrawing(request.user, pk)
    if consent.withdrawn_at:
        messages.error(
            request,
            _("Samtycket återkallades redan %(date)s och kan inte återkallas igen.")
            % {"date": timezone.localtime(consent.withdrawn_at).date()},
        )
        return redirect("consent:consent_detail", pk=consent.pk)
    form = WithdrawForm(request.POST or None, covered=selectors.covered_agencies(consent))
    confirmed = request.POST.get("step") == "confirm"
    if request.method == "POST" and form.is_valid() and "change" not in request.POST:
        agencies = form.cleaned_data["agencies"]
        try:
            effect = selectors.withdrawal_effect(consent, agencies)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if confirmed:
                return _withdraw(request, consent, form, agencies)
            log_access(request, consent, case=consent.case)
            return render(
                request,
                "consent/consent_withdraw_confirm.html",
                {"consent": consent, "case": consent.case, "form": form, "effect": effect},
            )
    log_access(request, consent, case=consent.case)
    return render(
        request,
        "consent/consent_withdraw.html",
        {
            "consent": consent,
            "case": consent.case,
            "form": form,
            "suggestions": selectors.withdrawal_suggestions(consent),
        },
    )


def _withdraw(request, consent, form, agencies):
    consent = sharing.withdraw_consent(
        consent,
        by=request.user,
        withdrawn_by_party=form.cleaned_data["withdrawn_by_party"],
        agencies=agencies,
    )
    if consent.withdrawn_at:
        message = _(
            "Samtycket är återkallat. Alla andra verksamheter har förlorat åtkomsten till "
            "det som delades under det."
        )
    else:
        message = _(
            "Samtycket är återkallat för %(agencies)s, som har förlorat åtkomsten till det "
            "som delades med dem. För övriga verksamheter gäller det fortfarande."
        ) % {"agencies": ", ".join(a.name for a in agencies)}
    messages.success(request, message)
    return redirect("consent:consent_detail", pk=consent.pk)
