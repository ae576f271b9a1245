"""The authorization matrix: every URL the project routes, with every kind of person, in every
state a consent can be in.

What each person may open is written here from the roles (DESIGN.md §4), not derived from the
access policy, so the policy is checked against an independent statement of the rules. For
every request the matrix asserts:

* the status: a page the person may not open answers 404 (a denied object looks like a
  missing one), signed out every page but the sign-in pages sends to the sign-in page, and a
  POST by someone who may not open the page is a 404 that changes nothing;
* that no other agency's child appears in the body (a child of another school, who is in
  none of the pages visited, is named in no answer), and that people with no part in the
  story's case never see its child's name;
* that every answer naming the story's child wrote its access-log row.

A URL pattern missing from ``WHO_MAY_OPEN`` fails the matrix until it is added.
"""

import pytest
from django.test import Client
from django.urls import reverse

from apps.agencies.models import Membership
from apps.agencies.services import update_membership
from apps.audit.models import AccessLog
from apps.cases import services as case_services
from apps.consent.sharing import withdraw_consent
from tests.every_url import collaboration_story, routed_names, url_for
from tests.factories.agencies import AgencyFactory, member
from tests.factories.cases import ChildFactory, ConcernFactory
from tests.factories.consent import after_last_day

pytestmark = pytest.mark.django_db

OWNING = {"bba", "handler"}  # the owning school's BBA and the handler the case is delegated to
STAFF = {
    "bba",
    "handler",
    "reporter",
    "agency_admin",
    "social_worker",
    "clinician",
    "other_bba",
    "handler_not_delegated",
    "handler_demoted",
    "social_worker_elsewhere",
    "receiving_bba",
}
# The municipality's steering group: its indicators, and no record of any child.
SIGNED_IN = STAFF | {"administrator", "steering_group"}
# The BBAs and handlers of the schools and social services of the story's municipality.
SKOLFAM_TEAM_UNITS = {
    "bba",
    "handler",
    "other_bba",
    "handler_not_delegated",
    "social_worker",
    "social_worker_elsewhere",
    "receiving_bba",
}
SIGN_IN_PAGES = {
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:session_ended",
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "set_language",
    "accessibility",
}
# Answer only a POST: opened (GET) by anyone signed in they say so (405), whether the object
# exists or not; posted by someone who may not, they answer 404.
POST_ONLY = {
    "accounts:logout",
    "agencies:choose_agency",
    "agencies:membership_end",
    "agencies:steering_seat_end",
    "referrals:accept",
    "referrals:withdraw",
    "handovers:accept",
    "handovers:withdraw",
    "indicators:refresh",
}

