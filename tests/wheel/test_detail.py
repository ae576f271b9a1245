"""The assessment page: the wheel picture with a text alternative, the table of areas, the
comparison with the previous assessment, and an access log row for every read."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from apps.audit.models import AccessLog
from apps.cases import services as case_services
from apps.wheel import selectors
from apps.wheel.models import Rating
from apps.wheel.selectors import Change
from tests.case_page import case_events, render_panel
from tests.factories.wheel import AssessmentFactory, rated

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def assessment(case, bba):
    return AssessmentFactory(
        case=case,
        created_by=bba,
        ratings=rated(home="serious_concern", safety="some_concern", learning="not_known"),
    )


def _svg(content: str) -> ET.Element:
    return ET.fromstring(content[content.index("<svg") : content.index("</svg>") + len("</svg>")])


def test_wheel_picture_is_an_image_with_a_text_alternative_naming_every_rating(
    client, assessment, bba
):
    client.force_login(bba)
    content = client.get(reverse("wheel:assessment_detail", args=[assessment.pk])).content.decode()

    svg = _svg(content)
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text == "Barnets bästa-hjulet, kartläggning 2025-09-15"
    assert desc.text == (
        "Hälsa: Fungerar bra. Utveckling: Fungerar bra. Lärande: Vet inte. "
        "Omsorg: Fungerar bra. Hemmet: Allvarlig oro. Relationer: Fungerar bra. "
        "Trygghet: Viss oro."
    )
    segments = svg.findall(f"{SVG}g")
    assert len(segments) == 7
    home = segments[4]
    assert [t.text for t in home.iter(f"{SVG}tspan")] == ["Hemmet", "Allvarlig oro"]
    assert home.findall(f"{SVG}path")[1].get("fill") == f"url(#wheel-{assessment.pk}-crosshatch)"


def without_labels(html: str) -> str:
    """The page without the cells' data-label (their column heading on a narrow screen),
    which tests/e2e checks; here the rows are what counts."""
    return re.sub(r' data-label="[^"]*"', "", html)


def test_table_lists_every_area_with_notes_strengths_and_risks(client, case, bba):
    ratings = rated()
    ratings["home"] = {
        "rating": Rating.SERIOUS_CONCERN,
        "notes": "Mycket bråk hemma.",
        "strengths": "Mormor finns nära.",
        "risks": "Barnet vill inte gå hem.",
    }
    assessment = AssessmentFactory(case=case, created_by=bba, ratings=ratings)
    client.force_login(bba)

    content = without_labels(
        client.get(reverse("wheel:assessment_detail", args=[assessment.pk])).content.decode()
    )

    assert content.count('<th scope="row">') == 7
    assert (
        '<th scope="row">Hemmet</th>\n      <td>Allvarlig oro</td>\n'
        "      <td>Mycket bråk hemma.</td>\n      <td>Mormor finns nära.</td>\n"
        "      <td>Barnet vill inte gå hem.</td>"
    ) in content


def test_detail_page_compares_with_the_previous_assessment(client, case, assessment, bba):
    later = AssessmentFactory(
        case=case,
        created_by=bba,
        assessed_on=datetime.date(2025, 11, 3),
        ratings=rated(home="some_concern", safety="serious_concern", learning="works_well"),
    )
    client.force_login(bba)

    first = client.get(reverse("wheel:assessment_detail", args=[assessment.pk])).content.decode()
    content = without_labels(
        client.get(reverse("wheel:assessment_detail", args=[later.pk])).content.decode()
    )

    assert "Det här är ärendets första kartläggning" in first
    assert "Förra (2025-09-15)" in content
    assert (
        '<th scope="row">Hemmet</th>\n      <td>Allvarlig oro</td>\n'
        "      <td>Viss oro</td>\n      <td>Bättre</td>"
    ) in content
    assert (
        '<th scope="row">Trygghet</th>\n      <td>Viss oro</td>\n'
        "      <td>Allvarlig oro</td>\n      <td>Sämre</td>"
    ) in content
    assert (
        '<th scope="row">Lärande</th>\n      <td>Vet inte</td>\n'
        "      <td>Fungerar bra</td>\n      <td>Nu bedömt, var okänt förra gången</td>"
    ) in content


@pytest.mark.parametrize(
    ("before", "now", "change"),
    [
        (Rating.SOME_CONCERN, Rating.WORKS_WELL, Change.BETTER),
        (Rating.SERIOUS_CONCERN, Rating.SOME_CONCERN, Change.BETTER),
        (Rating.WORKS_WELL, Rating.SERIOUS_CONCERN, Change.WORSE),
        (Rating.SOME_CONCERN, Rating.SOME_CONCERN, Change.SAME),
        (Rating.NOT_KNOWN, Rating.NOT_KNOWN, Change.SAME),
        (Rating.NOT_KNOWN, Rating.SERIOUS_CONCERN, Change.NEW),
        (Rating.WORKS_WELL, Rating.NOT_KNOWN, Change.NOT_COMPARABLE),
    ],
)
def test_change_between_ratings(before, now, change):
    assert selectors.change_between(before, now) == change


def test_previous_is_by_assessment_date_then_by_entry(case, bba):
    def made(day):
        return AssessmentFactory(case=case, created_by=bba, assessed_on=datetime.date(2025, 9, day))

    late, early, early_again = made(20), made(1), made(1)
    AssessmentFactory(created_by=bba, assessed_on=datetime.date(2025, 9, 10))  # another case

    assert selectors.previous_assessment(bba, late) == early_again
    assert selectors.previous_assessment(bba, early_again) == early
    assert selectors.previous_assessment(bba, early) is None


def test_reading_an_assessment_is_logged(client, assessment, bba):
    client.force_login(bba)
    client.get(reverse("wheel:assessment_detail", args=[assessment.pk]))
    client.get(reverse("wheel:assessment_edit", args=[assessment.pk]))

    logs = AccessLog.objects.filter(user=bba, object_type="wheel.assessment")
    assert logs.count() == 2
    log = logs.first()
    assert log.child_id == assessment.case.child_id
    assert log.object_id == str(assessment.pk)
    assert log.action == AccessLog.Action.VIEW


def test_opening_the_new_assessment_page_logs_reading_the_case(client, case, bba):
    client.force_login(bba)
    client.get(reverse("wheel:assessment_create", args=[case.pk]))
    log = AccessLog.objects.get(user=bba)
    assert (log.object_type, log.object_id, log.child_id) == (
        "cases.case",
        str(case.pk),
        case.child_id,
    )


def test_denied_reads_are_not_logged(client, assessment, other_bba):
    client.force_login(other_bba)
    client.get(reverse("wheel:assessment_detail", args=[assessment.pk]))
    assert not AccessLog.objects.filter(user=other_bba).exists()


def test_case_panel_lists_assessments_and_offers_a_new_one(assessment, case, bba):
    html = render_panel("wheel/_case_panel.html", case, bba)

    assert f'<a href="{assessment.get_absolute_url()}">Kartläggning 2025-09-15</a>' in html
    assert reverse("wheel:assessment_create", args=[case.pk]) in html


def test_case_panel_offers_nothing_new_on_a_closed_case(assessment, case, bba):
    case_services.close_case(case, by=bba, reason="Behovet är tillgodosett.")
    html = render_panel("wheel/_case_panel.html", case, bba)

    assert "Kartläggning 2025-09-15" in html
    assert reverse("wheel:assessment_create", args=[case.pk]) not in html


def test_chronology_shows_assessments_made_and_changed(client, assessment, bba, assigned_handler):
    client.force_login(assigned_handler)
    client.post(
        reverse("wheel:assessment_edit", args=[assessment.pk]),
        {
            "assessed_on": "2025-09-15",
            "child_view": "Jag sover bättre nu.",
            "version": "1",
            **{f"{area}-rating": "works_well" for area in rated()},
        },
    )

    events = [e for e in case_events(assessment.case, bba) if e.kind == "assessment"]

    assert [(e.title, e.who, e.url) for e in events] == [
        ("Kartläggning gjord", bba, assessment.get_absolute_url()),
        ("Kartläggning ändrad", assigned_handler, assessment.get_absolute_url()),
    ]
