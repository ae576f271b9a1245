"""Sharing only under an active consent that names the agency, and only until it ends."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.agencies import policy
from apps.cases.models import CaseGroupObjectPermission
from apps.consent import services, sharing, tasks
from apps.consent.models import Consent, ConsentParty, Share
from apps.consent.sharing import ConsentMissing, end_lapsed_shares
from tests.factories.consent import active_consent, after_last_day

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def share_case(case, agency, by):
    """The case itself shared with the agency's handlers: a vehicle, as a meeting would be."""
    return sharing.share(
        case,
        case=case,
        agency=agency,
        purpose="meeting",
        groups=[policy.role_group(agency, "handler")],
        perms=[policy.VIEW_CASE],
        by=by,
    )


def test_lapsed_consent_ends_its_shares(teen_case, bba, social_services, social_worker):
    consent = active_consent(teen_case, [social_services], ["meeting"], days=30)
    share_case(teen_case, social_services, bba)
    assert policy.cases.may(social_worker, policy.VIEW, teen_case)

    assert end_lapsed_shares(on=consent.valid_until) == 0
    assert policy.cases.may(social_worker, policy.VIEW, teen_case)

    assert end_lapsed_shares(on=consent.valid_until + datetime.timedelta(days=1)) == 1
    assert not policy.cases.may(social_worker, policy.VIEW, teen_case)
    assert Share.objects.get().ended_reason == Share.Ended.EXPIRED


def test_the_daily_task_ends_shares_of_consents_past_their_end_date(
    teen_case, bba, social_services, social_worker
):
    consent = active_consent(teen_case, [social_services], ["meeting"])
    share_case(teen_case, social_services, bba)

    with after_last_day(consent):
        assert tasks.end_lapsed_shares.delay().get() == 1
        assert not policy.cases.may(social_worker, policy.VIEW, teen_case)


def assert_refused(case, agency, by, social_worker):
    with pytest.raises(ConsentMissing, match="Det finns inget gällande samtycke"):
        share_case(case, agency, by)
    assert not Share.objects.exists()
    assert not policy.cases.may(social_worker, policy.VIEW, case)


def test_sharing_is_refused_for_an_agency_the_consent_does_not_name(
    teen_case, bba, social_services, social_worker, bup
):
    active_consent(teen_case, [bup], ["meeting"])
    assert_refused(teen_case, social_services, bba, social_worker)


def test_sharing_is_refused_under_a_withdrawn_consent(
    teen_case, bba, social_services, social_worker
):
    consent = active_consent(teen_case, [social_services], ["meeting"])
    sharing.withdraw_consent(consent, by=bba, withdrawn_by_party="Omar Berg")
    assert_refused(teen_case, social_services, bba, social_worker)


def test_sharing_is_refused_when_a_guardian_was_not_asked(
    teen_case, bba, social_services, social_worker
):
    lena = teen_case.child.guardians.get(name="Lena Berg")
    services.record_consent(
        teen_case,
        by=bba,
        agencies=[social_services],
        purposes=["meeting"],
        method=Consent.Method.ORAL,
        valid_from=TODAY,
        valid_until=TODAY + datetime.timedelta(days=90),
        parties=[
            {"kind": "guardian", "guardian": lena, "answer": ConsentParty.Answer.AGREED},
            {"kind": "child", "guardian": None, "answer": ConsentParty.Answer.AGREED},
        ],
    )
    assert_refused(teen_case, social_services, bba, social_worker)


def test_sharing_is_refused_when_the_fifteen_year_old_said_no(
    teen_case, bba, social_services, social_worker
):
    active_consent(
        teen_case, [social_services], ["meeting"], child_answer=ConsentParty.Answer.REFUSED
    )
    assert_refused(teen_case, social_services, bba, social_worker)


def test_an_expired_consent_refuses_the_read_and_the_read_writes_nothing(
    client, teen_case, bba, social_services, social_worker
):
    consent = active_consent(teen_case, [social_services], ["meeting"], days=30)
    share_case(teen_case, social_services, bba)
    url = reverse("cases:case_detail", args=[teen_case.pk])
    client.force_login(social_worker)
    assert client.get(url).status_code == 200

    with after_last_day(consent):
        client.force_login(social_worker)
        assert client.get(url).status_code == 404

    share = Share.objects.get(consent=consent)
    assert share.ended_at is None
    still_granted = CaseGroupObjectPermission.objects.filter(
        content_object=teen_case, group=policy.role_group(social_services, "handler")
    )
    assert still_granted.get().valid_until == consent.valid_until  # until the hourly task
