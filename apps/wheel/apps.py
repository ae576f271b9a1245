from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WheelConfig(AppConfig):
    name = "apps.wheel"
    verbose_name = _("Barnets bästa-hjulet")

    def ready(self):
        """Add the wheel to the case page and its chronology; cases never imports this app."""
        from apps.cases import panels
        from apps.wheel import selectors

        panels.register("wheel/_case_panel.html", selectors.case_section)
