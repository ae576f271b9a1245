from django import template
from django.utils.html import format_html

from apps.accounts.submissions import TOKEN_FIELD, new_token

register = template.Library()


@register.simple_tag
def submission_token() -> str:
    """The form's one-time token, so that posting it twice stores once (see submissions.py)."""
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, new_token())
