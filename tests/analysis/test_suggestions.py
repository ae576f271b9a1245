"""The areas of concern from the mapping suggest which kinds of agency to collaborate with."""

import datetime
import re

import pytest
from django.urls import reverse

from apps.analysis.models import Analysis
from apps.analysis.selectors import concern_areas, suggested_collaboration_kinds
from apps.analysis.suggestions import AREA_AGENCY_KINDS, kinds_for_areas
from apps.cases.wheel_areas import WheelArea
from tests.factories.agencies import AgencyFactory, MunicipalityFactory, member
from tests.factories.analysis import AnalysisFactory
from tests.factories.cases import ConcernFactory
from tests.factories.meetings import collaboration_case


def test_every_area_of_the_wheel_suggests_someone():
    assert set(AREA_AGENCY_KINDS) == set(WheelArea.values)
    assert all(AREA_AGENCY_KINDS.values())


@pytest.mark.parametrize(
    ("areas", "kinds"),
    [
        (["health"], ["child_health", "health_care"]),
        (["development"], ["child_health", "bup"]),
        (["learning"], ["preschool", "school", "upper_secondary", "kaa"]),
        (["care", "home", "safety"], ["social_services"]),
        (["relationships"], ["bup", "social_services"]),
        (
            ["safety", "health", "learning"],
            [
                "preschool",
                "school",
                "upper_secondary",
                "child_health",
                "health_care",
                "social_services",
                "kaa",
            ],
        ),
        ([], []),
    ],
)
def test_areas_map_to_kinds_of_agency_in_a_stable_order(areas, kinds):
    assert kinds_for_areas(areas) == kinds


def test_the_own_kind_of_agency_can_be_left_out():
    assert kinds_for_areas(["learning", "home"], exclude=["school"], age=12) == ["social_services"]


@pytest.mark.parametrize(
    ("age", "kinds"),
    [
        # BVC and preschool up to six (DESIGN.md §1), BUP until eighteen.
        (3, ["preschool", "child_health", "bup", "health_care"]),
        (6, ["preschool", "school", "child_health", "bup", "health_care"]),
        # A twelve-year-old has the school, not BVC.
        (12, ["school", "bup", "health_care"]),
        (17, ["upper_secondary", "bup", "health_care", "kaa"]),
        (19, ["upper_secondary", "health_care", "kaa"]),
    ],
)
def test_the_suggestion_fits_the_childs_age(age, kinds):
    assert kinds_for_areas(["health", "development", "learning"], age=age) == kinds


def test_bup_is_its_own_kind_and_not_other_health_care():
    assert kinds_for_areas(["relationships"], age=12) == ["bup", "social_services"]
    assert "health_care" not in kinds_for_areas(["development", "relationships"], age=12)


def rate(case, by, on, **ratings):
    assessment = case.assessments.create(
        created_by=by, assessed_on=on, child_view="Barnet berättar att det är jobbigt hemma."
    )
    for area in WheelArea.values:
        assessment.ratings.create(area=area, rating=ratings.get(area, "works_well"))
    return assessment


@pytest.mark.django_db
def test_without_a_mapping_the_concerns_areas_are_used(mapped_case, school):
    reporter = member(school)
    ConcernFactory(case=mapped_case, reported_by=reporter, areas=["safety", "learning"])
    ConcernFactory(case=mapped_case, reported_by=reporter, areas=["health"])

    areas = concern_areas(mapped_case)

    assert not areas.from_mapping
    assert areas.codes == ["health", "learning", "safety"]
    # The school itself is in any collaboration, so it is not suggested; the child goes to
    # school (born 2014), so BVC is not either.
    assert suggested_collaboration_kinds(mapped_case) == ["health_care", "social_services"]


@pytest.mark.django_db
def test_the_latest_mapping_decides_the_suggestion(mapped_case, bba, school):
    ConcernFactory(case=mapped_case, reported_by=member(school), areas=["learning"])
    today = datetime.date.today()
    rate(mapped_case, bba, today, health="serious_concern")
    rate(
        mapped_case,
        bba,
        today - datetime.timedelta(days=30),
        development="serious_concern",
    )
    rate(
        mapped_case,
        bba,
        today,
        home="serious_concern",
        relationships="some_concern",
        health="not_known",
        learning="works_well",
    )

    areas = concern_areas(mapped_case)

    assert areas.from_mapping
    assert [(a.label, str(a.rating_label)) for a in areas.areas] == [
        ("Hemmet", "Allvarlig oro"),
        ("Relationer", "Viss oro"),
    ]
    assert suggested_collaboration_kinds(mapped_case) == ["bup", "social_services"]


@pytest.mark.django_db
def test_create_page_shows_the_areas_and_preselects_the_kinds(client, mapped_case, bba):
    rate(mapped_case, bba, datetime.date.today(), safety="serious_concern")
    client.force_login(bba)

    page = client.get(reverse("analysis:analysis_create", args=[mapped_case.pk])).content.decode()

    assert "Trygghet: allvarlig oro" in page
    assert 'value="social_services" id="id_collaboration_kinds_6" checked' in page
    assert page.count(" checked") == 1


# The consent form starts from what the analysis named.


def consent_page(client, case, bba) -> str:
    case.child.guardians.create(name="Lena Berg", relation="mother", has_custody=True)
    client.force_login(bba)
    return client.get(reverse("consent:consent_create", args=[case.pk])).content.decode()


def ticked(page, agency) -> bool:
    return bool(re.search(rf'<input[^>]*value="{agency.pk}"[^>]*checked', page))


@pytest.mark.django_db
def test_the_consent_form_ticks_the_units_of_the_kinds_the_analysis_named(
    client, school, bba, social_services, bup
):
    elsewhere = AgencyFactory(
        name="Socialtjänsten Katrineholm",
        kind="social_services",
        municipality=MunicipalityFactory(name="Katrineholm", code="0483"),
    )
    preschool = AgencyFactory(name="Förskolan Solen", kind="preschool")
    case = collaboration_case(school, bba, kinds=("social_services", "bup"))

    page = consent_page(client, case, bba)

    assert ticked(page, social_services) and ticked(page, bup)
    assert not ticked(page, elsewhere) and not ticked(page, preschool)
    assert "Förvalda är verksamheterna i kommunen" in page


@pytest.mark.django_db
def test_nothing_is_ticked_when_the_latest_analysis_did_not_ask_for_collaboration(
    client, school, bba, social_services
):
    case = collaboration_case(school, bba, kinds=("social_services",))
    AnalysisFactory(case=case, decided_by=bba, decision=Analysis.Decision.OWN_UNIT)

    page = consent_page(client, case, bba)

    assert not ticked(page, social_services)
    assert "Förvalda är verksamheterna i kommunen" not in page
