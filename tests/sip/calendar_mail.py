"""Reading the calendar invitations actually sent, the way a mail program does."""

import icalendar


def calendar_of(message) -> icalendar.Calendar:
    """The calendar object of a sent e-mail. It must travel as iMIP: the e-mail is a
    multipart/alternative of the text and a ``text/calendar`` part whose ``method`` parameter
    is the calendar's METHOD, and nothing is attached."""
    mime = message.message()
    assert mime.get_content_type() == "multipart/alternative"
    text, calendar = mime.get_payload()
    assert text.get_content_type() == "text/plain"
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_content_charset() == "utf-8"
    assert calendar.get("Content-Disposition") is None
    assert not message.attachments
    parsed = icalendar.Calendar.from_ical(calendar.get_payload(decode=True))
    assert str(parsed["METHOD"]) == calendar.get_param("method")
    return parsed


def event_of(message) -> icalendar.Event:
    [event] = calendar_of(message).events
    return event


def method_of(message) -> str:
    return str(calendar_of(message)["METHOD"])


def addresses(event, name: str) -> list[str]:
    """The e-mail addresses of the ATTENDEE (or ORGANIZER) properties, in order."""
    values = event.get(name, [])
    values = values if isinstance(values, list) else [values]
    return [str(value).removeprefix("mailto:") for value in values]


def by_recipient(messages) -> dict:
    return {message.to[0]: message for message in messages}
