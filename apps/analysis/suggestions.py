"""Which kinds of agency usually help with which area of the wheel, for a child of what age.

The model chooses the participants of a collaboration meeting from the areas found in the
mapping; this map turns those areas into a first suggestion the BBA confirms or changes. Who
is there for a child depends on the child's age (DESIGN.md §1): child health care (BVC) and
preschool up to six, the school from förskoleklass to year 9, upper secondary school or the
municipal activity responsibility (KAA) after that, child and adolescent psychiatry (BUP)
until eighteen. It is a suggestion only, never a rule, so it stays a plain table with no
access to the database.
"""

from collections.abc import Iterable

from apps.agencies.models import Agency
from apps.cases.wheel_areas import WheelArea

Kind = Agency.Kind

AREA_AGENCY_KINDS: dict[str, tuple[str, ...]] = {
    WheelArea.HEALTH: (Kind.CHILD_HEALTH, Kind.HEALTH_CARE),
    WheelArea.DEVELOPMENT: (Kind.CHILD_HEALTH, Kind.BUP),
    WheelArea.LEARNING: (Kind.PRESCHOOL, Kind.SCHOOL, Kind.UPPER_SECONDARY, Kind.KAA),
    WheelArea.CARE: (Kind.SOCIAL_SERVICES,),
    WheelArea.HOME: (Kind.SOCIAL_SERVICES,),
    WheelArea.RELATIONSHIPS: (Kind.SOCIAL_SERVICES, Kind.BUP),
    WheelArea.SAFETY: (Kind.SOCIAL_SERVICES,),
}

# The ages, in whole years and both ends included, at which a kind of agency is there for the
# child. A year where two stages meet (six: preschool or förskoleklass; sixteen: year 9 or
# upper secondary) counts for both. A kind not named here is there at any age.
KIND_AGES: dict[str, tuple[int, int]] = {
    Kind.CHILD_HEALTH: (0, 6),
    Kind.PRESCHOOL: (0, 6),
    Kind.SCHOOL: (6, 16),
    Kind.UPPER_SECONDARY: (16, 19),
    Kind.KAA: (16, 19),
    Kind.BUP: (0, 17),
}


def is_for_age(kind: str, age: int) -> bool:
    youngest, oldest = KIND_AGES.get(kind, (0, 200))
    return youngest <= age <= oldest


def kinds_for_areas(
    areas: Iterable[str], *, exclude: Iterable[str] = (), age: int | None = None
) -> list[str]:
    """The kinds of agency that usually help with ``areas``, in the order of Agency.Kind.

    ``exclude`` drops kinds that need not be called in, such as the owning agency's own kind:
    the BBA's own unit takes part in any collaboration anyway. ``age``, the child's, drops
    the kinds that are not there for a child of that age.
    """
    wanted = {kind for area in areas for kind in AREA_AGENCY_KINDS.get(area, ())}
    wanted -= set(exclude)
    if age is not None:
        wanted = {kind for kind in wanted if is_for_age(kind, age)}
    return [kind.value for kind in Kind if kind in wanted]
