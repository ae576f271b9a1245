from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkolfamConfig(AppConfig):
    name = "apps.skolfam"
    verbose_name = _("Skolfam")

    def ready(self):
        """Add the Skolfam section to the case page; cases never imports us."""
        from apps.cases import panels
        from apps.skolfam import selectors

        panels.register("skolfam/_case_panel.html", selectors.case_section)
