"""Withdrawing consent through the page takes back, at once, everything shared under it."""

import pytest
from django.urls import reverse

from apps.agencies import policy
from apps.agencies.models import Membership
from apps.cases.models import CaseGroupObjectPermission
from apps.consent import rules, sharing
from apps.consent.models import AgencyWithdrawal, Share
from tests.factories.consent import active_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent(teen_case, social_services):
    return active_consent(teen_case, [social_services], ["meeting"])


@pytest.fixture
def shared_case(teen_case, consent, social_services, bba):
    """The case itself shared with social services' handlers: only a vehicle for the test, as
    a meeting or a plan would be."""
    sharing.share(
        teen_case,
        case=teen_case,
        agency=social_services,
        purpose="meeting",
        groups=[policy.role_group(social_services, "handler")],
        perms=[policy.VIEW_CASE],
        by=bba,
    )
    return teen_case


def withdraw_url(consent):
    return reverse("consent:consent_withdraw", args=[consent.pk])


def test_the_form_suggests_who_and_ticks_nothing(client, shared_case, consent, bba):
    client.force_login(bba)
    content = client.get(withdraw_url(consent)).content.decode()
    assert "Inget är förkryssat." in content
    assert 'type="checkbox"' in content
    assert "checked" not in content
    for name in ["Lena Berg", "Omar Berg", "Alva Berg"]:
        assert f'<option value="{name}">' in content


def test_withdrawal_ends_the_shares_and_revokes_access_at_once(
    client, shared_case, consent, bba, social_services, social_worker
):
    assert policy.cases.may(social_worker, policy.VIEW, shared_case)
    client.force_login(bba)

    response = client.post(
        withdraw_url(consent),
        {"withdrawn_by_party": "Lena Berg", "agencies": [social_services.pk], "step": "confirm"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("consent:consent_detail", args=[consent.pk])
    assert not policy.cases.may(social_worker, policy.VIEW, shared_case)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert (consent.withdrawn_by_party, consent.withdrawal_recorded_by) == ("Lena Berg", bba)
    share = Share.objects.get()
    assert (share.ended_by, share.ended_reason) == (bba, Share.Ended.WITHDRAWN)
    assert share.history.first().history_user == bba
    revoked = CaseGroupObjectPermission.history.get(
        content_object=shared_case,
        group=policy.role_group(social_services, "handler"),
        history_type="-",
    )
    assert revoked.history_user == bba

    page = client.get(response["Location"]).content.decode()
    assert "Samtycket är återkallat. Alla andra verksamheter har förlorat åtkomsten" in page
    assert "Samtycket är återkallat." in page
    assert "av Lena Berg" in page

    client.force_login(social_worker)
    assert client.get(reverse("cases:case_detail", args=[shared_case.pk])).status_code == 404


def test_who_withdrew_it_must_be_written(client, consent, bba):
    client.force_login(bba)
    response = client.post(withdraw_url(consent), {"withdrawn_by_party": "  "})
    assert response.status_code == 200
    assert "Skriv vem som återkallade samtycket." in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_withdrawing_twice_is_refused(client, consent, bba, social_services):
    client.force_login(bba)
    client.post(
        withdraw_url(consent),
        {"withdrawn_by_party": "Lena Berg", "agencies": [social_services.pk], "step": "confirm"},
    )
    consent.refresh_from_db()
    first = consent.withdrawn_at

    for method in ("get", "post"):
        response = getattr(client, method)(
            withdraw_url(consent), {"withdrawn_by_party": "Omar Berg"}, follow=True
        )
        assert "återkallades redan" in response.content.decode()
    consent.refresh_from_db()
    assert (consent.withdrawn_at, consent.withdrawn_by_party) == (first, "Lena Berg")
    assert (
        "Återkalla samtycket"
        not in client.get(reverse("consent:consent_detail", args=[consent.pk])).content.decode()
    )


def test_withdrawing_for_one_agency_keeps_the_consent_for_the_other(
    client, teen_case, bba, social_services, social_worker, bup, clinician
):
    consent = active_consent(teen_case, [social_services, bup], ["meeting"])
    for agency in (social_services, bup):
        sharing.share(
            teen_case,
            case=teen_case,
            agency=agency,
            purpose="meeting",
            groups=[policy.role_group(agency, Membership.Role.HANDLER)],
            perms=[policy.VIEW_CASE],
            by=bba,
        )
    client.force_login(bba)

    response = client.post(
        withdraw_url(consent),
        {"withdrawn_by_party": "Lena Berg", "agencies": [bup.pk], "step": "confirm"},
    )

    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert not policy.cases.may(clinician, policy.VIEW, teen_case)
    assert policy.cases.may(social_worker, policy.VIEW, teen_case)
    assert rules.covering_consent(teen_case, bup, "meeting") is None
    assert rules.covering_consent(teen_case, social_services, "meeting") == consent
    withdrawal = AgencyWithdrawal.objects.get()
    assert (withdrawal.agency, withdrawal.recorded_by) == (bup, bba)
    assert withdrawal.history.get().history_user == bba
    page = client.get(reverse("cases:case_detail", args=[teen_case.pk])).content.decode()
    assert "Samtycke återkallat för BUP Nyköping (av Lena Berg)" in page
