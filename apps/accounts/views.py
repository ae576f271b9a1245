from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from apps.accounts import second_factor
from apps.accounts.forms import AppCodeForm, RecoveryCodeForm


@login_not_required
@never_cache
def session_ended(request):
    """Says the session ended, and nothing else: the page is drawn for a signed-out visitor, so
    no name, agency or child is on it. Signing in again leads back to where the person was, if
    that is an address of this site."""
    where = request.GET.get("next", "")
    login = reverse("accounts:login")
    if where and url_has_allowed_host_and_scheme(
        where, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        login = f"{login}?{urlencode({'next': where})}"
    return render(request, "registration/session_ended.html", {"login_url": login})


def _next(request) -> str:
    """Where the person was going when asked for the second factor, if it is of this site."""
    where = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        where, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return where
    return reverse("home")


def _asked(request) -> bool:
    """The second-factor pages are for people the rule asks, while not yet verified (see
    apps.agencies.middleware.SecondFactorMiddleware, which decides and says so here)."""
    return getattr(request, "second_factor_required", False) and not request.user.is_verified()


def second_factor_enrol(request):
    """Setting up the authenticator app: a QR code and the key to type, then a first code."""
    if not _asked(request):
        return redirect(_next(request))
    if second_factor.has_second_factor(request.user):
        return redirect(
            f"{reverse('accounts:second_factor_verify')}?{urlencode({'next': _next(request)})}"
        )
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.confirm_enrolment(request, form.cleaned_data["code"]):
            codes = reverse("accounts:second_factor_codes")
            return redirect(f"{codes}?{urlencode({'next': _next(request)})}")
        form.add_error(
            "code",
            _(
                "Koden stämmer inte. Skriv koden som appen visar nu, och kontrollera att "
                "telefonens klocka går rätt."
            ),
        )
    device = second_factor.pending_device(request)
    context = {
        "form": form,
        "next": _next(request),
        "qr_code": second_factor.qr_code_svg(
            device, _("QR-kod för att lägga till Tillsammans i en app för inloggningskoder")
        ),
        "secret": second_factor.secret_for_typing(device),
    }
    return render(request, "registration/second_factor_enrol.html", context)


def second_factor_codes(request):
    """The ten recovery codes, shown once, right after enrolment."""
    codes = second_factor.new_recovery_codes(request)
    if not codes:
        return redirect(_next(request))
    return render(
        request, "registration/second_factor_codes.html", {"codes": codes, "next": _next(request)}
    )


def _check_code(request, form_class, check, template):
    if not _asked(request):
        return redirect(_next(request))
    if not second_factor.has_second_factor(request.user):
        enrol = reverse("accounts:second_factor_enrol")
        return redirect(f"{enrol}?{urlencode({'next': _next(request)})}")
    form = form_class(request.POST or None)
    if request.method == "POST":
        locked = second_factor.lockout(request)
        if locked is not None:
            return locked
        if form.is_valid() and check(request, form.cleaned_data["code"]):
            return redirect(_next(request))
        if form.is_valid():
            form.add_error(
                "code",
                _(
                    "Koden stämmer inte, eller har redan använts. Efter flera felaktiga koder "
                    "dröjer det allt längre innan nästa kod prövas."
                ),
            )
        if second_factor.count_failure(request):
            return redirect("accounts:login")
    return render(request, template, {"form": form, "next": _next(request)})


def second_factor_verify(request):
    """The second step of a password sign-in: the code from the authenticator app."""
    return _check_code(
        request, AppCodeForm, second_factor.verify, "registration/second_factor_verify.html"
    )


def second_factor_recovery(request):
    """Instead of the app's code, one of the recovery codes, each good once."""
    return _check_code(
        request,
        RecoveryCodeForm,
        second_factor.use_recovery_code,
        "registration/second_factor_recovery.html",
    )


class SignInView(auth_views.LoginView):
    """The password form, and the way in through the municipality's identity provider when
    one is configured."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "identity_provider": settings.OIDC_ENABLED}
