"""Who sees a cohort child: the marking unit and the team's school. Everyone else 404."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.agencies.models import Membership
from apps.audit.models import AccessLog
from apps.cases import services as case_services
from apps.skolfam.models import Mapping
from tests.factories.agencies import AgencyFactory, member
from tests.factories.skolfam import mapping
from tests.test_reads_never_write import writes_of

pytestmark = pytest.mark.django_db


def member_urls(elsa):
    return [
        reverse("skolfam:member_detail", args=[elsa.pk]),
        reverse("skolfam:mapping_create", args=[elsa.pk]),
        reverse("skolfam:withdraw", args=[elsa.pk]),
    ]


@pytest.fixture
def strangers(soc, djulo, katrineholm, administrator, social_services):
    """Another school and another social-services unit of Katrineholm, the team school's
    reporter and handler, the marking unit's reporter, Nyköping's social services, and an
    administrator."""
    other_school = AgencyFactory(name="Sandbäcksskolan", municipality=katrineholm)
    other_soc = AgencyFactory(
        name="Familjehemsenheten", kind="social_services", municipality=katrineholm
    )
    return {
        "other_school_bba": member(other_school, Membership.Role.BBA),
        "other_unit_bba": member(other_soc, Membership.Role.BBA),
        "school_reporter": member(djulo, Membership.Role.REPORTER),
        "school_handler": member(djulo, Membership.Role.HANDLER),
        "unit_reporter": member(soc, Membership.Role.REPORTER),
        "unit_handler_not_delegated": member(soc, Membership.Role.HANDLER),
        "other_municipality_bba": member(social_services, Membership.Role.BBA),
        "administrator": administrator,
    }


def test_everyone_else_gets_404_and_changes_nothing(client, elsa, petra, strangers):
    mapping(elsa, by=petra, mapped_on=datetime.date(2024, 9, 15))
    for label, person in strangers.items():
        client.force_login(person)
        for url in member_urls(elsa):
            assert client.get(url).status_code == 404, (label, url)
            assert client.post(url, {"withdrawn_by_party": "x"}).status_code == 404, (label, url)
        for url in (reverse("skolfam:cohort"), reverse("skolfam:due")):
            response = client.get(url)
            assert response.status_code in (200, 404), (label, url)
            assert "Elsa Lund" not in response.content.decode(), (label, url)
    elsa.refresh_from_db()
    assert not elsa.is_withdrawn and Mapping.objects.count() == 1
    assert not AccessLog.objects.filter(child_id=elsa.child_id).exclude(user__in=[petra]).exists()


def test_the_administrator_has_no_team_pages(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("skolfam:cohort")).status_code == 404
    assert client.get(reverse("skolfam:due")).status_code == 404


def test_the_marking_unit_sees_its_cohort_child_through_its_case(client, elsa, karin, placed):
    client.force_login(karin)
    response = client.get(elsa.get_absolute_url())
    assert response.status_code == 200
    assert reverse("cases:case_detail", args=[placed.pk]) in response.content.decode()


def test_the_delegated_handler_sees_it_too(client, elsa, soc, karin, placed):
    handler = member(soc, Membership.Role.HANDLER, full_name="Sofia Handläggare")
    case_services.assign_handler(placed, handler, by=karin)
    client.force_login(handler)
    assert client.get(elsa.get_absolute_url()).status_code == 200


def test_a_municipality_leaving_skolfam_sees_nothing_of_it_any_more(
    client, elsa, karin, petra, katrineholm
):
    katrineholm.skolfam.takes_part = False
    katrineholm.skolfam.save()
    for person in (karin, petra):
        client.force_login(person)
        for url in [*member_urls(elsa), reverse("skolfam:cohort"), reverse("skolfam:due")]:
            assert client.get(url).status_code == 404, (person, url)


def test_every_page_naming_the_child_writes_its_access_log_row(client, elsa, karin, petra):
    mapping(elsa, by=petra, mapped_on=datetime.date(2024, 9, 15))
    pages = [
        (petra, reverse("skolfam:member_detail", args=[elsa.pk])),
        (petra, reverse("skolfam:mapping_create", args=[elsa.pk])),
        (petra, reverse("skolfam:cohort")),
        (karin, reverse("skolfam:cohort")),
        (karin, reverse("skolfam:withdraw", args=[elsa.pk])),
    ]
    for person, url in pages:
        client.force_login(person)
        before = AccessLog.objects.filter(child_id=elsa.child_id, user=person).count()
        response = client.get(url)
        assert "Elsa Lund" in response.content.decode(), url
        rows = AccessLog.objects.filter(child_id=elsa.child_id, user=person)
        assert rows.count() == before + 1, url
        row = rows.latest("at")
        assert row.owner_agency_id == elsa.agency_id
        assert row.agency_id == person.memberships.get().agency_id


def test_the_due_list_logs_each_child_it_names(client, elsa, petra):
    client.force_login(petra)
    response = client.get(reverse("skolfam:due"))
    assert "Elsa Lund" in response.content.decode()
    assert AccessLog.objects.filter(child_id=elsa.child_id, user=petra).count() == 1


def test_reads_never_write_on_the_skolfam_pages(client, elsa, karin, petra):
    for person in (karin, petra):
        client.force_login(person)
        for url in [*member_urls(elsa), reverse("skolfam:cohort"), reverse("skolfam:due")]:
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            assert writes_of(queries) == [], (person, url)
