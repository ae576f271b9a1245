"""The generated county is written the way the services write: the same grants to the same kinds
of group, shares only under consent with the consent's last day, and the policy answers on it
as it does on data the services made. It is reproducible from its seed."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from apps.agencies import policy
from apps.agencies.models import Agency, Membership
from apps.audit.models import AccessLog
from apps.cases.models import (
    Case,
    CaseGroupObjectPermission,
    Child,
    Concern,
    ConcernGroupObjectPermission,
)
from apps.cases.services import assign_handler
from apps.consent.models import AgencyWithdrawal, Share
from apps.county.generate import County, children_in_county
from apps.handovers import services as handover_services
from apps.handovers.models import Handover, HandoverGroupObjectPermission
from apps.indicators import compute
from apps.indicators.compute import _local_day
from apps.meetings.models import CoordinatorAppointment, Meeting, MeetingGroupObjectPermission
from apps.referrals.models import Referral, ReferralGroupObjectPermission
from apps.sip import services as sip_services
from apps.sip.models import FollowUp, Plan, PlanGroupObjectPermission, PlanVersion
from tests.factories.cases import CaseFactory, ConcernFactory
from tests.factories.consent import active_consent
from tests.factories.meetings import collaboration_case
from tests.factories.referrals import ReferralFactory
from tests.factories.sip import appointed_meeting

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture
def county(db):
    County(children=200, seed=7).run()


def member_of(agency, role):
    return Membership.objects.filter(agency=agency, role=role).order_by("pk").first().user


def shape(grants, **lookup) -> set:
    """Who holds what on one object, by kind of group (a role, or one person in a role) and
    whether the grant ends with a consent: what must match between generator and services."""
    rows = grants.objects.filter(**lookup).select_related("group__membership", "permission")
    return {
        (
            policy.role_of_group(row.group) or f"person:{row.group.membership.role}",
            row.permission.codename,
            row.valid_until is not None,
        )
        for row in rows
    }


def test_the_generator_grants_what_the_services_grant(county):
    generated = (
        Case.objects.filter(
            handler__isnull=False,
            plans__coordinator_agency__kind="social_services",
            consents__valid_until__gte=timezone.localdate(),
        )
        .order_by("pk")
        .first()
    )
    unit, meeting = generated.agency, generated.meetings.order_by("pk").first()
    plan = generated.plans.get()
    social = Agency.objects.get(kind="social_services", municipality=unit.municipality)
    clinic = meeting.participants.get(agency__kind="bup").agency
    bba, handler = generated.bba, generated.handler
    clinician = meeting.participants.get(agency=clinic).user
    social_worker = plan.coordinator

    # The same story told through the services, by the same people.
    case = collaboration_case(unit, bba)
    concern = ConcernFactory(case=case, reported_by=member_of(unit, Role.REPORTER))
    assign_handler(case, handler, by=bba)
    active_consent(case, [social, clinic], ["meeting", "sip", "referral"], by=bba)
    told = appointed_meeting(case, bba, social_worker, social, [(clinician, clinic)])
    told_plan = sip_services.create_plan(told, by=social_worker)
    referral = ReferralFactory(case=case, sent_by=bba, to_agency=social)
    generated_referral = (
        generated.referrals_sent.first()
        or Referral.objects.filter(case__consents__holds_until__gte=timezone.localdate())
        .order_by("pk")
        .first()
    )

    assert shape(CaseGroupObjectPermission, content_object=generated) == shape(
        CaseGroupObjectPermission, content_object=case
    )
    generated_concern = generated.concerns.order_by("pk").first()
    assert shape(ConcernGroupObjectPermission, content_object=generated_concern) == shape(
        ConcernGroupObjectPermission, content_object=concern
    )
    assert shape(MeetingGroupObjectPermission, content_object=meeting) == shape(
        MeetingGroupObjectPermission, content_object=told
    )
    coordinator_group = policy.membership_group(social_worker, social)
    assert shape(PlanGroupObjectPermission, content_object=plan, group=coordinator_group) == shape(
        PlanGroupObjectPermission, content_object=told_plan, group=coordinator_group
    )
    assert shape(ReferralGroupObjectPermission, content_object=generated_referral) == shape(
        ReferralGroupObjectPermission, content_object=referral
    )
    # Each grant across agency lines has its share, and ends on the consent's last day.
    for grant in MeetingGroupObjectPermission.objects.filter(
        content_object=meeting, valid_until__isnull=False
    ):
        share = Share.objects.get(
            object_id=meeting.pk, group=grant.group, perm=f"meetings.{grant.permission.codename}"
        )
        assert share.consent.valid_until == grant.valid_until
        assert share.agency != unit


def test_the_policy_answers_on_the_generated_county(county):
    unit = Agency.objects.filter(children__isnull=False).order_by("pk").first()
    bba = member_of(unit, Role.BBA)
    assert set(policy.cases.visible(bba, policy.VIEW)) == set(Case.objects.filter(agency=unit))
    reporter_concerns = policy.concerns.visible(member_of(unit, Role.REPORTER), policy.VIEW)
    assert all(concern.case.agency == unit for concern in reporter_concerns)
    other_unit = Agency.objects.filter(children__isnull=False).exclude(pk=unit.pk).first()
    assert not policy.cases.visible(member_of(other_unit, Role.BBA), policy.VIEW).filter(
        agency=unit
    )
    # Someone of another agency sees the meetings they were invited to, and nothing more.
    shared = Meeting.objects.filter(participants__agency__kind="bup").order_by("pk")
    meeting = shared.first()
    clinician = meeting.participants.get(agency__kind="bup").user
    invited = Meeting.objects.filter(participants__user=clinician)
    today = timezone.localdate()
    assert set(policy.meetings.visible(clinician, policy.VIEW)) == {
        meeting
        for meeting in invited
        if meeting.case.consents.get().valid_until >= today
        and not meeting.case.consents.get().agency_withdrawals.exists()
    }
    assert not policy.cases.visible(clinician, policy.VIEW).exists()
    assert set(policy.plans.visible(clinician, policy.VIEW)) <= set(
        Plan.objects.filter(case__meetings__participants__user=clinician)
    )


def test_the_generated_log_records_whose_child_each_read_was_of(county):
    """As log_access does: the agency owning the child read, whoever's unit read it."""
    owners = dict(Child.objects.values_list("pk", "agency_id"))
    reads = list(AccessLog.objects.values_list("child_id", "agency_id", "owner_agency_id"))
    assert reads and all(owner == owners[child] for child, _, owner in reads)
    assert any(owner != agency for _, agency, owner in reads)  # reads across units, too


