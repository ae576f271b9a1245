"""Reads for printing a plan, booking its follow-up and the start page's reminders, always
through the access policy.

A plan shared under a consent is printed or booked only through the consent's last day: the
policy reads that day with the grant.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.agencies import policy
from apps.sip import selectors
from apps.sip.models import PlanVersion

# How far ahead a follow-up counts as coming up: reminders and the start page use the same.
DUE_WITHIN = datetime.timedelta(days=7)


def _versions() -> QuerySet:
    return PlanVersion.objects.select_related(
        "plan__case__child", "plan__coordinator", "plan__coordinator_agency"
    )


def version_for_printing(user, pk) -> PlanVersion:
    """The version, for the people of the plan's own case and for those the plan was shared
    with to print (the coordinator and everyone named in it); else 404."""
    plans = policy.plans.visible(user, policy.PRINT)
    return get_object_or_404(_versions().filter(plan__in=plans.values("pk")), pk=pk)


def version_for_booking(user, pk) -> PlanVersion:
    """Whoever may change the plan books its follow-up: the coordinator (who alone holds the
    right to change the plan itself) or someone who works on the plan's case."""
    plans = selectors.changeable_plans(user).values("pk")
    return get_object_or_404(_versions().filter(plan__in=plans), pk=pk)


def may_book(user, version: PlanVersion) -> bool:
    return selectors.may_change_plan(user, version.plan)


def agreed_with_follow_up() -> QuerySet:
    return PlanVersion.objects.filter(
        status=PlanVersion.Status.AGREED, next_follow_up_at__isnull=False
    )


def due_soon(versions: QuerySet, now) -> QuerySet:
    """Follow-ups from now until a week ahead."""
    return versions.filter(next_follow_up_at__gte=now, next_follow_up_at__lte=now + DUE_WITHIN)


def overdue(versions: QuerySet, now) -> QuerySet:
    """Follow-ups whose time has passed without being recorded (recording one clears the
    time of the next, see services.record_follow_up)."""
    return versions.filter(next_follow_up_at__lt=now)


@dataclass(frozen=True)
class FollowUpsToAttend:
    due_soon: list[PlanVersion]
    overdue: list[PlanVersion]

    def __bool__(self):
        return bool(self.due_soon or self.overdue)


def my_follow_ups(user, now=None, *, shown: int | None = None) -> FollowUpsToAttend:
    """The plans the user coordinates, and may still see, whose follow-up is coming up
    within a week or has passed without being recorded (the first ``shown`` of each)."""
    now = now or timezone.now()
    visible = policy.plans.visible(user, policy.VIEW)
    mine = (
        agreed_with_follow_up()
        .filter(plan__coordinator=user, plan__in=visible.values("pk"))
        .select_related("plan__case__child")
        .order_by("next_follow_up_at")
    )
    return FollowUpsToAttend(
        due_soon=list(due_soon(mine, now)[:shown]), overdue=list(overdue(mine, now)[:shown])
    )


def follow_up_invitees(version: PlanVersion) -> list:
    """Everyone invited to the follow-up, once each: the coordinator, the person responsible
    for each action, the contact person of each agency and the people of the meeting where the
    plan was made. Only active people with an e-mail address."""
    plan = version.plan
    ids = {plan.coordinator_id}
    ids |= set(version.actions.exclude(responsible=None).values_list("responsible_id", flat=True))
    ids |= set(version.contacts.values_list("person_id", flat=True))
    ids |= set(plan.meeting.participants.values_list("user_id", flat=True))
    return list(
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .exclude(email="")
        .order_by("full_name", "pk")
    )
