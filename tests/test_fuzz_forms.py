"""Every form, fed what people and attackers type: no answer is ever a 500, and a form that is
refused shows again with everything that was typed.

Each form is found the way a user finds it: every URL of the project is opened by each persona
of the collaboration story until one is shown a form that posts back to the page; its fields
(inputs, text areas, selects and their options) are read from the page itself, so a new form
is fuzzed without anyone listing it here. Hypothesis draws what is posted: text with control
characters, markup, digits of other scripts and numbers too big for any column, dates that do
not exist, ids that do not exist, and the options the page offered.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.cases.models import Concern
from tests.cases.test_concerns import concern_data
from tests.every_url import collaboration_story, routed_names, url_for

pytestmark = pytest.mark.django_db

EXAMPLES_PER_FORM = 12
# Fields that carry the request's tokens: posted as the page gave them, never fuzzed.
TOKENS = {"csrfmiddlewaretoken", "submission_token"}

NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\x1b[31mröd\x1b[0m",
        "\u202eevil",
        "<img src=x onerror=alert(1)>",
        "' OR 1=1 --",
        "99999999999999999999",
        "-1",
        "0",
        "1.5",
        "2026-02-30",
        "2026-13-01",
        "0000-00-00",
        "١٩٩٠٠١٠١٢٣٤٥",  # a personnummer in Arabic-Indic digits
        "１９９０",  # full-width digits
        "x" * 5000,
        "\r\nBCC: attacker@example.com",
    ]
)


class FormFields(HTMLParser):
    """The fields of the first form on a page that posts back to the page itself."""

    def __init__(self):
        super().__init__()
        self.in_form = self.done = False
        self.fields: dict[str, list[str]] = {}  # name -> values offered (options, checkboxes)
        self.text_fields: set[str] = set()
        self.given: dict[str, str] = {}  # hidden values the page gave
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done:
            posts_here = attrs.get("method", "").lower() == "post" and not attrs.get("action")
            self.in_form = posts_here
        if not self.in_form or (not attrs.get("name") and tag != "option"):
            return
        name = attrs.get("name")
        if tag == "input":
            kind = attrs.get("type", "text")
            offered = self.fields.setdefault(name, [])
            if kind in ("checkbox", "radio"):
                offered.append(attrs.get("value", "on"))
            elif kind == "hidden":
                self.given[name] = attrs.get("value", "")
            elif kind not in ("submit", "button", "password", "file"):
                self.text_fields.add(name)
        elif tag == "textarea":
            self.fields.setdefault(name, [])
            self.text_fields.add(name)
        elif tag == "select":
            self._select = self.fields.setdefault(name, [])
        elif tag == "option" and self._select is not None and attrs.get("value"):
            self._select.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def form_on(html: str) -> FormFields | None:
    parser = FormFields()
    parser.feed(html)
    return parser if parser.fields else None


@pytest.fixture
def story(school, bba, handler, reporter, agency_admin, social_services, social_worker, bup):
    return collaboration_story(
        school, bba, handler, reporter, agency_admin, social_services, social_worker, bup
    )


def find_forms(client, story, administrator) -> list[tuple[object, str, FormFields]]:
    """Each page with a form, and the first persona it is shown to."""
    objects, personas = story
    found = []
    for name, arguments in routed_names():
        url = url_for(name, arguments, objects)
        for persona in [*personas, administrator]:
            client.force_login(persona)
            response = client.get(url)
            html = response.status_code == 200 and "text/html" in response["Content-Type"]
            form = html and form_on(response.content.decode())
            if form:
                found.append((persona, url, form))
                break
    return found


def postings(form: FormFields):
    """What a person (or an attacker) might post to the form."""
    values = {}
    for name, offered in form.fields.items():
        if name in TOKENS:
            continue
        choices = [st.sampled_from(offered)] if offered else []
        one = st.one_of(*choices, NASTY, st.text(max_size=200))
        values[name] = st.lists(one, max_size=3) if len(offered) > 1 else one
    return st.fixed_dictionaries(values)


def posts_without_a_500(client, url, form):
    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(posting=postings(form))
    def post(posting):
        response = client.post(url, {**form.given, **posting})
        assert response.status_code < 500, (url, posting)

    post()


def test_no_form_answers_with_a_500(client, story, administrator):
    forms = find_forms(client, story, administrator)
    assert len(forms) >= 20  # the story reaches (nearly) every form of the product
    for persona, url, form in forms:
        client.force_login(persona)
        posts_without_a_500(client, url, form)


PLAIN = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]),
        min_size=3,
        max_size=40,
    )
    .map(str.strip)
    .filter(lambda text: len(text) >= 3)
)


def keeps_what_was_typed(client, url, form) -> int:
    """How many of the postings were refused, each shown again with all that was typed."""
    refused = 0

    @settings(max_examples=3, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(typed=st.fixed_dictionaries(dict.fromkeys(form.text_fields, PLAIN)))
    def post(typed):
        nonlocal refused
        response = client.post(url, {**form.given, **typed})
        content = response.content.decode()
        if response.status_code != 200 or 'class="error-summary"' not in content:
            return  # saved, or no longer offered (an earlier posting closed the case)
        for name, text in typed.items():
            assert escape(text) in content, (url, name, text)
        refused += 1

    post()
    return refused


def test_a_refused_form_keeps_everything_typed(client, story, administrator):
    """Typed text comes back exactly, whatever else in the form was refused."""
    refused = 0
    for persona, url, form in find_forms(client, story, administrator):
        client.force_login(persona)
        refused += keeps_what_was_typed(client, url, form)
    assert refused > 10


def test_text_with_control_characters_is_refused_with_a_message(client, reporter):
    client.force_login(reporter)
    response = client.post(
        reverse("cases:concern_create"),
        concern_data(observation="Alva var \x1b[31mledsen\x1b[0m.", first_name="\u202eavlA"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("Texten innehåller osynliga styrtecken") >= 2
    assert not Concern.objects.exists()


def test_every_text_field_of_every_form_refuses_control_characters():
    """The rule is set once for all forms (AccountsConfig.ready); a form imported before it
    would escape it, so every form class of the project is checked."""
    from django import forms

    from apps.accounts.fields import refuse_untypeable_characters

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [f for f in subclasses(forms.BaseForm) if f.__module__.startswith("apps.")]
    assert len(ours) > 20
    lacking = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in ours
        for name, field in form.base_fields.items()
        if type(field).default_validators is forms.CharField.default_validators
        and refuse_untypeable_characters not in field.validators
    ]
    assert lacking == []
