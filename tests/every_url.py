"""Every URL the project routes, and one whole collaboration story to visit them with: shared
by the tests that walk every page (reads never write, the access matrix, the form fuzzing).
A new URL without an entry in ``OBJECT_OF_PK`` (when it takes a ``pk``) fails them until it
is added."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.agencies.models import Membership
from apps.cases import services as case_services
from apps.sip import services as sip_services
from tests.factories.agencies import AgencyFactory, member
from tests.factories.cases import ComingTransitionFactory, ConcernFactory
from tests.factories.consent import active_consent
from tests.factories.handovers import hand_over
from tests.factories.indicators import FigureFactory, steering_member
from tests.factories.meetings import collaboration_case
from tests.factories.referrals import ReferralFactory
from tests.factories.sip import appointed_meeting
from tests.factories.skolfam import mark, placed_child_case, skolfam_municipality
from tests.factories.wheel import AssessmentFactory

# Which object of the story a URL's ``pk`` names.
OBJECT_OF_PK = {
    "agencies:municipality_edit": "municipality",
    "agencies:agency_edit": "school",
    "agencies:membership_edit": "membership",
    "agencies:membership_end": "membership",
    "agencies:second_factor_reset": "membership",
    "agencies:person_edit": "handler",
    "agencies:steering_seat_end": "steering_seat",
    "cases:concern_detail": "concern",
    "cases:case_detail": "case",
    "cases:case_changes": "case",
    "cases:assign_handler": "case",
    "cases:close_case": "case",
    "cases:record_stage": "case",
    "cases:child_edit": "child",
    "cases:guardian_edit": "guardian",
    "wheel:assessment_detail": "assessment",
    "wheel:assessment_edit": "assessment",
    "analysis:analysis_detail": "analysis",
    "consent:consent_detail": "consent",
    "consent:consent_withdraw": "consent",
    "meetings:meeting_detail": "meeting",
    "meetings:minutes": "meeting",
    "meetings:appoint_coordinator": "meeting",
    "referrals:referral_detail": "referral",
    "referrals:decline": "referral",
    "referrals:accept": "referral",
    "referrals:withdraw": "referral",
    "handovers:handover_detail": "handover",
    "handovers:decline": "handover",
    "handovers:accept": "handover",
    "handovers:withdraw": "handover",
    "handovers:continue_mapping": "handover",
    "sip:plan_detail": "plan",
    "sip:close_case": "plan",
    "sip:plan_decline": "plan",
    "sip:version_detail": "version",
    "sip:version_edit": "version",
    "sip:version_agree": "version",
    "sip:follow_up_create": "version",
    "sip:print_plan": "version",
    "sip:print_child_friendly": "version",
    "sip:book_follow_up": "version",
    "skolfam:member_detail": "skolfam_member",
    "skolfam:mapping_create": "skolfam_member",
    "skolfam:withdraw": "skolfam_member",
}
# Which object any other argument names, whatever the URL.
OBJECT_OF_ARGUMENT = {
    "case_pk": "case",
    "child_pk": "child",
    "agency_pk": "school",
    "meeting_pk": "meeting",
    "municipality_pk": "municipality",
    "uidb64": "MQ",
    "token": "not-a-token",
}


def routed_names(resolver: URLResolver = None, namespace: str = ""):
    """Every named URL the project routes, with its namespace, and its argument names."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routed_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", list(entry.pattern.converters)


def collaboration_story(
    school, bba, handler, reporter, agency_admin, social_services, social_worker, bup
):
    """One child's whole journey: a concern, mapping, analysis, consent, a meeting that
    appointed BUP's clinician as coordinator, a plan, a referral to social services, the
    child's coming move to upper secondary, and a handover, not yet answered, to the school
    the child moves to (whose BBA is a persona); and the municipality's steering group, with
    an indicator of the term to see.

    Beside it, the municipality takes part in Skolfam: its social services (through a BBA who
    is none of the personas) marked another child, placed in a foster home, with the school
    in the team, so the school's BBA is the one persona who reads and maps it."""
    clinician = member(bup, Membership.Role.HANDLER, full_name="Jonas Ahmadi")
    next_school = AgencyFactory(name="Västra skolan", municipality=school.municipality)
    receiving_bba = member(next_school, Membership.Role.BBA, full_name="Vera Nyström")
    case = collaboration_case(school, bba, child__first_name="Alva", child__last_name="Berg")
    concern = ConcernFactory(case=case, reported_by=reporter)
    case_services.assign_handler(case, handler, by=bba)
    assessment = AssessmentFactory(case=case, created_by=bba)
    consent = active_consent(
        case, [social_services, bup, next_school], ["meeting", "sip", "referral", "handover"]
    )
    meeting = appointed_meeting(case, bba, clinician, bup, [(social_worker, social_services)])
    plan = sip_services.create_plan(meeting, by=clinician)
    referral = ReferralFactory(case=case, sent_by=bba, to_agency=social_services)
    # The move the daily scan saw coming: listed on cases:transitions for the case's people.
    transition = ComingTransitionFactory(case=case)
    handover = hand_over(case, bba, next_school)
    guardian = case.child.guardians.first()
    skolfam_municipality(school.municipality.name, school.municipality.code)
    placed = placed_child_case(social_services, first_name="Selma", last_name="Nord")
    marked_by = member(social_services, Membership.Role.BBA, full_name="Karin Holm")
    skolfam_member = mark(placed, by=marked_by, school=school)
    steering_group = steering_member(school.municipality, full_name="Stina Styrgrupp")
    FigureFactory(municipality=school.municipality)
    objects = {
        "municipality": school.municipality,
        "school": school,
        "membership": Membership.objects.get(user=handler),
        "handler": handler,
        "concern": concern,
        "case": case,
        "child": case.child,
        "guardian": guardian,
        "assessment": assessment,
        "analysis": case.analyses.get(),
        "consent": consent,
        "meeting": meeting,
        "referral": referral,
        "transition": transition,
        "handover": handover,
        "plan": plan,
        "version": plan.versions.get(),
        "skolfam_member": skolfam_member,
        "steering_seat": steering_group.steering_seats.get(),
    }
    personas = [
        bba,
        handler,
        reporter,
        agency_admin,
        social_worker,
        clinician,
        receiving_bba,
        steering_group,
    ]
    return objects, personas


def url_for(name: str, arguments: list[str], objects: dict) -> str:
    kwargs = {}
    for argument in arguments:
        source = OBJECT_OF_PK[name] if argument == "pk" else OBJECT_OF_ARGUMENT[argument]
        kwargs[argument] = objects[source].pk if source in objects else source
    return reverse(name, kwargs=kwargs)
