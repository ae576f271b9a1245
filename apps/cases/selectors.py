"""Reads of children, cases and concerns, already filtered by the access policy."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from apps.agencies import policy
from apps.agencies.models import Agency, Membership
from apps.audit.models import AccessLog, AccessLogUnion
from apps.cases import chronology, panels, stages
from apps.cases.chronology import Event
from apps.cases.models import Case, Child, Concern, Guardian


def inbox(user, agency, status: str = "") -> QuerySet:
    """The cases of the acting agency that the user may see, newest concern first."""
    cases = policy.cases.visible(user, policy.VIEW).filter(agency=agency)
    cases = cases.filter(status=status) if status else cases.exclude(status=Case.Status.CLOSED)
    return (
        cases.select_related("child", "handler")
        .annotate(latest_concern_at=Max("concerns__reported_at"), concern_count=Count("concerns"))
        .order_by("-latest_concern_at", "-opened_at")
    )


def coming_transitions(user, agency, today=None) -> QuerySet:
    """The changes of stage the daily scan foresaw for the children of the acting agency's open
    cases that the user may see, soonest first; those whose day has passed are left out."""
    today = today or timezone.localdate()
    return (
        policy.transitions.visible(user, policy.VIEW)
        .filter(case__agency=agency, changes_on__gte=today)
        .exclude(case__status=Case.Status.CLOSED)
        .select_related("case__child")
        .order_by("changes_on", "pk")
    )


def stage_section(user, case: Case, reads) -> panels.Section:
    """The case page's section on the child's stage and who holds the BBA responsibility."""
    return panels.Section(stages.case_stage(case))


def my_concerns(user) -> QuerySet:
    return (
        policy.concerns.visible(user, policy.VIEW)
        .filter(reported_by=user)
        .select_related("case", "case__child", "case__agency")
    )


def concern_for_reporter(user, pk) -> Concern:
    return policy.concerns.get_or_404(
        user,
        policy.VIEW,
        Concern.objects.select_related("case", "case__child", "case__agency"),
        pk=pk,
    )


def case_of_concern(user, concern: Concern) -> Case | None:
    """The concern's case, for someone who may see it (a BBA who logged a concern); None for
    a reporter, to whom the unit's record of the child, even its existence, stays secret."""
    return concern.case if policy.cases.may(user, policy.VIEW, concern.case) else None


def case_for_viewing(user, pk) -> Case:
    """The case page's case, with its guardians, recorded stages and concerns loaded once for
    every part of the page that shows them (the header, the stage, the chronology, the change
    log, the consent panel)."""
    cases = Case.objects.select_related("child", "agency", "bba", "handler").prefetch_related(
        "child__guardians",
        "child__recorded_stages",
        Prefetch("concerns", Concern.objects.select_related("reported_by")),
    )
    return policy.cases.get_or_404(user, policy.VIEW, cases, pk=pk)


def case_for_changing(user, pk) -> Case:
    return policy.cases.get_or_404(
        user, policy.CHANGE, Case.objects.select_related("child", "agency"), pk=pk
    )


def case_for_assigning(user, pk) -> Case:
    return policy.cases.get_or_404(
        user, policy.ASSIGN, Case.objects.select_related("child", "agency"), pk=pk
    )


def child_for_changing(user, pk) -> Child:
    return policy.children.get_or_404(user, policy.CHANGE, pk=pk)


def child_cases(user, child: Child) -> QuerySet:
    """The child's cases the user may open: a case of theirs may sit beside one they may not."""
    return policy.cases.visible(user, policy.VIEW).filter(child=child)


def search_children(user, lookup) -> QuerySet:
    """Only children the user may already see: another agency's knowledge never shows.

    ``lookup`` (forms.IdentityLookup) is found as a personnummer, as a region's reserve number
    (of any region: the searcher need not know which one gave it) and as one of ours, which
    is stored with a dash the normalised search text has not."""
    identities = Q(region_reserve_number=lookup.reserve_number) | Q(
        own_reserve=lookup.reserve_number
    )
    if lookup.personal_number:
        identities |= Q(personal_number=lookup.personal_number.normalised)
    return (
        policy.children.visible(user, policy.VIEW)
        .alias(own_reserve=Replace("reserve_number", Value("-"), Value("")))
        .filter(identities)
        .prefetch_related(Prefetch("cases", policy.cases.visible(user, policy.VIEW)))
    )


def handler_candidates(agency) -> QuerySet:
    """People of the unit a BBA may delegate a case to."""
    members = Membership.objects.current().filter(
        agency=agency, role__in=policy.cases.grants.delegated_to_roles
    )
    return get_user_model().objects.filter(memberships__in=members).distinct()


@dataclass(frozen=True)
class Change:
    at: datetime
    who: object
    what: str
    fields: list[str]


@dataclass(frozen=True)
class CasePage:
    """What the case page shows below the case itself: each app's section (its template and
    what it shows) and the chronology."""

    panels: list[tuple[str, object]]
    events: list[Event]


