"""The case chronology: everything that happened to a case, in order, built from the records
and their history rather than typed by hand.

Apps that sit above cases (wheel, analysis, meetings, sip) register a provider in their
AppConfig.ready(), so cases never imports them and the dependency still points one way.
"""

from collections.abc import Callable, Iterable
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


Provider = Callable[[object], Iterable[Event]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def case_events(case) -> list[Event]:
    """What happened to the case: the case's own history, then every registered provider."""
    events = list(_case_history_events(case))
    for provider in _providers:
        events.extend(provider(case))
    return sorted(events, key=lambda event: event.at)


def _case_history_events(case) -> Iterable[Event]:
    from apps.cases.models import Case

    previous = None
    for record in case.history.select_related("history_user", "handler").order_by("history_date"):
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
    for concern in case.concerns.all():
        yield Event(
            concern.reported_at,
            _("Oro registrerades (%(areas)s)") % {"areas": ", ".join(concern.area_labels)},
            concern.reported_by,
            detail=concern.observation,
            kind="concern",
        )
