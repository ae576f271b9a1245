from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "apps.referrals"
    verbose_name = _("Remisser")

    def ready(self):
        """Add the referrals to the case page, its chronology and the start page; cases and
        agencies never import us."""
        from apps.agencies import start_page
        from apps.cases import panels
        from apps.referrals import selectors
        from apps.referrals.start_page import referrals_section

        panels.register("referrals/_case_panel.html", selectors.case_section)
        start_page.register(referrals_section)
