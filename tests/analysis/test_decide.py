"""The BBA answers the five questions and decides; each decision moves the case on as the
model says, and the rules hold whether the analysis comes through the form or the service."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.analysis import services
from apps.analysis.models import Analysis
from apps.analysis.selectors import collaboration_decided
from apps.cases.models import Case
from tests.factories.analysis import ANSWERS, AnalysisFactory, form_data

pytestmark = pytest.mark.django_db


def create_url(case):
    return reverse("analysis:analysis_create", args=[case.pk])


def test_bba_decides_to_handle_within_own_unit(client, mapped_case, bba):
    client.force_login(bba)

    response = client.post(create_url(mapped_case), form_data())

    analysis = mapped_case.analyses.get()
    assert response.status_code == 302
    assert response.url == reverse("analysis:analysis_detail", args=[analysis.pk])
    assert [answer for _, answer in analysis.answers] == list(ANSWERS.values())
    assert analysis.decision == Analysis.Decision.OWN_UNIT
    assert analysis.decided_by == bba
    assert analysis.collaboration_kinds == []
    mapped_case.refresh_from_db()
    assert mapped_case.status == Case.Status.ANALYSED
    page = client.get(response.url).content.decode()
    assert "Analysen är sparad. Beslut: Hanteras inom den egna verksamheten." in page


def test_bba_decides_that_collaboration_is_needed(client, mapped_case, bba):
    client.force_login(bba)

    response = client.post(
        create_url(mapped_case),
        form_data(
            decision="collaboration",
            decision_details="Socialtjänsten behöver kopplas in kring hemmet.",
            collaboration_kinds=["social_services", "child_health"],
        ),
    )

    assert response.status_code == 302
    analysis = mapped_case.analyses.get()
    assert analysis.collaboration_kinds == ["social_services", "child_health"]
    assert analysis.collaboration_kind_labels == [
        "Barnavårdscentral (BVC)",
        "Socialtjänst",
    ]
    mapped_case.refresh_from_db()
    assert mapped_case.status == Case.Status.ANALYSED
    assert collaboration_decided(mapped_case) == analysis


def test_bba_decides_to_close_and_the_details_become_the_reason(client, mapped_case, bba):
    client.force_login(bba)

    response = client.post(
        create_url(mapped_case),
        form_data(decision="close", decision_details="Oron är utredd och familjen har stöd."),
    )

    assert response.status_code == 302
    mapped_case.refresh_from_db()
    assert mapped_case.status == Case.Status.CLOSED
    assert mapped_case.closing_reason == "Oron är utredd och familjen har stöd."
    assert mapped_case.history.first().history_user == bba
    assert "ärendet är avslutat" in client.get(response.url).content.decode()


def test_an_analysed_case_may_be_analysed_again(mapped_case, bba):
    first = AnalysisFactory(case=mapped_case, decided_by=bba)
    second = AnalysisFactory(
        case=mapped_case,
        decided_by=bba,
        decision="collaboration",
        collaboration_kinds=["social_services"],
    )

    assert list(mapped_case.analyses.all()) == [second, first]
    assert Case.objects.get(pk=mapped_case.pk).status == Case.Status.ANALYSED


def test_a_detected_case_is_mapped_before_it_is_analysed(client, case, bba):
    with pytest.raises(ValidationError, match="Kartlägg barnets situation innan analysen"):
        services.decide(case, by=bba, decision="own_unit", decision_details="Se ovan.", **ANSWERS)

    client.force_login(bba)
    page = client.get(create_url(case)).content.decode()
    assert "Kartlägg barnets situation innan analysen." in page
    assert "<textarea" not in page

    response = client.post(create_url(case), form_data())
    assert response.status_code == 200
    assert "Kartlägg barnets situation innan analysen." in response.content.decode()
    assert ANSWERS["obstacles"] in response.content.decode()
    assert not Analysis.objects.exists()
    case.refresh_from_db()
    assert case.status == Case.Status.DETECTED


def test_a_closed_case_is_not_analysed(mapped_case, bba):
    AnalysisFactory(
        case=mapped_case, decided_by=bba, decision="close", decision_details="Familjen flyttade."
    )

    with pytest.raises(ValidationError, match="Ärendet är avslutat"):
        AnalysisFactory(case=mapped_case, decided_by=bba)


def test_collaboration_needs_at_least_one_kind_of_agency(client, mapped_case, bba):
    client.force_login(bba)

    response = client.post(create_url(mapped_case), form_data(decision="collaboration"))

    assert response.status_code == 200
    assert "Välj minst en typ av verksamhet som behövs i samverkan kring barnet." in (
        response.content.decode()
    )
    assert not Analysis.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.decide(
            mapped_case, by=bba, decision="collaboration", decision_details="Ja.", **ANSWERS
        )
    assert "collaboration_kinds" in error.value.message_dict


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        ("own_unit", "Skriv vad den egna verksamheten ska göra för barnet och varför."),
        ("collaboration", "Skriv vad samverkan ska handla om och varför."),
        ("close", "Skriv varför ärendet avslutas."),
    ],
)
def test_every_decision_says_what_and_why(client, mapped_case, bba, decision, message):
    client.force_login(bba)

    response = client.post(
        create_url(mapped_case),
        form_data(decision=decision, decision_details="  ", collaboration_kinds=["school"]),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    mapped_case.refresh_from_db()
    assert mapped_case.status == Case.Status.MAPPING


def test_kinds_are_only_kept_when_collaboration_is_decided(mapped_case, bba):
    analysis = AnalysisFactory(
        case=mapped_case, decided_by=bba, collaboration_kinds=["social_services"]
    )
    assert analysis.collaboration_kinds == []


def test_collaboration_decided_is_none_until_the_latest_analysis_says_so(mapped_case, bba):
    assert collaboration_decided(mapped_case) is None
    AnalysisFactory(case=mapped_case, decided_by=bba)
    assert collaboration_decided(mapped_case) is None

    collaboration = AnalysisFactory(
        case=mapped_case, decided_by=bba, decision="collaboration", collaboration_kinds=["kaa"]
    )
    assert collaboration_decided(mapped_case) == collaboration

    AnalysisFactory(case=mapped_case, decided_by=bba)
    assert collaboration_decided(mapped_case) is None


def test_history_carries_the_acting_user(client, mapped_case, bba):
    client.force_login(bba)
    client.post(create_url(mapped_case), form_data())

    analysis = mapped_case.analyses.get()
    assert [(h.history_type, h.history_user) for h in analysis.history.all()] == [("+", bba)]
    mapped_case.refresh_from_db()
    assert mapped_case.history.first().history_user == bba
