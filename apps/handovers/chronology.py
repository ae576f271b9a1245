"""The handovers' part of the case chronology (see apps.cases.chronology).

On the sending case: sent, and how it ended. On the receiving case: that it was opened from a
handover, naming the sending unit. Both say what was shared, in the title the page shows.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.cases.chronology import Event
from apps.handovers.models import Handover, Part

ENDINGS = {
    Handover.Status.ACCEPTED: gettext_lazy("Överlämningen togs emot av %(agency)s"),
    Handover.Status.DECLINED: gettext_lazy("Överlämningen avböjdes av %(agency)s"),
    Handover.Status.WITHDRAWN: gettext_lazy("Överlämningen till %(agency)s återkallades"),
}


def shared(handover: Handover) -> str:
    """What crossed to the receiver, in words, for the chronology."""
    labels = [str(Part(part).label) for part in handover.parts]
    if not labels:
        return _("Delat: bara meddelandet och barnets identitet.")
    return _("Delat: %(parts)s.") % {"parts": ", ".join(labels)}


def handover_events(sent, received) -> Iterable[Event]:
    for handover in sent:
        url = handover.get_absolute_url()
        yield Event(
            handover.sent_at,
            _("Överlämning skickad till %(agency)s. %(shared)s")
            % {"agency": handover.to_agency, "shared": shared(handover)},
            handover.sent_by,
            detail=handover.message,
            url=url,
            kind="handover",
        )
        if handover.decided_at:
            yield Event(
                handover.decided_at,
                ENDINGS[handover.status] % {"agency": handover.to_agency},
                handover.decided_by,
                detail=handover.decline_reason,
                url=url,
                kind="handover",
            )
    for handover in received:
        yield Event(
            handover.decided_at,
            _("Ärendet öppnades genom en överlämning från %(agency)s. %(shared)s")
            % {"agency": handover.from_agency, "shared": shared(handover)},
            handover.decided_by,
            detail=handover.message,
            kind="handover",
        )
