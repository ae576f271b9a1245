"""The plans' part of the start page: plans to write after a meeting, the plans the person
coordinates, the plans in which they are responsible for an action, and follow-ups coming up
or overdue. A few of each, and a link to the whole list."""

from django.db.models import QuerySet

from apps.agencies.start_page import SHOWN, Section
from apps.sip import print_selectors, selectors


def coordinator_section(request) -> Section | None:
    user = request.user
    follow_ups = print_selectors.my_follow_ups(user, shown=SHOWN)
    # Each row names only the child (and the access log its case): joined with nothing else.
    awaiting_plan = list(_naming_the_child(selectors.my_meetings_awaiting_plan(user))[:SHOWN])
    plans = list(_naming_the_child(selectors.my_plans(user))[:SHOWN])
    with_actions = list(_naming_the_child(selectors.plans_with_my_actions(user))[:SHOWN])
    if not (follow_ups or awaiting_plan or plans or with_actions):
        return None
    reads = [(version, version.plan.case) for version in follow_ups.overdue]
    reads += [(version, version.plan.case) for version in follow_ups.due_soon]
    reads += [(meeting, meeting.case) for meeting in awaiting_plan]
    reads += [(plan, plan.case) for plan in plans + with_actions]
    return Section(
        "sip/_start_panel.html",
        {
            "follow_ups": follow_ups,
            "awaiting_plan": awaiting_plan,
            "plans": plans,
            "with_actions": with_actions,
        },
        reads,
    )


def _naming_the_child(rows: QuerySet) -> QuerySet:
    return rows.select_related(None).select_related("case__child")
