"""Template tags for the consent section of the case page, which cases includes without
importing this app (see apps/cases/panels.py)."""

from django import template

from apps.consent import selectors

register = template.Library()


@register.simple_tag
def consent_panel(case, user) -> dict:
    """The case's consents with their status, and whether to offer recording a new one."""
    return {
        "consents": selectors.case_consents(user, case),
        "may_record": selectors.may_record(user, case),
    }
