"""Which cells are hidden, so that no child can be singled out from the figures.

Primary suppression. A cell is hidden when it is based on fewer than
``SUPPRESSION_THRESHOLD`` (5) children: a count of fewer than five children, a median or 90th
percentile of fewer than five children's days. A share is hidden, too, when fewer than five of
its units are a yes or fewer than five a no: "0 of 7" or "7 of 7" says something about every
child it covers.

Secondary suppression. The published totals would let a hidden cell be recovered by
subtraction, so in every group whose total is published and in which exactly one cell is
hidden, the next smallest cell of the group is hidden too (its total, when the group has no
other cell). The groups are:

- the agency kinds of a municipality (or of the county) against its "every kind" cell;
- the municipalities against the county, for each agency kind and for every kind;
- the categories of an indicator against its total, where they make it up (the areas and
  sources of concerns, and for each wheel area its better, same, worse and not comparable);
- the two terms of a year against the year, when they are computed together (a child in
  both terms counts once in the year, so the year is not quite their sum; but close enough
  to narrow a hidden term down, and so treated as one). Here the year is hidden rather than
  the other term: a term is what the committees follow, and a new term's first weeks would
  otherwise hide most of the previous term.

Hiding one cell may leave another group with a single hidden cell, so the rule is applied
again until nothing changes. The median and the 90th percentile of one set are hidden
together, since they stand on the same children. A cell with no children is not stored at
all: there is nothing in it to protect, and an absent cell reads as none.

Everything hidden is stored without value or count (see ``compute.refresh``).
"""

from collections import defaultdict

from apps.indicators.definitions import SUPPRESSION_THRESHOLD


def primary(cell) -> bool:
    if cell.children < SUPPRESSION_THRESHOLD:
        return True
    return cell.hits is not None and min(cell.hits, cell.misses) < SUPPRESSION_THRESHOLD


def _groups(cells) -> list[tuple[object, list, bool]]:
    """Every (total, members, hide the total first) group of the cells; a total that was not
    computed is None."""
    by_key = {cell.key: cell for cell in cells}
    # Keyed by the total's key and the dimension: the county's every-kind cell is the total
    # of both its kinds and the municipalities, two groups.
    groups = defaultdict(list)
    for cell in cells:
        period, municipality, kind, indicator, category = cell.key
        if kind:
            groups[(period, municipality, "", indicator, category, "kinds")].append(cell)
        if municipality is not None:
            groups[(period, None, kind, indicator, category, "municipalities")].append(cell)
        if cell.group is not None:
            total = (period, municipality, kind, indicator, "")
            groups[(*total, f"categories {cell.group}")].append(cell)
        if period is not None and period.whole_year != period:
            year = (period.whole_year, municipality, kind, indicator, category)
            groups[(*year, "terms")].append(cell)
    return [(by_key.get(key[:5]), members, key[5] == "terms") for key, members in groups.items()]


def suppress(cells) -> None:
    """Mark the cells to hide (``cell.suppressed``), primary and secondary."""
    linked = defaultdict(list)
    for cell in cells:
        if cell.link is not None:
            linked[(*cell.key[:4], cell.link)].append(cell)

    def hide(cell):
        cell.suppressed = True
        for other in linked.get((*cell.key[:4], cell.link), ()):
            other.suppressed = True

    for cell in cells:
        if primary(cell):
            hide(cell)
    groups = _groups(cells)
    changed = True
    while changed:
        changed = False
        for total, members, total_first in groups:
            if total is None or total.suppressed:
                continue
            if sum(member.suppressed for member in members) != 1:
                continue
            shown = [member for member in members if not member.suppressed]
            hide(
                min(shown, key=lambda c: (c.children, c.key))
                if shown and not total_first
                else total
            )
            changed = True
