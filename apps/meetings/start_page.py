"""The meetings' part of the start page: the next collaboration meetings the person is invited
to, each naming the child it is about, and a link to all of them."""

from apps.agencies.start_page import SHOWN, Section
from apps.meetings import selectors


def meetings_section(request) -> Section | None:
    # Each row names the child and the place: joined with nothing else.
    invited = selectors.invited_to(request.user).select_related(None).select_related("case__child")
    coming = list(selectors.upcoming(invited)[:SHOWN])
    if not coming:
        return None
    return Section(
        "meetings/_start_panel.html",
        {"meetings": coming},
        [(meeting, meeting.case) for meeting in coming],
    )
