import pytest
from django.urls import reverse

from tests.factories.cases import ChildFactory, ConcernFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def read_case(client, school, bba, reporter):
    case = ConcernFactory(case__child=ChildFactory(agency=school), reported_by=reporter).case
    client.force_login(bba)
    client.get(reverse("cases:case_detail", args=[case.pk]))
    client.logout()
    return case


def test_agency_admin_sees_who_read_which_child(client, school, agency_admin, bba, read_case):
    client.force_login(agency_admin)
    url = reverse("cases:log_review", args=[school.pk])
    response = client.get(
        url,
        {
            "since": "2020-01-01",
            "until": "2099-01-01",
            "personal_number": read_case.child.personal_number,
        },
    )
    entries = list(response.context["entries"])
    assert [(e.user, e.child_id) for e in entries] == [(bba, read_case.child_id)]
    by_person = client.get(
        url, {"since": "2020-01-01", "until": "2099-01-01", "person_email": bba.email}
    )
    assert len(by_person.context["entries"]) == 1


@pytest.mark.parametrize("who", ["bba", "other_bba", "administrator", "social_worker"])
def test_log_review_is_404_for_everyone_but_the_agency_admin(client, school, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("cases:log_review", args=[school.pk])).status_code == 404


def test_agency_admin_of_another_agency_gets_404(client, school, other_school):
    from apps.agencies.models import Membership
    from tests.factories.agencies import member

    client.force_login(member(other_school, Membership.Role.AGENCY_ADMIN))
    assert client.get(reverse("cases:log_review", args=[school.pk])).status_code == 404
