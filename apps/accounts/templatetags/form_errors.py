from django import template

from apps.accounts.form_errors import error_items

register = template.Library()


def _items(form) -> list[tuple[str, str]]:
    return form.error_items() if hasattr(form, "error_items") else error_items(form)


@register.inclusion_tag("includes/form_errors.html")
def error_summary(form) -> dict:
    """A page made of several forms offers ``error_items()``; a plain form is summarised here."""
    return {"items": _items(form)}


@register.filter
def has_errors(form) -> bool:
    """Whether the page's form was refused, so its title can begin with "Fel:" and a screen
    reader says so before anything else (the pattern of GOV.UK's error summary)."""
    if not hasattr(form, "error_items") and not hasattr(form, "errors"):
        return False
    return bool(_items(form))
