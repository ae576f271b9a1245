"""Reads for the analysis, filtered by the access policy where they start from an id.

Functions that take a ``case`` expect one the caller has already fetched through the policy.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from apps.agencies import policy
from apps.analysis import services
from apps.analysis.chronology import analysis_events
from apps.analysis.models import Analysis
from apps.analysis.suggestions import kinds_for_areas
from apps.cases.models import Case
from apps.cases.panels import Section
from apps.cases.wheel_areas import WheelArea

# Ratings of the wheel that count as a concern. Named here as plain values so that analysis
# reads the mapping through ``case.assessments`` without depending on the wheel app.
RATING_LABELS = {
    "serious_concern": _("Allvarlig oro"),
    "some_concern": _("Viss oro"),
}


@dataclass(frozen=True)
class AreaOfConcern:
    area: str
    rating: str = ""

    @property
    def label(self) -> str:
        return WheelArea(self.area).label

    @property
    def rating_label(self) -> str:
        return RATING_LABELS.get(self.rating, "")


@dataclass(frozen=True)
class ConcernAreas:
    """The wheel areas an analysis starts from: the latest mapping's, else the concerns'."""

    areas: list[AreaOfConcern]
    from_mapping: bool

    @property
    def codes(self) -> list[str]:
        return [area.area for area in self.areas]


def analysis_for_viewing(user, pk) -> Analysis:
    return policy.analyses.get_or_404(
        user,
        policy.VIEW,
        Analysis.objects.select_related("case__child", "case__agency", "decided_by"),
        pk=pk,
    )


def case_for_analysing(user, case_pk) -> Case:
    """Analysing works on the case, so it needs the right to change it, not only to see it."""
    return policy.cases.get_or_404(
        user, policy.CHANGE, Case.objects.select_related("child", "agency"), pk=case_pk
    )


def latest_analysis(case: Case) -> Analysis | None:
    return case.analyses.order_by("-decided_at", "-pk").first()


def collaboration_decided(case: Case, analyses: list[Analysis] | None = None) -> Analysis | None:
    """The analysis that allows collaboration to start: the latest one, if it decided so.

    Only the latest counts, so a later decision to handle the case within the own unit (or to
    close it) withdraws an earlier decision that collaboration was needed. ``analyses``, the
    case's analyses newest first, spares the read when the caller has them (the case page).
    """
    if analyses is None:
        analyses = [latest_analysis(case)]
    analysis = next(iter(analyses), None)
    if analysis and analysis.decision == Analysis.Decision.COLLABORATION:
        return analysis
    return None


def concern_areas(case: Case) -> ConcernAreas:
    """The areas rated some or serious concern in the latest mapping, in the wheel's order.

    Before anything is mapped, the areas tagged in the case's concerns stand in for them.
    """
    assessment = case.assessments.order_by("-assessed_on", "-pk").first()
    if assessment is not None:
        ratings = dict(
            assessment.ratings.filter(rating__in=list(RATING_LABELS)).values_list("area", "rating")
        )
        areas = [AreaOfConcern(area, ratings[area]) for area in WheelArea.values if area in ratings]
        return ConcernAreas(areas, from_mapping=True)
    tagged = {area for areas in case.concerns.values_list("areas", flat=True) for area in areas}
    return ConcernAreas(
        [AreaOfConcern(area) for area in WheelArea.values if area in tagged], from_mapping=False
    )


def suggested_collaboration_kinds(case: Case) -> list[str]:
    """Kinds of agency to pre-select for a collaboration, from the areas of concern and the
    child's age today."""
    return kinds_for_areas(
        concern_areas(case).codes, exclude=[case.agency.kind], age=case.child.age()
    )


def case_analyses(user, case: Case) -> list[Analysis]:
    """The case's analyses the user may see, newest first: read once for the case page's
    section, its chronology and the meetings' question whether collaboration was decided."""
    return list(
        policy.analyses.of_case(user, policy.VIEW, case)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
    )


def case_section(user, case: Case, reads) -> Section:
    """The analysis section of the case page: the case's analyses, latest first, whether to
    offer "Gör analys" (the user may change the case and it is ready for it), and each
    decision in the chronology."""
    analyses = reads.once(case_analyses)
    return Section(
        data={
            "analyses": analyses,
            "may_analyse": policy.cases.may(user, policy.CHANGE, case)
            and not services.not_analysable_reason(case),
        },
        events=list(analysis_events(analyses)),
    )
