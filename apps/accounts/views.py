from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache


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


class SignInView(auth_views.LoginView):
    """The password form, and the way in through the municipality's identity provider when
    one is configured."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "identity_provider": settings.OIDC_ENABLED}
