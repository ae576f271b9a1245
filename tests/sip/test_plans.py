"""The story through the pages: the BUP clinician appointed coordinator at the school's meeting
writes the plan with actions for the school, social services and BUP, the parties agree, each
person named sees the plan, and the case goes on to follow-up. Then the case is closed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AccessLog
from apps.cases.models import Case
from apps.consent.models import Share
from apps.sip import selectors, services
from apps.sip.models import Plan, PlanVersion
from tests.factories.agencies import member
from tests.factories.consent import active_consent
from tests.factories.sip import (
    BUP_ACTION,
    MOTHER_ACTION,
    SCHOOL_ACTION,
    SOCIAL_ACTION,
    agency_action,
    appointed_meeting,
    complete_fields,
    edit_data,
    story_actions,
)

pytestmark = pytest.mark.django_db


def plan_url(plan):
    return reverse("sip:plan_detail", args=[plan.pk])


def test_the_coordinator_writes_and_agrees_the_plan_and_everyone_named_sees_it(
    client, case, meeting, school, bba, teacher, social_services, social_worker, bup,
    clinician,
):  # fmt: skip
    client.force_login(clinician)
    # The coordinator works at BUP and never sees the school's case, only the meeting.
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    create = reverse("sip:plan_create", args=[meeting.pk])
    page = client.get(create)
    assert "Samordningsperson är Jonas Ahmadi, BUP Nyköping." in page.content.decode()

    assert list(selectors.my_meetings_awaiting_plan(clinician)) == [meeting]

    response = client.post(create)

    plan = Plan.objects.get()
    assert response["Location"] == plan_url(plan)
    assert list(selectors.my_meetings_awaiting_plan(clinician)) == []
    assert list(selectors.my_plans(clinician)) == [plan]
    assert (plan.coordinator, plan.coordinator_agency, plan.meeting) == (clinician, bup, meeting)
    draft = plan.versions.get()
    assert (draft.number, draft.status) == (1, PlanVersion.Status.DRAFT)
    page = client.get(plan_url(plan)).content.decode()
    assert "Det här saknas innan planen kan bli överenskommen" in page
    assert "Barnets behov saknas." in page

    edit = reverse("sip:version_edit", args=[draft.pk])
    assert client.get(edit).status_code == 200
    actions = story_actions(school, teacher, social_services, social_worker, bup, clinician)
    response = client.post(
        edit,
        edit_data(
            draft,
            complete_fields(social_services),
            actions,
            [(bba, school), (social_worker, social_services), (clinician, bup)],
        ),
    )
    assert response.status_code == 302, response.context["form"].error_items()
    page = client.get(plan_url(plan)).content.decode()
    assert "Inget saknas. Planen kan bli överenskommen." in page

    agree = reverse("sip:version_agree", args=[draft.pk])
    response = client.post(agree, {"agreed_parties": "Alva, mamma och alla tre.", "revision": 2})

    assert response["Location"] == plan_url(plan)
    draft.refresh_from_db()
    assert (draft.status, draft.agreed_by) == (PlanVersion.Status.AGREED, clinician)
    case.refresh_from_db()
    assert case.status == Case.Status.FOLLOW_UP
    # Each agency's named person sees the plan: the teacher and the BBA directly (the
    # school owns the case), the social worker under the consent for SIP.
    for person in (teacher, bba, social_worker, clinician):
        client.force_login(person)
        page = client.get(plan_url(plan)).content.decode()
        for text in (SCHOOL_ACTION, SOCIAL_ACTION, BUP_ACTION, MOTHER_ACTION, "Alva Berg"):
            assert text in page, (person, text)
        assert "Jonas Ahmadi" in page
    assert {(s.agency, s.perm) for s in Share.objects.filter(object_id=plan.pk)} >= {
        (social_services, "sip.view_plan"),
        (social_services, "sip.print_plan"),
        (bup, "sip.change_plan"),
    }
    assert AccessLog.objects.filter(
        user=social_worker, object_type="sip.plan", object_id=str(plan.pk)
    ).exists()


def test_the_participants_of_the_meeting_are_shown_with_who_came(
    client, plan, bba, social_worker, clinician
):
    client.force_login(bba)

    participants = client.get(plan_url(plan)).context["participants"]

    assert {(p.user, p.attended) for p in participants} == {
        (bba, True),
        (social_worker, True),
        (clinician, True),
    }


def test_without_consent_for_sip_the_coordinator_of_another_agency_gets_no_plan(
    client, case, bba, bup, clinician
):
    active_consent(case, [bup], ["meeting"])
    meeting = appointed_meeting(case, bba, clinician, bup)
    client.force_login(clinician)

    response = client.post(reverse("sip:plan_create", args=[meeting.pk]))

    assert response.status_code == 200
    assert "Det finns inget gällande samtycke som omfattar BUP Nyköping" in (
        response.content.decode()
    )
    assert not Plan.objects.exists()


def test_a_coordinator_of_the_own_agency_is_let_in_directly(client, case, bba, teacher, school):
    meeting = appointed_meeting(case, bba, teacher, school)
    client.force_login(bba)

    client.post(reverse("sip:plan_create", args=[meeting.pk]))

    plan = Plan.objects.get()
    assert plan.coordinator == teacher
    assert not Share.objects.exists()
    assert selectors.may_change_plan(teacher, plan)
    assert list(selectors.my_plans(teacher)) == [plan]


def test_only_after_a_coordinator_is_appointed_and_only_once(client, case, bba, meeting):
    client.force_login(bba)
    create = reverse("sip:plan_create", args=[meeting.pk])
    client.post(create)

    response = client.post(create)

    assert "Det finns redan en plan från det här mötet." in response.content.decode()
    assert Plan.objects.count() == 1


def test_the_case_page_offers_to_write_the_plan_and_then_shows_it(client, case, bba, meeting):
    client.force_login(bba)
    case_url = reverse("cases:case_detail", args=[case.pk])
    create = reverse("sip:plan_create", args=[meeting.pk])

    page = client.get(case_url).content.decode()
    assert "Skriv SIP" in page and create in page

    client.post(create)

    page = client.get(case_url).content.decode()
    plan = Plan.objects.get()
    assert create not in page
    assert plan_url(plan) in page
    assert "Samordnad individuell plan (SIP) påbörjad" in page


def test_naming_someone_without_consent_refuses_the_save_and_keeps_the_input(
    client, case, bba, bup_consent, clinician, bup, other_school
):
    """Brunnsbergs skola came to the meeting under a consent for meetings, not for SIP."""
    active_consent(case, [other_school], ["meeting"])
    outsider = member(other_school, full_name="Lisa Holm")
    meeting = appointed_meeting(case, bba, clinician, bup, [(outsider, other_school)])
    draft = services.create_plan(meeting, by=clinician).versions.get()
    fields = complete_fields(bup, child_needs="Alva behöver en trygg skolväg.")
    actions = [agency_action("Läxhjälp på Brunnsberg.", other_school, outsider)]
    client.force_login(clinician)
    edit = reverse("sip:version_edit", args=[draft.pk])
    assert "Brunnsbergs skola (samtycke för SIP saknas)" in client.get(edit).content.decode()

    response = client.post(edit, edit_data(draft, fields, actions, [(outsider, other_school)]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Det finns inget gällande samtycke som omfattar Brunnsbergs skola" in page
    assert "Alva behöver en trygg skolväg." in page and "Läxhjälp på Brunnsberg." in page
    draft.refresh_from_db()
    assert (draft.child_needs, draft.revision, draft.actions.count()) == ("", 1, 0)
    assert not selectors.viewable_plans(outsider).exists()


def test_the_coordinator_closes_the_case_and_the_plan_stays_readable(
    client, agreed, case, clinician, social_worker, teacher
):
    plan = agreed.plan
    client.force_login(clinician)
    close = reverse("sip:close_case", args=[plan.pk])

    rejected = client.post(close, {"ground": "goals_met", "details": ""})
    assert "Skriv kort varför ärendet avslutas." in rejected.content.decode()
    response = client.post(close, {"ground": "goals_met", "details": "Alva går i skolan."})

    assert response["Location"] == plan_url(plan)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.closing_reason == "Målen är nådda: Alva går i skolan."
    assert case.history.latest().history_user == clinician
    for person in (clinician, social_worker, teacher):
        client.force_login(person)
        assert client.get(plan_url(plan)).status_code == 200
        page = client.get(reverse("sip:version_detail", args=[agreed.pk])).content.decode()
        assert "Målen är nådda: Alva går i skolan." in page
    client.force_login(clinician)
    page = client.get(plan_url(plan)).content.decode()
    assert reverse("sip:follow_up_create", args=[agreed.pk]) not in page
    assert close not in page


def test_the_plan_page_reads_no_coordinator_changes_of_a_plan_that_has_none(
    client, plan, clinician
):
    """Only a handover accepted changes the coordinator: whether a plan has any change is
    asked with the plan, and the changes are read only of a plan that has some."""
    client.force_login(clinician)
    url = reverse("sip:plan_detail", args=[plan.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries if q["sql"].startswith('SELECT "sip_coordinatorchange"')]
