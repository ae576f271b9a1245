"""The child's stage and who holds the BBA responsibility for it.

The Sörmland model makes the role of barnets bästa-ansvarig follow the child's age, so that no
child falls between agencies: child health care (BVC) and the preschool until förskoleklass,
the school from förskoleklass to year 9, the upper secondary school in Sörmland, the home
municipality's follow-up officer for upper secondary outside Sörmland, and the municipal
activity responsibility (KAA) for young people who have not started or have left upper
secondary, up to 20. ``RESPONSIBILITY`` is the one place in the code that says so.

The stage is derived from the birth date: a Swedish school year starts with the autumn term
(mid-August), so a child starts förskoleklass the autumn of the calendar year they turn 6,
year 9 the autumn they turn 15 and upper secondary (three years) the autumn they turn 16; the
activity responsibility ends with the first half of the year they turn 20. Where the child's
road differs (held back a year, upper secondary outside Sörmland, not in school) a BBA records
the stage for a period (``RecordedStage``), and that record wins over the derivation while it
holds.

Pure functions of a child (its ``birth_date`` and ``recorded_stages``, which a list should
prefetch) and a date; nothing here reads or writes on its own.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.agencies.models import Agency

# The autumn term, and with it the school year, starts in mid-August (month, day).
AUTUMN_TERM_STARTS = (8, 15)
STARTS_FORSKOLEKLASS_AT = 6  # the autumn of the calendar year the child turns 6
STARTS_UPPER_SECONDARY_AT = 16  # the autumn after year 9, the year they turn 16
UPPER_SECONDARY_YEARS = 3
# The activity responsibility runs to the end of the first half of the year they turn 20;
# no stage, recorded or derived, holds after it.
RESPONSIBILITY_ENDS_AT = 20
# The BBA is reminded this many days before the child's stage changes.
REMIND_DAYS_BEFORE = 60


class Stage(models.TextChoices):
    PRESCHOOL = "preschool", _("Förskoleåldern (0–6 år)")
    SCHOOL = "school", _("Förskoleklass–årskurs 9")
    UPPER_SECONDARY = "upper_secondary", _("Gymnasiet i Sörmland")
    UPPER_SECONDARY_ELSEWHERE = "upper_secondary_elsewhere", _("Gymnasiet utanför Sörmland")
    NOT_IN_SCHOOL = "not_in_school", _("Inte i gymnasiet (KAA)")
    ADULT = "adult", _("Efter skolåldern, inget BBA-ansvar")


@dataclass(frozen=True)
class Responsibility:
    """Who holds the BBA responsibility for a stage (the agency kinds), the stage that follows
    it on the child's usual road, and the day that one begins for a child born on a date."""

    kinds: tuple[str, ...]
    next_stage: str | None
    next_begins: Callable[[datetime.date], datetime.date] | None  # of the birth date


def _autumn_of(year: int) -> datetime.date:
    return datetime.date(year, *AUTUMN_TERM_STARTS)


def school_starts(birth_date: datetime.date) -> datetime.date:
    return _autumn_of(birth_date.year + STARTS_FORSKOLEKLASS_AT)


def upper_secondary_starts(birth_date: datetime.date) -> datetime.date:
    return _autumn_of(birth_date.year + STARTS_UPPER_SECONDARY_AT)


def upper_secondary_ends(birth_date: datetime.date) -> datetime.date:
    """The first day after upper secondary: the autumn three school years on."""
    return _autumn_of(birth_date.year + STARTS_UPPER_SECONDARY_AT + UPPER_SECONDARY_YEARS)


def responsibility_ends(birth_date: datetime.date) -> datetime.date:
    """The first day after the activity responsibility: 1 July of the year they turn 20."""
    return datetime.date(birth_date.year + RESPONSIBILITY_ENDS_AT, 7, 1)


K = Agency.Kind
RESPONSIBILITY: dict[str, Responsibility] = {
    Stage.PRESCHOOL: Responsibility((K.CHILD_HEALTH, K.PRESCHOOL), Stage.SCHOOL, school_starts),
    Stage.SCHOOL: Responsibility((K.SCHOOL,), Stage.UPPER_SECONDARY, upper_secondary_starts),
    Stage.UPPER_SECONDARY: Responsibility((K.UPPER_SECONDARY,), Stage.ADULT, upper_secondary_ends),
    Stage.UPPER_SECONDARY_ELSEWHERE: Responsibility(
        (K.FOLLOW_UP,), Stage.ADULT, upper_secondary_ends
    ),
    Stage.NOT_IN_SCHOOL: Responsibility((K.KAA,), Stage.ADULT, responsibility_ends),
    Stage.ADULT: Responsibility((), None, None),
}


def responsible_kinds(stage: str) -> tuple[str, ...]:
    """The agency kinds (``Agency.Kind``) whose BBA is responsible for a child at ``stage``."""
    return RESPONSIBILITY[stage].kinds


def responsible_kind_labels(stage: str) -> list[str]:
    return [str(K(kind).label) for kind in responsible_kinds(stage)]


