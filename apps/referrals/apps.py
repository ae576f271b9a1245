from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "apps.referrals"
    verbose_name = _("Remisser")

    def ready(self):
        """Add the referrals to the case page and its chronology; cases never imports us."""
        from apps.cases import panels
        from apps.referrals import selectors

        panels.register("referrals/_case_panel.html", selectors.case_section)
