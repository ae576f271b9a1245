import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.agencies.models import Agency, Membership
from tests.factories.agencies import AgencyFactory, member

pytestmark = pytest.mark.django_db


def test_any_signed_in_person_finds_the_bba_of_another_unit(client, school, other_school, bba):
    other_bba = member(
        other_school, Membership.Role.BBA, full_name="Ebba Strand", phone="0155-1234"
    )
    member(other_school, Membership.Role.HANDLER, full_name="Dold Handläggare")
    client.force_login(bba)

    content = client.get(reverse("agencies:directory")).content.decode()

    assert "Brunnsbergs skola" in content
    assert "Ebba Strand" in content
    assert other_bba.email in content
    assert "0155-1234" in content
    assert "Dold Handläggare" not in content


def test_directory_filters_by_kind_and_name(client, school, bba):
    AgencyFactory(name="BVC Centrum", kind=Agency.Kind.CHILD_HEALTH)
    client.force_login(bba)

    def listed(**params):
        response = client.get(reverse("agencies:directory"), params)
        return [agency.name for agency in response.context["agencies"]]

    assert listed(kind="child_health") == ["BVC Centrum"]
    assert listed(q="Ekström") == ["Ekbackens skola"]
    assert listed(q="ekbacken") == ["Ekbackens skola"]


def test_directory_explains_who_is_responsible_by_age(client, bba):
    client.force_login(bba)
    content = client.get(reverse("agencies:directory")).content.decode()
    assert "Kommunala aktivitetsansvaret (KAA)" in content
    assert "Hemkommunens uppföljningsansvarige" in content


def _count_queries(client, **params):
    client.get(reverse("agencies:directory"))  # the first request of a session syncs groups
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("agencies:directory"), params).status_code == 200
    return len(ctx)


def test_directory_query_count_does_not_grow_with_rows(client, bba):
    client.force_login(bba)
    few = _count_queries(client)
    for _ in range(5):
        member(AgencyFactory(), Membership.Role.BBA)
    assert _count_queries(client) == few


def _listed(client, **params):
    """The names on one page of the directory, and the page itself."""
    response = client.get(reverse("agencies:directory"), params)
    assert response.status_code == 200
    page = response.context["page"]
    return [agency.name for agency in response.context["agencies"]], page


def _units_with_a_bba(count, **agency_fields):
    return [member(AgencyFactory(**agency_fields), Membership.Role.BBA).pk for _ in range(count)]


def test_directory_pages_split_the_units_without_overlap(client, bba):
    client.force_login(bba)
    per_page = _listed(client)[1].paginator.per_page
    _units_with_a_bba(per_page + 5)

    first, page = _listed(client)
    second, _ = _listed(client, sida=2)

    assert len(first) == per_page
    assert not set(first) & set(second)
    active = Agency.objects.filter(is_active=True).values_list("name", flat=True)
    assert sorted(first + second) == sorted(active)
    assert page.paginator.count == len(active)
    content = client.get(reverse("agencies:directory")).content.decode()
    assert f"({len(active)})" in content
    assert 'href="?sida=2"' in content


def test_directory_filters_survive_paging(client, bba, other_school):
    client.force_login(bba)
    per_page = _listed(client)[1].paginator.per_page
    for _ in range(per_page + 2):
        agency = AgencyFactory(kind=Agency.Kind.PRESCHOOL)
        member(agency, Membership.Role.BBA, full_name="Lena Ekström")
    # Two matching BBAs on one unit must not list the unit twice or count it twice.
    member(agency, Membership.Role.BBA, full_name="Nils Ekström")
    preschools = set(
        Agency.objects.filter(kind=Agency.Kind.PRESCHOOL).values_list("name", flat=True)
    )

    for params in ({"kind": "preschool"}, {"q": "ekström"}):
        first, page = _listed(client, **params)
        second, _ = _listed(client, **params, sida=2)
        expected = preschools | ({"Ekbackens skola"} if "q" in params else set())
        assert not set(first) & set(second)
        assert sorted(first + second) == sorted(expected)
        assert page.paginator.count == len(expected)

    content = client.get(reverse("agencies:directory"), {"kind": "preschool"}).content.decode()
    assert 'href="?kind=preschool&amp;sida=2"' in content
    content = client.get(
        reverse("agencies:directory"), {"q": "ekström", "sida": 2}
    ).content.decode()
    assert 'href="?q=ekstr%C3%B6m&amp;sida=1"' in content
    assert 'value="ekström"' in content


def test_directory_page_costs_the_same_queries_for_60_and_120_units(client, bba):
    client.force_login(bba)
    _units_with_a_bba(60)
    counts_60 = [_count_queries(client, sida=n) for n in (1, 2)]
    _units_with_a_bba(60)
    counts_120 = [_count_queries(client, sida=n) for n in (1, 2)]
    assert counts_60 == counts_120
