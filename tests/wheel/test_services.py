"""The rules of mapping: the whole wheel is rated, the history names who did what, a closed
case takes no mappings, and two saves of the same version cannot both win."""

import pytest
from django.urls import reverse

from apps.cases import services as case_services
from apps.cases.models import Case
from apps.wheel import services
from apps.wheel.models import AreaRating, Assessment
from tests.factories.wheel import AssessmentFactory, form_data, rated

pytestmark = pytest.mark.django_db


def test_history_rows_carry_the_acting_user(client, case, bba, assigned_handler):
    client.force_login(bba)
    client.post(reverse("wheel:assessment_create", args=[case.pk]), form_data())
    assessment = Assessment.objects.get()
    client.force_login(assigned_handler)
    client.post(
        reverse("wheel:assessment_edit", args=[assessment.pk]),
        form_data({"safety": "serious_concern"}, version="1"),
    )

    records = assessment.history.order_by("history_date")
    assert [(r.history_type, r.history_user, r.version) for r in records] == [
        ("+", bba, 1),
        ("~", assigned_handler, 2),
    ]
    ratings = AreaRating.history.filter(assessment_id=assessment.pk)
    assert ratings.filter(history_type="+", history_user=bba).count() == 7
    # Only the area that changed is in the history of the edit.
    changed = ratings.filter(history_type="~")
    assert [(r.area, r.rating, r.history_user) for r in changed] == [
        ("safety", "serious_concern", assigned_handler)
    ]
    assert case.history.filter(status=Case.Status.MAPPING).get().history_user == bba


def test_first_assessment_moves_the_case_to_mapping_and_later_ones_leave_it(case, bba):
    AssessmentFactory(case=case, created_by=bba)
    case.refresh_from_db()
    assert case.status == Case.Status.MAPPING
    case_services.change_status(case, Case.Status.ANALYSED, by=bba)

    AssessmentFactory(case=case, created_by=bba)

    case.refresh_from_db()
    assert case.status == Case.Status.ANALYSED


def test_every_area_must_be_rated(case, bba):
    ratings = rated()
    del ratings["care"]
    with pytest.raises(ValueError, match="care"):
        services.create_assessment(case, by=bba, ratings=ratings, child_view="Bra.")
    assert not Assessment.objects.exists()


def test_a_stale_version_is_refused_even_for_two_copies_in_memory(case, bba, assigned_handler):
    created = AssessmentFactory(case=case, created_by=bba)
    first, second = Assessment.objects.get(pk=created.pk), Assessment.objects.get(pk=created.pk)

    services.update_assessment(
        first, by=bba, expected_version=1, ratings=rated(home="some_concern"), summary="BBA"
    )
    with pytest.raises(services.ConcurrentEdit) as refused:
        services.update_assessment(
            second, by=assigned_handler, expected_version=1, ratings=rated(), summary="Handläggare"
        )

    assert refused.value.current_version == 2
    assert "Någon annan har ändrat kartläggningen medan du skrev." in str(refused.value)
    stored = Assessment.objects.get(pk=created.pk)
    assert (stored.version, stored.summary) == (2, "BBA")
    assert stored.ratings.get(area="home").rating == "some_concern"


def test_closed_case_refuses_new_and_changed_assessments(case, bba):
    assessment = AssessmentFactory(case=case, created_by=bba)
    case_services.close_case(case, by=bba, reason="Familjen har flyttat från kommunen.")
    assessment.refresh_from_db()

    with pytest.raises(services.CaseClosed):
        services.create_assessment(case, by=bba, ratings=rated(), child_view="Bra.")
    with pytest.raises(services.CaseClosed):
        services.update_assessment(
            assessment, by=bba, expected_version=1, ratings=rated(), summary="Ny"
        )
    assert Assessment.objects.filter(case=case).count() == 1
    assert Assessment.objects.get().version == 1


def test_closed_case_page_refuses_new_assessments(client, case, bba):
    case_services.close_case(case, by=bba, reason="Familjen har flyttat från kommunen.")
    client.force_login(bba)
    url = reverse("wheel:assessment_create", args=[case.pk])

    page = client.get(url).content.decode()
    response = client.post(url, form_data())

    message = "Ärendet är avslutat. Det går inte att göra eller ändra kartläggningar i det."
    assert message in page
    assert '<form method="post" novalidate>' not in page
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Assessment.objects.exists()
