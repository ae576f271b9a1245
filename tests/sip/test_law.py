"""The plan the law asks for: the principal with overall responsibility is the municipality or
the region, the plan says whether it is the statutory SIP or the model's wider collaboration
plan, on the page and on paper, and the law is cited by its right paragraphs."""

import io
import pathlib

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from apps.agencies.models import Agency, Membership
from apps.sip import law, services
from apps.sip.pdf import render_plan_pdf
from tests.factories.agencies import AgencyFactory, member
from tests.factories.consent import active_consent
from tests.factories.sip import (
    agency_action,
    appointed_meeting,
    complete_fields,
    contact,
    edit_data,
    write,
)

pytestmark = pytest.mark.django_db

STATUTORY = "Lagstadgad SIP"
WIDER = "Bredare samverkansplan enligt Tillsammans för barnens bästa i Sörmland"
LAW = (
    "16 kap. 4 § hälso- och sjukvårdslagen (2017:30) och socialtjänstlagen (2025:400), "
    "tidigare 2 kap. 7 § socialtjänstlagen (2001:453)"
)


@pytest.fixture
def private_school(case):
    school = AgencyFactory(
        name="Kunskapsskolan Nyköping",
        principal_kind=Agency.PrincipalKind.PRIVATE,
        principal_name="Kunskapsskolan i Sverige AB",
    )
    active_consent(case, [school], ["meeting", "sip"], days=30)
    return school


@pytest.fixture
def private_teacher(private_school):
    return member(private_school, Membership.Role.REPORTER, full_name="Kim Ek")


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_private_principal_cannot_hold_the_overall_responsibility_in_the_form(
    client, draft, clinician, private_school, private_teacher
):
    client.force_login(clinician)
    fields = complete_fields(private_school, child_needs="Skrivet före felet.")
    data = edit_data(
        draft,
        fields,
        actions=[agency_action("Läxhjälp.", private_school, private_teacher)],
        contacts=[(private_teacher, private_school)],
    )

    response = client.post(reverse("sip:version_edit", args=[draft.pk]), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Huvudmannen med övergripande ansvar för en SIP måste vara kommunen eller regionen" in page
    )
    assert "Kunskapsskolan i Sverige AB" in page
    assert "Skrivet före felet." in page  # nothing typed is lost
    draft.refresh_from_db()
    assert (draft.lead_agency, draft.child_needs, draft.revision) == (None, "", 1)


def test_the_service_refuses_a_private_lead_too(draft, clinician, private_school):
    with pytest.raises(services.PlanRefused, match="måste vara kommunen eller regionen"):
        write(draft, clinician, **complete_fields(private_school))
    draft.refresh_from_db()
    assert draft.lead_agency is None


def test_a_state_principal_is_refused_and_the_municipality_and_region_may_lead(
    school, bup, private_school
):
    state = AgencyFactory(
        name="Specialpedagogiska skolmyndigheten",
        principal_kind=Agency.PrincipalKind.STATE,
        principal_name="Staten",
    )
    assert [law.may_lead(a) for a in (school, bup, private_school, state)] == [
        True,
        True,
        False,
        False,
    ]


def test_a_lead_whose_principal_turned_out_private_keeps_the_plan_from_being_agreed(
    written, clinician
):
    lead = written.lead_agency
    Agency.objects.filter(pk=lead.pk).update(
        principal_kind=Agency.PrincipalKind.PRIVATE, principal_name="Omsorgsbolaget AB"
    )
    written.refresh_from_db()

    missing = services.missing_parts(written)

    assert len(missing) == 1
    assert missing[0].startswith("Huvudmannen med övergripande ansvar för en SIP måste vara")
    with pytest.raises(services.PlanIncomplete):
        services.agree(written, by=clinician, agreed_parties="Alla")


def test_school_social_services_and_the_regions_health_care_make_the_statutory_sip(
    client, agreed, clinician
):
    assert services.kind_of_plan(agreed).statutory
    client.force_login(clinician)

    page = client.get(reverse("sip:plan_detail", args=[agreed.plan.pk])).content.decode()
    text = text_of(render_plan_pdf(agreed, printed_by=clinician))

    for shown in (page, text):
        assert STATUTORY in shown
        assert WIDER not in shown
        assert LAW in shown


def test_without_the_regions_health_care_the_plan_is_the_wider_collaboration_plan(
    client, case, bba, school, teacher, social_services, social_worker, social_consent
):
    meeting = appointed_meeting(case, bba, bba, school, [(social_worker, social_services)])
    plan = services.create_plan(meeting, by=bba)
    version = write(
        plan.versions.get(),
        bba,
        actions=[
            agency_action("Samtal med kuratorn.", school, teacher),
            agency_action("Familjebehandling.", social_services, social_worker),
        ],
        contacts=[contact(bba, school), contact(social_worker, social_services)],
        **complete_fields(school),
    )
    kind = services.kind_of_plan(version)
    assert (kind.municipal_party, kind.regional_health_care, kind.statutory) == (
        True,
        False,
        False,
    )
    client.force_login(bba)

    page = client.get(reverse("sip:plan_detail", args=[plan.pk])).content.decode()
    text = text_of(render_plan_pdf(version, printed_by=bba))

    for shown in (page, text):
        assert WIDER in shown
        assert STATUTORY not in shown
        assert "eftersom regionens hälso- och sjukvård inte deltar" in shown


def test_health_care_under_a_municipal_principal_is_not_the_regions():
    bvc = Agency(kind=Agency.Kind.CHILD_HEALTH, principal_kind=Agency.PrincipalKind.MUNICIPALITY)
    private_school = Agency(kind=Agency.Kind.SCHOOL, principal_kind=Agency.PrincipalKind.PRIVATE)
    region_bvc = Agency(kind=Agency.Kind.CHILD_HEALTH, principal_kind=Agency.PrincipalKind.REGION)
    social = Agency(
        kind=Agency.Kind.SOCIAL_SERVICES, principal_kind=Agency.PrincipalKind.MUNICIPALITY
    )

    assert not law.plan_kind([bvc, private_school]).statutory
    assert not law.plan_kind([private_school, region_bvc]).statutory
    assert law.plan_kind([social, region_bvc]).statutory


def test_the_law_is_cited_by_its_right_paragraphs():
    """SIP is 2 kap. 7 § of the old social services act; 5 kap. 8 a § is its agreement on
    psychiatric disability, which the code once cited."""
    roots = [settings.BASE_DIR / "apps", settings.BASE_DIR / "templates"]
    sources = [
        path.read_text(encoding="utf-8")
        for root in roots
        for path in pathlib.Path(root).rglob("*")
        if path.suffix in (".py", ".html") and "migrations" not in path.parts
    ]
    assert not any("8 a §" in source for source in sources)
    assert "2 kap. 7 § socialtjänstlagen (2001:453)" in str(law.LAW_REFERENCE)
    assert "16 kap. 4 § hälso- och sjukvårdslagen (2017:30)" in str(law.LAW_REFERENCE)
