"""Upptäcka: any staff member logs a concern in the browser; it reaches the unit's BBA."""

import re
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from apps.cases.models import Case, Child, Concern
from tests.factories.cases import ChildFactory, ConcernFactory, personal_number

pytestmark = pytest.mark.django_db

PNR = "20150312-1236"


def concern_data(**overrides):
    data = {
        "personal_number": PNR,
        "first_name": "Alva",
        "last_name": "Berg",
        "areas": ["safety", "home"],
        "observation": "Alva har varit frånvarande tre måndagar i rad och verkar trött.",
        "child_words": "Det är bråk hemma.",
        "source": "own_unit",
    }
    data.update(overrides)
    return data


def test_concern_form_reminds_of_the_duty_to_report(client, reporter):
    client.force_login(reporter)
    content = client.get(reverse("cases:concern_create")).content.decode()
    assert "ersätter inte skyldigheten att göra en orosanmälan" in content
    assert "Jag har gjort en orosanmälan till socialtjänsten" in content


def test_reporter_logs_a_concern_that_reaches_the_bba(
    client, school, reporter, bba, django_capture_on_commit_callbacks
):
    client.force_login(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:concern_create"), concern_data())

    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:concern_detail", args=[concern.pk])
    assert concern.case.agency == school
    assert concern.case.bba == bba
    assert concern.case.child.personal_number == "201503121236"
    assert concern.areas == ["safety", "home"]
    assert concern.reported_by == reporter
    assert mail.outbox[0].to == [bba.email]
    assert "Alva" not in mail.outbox[0].body  # no child data in e-mail

    client.force_login(bba)
    inbox = client.get(reverse("cases:inbox"))
    assert [case.child.first_name for case in inbox.context["cases"]] == ["Alva"]


def test_second_concern_about_the_same_child_joins_the_open_case(client, school, reporter):
    client.force_login(reporter)
    client.post(reverse("cases:concern_create"), concern_data())
    client.post(reverse("cases:concern_create"), concern_data(first_name="Annat namn"))
    assert Child.objects.count() == 1
    assert Case.objects.get().concerns.count() == 2


def test_child_without_personnummer_gets_a_reserve_number(client, reporter):
    client.force_login(reporter)
    client.post(
        reverse("cases:concern_create"),
        concern_data(personal_number="", birth_date="2016-05-01"),
    )
    child = Child.objects.get()
    assert child.personal_number is None
    assert child.reserve_number.startswith("R20160501-")


def test_rejected_concern_keeps_everything_typed(client, reporter):
    client.force_login(reporter)
    response = client.post(
        reverse("cases:concern_create"),
        concern_data(personal_number="20150312-1239", social_services_report_made="on"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Kontrollsiffran stämmer inte" in content
    assert "Skriv vilket datum orosanmälan gjordes." in content
    assert 'value="20150312-1239"' in content
    assert "Alva har varit frånvarande tre måndagar i rad" in content
    assert "Det är bråk hemma." in content
    assert re.search(r'<input[^>]+value="safety"[^>]*checked', content)
    assert not re.search(r'<input[^>]+value="health"[^>]*checked', content)
    assert not Concern.objects.exists()


def test_missing_areas_and_birth_date_are_explained(client, reporter):
    client.force_login(reporter)
    response = client.post(
        reverse("cases:concern_create"), concern_data(areas=[], personal_number="")
    )
    content = response.content.decode()
    assert "Välj minst ett område i hjulet." in content
    assert "Skriv barnets födelsedatum när barnet saknar personnummer." in content


def test_reporter_records_the_social_services_report_afterwards(client, reporter):
    client.force_login(reporter)
    client.post(reverse("cases:concern_create"), concern_data())
    concern = Concern.objects.get()
    client.post(reverse("cases:concern_detail", args=[concern.pk]), {"made_on": "2026-11-20"})
    concern.refresh_from_db()
    assert concern.social_services_report_made
    assert str(concern.social_services_report_date) == "2026-11-20"


def test_reporter_sees_the_status_of_own_concerns_and_nothing_else(client, school, reporter):
    colleague_concern_child = ChildFactory(agency=school)
    client.force_login(reporter)
    client.post(reverse("cases:concern_create"), concern_data())
    concern = Concern.objects.get()

    listed = client.get(reverse("cases:my_concerns")).context["concerns"]
    assert list(listed) == [concern]
    assert client.get(reverse("cases:concern_detail", args=[concern.pk])).status_code == 200
    assert client.get(reverse("cases:case_detail", args=[concern.case.pk])).status_code == 404
    assert list(client.get(reverse("cases:inbox")).context["cases"]) == []
    search = client.post(reverse("cases:child_search"), {"personal_number": PNR})
    assert search.context["children"] == []
    assert colleague_concern_child.pk  # exists in the unit, still invisible


def test_logging_a_concern_answers_the_same_whether_the_unit_knew_the_child(
    client, school, reporter
):
    known = ChildFactory(agency=school, personal_number=personal_number(date(2014, 3, 12), 455))
    client.force_login(reporter)

    def log(number):
        response = client.post(
            reverse("cases:concern_create"), concern_data(personal_number=number), follow=True
        )
        return response.status_code, [str(m) for m in response.context["messages"]]

    assert log(known.personal_number) == log(PNR)


def test_history_names_the_reporter_and_later_the_bba(client, reporter, bba, handler):
    client.force_login(reporter)
    client.post(reverse("cases:concern_create"), concern_data())
    concern = Concern.objects.get()
    assert concern.history.get().history_user == reporter
    assert concern.case.history.get().history_user == reporter
    assert concern.case.child.history.get().history_user == reporter

    client.force_login(bba)
    client.post(reverse("cases:assign_handler", args=[concern.case.pk]), {"handler": handler.pk})
    latest = concern.case.history.first()
    assert (latest.history_user, latest.handler_id) == (bba, handler.pk)


def test_a_reporter_sees_what_they_reported_never_the_units_record_of_the_child(
    client, school, reporter, bba
):
    """Existence is secret: a made-up name with a known personnummer shows the reporter their
    own words back, not the registered child's name nor how far the unit's case has come, the
    same as for a personnummer the unit has never seen."""
    known = ChildFactory(
        agency=school,
        first_name="Juni",
        last_name="Journeysson",
        personal_number=personal_number(date(2014, 3, 12), 455),
    )
    Case.objects.filter(pk=ConcernFactory(case__child=known, reported_by=bba).case.pk).update(
        status=Case.Status.FOLLOW_UP
    )
    client.force_login(reporter)

    def pages_after_logging(number):
        submitted = client.post(
            reverse("cases:concern_create"),
            concern_data(personal_number=number, first_name="Påhittad", last_name="Namnsson"),
            follow=True,
        )
        return (
            submitted.content.decode() + client.get(reverse("cases:my_concerns")).content.decode()
        )

    for number in (known.personal_number, PNR):
        pages = pages_after_logging(number)
        assert "Påhittad Namnsson" in pages
        for unit_knowledge in ("Juni", "Journeysson", "Uppföljning", "Upptäckt"):
            assert unit_knowledge not in pages, (number, unit_knowledge)


def test_the_bba_who_logs_a_concern_still_reaches_the_real_child(client, school, bba):
    known = ChildFactory(agency=school, first_name="Juni", last_name="Journeysson")
    ConcernFactory(case__child=known, reported_by=bba)
    client.force_login(bba)
    response = client.post(
        reverse("cases:concern_create"),
        concern_data(personal_number=known.personal_number, first_name="Påhittad"),
        follow=True,
    )
    content = response.content.decode()
    assert "Påhittad Berg" in content
    assert "Juni Journeysson" in content
    assert reverse("cases:case_detail", args=[known.cases.get().pk]) in content
