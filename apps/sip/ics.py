"""The calendar invitation (iCalendar, RFC 5545; iTIP method REQUEST, RFC 5546) for a SIP
follow-up.

Written by hand because it is small: CRLF line endings, lines folded at 75 octets without
splitting a UTF-8 character, and TEXT values escaped. Like the e-mail it travels in, it says
nothing about the child: only that a SIP is followed up, when, where, and where to log in.
"""

import datetime
import unicodedata
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.sip.models import PlanVersion

# How long the follow-up is booked in the calendars.
FOLLOW_UP_LENGTH = datetime.timedelta(hours=1)
PRODID = "-//Tillsammans//SIP-uppfoljning//SV"
CRLF = "\r\n"
MAX_OCTETS = 75


# What a reader of the file may take for the end of a line. Escaped as \n in a TEXT value and
# dropped from a parameter, so no typed value can start a property of its own.
LINE_BREAKS = ("\r\n", "\r", "\n", "\x85", "\u2028", "\u2029")


def _is_control(char: str) -> bool:
    """A character no value may hold: the ASCII controls other than HTAB (CONTROL, RFC 5545
    §3.1), and the C1 controls and Unicode separators that some readers split lines at."""
    return char != "\t" and unicodedata.category(char) in {"Cc", "Zl", "Zp"}


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped,
    and any other control character left out."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    for line_break in LINE_BREAKS:
        value = value.replace(line_break, "\\n")
    return "".join(char for char in value if not _is_control(char))


def param_value(value: str) -> str:
    """A parameter value such as a CN: quoted, as it may hold ``,;:``; a DQUOTE cannot be
    escaped in a parameter, so it is dropped, and so are control characters and line breaks."""
    cleaned = "".join(char for char in value if char != '"' and not _is_control(char))
    return f'"{cleaned}"'


def fold(line: str) -> str:
    """One content line folded into lines of at most 75 octets (RFC 5545 §3.1): each
    continuation starts with a space, and no UTF-8 character is cut in two."""
    parts, current, size = [], "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        limit = MAX_OCTETS if not parts else MAX_OCTETS - 1  # the leading space is an octet
        if size + octets > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += octets
    parts.append(current)
    return (CRLF + " ").join(parts)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_uid(version: PlanVersion) -> str:
    """Stable for one version and one time: sending the same booking again updates the
    event in the calendars instead of adding a second one."""
    host = urlsplit(settings.SITE_URL).hostname or "tillsammans"
    return f"sip-{version.pk}-{utc(version.next_follow_up_at)}@{host}"


def follow_up_invitation(version: PlanVersion, *, organizer, attendee, url: str, now=None) -> str:
    """The .ics text inviting ``attendee`` (a user) to the version's booked follow-up,
    organised by ``organizer`` (the coordinator)."""
    starts_at = version.next_follow_up_at
    description = _("Logga in i Tillsammans för att se planen: %(url)s") % {"url": url}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        f"UID:{event_uid(version)}",
        f"DTSTAMP:{utc(now or timezone.now())}",
        "SEQUENCE:0",
        f"DTSTART:{utc(starts_at)}",
        f"DTEND:{utc(starts_at + FOLLOW_UP_LENGTH)}",
        f"SUMMARY:{escape_text(_('Uppföljning av SIP'))}",
        f"LOCATION:{escape_text(version.next_follow_up_place)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        f"ORGANIZER;CN={param_value(organizer.full_name)}:mailto:{organizer.email}",
        f"ATTENDEE;CN={param_value(attendee.full_name)};ROLE=REQ-PARTICIPANT;"
        f"PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{attendee.email}",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + CRLF for line in lines)
