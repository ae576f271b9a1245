from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SipConfig(AppConfig):
    name = "apps.sip"
    verbose_name = _("Samordnad individuell plan (SIP)")

    def ready(self):
        """Add the plans to the case page, its chronology and the start page, and cancel
        their follow-ups when a case closes; cases and agencies never import us."""
        from apps.agencies import start_page
        from apps.cases import closing, panels
        from apps.sip import selectors, services
        from apps.sip.start_page import coordinator_section

        panels.register("sip/_case_panel.html", selectors.case_section)
        start_page.register(coordinator_section)
        closing.register(services.cancel_follow_ups_of_closed_case)
