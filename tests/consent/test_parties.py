"""A consent holds only while everyone who must agree has agreed: when a guardian with custody
who was never asked appears, or the child reaches the age at which their own answer is needed,
what was shared under it stops being shared, and the history says why."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.cases import services as case_services
from apps.consent import tasks
from apps.consent.models import Consent, ConsentParty, Share
from tests.consent.test_sharing import share_case
from tests.factories.cases import ChildFactory, ConcernFactory, personal_number
from tests.factories.consent import active_consent, guardians_with_custody

pytestmark = pytest.mark.django_db


def assert_shared(client, case, social_worker, expected_status):
    client.force_login(social_worker)
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == expected_status


def test_a_new_guardian_with_custody_who_was_not_asked_ends_the_sharing(
    client, teen_case, bba, social_services, social_worker
):
    active_consent(teen_case, [social_services], ["meeting"])
    share_case(teen_case, social_services, bba)
    assert_shared(client, teen_case, social_worker, 200)

    case_services.add_guardian(
        teen_case.child, by=bba, name="Kim Berg", relation="parent", has_custody=True
    )

    assert_shared(client, teen_case, social_worker, 404)
    share = Share.objects.get()
    assert (share.ended_reason, share.ended_by) == (Share.Ended.NOT_COVERED, bba)


def test_a_guardian_without_custody_changes_nothing(
    client, teen_case, bba, social_services, social_worker
):
    active_consent(teen_case, [social_services], ["meeting"])
    share_case(teen_case, social_services, bba)

    case_services.add_guardian(
        teen_case.child, by=bba, name="Kim Berg", relation="other", has_custody=False
    )

    assert_shared(client, teen_case, social_worker, 200)
    assert Share.objects.get().ended_at is None


def test_a_guardian_given_custody_later_ends_the_sharing_through_the_form(
    client, teen_case, bba, social_services, social_worker
):
    stepfather = case_services.add_guardian(
        teen_case.child, by=bba, name="Kim Berg", relation="other", has_custody=False
    )
    active_consent(teen_case, [social_services], ["meeting"])
    share_case(teen_case, social_services, bba)

    client.force_login(bba)
    response = client.post(
        reverse("cases:guardian_edit", args=[teen_case.child_id, stepfather.pk]),
        {"name": "Kim Berg", "relation": "appointed", "has_custody": "on"},
    )
    assert response.status_code == 302

    assert_shared(client, teen_case, social_worker, 404)
    assert Share.objects.get().ended_reason == Share.Ended.NOT_COVERED


def days_before_turning(child, age, days):
    birthday = child.birth_date.replace(year=child.birth_date.year + age)
    return birthday - datetime.timedelta(days=days)


def noon(day):
    return datetime.datetime.combine(day, datetime.time(12), timezone.get_current_timezone())


def child_turning(school, age, in_days, **fields):
    """A child who turns ``age`` in ``in_days`` days, with two guardians with custody."""
    today = timezone.localdate()
    birth = today.replace(year=today.year - age) + datetime.timedelta(days=in_days)
    child = ChildFactory(
        agency=school, birth_date=birth, personal_number=personal_number(birth), **fields
    )
    guardians_with_custody(child)
    return child


@pytest.fixture
def nearly_fifteen(school, reporter, bba):
    """The case of a 14-year-old who turns 15 in ten days."""
    child = child_turning(school, 15, 10, first_name="Juni", last_name="Berg")
    return ConcernFactory(case__child=child, reported_by=reporter).case


def test_the_child_turning_fifteen_without_agreeing_ends_the_sharing_without_a_write_on_read(
    client, nearly_fifteen, bba, social_services, social_worker
):
    consent = active_consent(
        nearly_fifteen, [social_services], ["meeting"], child_answer=ConsentParty.Answer.REFUSED
    )
    share_case(nearly_fifteen, social_services, bba)
    assert consent.holds_until == days_before_turning(nearly_fifteen.child, 15, 1)
    assert_shared(client, nearly_fifteen, social_worker, 200)

    with time_machine.travel(noon(consent.holds_until), tick=False):
        assert_shared(client, nearly_fifteen, social_worker, 200)
    with time_machine.travel(noon(consent.holds_until + datetime.timedelta(days=1)), tick=False):
        assert_shared(client, nearly_fifteen, social_worker, 404)
        assert Share.objects.get().ended_at is None  # the read wrote nothing
        assert tasks.end_lapsed_shares.delay().get() == 1
    assert Share.objects.get().ended_reason == Share.Ended.NOT_COVERED


def test_a_child_who_agreed_keeps_the_consent_to_its_end_date(nearly_fifteen, social_services):
    consent = active_consent(nearly_fifteen, [social_services], ["meeting"])
    assert consent.holds_until == consent.valid_until


def test_a_child_never_asked_holds_the_consent_until_the_age_they_must_be_asked(
    school, reporter, bba
):
    child = child_turning(school, 12, 100)
    case = ConcernFactory(case__child=child, reported_by=reporter).case
    consent = active_consent(
        case, [school], ["meeting"], days=730, child_answer=ConsentParty.Answer.NOT_ASKED
    )
    assert consent.holds_until == days_before_turning(child, 12, 1)


def test_a_corrected_birth_date_judges_the_consent_again(
    client, school, reporter, bba, social_services, social_worker
):
    child = child_turning(school, 14, 100)
    case = ConcernFactory(case__child=child, reported_by=reporter).case
    consent = active_consent(
        case, [social_services], ["meeting"], child_answer=ConsentParty.Answer.REFUSED
    )
    share_case(case, social_services, bba)
    assert_shared(client, case, social_worker, 200)

    case_services.update_child(child, by=bba, birth_date=child.birth_date.replace(year=2000))

    consent.refresh_from_db()
    assert consent.holds_until < timezone.localdate()
    assert_shared(client, case, social_worker, 404)
    assert Share.objects.get(consent=consent).ended_reason == Share.Ended.NOT_COVERED
    assert Consent.history.filter(id=consent.pk, history_user=bba).exists()
