"""The plans' part of the case chronology (see apps.cases.chronology)."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from apps.cases.chronology import Event


def _version_url(version) -> str:
    return reverse("sip:version_detail", args=[version.pk])


def plan_events(plans) -> Iterable[Event]:
    """Each plan started, each version agreed, each follow-up and each revision: ``plans`` with
    their versions, the versions' follow-ups and their coordinator changes loaded (see
    selectors.case_plans)."""
    versions = [version for plan in plans for version in plan.versions.all()]
    follow_ups = sorted(
        (follow_up for version in versions for follow_up in version.follow_ups.all()),
        key=lambda follow_up: (follow_up.held_on, follow_up.pk),
        reverse=True,
    )
    for plan in plans:
        yield Event(
            plan.created_at,
            _("Samordnad individuell plan (SIP) påbörjad"),
            plan.created_by,
            url=reverse("sip:plan_detail", args=[plan.pk]),
            kind="sip",
        )
        if plan.declined:
            yield Event(
                plan.declined_at,
                # The chronology shows titles only: the reason is part of it, as it is the
                # first thing the next agency meeting the child needs to know.
                _("%(what)s (%(party)s): %(reason)s")
                % {
                    "what": plan.get_declined_display(),
                    "party": plan.declined_by_party,
                    "reason": Truncator(plan.declined_reason).chars(160),
                },
                plan.declined_recorded_by,
                detail=plan.declined_reason,
                url=reverse("sip:plan_detail", args=[plan.pk]),
                kind="sip_declined",
            )
    for plan in plans:
        yield from coordinator_events(plan.coordinator_change_list)
    for version in versions:
        if version.agreed_at:
            yield Event(
                version.agreed_at,
                _("SIP version %(number)s överenskommen") % {"number": version.number},
                version.agreed_by,
                detail=version.agreed_parties,
                url=_version_url(version),
                kind="sip_agreed",
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


def coordinator_events(changes) -> Iterable[Event]:
    """The coordinator passed on or re-appointed (at a handover's acceptance), with the child's
    wish, which was asked first: ``changes`` with their people loaded."""
    for change in changes:
        names = {
            "name": change.coordinator.full_name,
            "agency": change.coordinator_agency.name,
            "previous": change.previous_coordinator.full_name,
        }
        if change.kept:
            title = _("Samordningspersonen för SIP fördes vidare: %(name)s (%(agency)s) är kvar")
        else:
            title = _("Ny samordningsperson för SIP: %(name)s (%(agency)s) efter %(previous)s")
        yield Event(
            change.changed_at,
            title % names,
            change.changed_by,
            detail=change.child_wish,
            url=reverse("sip:plan_detail", args=[change.plan_id]),
            kind="sip",
        )
