"""The mapping form: a rejected form keeps everything typed and says in Swedish what to fix,
and a colleague's save in between is detected instead of silently overwritten."""

import pytest
from django.urls import reverse

from apps.wheel.models import Assessment
from tests.factories.wheel import AssessmentFactory, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(case, bba):
    return AssessmentFactory(case=case, created_by=bba)


def test_form_has_a_fieldset_with_radio_buttons_for_every_area(client, case, bba):
    client.force_login(bba)
    content = client.get(reverse("wheel:assessment_create", args=[case.pk])).content.decode()
    for area in ["Hälsa", "Utveckling", "Lärande", "Omsorg", "Hemmet", "Relationer", "Trygghet"]:
        assert f"<legend>{area}</legend>" in content
    assert content.count('type="radio"') == 7 * 4
    assert 'name="safety-rating" value="serious_concern"' in content


def test_rejected_form_keeps_input_and_explains_in_swedish(client, case, bba):
    client.force_login(bba)
    data = form_data({"home": "serious_concern"}, child_view="", **{"learning-rating": ""})
    data["home-risks"] = "Pappan har flyttat ut, mycket bråk hemma."

    response = client.post(reverse("wheel:assessment_create", args=[case.pk]), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Något behöver rättas" in content
    assert "Lärande – Hur fungerar det? – Välj en bedömning för området." in content
    assert 'href="#id_learning-rating"' in content
    assert '<div id="id_learning-rating"' in content
    assert "Skriv barnets egen syn, eller varför den inte har gått att få fram." in content
    assert "Pappan har flyttat ut, mycket bråk hemma." in content
    assert "Mentor Anna Berg</textarea>" in content
    assert 'name="home-rating" value="serious_concern" required id="id_home-rating_2" checked' in (
        content
    )
    assert not Assessment.objects.exists()


def test_date_in_the_future_is_rejected(client, case, bba):
    client.force_login(bba)
    response = client.post(
        reverse("wheel:assessment_create", args=[case.pk]), form_data(assessed_on="2999-01-01")
    )
    assert "Datumet kan inte vara senare än i dag." in response.content.decode()
    assert not Assessment.objects.exists()


def test_edit_form_shows_the_saved_assessment(client, assessment, bba):
    client.force_login(bba)
    content = client.get(reverse("wheel:assessment_edit", args=[assessment.pk])).content.decode()
    assert '<input type="hidden" name="version" value="1"' in content
    assert 'value="2025-09-15"' in content
    assert "Jag tycker om min klass men jag sover dåligt.</textarea>" in content


def test_concurrent_edit_is_detected_and_the_input_kept(client, assessment, bba, assigned_handler):
    edit = reverse("wheel:assessment_edit", args=[assessment.pk])
    # Both open the form on version 1; the BBA saves first.
    client.force_login(bba)
    assert client.post(edit, form_data({"care": "some_concern"}, version="1")).status_code == 302

    client.force_login(assigned_handler)
    response = client.post(
        edit,
        form_data({"care": "serious_concern"}, version="1", summary="Handläggarens sammanfattning"),
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Någon annan har ändrat kartläggningen medan du skrev." in content
    assert "Handläggarens sammanfattning</textarea>" in content
    assert 'name="care-rating" value="serious_concern" required id="id_care-rating_2" checked' in (
        content
    )
    assessment.refresh_from_db()
    assert assessment.version == 2
    assert assessment.ratings.get(area="care").rating == "some_concern"
    # Told what happened, the handler may deliberately save over the colleague's version.
    assert '<input type="hidden" name="version" value="2"' in content
    response = client.post(
        edit,
        form_data({"care": "serious_concern"}, version="2", summary="Handläggarens sammanfattning"),
    )
    assert response.status_code == 302
    assert assessment.ratings.get(area="care").rating == "serious_concern"
