"""Who reaches an assessment: the owning unit's BBA and the handler the case is delegated to.
Everyone else gets 404 on every page, for reading and for writing alike."""

import pytest
from django.urls import reverse

from apps.cases import services as case_services
from apps.cases.models import Case
from apps.wheel.models import Assessment
from tests.factories.wheel import AssessmentFactory, form_data

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "other_bba",
    "social_worker",
    "administrator",
    "concern_reporter",
    "unassigned_handler",
    "steering_group",
]


@pytest.fixture
def assessment(case, bba):
    return AssessmentFactory(case=case, created_by=bba)


def test_bba_of_the_owning_school_maps_the_child_through_the_form(client, case, bba):
    client.force_login(bba)
    assert client.get(reverse("wheel:assessment_create", args=[case.pk])).status_code == 200

    response = client.post(
        reverse("wheel:assessment_create", args=[case.pk]),
        form_data({"home": "serious_concern", "relationships": "some_concern"}),
    )

    assessment = Assessment.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == assessment.get_absolute_url()
    ratings = dict(assessment.ratings.values_list("area", "rating"))
    assert ratings == {
        "health": "works_well",
        "development": "works_well",
        "learning": "works_well",
        "care": "works_well",
        "home": "serious_concern",
        "relationships": "some_concern",
        "safety": "works_well",
    }
    assert assessment.created_by == bba
    assert assessment.child_view == "Jag vill ha en lugnare plats att plugga på."
    case.refresh_from_db()
    assert case.status == Case.Status.MAPPING
    followed = client.get(response["Location"])
    assert "Kartläggningen är sparad." in followed.content.decode()


def test_handler_views_and_edits(client, assessment, assigned_handler):
    client.force_login(assigned_handler)
    assert client.get(reverse("wheel:assessment_detail", args=[assessment.pk])).status_code == 200
    edit = reverse("wheel:assessment_edit", args=[assessment.pk])
    assert client.get(edit).status_code == 200

    response = client.post(edit, form_data({"health": "some_concern"}, version="1"))

    assert response.status_code == 302
    assert assessment.ratings.get(area="health").rating == "some_concern"


def test_handler_may_make_a_new_assessment(client, case, assigned_handler):
    client.force_login(assigned_handler)
    response = client.post(reverse("wheel:assessment_create", args=[case.pk]), form_data())
    assert response.status_code == 302
    assert Assessment.objects.filter(case=case, created_by=assigned_handler).exists()


def test_handler_loses_access_when_the_case_is_taken_back(
    client, assessment, assigned_handler, bba
):
    case_services.assign_handler(assessment.case, None, by=bba)
    client.force_login(assigned_handler)
    assert client.get(reverse("wheel:assessment_detail", args=[assessment.pk])).status_code == 404


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_page(client, request, case, assessment, outsider):
    client.force_login(request.getfixturevalue(outsider))
    create = reverse("wheel:assessment_create", args=[case.pk])
    detail = reverse("wheel:assessment_detail", args=[assessment.pk])
    edit = reverse("wheel:assessment_edit", args=[assessment.pk])

    assert client.get(create).status_code == 404
    assert client.post(create, form_data()).status_code == 404
    assert client.get(detail).status_code == 404
    assert client.get(edit).status_code == 404
    assert client.post(edit, form_data({"home": "not_known"}, version="1")).status_code == 404

    assert Assessment.objects.filter(case=case).count() == 1
    assessment.refresh_from_db()
    assert assessment.version == 1


def test_missing_ids_answer_like_denied_ones(client, bba):
    client.force_login(bba)
    assert client.get(reverse("wheel:assessment_create", args=[999999])).status_code == 404
    assert client.get(reverse("wheel:assessment_detail", args=[999999])).status_code == 404
    assert client.get(reverse("wheel:assessment_edit", args=[999999])).status_code == 404
