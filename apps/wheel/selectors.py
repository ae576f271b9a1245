"""Reads for assessments, always through the access policy: an assessment is reached through a
case the user may see (or change), and anything else answers 404."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.agencies import policy
from apps.cases.models import Case
from apps.cases.panels import Section
from apps.cases.wheel_areas import WheelArea
from apps.wheel import chronology
from apps.wheel.models import SEVERITY, AreaRating, Assessment, Rating

_WHEEL_ORDER = {area.value: index for index, area in enumerate(WheelArea)}


def _assessments():
    return Assessment.objects.select_related("case__child", "created_by")


def assessment_to_view(user, pk: int) -> Assessment:
    return policy.assessments.get_or_404(user, policy.VIEW, _assessments(), pk=pk)


def assessment_to_change(user, pk: int) -> Assessment:
    return policy.assessments.get_or_404(user, policy.CHANGE, _assessments(), pk=pk)


def case_to_assess(user, case_pk: int) -> Case:
    """The case a new assessment is made in: mapping is work on the case, so it takes the
    right to change the case, not only to see it."""
    return policy.cases.get_or_404(
        user, policy.CHANGE, Case.objects.select_related("child"), pk=case_pk
    )


def may_assess(user, case: Case) -> bool:
    """Whether to offer making or changing assessments of the case."""
    return policy.cases.may(user, policy.WORK, case)


def case_assessments(user, case: Case) -> QuerySet:
    return policy.assessments.of_case(user, policy.VIEW, case)


def previous_assessment(user, assessment: Assessment) -> Assessment | None:
    """The assessment of the same case made just before this one (by date, then by entry)."""
    earlier = Q(assessed_on__lt=assessment.assessed_on) | Q(
        assessed_on=assessment.assessed_on, pk__lt=assessment.pk
    )
    return (
        case_assessments(user, assessment.case)
        .filter(earlier)
        .order_by("-assessed_on", "-pk")
        .first()
    )


def ratings_in_wheel_order(assessment: Assessment) -> list[AreaRating]:
    return sorted(assessment.ratings.all(), key=lambda rating: _WHEEL_ORDER[rating.area])


class Change(models.TextChoices):
    BETTER = "better", _("Bättre")
    WORSE = "worse", _("Sämre")
    SAME = "same", _("Oförändrat")
    NEW = "new", _("Nu bedömt, var okänt förra gången")
    NOT_COMPARABLE = "not_comparable", _("Går inte att jämföra, okänt nu")


def change_between(before: str, now: str) -> Change:
    """How an area moved between two assessments. "Vet inte" is not on the severity scale, so
    it is never called better or worse: learning about an area is new knowledge, and losing
    track of one cannot be compared."""
    if before == now:
        return Change.SAME
    if before == Rating.NOT_KNOWN:
        return Change.NEW
    if now == Rating.NOT_KNOWN:
        return Change.NOT_COMPARABLE
    return Change.BETTER if SEVERITY[now] < SEVERITY[before] else Change.WORSE


@dataclass(frozen=True)
class AreaComparison:
    area_label: str
    before: AreaRating
    now: AreaRating
    change: Change


def comparison(previous: Assessment, current: Assessment) -> list[AreaComparison]:
    """Each area of the wheel, as rated in the previous and in the current assessment."""
    before = {rating.area: rating for rating in previous.ratings.all()}
    return [
        AreaComparison(
            area_label=now.get_area_display(),
            before=before[now.area],
            now=now,
            change=change_between(before[now.area].rating, now.rating),
        )
        for now in ratings_in_wheel_order(current)
    ]


@dataclass(frozen=True)
class AssessmentLink:
    """An assessment as the case page lists it: its date, and where to read it."""

    pk: int
    assessed_on: object

    def get_absolute_url(self) -> str:
        return reverse("wheel:assessment_detail", args=[self.pk])


def case_section(user, case: Case, reads) -> Section:
    """The wheel's section of the case page: its assessments, whether to offer a new one, and
    each assessment made or changed.

    All from one read of the history of the assessments the user sees: the latest record of
    each is the assessment as it stands (its date is all the list shows), and every record
    made or changed is an event of the chronology."""
    history = list(
        Assessment.history.filter(id__in=case_assessments(user, case).values("pk"))
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    latest = {record.id: record for record in history}
    assessments = sorted(
        (
            AssessmentLink(record.id, record.assessed_on)
            for record in latest.values()
            if record.history_type != "-"
        ),
        key=lambda link: (link.assessed_on, link.pk),
        reverse=True,
    )
    return Section(
        data={"assessments": assessments, "may_assess": may_assess(user, case)},
        events=list(
            chronology.assessment_events(
                record for record in history if record.history_type in chronology.TITLES
            )
        ),
    )
