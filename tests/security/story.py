"""The story of the security tests: everyone and everything in it is named with markup.

The school (named with markup) meets social services (named with markup) about a child and
her guardian (named with markup); the school's BBA (named with markup) called the meeting; a
social worker coordinates the plan; a referral went to social services.
"""

from django.urls import reverse

from apps.agencies.models import Membership
from apps.cases import services as case_services
from apps.meetings.models import Meeting
from apps.sip import services as sip_services
from tests.factories.agencies import AgencyFactory, member
from tests.factories.cases import ConcernFactory
from tests.factories.consent import active_consent
from tests.factories.meetings import collaboration_case
from tests.factories.referrals import ReferralFactory
from tests.factories.sip import appointed_meeting as held_meeting
from tests.factories.sip import complete_fields, story_actions, write

MARKUP = "<img src=x onerror=alert(1)>"
CHILD = f"Alva{MARKUP}"
GUARDIAN = f"Lena{MARKUP}"
PERSON = f"Tomas{MARKUP}"
SCHOOL = f"Ekbackens skola{MARKUP}"
SOCIAL = f"Socialtjänsten{MARKUP}"


def build_story() -> dict:
    """Everyone and everything of the story, made through the services."""
    school = AgencyFactory(name=SCHOOL)
    social = AgencyFactory(name=SOCIAL, kind="social_services")
    bba = member(school, Membership.Role.BBA, full_name=PERSON)
    reporter = member(school, Membership.Role.REPORTER, full_name=f"Hanna{MARKUP}")
    worker = member(social, Membership.Role.HANDLER, full_name=f"Maja{MARKUP}")
    case = collaboration_case(
        school, bba, child__first_name=CHILD, child__last_name=f"Berg{MARKUP}"
    )
    concern = ConcernFactory(case=case, reported_by=reporter)
    guardian = case_services.add_guardian(
        case.child, by=None, name=GUARDIAN, relation="parent", has_custody=True
    )
    consent = active_consent(case, [social], ["meeting", "sip", "referral"])
    referral = ReferralFactory(case=case, sent_by=bba, to_agency=social)
    meeting = held_meeting(case, bba, worker, social)
    plan = sip_services.create_plan(meeting, by=worker)
    version = write(
        plan.versions.get(),
        worker,
        actions=story_actions(school, bba, social, worker, social, worker),
        contacts=[{"agency": school, "person": bba}, {"agency": social, "person": worker}],
        **complete_fields(social, next_follow_up_place=f"Skolan{MARKUP}"),
    )
    return {
        "school": school,
        "social": social,
        "bba": bba,
        "reporter": reporter,
        "worker": worker,
        "case": case,
        "concern": concern,
        "guardian": guardian,
        "consent": consent,
        "referral": referral,
        "meeting": Meeting.objects.get(pk=meeting.pk),
        "plan": plan,
        "version": version,
    }


def pages(story) -> list[tuple[str, str]]:
    """(who, url) of every page that shows one of the names."""
    case, version = story["case"], story["version"]
    return [
        ("bba", reverse("home")),
        ("bba", reverse("cases:inbox")),
        ("bba", reverse("cases:case_detail", args=[case.pk])),
        ("bba", reverse("cases:concern_detail", args=[story["concern"].pk])),
        ("bba", reverse("cases:child_edit", args=[case.child.pk])),
        ("bba", reverse("cases:guardian_edit", args=[case.child.pk, story["guardian"].pk])),
        ("bba", reverse("consent:consent_create", args=[case.pk])),
        ("bba", reverse("consent:consent_detail", args=[story["consent"].pk])),
        ("bba", reverse("consent:consent_withdraw", args=[story["consent"].pk])),
        ("bba", reverse("referrals:referral_create", args=[case.pk])),
        ("bba", reverse("referrals:referral_detail", args=[story["referral"].pk])),
        ("bba", reverse("meetings:meeting_create", args=[case.pk])),
        ("bba", reverse("meetings:meeting_detail", args=[story["meeting"].pk])),
        ("bba", reverse("meetings:my_meetings")),
        ("bba", reverse("agencies:directory")),
        ("reporter", reverse("cases:my_concerns")),
        ("worker", reverse("referrals:incoming")),
        ("worker", reverse("referrals:referral_detail", args=[story["referral"].pk])),
        ("worker", reverse("sip:plan_detail", args=[story["plan"].pk])),
        ("worker", reverse("sip:version_detail", args=[version.pk])),
        ("worker", reverse("sip:version_edit", args=[version.pk])),
        ("worker", reverse("sip:book_follow_up", args=[version.pk])),
    ]
