"""The rules of sending, accepting, declining and withdrawing, and how the pages show them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.audit.models import AccessLog
from apps.cases import services as case_services
from apps.cases.models import Case, Child
from apps.referrals import services
from apps.referrals.models import Referral
from tests.factories.cases import CaseFactory, ChildFactory
from tests.factories.consent import active_consent
from tests.factories.referrals import QUESTION, SUMMARY, ReferralFactory, form_data

pytestmark = pytest.mark.django_db


def test_a_closed_case_is_not_referred(case, consent, bba, social_services):
    case_services.close_case(case, by=bba, reason="Målen är nådda.")
    with pytest.raises(services.ReferralError, match="avslutat"):
        services.send_referral(
            case, by=bba, to_agency=social_services, question=QUESTION, summary=SUMMARY
        )
    assert not Referral.objects.exists()


def test_a_case_is_not_referred_to_its_own_agency(case, bba, school):
    active_consent(case, [school], ["referral"])
    with pytest.raises(services.ReferralError, match="annan verksamhet"):
        services.send_referral(case, by=bba, to_agency=school, question=QUESTION, summary=SUMMARY)


def test_only_who_may_change_the_case_sends(case, consent, social_services, reporter):
    with pytest.raises(PermissionDenied):
        services.send_referral(
            case, by=reporter, to_agency=social_services, question=QUESTION, summary=SUMMARY
        )


def test_the_form_offers_other_agencies_only_and_social_services_first(
    client, case, bba, social_services, other_school
):
    client.force_login(bba)
    response = client.get(reverse("referrals:referral_create", args=[case.pk]))
    groups = [label for label, _ in response.context["form"].fields["to_agency"].choices[1:]]
    assert groups == ["Socialtjänst", "Andra verksamheter"]
    offered = dict(response.context["form"].fields["to_agency"].choices[2][1])
    assert case.agency_id not in offered and other_school.pk in offered
    response = client.post(
        reverse("referrals:referral_create", args=[case.pk]),
        form_data(case.agency, summary=""),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Välj ett giltigt alternativ" in page
    assert "Skriv en sammanfattning till mottagaren." in page
    assert QUESTION in page


def test_the_create_page_is_logged(client, case, bba):
    client.force_login(bba)
    client.get(reverse("referrals:referral_create", args=[case.pk]))
    log = AccessLog.objects.get(user=bba)
    assert (log.object_type, log.child_id) == ("cases.case", case.child_id)


def test_accepting_reuses_the_childs_record_at_the_receiving_unit(
    referral, social_services, social_worker
):
    known = ChildFactory(
        agency=social_services,
        personal_number=referral.case.child.personal_number,
        first_name="Alva",
        last_name="Berg",
    )
    case_services.update_child(referral.case.child, by=None, protected_identity=True)

    referral = services.accept_referral(referral, by=social_worker)

    assert referral.receiving_case.child == known
    known.refresh_from_db()
    assert known.protected_identity
    assert not known.guardians.exists()  # the unit's own record is left as it is
    assert Child.objects.filter(agency=social_services).count() == 1


def test_a_child_without_personnummer_gets_a_reserve_number_of_its_own(
    school, bba, social_services, social_bba
):
    child = ChildFactory(agency=school, personal_number=None, first_name="Nour")
    case = CaseFactory(child=child)
    active_consent(case, [social_services], ["referral"])
    referral = ReferralFactory(case=case, sent_by=bba, to_agency=social_services)

    referral = services.accept_referral(referral, by=social_bba)

    own = referral.receiving_case.child
    assert (own.first_name, own.birth_date, own.agency) == (
        "Nour",
        child.birth_date,
        social_services,
    )
    assert own.reserve_number and own.reserve_number != child.reserve_number
    # A BBA who accepts keeps the case with the unit's BBAs; nobody is delegated it.
    assert referral.receiving_case.handler is None


def test_the_new_case_and_its_grants_are_recorded_with_the_accepting_user(referral, social_worker):
    referral = services.accept_referral(referral, by=social_worker)
    own_case = referral.receiving_case
    assert own_case.history.first().history_user == social_worker
    assert own_case.child.history.get().history_user == social_worker
    assert referral.history.first().history_user == social_worker


def test_a_referral_is_answered_once(client, referral, social_worker, social_bba):
    services.accept_referral(referral, by=social_worker)
    client.force_login(social_bba)
    response = client.post(reverse("referrals:accept", args=[referral.pk]), follow=True)
    assert "Remissen är redan mottagen." in response.content.decode()
    assert Case.objects.count() == 2
    with pytest.raises(services.ReferralError):
        services.decline_referral(referral, by=social_bba, reason="För sent.")
    decline_page = client.get(reverse("referrals:decline", args=[referral.pk])).content.decode()
    assert "Remissen är redan mottagen." in decline_page


def test_an_answered_referral_cannot_be_withdrawn(client, referral, bba, social_worker):
    services.accept_referral(referral, by=social_worker)
    client.force_login(bba)
    response = client.post(reverse("referrals:withdraw", args=[referral.pk]), follow=True)
    assert "Remissen är redan mottagen." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED


def test_a_declined_referral_is_no_longer_shared(client, referral, social_worker):
    services.decline_referral(referral, by=social_worker, reason="Inte vårt uppdrag.")
    client.force_login(social_worker)
    assert client.get(referral.get_absolute_url()).status_code == 404
