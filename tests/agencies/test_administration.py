import pytest
from django.core import mail
from django.urls import reverse

from apps.agencies.models import Agency, Membership, Municipality

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "agencies:municipality_list",
    "agencies:municipality_add",
    "agencies:agency_list",
    "agencies:agency_add",
    "agencies:person_list",
    "agencies:person_add",
]


@pytest.mark.parametrize("url_name", ADMIN_PAGES)
def test_administrator_pages_are_404_for_everyone_else(client, agency_admin, bba, url_name):
    for user in (agency_admin, bba):
        client.force_login(user)
        assert client.get(reverse(url_name)).status_code == 404


@pytest.mark.parametrize("url_name", ADMIN_PAGES)
def test_administrator_pages_open_for_administrators(client, administrator, url_name):
    client.force_login(administrator)
    assert client.get(reverse(url_name)).status_code == 200


def test_administrator_creates_agency_with_role_permissions(client, administrator):
    municipality = Municipality.objects.create(name="Trosa", code="0488")
    client.force_login(administrator)
    response = client.post(
        reverse("agencies:agency_add"),
        {
            "name": "Tomtaklintskolan",
            "kind": "school",
            "municipality": municipality.pk,
            "principal_kind": "municipality",
            "principal_name": "Trosa kommun",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    agency = Agency.objects.get(name="Tomtaklintskolan")
    assert agency.history.get().history_user == administrator
    assert agency.agencygroupobjectpermission_set.filter(
        permission__codename="manage_members", group__name=f"agency-{agency.pk}-agency_admin"
    ).exists()


def test_rejected_form_keeps_input_and_explains_in_swedish(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("agencies:municipality_add"), {"name": "Gnesta", "code": "46"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Gnesta"' in content
    assert 'value="46"' in content
    assert "Kommunkoden består av fyra siffror." in content
    assert "Något behöver rättas" in content


def test_administrator_adds_person_who_gets_a_welcome_email(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("agencies:person_add"),
        {"email": "Karin.Berg@Example.se", "full_name": "Karin Berg", "is_active": "on"},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["karin.berg@example.se"]
    assert "/konto/losenord/aterstall/" in mail.outbox[0].body


def test_agency_admin_adds_membership_to_own_agency(client, school, agency_admin):
    client.force_login(agency_admin)
    response = client.post(
        reverse("agencies:membership_list", args=[school.pk]),
        {
            "email": "ny@example.se",
            "full_name": "Ny Person",
            "role": "bba",
            "starts_on": "2026-01-01",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="ny@example.se")
    assert (membership.agency, membership.role) == (school, Membership.Role.BBA)


def test_membership_end_before_start_is_refused_with_input_kept(client, school, agency_admin):
    client.force_login(agency_admin)
    response = client.post(
        reverse("agencies:membership_list", args=[school.pk]),
        {
            "email": "ny@example.se",
            "full_name": "Ny Person",
            "role": "bba",
            "starts_on": "2026-05-01",
            "ends_on": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert "Slutdatumet kan inte vara före startdatumet." in response.content.decode()
    assert 'value="ny@example.se"' in response.content.decode()
    assert not Membership.objects.filter(user__email="ny@example.se").exists()


def test_administration_link_is_hidden_from_staff_without_admin_role(client, bba):
    client.force_login(bba)
    assert reverse("agencies:administration") not in client.get(reverse("home")).content.decode()


def test_administrator_finds_people_by_name_or_email(client, administrator, bba, agency_admin):
    client.force_login(administrator)
    found = client.get(reverse("agencies:person_list"), {"q": "ekström"}).context["people"]
    assert list(found) == [bba]
    found = client.get(reverse("agencies:person_list"), {"q": agency_admin.email}).context["people"]
    assert list(found) == [agency_admin]
