"""The cases' part of the start page: new concerns waiting in the unit's inbox, the cases
delegated to the person and the children about to change stage, each list a few rows and a
link to the whole list."""

from django.db.models import QuerySet

from apps.agencies.start_page import SHOWN, Section
from apps.cases import selectors
from apps.cases.models import Case


def cases_section(request) -> Section | None:
    user, agency = request.user, request.acting_agency
    # Each row names the child and the case's status: joined with nothing else.
    mine = _naming_the_child(selectors.inbox(user, agency).filter(handler=user))
    to_handle = _naming_the_child(
        selectors.inbox(user, agency, Case.Status.DETECTED).exclude(handler=user)
    )
    delegated = list(mine[:SHOWN])
    new = list(to_handle[:SHOWN])
    if not (delegated or new):
        return None
    return Section(
        "cases/_start_panel.html",
        {"delegated": delegated, "to_handle": new, "detected": Case.Status.DETECTED},
        [(case, case) for case in [*new, *delegated]],
    )


def transitions_section(request) -> Section | None:
    agency = request.acting_agency
    if agency is None:
        return None
    coming = list(selectors.coming_transitions(request.user, agency)[:SHOWN])
    if not coming:
        return None
    return Section(
        "cases/_transitions_start_panel.html",
        {"transitions": coming},
        [(transition, transition.case) for transition in coming],
    )


def _naming_the_child(cases: QuerySet) -> QuerySet:
    return cases.select_related(None).select_related("child")
