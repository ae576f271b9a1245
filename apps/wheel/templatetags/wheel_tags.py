"""Template tags for the wheel's section of the case page, which cases includes without
importing this app (see apps/cases/panels.py)."""

from django import template

from apps.wheel import selectors

register = template.Library()


@register.simple_tag
def wheel_panel(case, user) -> dict:
    """The case's assessments and whether to offer a new one, read through the policy."""
    return {
        "assessments": selectors.case_assessments(user, case),
        "may_assess": selectors.may_assess(user, case),
    }
