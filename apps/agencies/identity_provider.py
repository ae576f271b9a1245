"""Sign-in through the municipality's identity provider (OpenID Connect, mozilla-django-oidc).

The provider says who someone is (SITHS card, Freja eID+, ...); Tillsammans decides whether
they may come in and as what. So a person is looked up by one claim the provider vouches for
(settings.OIDC_MATCH_CLAIM: the e-mail address, or the claim carrying the HSA-id), matched
exactly against the value stored here, and never created from the provider: someone the
administrators have not added, or have deactivated, is refused with a page saying so, and
their memberships are what the administrators gave them, whatever the provider says.
"""

import logging
import unicodedata

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect, render
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView
from requests import RequestException

from apps.accounts.models import normalised_hsa_id
from apps.agencies import services
from apps.agencies.backends import PersonBackend

logger = logging.getLogger(__name__)

# What the backend found, for the refusal page: the claim and the value the provider sent.
UNMATCHED = "identity_provider_unmatched"


def match_lookup(claim: str, value) -> dict | None:
    """The exact lookup of the person the provider's ``value`` of ``claim`` names, on the value
    as it is stored: an e-mail address in lower case (Unicode-normalised and stripped, as the
    password sign-in takes it), an HSA-id in upper case. None if the provider sent nothing
    usable, which matches nobody."""
    if not isinstance(value, str) or not value.strip():
        return None
    if claim == "email":
        return {"email": unicodedata.normalize("NFKC", value).strip().lower()}
    return {"hsa_id": normalised_hsa_id(value)}


class IdentityProviderBackend(PersonBackend, OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, matching on our claim, creating no one, and loading the
    person on later requests as the password sign-in does (PersonBackend.get_user)."""

    def verify_claims(self, claims):
        return (
            match_lookup(settings.OIDC_MATCH_CLAIM, claims.get(settings.OIDC_MATCH_CLAIM))
            is not None
        )

    def filter_users_by_claims(self, claims):
        claim = settings.OIDC_MATCH_CLAIM
        lookup = match_lookup(claim, claims.get(claim))
        setattr(self.request, UNMATCHED, (claim, claims.get(claim)))
        if lookup is None:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(**lookup)

    def describe_user_by_claims(self, claims):
        return settings.OIDC_MATCH_CLAIM

    def update_user(self, user, claims):
        """The matched person, if active; from now on they sign in through the provider, so
        no password reset is offered to them (accounts.forms.PasswordResetForm): whoever reads
        their mailbox would otherwise get in past the card."""
        if not self.user_can_authenticate(user):
            return None
        if not user.signs_in_with_idp:
            services.update_person(user, by=user, signs_in_with_idp=True)
        return user


# As the session records it (django.contrib.auth's BACKEND_SESSION_KEY): a session signed in
# through the provider owes no second factor (policy.needs_second_factor).
BACKEND = f"{IdentityProviderBackend.__module__}.{IdentityProviderBackend.__qualname__}"


def _refused(request, *, status: int, unknown: bool):
    """The page saying the sign-in did not succeed, and nothing else: no session is left, so
    the next person at the computer finds no one signed in."""
    if request.user.is_authenticated:
        auth.logout(request)
    claim, value = getattr(request, UNMATCHED, ("", ""))
    return render(
        request,
        "registration/identity_provider_refused.html",
        {"unknown": unknown, "claim": claim, "value": value if isinstance(value, str) else ""},
        status=status,
    )


class Callback(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back. A refusal is a page of ours, not a redirect:
    mozilla-django-oidc's would go to LOGIN_REDIRECT_URL_FAILURE, which for someone still
    signed in at the provider would start the same sign-in again."""

    def get(self, request):
        if not settings.OIDC_ENABLED:
            return redirect(settings.LOGIN_URL)
        try:
            return super().get(request)
        except (RequestException, SuspiciousOperation) as error:
            logger.warning("Sign-in through the identity provider failed: %s", error)
            return _refused(request, status=400, unknown=False)

    def login_failure(self):
        unknown = hasattr(self.request, UNMATCHED) and not self.request.GET.get("error")
        return _refused(self.request, status=403, unknown=unknown)


class Authenticate(OIDCAuthenticationRequestView):
    """Sends the person to the provider; without a provider configured, to the sign-in page."""

    def get(self, request):
        if not settings.OIDC_ENABLED:
            return redirect(settings.LOGIN_URL)
        return super().get(request)


callback = login_not_required(Callback.as_view())
authenticate = login_not_required(Authenticate.as_view())
