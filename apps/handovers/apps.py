from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoversConfig(AppConfig):
    name = "apps.handovers"
    verbose_name = _("Överlämningar")

    def ready(self):
        """Add the handovers to the case page, its chronology, the plan page and the start
        page; cases, sip and agencies never import us."""
        from apps.agencies import start_page
        from apps.cases import panels
        from apps.handovers import selectors
        from apps.handovers.start_page import handovers_section
        from apps.sip import plan_panels

        panels.register("handovers/_case_panel.html", selectors.case_section)
        plan_panels.register("handovers/_plan_panel.html", selectors.plan_section)
        start_page.register(handovers_section)
