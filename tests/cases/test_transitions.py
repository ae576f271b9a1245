"""Moves the app sees coming: the daily scan finds the children of open cases whose stage
changes within the coming term, lists them for their unit's BBA, and reminds the BBA once, 60
days before; nobody else sees them."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.agencies.models import Agency, Membership
from apps.audit.models import AccessLog
from apps.cases import services, stages, tasks
from apps.cases.models import ComingTransition
from apps.cases.stages import Stage
from tests.case_page import render_panel
from tests.factories.agencies import AgencyFactory, member
from tests.factories.cases import CaseFactory, ChildFactory

pytestmark = pytest.mark.django_db

D = datetime.date
# A day in June: the autumn's moves are in the coming term, and those on 15 August are less
# than 60 days away.
TODAY = D(2027, 6, 20)


@pytest.fixture(autouse=True)
def _in_june():
    with time_machine.travel(datetime.datetime(2027, 6, 20, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def case_of(agency, born, **child):
    return CaseFactory(child=ChildFactory(agency=agency, birth_date=born, **child))


@pytest.fixture
def year_nine(school):
    """Alva, in year 9 at the school: upper secondary from 15 August."""
    return case_of(school, D(2011, 5, 5), first_name="Alva", last_name="Berg")


@pytest.fixture
def year_seven(school):
    """Ludvig, in year 7: nothing changes this year."""
    return case_of(school, D(2013, 2, 2), first_name="Ludvig", last_name="Nyberg")


def listed(client, user):
    client.force_login(user)
    return client.get(reverse("cases:transitions"))


def test_the_scan_lists_the_child_whose_stage_changes_with_who_will_be_responsible(
    client, bba, year_nine, year_seven
):
    assert tasks.scan_transitions.delay().get() == {"found": 1, "reminded": 1}
    row = ComingTransition.objects.get()
    assert (row.case, row.changes_on, row.from_stage, row.to_stage) == (
        year_nine,
        D(2027, 8, 15),
        Stage.SCHOOL,
        Stage.UPPER_SECONDARY,
    )
    response = listed(client, bba)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Alva Berg" in page
    assert "2027-08-15" in page
    assert "Gymnasieskola" in page
    assert "Ludvig Nyberg" not in page
    assert "Skickad 2027-06-20" in page


def test_the_scan_is_idempotent_one_email_once(bba, year_nine):
    """Run twice (or by two workers): one reminder, recorded with its history."""
    first = tasks.scan_transitions.delay().get()
    second = tasks.scan_transitions.delay().get()
    assert first == {"found": 1, "reminded": 1}
    assert second == {"found": 0, "reminded": 0}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [bba.email]
    row = ComingTransition.objects.get()
    assert row.reminded_at == timezone.now()
    assert [record.reminded_at is None for record in row.history.order_by("history_date")] == [
        True,
        False,
    ]


def test_the_email_names_no_child(bba, year_nine):
    transitions_scan()
    message = mail.outbox[0]
    text = message.subject + message.body
    child = year_nine.child
    assert child.first_name not in text
    assert child.last_name not in text
    assert child.personal_number[2:8] not in text
    assert "Antal barn som byter stadium inom 60 dagar: 1." in text
    assert reverse("cases:transitions") in text


def transitions_scan():
    return tasks.scan_transitions.delay().get()


def test_the_reminder_waits_until_60_days_before(bba, school):
    """Listed as soon as it is in the coming term, reminded only from 60 days before."""
    Membership.objects.filter(user=bba).update(starts_on=D(2027, 1, 1))
    case_of(school, D(2011, 5, 5))
    with time_machine.travel(datetime.datetime(2027, 6, 15, 9, 0, tzinfo=datetime.UTC)):
        assert transitions_scan() == {"found": 1, "reminded": 0}
    assert mail.outbox == []
    with time_machine.travel(datetime.datetime(2027, 6, 16, 9, 0, tzinfo=datetime.UTC)):
        assert transitions_scan() == {"found": 0, "reminded": 1}
    assert len(mail.outbox) == 1


def test_one_email_per_bba_for_all_the_units_children(bba, school):
    other = member(school, Membership.Role.BBA)
    for born in (D(2011, 1, 1), D(2011, 6, 6), D(2011, 12, 12)):
        case_of(school, born)
    assert transitions_scan() == {"found": 3, "reminded": 3}
    assert sorted(message.to[0] for message in mail.outbox) == sorted([bba.email, other.email])
    assert "inom 60 dagar: 3." in mail.outbox[0].body


def test_a_closed_case_is_neither_scanned_nor_listed(client, bba, year_nine):
    transitions_scan()
    mail.outbox.clear()
    services.close_case(year_nine, by=bba, reason="Behovet är tillgodosett.")
    assert "Alva Berg" not in listed(client, bba).content.decode()
    ComingTransition.objects.all().delete()
    assert transitions_scan() == {"found": 0, "reminded": 0}
    assert mail.outbox == []


def test_a_stage_recorded_since_replaces_the_foreseen_move(bba, year_nine):
    transitions_scan()
    services.record_stage(
        year_nine.child,
        by=bba,
        stage=Stage.UPPER_SECONDARY_ELSEWHERE,
        starts_on=D(2027, 8, 15),
        reason="Antagen till gymnasium i Västerås.",
    )
    assert transitions_scan() == {"found": 1, "reminded": 1}
    row = ComingTransition.objects.get()
    assert row.to_stage == Stage.UPPER_SECONDARY_ELSEWHERE
    assert row.responsible_kind_labels == [Agency.Kind.FOLLOW_UP.label]


def test_the_preschool_sees_who_starts_forskoleklass(client, school):
    preschool = AgencyFactory(name="Förskolan Solrosen", kind=Agency.Kind.PRESCHOOL)
    teacher = member(preschool, Membership.Role.BBA)
    case_of(preschool, D(2021, 10, 1), first_name="Elsa", last_name="Lind")
    transitions_scan()
    page = listed(client, teacher).content.decode()
    assert "Elsa Lind" in page
    assert "Förskoleklass–årskurs 9" in page
    assert "Grundskola (F–9)" in page


@pytest.mark.parametrize("who", ["other_bba", "reporter", "handler"])
def test_nobody_else_of_the_unit_or_another_sees_the_child(client, year_nine, who, request):
    """Another unit's BBA, a reporter and a handler the case is not delegated to see an empty
    list; the child is named nowhere."""
    transitions_scan()
    response = listed(client, request.getfixturevalue(who))
    assert response.status_code == 200
    assert "Alva Berg" not in response.content.decode()
    assert "Inga kommande övergångar att visa." in response.content.decode()


def test_the_handler_the_case_is_delegated_to_sees_it(client, bba, handler, year_nine):
    services.assign_handler(year_nine, handler, by=bba)
    transitions_scan()
    assert "Alva Berg" in listed(client, handler).content.decode()


def test_an_administrator_gets_404(client, administrator, year_nine):
    transitions_scan()
    assert listed(client, administrator).status_code == 404


def test_an_ended_membership_sees_nothing(client, bba, year_nine):
    transitions_scan()
    Membership.objects.filter(user=bba).update(ends_on=D(2027, 6, 19))
    assert listed(client, bba).status_code == 404


def test_each_child_listed_is_a_logged_read(client, bba, year_nine, year_seven):
    transitions_scan()
    listed(client, bba)
    logged = AccessLog.objects.filter(user=bba, path=reverse("cases:transitions"))
    assert [(entry.object_type, entry.child_id) for entry in logged] == [
        ("cases.comingtransition", year_nine.child_id)
    ]


def queries_of_the_page(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:transitions")).status_code == 200
    return len(queries)


def test_the_pages_queries_do_not_grow_with_the_rows(client, bba, school):
    case_of(school, D(2011, 1, 1))
    transitions_scan()
    one = queries_of_the_page(client, bba)
    for day in range(2, 12):
        case_of(school, D(2011, 1, day))
    transitions_scan()
    assert ComingTransition.objects.count() == 11
    assert queries_of_the_page(client, bba) == one


def test_the_start_page_shows_five_and_links_to_the_rest(client, bba, school):
    for day in range(1, 8):
        case_of(school, D(2011, 3, day), first_name=f"Barn{day}", last_name="Test")
    transitions_scan()
    client.force_login(bba)
    page = client.get(reverse("home")).content.decode()
    assert "Kommande övergångar" in page
    assert sum(f"Barn{day} Test" in page for day in range(1, 8)) == 5
    assert reverse("cases:transitions") in page


def test_the_start_page_of_someone_with_nothing_coming_has_no_such_section(
    client, other_bba, year_nine
):
    transitions_scan()
    client.force_login(other_bba)
    page = client.get(reverse("home")).content.decode()
    assert "transitions-start-heading" not in page


def test_the_case_page_shows_the_stage_and_the_coming_move(bba, year_nine):
    shown = render_panel("cases/_stage_panel.html", year_nine, bba)
    assert "Förskoleklass–årskurs 9" in shown
    assert "Grundskola (F–9)" in shown
    assert "2027-08-15: Gymnasiet i Sörmland. Ansvaret går då till Gymnasieskola." in shown
    assert "har inte ansvaret" not in shown


def test_the_case_page_warns_when_the_child_has_outgrown_the_unit(client, bba, school):
    case = case_of(school, D(2010, 5, 5), first_name="Vera", last_name="Holm")
    client.force_login(bba)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Gymnasiet i Sörmland" in page
    assert "Ärendets verksamhet har inte ansvaret som barnets bästa-ansvarig" in page
    assert stages.case_stage(case).unit_not_responsible


def record(client, user, case, **data):
    client.force_login(user)
    return client.post(reverse("cases:record_stage", args=[case.pk]), data)


def test_the_bba_records_upper_secondary_outside_sormland_and_the_scan_follows(
    client, bba, year_nine
):
    response = record(
        client,
        bba,
        year_nine,
        stage=Stage.UPPER_SECONDARY_ELSEWHERE,
        starts_on="2027-08-15",
        ends_on="",
        reason="Antagen till gymnasium i Västerås.",
    )
    assert response.status_code == 302
    recorded = year_nine.child.recorded_stages.get()
    assert recorded.history.get().history_user == bba
    transitions_scan()
    assert ComingTransition.objects.get().to_stage == Stage.UPPER_SECONDARY_ELSEWHERE
    page = client.get(reverse("cases:case_detail", args=[year_nine.pk])).content.decode()
    assert (
        "Gymnasiet utanför Sörmland. Ansvaret går då till Uppföljningsansvarig inom skolan i "
        "hemkommunen" in page
    )


def test_a_stage_ending_before_it_starts_is_refused_and_what_was_typed_stays(
    client, bba, year_nine
):
    response = record(
        client,
        bba,
        year_nine,
        stage=Stage.NOT_IN_SCHOOL,
        starts_on="2027-08-15",
        ends_on="2027-01-01",
        reason="Avbrott efter vårterminen.",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Slutdatumet kan inte vara före startdatumet." in page
    assert "Avbrott efter vårterminen." in page
    assert not year_nine.child.recorded_stages.exists()


@pytest.mark.parametrize("who", ["other_bba", "reporter", "handler", "administrator"])
def test_nobody_else_records_the_stage(client, year_nine, who, request):
    client.force_login(request.getfixturevalue(who))
    url = reverse("cases:record_stage", args=[year_nine.pk])
    assert client.get(url).status_code == 404
    data = {"stage": Stage.NOT_IN_SCHOOL, "starts_on": "2027-08-15", "reason": "x"}
    assert client.post(url, data).status_code == 404
    assert not year_nine.child.recorded_stages.exists()
