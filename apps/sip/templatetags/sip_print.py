"""The coordinator's part of the start page: plans to write after a meeting, the plans they
coordinate, and follow-ups coming up or overdue. Included by templates/home.html."""

from django import template

from apps.sip import print_selectors, selectors

register = template.Library()


@register.inclusion_tag("sip/_start_panel.html")
def sip_start_panel(user) -> dict:
    if not user.is_authenticated:
        return {"follow_ups": None}
    return {
        "follow_ups": print_selectors.my_follow_ups(user),
        "awaiting_plan": selectors.my_meetings_awaiting_plan(user).select_related("case__child"),
        "plans": selectors.my_plans(user).select_related("case__child"),
    }
