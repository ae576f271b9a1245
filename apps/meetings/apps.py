from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "apps.meetings"
    verbose_name = _("Samverkansmöten")

    def ready(self):
        """Add the meetings to the case page and its chronology; cases never imports us."""
        from apps.cases import panels
        from apps.meetings import selectors

        panels.register("meetings/_case_panel.html", selectors.case_section)
