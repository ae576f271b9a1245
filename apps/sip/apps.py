from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SipConfig(AppConfig):
    name = "apps.sip"
    verbose_name = _("Samordnad individuell plan (SIP)")

    def ready(self):
        """Add the plans to the case page, its chronology and the start page; cases and
        agencies never import us."""
        from apps.agencies import start_page
        from apps.cases import panels
        from apps.sip import selectors
        from apps.sip.start_page import coordinator_section

        panels.register("sip/_case_panel.html", selectors.case_section)
        start_page.register(coordinator_section)
