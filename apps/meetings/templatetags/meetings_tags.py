"""Template tags for the meetings' section of the case page, which cases includes without
importing this app (see apps/cases/panels.py), and for the invitation form."""

from django import template

from apps.agencies import policy
from apps.meetings import forms, selectors, services

register = template.Library()


@register.simple_tag
def meetings_panel(case, user) -> dict:
    """The case's meetings, its coordinator and whether to offer calling a meeting (or, to
    those who work on the case, why not yet)."""
    may_change = policy.may(user, policy.CHANGE_CASE, case)
    reason = services.not_callable_reason(case) if may_change else None
    return {
        "meetings": selectors.case_meetings(user, case),
        "coordinator": selectors.current_coordinator(case),
        "may_call": may_change and reason is None,
        "not_callable_reason": reason,
    }


@register.filter
def invitee_value(membership) -> str:
    return forms.invitee_value(membership)
