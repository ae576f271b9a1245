"""The plans' part of the case chronology (see apps.cases.chronology)."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.cases.chronology import Event
from apps.sip.models import FollowUp, Plan, PlanVersion


def _version_url(version) -> str:
    return reverse("sip:version_detail", args=[version.pk])


def plan_events(case) -> Iterable[Event]:
    """Each plan started, each version agreed, each follow-up and each revision."""
    for plan in Plan.objects.filter(case=case).select_related("created_by"):
        yield Event(
            plan.created_at,
            _("Samordnad individuell plan (SIP) påbörjad"),
            plan.created_by,
            url=reverse("sip:plan_detail", args=[plan.pk]),
            kind="sip",
        )
    agreed = PlanVersion.objects.filter(plan__case=case, agreed_at__isnull=False)
    for version in agreed.select_related("agreed_by"):
        yield Event(
            version.agreed_at,
            _("SIP version %(number)s överenskommen") % {"number": version.number},
            version.agreed_by,
            detail=version.agreed_parties,
            url=_version_url(version),
            kind="sip_agreed",
        )
    follow_ups = FollowUp.objects.filter(version__plan__case=case).select_related(
        "version", "recorded_by", "revised_into"
    )
    for follow_up in follow_ups:
        yield Event(
            follow_up.recorded_at,
            _("Uppföljning av SIP version %(number)s") % {"number": follow_up.version.number},
            follow_up.recorded_by,
            detail=follow_up.notes,
            url=_version_url(follow_up.version),
            kind="sip_follow_up",
        )
        if follow_up.revised_into:
            yield Event(
                follow_up.revised_into.created_at,
                _("SIP reviderad: version %(number)s påbörjad")
                % {"number": follow_up.revised_into.number},
                follow_up.recorded_by,
                url=_version_url(follow_up.revised_into),
                kind="sip_revised",
            )
