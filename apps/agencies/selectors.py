"""Reads for agencies and memberships, already filtered by the access policy."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.agencies import policy
from apps.agencies.models import Agency, Membership


def current_memberships(user) -> list[Membership]:
    return list(
        Membership.objects.current()
        .filter(user=user)
        .select_related("agency", "agency__municipality")
        .order_by("agency__name", "role")
    )


def bba_directory(*, municipality=None, kind="", query="") -> QuerySet:
    """Every active unit with its current BBAs: name and contact only, never child data."""
    bbas = (
        Membership.objects.current()
        .filter(role=Membership.Role.BBA)
        .select_related("user")
        .order_by("user__full_name")
    )
    agencies = Agency.objects.filter(is_active=True).select_related("municipality")
    if municipality:
        agencies = agencies.filter(municipality=municipality)
    if kind:
        agencies = agencies.filter(kind=kind)
    if query:
        agencies = agencies.filter(
            Q(name__icontains=query)
            | Q(memberships__in=bbas.filter(user__full_name__icontains=query))
        ).distinct()
    return agencies.prefetch_related(Prefetch("memberships", queryset=bbas, to_attr="bbas"))


def manageable_agencies(user) -> QuerySet:
    return policy.manageable_agencies(user).select_related("municipality")


def agency_for_member_management(user, agency_id) -> Agency:
    """The agency whose memberships the user manages, or 404."""
    return get_object_or_404(manageable_agencies(user), pk=agency_id)


def agency_memberships(agency: Agency) -> QuerySet:
    return agency.memberships.select_related("user", "deactivated_by").order_by(
        "deactivated_at", "user__full_name", "role"
    )


def people(query: str = "") -> QuerySet:
    """Everyone who can sign in, for administrators, optionally narrowed by name or e-mail."""
    people = get_user_model().objects.prefetch_related("memberships__agency")
    if query:
        people = people.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    return people


def acting_agency_or_404(request) -> Agency:
    """Pages of one's own unit (logging a concern, the inbox) need a unit to act for."""
    if request.acting_agency is None:
        raise Http404
    return request.acting_agency
