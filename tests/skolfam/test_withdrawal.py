"""Withdrawing the consent takes the child out of the cohort from then on, with history."""

import datetime

import pytest
from django.urls import reverse

from apps.skolfam.models import CohortMember
from tests.factories.skolfam import mapping, mark

pytestmark = pytest.mark.django_db


def withdraw_data(**overrides):
    return {
        "withdrawn_on": datetime.date.today().isoformat(),
        "withdrawn_by_party": "Lena Holm",
        "submission_token": "7a4c1e2b-3d5f-4a6b-8c7d-9e0f1a2b3c4d",
        **overrides,
    }


def test_social_services_records_the_withdrawal(client, elsa, karin, petra):
    mapping(elsa, by=petra, mapped_on=datetime.date(2024, 9, 15))
    client.force_login(karin)
    response = client.post(reverse("skolfam:withdraw", args=[elsa.pk]), withdraw_data())
    assert response.status_code == 302
    elsa.refresh_from_db()
    assert elsa.is_withdrawn and elsa.withdrawn_by == karin
    assert elsa.withdrawn_by_party == "Lena Holm"
    # The history keeps the marking before and after; the mapping stays.
    states = list(elsa.history.order_by("history_date").values_list("withdrawn_on", flat=True))
    assert states[0] is None and states[-1] == datetime.date.today()
    assert elsa.history.latest().history_user == karin
    assert elsa.mappings.count() == 1
    # Karin reads it as withdrawn; nobody maps or withdraws it again.
    page = client.get(elsa.get_absolute_url()).content.decode()
    assert "Samtycket återkallades" in page
    assert reverse("skolfam:mapping_create", args=[elsa.pk]) not in page
    assert client.get(reverse("skolfam:mapping_create", args=[elsa.pk])).status_code == 404
    assert client.get(reverse("skolfam:withdraw", args=[elsa.pk])).status_code == 404
    assert "Elsa Lund" not in client.get(reverse("skolfam:cohort")).content.decode()
    assert "Elsa Lund" not in client.get(reverse("skolfam:due")).content.decode()


def test_the_team_school_loses_the_child_at_once(client, elsa, karin, petra):
    client.force_login(karin)
    client.post(reverse("skolfam:withdraw", args=[elsa.pk]), withdraw_data())
    client.force_login(petra)
    assert client.get(elsa.get_absolute_url()).status_code == 404
    assert "Elsa Lund" not in client.get(reverse("skolfam:cohort")).content.decode()


def test_the_school_cannot_record_a_withdrawal(client, elsa, petra):
    client.force_login(petra)
    response = client.post(reverse("skolfam:withdraw", args=[elsa.pk]), withdraw_data())
    assert response.status_code == 404
    elsa.refresh_from_db()
    assert not elsa.is_withdrawn


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"withdrawn_by_party": ""}, "Skriv vem som återkallade samtycket."),
        ({"withdrawn_on": "2999-01-01"}, "Återkallelsen ska ha ett datum mellan samtycket"),
        ({"withdrawn_on": "2024-07-31"}, "Återkallelsen ska ha ett datum mellan samtycket"),
    ],
)
def test_a_withdrawal_without_who_or_with_a_wrong_date_is_refused(
    client, elsa, karin, overrides, message
):
    client.force_login(karin)
    response = client.post(reverse("skolfam:withdraw", args=[elsa.pk]), withdraw_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    elsa.refresh_from_db()
    assert not elsa.is_withdrawn


def test_the_child_may_be_marked_again_after_a_withdrawal(client, elsa, placed, karin, djulo):
    client.force_login(karin)
    client.post(reverse("skolfam:withdraw", args=[elsa.pk]), withdraw_data())
    page = client.get(reverse("cases:case_detail", args=[placed.pk])).content.decode()
    assert reverse("skolfam:mark", args=[placed.pk]) in page
    again = mark(placed, by=karin, school=djulo, consented_on=datetime.date.today())
    assert CohortMember.objects.filter(child=placed.child).count() == 2
    assert not again.is_withdrawn
