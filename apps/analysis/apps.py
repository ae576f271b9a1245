from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "apps.analysis"
    verbose_name = _("De fem frågorna")

    def ready(self):
        """Add the analyses to the case page and its chronology; cases never imports us."""
        from apps.analysis import selectors
        from apps.cases import panels

        panels.register("analysis/_case_panel.html", selectors.case_section)
