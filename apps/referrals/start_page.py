"""The referrals' part of the start page: what was sent to the person's unit and waits for
their decision, and a link to all incoming referrals."""

from apps.agencies.start_page import Section, first_shown
from apps.referrals import selectors


def referrals_section(request) -> Section | None:
    waiting = first_shown(selectors.to_decide(request.user, request.acting_agency))
    if not waiting:
        return None
    return Section(
        "referrals/_start_panel.html",
        {"referrals": waiting},
        [(referral, referral.case) for referral in waiting],
    )
