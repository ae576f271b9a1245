"""Sections of the plan page contributed by the apps above sip (handovers), as the case page
has its own (apps/cases/panels.py): the coordinator may hold the plan and not the case, so
what concerns the child's plan and its coordinator is shown where they read it.

Each app registers, in its AppConfig.ready(), a template and the one function that loads its
section for a user and a plan through the access policy; the plan view calls every loader, so
everything the page shows is read in the view, where the read is logged. Sip never imports
those apps."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    load: Callable  # (user, plan) -> what the template shows as ``panel``


_panels: list[Panel] = []


def register(template_name: str, load: Callable) -> None:
    if all(panel.template != template_name for panel in _panels):
        _panels.append(Panel(template_name, load))


def load_sections(user, plan) -> list[tuple[str, object]]:
    """Each section's template with what it shows this user, in the order registered."""
    return [(panel.template, panel.load(user, plan)) for panel in _panels]
