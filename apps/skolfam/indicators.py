"""The Skolfam cohort's results for the indicators: raw counts, never a child.

The indicators computation (apps/indicators) calls ``cohort_movement`` for each municipality
(or group of municipalities) and period it reports, and applies the same suppression to these
counts as to every other figure (cells under 5 children, with secondary suppression): nothing
is suppressed here, and nothing here names or identifies a child.
"""

import datetime
from itertools import groupby

from apps.skolfam.models import Area, CohortMember, Mapping, Participation, band_rank

BETTER, SAME, WORSE = "better", "same", "worse"
MOVEMENTS = (BETTER, SAME, WORSE)


def taking_part(municipality_ids) -> set[int]:
    """Of ``municipality_ids``, those that take part in Skolfam today: only they have a
    Skolfam figure to show (a municipality not in Skolfam sees nothing of it)."""
    return set(
        Participation.objects.filter(
            municipality_id__in=municipality_ids, takes_part=True
        ).values_list("municipality_id", flat=True)
    )


def cohort_movement(
    municipality_ids, period_start: datetime.date, period_end: datetime.date
) -> dict[str, dict[str, int]]:
    """How the cohort's bands moved, per Skolfam area, for the children mapped in the period.

    A child counts when its latest mapping up to ``period_end`` falls in the period
    (``period_start`` to ``period_end``, both included) and it has an earlier mapping: that
    latest mapping is compared with the one just before it. Each child counts once per area,
    as ``better``, ``same`` or ``worse`` (the band's place in its area's scale, see
    models.BANDS_OF_AREA). Children are those marked by a social-services unit of one of
    ``municipality_ids`` that takes part in Skolfam; a child marked again after a withdrawal
    is still one child, its mappings taken together. A withdrawn child's mappings made before
    the withdrawal count in the periods they fall in (the withdrawal applies from then on).

    Returns every area, in the order of ``models.Area``, each with all three counts::

        {"cognitive": {"better": 3, "same": 5, "worse": 1}, "reading": {...}, ...,
         "wellbeing": {...}}

    The three counts of an area add up to the number of children compared, the same for
    every area. Counts are raw: the caller suppresses.
    """
    counts = {area: dict.fromkeys(MOVEMENTS, 0) for area in Area.values}
    members = CohortMember.objects.filter(
        agency__municipality_id__in=taking_part(municipality_ids)
    ).values("pk")
    rows = (
        Mapping.objects.filter(member__in=members, mapped_on__lte=period_end)
        .order_by("member__child_id", "mapped_on", "pk")
        .values_list("member__child_id", "mapped_on", *Area.values)
    )
    for _child, mappings in groupby(rows, key=lambda row: row[0]):
        *_, previous, latest = [None, None, *mappings]
        if previous is None or latest[1] < period_start:
            continue
        for index, area in enumerate(Area.values, start=2):
            before, after = band_rank(area, previous[index]), band_rank(area, latest[index])
            movement = BETTER if after > before else WORSE if after < before else SAME
            counts[area][movement] += 1
    return counts
