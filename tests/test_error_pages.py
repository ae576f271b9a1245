"""With DEBUG off, as in production, every error answers with a page of ours, in the person's
language, with a way back to the start page, and never with Django's bare "Not Found"."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db

HOME_LINK = '<a href="/">'
SWEDISH = "sv"
ENGLISH = "en"


@pytest.fixture(autouse=True)
def production_errors(settings):
    settings.DEBUG = False


def client_in(language: str, **kwargs) -> Client:
    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def page(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading", "sentence"),
    [
        (
            SWEDISH,
            "Sidan finns inte eller är inte delad med dig",
            "Sidan du försökte öppna finns inte, eller så är den inte delad med dig.",
        ),
        (
            ENGLISH,
            "The page does not exist or is not shared with you",
            "The page you tried to open does not exist, or it has not been shared with you.",
        ),
    ],
)
def test_a_missing_or_denied_case_answers_our_404_with_the_menu(
    language, heading, sentence, bba, school
):
    client = client_in(language)
    client.force_login(bba)

    response = client.get(reverse("cases:case_detail", args=[987654]))

    assert response.status_code == 404
    body = page(response)
    assert f'<html lang="{language}">' in body
    assert heading in body and sentence in body
    assert HOME_LINK in body
    assert 'aria-label="Huvudmeny"' in body or 'aria-label="Main menu"' in body
    assert "Not Found" not in body


def test_an_address_that_does_not_exist_answers_our_404_signed_out_too():
    response = client_in(SWEDISH).get("/finns-inte/")

    assert response.status_code == 404
    assert "Sidan finns inte eller är inte delad med dig" in page(response)
    assert HOME_LINK in page(response)


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        (SWEDISH, "Du har inte tillgång till sidan"),
        (ENGLISH, "You do not have access to this page"),
    ],
)
def test_a_refusal_answers_our_403(language, heading, bba):
    client = client_in(language)
    client.force_login(bba)

    response = client.get("/test-403/")

    assert response.status_code == 403
    assert heading in page(response)
    assert HOME_LINK in page(response)


@pytest.mark.parametrize(
    ("language", "heading"),
    [(SWEDISH, "Formuläret kunde inte skickas"), (ENGLISH, "The form could not be sent")],
)
def test_a_form_without_its_csrf_token_answers_our_403(language, heading):
    client = client_in(language, enforce_csrf_checks=True)

    response = client.post(reverse("accounts:login"), {"username": "a@example.se"})

    assert response.status_code == 403
    body = page(response)
    assert f'<html lang="{language}">' in body
    assert heading in body and HOME_LINK in body
    assert "CSRF" not in body


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize(
    ("language", "heading"),
    [(SWEDISH, "Begäran kunde inte tas emot"), (ENGLISH, "The request could not be received")],
)
def test_a_bad_request_answers_our_400(language, heading):
    response = client_in(language).get("/test-400/")

    assert response.status_code == 400
    assert heading in page(response)
    assert HOME_LINK in page(response)


def test_a_host_not_allowed_answers_our_400():
    response = client_in(SWEDISH).get("/", HTTP_HOST="annan.example")

    assert response.status_code == 400
    assert "Begäran kunde inte tas emot" in page(response)


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize(
    ("language", "heading"),
    [(SWEDISH, "Något gick fel hos oss"), (ENGLISH, "Something went wrong on our side")],
)
def test_a_breakdown_answers_our_500(language, heading):
    response = client_in(language, raise_request_exception=False).get("/test-500/")

    assert response.status_code == 500
    body = page(response)
    assert f'<html lang="{language}">' in body
    assert heading in body and HOME_LINK in body
    assert "/static/css/app.css" in body
    assert "RuntimeError" not in body


def test_the_500_page_asks_nothing_of_the_database(django_assert_num_queries):
    """It is rendered when the database may be what broke."""
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Något gick fel hos oss" in page(response)


@pytest.mark.parametrize(
    ("language", "heading", "report"),
    [
        (SWEDISH, "Tillgänglighetsredogörelse för Tillsammans", "Rapportera brister"),
        (ENGLISH, "Accessibility statement for Tillsammans", "Report accessibility problems"),
    ],
)
def test_the_accessibility_statement_is_open_signed_out(language, heading, report, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@nykoping.example"

    response = client_in(language).get(reverse("accessibility"))

    assert response.status_code == 200
    body = page(response)
    assert heading in body and report in body
    assert 'href="mailto:tillganglighet@nykoping.example"' in body
    assert "digg.se/tillsyn-och-anmalan/anmal-bristande-tillganglighet" in body


def test_every_page_links_the_accessibility_statement_in_its_footer(bba):
    client = client_in(SWEDISH)
    assert reverse("accessibility") in page(client.get(reverse("accounts:login")))
    client.force_login(bba)
    assert reverse("accessibility") in page(client.get(reverse("home")))
