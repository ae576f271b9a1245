"""Answers are read by people who never met the child, so they are full sentences; a rejected
form keeps everything typed and says in Swedish what to fix."""

import pytest
from django.urls import reverse

from apps.analysis.models import Analysis
from tests.factories.analysis import ANSWERS, form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("answer", ["Nej.", "Vet inte", "Jaaaaaaaaaaaaaaaaaaaaa", "Ja ja ja"])
def test_one_word_answers_are_refused_and_everything_typed_is_kept(
    client, mapped_case, bba, answer
):
    client.force_login(bba)

    response = client.post(
        reverse("analysis:analysis_create", args=[mapped_case.pk]),
        form_data(obstacles=answer, decision_details="Mentorn följer upp varje vecka."),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Svara med hela meningar så att andra kan förstå" in page
    assert "Något behöver rättas" in page
    assert answer in page
    assert ANSWERS["has_all_information"] in page
    assert "Mentorn följer upp varje vecka." in page
    assert 'id="id_decision_0" checked' in page
    assert not Analysis.objects.exists()


def test_empty_answers_are_refused(client, mapped_case, bba):
    client.force_login(bba)

    response = client.post(
        reverse("analysis:analysis_create", args=[mapped_case.pk]), form_data(help_needed="")
    )

    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not Analysis.objects.exists()


def test_form_has_labelled_questions_and_grouped_choices(client, mapped_case, bba):
    client.force_login(bba)

    page = client.get(reverse("analysis:analysis_create", args=[mapped_case.pk])).content.decode()

    for label in (
        "1. Har jag all information som jag behöver för att hjälpa barnet?",
        "2. Vad står i vägen för barnets välmående?",
        "3. Vad kan jag göra nu för att hjälpa det här barnet?",
        "4. Vad kan min verksamhet göra för att hjälpa barnet?",
        "5. Vilken ytterligare hjälp behöver jag från andra?",
    ):
        assert label in page
    assert page.count("<fieldset") == 2
    assert "<legend>Vad blir beslutet?</legend>" in page
    assert "<legend>Vilka verksamheter behövs i samverkan?</legend>" in page
