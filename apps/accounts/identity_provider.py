"""Signing out of the municipality's identity provider too (OpenID Connect RP-initiated logout).

Someone who signed in through the identity provider has a session there as well. Ending only
ours would leave the next person at a shared computer one click from signing in again as
them, without a card or a code: the provider's session has to end with ours.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import resolve_url

ID_TOKEN_SESSION_KEY = "oidc_id_token"


def logout_url(request) -> str:
    """Where signing out leads (mozilla-django-oidc's OIDC_OP_LOGOUT_URL_METHOD, called before
    the session ends): to the provider's end_session_endpoint, naming the session by the ID
    token it gave at sign-in and asking to come back to our sign-in page, when the person
    signed in there and the provider has such an endpoint; otherwise straight to our sign-in
    page."""
    back = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if not (settings.OIDC_ENABLED and settings.OIDC_OP_LOGOUT_ENDPOINT and id_token):
        return back
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(back),
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}"
