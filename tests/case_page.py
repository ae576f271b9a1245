"""Rendering one section of the case page as the case view does: loaded for the user, then
formatted by its template."""

from django.template.loader import render_to_string

from apps.cases.panels import load_panels


def render_panel(template_name: str, case, user) -> str:
    panel = dict(load_panels(user, case))[template_name]
    return render_to_string(template_name, {"case": case, "user": user, "panel": panel})
