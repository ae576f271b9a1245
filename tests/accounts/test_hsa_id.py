"""The HSA-id an administrator gives a person, for matching them at the identity provider when
it names people by HSA-id (issue 10, point 1)."""

import pytest
from django.urls import reverse

from tests.factories.agencies import UserFactory

pytestmark = pytest.mark.django_db


def _edit_person(client, person, **changes):
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "phone": person.phone,
        "title": person.title,
        "is_active": "on",
        **changes,
    }
    return client.post(reverse("agencies:person_edit", args=[person.pk]), data)


def test_an_administrator_stores_a_persons_hsa_id_normalised(client, administrator):
    person = UserFactory(full_name="Siv Sjuksköterska")
    client.force_login(administrator)

    form = client.get(reverse("agencies:person_edit", args=[person.pk]))
    assert 'name="hsa_id"' in form.content.decode()
    response = _edit_person(client, person, hsa_id="  se2321000032-ab12 ")

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.hsa_id == "SE2321000032-AB12"
    assert person.history.latest().history_user == administrator


def test_one_hsa_id_belongs_to_one_person(client, administrator):
    UserFactory(hsa_id="SE2321000032-AB12")
    person = UserFactory()
    client.force_login(administrator)

    response = _edit_person(client, person, hsa_id="se2321000032-AB12", title="Kurator")

    assert response.status_code == 200
    page = response.content.decode()
    assert "HSA-id" in page
    assert 'value="Kurator"' in page  # what was typed is kept
    person.refresh_from_db()
    assert person.hsa_id is None
    assert person.title == ""


def test_people_without_an_hsa_id_are_many(client, administrator):
    UserFactory(hsa_id=None)
    person = UserFactory(hsa_id=None)
    client.force_login(administrator)

    response = _edit_person(client, person, hsa_id="  ", title="Kurator")

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.hsa_id, person.title) == (None, "Kurator")


def test_an_hsa_id_of_other_characters_is_refused_in_swedish(client, administrator):
    person = UserFactory()
    client.force_login(administrator)

    response = _edit_person(client, person, hsa_id="SE232 <b>ß</b>", title="Kurator")

    page = response.content.decode()
    assert response.status_code == 200
    assert "består av bokstäver A–Z, siffror och bindestreck" in page
    assert "&lt;b&gt;" in page and "<b>ß" not in page  # kept as typed, as text
    person.refresh_from_db()
    assert person.hsa_id is None
