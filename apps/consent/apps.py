from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "apps.consent"
    verbose_name = _("Samtycke")

    def ready(self):
        """Add the consents to the case page and its chronology; cases never imports us."""
        from apps.cases import chronology, panels
        from apps.consent import selectors
        from apps.consent.chronology import consent_events

        panels.register("consent/_case_panel.html", selectors.case_panel)
        chronology.register(consent_events)
