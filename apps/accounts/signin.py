"""What the sign-in counts failed attempts by."""

import unicodedata

from django.conf import settings


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
