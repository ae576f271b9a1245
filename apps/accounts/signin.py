"""What the sign-in counts failed attempts by."""

import unicodedata

from django.conf import settings
from django.urls import reverse


def normalised_username(request, credentials: dict | None) -> str | None:
    """The e-mail address as the sign-in matches it: Unicode-normalised as the form cleans it
    (NFKC), stripped and in lower case.

    django-axes (AXES_USERNAME_CALLABLE) keys failed attempts by this, so ``ULLA.NYBERG@…``,
    ``Ulla.nyberg@…`` and `` ulla.nyberg@… `` are one person to the lockout as they are one
    person to the sign-in (UserManager.get_by_natural_key); otherwise every way of writing the
    address would get its own five tries.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if not username:
        return username
    return unicodedata.normalize("NFKC", username).strip().lower()


def not_a_password_guess(request, credentials: dict | None) -> bool:
    """Whether django-axes should leave this sign-in uncounted (AXES_WHITELIST_CALLABLE): the
    identity provider's return is no password typed here, and its provider has checked the
    card or e-ID already. Counted, a refusal there (someone not yet added to Tillsammans)
    would be a failure of "no username" from the address, and five of them would shut out
    everyone signing in through the provider from that address, a whole school behind one."""
    return request.path_info == reverse("oidc_authentication_callback")
