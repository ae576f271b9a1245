"""The calendar file of a follow-up invitation (RFC 5545, method REQUEST)."""

import datetime
import zoneinfo

import pytest

from apps.sip import ics
from tests.factories.agencies import UserFactory
from tests.factories.sip_print import agreed_plan

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_text_values_are_escaped():
    assert ics.escape_text("Rum 3, plan 2; hus B\\C\nentré") == (
        "Rum 3\\, plan 2\\; hus B\\\\C\\nentré"
    )
    assert ics.escape_text("rad ett\r\nrad två") == "rad ett\\nrad två"


def test_parameter_values_are_quoted_without_quotes_inside():
    assert ics.param_value('Berg, "Lena"; A:B') == '"Berg, Lena; A:B"'


@pytest.mark.parametrize(
    "line", ["A" * 200, "DESCRIPTION:" + "åäö " * 60, "X:" + "€" * 80, "SHORT:ok"]
)
def test_long_lines_are_folded_at_75_octets_without_splitting_a_character(line):
    folded = ics.fold(line)
    physical = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert folded.replace("\r\n ", "") == line


@pytest.fixture
def version(school, bba, social_services, social_worker):
    at = datetime.datetime(2031, 10, 1, 13, 0, tzinfo=STOCKHOLM)
    version = agreed_plan(school, bba, social_services, social_worker, next_follow_up_at=at)
    version.next_follow_up_place = "Socialtjänsten, Västra Storgatan 7; rum 3"
    return version


def invitation(version, **kwargs):
    attendee = UserFactory.build(full_name="Holm, Karin", email="karin@example.se")
    return ics.follow_up_invitation(
        version,
        organizer=version.plan.coordinator,
        attendee=attendee,
        url="https://tillsammans.example/sip/version/1/",
        **kwargs,
    )


@pytest.mark.django_db
def test_the_invitation_is_a_valid_request_with_crlf_lines(version):
    text = invitation(version, now=datetime.datetime(2031, 9, 1, 8, 30, tzinfo=datetime.UTC))
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    lines = unfold(text)
    assert lines[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tillsammans//SIP-uppfoljning//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
    ]
    assert lines[-3:] == ["END:VEVENT", "END:VCALENDAR", ""]
    for expected in (
        "DTSTAMP:20310901T083000Z",
        "DTSTART:20311001T110000Z",  # 13:00 summer time in Stockholm
        "DTEND:20311001T120000Z",
        "SUMMARY:Uppföljning av SIP",
        "LOCATION:Socialtjänsten\\, Västra Storgatan 7\\; rum 3",
        "DESCRIPTION:Logga in i Tillsammans för att se planen: "
        "https://tillsammans.example/sip/version/1/",
        "URL:https://tillsammans.example/sip/version/1/",
        'ORGANIZER;CN="Maja Forsberg":mailto:' + version.plan.coordinator.email,
        'ATTENDEE;CN="Holm, Karin";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:'
        "mailto:karin@example.se",
    ):
        assert expected in lines, expected


@pytest.mark.django_db
def test_the_uid_is_stable_for_a_version_and_time(version, settings):
    settings.SITE_URL = "https://tillsammans.example"
    first = next(line for line in unfold(invitation(version)) if line.startswith("UID:"))
    again = next(line for line in unfold(invitation(version)) if line.startswith("UID:"))
    assert first == again == f"UID:sip-{version.pk}-20311001T110000Z@tillsammans.example"
    version.next_follow_up_at += datetime.timedelta(days=1)
    moved = next(line for line in unfold(invitation(version)) if line.startswith("UID:"))
    assert moved != first


@pytest.mark.django_db
def test_the_invitation_says_nothing_about_the_child(version):
    text = unfold(invitation(version))
    child = version.plan.case.child
    joined = "\n".join(text)
    for secret in (child.first_name, child.last_name, child.identity_number, "Ringvägen"):
        assert secret not in joined
