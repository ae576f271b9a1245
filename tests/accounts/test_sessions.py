"""Sessions end on the server: after 30 idle minutes, 10 hours after signing in, at sign-out
and when the person is deactivated (issue 10, point 5)."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse

from apps.accounts.sessions import LAST_ACTIVE_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db

START = datetime.datetime(2025, 3, 10, 8, 0, tzinfo=datetime.UTC)


def sign_in(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": "losenord-123"}
    )
    assert response.status_code == 302
    return response


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_a_session_idle_for_the_timeout_ends_on_the_page_that_says_so(client, bba, clock):
    sign_in(client, bba)
    page = reverse("agencies:directory")
    assert client.get(page).status_code == 200

    clock.shift(datetime.timedelta(minutes=30))
    response = client.get(page)

    ended = reverse("accounts:session_ended")
    assert response.status_code == 302
    assert response["Location"] == f"{ended}?next=%2Fbba-katalog%2F"
    assert not Session.objects.exists()
    page_after = client.get(response["Location"])
    content = page_after.content.decode()
    assert "Sessionen har avslutats" in content
    assert bba.full_name not in content
    assert "Ekbackens skola" not in content
    assert 'href="/konto/logga-in/?next=%2Fbba-katalog%2F"' in content
    assert "no-store" in page_after["Cache-Control"]


def test_activity_moves_the_idle_deadline(client, bba, clock):
    sign_in(client, bba)
    page = reverse("agencies:directory")
    for _ in range(4):
        clock.shift(datetime.timedelta(minutes=20))
        assert client.get(page).status_code == 200


def test_the_session_ends_ten_hours_after_sign_in_however_busy(client, bba, clock, settings):
    assert datetime.timedelta(hours=10) == settings.SESSION_MAXIMUM_AGE
    assert datetime.timedelta(minutes=30) == settings.SESSION_IDLE_TIMEOUT
    sign_in(client, bba)
    page = reverse("agencies:directory")
    for _ in range(23):  # a request every 25 minutes, up to 9 h 35 min
        clock.shift(datetime.timedelta(minutes=25))
        assert client.get(page).status_code == 200

    clock.shift(datetime.timedelta(minutes=25))

    assert client.get(page)["Location"].startswith(reverse("accounts:session_ended"))


def test_timeouts_are_read_from_the_settings(client, bba, clock, settings):
    settings.SESSION_IDLE_TIMEOUT = datetime.timedelta(minutes=5)
    sign_in(client, bba)
    clock.shift(datetime.timedelta(minutes=5))
    assert client.get(reverse("home")).status_code == 302
    assert not Session.objects.exists()


def test_activity_is_written_to_the_session_at_most_once_a_minute(client, bba, clock):
    sign_in(client, bba)
    page = reverse("agencies:directory")
    client.get(page)
    stamped = client.session[LAST_ACTIVE_AT]

    clock.shift(datetime.timedelta(seconds=59))
    client.get(page)
    assert client.session[LAST_ACTIVE_AT] == stamped

    clock.shift(datetime.timedelta(seconds=1))
    client.get(page)
    assert client.session[LAST_ACTIVE_AT] == stamped + 60
    assert client.session[SIGNED_IN_AT] == int(START.timestamp())


def test_a_session_without_its_clocks_is_taken_as_ended(client, bba):
    """Made before the rule, or not by signing in: it cannot say how old it is."""
    client.force_login(bba)
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()

    response = client.get(reverse("home"))

    assert response["Location"].startswith(reverse("accounts:session_ended"))


def test_signing_in_again_returns_to_where_the_person_was(client, bba, clock):
    sign_in(client, bba)
    clock.shift(datetime.timedelta(hours=1))
    ended = client.get(reverse("agencies:directory") + "?q=Ek")["Location"]
    login = client.get(ended).context["login_url"]

    response = client.post(login, {"username": bba.email, "password": "losenord-123"})

    assert response["Location"] == "/bba-katalog/?q=Ek"


def test_a_form_sent_after_the_timeout_leads_back_to_the_page_it_was_sent_from(
    client, bba, school, clock
):
    sign_in(client, bba)
    clock.shift(datetime.timedelta(hours=1))
    response = client.post(
        reverse("agencies:choose_agency"),
        {"agency": school.pk, "next": "/"},
        headers={"Referer": "http://testserver/bba-katalog/"},
    )
    assert (
        response["Location"]
        == reverse("accounts:session_ended") + "?next=http%3A%2F%2Ftestserver%2Fbba-katalog%2F"
    )
    assert client.get(response["Location"]).context["login_url"] == (
        "/konto/logga-in/?next=http%3A%2F%2Ftestserver%2Fbba-katalog%2F"
    )


@pytest.mark.parametrize(
    "where", ["https://evil.example/", "//evil.example/katalog/", "javascript:alert(1)"]
)
def test_the_page_after_a_timeout_leads_nowhere_else(client, where):
    response = client.get(reverse("accounts:session_ended"), {"next": where})
    assert response.context["login_url"] == reverse("accounts:login")


def test_sign_out_ends_the_session_on_the_server(client, bba):
    sign_in(client, bba)
    cookie = client.cookies["sessionid"].value

    client.post(reverse("accounts:logout"))

    assert not Session.objects.filter(session_key=cookie).exists()
    client.cookies["sessionid"] = cookie
    response = client.get(reverse("agencies:directory"))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_deactivated_person_is_signed_out_at_the_next_request(client, bba):
    sign_in(client, bba)
    bba.is_active = False
    bba.save()

    response = client.get(reverse("agencies:directory"))

    assert response["Location"].startswith(reverse("accounts:login"))
    assert not response.wsgi_request.user.is_authenticated
