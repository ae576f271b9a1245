"""The case chronology: everything that happened to a case, in order, built from the records
and their history rather than typed by hand.

The case's own part comes from its history and its concerns; each app above cases adds its
events with the section it loads for the case page (see panels.py), from the same read of its
records, so cases never imports those apps and nothing is read twice.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Event:
    at: datetime
    title: str
    who: object = None
    detail: str = ""
    url: str = ""
    kind: str = field(default="other")


def case_events(history, concerns, sections) -> list[Event]:
    """What happened to the case: its history (records oldest first), its concerns, then the
    events of every section, in the order of time."""
    events = [*_case_history_events(history), *_concern_events(concerns)]
    for section in sections:
        events.extend(section.events)
    return sorted(events, key=lambda event: event.at)


def _case_history_events(history) -> Iterable[Event]:
    from apps.cases.models import Case

    previous = None
    for record in history:
        if previous is None:
            yield Event(
                record.history_date, _("Ärendet öppnades"), record.history_user, kind="case"
            )
        else:
            if record.status != previous.status:
                yield Event(
                    record.history_date,
                    _("Status: %(status)s") % {"status": Case.Status(record.status).label},
                    record.history_user,
                    detail=record.closing_reason if record.status == Case.Status.CLOSED else "",
                    kind="status",
                )
            if record.handler_id != previous.handler_id:
                yield Event(
                    record.history_date,
                    _("Handläggare: %(name)s") % {"name": record.handler}
                    if record.handler_id
                    else _("Handläggaren togs bort"),
                    record.history_user,
                    kind="handler",
                )
        previous = record


def _concern_events(concerns) -> Iterable[Event]:
    for concern in concerns:
        yield Event(
            concern.reported_at,
            _("Oro registrerades (%(areas)s)") % {"areas": ", ".join(concern.area_labels)},
            concern.reported_by,
            detail=concern.observation,
            kind="concern",
        )
