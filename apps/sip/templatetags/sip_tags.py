"""Template tags for the plans' section of the case page, which cases includes without
importing this app (see apps/cases/panels.py)."""

from django import template

from apps.sip import selectors

register = template.Library()


@register.simple_tag
def sip_panel(case, user) -> dict:
    """The case's plans with their current versions, and the meetings with a coordinator
    appointed where the user may start the plan."""
    meetings = selectors.meetings_awaiting_plan(user, case) if not case.is_closed else []
    return {
        "plans": selectors.case_plans(user, case),
        "meetings_awaiting_plan": [m for m in meetings if selectors.may_plan(user, m)],
    }
