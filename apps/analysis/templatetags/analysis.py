"""Template tags for the analysis panel on the case page, which cases renders without
knowing this app: the panel asks here what the user may do."""

from django import template

from apps.agencies import policy
from apps.analysis import services

register = template.Library()


@register.simple_tag
def may_analyse(case, user) -> bool:
    """Whether to offer "Gör analys": the user may change the case and it is ready for it."""
    return policy.may(user, policy.CHANGE_CASE, case) and not services.not_analysable_reason(case)
