"""A social-services unit of a Skolfam municipality marks a placed child, with consent."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.agencies.models import Membership
from apps.audit.models import AccessLog
from apps.skolfam.models import CohortMember
from tests.factories.agencies import AgencyFactory, member
from tests.factories.skolfam import placed_child_case

pytestmark = pytest.mark.django_db


def mark_data(school, **overrides):
    return {
        "school": school.pk,
        "placement_basis": "sol",
        "consent_basis": "guardians",
        "consented_by": "Lena och Per Holm",
        "consented_on": "2024-08-01",
        "consent_method": "written",
        "information_given": "on",
        "submission_token": "5b0c3a4e-1f5e-4a51-9a55-7c2f4f6a3b10",
        **overrides,
    }


def test_social_services_marks_a_placed_child_with_the_guardians_consent(
    client, placed, karin, djulo, petra
):
    client.force_login(karin)
    page = client.get(reverse("cases:case_detail", args=[placed.pk]))
    assert reverse("skolfam:mark", args=[placed.pk]) in page.content.decode()

    response = client.post(reverse("skolfam:mark", args=[placed.pk]), mark_data(djulo))

    member = CohortMember.objects.get()
    assert response.status_code == 302
    assert response["Location"] == member.get_absolute_url()
    assert (member.child, member.agency, member.school) == (placed.child, placed.agency, djulo)
    assert member.consented_by == "Lena och Per Holm"
    assert member.consented_on == datetime.date(2024, 8, 1)
    assert member.information_given and member.marked_by == karin
    assert member.history.get().history_user == karin
    # The first mapping is due at once, and the team's school now sees the child.
    assert member.next_mapping_due == datetime.date.today()
    client.force_login(petra)
    detail = client.get(member.get_absolute_url())
    assert detail.status_code == 200
    assert "Elsa Lund" in detail.content.decode()


def test_under_lvu_the_social_services_decision_will_do(client, placed, karin, djulo):
    client.force_login(karin)
    client.post(
        reverse("skolfam:mark", args=[placed.pk]),
        mark_data(
            djulo,
            placement_basis="lvu",
            consent_basis="decision",
            consent_method="decision",
            consented_by="Sociala utskottet, § 42",
        ),
    )
    assert CohortMember.objects.get().consent_basis == "decision"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent_basis": "decision", "consent_method": "decision"}, "kräver vårdnadshavarnas"),
        ({"information_given": ""}, "när informationen är lämnad"),
        ({"consent_method": "decision"}, "Välj protokollfört beslut när"),
        ({"consented_by": "  "}, "Skriv vem som samtyckte"),
        ({"consented_on": "2999-01-01"}, "kan inte ligga i framtiden"),
        ({"consented_on": "2024-02-30"}, "ÅÅÅÅ-MM-DD"),
    ],
)
def test_marking_without_the_consent_skolfam_requires_is_refused(
    client, placed, karin, djulo, overrides, message
):
    client.force_login(karin)
    response = client.post(reverse("skolfam:mark", args=[placed.pk]), mark_data(djulo, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()
    assert not CohortMember.objects.exists()


def test_the_team_school_is_a_school_of_the_same_municipality(client, placed, karin):
    elsewhere = AgencyFactory(name="Tessinskolan")  # Nyköping
    client.force_login(karin)
    response = client.post(reverse("skolfam:mark", args=[placed.pk]), mark_data(elsewhere))
    assert response.status_code == 200
    assert not CohortMember.objects.exists()


def test_a_double_submit_marks_once(client, placed, karin, djulo):
    client.force_login(karin)
    url = reverse("skolfam:mark", args=[placed.pk])
    first = client.post(url, mark_data(djulo))
    second = client.post(url, mark_data(djulo))
    assert first.status_code == second.status_code == 302
    assert CohortMember.objects.count() == 1


def test_a_child_already_in_the_cohort_is_not_marked_again(client, elsa, placed, karin, djulo):
    client.force_login(karin)
    page = client.get(reverse("cases:case_detail", args=[placed.pk]))
    assert reverse("skolfam:mark", args=[placed.pk]) not in page.content.decode()
    response = client.post(
        reverse("skolfam:mark", args=[placed.pk]),
        mark_data(djulo, submission_token="9d1e3e47-0c1a-4f7a-8d6e-3b1f0e2d4c5a"),
    )
    assert response.status_code == 200
    assert "redan med i Skolfam" in response.content.decode()
    assert CohortMember.objects.count() == 1


def test_the_marking_page_names_the_child_and_logs_the_read(client, placed, karin):
    client.force_login(karin)
    response = client.get(reverse("skolfam:mark", args=[placed.pk]))
    assert response.status_code == 200
    assert AccessLog.objects.filter(user=karin, child_id=placed.child_id).count() == 1


def test_a_municipality_not_in_skolfam_sees_nothing_of_it(client, social_services):
    """Nyköping does not take part: no menu item, no section on the case page, 404."""
    nykoping_bba = member(social_services, Membership.Role.BBA, full_name="Nils Nyström")
    case = placed_child_case(social_services)
    client.force_login(nykoping_bba)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Skolfam" not in page
    for url in (
        reverse("skolfam:mark", args=[case.pk]),
        reverse("skolfam:cohort"),
        reverse("skolfam:due"),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("skolfam:mark", args=[case.pk]), {}).status_code == 404


def test_the_menu_shows_skolfam_to_the_team_only(client, karin, petra, soc, djulo):
    for person in (karin, petra):
        client.force_login(person)
        assert reverse("skolfam:cohort") in client.get(reverse("home")).content.decode()
    for person in (
        member(djulo, Membership.Role.REPORTER, full_name="Rut Lärare"),
        member(soc, Membership.Role.AGENCY_ADMIN, full_name="Axel Admin"),
    ):
        client.force_login(person)
        assert reverse("skolfam:cohort") not in client.get(reverse("home")).content.decode()


def test_a_school_case_cannot_be_marked(client, djulo, petra):
    case = placed_child_case(djulo)
    client.force_login(petra)
    assert client.get(reverse("skolfam:mark", args=[case.pk])).status_code == 404


def test_another_unit_of_the_same_municipality_cannot_mark(client, placed, katrineholm):
    other = AgencyFactory(
        name="Socialtjänsten Vingåker", kind="social_services", municipality=katrineholm
    )
    client.force_login(member(other, Membership.Role.BBA))
    assert client.get(reverse("skolfam:mark", args=[placed.pk])).status_code == 404


def test_the_menu_costs_no_query_of_its_own(client, petra):
    """Whether the municipality takes part is read with the memberships on every request."""
    client.force_login(petra)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()
    assert reverse("skolfam:cohort") in page
    own = [q["sql"] for q in queries if 'FROM "skolfam_participation"' in q["sql"]]
    assert own == []
