"""The team's list of children whose next mapping is due, and the interval behind it."""

import datetime

import pytest
from django.urls import reverse

from apps.skolfam import services
from apps.skolfam.models import Participation
from tests.factories.skolfam import mapping, mark, placed_child_case

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def cohort_child(soc, karin, djulo, first_name, mapped_on=None):
    member = mark(
        placed_child_case(soc, first_name=first_name, last_name="Ek"), by=karin, school=djulo
    )
    if mapped_on:
        mapping(member, by=karin, mapped_on=mapped_on)
        member.refresh_from_db()
    return member


def test_the_due_list_shows_overdue_and_soon_due_children_longest_waiting_first(
    client, soc, karin, djulo, petra
):
    overdue = cohort_child(soc, karin, djulo, "Ali", TODAY - datetime.timedelta(days=800))
    soon = cohort_child(soc, karin, djulo, "Bo", TODAY - datetime.timedelta(days=700))
    not_yet = cohort_child(soc, karin, djulo, "Cilla", TODAY - datetime.timedelta(days=30))
    never_mapped = cohort_child(soc, karin, djulo, "Dana")
    client.force_login(petra)
    content = client.get(reverse("skolfam:due")).content.decode()
    assert "Cilla Ek" not in content
    positions = [content.index(m.child.full_name) for m in (overdue, soon, never_mapped)]
    assert positions[0] < positions[2] < positions[1]  # overdue, due today, due in weeks
    assert not_yet.next_mapping_due > TODAY + datetime.timedelta(days=60)


def test_the_due_list_is_paged(client, soc, karin, djulo, petra):
    for n in range(52):
        cohort_child(soc, karin, djulo, f"Barn{n:02d}")
    client.force_login(petra)
    first = client.get(reverse("skolfam:due")).content.decode()
    second = client.get(reverse("skolfam:due"), {"sida": 2}).content.decode()
    assert first.count("Ek</a>") == 50 and second.count("Ek</a>") == 2
    assert "Sida 1 av 2" in first


def test_a_new_interval_moves_every_next_mapping(soc, karin, djulo, katrineholm, administrator):
    member = cohort_child(soc, karin, djulo, "Ali", datetime.date(2024, 9, 1))
    assert member.next_mapping_due == datetime.date(2026, 9, 1)
    services.set_participation(katrineholm, by=administrator, takes_part=True, interval_months=12)
    member.refresh_from_db()
    assert member.next_mapping_due == datetime.date(2025, 9, 1)
    assert member.history.latest().history_user == administrator


def test_the_administrator_sets_participation_and_interval(client, administrator, social_services):
    nykoping = social_services.municipality
    client.force_login(administrator)
    assert "Nyköping" in client.get(reverse("skolfam:participation_list")).content.decode()
    url = reverse("skolfam:participation_edit", args=[nykoping.pk])
    assert 'value="24"' in client.get(url).content.decode()
    refused = client.post(url, {"takes_part": "on", "interval_months": "3"})
    assert "Det ska gå minst 6 månader mellan kartläggningarna." in refused.content.decode()
    response = client.post(url, {"takes_part": "on", "interval_months": "24"})
    assert response.status_code == 302
    participation = Participation.objects.get(municipality=nykoping)
    assert participation.takes_part and participation.interval_months == 24
    assert participation.history.get().history_user == administrator


def test_only_administrators_manage_participation(client, karin, petra, social_services):
    for person in (karin, petra):
        client.force_login(person)
        assert client.get(reverse("skolfam:participation_list")).status_code == 404
        url = reverse("skolfam:participation_edit", args=[social_services.municipality_id])
        assert client.post(url, {"takes_part": "on", "interval_months": "24"}).status_code == 404
    assert not Participation.objects.filter(municipality=social_services.municipality).exists()
