"""The coordinator's part of the start page: plans to write after a meeting, the plans they
coordinate (paged: a coordinator may have hundreds), and follow-ups coming up or overdue."""

from apps.agencies.start_page import Section
from apps.audit.services import paginate
from apps.sip import print_selectors, selectors


def coordinator_section(request) -> Section | None:
    user = request.user
    follow_ups = print_selectors.my_follow_ups(user)
    awaiting_plan = list(selectors.my_meetings_awaiting_plan(user).select_related("case__child"))
    plans = paginate(request, selectors.my_plans(user).select_related("case__child"))
    if not (follow_ups or awaiting_plan or plans):
        return None
    reads = [(version, version.plan.case) for version in follow_ups.overdue]
    reads += [(version, version.plan.case) for version in follow_ups.due_soon]
    reads += [(meeting, meeting.case) for meeting in awaiting_plan]
    reads += [(plan, plan.case) for plan in plans]
    return Section(
        "sip/_start_panel.html",
        {"follow_ups": follow_ups, "awaiting_plan": awaiting_plan, "plans": plans},
        reads,
    )
