from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SipConfig(AppConfig):
    name = "apps.sip"
    verbose_name = _("Samordnad individuell plan (SIP)")

    def ready(self):
        """Add the plans to the case page and its chronology; cases never imports us."""
        from apps.cases import chronology, panels
        from apps.sip.chronology import plan_events

        panels.register("sip/_case_panel.html")
        chronology.register(plan_events)
