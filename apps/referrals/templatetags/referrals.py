"""Template tags for the referral panel on the case page, which cases renders without knowing
this app: the panel asks here what to show the user."""

from django import template

from apps.referrals import selectors

register = template.Library()


@register.simple_tag
def referral_panel(case, user) -> selectors.CasePanel:
    return selectors.case_panel(user, case)
