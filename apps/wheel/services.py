"""Writes for assessments. Each takes the acting user as ``by``, who is recorded in the history.

Access is decided before these are called (the selectors only hand out what the user may
change); the rules here are those of the process itself: a mapping covers the whole wheel, a
closed case takes no new mappings, and nobody overwrites a colleague's edit unknowingly.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.history import claim_revision, save_as
from apps.cases.models import Case
from apps.cases.services import start_mapping
from apps.cases.wheel_areas import WheelArea
from apps.wheel.models import AreaRating, Assessment


class AssessmentRefused(Exception):
    """A write the process does not allow; the message is for the user."""


class CaseClosed(AssessmentRefused):
    def __init__(self):
        super().__init__(
            _("Ärendet är avslutat. Det går inte att göra eller ändra kartläggningar i det.")
        )


class ConcurrentEdit(AssessmentRefused):
    """Someone saved the assessment after the user opened it; ``current_version`` is theirs."""

    def __init__(self, current_version: int):
        self.current_version = current_version
        super().__init__(
            _(
                "Någon annan har ändrat kartläggningen medan du skrev. Dina ändringar är inte "
                "sparade, men allt du skrev finns kvar nedan. Jämför med den senaste versionen. "
                "Sparar du igen ersätter dina uppgifter den andras ändringar."
            )
        )


def _refuse_if_closed(case: Case) -> None:
    if case.is_closed:
        raise CaseClosed


def _require_every_area(ratings: dict) -> None:
    missing = set(WheelArea.values) - set(ratings)
    if missing:
        raise ValueError(f"An assessment rates every area of the wheel; missing: {sorted(missing)}")


@transaction.atomic
def create_assessment(case: Case, *, by, ratings: dict[str, dict], **fields) -> Assessment:
    """Map the child: the assessment with all seven areas rated. The first mapping moves a
    newly detected case on to the mapping step of the process."""
    _refuse_if_closed(case)
    _require_every_area(ratings)
    assessment = save_as(Assessment(case=case, created_by=by, **fields), by)
    for area in WheelArea:
        save_as(AreaRating(assessment=assessment, area=area, **ratings[area]), by)
    start_mapping(case, by=by)
    return assessment


@transaction.atomic
def update_assessment(
    assessment: Assessment, *, by, expected_version: int, ratings: dict[str, dict], **fields
) -> Assessment:
    """Save the user's edit of the version they opened, or raise ``ConcurrentEdit``.

    The version is claimed first (see ``claim_revision``). Only ratings that
    actually changed are saved, so the history shows what was changed, not every area.
    """
    _refuse_if_closed(assessment.case)
    _require_every_area(ratings)
    current = claim_revision(assessment, expected_version, field="version")
    if current is not None:
        raise ConcurrentEdit(current)
    for name, value in fields.items():
        setattr(assessment, name, value)
    save_as(assessment, by)
    for rating in assessment.ratings.all():
        wanted = ratings[rating.area]
        if any(getattr(rating, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(rating, name, value)
            save_as(rating, by)
    return assessment
