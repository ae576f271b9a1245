"""Only those who work on the case analyse it or read its analyses; everyone else gets 404, so
an id reveals nothing. Every page with child data is in the access log."""

import pytest
from django.urls import reverse

from apps.audit.models import AccessLog
from apps.cases.services import assign_handler, start_mapping
from tests.factories.analysis import AnalysisFactory, form_data
from tests.factories.cases import CaseFactory, ConcernFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysis(mapped_case, bba):
    return AnalysisFactory(case=mapped_case, decided_by=bba)


@pytest.fixture
def concern_reporter(mapped_case, reporter):
    """The staff member whose concern the case started from: follows the concern, no more."""
    ConcernFactory(case=mapped_case, reported_by=reporter)
    return reporter


# The BBA of another school, a social worker, an administrator, the reporter of the concern
# a handler of the same school the case is not assigned to, and the municipality's steering
# group.
OUTSIDERS = [
    "other_bba",
    "social_worker",
    "administrator",
    "concern_reporter",
    "handler",
    "steering_group",
]


@pytest.fixture
def outsider(request):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_others_get_404_on_create_and_detail(client, analysis, outsider):
    case = analysis.case
    client.force_login(outsider)
    create = reverse("analysis:analysis_create", args=[case.pk])

    assert client.get(create).status_code == 404
    assert client.post(create, form_data()).status_code == 404
    assert client.get(analysis.get_absolute_url()).status_code == 404
    assert case.analyses.count() == 1
    assert not AccessLog.objects.filter(user=outsider).exists()


def test_missing_ids_answer_404_like_denied_ones(client, bba):
    client.force_login(bba)
    assert client.get(reverse("analysis:analysis_create", args=[999999])).status_code == 404
    assert client.get(reverse("analysis:analysis_detail", args=[999999])).status_code == 404


def test_assigned_handler_may_analyse(client, mapped_case, bba, handler):
    assign_handler(mapped_case, handler, by=bba)
    client.force_login(handler)

    response = client.post(reverse("analysis:analysis_create", args=[mapped_case.pk]), form_data())

    assert response.status_code == 302
    analysis = mapped_case.analyses.get()
    assert analysis.decided_by == handler
    assert analysis.history.get().history_user == handler
    assert client.get(analysis.get_absolute_url()).status_code == 200


def test_handler_who_loses_the_case_loses_its_analyses(client, analysis, bba, handler):
    assign_handler(analysis.case, handler, by=bba)
    client.force_login(handler)
    assert client.get(analysis.get_absolute_url()).status_code == 200

    assign_handler(analysis.case, None, by=bba)

    assert client.get(analysis.get_absolute_url()).status_code == 404


def test_detail_shows_the_analysis_and_is_logged(client, analysis, bba):
    client.force_login(bba)

    response = client.get(analysis.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "2. Vad står i vägen för barnets välmående?" in page
    assert analysis.obstacles in page
    assert "Hanteras inom den egna verksamheten" in page
    log = AccessLog.objects.get(user=bba)
    assert log.object_type == "analysis.analysis"
    assert log.object_id == str(analysis.pk)
    assert log.child_id == analysis.case.child_id
    assert log.agency_id == analysis.case.agency_id


def test_create_page_shows_the_mapping_and_is_logged(client, mapped_case, bba):
    client.force_login(bba)

    response = client.get(reverse("analysis:analysis_create", args=[mapped_case.pk]))

    assert response.status_code == 200
    log = AccessLog.objects.get(user=bba)
    assert log.object_type == "cases.case"
    assert log.child_id == mapped_case.child_id


def test_other_schools_bba_may_analyse_only_own_cases(client, analysis, other_bba, other_school):
    own_case = start_mapping(CaseFactory(child__agency=other_school), by=other_bba)
    client.force_login(other_bba)

    assert client.get(reverse("analysis:analysis_create", args=[own_case.pk])).status_code == 200
    assert client.get(analysis.get_absolute_url()).status_code == 404
