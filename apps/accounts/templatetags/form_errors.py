from django import template

from apps.accounts.form_errors import error_items

register = template.Library()


@register.inclusion_tag("includes/form_errors.html")
def error_summary(form) -> dict:
    """A page made of several forms offers ``error_items()``; a plain form is summarised here."""
    items = form.error_items() if hasattr(form, "error_items") else error_items(form)
    return {"items": items}
