"""A name is text, never markup: a child, guardian, person and agency registered with names
that carry script are shown as typed and run nothing, on every page, in the PDFs, the e-mails
and the calendar file that show them (issue 9, finding 1)."""

import io
from pathlib import Path

import django.forms
import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.forms.renderers import get_default_renderer
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from apps.agencies.models import Membership
from apps.sip import ics, invitations
from apps.sip import services as sip_services
from tests.factories.agencies import MembershipFactory
from tests.factories.sip import in_days
from tests.security.story import CHILD, MARKUP, PERSON, SOCIAL, pages
from tests.sip.calendar_mail import calendar_of, method_of

pytestmark = pytest.mark.django_db


def test_every_page_shows_the_names_as_text(client, story):
    shown = 0
    for who, url in pages(story):
        client.force_login(story[who])
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert MARKUP not in body, url
        shown += escape(MARKUP) in body
    assert shown == len(pages(story))


def test_the_consent_form_shows_the_childs_name_as_text_in_its_help(client, story):
    client.force_login(story["bba"])
    body = client.get(reverse("consent:consent_create", args=[story["case"].pk])).content.decode()
    assert f"{escape(CHILD)} är" in body
    assert "<img" not in body


def test_the_administrators_pages_show_the_names_as_text(client, story, administrator):
    client.force_login(administrator)
    for url in (
        reverse("agencies:person_list"),
        reverse("agencies:agency_list"),
        reverse("agencies:person_edit", args=[story["bba"].pk]),
        reverse("agencies:membership_list", args=[story["school"].pk]),
    ):
        body = client.get(url).content.decode()
        assert MARKUP not in body, url
        assert escape(MARKUP) in body, url


def test_a_message_naming_an_agency_shows_it_as_text(client, story):
    bba = story["bba"]
    MembershipFactory(user=bba, agency=story["social"], role=Membership.Role.REPORTER)
    client.force_login(bba)
    response = client.post(
        reverse("agencies:choose_agency"), {"agency": story["social"].pk}, follow=True
    )
    body = response.content.decode()
    assert escape(SOCIAL) in body
    assert MARKUP not in body


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "".join("".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize("url_name", ["sip:print_plan", "sip:print_child_friendly"])
def test_the_pdfs_print_the_names_as_typed(client, story, url_name):
    """Were a name read as markup, WeasyPrint would lay out an image, not the name."""
    client.force_login(story["worker"])
    response = client.get(reverse(url_name, args=[story["version"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "".join(CHILD.split()) in pdf_text(response.content)


def test_the_welcome_email_is_plain_text_with_the_name_as_typed(client, administrator, school):
    client.force_login(administrator)
    client.post(
        reverse("agencies:person_add"),
        {"email": "ny@example.se", "full_name": PERSON, "phone": "", "title": ""},
    )
    [message] = mail.outbox
    assert PERSON in message.body
    assert not getattr(message, "alternatives", [])


def test_the_follow_up_invitation_is_plain_text_and_its_calendar_stays_one_event(story):
    sip_services.agree(story["version"], by=story["worker"], agreed_parties="Alla.")
    invitations.sync(story["version"].pk)
    assert mail.outbox
    for message in mail.outbox:
        assert [type_ for _content, type_ in message.alternatives] == [
            f"text/calendar; method={method_of(message)}"
        ]
        assert len(calendar_of(message).events) == 1


def _event(place="Rum 3"):
    return ics.Event(uid="u@x", sequence=0, starts_at=in_days(3), place=place, url="https://x/")


@pytest.mark.parametrize(
    "place",
    [
        "Rum 3\r\nATTENDEE:mailto:evil@example.se",
        "Rum 3\nATTENDEE:mailto:evil@example.se",
        "Rum 3\rATTENDEE:mailto:evil@example.se",
        "Rum 3\x0bATTENDEE:mailto:evil@example.se",
        "Rum 3\x0cATTENDEE:mailto:evil@example.se",
        "Rum 3\x1cATTENDEE:mailto:evil@example.se",
        "Rum 3\x85ATTENDEE:mailto:evil@example.se",
        "Rum 3\u2028ATTENDEE:mailto:evil@example.se",
        "Rum 3\x00ATTENDEE:mailto:evil@example.se",
    ],
)
def test_no_line_break_in_a_typed_value_starts_a_property_of_its_own(story, place):
    """Whatever a reader of the file takes for a line break, a typed value stays one value:
    newlines are escaped (RFC 5545 §3.3.11) and other control characters, which TEXT may not
    hold, are left out."""
    worker = story["worker"]
    text = ics.calendar(
        _event(place), method=ics.REQUEST, organizer=worker, attendees=[worker]
    ).decode()
    unfolded = text.replace("\r\n ", "")
    attendees = [line for line in unfolded.splitlines() if line.startswith("ATTENDEE")]
    assert len(attendees) == 1
    assert "evil" not in attendees[0]
    assert all(ord(c) >= 32 or c in "\r\n" for c in unfolded)
    [event] = icalendar.Calendar.from_ical(text).events
    assert str(event["ATTENDEE"]) == f"mailto:{worker.email}"


@pytest.mark.parametrize(
    "name", ["Karin\r\nATTENDEE:mailto:evil@example.se", "Karin\x85ATTENDEE:x", 'A"; B\x0bC']
)
def test_a_name_in_a_parameter_stays_in_its_parameter(story, name):
    worker = story["worker"]
    worker.full_name = name
    text = ics.calendar(_event(), method=ics.REQUEST, organizer=worker, attendees=[worker])
    unfolded = text.decode().replace("\r\n ", "")
    assert sum(line.startswith("ATTENDEE") for line in unfolded.splitlines()) == 1
    assert sum(line.startswith("ORGANIZER") for line in unfolded.splitlines()) == 1


DJANGO_FORM_TEMPLATES = Path(django.forms.__file__).parent / "templates"


@pytest.mark.parametrize(
    "name",
    sorted(
        str(path.relative_to(DJANGO_FORM_TEMPLATES))
        for path in DJANGO_FORM_TEMPLATES.rglob("*.html")
        if "|safe" in path.read_text()
    ),
)
def test_no_form_template_in_use_trusts_what_it_prints(name):
    """Each of Django's form templates that prints something with |safe (help texts) is
    replaced by one of ours that does not; a new one in a Django upgrade shows up here."""
    template = get_default_renderer().get_template(name).template
    assert Path(template.origin.name).is_relative_to(settings.BASE_DIR / "templates")
    assert "|safe" not in template.source
