"""A guardian withdraws consent for BUP only. The form ticks nothing, a confirmation page
lists exactly who loses access to what and what stays, nothing is written before it is
confirmed, and social services keep the meeting and the plan. The consent page lists each
agency's access once."""

import pytest
from django.urls import reverse

from apps.agencies import policy
from apps.consent import selectors
from apps.consent.models import AgencyWithdrawal, Consent, Share
from apps.sip import services as sip_services
from tests.factories.consent import active_consent
from tests.factories.meetings import collaboration_case
from tests.factories.sip import agency_action, appointed_meeting, contact, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(school, bba):
    return collaboration_case(school, bba, child__first_name="Alva", child__last_name="Berg")


@pytest.fixture
def consent(case, social_services, bup):
    """One consent for social services and BUP, for meetings and SIP."""
    return active_consent(case, [social_services, bup], ["meeting", "sip"], days=30)


@pytest.fixture
def meeting(case, bba, consent, social_services, social_worker, bup, clinician):
    return appointed_meeting(case, bba, clinician, bup, [(social_worker, social_services)])


@pytest.fixture
def plan(meeting, clinician, social_services, social_worker, bup):
    """BUP's clinician coordinates; the plan names the social worker and the clinician."""
    plan = sip_services.create_plan(meeting, by=clinician)
    write(
        plan.versions.get(),
        clinician,
        actions=[
            agency_action("Familjebehandling.", social_services, social_worker),
            agency_action("Samtalsstöd.", bup, clinician),
        ],
        contacts=[contact(social_worker, social_services), contact(clinician, bup)],
    )
    return plan


def withdraw_url(consent):
    return reverse("consent:consent_withdraw", args=[consent.pk])


def sees(user, meeting, plan) -> tuple[bool, bool]:
    return (
        policy.meetings.may(user, policy.VIEW, meeting),
        policy.plans.may(user, policy.VIEW, plan),
    )


def written_rows() -> tuple:
    """Everything a withdrawal writes, counted."""
    return (
        Share.objects.filter(ended_at__isnull=False).count(),
        Share.history.count(),
        AgencyWithdrawal.objects.count(),
        Consent.objects.filter(withdrawn_at__isnull=False).count(),
    )


def test_the_form_starts_with_nothing_ticked(client, plan, consent, bba):
    client.force_login(bba)
    page = client.get(withdraw_url(consent)).content.decode()
    assert page.count('type="checkbox"') == 2
    assert "checked" not in page


def test_submitting_the_form_as_shown_withdraws_nothing(client, plan, consent, bba):
    client.force_login(bba)
    before = written_rows()

    response = client.post(withdraw_url(consent), {"withdrawn_by_party": "Lena Berg"})

    assert response.status_code == 200
    assert "Välj minst en verksamhet." in response.content.decode()
    assert written_rows() == before


def test_the_confirmation_lists_exactly_what_bup_loses_and_writes_nothing(
    client, meeting, plan, consent, bba, bup, clinician, social_services, social_worker
):
    client.force_login(bba)
    before = written_rows()

    response = client.post(
        withdraw_url(consent), {"withdrawn_by_party": "Lena Berg", "agencies": [bup.pk]}
    )

    assert response.status_code == 200
    page = response.content.decode()
    losing, staying = page.split('id="staying-heading"')
    assert "Bekräfta återkallelsen" in page
    assert f'id="losing-agency-{bup.pk}"' in losing
    assert f'id="losing-agency-{social_services.pk}"' not in losing
    assert str(meeting) in losing and str(plan) in losing
    assert f'id="staying-agency-{social_services.pk}"' in staying
    assert f'id="staying-agency-{bup.pk}"' not in staying
    assert "Ekbackens skola äger ärendet och behåller allt." in staying
    assert f'<input type="hidden" name="agencies" value="{bup.pk}">' in page
    assert 'name="step" value="confirm"' in page
    assert written_rows() == before
    assert sees(clinician, meeting, plan) == (True, True)

    effect = selectors.withdrawal_effect(consent, [bup])
    listed = {(g.agency, item.object_label) for g in effect.losing for item in g.objects}
    assert listed == {
        (bup, f"Samverkansmöte: {meeting}"),
        (bup, f"Samordnad individuell plan: {plan}"),
    }

    confirmed = client.post(
        withdraw_url(consent),
        {"withdrawn_by_party": "Lena Berg", "agencies": [bup.pk], "step": "confirm"},
    )

    assert confirmed.status_code == 302
    ended = Share.objects.filter(ended_at__isnull=False)
    assert {row.agency for row in ended} == {bup}
    assert {(row.content_type_id, row.object_id) for row in ended} == {
        (item.first.share.content_type_id, item.first.share.object_id)
        for group in effect.losing
        for item in group.objects
    }
    assert sees(clinician, meeting, plan) == (False, False)
    # Social services keep the meeting and the plan: the guardian said no to BUP only.
    assert sees(social_worker, meeting, plan) == (True, True)
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_another_agencys_user_gets_404_on_the_confirmation(
    client, plan, consent, other_bba, social_worker, bup
):
    data = {"withdrawn_by_party": "Lena Berg", "agencies": [bup.pk]}
    before = written_rows()
    for outsider in (other_bba, social_worker):
        client.force_login(outsider)
        assert client.post(withdraw_url(consent), data).status_code == 404
        assert client.post(withdraw_url(consent), {**data, "step": "confirm"}).status_code == 404
    assert written_rows() == before


def test_the_consent_page_lists_each_agency_once(
    client, meeting, plan, consent, bba, bup, social_services
):
    client.force_login(bba)

    page = client.get(reverse("consent:consent_detail", args=[consent.pk])).content.decode()

    section = page.split('id="shares-heading"')[1]
    for agency in (bup, social_services):
        assert section.count(f'id="shared-agency-{agency.pk}"') == 1
    # The plan was given to two people in two agencies with two or three rights each: one
    # line per agency, not one per grant.
    assert section.count(f"Samordnad individuell plan: {plan}") == 2
    assert section.count(f"Samverkansmöte: {meeting}") == 2
    assert "Delas fortfarande" in section
    access = selectors.agency_access(consent)
    assert [group.agency for group in access] == [bup, social_services]
    for group in access:
        labels = [item.object_label for item in group.objects]
        assert len(labels) == len(set(labels))
