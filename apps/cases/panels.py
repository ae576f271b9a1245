"""Sections of the case page contributed by the apps above cases (wheel, analysis, ...).

Each app registers, in its AppConfig.ready(), a template and the one function that loads its
section for a user and a case: it reads the app's records of the case once, through the access
policy, and returns both what the template shows and the app's events of the case chronology.
The case view calls every loader, so everything the page shows is read in the view, where the
read is logged; the templates only format it. Cases never imports those apps."""

from collections.abc import Callable
from dataclasses import dataclass, field

from apps.cases.chronology import Event


@dataclass(frozen=True)
class Section:
    """One app's part of the case page: ``data``, what its template shows as ``panel``, and
    ``events``, what it adds to the chronology, both built from the same read."""

    data: object
    events: list[Event] = field(default_factory=list)


class Reads:
    """The reads made while one user's case page loads, each made once, so that an app above
    another uses what that app has read instead of reading it again (meetings asks whether the
    latest analysis decided on collaboration, sip which meetings still wait for a plan).

    ``once(selector)`` is ``selector(user, case)``, called the first time it is asked for."""

    def __init__(self, user, case):
        self.user = user
        self.case = case
        self._done = {}

    def once(self, selector: Callable):
        if selector not in self._done:
            self._done[selector] = selector(self.user, self.case)
        return self._done[selector]


@dataclass(frozen=True)
class Panel:
    template: str
    load: Callable  # (user, case, reads) -> Section


_panels: list[Panel] = []


def register(template_name: str, load: Callable) -> None:
    if all(panel.template != template_name for panel in _panels):
        _panels.append(Panel(template_name, load))


def load_sections(user, case) -> list[tuple[str, Section]]:
    """Each section's template with what it shows this user, in the order registered."""
    reads = Reads(user, case)
    return [(panel.template, panel.load(user, case, reads)) for panel in _panels]
