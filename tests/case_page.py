"""Rendering one section of the case page as the case view does: loaded for the user, then
formatted by its template; and the case chronology as the page shows it to the user."""

from django.template.loader import render_to_string

from apps.cases.chronology import Event
from apps.cases.panels import load_sections
from apps.cases.selectors import case_page


def render_panel(template_name: str, case, user) -> str:
    panel = dict(load_sections(user, case))[template_name].data
    return render_to_string(template_name, {"case": case, "user": user, "panel": panel})


def case_events(case, user) -> list[Event]:
    return case_page(user, case).events
