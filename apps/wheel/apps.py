from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WheelConfig(AppConfig):
    name = "apps.wheel"
    verbose_name = _("Barnets bästa-hjulet")

    def ready(self):
        """Add the wheel to the case page and its chronology; cases never imports this app."""
        from apps.cases import chronology, panels
        from apps.wheel import selectors
        from apps.wheel.chronology import assessment_events

        panels.register("wheel/_case_panel.html", selectors.case_panel)
        chronology.register(assessment_events)
