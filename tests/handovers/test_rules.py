"""What a handover refuses, in plain Swedish, changing nothing: no consent for the unit and
purpose (the form says what is missing), the own unit, an inactive unit, a second handover
while one waits, a closed case; and what happens to a SIP."""

import pytest
from django.urls import reverse

from apps.agencies.models import Membership
from apps.cases import services as case_services
from apps.consent.models import Share
from apps.consent.sharing import withdraw_consent
from apps.handovers import services
from apps.handovers.models import Handover
from tests.factories.agencies import member
from tests.factories.consent import active_consent
from tests.factories.handovers import form_data, hand_over

pytestmark = pytest.mark.django_db


def post_handover(client, case, agency, **overrides):
    return client.post(
        reverse("handovers:handover_create", args=[case.pk]), form_data(agency, **overrides)
    )


def assert_nothing_changed(case):
    assert not Handover.objects.exists()
    assert not Share.objects.filter(content_type__app_label="handovers").exists()
    case.refresh_from_db()
    assert not case.is_closed


def test_refused_without_any_consent_naming_the_unit(client, case, pre_bba, school):
    client.force_login(pre_bba)
    response = post_handover(client, case, school, message="Alva börjar skolan.")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Det finns inget samtycke som omfattar Ekbackens skola för överlämning" in page
    assert reverse("consent:consent_create", args=[case.pk]) in page
    # Nothing typed is lost.
    assert "Alva börjar skolan." in page
    assert_nothing_changed(case)


def test_refused_when_the_consent_names_the_unit_for_another_purpose(client, case, pre_bba, school):
    active_consent(case, [school], ["meeting"], by=pre_bba)
    client.force_login(pre_bba)
    page = post_handover(client, case, school).content.decode()
    assert "gäller inte för överlämning" in page
    assert_nothing_changed(case)


def test_the_form_says_what_the_consent_for_handover_lacks(client, case, pre_bba, school):
    consent = active_consent(case, [school], ["handover"], by=pre_bba)
    withdraw_consent(consent, by=pre_bba, withdrawn_by_party="Lena Berg")
    client.force_login(pre_bba)
    page = post_handover(client, case, school).content.decode()
    assert "Samtycket är återkallat." in page
    assert_nothing_changed(case)


def test_refused_to_the_own_unit(client, case, consent, pre_bba, preschool):
    client.force_login(pre_bba)
    page = post_handover(client, case, preschool).content.decode()
    assert "den är den egna eller inte längre aktiv" in page
    with pytest.raises(services.HandoverError, match="den egna verksamheten"):
        hand_over(case, pre_bba, preschool)
    assert_nothing_changed(case)


def test_refused_to_an_inactive_unit(client, case, consent, pre_bba, school):
    school.is_active = False
    school.save()
    client.force_login(pre_bba)
    page = post_handover(client, case, school).content.decode()
    assert "den är den egna eller inte längre aktiv" in page
    with pytest.raises(services.HandoverError, match="inte längre aktiv"):
        hand_over(case, pre_bba, school)
    assert_nothing_changed(case)


def test_refused_without_a_message(client, case, consent, pre_bba, school):
    client.force_login(pre_bba)
    page = post_handover(client, case, school, message=" ").content.decode()
    assert "Skriv ett meddelande till den mottagande verksamheten." in page
    assert_nothing_changed(case)


def test_twice_at_once_one_is_stored_and_the_other_is_told(
    client, case, consent, pre_bba, school, other_school
):
    active_consent(case, [other_school], ["handover"], by=pre_bba)
    client.force_login(pre_bba)
    # Two tabs: each form has its own submission token.
    assert post_handover(client, case, school).status_code == 302
    second = post_handover(client, case, other_school)
    assert second.status_code == 200
    assert "redan en överlämning till Ekbackens skola som väntar på svar" in (
        second.content.decode()
    )
    assert list(Handover.objects.values_list("to_agency", flat=True)) == [school.pk]


def test_a_double_submit_stores_once(client, case, consent, pre_bba, school):
    client.force_login(pre_bba)
    data = form_data(school, submission_token="0b7a3c1e-2f4d-4e5a-9c6b-7d8e9f0a1b2c")
    url = reverse("handovers:handover_create", args=[case.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code in (200, 302)
    assert Handover.objects.count() == 1


def test_refused_for_a_closed_case(client, case, consent, pre_bba, school):
    case_services.close_case(case, by=pre_bba, reason="Familjen har flyttat.")
    client.force_login(pre_bba)
    page = post_handover(client, case, school).content.decode()
    assert "Ett avslutat ärende kan inte lämnas över" in page
    assert not Handover.objects.exists()


def test_the_second_bba_to_answer_is_told_it_is_already_answered(client, handover, school, bba):
    colleague = member(school, Membership.Role.BBA, full_name="Kerstin Ek")
    client.force_login(colleague)
    decline = reverse("handovers:decline", args=[handover.pk])
    assert client.get(decline).status_code == 200
    services.accept_handover(handover, by=bba)
    response = client.post(decline, {"reason": "Fel skola."}, follow=True)
    assert "Överlämningen är redan mottagen." in response.content.decode()
    response = client.post(reverse("handovers:accept", args=[handover.pk]), follow=True)
    assert "Överlämningen är redan mottagen." in response.content.decode()
    handover.refresh_from_db()
    assert (handover.status, handover.decided_by) == (Handover.Status.ACCEPTED, bba)


def test_the_sending_case_closed_meanwhile_refuses_acceptance(handover, case, pre_bba, bba):
    case_services.close_case(case, by=pre_bba, reason="Familjen har flyttat.")
    with pytest.raises(services.HandoverError, match="har avslutat ärendet"):
        services.accept_handover(handover, by=bba)
    handover.refresh_from_db()
    assert handover.status == Handover.Status.SENT
