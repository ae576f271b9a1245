from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "apps.cases"
    verbose_name = _("Ärenden")

    def ready(self):
        """Add the new concerns, the delegated cases and the coming transitions to the start
        page, and the child's stage to the case page (first of the sections)."""
        from apps.agencies import start_page
        from apps.cases import panels, selectors
        from apps.cases.start_page import cases_section, transitions_section

        start_page.register(cases_section)
        start_page.register(transitions_section)
        panels.register("cases/_stage_panel.html", selectors.stage_section)
