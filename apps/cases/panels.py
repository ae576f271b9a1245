"""Sections of the case page contributed by the apps above cases (wheel, analysis, ...).

Each app registers, in its AppConfig.ready(), a template and the function that loads what the
template shows for a user and a case. The case view calls every loader, so everything the page
shows is read in the view, through the access policy, where the read is logged; the templates
only format it. Cases never imports those apps."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    load: Callable  # (user, case) -> dict, the template's ``panel``


_panels: list[Panel] = []


def register(template_name: str, load: Callable) -> None:
    if all(panel.template != template_name for panel in _panels):
        _panels.append(Panel(template_name, load))


def load_panels(user, case) -> list[tuple[str, dict]]:
    """Each panel's template with the data it shows this user, in the order registered."""
    return [(panel.template, panel.load(user, case)) for panel in _panels]
