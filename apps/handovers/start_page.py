"""The handovers' part of the start page: children handed over to the person's unit that wait
for their answer, and a link to all incoming handovers."""

from apps.agencies.start_page import Section, first_shown
from apps.handovers import selectors


def handovers_section(request) -> Section | None:
    waiting = first_shown(selectors.to_decide(request.user, request.acting_agency))
    if not waiting:
        return None
    return Section(
        "handovers/_start_panel.html",
        {"handovers": waiting},
        [(handover, handover.case) for handover in waiting],
    )
