import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.agencies.models import Agency, Membership, Municipality
from tests.factories.agencies import AgencyFactory, MembershipFactory, UserFactory, member

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


def _page(client, url, **params):
    """The objects on one page of an administration list, and the page."""
    response = client.get(url, params)
    assert response.status_code == 200
    page = response.context["page"]
    return list(page), page


def _both_pages(client, url, **params):
    first, page = _page(client, url, **params)
    second, _ = _page(client, url, **params, sida=2)
    assert len(first) == page.paginator.per_page
    assert not {obj.pk for obj in first} & {obj.pk for obj in second}
    return first + second


def _count_queries(client, url, **params):
    client.get(url, params)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx)


def test_person_list_pages_people_with_the_same_name_without_overlap(client, administrator):
    client.force_login(administrator)
    url = reverse("agencies:person_list")
    per_page = _page(client, url)[1].paginator.per_page
    UserFactory.create_batch(per_page + 5, full_name="Anna Svensson")

    listed = _both_pages(client, url)

    assert sorted(person.pk for person in listed) == sorted(
        get_user_model().objects.values_list("pk", flat=True)
    )


def test_person_search_survives_paging(client, administrator, school):
    client.force_login(administrator)
    url = reverse("agencies:person_list")
    per_page = _page(client, url)[1].paginator.per_page
    svenssons = [member(school, full_name="Anna Svensson").pk for _ in range(per_page + 2)]
    UserFactory.create_batch(3, full_name="Per Olsson")

    listed = _both_pages(client, url, q="svensson")

    assert sorted(person.pk for person in listed) == sorted(svenssons)
    content = client.get(url, {"q": "svensson"}).content.decode()
    assert 'href="?q=svensson&amp;sida=2"' in content
    assert "Ekbackens skola (Personal)" in content


def test_person_list_page_costs_the_same_queries_for_60_and_120_people(
    client, administrator, school, other_school
):
    client.force_login(administrator)
    url = reverse("agencies:person_list")

    def add_people(count):
        for _ in range(count):
            person = member(school)
            MembershipFactory(user=person, agency=other_school, role=Membership.Role.BBA)

    add_people(60)
    counts_60 = [_count_queries(client, url, sida=n) for n in (1, 2)]
    add_people(60)
    counts_120 = [_count_queries(client, url, sida=n) for n in (1, 2)]
    assert counts_60 == counts_120


def test_agency_list_and_administration_home_page_every_agency(client, administrator):
    client.force_login(administrator)
    per_page = _page(client, reverse("agencies:agency_list"))[1].paginator.per_page
    AgencyFactory.create_batch(per_page + 5)
    AgencyFactory(is_active=False)
    every_agency = sorted(Agency.objects.values_list("pk", flat=True))

    for url_name in ("agencies:agency_list", "agencies:administration"):
        listed = _both_pages(client, reverse(url_name))
        assert sorted(agency.pk for agency in listed) == every_agency


def test_municipality_list_pages_every_municipality(client, administrator):
    client.force_login(administrator)
    url = reverse("agencies:municipality_list")
    per_page = _page(client, url)[1].paginator.per_page
    Municipality.objects.bulk_create(
        Municipality(name=f"Kommun {n}", code=f"{9000 + n}") for n in range(per_page + 5)
    )

    listed = _both_pages(client, url)

    assert sorted(m.pk for m in listed) == sorted(Municipality.objects.values_list("pk", flat=True))


def test_agency_list_page_costs_the_same_queries_for_60_and_120_agencies(client, administrator):
    client.force_login(administrator)
    url = reverse("agencies:agency_list")
    AgencyFactory.create_batch(60)
    counts_60 = [_count_queries(client, url, sida=n) for n in (1, 2)]
    AgencyFactory.create_batch(60)
    counts_120 = [_count_queries(client, url, sida=n) for n in (1, 2)]
    assert counts_60 == counts_120


def test_membership_list_pages_ties_without_overlap(client, school, agency_admin):
    client.force_login(agency_admin)
    url = reverse("agencies:membership_list", args=[school.pk])
    per_page = _page(client, url)[1].paginator.per_page
    for _ in range(per_page + 5):
        member(school, full_name="Anna Svensson")

    listed = _both_pages(client, url)

    assert sorted(m.pk for m in listed) == sorted(school.memberships.values_list("pk", flat=True))


def test_membership_list_page_costs_the_same_queries_for_60_and_120(client, school, agency_admin):
    client.force_login(agency_admin)
    url = reverse("agencies:membership_list", args=[school.pk])
    for _ in range(60):
        member(school)
    counts_60 = [_count_queries(client, url, sida=n) for n in (1, 2)]
    for _ in range(60):
        member(school)
    counts_120 = [_count_queries(client, url, sida=n) for n in (1, 2)]
    assert counts_60 == counts_120


@pytest.mark.parametrize(
    "url_name", ["agencies:municipality_list", "agencies:agency_list", "agencies:person_list"]
)
def test_later_pages_are_404_for_non_administrators_too(client, agency_admin, bba, url_name):
    for user in (agency_admin, bba):
        client.force_login(user)
        assert client.get(reverse(url_name), {"sida": 2}).status_code == 404


def test_agency_admin_still_manages_only_their_own_agency(
    client, school, other_school, agency_admin
):
    client.force_login(agency_admin)
    other_url = reverse("agencies:membership_list", args=[other_school.pk])
    assert client.get(other_url, {"sida": 2}).status_code == 404

    response = client.get(reverse("agencies:administration"))
    assert list(response.context["agencies"]) == [school]
    content = response.content.decode()
    assert reverse("cases:log_review", args=[school.pk]) in content
    assert f'href="{reverse("agencies:agency_list")}"' not in content


def test_staff_without_admin_role_manage_no_agency(client, bba, other_school):
    client.force_login(bba)
    response = client.get(reverse("agencies:administration"), {"sida": 2})
    assert list(response.context["agencies"]) == []
    assert "Du administrerar ingen verksamhet." in response.content.decode()
