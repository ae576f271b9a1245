"""When consent lets another agency in, and every way it does not."""

import datetime

import pytest
from django.utils import timezone

from apps.consent import rules
from apps.consent.models import ConsentParty
from apps.consent.sharing import withdraw_consent
from tests.factories.agencies import AgencyFactory
from tests.factories.cases import CaseFactory, ChildFactory, personal_number
from tests.factories.consent import active_consent, guardians_with_custody

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def born_years_ago(years):
    return TODAY.replace(year=TODAY.year - years) - datetime.timedelta(days=1)


@pytest.fixture
def bup(db):
    return AgencyFactory(name="BUP Nyköping", kind="bup")


@pytest.fixture
def case_of_15_year_old(school, bba):
    birth = born_years_ago(15)
    child = ChildFactory(agency=school, birth_date=birth, personal_number=personal_number(birth))
    guardians_with_custody(child)
    return CaseFactory(child=child)


def test_full_consent_covers_named_agencies_and_purposes(case_of_15_year_old, social_services, bup):
    consent = active_consent(case_of_15_year_old, [social_services, bup], ["meeting"])
    assert rules.why_not_active(consent) == []
    assert rules.covering_consent(case_of_15_year_old, social_services, "meeting") == consent
    assert rules.covering_consent(case_of_15_year_old, bup, "meeting") == consent


def test_no_consent_covers_nothing(case_of_15_year_old, social_services):
    assert rules.covering_consent(case_of_15_year_old, social_services, "meeting") is None


def test_agency_not_named_is_not_covered(case_of_15_year_old, social_services, bup):
    active_consent(case_of_15_year_old, [social_services], ["meeting"])
    assert rules.covering_consent(case_of_15_year_old, bup, "meeting") is None


def test_purpose_not_named_is_not_covered(case_of_15_year_old, social_services):
    active_consent(case_of_15_year_old, [social_services], ["meeting"])
    assert rules.covering_consent(case_of_15_year_old, social_services, "referral") is None


def test_expired_consent_covers_nothing(case_of_15_year_old, social_services):
    consent = active_consent(case_of_15_year_old, [social_services], ["meeting"], days=10)
    later = TODAY + datetime.timedelta(days=11)
    assert not rules.is_active(consent, on=later)
    assert "gällde till och med" in rules.why_not_active(consent, on=later)[0]


def test_withdrawn_consent_covers_nothing(case_of_15_year_old, social_services, bba):
    consent = active_consent(case_of_15_year_old, [social_services], ["meeting"])
    withdraw_consent(consent, by=bba, withdrawn_by_party="Lena Berg")
    assert rules.covering_consent(case_of_15_year_old, social_services, "meeting") is None
    assert rules.why_not_active(consent) == ["Samtycket är återkallat."]


def test_missing_guardian_makes_it_inactive(case_of_15_year_old, social_services):
    consent = active_consent(case_of_15_year_old, [social_services], ["meeting"])
    consent.parties.filter(kind="guardian").first().delete()
    assert any("har inte samtyckt" in reason for reason in rules.why_not_active(consent))


def test_guardian_who_refused_makes_it_inactive(case_of_15_year_old, social_services):
    consent = active_consent(case_of_15_year_old, [social_services], ["meeting"])
    consent.parties.filter(kind="guardian").update(answer=ConsentParty.Answer.REFUSED)
    assert not rules.is_active(consent)


def test_no_registered_guardians_makes_it_inactive(school, bba, social_services):
    case = CaseFactory(child=ChildFactory(agency=school))
    consent = active_consent(case, [social_services], ["meeting"])
    case.child.guardians.update(has_custody=False)
    assert "Barnets vårdnadshavare är inte registrerade." in rules.why_not_active(consent)


def test_fifteen_year_old_who_said_no_blocks_it(case_of_15_year_old, social_services):
    consent = active_consent(
        case_of_15_year_old,
        [social_services],
        ["meeting"],
        child_answer=ConsentParty.Answer.REFUSED,
    )
    assert rules.why_not_active(consent) == ["Barnet är 15 år och måste själv samtycka."]


def test_thirteen_year_old_is_asked_but_does_not_decide(school, bba, social_services):
    birth = born_years_ago(13)
    case = CaseFactory(
        child=ChildFactory(agency=school, birth_date=birth, personal_number=personal_number(birth))
    )
    not_asked = active_consent(
        case, [social_services], ["meeting"], child_answer=ConsentParty.Answer.NOT_ASKED
    )
    assert rules.why_not_active(not_asked) == ["Barnet är 13 år och ska tillfrågas."]
    refused = active_consent(
        case, [social_services], ["meeting"], child_answer=ConsentParty.Answer.REFUSED
    )
    assert rules.is_active(refused)


def test_ages_come_from_settings(settings, case_of_15_year_old, social_services):
    settings.CONSENT_CHILD_REQUIRED_FROM_AGE = 16
    consent = active_consent(
        case_of_15_year_old,
        [social_services],
        ["meeting"],
        child_answer=ConsentParty.Answer.REFUSED,
    )
    assert rules.is_active(consent)


def test_a_consent_is_withdrawn_only_once(case_of_15_year_old, social_services, bba):
    from django.core.exceptions import ValidationError

    consent = active_consent(case_of_15_year_old, [social_services], ["meeting"])
    withdraw_consent(consent, by=bba, withdrawn_by_party="Lena Berg")
    with pytest.raises(ValidationError):
        withdraw_consent(consent, by=bba, withdrawn_by_party="Omar Berg")
    consent.refresh_from_db()
    assert consent.withdrawn_by_party == "Lena Berg"
