"""The calendar object of a follow-up invitation: iCalendar (RFC 5545) with the iTIP methods of
RFC 5546, built with the ``icalendar`` library, which escapes every TEXT value, quotes every
parameter and folds the lines, so none of that is written by hand here.

Like the e-mail it travels in, it says nothing about the child: only that a SIP is followed
up, when, where, and where to log in. Which method goes to whom is decided in
apps/sip/invitations.py.
"""

import datetime
import unicodedata
import uuid
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

# How long the follow-up is booked in the calendars.
FOLLOW_UP_LENGTH = datetime.timedelta(hours=1)
PRODID = "-//Tillsammans//SIP-uppfoljning//SV"

REQUEST = "REQUEST"
PUBLISH = "PUBLISH"
CANCEL = "CANCEL"

# What a reader of the file may take for the end of a line. icalendar escapes CR and LF in a
# TEXT value; these others it leaves as they are, so they become a plain newline first.
LINE_BREAKS = ("\r\n", "\r", "\x85", "\u2028", "\u2029")


@dataclass(frozen=True)
class Event:
    """The follow-up as one calendar event: the same ``uid`` in every message about it, and
    a ``sequence`` that grows with every change (RFC 5545 §3.8.7.4)."""

    uid: str
    sequence: int
    starts_at: datetime.datetime
    place: str
    url: str


def new_uid() -> str:
    """Random, so it says nothing about the plan; kept on the version, so it never changes
    while the follow-up is moved."""
    host = urlsplit(settings.SITE_URL).hostname or "tillsammans"
    return f"{uuid.uuid4()}@{host}"


def _is_control(char: str) -> bool:
    """A character no TEXT value may hold (CONTROL, RFC 5545 §3.1; TAB and LF excepted,
    LF being escaped), and the Unicode separators that some readers split lines at."""
    return char not in "\t\n" and unicodedata.category(char) in {"Cc", "Zl", "Zp"}


def plain_text(value: str) -> str:
    """A typed value as one TEXT value: every kind of line break a newline (which icalendar
    escapes as ``\\n``), every other control character left out."""
    for line_break in LINE_BREAKS:
        value = value.replace(line_break, "\n")
    return "".join(char for char in value if not _is_control(char))


def common_name(value: str) -> str:
    """A person's name as a CN parameter: on one line and without DQUOTE, which icalendar
    would write in the RFC 6868 notation that Outlook shows as it is."""
    return " ".join(plain_text(value).replace('"', "").split())


def system_address() -> str:
    """The address the e-mails are sent from (``DEFAULT_FROM_EMAIL``), as a calendar address."""
    return f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}"


def _address(person, **params) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = common_name(person.full_name)
    address.params.update(params)
    return address


def calendar(event: Event, *, method: str, organizer, attendees=(), now=None) -> bytes:
    """The calendar object for one message about ``event``.

    ``REQUEST`` invites ``attendees`` (and lists them all); ``PUBLISH`` is the organiser's own
    copy and lists no attendee (RFC 5546 §3.2.1); ``CANCEL`` takes the event away from
    ``attendees`` with ``STATUS:CANCELLED``. The organiser is ``organizer`` (the coordinator)
    with the system's address as ``SENT-BY``, since the e-mail comes from the system
    (RFC 5545 §3.2.18).
    """
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", (now or timezone.now()).astimezone(datetime.UTC))
    starts_at = event.starts_at.astimezone(datetime.UTC)
    vevent.add("dtstart", starts_at)
    vevent.add("dtend", starts_at + FOLLOW_UP_LENGTH)
    vevent.add("summary", _("Uppföljning av SIP"))
    if event.place:
        vevent.add("location", plain_text(event.place))
    vevent.add(
        "description",
        _("Logga in i Tillsammans för att se planen: %(url)s") % {"url": event.url},
    )
    vevent.add("url", event.url)
    vevent.add("organizer", _address(organizer, **{"SENT-BY": system_address()}))
    rsvp = {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
    for person in attendees:
        vevent.add("attendee", _address(person, **(rsvp if method == REQUEST else {})))
    vevent.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    cal.add_component(vevent)
    return cal.to_ical()
