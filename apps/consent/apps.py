from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "apps.consent"
    verbose_name = _("Samtycke")

    def ready(self):
        """Add the consents to the case page and its chronology, and judge them again when the
        child's parties change; cases never imports us."""
        from apps.cases import panels, parties
        from apps.consent import selectors, sharing

        panels.register("consent/_case_panel.html", selectors.case_section)
        parties.register(sharing.follow_the_parties)
