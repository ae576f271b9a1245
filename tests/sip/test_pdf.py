"""Printing the SIP: the full plan and the child-friendly version, who may print them, and
that every print is logged."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from apps.audit.models import AccessLog
from apps.consent import sharing
from apps.consent.models import Consent
from apps.sip.models import PlanVersion
from apps.sip.pdf import render_plan_pdf
from tests.factories.consent import after_last_day
from tests.factories.sip_print import RELATIVE_ACTION, SCHOOL_ACTION, SOCIAL_ACTION, agreed_plan

pytestmark = pytest.mark.django_db

SECRECY = "Innehåller uppgifter som omfattas av sekretess (OSL 26 kap. och 25 kap.)."
ADDRESS = ("Ringvägen 14 B", "611 35")


@pytest.fixture
def version(school, bba, social_services, social_worker):
    return agreed_plan(school, bba, social_services, social_worker)


def text_of(pdf: bytes) -> str:
    """The PDF's text with whitespace collapsed, as line breaks fall where they fall."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def print_urls(version):
    return [
        reverse("sip:print_plan", args=[version.pk]),
        reverse("sip:print_child_friendly", args=[version.pk]),
    ]


def test_the_full_plan_has_everything_the_sip_needs(version, bba):
    text = text_of(render_plan_pdf(version, printed_by=bba))
    child = version.plan.case.child
    for expected in (
        "Alva Berg",
        child.identity_number,
        "SIP version 1 · Överenskommen",
        SCHOOL_ACTION,
        SOCIAL_ACTION,
        RELATIVE_ACTION,
        "Alva behöver en lugn skoldag",
        "Jag vill sova bättre.",
        "huvudman: Nyköpings kommun",
        "Vårdnadshavarna är tveksamma till kontaktfamilj.",
        "Lena Berg, mamma",
        "Maja Forsberg",
        "Samordningspersonen kallar till uppföljning",
        "Ekbackens skola, konferensrummet",
        "Alva, vårdnadshavarna, skolan och socialtjänsten",
        "Utskriven av Tomas Ekström",
        SECRECY,
        "Sida 1 av",
    ):
        assert expected in text, expected


def test_the_child_friendly_version_speaks_to_the_child(version, bba):
    text = text_of(render_plan_pdf(version, printed_by=bba, child_friendly=True))
    for expected in (
        "Min plan",
        "Hej Alva!",
        "Mina mål",
        "Jag vill komma till skolan varje dag.",
        "Vem hjälper mig med vad",
        "Tomas Ekström, Ekbackens skola",
        SCHOOL_ACTION,
        SOCIAL_ACTION,
        "När ses vi nästa gång",
        "Ekbackens skola, konferensrummet",
        "Vem jag kan fråga",
        "Maja Forsberg",
        "är din samordningsperson",
        SECRECY,
        "Sida 1 av",
    ):
        assert expected in text, expected
    assert version.plan.case.child.identity_number not in text


def test_the_address_is_printed_only_on_the_full_plan_of_an_unprotected_child(version, bba):
    full = text_of(render_plan_pdf(version, printed_by=bba))
    child_friendly = text_of(render_plan_pdf(version, printed_by=bba, child_friendly=True))
    assert all(part in full for part in ADDRESS)
    assert not any(part in child_friendly for part in ADDRESS)


def test_no_address_of_a_child_with_protected_identity(school, bba, social_services, social_worker):
    version = agreed_plan(school, bba, social_services, social_worker, protected_identity=True)
    for child_friendly in (False, True):
        text = text_of(render_plan_pdf(version, printed_by=bba, child_friendly=child_friendly))
        assert "Alva Berg" in text
        assert not any(part in text for part in (*ADDRESS, "Nyköping 611"))


def test_the_pdf_is_tagged_pdf_ua_in_the_projects_font(version, bba):
    reader = PdfReader(io.BytesIO(render_plan_pdf(version, printed_by=bba)))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "sv"
    assert reader.metadata.title == "Samordnad individuell plan (SIP), version 1"
    assert "pdfuaid" in root["/Metadata"].get_object().get_data().decode()
    fonts = {
        font.get_object()["/BaseFont"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Atkinson-Hyperlegible" in name for name in fonts)
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4


def test_a_draft_says_it_is_a_draft(school, bba, social_services, social_worker):
    version = agreed_plan(
        school, bba, social_services, social_worker, status=PlanVersion.Status.DRAFT
    )
    text = text_of(render_plan_pdf(version, printed_by=bba))
    assert "Utkast. Planen är inte överenskommen ännu." in text


@pytest.mark.parametrize("who", ["bba", "social_worker"])
def test_the_case_and_the_plan_people_print_and_every_print_is_logged(
    client, version, who, request
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for url, filename in zip(
        print_urls(version), ["sip-AB-v1.pdf", "sip-AB-v1-barn.pdf"], strict=True
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'inline; filename="{filename}"'
        assert "no-store" in response["Cache-Control"]
        assert response.content.startswith(b"%PDF-1.7")
        assert "Alva Berg" in text_of(response.content)
    logs = AccessLog.objects.filter(user=user, action=AccessLog.Action.PRINT)
    assert logs.count() == 2
    assert {(log.object_type, log.object_id, log.child_id) for log in logs} == {
        ("sip.planversion", str(version.pk), version.plan.case.child_id)
    }


@pytest.mark.parametrize("outsider", ["other_bba", "administrator", "reporter", "handler"])
def test_outsiders_get_404_and_nothing_is_logged(client, version, outsider, request):
    client.force_login(request.getfixturevalue(outsider))
    for url in print_urls(version):
        assert client.get(url).status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.PRINT).exists()


def test_withdrawn_consent_stops_printing_at_once(client, version, bba, social_worker):
    consent = version.plan.case.consents.get()
    sharing.withdraw_consent(consent, by=bba, withdrawn_by_party="Vårdnadshavarna")
    client.force_login(social_worker)
    for url in print_urls(version):
        assert client.get(url).status_code == 404


def test_expired_consent_stops_printing(client, version, social_worker):
    last_to_lapse = Consent.objects.filter(case=version.plan.case).latest("valid_until")
    with after_last_day(last_to_lapse):
        client.force_login(social_worker)
        for url in print_urls(version):
            assert client.get(url).status_code == 404


def test_only_get_prints(client, version, bba):
    client.force_login(bba)
    assert client.post(print_urls(version)[0]).status_code == 405


def test_everyone_the_plan_service_lets_in_prints_it(client, agreed, teacher, clinician):
    """With the grants of the SIP services themselves: the teacher named in an action and the
    coordinator of another agency print the plan."""
    for user in (teacher, clinician):
        client.force_login(user)
        for url in print_urls(agreed):
            assert client.get(url).status_code == 200
