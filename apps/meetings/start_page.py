"""The meetings' part of the start page: the next collaboration meetings the person is invited
to, each naming the child it is about, and a link to all of them."""

from apps.agencies.start_page import SHOWN, Section
from apps.meetings import selectors


def meetings_section(request) -> Section | None:
    coming = list(selectors.upcoming(selectors.invited_to(request.user))[:SHOWN])
    if not coming:
        return None
    return Section(
        "meetings/_start_panel.html",
        {"meetings": coming},
        [(meeting, meeting.case) for meeting in coming],
    )