def case_page(user, case: Case) -> CasePage:
    """The sections and chronology of a case the user may see.

    Each app's records are read once, for its section and its events together: the page's
    queries do not grow with what the case holds. Who changed what is a page of its own
    (``case_changes``): a read of three histories that the work on a case seldom needs."""
    history = list(case.history.select_related("history_user", "handler").order_by("history_date"))
    sections = panels.load_sections(user, case)
    return CasePage(
        panels=[(template, section.data) for template, section in sections],
        events=chronology.case_events(
            history, case.concerns.all(), [section for _, section in sections]
        ),
    )


def case_for_change_log(user, pk) -> Case:
    """A case the user may see, with the child and guardians whose history its change log
    shows."""
    cases = Case.objects.select_related("child", "agency").prefetch_related("child__guardians")
    return policy.cases.get_or_404(user, policy.VIEW, cases, pk=pk)


def case_changes(case: Case) -> list[Change]:
    """Who changed what in the case, the child and the guardians, newest first."""
    history = case.history.select_related("history_user").order_by("history_date")
    return change_log(case, list(history))


def change_log(case: Case, history: list) -> list[Change]:
    """Who changed what in the case (``history``, its records oldest first), the child and the
    guardians, from their history: the guardians' records are read together, in one query."""
    guardians = list(case.child.guardians.all())
    records_of = defaultdict(list)
    for record in (
        Guardian.history.filter(id__in=[guardian.pk for guardian in guardians])
        .select_related("history_user")
        .order_by("history_date")
    ):
        records_of[record.id].append(record)
    sources = [
        (_("Ärendet"), history),
        (
            _("Barnets uppgifter"),
            case.child.history.select_related("history_user").order_by("history_date"),
        ),
        *((str(guardian), records_of[guardian.pk]) for guardian in guardians),
    ]
    changes = []
    for label, records in sources:
        previous = None
        for record in records:
            if previous is None:
                changes.append(Change(record.history_date, record.history_user, label, []))
            else:
                delta = record.diff_against(previous)
                fields = [
                    record.instance._meta.get_field(c.field).verbose_name for c in delta.changes
                ]
                if fields:
                    changes.append(Change(record.history_date, record.history_user, label, fields))
            previous = record
    return sorted(changes, key=lambda change: change.at, reverse=True)


def agency_for_log_review(user, pk) -> Agency:
    return policy.agencies.get_or_404(user, policy.REVIEW_LOG, pk=pk)


def log_entries(agency: Agency, *, since, until, person_email="", personal_number=None):
    """Logguppföljning: reads made while acting for the agency, and every read of records the
    agency owns by anyone, over a period; narrowed to a person or to one of its children.

    The two are parts of a union, each a range of its own index, not one OR: on PostgreSQL an OR
    with a subquery on one side scans the whole access log. A read that is both is listed once.
    The person is looked up first: given their ids, not a match on e-mail it cannot estimate,
    PostgreSQL reads that person's (user, at) range instead of all reads of the agency's records.
    A read of another agency's record made for this one is listed, but see ``reviewed``."""
    reads = AccessLog.objects.during(since, until)
    if person_email:
        people = get_user_model().objects.filter(email__iexact=person_email)
        reads = reads.filter(user__in=list(people.values_list("pk", flat=True)))
    if personal_number:
        children = Child.objects.filter(agency=agency, personal_number=personal_number.normalised)
        return AccessLogUnion(
            reads.filter(child_id__in=children.values("pk")), select_related=("user",)
        )
    return AccessLogUnion(
        reads.filter(agency_id=agency.pk),
        reads.filter(owner_agency_id=agency.pk),
        select_related=("user",),
    )


@dataclass(frozen=True)
class ReviewedRead:
    """A row of the log review as the reviewing agency may see it: what was read, named only
    when the record is the agency's own."""

    entry: AccessLog
    what: str
    names_child: bool


def reviewed(agency: Agency, entries) -> list[ReviewedRead]:
    """The rows of a page of ``log_entries`` for ``agency``'s review.

    One of its people, acting for it, may have read a record of another agency they also
    belong to: that agency's child is not this one's to know, so such a read shows the kind of
    record and whose it is, never its description. So does a row without an owner (logged
    before the log recorded one), which may be of any agency's child."""
    owners = Agency.objects.in_bulk(
        {entry.owner_agency_id for entry in entries} - {agency.pk, None}
    )
    rows = []
    for entry in entries:
        if entry.owner_agency_id == agency.pk:
            rows.append(ReviewedRead(entry, entry.description, entry.child_id is not None))
            continue
        owner = owners.get(entry.owner_agency_id)
        kind = _kind_of_record(entry.object_type)
        what = _("%(kind)s hos %(agency)s") % {"kind": kind, "agency": owner} if owner else kind
        rows.append(ReviewedRead(entry, what, False))
    return rows


def _kind_of_record(object_type: str) -> str:
    try:
        return capfirst(apps.get_model(object_type)._meta.verbose_name)
    except LookupError:
        return object_type
