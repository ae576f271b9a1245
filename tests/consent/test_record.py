"""Recording a consent through the page: what it covers and what each person answered."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AccessLog
from apps.cases import services as case_services
from apps.consent import rules
from apps.consent.forms import one_year_after
from apps.consent.models import Consent, ConsentParty
from tests.consent.conftest import child_aged
from tests.factories.agencies import AgencyFactory
from tests.factories.cases import CaseFactory
from tests.factories.consent import consent_form_data

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def create_url(case):
    return reverse("consent:consent_create", args=[case.pk])


def test_bba_records_consent_from_both_guardians_and_the_teenager(
    client, teen_case, bba, social_services, bup
):
    client.force_login(bba)
    response = client.post(
        create_url(teen_case), consent_form_data(teen_case, [social_services, bup])
    )

    consent = Consent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consent:consent_detail", args=[consent.pk])
    assert set(consent.agencies.all()) == {social_services, bup}
    assert consent.purposes == ["meeting"]
    assert consent.recorded_by == bba
    assert {record.history_user for record in consent.history.all()} == {bba}
    parties = {(p.kind, p.guardian and p.guardian.name, p.answer) for p in consent.parties.all()}
    assert parties == {
        ("guardian", "Lena Berg", "agreed"),
        ("guardian", "Omar Berg", "agreed"),
        ("child", None, "agreed"),
    }
    assert consent.parties.get(kind="child").view.startswith("Jag vill att BUP")
    assert rules.is_active(consent)
    assert rules.covering_consent(teen_case, bup, "meeting") == consent

    page = client.get(response["Location"]).content.decode()
    assert "Samtycket är antecknat och gäller till och med" in page
    assert "Gäller inte" not in page


def test_form_groups_the_other_agencies_and_explains_the_ages(
    client, teen_case, bba, school, social_services
):
    AgencyFactory(
        name="Socialtjänsten Eskilstuna", municipality__name="Eskilstuna", municipality__code="0484"
    )
    inactive = AgencyFactory(name="Nedlagda skolan", is_active=False)
    client.force_login(bba)

    response = client.get(create_url(teen_case))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<legend>Nyköping</legend>" in content
    assert "<legend>Eskilstuna</legend>" in content
    assert content.index("<legend>Nyköping</legend>") < content.index("<legend>Eskilstuna</legend>")
    assert "Socialtjänsten Nyköping (Socialtjänst)" in content
    offered = set(response.context["form"].main.fields["agencies"].queryset)
    assert school not in offered  # the own agency needs no consent
    assert inactive not in offered
    assert "Vad svarade Lena Berg (förälder)?" in content
    assert "Vad svarade Omar Berg (förälder)?" in content
    assert "Barn tillfrågas från 12 års ålder och måste själva samtycka från 15 år." in content
    assert "Alva är 15 år." in content
    assert f'name="valid_from" value="{TODAY:%Y-%m-%d}"' in content
    assert f'name="valid_until" value="{one_year_after(TODAY):%Y-%m-%d}"' in content
    assert AccessLog.objects.filter(object_type="cases.case", user=bba).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"valid_until": ""}, "Skriv till och med vilket datum samtycket gäller."),
        (
            {"valid_until": (TODAY - datetime.timedelta(days=1)).isoformat()},
            "Slutdatumet kan inte vara före startdatumet.",
        ),
        ({"agencies": []}, "Välj minst en verksamhet som samtycket gäller."),
        ({"purposes": []}, "Välj minst ett syfte."),
        ({"valid_from": "i morgon"}, "Skriv datumet som ÅÅÅÅ-MM-DD."),
    ],
)
def test_rejected_form_keeps_everything_typed_and_says_what_to_fix(
    client, teen_case, bba, social_services, overrides, message
):
    client.force_login(bba)
    data = consent_form_data(teen_case, [social_services], notes="Mamma ringde in sitt svar.")
    data.update(overrides)

    response = client.post(create_url(teen_case), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert not Consent.objects.exists()
    assert "Något behöver rättas" in content
    assert message in content
    assert "Mamma ringde in sitt svar." in content
    assert "Jag vill att BUP och skolan pratar med varandra." in content
    main = response.context["form"].main
    assert main["method"].value() == "written"
    for name, value in overrides.items():
        if value:
            assert main[name].value() == value


def test_every_guardian_must_be_answered_for(client, teen_case, bba, social_services):
    client.force_login(bba)
    data = consent_form_data(teen_case, [social_services])
    omar = teen_case.child.guardians.get(name="Omar Berg")
    del data[f"guardian-{omar.pk}-answer"]

    response = client.post(create_url(teen_case), data)

    assert "Välj vad Omar Berg svarade." in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_that_does_not_hold_is_recorded_with_the_reasons(
    client, teen_case, bba, social_services
):
    client.force_login(bba)
    lena = teen_case.child.guardians.get(name="Lena Berg")
    data = consent_form_data(
        teen_case,
        [social_services],
        **{f"guardian-{lena.pk}-answer": "refused", "child-answer": "not_asked"},
    )

    response = client.post(create_url(teen_case), data, follow=True)

    consent = Consent.objects.get()
    assert not rules.is_active(consent)
    content = response.content.decode()
    assert "Samtycket är antecknat men gäller INTE" in content
    assert "Lena Berg har inte samtyckt." in content
    assert "Barnet är 15 år och måste själv samtycka." in content


def test_a_young_child_is_not_asked_by_default(client, school, bba, social_services):
    child = child_aged(school, 6)
    case_services.add_guardian(child, by=bba, name="Lena Berg", relation="parent")
    case = CaseFactory(child=child)
    client.force_login(bba)

    form = client.get(create_url(case)).context["form"]
    assert form.child["answer"].value() == ConsentParty.Answer.NOT_ASKED

    data = consent_form_data(case, [social_services])
    del data["child-answer"]
    data.pop("child-view")
    response = client.post(create_url(case), {**data, "child-answer": "not_asked"})
    assert response.status_code == 302
    assert rules.is_active(Consent.objects.get())


def test_without_guardians_the_page_asks_to_register_them(client, school, bba, social_services):
    child = child_aged(school, 9)
    case_services.add_guardian(
        child, by=bba, name="Moster Kim", relation="other", has_custody=False
    )
    case = CaseFactory(child=child)
    client.force_login(bba)

    response = client.get(create_url(case))
    content = response.content.decode()
    assert "Det finns ingen vårdnadshavare registrerad" in content
    assert reverse("cases:guardian_add", args=[child.pk]) in content
    assert response.context["form"] is None

    client.post(create_url(case), consent_form_data(case, [social_services]))
    assert not Consent.objects.exists()


def test_assigned_handler_records_consent(client, teen_case, bba, handler, social_services):
    case_services.assign_handler(teen_case, handler, by=bba)
    client.force_login(handler)

    response = client.post(create_url(teen_case), consent_form_data(teen_case, [social_services]))

    assert response.status_code == 302
    assert Consent.objects.get().recorded_by == handler


def test_no_consent_is_recorded_in_a_closed_case(client, teen_case, bba, social_services):
    case_services.close_case(teen_case, by=bba, reason="Familjen flyttade.")
    client.force_login(bba)

    response = client.post(create_url(teen_case), consent_form_data(teen_case, [social_services]))

    assert response.status_code == 302
    assert not Consent.objects.exists()


def test_suggested_end_date_is_a_year_later_even_from_a_leap_day():
    assert one_year_after(datetime.date(2025, 3, 1)) == datetime.date(2026, 3, 1)
    assert one_year_after(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)
