"""Which kinds of agency usually help with which area of the wheel.

The model chooses the participants of a collaboration meeting from the areas found in the
mapping; this map turns those areas into a first suggestion the BBA confirms or changes. It is a
suggestion only, never a rule, so it stays a plain table with no access to the database.
"""

from collections.abc import Iterable

from apps.agencies.models import Agency
from apps.cases.wheel_areas import WheelArea

Kind = Agency.Kind

AREA_AGENCY_KINDS: dict[str, tuple[str, ...]] = {
    WheelArea.HEALTH: (Kind.HEALTH_CARE, Kind.CHILD_HEALTH),
    WheelArea.DEVELOPMENT: (Kind.HEALTH_CARE,),
    WheelArea.LEARNING: (Kind.SCHOOL,),
    WheelArea.CARE: (Kind.SOCIAL_SERVICES,),
    WheelArea.HOME: (Kind.SOCIAL_SERVICES,),
    WheelArea.RELATIONSHIPS: (Kind.SOCIAL_SERVICES, Kind.HEALTH_CARE),
    WheelArea.SAFETY: (Kind.SOCIAL_SERVICES,),
}


def kinds_for_areas(areas: Iterable[str], *, exclude: Iterable[str] = ()) -> list[str]:
    """The kinds of agency that usually help with ``areas``, in the order of Agency.Kind.

    ``exclude`` drops kinds that need not be called in, such as the owning agency's own kind:
    the BBA's own unit takes part in any collaboration anyway.
    """
    wanted = {kind for area in areas for kind in AREA_AGENCY_KINDS.get(area, ())}
    wanted -= set(exclude)
    return [kind.value for kind in Kind if kind in wanted]
