"""The analysis's part of the case chronology (see apps.cases.chronology)."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from apps.cases.chronology import Event


def analysis_events(analyses) -> Iterable[Event]:
    for analysis in analyses:
        yield Event(
            analysis.decided_at,
            _("Analys: %(decision)s") % {"decision": analysis.get_decision_display()},
            analysis.decided_by,
            detail=analysis.decision_details,
            url=analysis.get_absolute_url(),
            kind="analysis",
        )
