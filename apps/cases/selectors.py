"""Reads of children, cases and concerns, already filtered by the access policy."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from apps.agencies import policy
from apps.agencies.models import Agency, Membership
from apps.audit.models import AccessLog
from apps.cases.models import Case, Child, Concern


def inbox(user, agency, status: str = "") -> QuerySet:
    """The cases of the acting agency that the user may see, newest concern first."""
    cases = policy.visible_cases(user).filter(agency=agency)
    cases = cases.filter(status=status) if status else cases.exclude(status=Case.Status.CLOSED)
    return (
        cases.select_related("child", "handler", "bba")
        .annotate(latest_concern_at=Max("concerns__reported_at"), concern_count=Count("concerns"))
        .order_by("-latest_concern_at", "-opened_at")
    )


def my_concerns(user) -> QuerySet:
    return (
        policy.visible(user, policy.VIEW_CONCERN, Concern)
        .filter(reported_by=user)
        .select_related("case", "case__child", "case__agency")
    )


def concern_for_reporter(user, pk) -> Concern:
    return policy.get_visible_or_404(
        user,
        policy.VIEW_CONCERN,
        Concern.objects.select_related("case", "case__child", "case__agency"),
        pk=pk,
    )


def case_for_viewing(user, pk) -> Case:
    return policy.get_visible_or_404(
        user,
        policy.VIEW_CASE,
        Case.objects.select_related("child", "agency", "bba", "handler"),
        pk=pk,
    )


def case_for_changing(user, pk) -> Case:
    return policy.get_visible_or_404(
        user, policy.CHANGE_CASE, Case.objects.select_related("child", "agency"), pk=pk
    )


def case_for_assigning(user, pk) -> Case:
    return policy.get_visible_or_404(
        user, policy.ASSIGN_CASE, Case.objects.select_related("child", "agency"), pk=pk
    )


def child_for_changing(user, pk) -> Child:
    return policy.get_through_case_or_404(
        user, Child, case_path="cases", perm=policy.CHANGE_CASE, pk=pk
    )


def search_children(user, personal_number) -> QuerySet:
    """Only children the user may already see: another agency's knowledge never shows."""
    return (
        policy.through_visible_cases(user, Child, case_path="cases")
        .filter(personal_number=personal_number.normalised)
        .distinct()
        .prefetch_related("cases")
    )


def handler_candidates(agency) -> QuerySet:
    """People of the unit a BBA may delegate a case to."""
    members = Membership.objects.current().filter(
        agency=agency, role__in=[Membership.Role.HANDLER, Membership.Role.BBA]
    )
    return get_user_model().objects.filter(memberships__in=members).distinct()


@dataclass(frozen=True)
class Change:
    at: datetime
    who: object
    what: str
    fields: list[str]


def change_log(case: Case) -> list[Change]:
    """Who changed what in the case, the child and the guardians, from their history."""
    changes = []
    sources = [(_("Ärendet"), case.history.all())]
    sources.append((_("Barnets uppgifter"), case.child.history.all()))
    for guardian in case.child.guardians.all():
        sources.append((str(guardian), guardian.history.all()))
    for label, records in sources:
        previous = None
        for record in records.select_related("history_user").order_by("history_date"):
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
    return policy.get_visible_or_404(user, policy.REVIEW_LOG, Agency, pk=pk)


def log_entries(agency: Agency, *, since, until, person_email="", personal_number=None):
    """Logguppföljning: reads made while acting for the agency, and every read of the
    agency's own children by anyone, over a period; narrowed to a person or a child."""
    children = Child.objects.filter(agency=agency)
    if personal_number:
        children = children.filter(personal_number=personal_number.normalised)
        entries = AccessLog.objects.filter(child_id__in=children.values("pk"))
    else:
        entries = AccessLog.objects.filter(
            Q(agency_id=agency.pk) | Q(child_id__in=children.values("pk"))
        )
    if person_email:
        entries = entries.filter(user__email__iexact=person_email)
    return entries.filter(at__date__gte=since, at__date__lte=until).select_related("user")