def test_the_same_seed_gives_the_same_county(db):
    def generate(seed):
        try:
            with transaction.atomic():
                County(children=30, seed=seed).run()
                children = list(
                    Child.objects.order_by("pk").values_list("first_name", "personal_number")
                )
                statuses = list(Case.objects.order_by("pk").values_list("status", flat=True))
                raise _Done((children, statuses, Share.objects.count()))
        except _Done as done:
            return done.value

    assert generate(3) == generate(3)
    assert generate(3) != generate(4)


class _Done(Exception):
    def __init__(self, value):
        self.value = value


def test_the_command_refuses_a_database_with_children(county):
    with pytest.raises(Exception, match="already holds children"):
        call_command("generate_county", children=10)


def test_a_generated_handover_grants_what_the_services_grant(county):
    """Sent and waiting, and accepted, against the same story through the services."""
    accepted = Handover.objects.filter(status=Handover.Status.ACCEPTED).order_by("pk").first()
    waiting = Handover.objects.filter(
        status=Handover.Status.SENT, case__consents__holds_until__gte=timezone.localdate()
    ).first()
    unit, receiving = accepted.from_agency, accepted.to_agency
    bba, receiver = member_of(unit, Role.BBA), member_of(receiving, Role.BBA)

    def told():
        case = CaseFactory(child__agency=unit)
        active_consent(case, [receiving], ["handover"], by=bba)
        return handover_services.send_handover(
            case, by=bba, to_agency=receiving, message="Välkommen.", parts=[]
        )

    told_waiting = told()
    told_accepted = handover_services.accept_handover(told(), by=receiver)

    def grants(handover):
        return shape(HandoverGroupObjectPermission, content_object=handover)

    assert grants(accepted) == grants(told_accepted)
    assert grants(waiting) == grants(told_waiting)
    # As the service leaves it: the sending case closed, the child a case of the receiver's own.
    own = accepted.receiving_case
    assert accepted.case.status == Case.Status.CLOSED
    assert (own.agency, own.child.personal_number) == (
        receiving,
        accepted.case.child.personal_number,
    )
    assert own.child.guardians.count() == accepted.case.child.guardians.count()
    assert not Share.objects.filter(
        object_id=accepted.pk, perm__startswith="handovers.", ended_at__isnull=True
    ).exists()


def test_the_generated_county_has_figures_for_every_indicator(county):
    """Everything the indicators count is generated: varied sources, coordinators the child
    did not wish for, follow-ups held on time and late (the version's day cleared, as the
    service does), consents withdrawn, handovers answered every way."""
    assert set(Concern.objects.values_list("source", flat=True)) == set(Concern.Source.values)
    assert CoordinatorAppointment.objects.filter(child_wished_participant__isnull=True).exists()
    assert not PlanVersion.objects.filter(
        follow_ups__isnull=False, next_follow_up_at__isnull=False
    ).exists()
    held = FollowUp.objects.values_list("held_on", "version_id")
    planned = {
        version: _local_day(day)
        for version, day in PlanVersion.history.filter(next_follow_up_at__isnull=False).values_list(
            "id", "next_follow_up_at"
        )
    }
    assert {held_on <= planned[version] for held_on, version in held} == {True, False}
    assert AgencyWithdrawal.objects.exists()
    assert set(Handover.objects.values_list("status", flat=True)) == set(Handover.Status.values)

    today = timezone.localdate()
    years = [compute.year(datetime.date(today.year - back, 1, 1)) for back in range(3)]
    for key, function in compute.COMPUTERS.items():
        if key != "skolfam_movement":  # no municipality takes part in the generated county
            assert any(cell.children for cell in function(years)), key


def test_the_county_counts_the_children_it_was_generated_for(county):
    """make bench reuses a county that holds as many children as asked for: the receiving
    units' own records of children handed over to them are not more children."""
    assert Handover.objects.filter(status=Handover.Status.ACCEPTED).exists()
    assert Child.objects.count() > 200
    assert children_in_county() == 200
