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


def _count_queries(client):
    client.get(reverse("agencies:directory"))  # the first request of a session syncs groups
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("agencies:directory")).status_code == 200
    return len(ctx)


def test_directory_query_count_does_not_grow_with_rows(client, bba):
    client.force_login(bba)
    few = _count_queries(client)
    for _ in range(5):
        member(AgencyFactory(), Membership.Role.BBA)
    assert _count_queries(client) == few