def next_stage(stage: str) -> str | None:
    return RESPONSIBILITY[stage].next_stage


def derived_stage(birth_date: datetime.date, on: datetime.date) -> str:
    """The stage on the usual road: what the birth date alone says about ``on``."""
    if on < school_starts(birth_date):
        return Stage.PRESCHOOL
    if on < upper_secondary_starts(birth_date):
        return Stage.SCHOOL
    if on < upper_secondary_ends(birth_date):
        return Stage.UPPER_SECONDARY
    return Stage.ADULT


def _record_on(child, on: datetime.date):
    """The recorded stage that holds on ``on``: of several, the one that starts latest (and of
    those the one recorded last), since a new record is how a stage is corrected."""
    holding = [
        record
        for record in child.recorded_stages.all()
        if record.starts_on <= on and (record.ends_on is None or on <= record.ends_on)
    ]
    return max(holding, key=lambda record: (record.starts_on, record.pk), default=None)


def stage_of(child, on: datetime.date | None = None) -> str:
    """The child's stage on ``on`` (today): recorded where it differs, else derived."""
    on = on or timezone.localdate()
    if on >= responsibility_ends(child.birth_date):
        return Stage.ADULT
    record = _record_on(child, on)
    return record.stage if record is not None else derived_stage(child.birth_date, on)


def is_recorded(child, on: datetime.date | None = None) -> bool:
    """Whether the stage on ``on`` comes from a record rather than from the birth date."""
    on = on or timezone.localdate()
    return on < responsibility_ends(child.birth_date) and _record_on(child, on) is not None


@dataclass(frozen=True)
class StageChange:
    """The day the child's stage changes, the stage it becomes and who is then responsible."""

    on: datetime.date
    stage: str
    kinds: tuple[str, ...]

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def kind_labels(self) -> list[str]:
        return responsible_kind_labels(self.stage)


def _days_a_stage_may_change(child) -> list[datetime.date]:
    """Every day the stage may change on: the derivation's boundaries, and each record's first
    day and the day after its last. Between two of them the stage is the same."""
    birth_date = child.birth_date
    days = {
        school_starts(birth_date),
        upper_secondary_starts(birth_date),
        upper_secondary_ends(birth_date),
        responsibility_ends(birth_date),
    }
    for record in child.recorded_stages.all():
        days.add(record.starts_on)
        if record.ends_on is not None:
            days.add(record.ends_on + datetime.timedelta(days=1))
    return sorted(days)


def next_change(child, on: datetime.date | None = None) -> StageChange | None:
    """The next day after ``on`` (today) the child's stage changes; None after the last."""
    on = on or timezone.localdate()
    current = stage_of(child, on)
    for day in _days_a_stage_may_change(child):
        if day > on and (stage := stage_of(child, day)) != current:
            return StageChange(day, stage, responsible_kinds(stage))
    return None


def horizon(on: datetime.date) -> datetime.date:
    """The last day of the coming term: of the half-year after the one ``on`` is in. In the
    spring the moves of the autumn show; from July, those of the next spring."""
    if on.month <= 6:
        return datetime.date(on.year, 12, 31)
    return datetime.date(on.year + 1, 6, 30)


def coming_change(child, on: datetime.date | None = None) -> StageChange | None:
    """The child's next change of stage if it falls within the coming term, else None."""
    on = on or timezone.localdate()
    change = next_change(child, on)
    return change if change is not None and change.on <= horizon(on) else None


def remind_from(change_on: datetime.date) -> datetime.date:
    """The first day the BBA is reminded of a change of stage on ``change_on``."""
    return change_on - datetime.timedelta(days=REMIND_DAYS_BEFORE)


@dataclass(frozen=True)
class CaseStage:
    """What the case page says of the child's stage: the stage, who holds the responsibility
    for it, the change coming within the term, and whether the case's own unit is of a kind
    that should hand the child over."""

    stage: str
    recorded: bool
    kinds: tuple[str, ...]
    coming: StageChange | None
    unit_not_responsible: bool

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def kind_labels(self) -> list[str]:
        return responsible_kind_labels(self.stage)


# The agency kinds that hold the BBA responsibility at some stage: only a case of one of them
# is out of place when the child's stage is another's (social services or BUP run their own
# cases beside the BBA's, whatever the stage).
BBA_KINDS = frozenset(kind for row in RESPONSIBILITY.values() for kind in row.kinds)


def case_stage(case, on: datetime.date | None = None) -> CaseStage:
    """The child's stage as the case page shows it on ``on`` (today)."""
    on = on or timezone.localdate()
    child = case.child
    stage = stage_of(child, on)
    kinds = responsible_kinds(stage)
    return CaseStage(
        stage=stage,
        recorded=is_recorded(child, on),
        kinds=kinds,
        coming=coming_change(child, on),
        unit_not_responsible=not case.is_closed
        and case.agency.kind in BBA_KINDS
        and case.agency.kind not in kinds,
    )