# Who may open each page, in the story with its consent in force. The clinician of BUP is the
# plan's coordinator; the social worker is invited to the meeting and receives the referral; the
# receiving BBA is the BBA of the school the case is being handed over to (not yet answered).
WHO_MAY_OPEN = {
    **dict.fromkeys(SIGN_IN_PAGES, SIGNED_IN),
    **dict.fromkeys(
        (
            "home",
            "accounts:logout",
            "agencies:directory",
            "agencies:administration",
            "agencies:choose_agency",
            # The second-factor pages send on whoever is not asked for one (as here, with
            # SECOND_FACTOR_REQUIRED off in the tests); tests/accounts/test_second_factor.py.
            "accounts:second_factor_verify",
            "accounts:second_factor_recovery",
            "accounts:second_factor_enrol",
            "accounts:second_factor_codes",
            "cases:my_concerns",
            "cases:child_search",
            "meetings:my_meetings",
            "sip:my_plans",
        ),
        SIGNED_IN,
    ),
    # Pages of one's own unit: everyone with a membership (an administrator has none).
    **dict.fromkeys(
        (
            "cases:concern_create",
            "cases:inbox",
            "cases:transitions",
            "referrals:incoming",
            "handovers:incoming",
        ),
        STAFF,
    ),
    **{
        name: {"administrator"}
        for name in (
            "agencies:municipality_list",
            "agencies:municipality_add",
            "agencies:municipality_edit",
            "agencies:agency_list",
            "agencies:agency_add",
            "agencies:agency_edit",
            "agencies:person_list",
            "agencies:person_add",
            "agencies:person_edit",
            "agencies:steering_seat_list",
            "agencies:steering_seat_end",
        )
    },
    # The indicators: the steering group's only pages.
    **{
        name: {"steering_group"}
        for name in (
            "indicators:overview",
            "indicators:refresh",
            "indicators:export_csv",
            "indicators:export_xlsx",
            "indicators:report_pdf",
        )
    },
    **{
        name: {"agency_admin", "administrator"}
        for name in (
            "agencies:membership_list",
            "agencies:membership_edit",
            "agencies:second_factor_reset",
        )
    },
    "agencies:membership_end": {"agency_admin", "administrator"},
    "skolfam:participation_list": {"administrator"},
    "skolfam:participation_edit": {"administrator"},
    # Skolfam's pages of a team unit (a school or social services, BBAs and handlers) in a
    # municipality that takes part, as the story's does; a reporter has none.
    **dict.fromkeys(("skolfam:cohort", "skolfam:due"), SKOLFAM_TEAM_UNITS),
    # The child Skolfam follows is social services' (through a BBA who is none of these) and
    # the school's, named in the team: the school's BBA reads and maps it, nobody else.
    "skolfam:member_detail": {"bba"},
    "skolfam:mapping_create": {"bba"},
    "skolfam:withdraw": set(),
    # Only social services mark, and the story's case is the school's.
    "skolfam:mark": set(),
    "cases:log_review": {"agency_admin"},
    # The handler works on the case but does not re-delegate it.
    "cases:assign_handler": {"bba"},
    "agencies:access_changes": {"agency_admin"},
    "cases:concern_detail": OWNING | {"reporter"},
    **dict.fromkeys(
        (
            "cases:case_detail",
            "cases:case_changes",
            "cases:close_case",
            "cases:record_stage",
            "cases:child_edit",
            "cases:guardian_add",
            "cases:guardian_edit",
            "wheel:assessment_create",
            "wheel:assessment_detail",
            "wheel:assessment_edit",
            "analysis:analysis_create",
            "analysis:analysis_detail",
            "consent:consent_create",
            "consent:consent_detail",
            "consent:consent_withdraw",
            "meetings:meeting_create",
            "meetings:minutes",
            "meetings:appoint_coordinator",
            "referrals:referral_create",
            "referrals:withdraw",
            "handovers:withdraw",
        ),
        OWNING,
    ),
    # The plan's coordinator (the BUP clinician) may hand the case over too, with what they
    # read themselves.
    "handovers:handover_create": OWNING | {"clinician"},
    "meetings:meeting_detail": OWNING | {"social_worker", "clinician"},
    "referrals:referral_detail": OWNING | {"social_worker"},
    "referrals:decline": {"social_worker"},
    "referrals:accept": {"social_worker"},
    # The receiving school's BBA reads the summary and answers; nothing else of the case.
    "handovers:handover_detail": OWNING | {"receiving_bba"},
    "handovers:decline": {"receiving_bba"},
    "handovers:accept": {"receiving_bba"},
    # Only once the handover is accepted, and then on the receiving case.
    "handovers:continue_mapping": set(),
    **{
        name: OWNING | {"clinician"}
        for name in (
            "sip:plan_create",
            "sip:plan_detail",
            "sip:close_case",
            "sip:plan_decline",
            "sip:version_detail",
            "sip:version_edit",
            "sip:version_agree",
            "sip:follow_up_create",
            "sip:print_plan",
            "sip:print_child_friendly",
            "sip:book_follow_up",
        )
    },
}
# What the other agencies hold only under the consent: gone once it no longer holds.
SHARED = {"social_worker", "clinician", "receiving_bba"}
# People who have no part in the story's case: its child's name is in none of their answers
# (the agency admin reviews the unit's log, which names the unit's children, so is not here).
STRANGERS = {
    "administrator",
    "other_bba",
    "handler_not_delegated",
    "handler_demoted",
    "social_worker_elsewhere",
    "steering_group",
}


@pytest.fixture
def people_and_story(
    school, other_school, bba, handler, reporter, agency_admin, social_services, social_worker, bup
):
    demoted = member(school, Membership.Role.HANDLER, full_name="Dennis Nedflyttad")
    objects, (_, _, _, _, _, clinician, receiving_bba, steering_group) = collaboration_story(
        school, bba, handler, reporter, agency_admin, social_services, social_worker, bup
    )
    case = objects["case"]
    # The demoted handler had the case, then the agency admin made them a reporter.
    case_services.assign_handler(case, demoted, by=bba)
    update_membership(
        Membership.objects.get(user=demoted), by=agency_admin, role=Membership.Role.REPORTER
    )
    case_services.assign_handler(case, handler, by=bba)
    other_bba = member(other_school, Membership.Role.BBA, full_name="Ebba Strand")
    canary = ChildFactory(agency=other_school, first_name="Kanariefågel", last_name="Kanarie")
    ConcernFactory(case__child=canary, reported_by=other_bba)
    elsewhere = AgencyFactory(name="Socialtjänsten Katrineholm", kind="social_services")
    people = {
        "bba": bba,
        "handler": handler,
        "reporter": reporter,
        "agency_admin": agency_admin,
        "social_worker": social_worker,
        "clinician": clinician,
        "other_bba": other_bba,
        "handler_not_delegated": member(school, Membership.Role.HANDLER, full_name="Nils Annan"),
        "handler_demoted": demoted,
        "social_worker_elsewhere": member(elsewhere, Membership.Role.HANDLER),
        "receiving_bba": receiving_bba,
        "steering_group": steering_group,
    }
    return people, objects


def every_url(objects):
    for name, arguments in routed_names():
        assert name in WHO_MAY_OPEN, f"{name} is missing from WHO_MAY_OPEN"
        yield name, url_for(name, arguments, objects)


