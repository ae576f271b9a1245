"""After a refused form the error summary takes the focus, without JavaScript (autofocus on
the summary, which tabindex makes focusable), and the title begins with "Fel:", so a screen
reader says first that something needs fixing."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1).strip()


def summary(page: str) -> str:
    return re.search(r'<div class="error-summary"[^>]*>', page).group(0)


def test_a_refused_sign_in_focuses_the_summary_and_says_error_in_the_title(client):
    page = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    body = page.content.decode()

    assert title(body).startswith("Fel: ")
    assert 'tabindex="-1"' in summary(body) and "autofocus" in summary(body)
    # The sign-in form focuses its first field too; the browser focuses the first element
    # with autofocus in the page, and the summary comes first.
    tag = summary(body)
    assert body.index("autofocus") == body.index(tag) + tag.index("autofocus")


def test_in_english_the_title_says_error(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    assert title(body.content.decode()).startswith("Error: ")


def test_a_refused_concern_keeps_the_same_pattern(client, reporter):
    client.force_login(reporter)
    body = client.post(reverse("cases:concern_create"), {"observation": "x"}).content.decode()

    assert title(body).startswith("Fel: Registrera oro")
    assert "autofocus" in summary(body)


def test_a_form_not_yet_sent_has_neither(client, reporter):
    client.force_login(reporter)
    body = client.get(reverse("cases:concern_create")).content.decode()

    assert not title(body).startswith("Fel")
    assert "error-summary" not in body
