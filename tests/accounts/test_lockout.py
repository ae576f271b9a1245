"""The lockout counts a person, not a way of writing their address (issue 10, point 3).

Everything goes through the real sign-in view and the real axes backend and middleware."""

import pytest
from django.urls import reverse

from apps.accounts.signin import normalised_username
from tests.factories.agencies import UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "ulla.nyberg@nykoping.se"
VARIANTS = [
    "ULLA.NYBERG@NYKOPING.SE",
    "Ulla.nyberg@nykoping.se",
    " ulla.nyberg@nykoping.se ",
    "\tUlla.Nyberg@Nykoping.se  ",
]


@pytest.fixture
def ulla(db):
    return UserFactory(email=ADDRESS, full_name="Ulla Nyberg")


def sign_in(client, username, password, address="127.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def lock_out(client, settings, username=ADDRESS):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, username, "fel")


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_way_of_writing_the_address_is_locked_out_with_it(client, ulla, settings, variant):
    lock_out(client, settings)

    response = sign_in(client, variant, "losenord-123")

    assert response.status_code == 429
    assert "För många inloggningsförsök" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_lockout_by_a_variant_locks_the_address_as_stored(client, ulla, settings, variant):
    lock_out(client, settings, username=variant)

    response = sign_in(client, ADDRESS, "losenord-123")

    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_failures_in_different_writings_add_up(client, ulla, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        variant = VARIANTS[attempt % len(VARIANTS)]
        assert sign_in(client, variant, "fel").status_code == 200

    assert sign_in(client, ADDRESS.upper(), "fel").status_code == 429
    assert sign_in(client, ADDRESS, "losenord-123").status_code == 429


def test_the_lock_is_still_for_the_address_it_came_from(client, ulla, settings):
    """The lock is on the person and the address together (AXES_LOCKOUT_PARAMETERS): Ulla at
    another computer is not locked out by someone guessing elsewhere."""
    lock_out(client, settings)

    response = sign_in(client, ADDRESS.upper(), "losenord-123", address="10.0.0.7")

    assert response.status_code == 302
    assert response.wsgi_request.user == ulla


def test_without_credentials_the_posted_address_is_counted_the_same(rf):
    """Axes asks with the request alone on some paths; the answer must not change."""
    request = rf.post("/konto/logga-in/", {"username": " Ulla.NYBERG@nykoping.se"})

    assert normalised_username(request, None) == ADDRESS
    assert normalised_username(request, {"username": "ULLA.nyberg@nykoping.se "}) == ADDRESS
    assert normalised_username(rf.post("/konto/logga-in/"), None) is None
