"""The wheel's entries in the case chronology: each assessment made or changed, by whom."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from apps.cases.chronology import Event

# The history records that are events: an assessment made ("+") and changed ("~").
TITLES = {"+": gettext_noop("Kartläggning gjord"), "~": gettext_noop("Kartläggning ändrad")}


def assessment_events(records) -> Iterable[Event]:
    """Built from the history, so every save is an event and nothing has to be typed twice."""
    for record in records:
        yield Event(
            record.history_date,
            _(TITLES[record.history_type]),
            record.history_user,
            url=reverse("wheel:assessment_detail", args=[record.id]),
            kind="assessment",
        )
