"""Plans for the printing, booking and reminder tests, built directly with the models.

The plan is made at a meeting of the school (the owning agency) with social services, under a
consent for meetings and SIP. The plan is shared with the people of social services it names,
the way the SIP services share it: the coordinator may view, change and print it, everyone else
named may view and print it.
"""

import datetime

from django.utils import timezone

from apps.agencies import policy
from apps.consent import sharing
from apps.consent.models import Consent
from apps.sip.models import Action, ContactPerson, Plan, PlanVersion
from tests.factories.consent import active_consent
from tests.factories.meetings import call_meeting, collaboration_case, record_minutes

CHILD = {
    "child__first_name": "Alva",
    "child__last_name": "Berg",
    "child__address": "Ringvägen 14 B",
    "child__postal_code": "611 35",
    "child__city": "Nyköping",
}
SCHOOL_ACTION = "Kuratorn har samtal med Alva varje tisdag under terminen."
SOCIAL_ACTION = "Familjebehandling i hemmet en gång i veckan, med fokus på rutiner."
RELATIVE_ACTION = "Mamma och pappa ser till att Alva lägger sig senast klockan 21."


def in_days(days: int, hour: int = 13) -> datetime.datetime:
    later = timezone.localtime() + datetime.timedelta(days=days)
    return later.replace(hour=hour, minute=0, second=0, microsecond=0)


def _share(plan, agency, user, perms, *, by):
    if agency == plan.case.agency:
        for perm in perms:
            policy.grant(perm, policy.membership_group(user, agency), plan, by=by)
    else:
        sharing.share(
            plan,
            case=plan.case,
            agency=agency,
            purpose=Consent.Purpose.SIP,
            groups=[policy.membership_group(user, agency)],
            perms=perms,
            by=by,
        )


def agreed_plan(
    school,
    bba,
    social_services,
    social_worker,
    *,
    coordinator=None,
    protected_identity=False,
    status=PlanVersion.Status.AGREED,
    next_follow_up_at=None,
) -> PlanVersion:
    """An agreed plan (version 1) with three actions, two contact persons and a follow-up
    booked in six weeks (unless ``next_follow_up_at``); the coordinator is the social worker
    unless another is given."""
    coordinator = coordinator or social_worker
    coordinator_agency = social_services if coordinator == social_worker else school
    case = collaboration_case(school, bba, child__protected_identity=protected_identity, **CHILD)
    active_consent(case, [social_services], purposes=("meeting", "sip"))
    meeting = call_meeting(case, bba, invitees=[(social_worker, social_services)])
    record_minutes(meeting, bba)
    plan = Plan.objects.create(
        case=case,
        meeting=meeting,
        coordinator=coordinator,
        coordinator_agency=coordinator_agency,
        created_by=bba,
    )
    agreed = status != PlanVersion.Status.DRAFT
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        status=status,
        child_needs="Alva behöver en lugn skoldag och någon vuxen att prata med.",
        child_goals="Jag vill komma till skolan varje dag.\nJag vill sova bättre.",
        overall_goal="Alva går i skolan och känner sig trygg hemma och i skolan.",
        lead_agency=social_services,
        child_view="Alva tycker att planen är bra.",
        guardians_view="Vårdnadshavarna vill ha stöd i vardagen.",
        disagreements="Vårdnadshavarna är tveksamma till kontaktfamilj.",
        other_participants="Lena Berg, mamma",
        follow_up_how="Samordningspersonen kallar till uppföljning efter sex veckor.",
        next_follow_up_at=next_follow_up_at or in_days(42),
        next_follow_up_place="Ekbackens skola, konferensrummet",
        agreed_at=timezone.now() if agreed else None,
        agreed_by=bba if agreed else None,
        agreed_parties="Alva, vårdnadshavarna, skolan och socialtjänsten" if agreed else "",
        created_by=bba,
    )
    today = timezone.localdate()
    Action.objects.create(
        version=version,
        what=SCHOOL_ACTION,
        area="health",
        kind=Action.Kind.AGENCY,
        agency=school,
        responsible=bba,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=90),
    )
    Action.objects.create(
        version=version,
        what=SOCIAL_ACTION,
        area="home",
        kind=Action.Kind.AGENCY,
        agency=social_services,
        responsible=social_worker,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=120),
    )
    Action.objects.create(
        version=version,
        what=RELATIVE_ACTION,
        area="home",
        kind=Action.Kind.RELATIVE,
        responsible_name="Vårdnadshavarna",
        starts_on=today,
    )
    ContactPerson.objects.create(version=version, agency=school, person=bba)
    ContactPerson.objects.create(version=version, agency=social_services, person=social_worker)
    coordinator_perms = policy.plans.grants.coordinator
    worker_perms = coordinator_perms if coordinator == social_worker else policy.plans.grants.named
    _share(plan, social_services, social_worker, worker_perms, by=bba)
    if coordinator != social_worker:
        _share(plan, coordinator_agency, coordinator, coordinator_perms, by=bba)
    return version
