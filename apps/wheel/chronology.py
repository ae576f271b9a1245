"""The wheel's entries in the case chronology: each assessment made or changed, by whom."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from apps.cases.chronology import Event
from apps.wheel.models import Assessment

_TITLES = {"+": gettext_noop("Kartläggning gjord"), "~": gettext_noop("Kartläggning ändrad")}


def assessment_events(case) -> Iterable[Event]:
    """Built from the history, so every save is an event and nothing has to be typed twice."""
    records = (
        Assessment.history.filter(case_id=case.pk, history_type__in=list(_TITLES))
        .select_related("history_user")
        .order_by("history_date")
    )
    for record in records:
        yield Event(
            record.history_date,
            _(_TITLES[record.history_type]),
            record.history_user,
            url=reverse("wheel:assessment_detail", args=[record.id]),
            kind="assessment",
        )
