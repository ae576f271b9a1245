"""Sections of the case page contributed by the apps above cases (wheel, analysis, ...).

Each app registers a template in its AppConfig.ready(); the case page includes them in order
with ``case`` (and the request's user) in the context, so cases never imports those apps."""

_templates: list[str] = []


def register(template_name: str) -> None:
    if template_name not in _templates:
        _templates.append(template_name)


def case_panels() -> list[str]:
    return list(_templates)
