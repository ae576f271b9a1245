from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path
from django.views.i18n import set_language

from apps.agencies import identity_provider
from apps.agencies.views import accessibility, start


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", start.home, name="home"),
    path("konto/", include("apps.accounts.urls")),
    # Sign-in through the municipality's identity provider; the names are mozilla-django-oidc's.
    path("oidc/authenticate/", identity_provider.authenticate, name="oidc_authentication_init"),
    path("oidc/callback/", identity_provider.callback, name="oidc_authentication_callback"),
    path("", include("apps.agencies.urls")),
    path("", include("apps.cases.urls")),
    path("", include("apps.wheel.urls")),
    path("", include("apps.analysis.urls")),
    path("", include("apps.consent.urls")),
    path("", include("apps.meetings.urls")),
    path("", include("apps.referrals.urls")),
    path("", include("apps.sip.urls")),
    path("", include("apps.handovers.urls")),
    path("", include("apps.skolfam.urls")),
    path("", include("apps.indicators.urls")),
    path("tillganglighet/", accessibility.accessibility_statement, name="accessibility"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", healthz),
]
