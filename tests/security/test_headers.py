"""What every answer tells the browser: a strict Content-Security-Policy, which our templates
keep to, and for a signed-in person that nothing may be stored (issue 9, findings 1 and 8)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.security.story import pages

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
}


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def assert_strict_policy(response, url):
    assert "Content-Security-Policy" in response, url
    found = directives(response)
    assert {name: found.get(name) for name in POLICY} == POLICY, url
    assert "unsafe" not in response["Content-Security-Policy"], url
    assert set(found) == set(POLICY), url  # no script-src or style-src loosening default-src


def test_every_page_has_the_strict_policy(client, story):
    for who, url in pages(story):
        client.force_login(story[who])
        assert_strict_policy(client.get(url), url)


def test_pages_for_the_signed_out_and_refusals_have_it_too(client, story):
    for url in (reverse("accounts:login"), reverse("accounts:password_reset")):
        assert_strict_policy(client.get(url), url)
    client.force_login(story["reporter"])
    url = reverse("cases:case_detail", args=[story["case"].pk])
    response = client.get(url)
    assert response.status_code == 404
    assert_strict_policy(response, url)


INLINE = re.compile(r"\sstyle\s*=|<script|<style|\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize(
    "path",
    sorted((settings.BASE_DIR / "templates").rglob("*.html")),
    ids=lambda path: str(path.relative_to(settings.BASE_DIR / "templates")),
)
def test_no_template_needs_inline_script_or_style(path):
    """What the policy refuses the browser would silently drop: a style attribute, a script
    or style element, or an on* handler. (The PDF templates are laid out by WeasyPrint, not a
    browser, but keep to it as well.)"""
    assert not INLINE.findall(path.read_text())


def test_no_python_writes_inline_script_or_style():
    writing = [
        str(path)
        for path in (settings.BASE_DIR / "apps").rglob("*.py")
        if re.search(r"""style=["']|<script|<style""", path.read_text())
    ]
    assert writing == []


def test_the_wheel_is_sized_by_the_stylesheet():
    stylesheet = (settings.BASE_DIR / "static" / "css" / "app.css").read_text()
    assert re.search(r"^\.wheel \{[^}]*max-width: 100%", stylesheet, re.MULTILINE)


def test_a_childs_page_is_never_stored(client, story):
    client.force_login(story["bba"])
    response = client.get(reverse("cases:case_detail", args=[story["case"].pk]))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("url_name", ["sip:print_plan", "sip:print_child_friendly"])
def test_a_printed_plan_is_never_stored(client, story, url_name):
    client.force_login(story["worker"])
    response = client.get(reverse(url_name, args=[story["version"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


def test_every_answer_to_a_signed_in_person_is_never_stored(client, story):
    for who, url in pages(story):
        client.force_login(story[who])
        assert "no-store" in client.get(url).get("Cache-Control", ""), url


def test_a_redirect_after_a_change_is_never_stored_either(client, story):
    client.force_login(story["bba"])
    response = client.post(reverse("agencies:choose_agency"), {"agency": story["school"].pk})
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
