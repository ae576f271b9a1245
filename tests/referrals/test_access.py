"""Who reaches a referral: the sender through their case, the receiving unit through the share
made under consent, nobody else. Denied answers 404, and ending the consent ends the access."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.agencies.models import Membership
from apps.audit.models import AccessLog
from apps.consent import tasks as consent_tasks
from apps.consent.models import Consent, Share
from apps.consent.sharing import withdraw_consent
from apps.referrals import services
from apps.referrals.models import Referral, ReferralGroupObjectPermission
from tests.factories.agencies import member
from tests.factories.cases import CaseFactory, ChildFactory
from tests.factories.consent import active_consent, after_last_day
from tests.factories.referrals import QUESTION, ReferralFactory, form_data

pytestmark = pytest.mark.django_db


def referral_pages(referral):
    return [
        ("get", referral.get_absolute_url()),
        ("get", reverse("referrals:decline", args=[referral.pk])),
        ("post", reverse("referrals:decline", args=[referral.pk])),
        ("post", reverse("referrals:accept", args=[referral.pk])),
        ("post", reverse("referrals:withdraw", args=[referral.pk])),
    ]


def assert_no_access(client, referral):
    for method, url in referral_pages(referral):
        response = getattr(client, method)(url, {"reason": "Vi avböjer."})
        assert response.status_code == 404, url
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT


# Another social-services unit than the receiver, an administrator, the school's reporter
# (whose concern the case started from), another school's BBA, a school handler the case is
# not delegated to and the municipality's steering group.
OUTSIDERS = [
    "other_social_worker",
    "administrator",
    "reporter",
    "other_bba",
    "handler",
    "steering_group",
]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_referral_page(client, referral, outsider, request):
    user = request.getfixturevalue(outsider)
    client.force_login(user)
    assert_no_access(client, referral)
    assert not AccessLog.objects.filter(user=user).exists()


def test_another_social_services_unit_has_an_empty_inbox(client, referral, other_social_worker):
    client.force_login(other_social_worker)
    assert list(client.get(reverse("referrals:incoming")).context["referrals"]) == []


def test_sending_bba_cannot_accept_or_decline_its_own_referral(client, referral, bba):
    client.force_login(bba)
    assert client.get(referral.get_absolute_url()).status_code == 200
    assert client.post(reverse("referrals:accept", args=[referral.pk])).status_code == 404
    decline = reverse("referrals:decline", args=[referral.pk])
    assert client.post(decline, {"reason": "Nej."}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    assert list(client.get(reverse("referrals:incoming")).context["referrals"]) == []


def test_receiver_cannot_withdraw_and_never_sees_the_senders_case(client, referral, social_worker):
    client.force_login(social_worker)
    assert client.post(reverse("referrals:withdraw", args=[referral.pk])).status_code == 404
    assert client.get(reverse("cases:case_detail", args=[referral.case_id])).status_code == 404
    create = reverse("referrals:referral_create", args=[referral.case_id])
    assert client.get(create).status_code == 404
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT


@pytest.mark.parametrize(
    "user", ["reporter", "social_worker", "administrator", "handler", "steering_group"]
)
def test_only_who_may_change_the_case_sends(client, case, consent, social_services, user, request):
    client.force_login(request.getfixturevalue(user))
    create = reverse("referrals:referral_create", args=[case.pk])
    assert client.get(create).status_code == 404
    assert client.post(create, form_data(social_services)).status_code == 404
    assert not Referral.objects.exists()


def _refused(client, bba, case, social_services):
    client.force_login(bba)
    response = client.post(
        reverse("referrals:referral_create", args=[case.pk]), form_data(social_services)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Det finns inget gällande samtycke som omfattar Socialtjänsten Nyköping" in page
    assert QUESTION in page  # what was typed is kept
    assert not Referral.objects.exists()
    assert not Share.objects.exists()
    assert not ReferralGroupObjectPermission.objects.exists()


def test_no_consent_refuses_the_send(client, case, bba, social_services):
    _refused(client, bba, case, social_services)


def test_consent_not_naming_social_services_refuses_the_send(
    client, case, bba, social_services, other_social_services
):
    active_consent(case, [other_social_services], ["referral"])
    _refused(client, bba, case, social_services)


def test_consent_for_another_purpose_refuses_the_send(client, case, bba, social_services):
    active_consent(case, [social_services], ["meeting", "sip"])
    _refused(client, bba, case, social_services)


def _expire(consent):
    today = timezone.localdate()
    Consent.objects.filter(pk=consent.pk).update(
        valid_from=today - datetime.timedelta(days=30),
        valid_until=today - datetime.timedelta(days=1),
    )


def test_expired_consent_refuses_the_send(client, case, consent, bba, social_services):
    _expire(consent)
    _refused(client, bba, case, social_services)


def test_withdrawn_consent_refuses_the_send(client, case, consent, bba, social_services):
    withdraw_consent(consent, by=bba, withdrawn_by_party="Lena Berg")
    _refused(client, bba, case, social_services)


def test_withdrawing_consent_takes_the_referral_back_at_once(
    client, referral, consent, bba, social_worker
):
    client.force_login(social_worker)
    assert client.get(referral.get_absolute_url()).status_code == 200

    withdraw_consent(consent, by=bba, withdrawn_by_party="Lena Berg")

    assert client.get(referral.get_absolute_url()).status_code == 404
    assert list(client.get(reverse("referrals:incoming")).context["referrals"]) == []
    assert client.post(reverse("referrals:accept", args=[referral.pk])).status_code == 404
    # The sender still reads it through their own case.
    client.force_login(bba)
    assert client.get(referral.get_absolute_url()).status_code == 200


def test_expiry_takes_the_referral_back_on_the_next_read(client, referral, consent, social_worker):
    with after_last_day(consent):
        client.force_login(social_worker)
        assert list(client.get(reverse("referrals:incoming")).context["referrals"]) == []
        assert client.get(referral.get_absolute_url()).status_code == 404
        assert not Share.objects.filter(object_id=referral.pk, ended_at__isnull=False).exists()

        consent_tasks.end_lapsed_shares.delay().get()

    ended = Share.objects.filter(object_id=referral.pk).values_list("ended_reason", flat=True)
    assert set(ended) == {Share.Ended.EXPIRED}


def test_accepted_case_stays_the_receivers_after_consent_is_withdrawn(
    client, referral, consent, bba, social_worker
):
    referral = services.accept_referral(referral, by=social_worker)
    withdraw_consent(consent, by=bba, withdrawn_by_party="Lena Berg")

    client.force_login(social_worker)
    assert client.get(referral.get_absolute_url()).status_code == 404
    own = client.get(reverse("cases:case_detail", args=[referral.receiving_case_id]))
    assert own.status_code == 200
    page = own.content.decode()
    assert "Från remiss: Ekbackens skola" in page
    assert "Läs remissen" not in page


def test_history_names_who_granted_and_who_revoked(referral, consent, bba, social_services):
    rows = ReferralGroupObjectPermission.history.filter(content_object=referral)
    granted = rows.filter(history_type="+")
    assert granted.count() == 4  # view and decide, for the unit's BBAs and its handlers
    assert {row.history_user for row in granted} == {bba}

    withdraw_consent(consent, by=bba, withdrawn_by_party="Lena Berg")

    revoked = rows.filter(history_type="-")
    assert revoked.count() == 4
    assert {row.history_user for row in revoked} == {bba}
    assert not ReferralGroupObjectPermission.objects.filter(content_object=referral).exists()


def test_withdrawing_the_referral_is_recorded_with_the_sender(referral, bba, social_services):
    services.withdraw_referral(referral, by=bba)
    revoked = ReferralGroupObjectPermission.history.filter(
        content_object=referral, history_type="-"
    )
    assert revoked.count() == 4
    assert {row.history_user for row in revoked} == {bba}
    assert referral.history.first().history_user == bba


def test_a_new_member_of_the_receiving_unit_sees_the_referral(client, referral, social_services):
    newcomer = member(social_services, Membership.Role.HANDLER)
    client.force_login(newcomer)
    assert client.get(referral.get_absolute_url()).status_code == 200


def test_reporter_of_the_receiving_unit_does_not_see_it(client, referral, social_services):
    client.force_login(member(social_services, Membership.Role.REPORTER))
    assert client.get(referral.get_absolute_url()).status_code == 404
    assert list(client.get(reverse("referrals:incoming")).context["referrals"]) == []


def _queries(client, url):
    client.get(url)  # the first request of a session also syncs role groups
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _another_referral(school, bba, social_services):
    case = CaseFactory(child=ChildFactory(agency=school))
    active_consent(case, [social_services], ["referral"])
    return ReferralFactory(case=case, sent_by=bba, to_agency=social_services)


@pytest.mark.parametrize("status", ["sent", "accepted"])
def test_incoming_inbox_runs_a_fixed_number_of_queries(
    client, school, bba, social_services, social_worker, status
):
    def add():
        referral = _another_referral(school, bba, social_services)
        if status == "accepted":
            services.accept_referral(referral, by=social_worker)

    add()
    client.force_login(social_worker)
    url = reverse("referrals:incoming") + f"?status={status}"
    few = _queries(client, url)
    for _ in range(4):
        add()
    response = client.get(url)
    assert len(response.context["referrals"]) == 5
    assert _queries(client, url) == few


def test_missing_ids_answer_404_like_denied_ones(client, bba):
    client.force_login(bba)
    for url in (
        reverse("referrals:referral_detail", args=[999999]),
        reverse("referrals:referral_create", args=[999999]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("referrals:accept", args=[999999])).status_code == 404
    assert client.post(reverse("referrals:withdraw", args=[999999])).status_code == 404


def test_a_member_of_no_agency_has_no_inbox(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("referrals:incoming")).status_code == 404
