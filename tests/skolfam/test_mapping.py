"""The team records each mapping: a date and a band per Skolfam area, nothing else."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from apps.skolfam.models import Mapping
from tests.factories.skolfam import mapping

pytestmark = pytest.mark.django_db

TOKEN = "2f0d6a3e-8c4b-4e1a-9f7d-1a2b3c4d5e6f"


def mapping_data(**overrides):
    return {
        "mapped_on": "2024-09-15",
        "cognitive": "within",
        "reading": "below",
        "writing": "below",
        "mathematics": "within",
        "wellbeing": "some",
        "submission_token": TOKEN,
        **overrides,
    }


@pytest.mark.parametrize("recorder", ["karin", "petra"])
def test_either_side_of_the_team_records_a_mapping(client, elsa, recorder, request):
    person = request.getfixturevalue(recorder)
    client.force_login(person)
    response = client.post(reverse("skolfam:mapping_create", args=[elsa.pk]), mapping_data())
    assert response.status_code == 302
    recorded = Mapping.objects.get()
    assert (recorded.mapped_on, recorded.reading, recorded.wellbeing) == (
        datetime.date(2024, 9, 15),
        "below",
        "some",
    )
    assert recorded.recorded_by == person
    assert recorded.history.get().history_user == person
    elsa.refresh_from_db()
    # Every second year, from the latest mapping.
    assert elsa.next_mapping_due == datetime.date(2026, 9, 15)
    page = client.get(elsa.get_absolute_url()).content.decode()
    assert "Under förväntad nivå" in page and "Vissa svårigheter" in page


def test_the_interval_is_the_municipalitys(elsa, petra, katrineholm):
    katrineholm.skolfam.interval_months = 12
    katrineholm.skolfam.save()
    mapping(elsa, by=petra, mapped_on=datetime.date(2024, 9, 15))
    elsa.refresh_from_db()
    assert elsa.next_mapping_due == datetime.date(2025, 9, 15)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reading": ""}, "Välj en nivå för läsning."),
        ({"wellbeing": "above"}, "Välj en av nivåerna."),
        ({"mapped_on": ""}, "Skriv datumet för kartläggningen."),
        ({"mapped_on": "15/9 2024"}, "Skriv datumet som ÅÅÅÅ-MM-DD."),
        ({"mapped_on": "2999-01-01"}, "Kartläggningsdatumet kan inte ligga i framtiden."),
        ({"mapped_on": "2024-07-01"}, "Kartläggningen kan inte vara gjord före samtycket"),
    ],
)
def test_bad_input_gets_a_clear_swedish_message_and_keeps_what_was_typed(
    client, elsa, petra, overrides, message
):
    client.force_login(petra)
    data = mapping_data(**overrides)
    response = client.post(reverse("skolfam:mapping_create", args=[elsa.pk]), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert 'class="error-summary"' in content
    assert not Mapping.objects.exists()
    if data["mapped_on"]:
        assert f'value="{data["mapped_on"]}"' in content


def test_a_double_submit_stores_once(client, elsa, petra):
    client.force_login(petra)
    url = reverse("skolfam:mapping_create", args=[elsa.pk])
    assert client.post(url, mapping_data()).status_code == 302
    assert client.post(url, mapping_data()).status_code == 302
    assert Mapping.objects.count() == 1


def test_a_second_mapping_on_the_same_day_is_refused(client, elsa, petra):
    mapping(elsa, by=petra, mapped_on=datetime.date(2024, 9, 15))
    client.force_login(petra)
    response = client.post(reverse("skolfam:mapping_create", args=[elsa.pk]), mapping_data())
    assert "Det finns redan en kartläggning från 2024-09-15." in response.content.decode()
    assert Mapping.objects.count() == 1


def test_no_free_text_about_tests_is_kept():
    """The mapping holds a date and the bands, and who recorded it when: no text field."""
    text = {
        f.name
        for f in Mapping._meta.get_fields()
        if f.get_internal_type() in {"TextField", "CharField"} and not f.choices
    }
    assert text == set()


def test_next_due_follows_the_latest_mapping_not_the_latest_recorded(elsa, petra):
    mapping(elsa, by=petra, mapped_on=datetime.date(2025, 3, 1))
    mapping(elsa, by=petra, mapped_on=datetime.date(2024, 9, 1))
    elsa.refresh_from_db()
    assert elsa.next_mapping_due == datetime.date(2025, 3, 1) + relativedelta(months=24)
