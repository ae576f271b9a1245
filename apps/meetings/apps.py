from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "apps.meetings"
    verbose_name = _("Samverkansmöten")

    def ready(self):
        """Add the meetings to the case page, its chronology and the start page; cases and
        agencies never import us."""
        from apps.agencies import start_page
        from apps.cases import panels
        from apps.meetings import selectors
        from apps.meetings.start_page import meetings_section

        panels.register("meetings/_case_panel.html", selectors.case_section)
        start_page.register(meetings_section)
