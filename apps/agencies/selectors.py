"""Reads for agencies and memberships, already filtered by the access policy."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.agencies import policy
from apps.agencies.models import Agency, Membership, Municipality, SteeringSeat


def bba_directory(*, municipality=None, kind="", query="") -> QuerySet:
    """Every active unit with its current BBAs: name and contact only, never child data.

    The directory is paged, so the order ends in pk (no unit on two pages) and the BBAs are a
    prefetch, read for the units of the page shown only. A BBA's name is matched with
    ``Exists`` rather than a join: no duplicate rows to ``distinct`` away, so counting the
    pages stays a plain count.
    """
    bbas = (
        Membership.objects.current()
        .filter(role=Membership.Role.BBA)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    agencies = Agency.objects.filter(is_active=True).select_related("municipality")
    if municipality:
        agencies = agencies.filter(municipality=municipality)
    if kind:
        agencies = agencies.filter(kind=kind)
    if query:
        agencies = agencies.filter(
            Q(name__icontains=query)
            | Exists(bbas.filter(agency=OuterRef("pk"), user__full_name__icontains=query))
        )
    return agencies.order_by("municipality__name", "name", "pk").prefetch_related(
        Prefetch("memberships", queryset=bbas, to_attr="bbas")
    )


def municipalities() -> QuerySet:
    """All municipalities for administrators, in a total order so paging is stable."""
    return Municipality.objects.order_by("name", "pk")


def all_agencies() -> QuerySet:
    """Every agency, inactive ones too, for administrators, in a total order so paging is
    stable."""
    return Agency.objects.select_related("municipality").order_by(
        "municipality__name", "name", "pk"
    )


def manageable_agencies(user) -> QuerySet:
    """In a total order, so paging is stable."""
    return (
        policy.agencies.manageable(user)
        .select_related("municipality")
        .order_by("municipality__name", "name", "pk")
    )


def log_reviewable_ids(user, agencies) -> set[int]:
    """Of ``agencies`` (a page of them), the ids of those whose access log the user reviews."""
    reviewable = policy.agencies.visible(user, policy.REVIEW_LOG)
    return set(reviewable.filter(pk__in=[a.pk for a in agencies]).values_list("pk", flat=True))


def agency_for_member_management(user, agency_id) -> Agency:
    """The agency whose memberships the user manages, or 404."""
    return get_object_or_404(manageable_agencies(user), pk=agency_id)


def agency_for_access_review(user, agency_id) -> Agency:
    """The agency whose changes of access the user reviews: whoever reviews its log, or 404."""
    return policy.agencies.get_or_404(user, policy.REVIEW_LOG, pk=agency_id)


def access_changes(agency: Agency) -> QuerySet:
    """Who gave whom which role in the agency, changed or ended it, and when, newest first:
    the memberships' history, so a role taken back since still shows, and so does a change
    made by an administrator from outside the unit. In a total order, so paging is stable."""
    return (
        Membership.history.filter(agency_id=agency.pk)
        .select_related("user", "history_user")
        .order_by("-history_date", "-history_id")
    )


def agency_memberships(agency: Agency) -> QuerySet:
    """Current memberships first (on every database), then by name, role and entry."""
    return agency.memberships.select_related("user", "deactivated_by").order_by(
        F("deactivated_at").asc(nulls_first=True), "user__full_name", "role", "pk"
    )


def steering_seats() -> QuerySet:
    """Every steering-group seat, for administrators: seats in force first, then the county's
    group before the municipalities', by name; in a total order, so paging is stable."""
    return SteeringSeat.objects.select_related("user", "municipality", "deactivated_by").order_by(
        F("deactivated_at").asc(nulls_first=True),
        F("municipality__name").asc(nulls_first=True),
        "user__full_name",
        "pk",
    )


def people(query: str = "") -> QuerySet:
    """Everyone who can sign in, for administrators, optionally narrowed by name or e-mail.

    The list is paged, so the order ends in pk, and memberships are a prefetch (with their
    agency in the same query): only those of the people on the page shown are read.
    """
    memberships = Membership.objects.select_related("agency").order_by("agency__name", "role", "pk")
    people = (
        get_user_model()
        .objects.prefetch_related(Prefetch("memberships", queryset=memberships))
        .order_by("full_name", "email", "pk")
    )
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    return people


def acting_agency_or_404(request) -> Agency:
    """Pages of one's own unit (logging a concern, the inbox) need a unit to act for."""
    if request.acting_agency is None:
        raise Http404
    return request.acting_agency