class Matrix:
    def __init__(self, objects):
        self.objects = objects
        self.child = objects["child"]
        self.checked = 0
        self.clients = {}

    def client_of(self, label, person) -> Client:
        """One browser per person, signed in once: what they may open does not depend on
        the order of their visits (a GET writes nothing but the log and the session, and a
        refused POST changes nothing), and signing in anew for each of some 1,200 requests
        cost a third of the walk."""
        if label not in self.clients:
            self.clients[label] = Client()
            if person is not None:
                self.clients[label].force_login(person)
        return self.clients[label]

    def log_rows(self) -> int:
        return AccessLog.objects.filter(child_id=self.child.pk).count()

    def visit(self, label, person, name, url, *, allowed: bool):
        before = self.log_rows()
        response = self.client_of(label, person).get(url)
        where = (label, name, url, response.status_code)
        if person is None:
            expected = (200, 302) if name in SIGN_IN_PAGES else (302,)
            assert response.status_code in expected, where
            if name not in SIGN_IN_PAGES:
                assert response["Location"].startswith(reverse("accounts:login")), where
        elif name in POST_ONLY:  # the same for a missing object: it leaks nothing
            assert response.status_code == 405, where
        elif not allowed:
            assert response.status_code == 404, where
        else:
            assert response.status_code in (200, 302), where
        body = response.content.decode(errors="replace")
        if label != "other_bba":  # the other school's own child, in its own lists
            assert "Kanariefågel" not in body, where
        if label in STRANGERS:
            assert self.child.full_name not in body, where
        if self.child.full_name in body:
            assert self.log_rows() > before, ("no access-log row", *where)
        self.checked += 1

    def post_refused(self, label, person, name, url):
        """Someone who may not open the page posts to it: 404 (405 from a page that is only
        read, such as a PDF, whoever asks)."""
        response = self.client_of(label, person).post(
            url, {"reason": "x", "handler": "", "attended": []}
        )
        assert response.status_code in (404, 405), (label, name, url, response.status_code)
        self.checked += 1


def walk(matrix, people, *, consent_holds: bool, signed_out: bool = True) -> None:
    for name, url in every_url(matrix.objects):
        for label, person in [*people.items(), *([("anonymous", None)] if signed_out else [])]:
            allowed = label in WHO_MAY_OPEN[name] and (
                consent_holds or label not in SHARED or name in NOT_UNDER_THE_CONSENT
            )
            matrix.visit(label, person, name, url, allowed=allowed)
            if person is not None and not allowed and name not in SIGN_IN_PAGES:
                matrix.post_refused(label, person, name, url)


def test_every_url_with_every_person_with_the_consent_in_force(people_and_story, administrator):
    people, objects = people_and_story
    matrix = Matrix(objects)
    walk(matrix, {**people, "administrator": administrator}, consent_holds=True)
    assert matrix.checked > 1100


def consent_withdrawn(objects, people):
    withdraw_consent(objects["consent"], by=people["bba"], withdrawn_by_party="Lena Berg")


def new_guardian_not_asked(objects, people):
    case_services.add_guardian(
        objects["child"], by=people["bba"], name="Kim Berg", relation="parent", has_custody=True
    )


def test_every_url_with_every_person_once_the_consent_is_withdrawn(people_and_story, administrator):
    """What was shared is closed to the other agencies; the owning unit works on as before;
    nobody else's answers change."""
    people, objects = people_and_story
    matrix = Matrix(objects)
    consent_withdrawn(objects, people)
    walk(matrix, {**people, "administrator": administrator}, consent_holds=False)
    assert matrix.checked > 1100


@pytest.mark.parametrize(
    "consent_state",
    [new_guardian_not_asked, "expired"],
    ids=["new_guardian_not_asked", "expired"],
)
def test_every_url_once_the_consent_no_longer_holds_otherwise(people_and_story, consent_state):
    """The other ways a consent stops holding close the same doors as a withdrawal: walked by
    those it let in and the owning unit. (The consent gives nobody else anything, which the
    walks with the consent in force and withdrawn check for everyone.)"""
    people, objects = people_and_story
    concerned = {label: people[label] for label in sorted(SHARED | OWNING)}
    matrix = Matrix(objects)
    if consent_state == "expired":
        with after_last_day(objects["consent"]):
            walk(matrix, concerned, consent_holds=False, signed_out=False)
    else:
        consent_state(objects, people)
        walk(matrix, concerned, consent_holds=False, signed_out=False)
    assert matrix.checked > 500


# Pages that are not about the story's records: open to the other agencies' staff whatever
# becomes of the consent.
STAFF_PAGES = {name for name, who in WHO_MAY_OPEN.items() if who >= STAFF}
# ... and the pages the story's consent does not govern: Skolfam has a consent of its own.
NOT_UNDER_THE_CONSENT = STAFF_PAGES | {"skolfam:cohort", "skolfam:due"}


def test_the_matrix_covers_every_url():
    missing = {name for name, _ in routed_names()} - set(WHO_MAY_OPEN)
    assert missing == set()
    assert reverse("home") == "/"
