from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "apps.referrals"
    verbose_name = _("Remisser")

    def ready(self):
        """Add the referrals to the case page and its chronology; cases never imports us."""
        from apps.cases import chronology, panels
        from apps.referrals import selectors
        from apps.referrals.chronology import referral_events

        panels.register("referrals/_case_panel.html", selectors.case_panel)
        chronology.register(referral_events)
