"""The coordinator finds what is theirs to do on the start page, even from another agency."""

import pytest
from django.urls import reverse

from apps.agencies.services import ACTING_AGENCY_SESSION_KEY
from apps.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def start_page(client, user, agency):
    client.force_login(user)
    session = client.session
    session[ACTING_AGENCY_SESSION_KEY] = agency.pk
    session.save()
    return client.get(reverse("home")).content.decode()


def test_coordinator_from_another_agency_is_asked_to_write_the_plan(
    client, meeting, clinician, bup
):
    page = start_page(client, clinician, bup)
    assert reverse("sip:plan_create", args=[meeting.pk]) in page
    assert "Skriv SIP för Alva Berg" in page


def test_the_written_plan_is_listed_for_its_coordinator(client, plan, clinician, bup):
    page = start_page(client, clinician, bup)
    assert reverse("sip:plan_detail", args=[plan.pk]) in page
    assert reverse("sip:plan_create", args=[plan.meeting.pk]) not in page


def test_others_see_neither(client, meeting, social_worker, social_services):
    page = start_page(client, social_worker, social_services)
    assert reverse("sip:plan_create", args=[meeting.pk]) not in page
    assert "Du är samordningsperson" not in page


def test_each_child_the_start_page_names_is_a_logged_read(client, meeting, clinician, bup, case):
    """The start page names children (a plan to write for Alva Berg): a read of each, owned by
    the case's agency, though the coordinator acts for another."""
    start_page(client, clinician, bup)
    logged = AccessLog.objects.filter(user=clinician, path=reverse("home"))
    assert [(e.object_type, e.child_id, e.agency_id, e.owner_agency_id) for e in logged] == [
        ("meetings.meeting", case.child_id, bup.pk, case.agency_id)
    ]


ACTIONS_HEADING = "Planer där du ansvarar för insatser"


def test_someone_responsible_for_an_action_of_another_agency_is_led_to_the_plan(
    client, written, social_worker, social_services
):
    """Naming a person responsible for an action shares the plan with them (policy's
    ``named`` grant): the start page and "Mina planer" are their way to it."""
    plan = written.plan
    page = start_page(client, social_worker, social_services)
    assert ACTIONS_HEADING in page
    assert reverse("sip:plan_detail", args=[plan.pk]) in page
    assert "SIP för Alva Berg" in page
    assert client.get(reverse("sip:plan_detail", args=[plan.pk])).status_code == 200

    mine = client.get(reverse("sip:my_plans")).content.decode()
    assert reverse("sip:plan_detail", args=[plan.pk]) in mine
    assert "Ansvarig för insatser" in mine
    assert AccessLog.objects.filter(
        user=social_worker, path=reverse("sip:my_plans"), object_type="sip.plan"
    ).exists()


def test_staff_without_the_case_find_the_plan_of_their_action(client, written, teacher, school):
    page = start_page(client, teacher, school)
    assert reverse("sip:plan_detail", args=[written.plan.pk]) in page
    assert client.get(reverse("sip:plan_detail", args=[written.plan.pk])).status_code == 200


def test_a_colleague_not_named_finds_nothing(client, written, other_social_worker, social_services):
    page = start_page(client, other_social_worker, social_services)
    assert ACTIONS_HEADING not in page and "Alva Berg" not in page
    assert "Alva Berg" not in client.get(reverse("sip:my_plans")).content.decode()
    assert client.get(reverse("sip:plan_detail", args=[written.plan.pk])).status_code == 404


def test_the_coordinator_sees_their_role_in_my_plans(client, plan, clinician, bup):
    start_page(client, clinician, bup)
    mine = client.get(reverse("sip:my_plans")).content.decode()
    assert reverse("sip:plan_detail", args=[plan.pk]) in mine
    assert "<td>Samordningsperson</td>" in mine
