"""bench_pages on a county of one child's whole story: every key page is found, measured as
its user and answers 200, and the database is left as it was."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.agencies.models import Membership
from apps.audit.models import AccessLog
from apps.cases import services as case_services
from apps.county.bench import PAGES, grows_with_county
from apps.county.management.commands.bench_report import combine
from apps.sip import services as sip_services
from tests.factories.agencies import member
from tests.factories.cases import ConcernFactory
from tests.factories.consent import active_consent
from tests.factories.meetings import collaboration_case
from tests.factories.referrals import ReferralFactory
from tests.factories.sip import appointed_meeting
from tests.factories.wheel import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(school, bba, handler, reporter, agency_admin, social_services, social_worker, bup):
    """A concern, two mappings, an analysis, consent, a meeting with social services and
    BUP that appointed BUP's clinician coordinator, the plan, and a referral."""
    clinician = member(bup, Membership.Role.HANDLER, full_name="Jonas Ahmadi")
    case = collaboration_case(school, bba, child__first_name="Alva", child__last_name="Berg")
    ConcernFactory(case=case, reported_by=reporter)
    case_services.assign_handler(case, handler, by=bba)
    AssessmentFactory(case=case, created_by=bba)
    AssessmentFactory(case=case, created_by=bba)
    active_consent(case, [social_services, bup], ["meeting", "sip", "referral"])
    meeting = appointed_meeting(case, bba, clinician, bup, [(social_worker, social_services)])
    sip_services.create_plan(meeting, by=clinician)
    ReferralFactory(case=case, sent_by=bba, to_agency=social_services)


def bench(tmp_path) -> dict:
    path = tmp_path / "bench.json"
    call_command("bench_pages", "--runs", "1", "--warmups", "0", "--json", str(path))
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_key_page_answers_its_user(story, tmp_path):
    people, reads = get_user_model().objects.count(), AccessLog.objects.count()

    figures = bench(tmp_path)

    assert figures["size"] == 1
    assert list(figures["pages"]) == list(PAGES)
    assert {name: page["status"] for name, page in figures["pages"].items()} == dict.fromkeys(
        PAGES, 200
    )
    assert all(page["queries"] > 0 for page in figures["pages"].values())
    assert figures["pages"]["baseline"]["ratio_to_baseline"] == 1
    # The administrator was a stand-in, and every read's log row went with the rollback.
    assert get_user_model().objects.count() == people
    assert AccessLog.objects.count() == reads


def test_pages_are_measured_as_a_session_verified_by_its_second_factor(story, tmp_path, settings):
    """In production every page asks these people for a second factor first: measured without
    it, each page would be the redirect to give it. The authenticators made for the run go
    with the rollback."""
    settings.SECOND_FACTOR_REQUIRED = True

    figures = bench(tmp_path)

    assert {name: page["status"] for name, page in figures["pages"].items()} == dict.fromkeys(
        PAGES, 200
    )
    assert not TOTPDevice.objects.exists()


def test_profile_prints_where_one_page_spends_its_calls(story, capsys):
    reads = AccessLog.objects.count()

    call_command("bench_pages", "--profile", "case", "--runs", "2", "--warmups", "0")

    printed = capsys.readouterr().out
    assert printed.startswith("case: /arenden/")
    assert "function calls" in printed
    assert "case_detail" in printed
    assert AccessLog.objects.count() == reads


def test_a_county_without_a_page_s_objects_fails_loudly(school, bba, tmp_path):
    with pytest.raises(CommandError, match="pages failed"):
        bench(tmp_path)

    pages = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))["pages"]
    assert pages["baseline"]["status"] == 200
    assert pages["case"]["status"] is None


def test_grant_and_history_tables_count_as_growing():
    assert grows_with_county("cases_concern")
    assert grows_with_county("sip_plangroupobjectpermission")
    assert grows_with_county("cases_historicalchild")
    assert not grows_with_county("agencies_municipality")


def test_the_report_puts_the_sizes_side_by_side():
    small = {"size": 1000, "pages": {"case": {"p95_ms": 20.0, "queries": 40}}}
    large = {"size": 100000, "pages": {"case": {"p95_ms": 30.0, "queries": 41}}}

    combined = combine([large, small])

    assert combined["sizes"] == [1000, 100000]
    assert combined["pages"]["case"] == {
        "growth": 1.5,
        "p95_ms": {"1000": 20.0, "100000": 30.0},
        "queries": {"1000": 40, "100000": 41},
    }
    assert combined["runs"]["100000"] is large
