"""Template filters for the invitation form."""

from django import template

from apps.meetings import forms

register = template.Library()


@register.filter
def invitee_value(membership) -> str:
    return forms.invitee_value(membership)
