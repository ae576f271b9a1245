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
  sources of concerns, and for each wheel area its better, same, worse and not comparable).

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


def _groups(cells) -> list[tuple[object, list]]:
    """Every (total, members) group of the cells; a total that was not computed is None."""
    by_key = {cell.key: cell for cell in cells}
    kinds, municipalities, categories = defaultdict(list), defaultdict(list), defaultdict(list)
    for cell in cells:
        if cell.agency_kind:
            kinds[(cell.municipality_id, "", cell.indicator, cell.category)].append(cell)
        if cell.municipality_id is not None:
            municipalities[(None, cell.agency_kind, cell.indicator, cell.category)].append(cell)
        if cell.group is not None:
            total = (cell.municipality_id, cell.agency_kind, cell.indicator, "")
            categories[(*total, cell.group)].append(cell)
    groups = [(by_key.get(key), members) for key, members in kinds.items()]
    groups += [(by_key.get(key), members) for key, members in municipalities.items()]
    groups += [(by_key.get(key[:4]), members) for key, members in categories.items()]
    return groups


def suppress(cells) -> None:
    """Mark the cells to hide (``cell.suppressed``), primary and secondary."""
    linked = defaultdict(list)
    for cell in cells:
        if cell.link is not None:
            linked[(cell.municipality_id, cell.agency_kind, cell.indicator, cell.link)].append(cell)

    def hide(cell):
        cell.suppressed = True
        if cell.link is not None:
            for other in linked[
                (cell.municipality_id, cell.agency_kind, cell.indicator, cell.link)
            ]:
                other.suppressed = True

    for cell in cells:
        if primary(cell):
            hide(cell)
    groups = _groups(cells)
    changed = True
    while changed:
        changed = False
        for total, members in groups:
            if total is None or total.suppressed:
                continue
            if sum(member.suppressed for member in members) != 1:
                continue
            shown = [member for member in members if not member.suppressed]
            hide(min(shown, key=lambda c: (c.children, c.key)) if shown else total)
            changed = True
