"""Sections of the start page contributed by the apps above agencies: what waits for whoever
is signed in (concerns to handle, cases delegated to them, referrals to decide, meetings they
are invited to, plans they coordinate or have actions in, follow-ups due).

Every list on the start page shows at most ``SHOWN`` rows and links to the page that lists
them all, paged: at county scale someone may have hundreds of each, and the start page must
cost the same whatever they have.

An app registers, in its AppConfig.ready(), a function of the request that returns a
``Section`` (or None when it has nothing to show): its template, what the template shows, and
every object shown that names a child. The start page's view calls them and logs those reads,
like any other page that names a child; the templates only format.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class Section:
    template: str
    context: dict
    reads: list[tuple[Model, Model]] = field(default_factory=list)  # (object shown, its case)


SHOWN = 5


def first_shown(rows: QuerySet) -> list:
    """The first ``SHOWN`` of ``rows``, in their order, in one query that cuts them on ids
    (in a subquery that joins nothing) before joining what they show. Sorted after the joins,
    PostgreSQL joined every row the person may see to cut five: a social services handler may
    decide on a thousand referrals (22 ms against 2.6 ms at 100,000 children)."""
    return list(rows.filter(pk__in=rows.values("pk")[:SHOWN]))


_loaders: list[Callable] = []


def register(load: Callable) -> None:
    if load not in _loaders:
        _loaders.append(load)


def load_sections(request) -> list[Section]:
    return [section for load in _loaders if (section := load(request)) is not None]
