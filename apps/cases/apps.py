from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "apps.cases"
    verbose_name = _("Ärenden")

    def ready(self):
        """Add the new concerns and the delegated cases to the start page."""
        from apps.agencies import start_page
        from apps.cases.start_page import cases_section

        start_page.register(cases_section)
