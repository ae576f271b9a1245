"""The coordinator of the child's SIP, who may work in another unit and holds the plan, not
the case, hands the case over (issue 12: "the BBA, or the coordinator for a child with a
SIP"); and at acceptance the coordinator role passes on or is re-appointed, the child asked
first.

The story: Alva's preschool case has a SIP coordinated by a BUP clinician, with social
services named in it. She starts at Ekbackens skola (BBA Tomas Ekström)."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.agencies import policy
from apps.agencies.models import Membership
from apps.analysis.models import Analysis
from apps.cases.models import Case
from apps.handovers import services
from apps.handovers.models import Handover
from apps.sip import services as sip_services
from apps.sip.models import CoordinatorChange
from tests.factories.agencies import member
from tests.factories.analysis import AnalysisFactory
from tests.factories.consent import active_consent
from tests.factories.handovers import EVERY_PART, form_data, hand_over
from tests.factories.sip import agency_action, appointed_meeting, contact, write
from tests.handovers.conftest import CHILD_WORDS, HOME_NOTES

pytestmark = pytest.mark.django_db

PLAN_WORDS = "Jag vill att Lisa på BUP fortsätter prata med mig."
WISH = "Alva vill fortsätta prata med Lisa på BUP."


@pytest.fixture
def plan(case, pre_bba, bup, clinician, social_services, social_worker):
    AnalysisFactory(
        case=case,
        decided_by=pre_bba,
        decision=Analysis.Decision.COLLABORATION,
        decision_details="BUP behövs kring Alvas sömn.",
        collaboration_kinds=["bup", "social_services"],
    )
    active_consent(case, [bup, social_services], ["meeting", "sip"], by=pre_bba)
    meeting = appointed_meeting(case, pre_bba, clinician, bup, [(social_worker, social_services)])
    plan = sip_services.create_plan(meeting, by=clinician)
    write(
        plan.versions.get(),
        clinician,
        actions=[
            agency_action("Samtal på BUP.", bup, clinician, status="ongoing"),
            agency_action("Klart sedan i våras.", bup, clinician, status="done"),
            agency_action("Familjestöd.", social_services, social_worker),
        ],
        contacts=[contact(clinician, bup), contact(social_worker, social_services)],
        child_view=PLAN_WORDS,
    )
    return plan


@pytest.fixture
def school_handler(school):
    return member(school, Membership.Role.HANDLER, full_name="Karin Kurator")


def test_the_coordinator_of_another_agency_hands_over_from_the_plan_page(
    client, case, plan, consent, clinician, school, pre_bba, bba
):
    client.force_login(clinician)
    create = reverse("handovers:handover_create", args=[case.pk])
    plan_page = client.get(reverse("sip:plan_detail", args=[plan.pk])).content.decode()
    assert create in plan_page

    form = client.get(create).content.decode()
    assert "Pågående och planerade insatser i barnets SIP" in form
    # The wheel is not theirs to read: it is not offered.
    assert "Den senaste kartläggningen med hjulet" not in form
    assert f'href="{reverse("cases:case_detail", args=[case.pk])}"' not in form

    refused = client.post(create, form_data(school))
    assert refused.status_code == 200
    assert not Handover.objects.exists()

    parts = ["actions", "child_words", "contacts"]
    response = client.post(create, form_data(school, parts=parts))
    handover = Handover.objects.get()
    assert response.url == handover.get_absolute_url()
    assert (handover.case, handover.from_agency, handover.sent_by) == (case, case.agency, clinician)

    # The coordinator follows it on the plan page; the case's own unit in the chronology.
    assert client.get(handover.get_absolute_url()).status_code == 200
    plan_page = client.get(reverse("sip:plan_detail", args=[plan.pk])).content.decode()
    assert "Överlämning skickad till Ekbackens skola" in plan_page
    assert create not in plan_page  # one handover at a time
    client.force_login(pre_bba)
    case_page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Överlämning skickad till Ekbackens skola" in case_page
    assert policy.handovers.may(bba, policy.DECIDE, handover)


def test_the_summary_holds_nothing_the_coordinator_could_not_read(
    case, plan, consent, clinician, social_worker, school, pre_bba
):
    """Every part asked for (as a forged post would): only the plan's parts cross."""
    handover = hand_over(case, clinician, school, parts=EVERY_PART)
    summary = handover.summary
    assert handover.parts == ["actions", "child_words", "contacts"]
    assert "wheel" not in summary
    assert "contacts" not in summary  # the guardians are the case's, not the plan's
    assert [a["what"] for a in summary["actions"]] == ["Samtal på BUP.", "Familjestöd."]
    assert {c["name"] for c in summary["plan_contacts"]} == {
        clinician.full_name,
        social_worker.full_name,
    }
    assert [(w["source"], w["text"]) for w in summary["child_words"]] == [("plan", PLAN_WORDS)]
    frozen = json.dumps(summary, ensure_ascii=False)
    assert CHILD_WORDS not in frozen and HOME_NOTES not in frozen
    for guardian in case.child.guardians.all():
        assert guardian.name not in frozen

    # The case's own BBA, who reads it all, hands the whole of it over.
    services.withdraw_handover(handover, by=clinician)
    whole = hand_over(case, pre_bba, school).summary
    assert {"wheel", "contacts", "plan_contacts"} <= set(whole)
    assert CHILD_WORDS in json.dumps(whole, ensure_ascii=False)


def test_the_coordinator_withdraws_what_they_sent(client, case, plan, consent, clinician, school):
    handover = hand_over(case, clinician, school, parts=["actions"])
    client.force_login(clinician)
    response = client.post(reverse("handovers:withdraw", args=[handover.pk]))
    assert response.url == handover.get_absolute_url()
    handover.refresh_from_db()
    assert handover.status == Handover.Status.WITHDRAWN


def test_others_named_in_the_plan_may_not_hand_over(
    client, case, plan, consent, social_worker, school
):
    client.force_login(social_worker)
    create = reverse("handovers:handover_create", args=[case.pk])
    assert client.get(reverse("sip:plan_detail", args=[plan.pk])).status_code == 200
    assert create not in client.get(reverse("sip:plan_detail", args=[plan.pk])).content.decode()
    assert client.get(create).status_code == 404
    assert client.post(create, form_data(school, parts=["actions"])).status_code == 404
    with pytest.raises(PermissionDenied):
        hand_over(case, social_worker, school, parts=["actions"])
    assert not Handover.objects.exists()


def test_a_replaced_coordinator_may_no_longer_hand_over(
    client, case, plan, consent, pre_bba, clinician, social_services, social_worker, school
):
    sip_services.change_coordinator(
        plan,
        by=pre_bba,
        child_wish="Alva vill hellre prata med Per på socialtjänsten.",
        child_wished=social_worker,
        coordinator=social_worker,
        coordinator_agency=social_services,
    )
    plan.refresh_from_db()
    assert plan.coordinator == social_worker
    assert policy.plans.may(clinician, policy.VIEW, plan)
    assert not policy.plans.may(clinician, policy.CHANGE, plan)

    client.force_login(clinician)
    create = reverse("handovers:handover_create", args=[case.pk])
    assert client.get(create).status_code == 404
    with pytest.raises(PermissionDenied):
        hand_over(case, clinician, school, parts=["actions"])
    client.force_login(social_worker)
    assert client.get(create).status_code == 200


# At acceptance: the coordinator role passes on or is re-appointed.


def accept(client, user, handover, **data):
    client.force_login(user)
    return client.post(reverse("handovers:accept", args=[handover.pk]), data)


def test_the_receiver_asks_the_child_and_the_coordinator_passes_on(
    client, case, plan, consent, pre_bba, bba, clinician, school
):
    handover = hand_over(case, pre_bba, school)
    client.force_login(bba)
    page = client.get(handover.get_absolute_url()).content.decode()
    assert "Vem önskar barnet som samordningsperson?" in page

    response = accept(
        client, bba, handover, child_wish=WISH, child_wished="current", coordinator="current"
    )
    handover.refresh_from_db()
    assert response.url == reverse("cases:case_detail", args=[handover.receiving_case_id])
    change = CoordinatorChange.objects.get()
    assert (change.child_wish, change.child_wished, change.coordinator) == (
        WISH,
        clinician,
        clinician,
    )
    assert change.kept and change.history.get().history_user == bba
    plan.refresh_from_db()
    assert plan.coordinator == clinician
    assert policy.plans.may(clinician, policy.CHANGE, plan)
    # The plan came with the child: the receiving unit holds it.
    assert policy.plans.may(bba, policy.VIEW, plan)
    own = client.get(reverse("cases:case_detail", args=[handover.receiving_case_id]))
    assert reverse("sip:plan_detail", args=[plan.pk]) in own.content.decode()
    assert client.get(reverse("sip:plan_detail", args=[plan.pk])).status_code == 200


def test_the_receiver_appoints_one_of_its_own_as_coordinator(
    client, case, plan, consent, pre_bba, bba, clinician, school, school_handler
):
    handover = hand_over(case, pre_bba, school)
    response = accept(
        client,
        bba,
        handover,
        child_wish="Alva vill prata med Karin, kuratorn på nya skolan.",
        child_wished=str(school_handler.pk),
        coordinator=str(school_handler.pk),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.coordinator, plan.coordinator_agency) == (school_handler, school)
    assert plan.history.first().history_user == bba
    change = CoordinatorChange.objects.get()
    assert not change.kept and change.previous_coordinator == clinician
    assert policy.plans.may(school_handler, policy.CHANGE, plan)
    # The one replaced keeps reading the plan they coordinated, and changes it no more.
    assert policy.plans.may(clinician, policy.VIEW, plan)
    assert not policy.plans.may(clinician, policy.CHANGE, plan)
    client.force_login(school_handler)
    plan_page = client.get(reverse("sip:plan_detail", args=[plan.pk])).content.decode()
    assert "Karin Kurator (Ekbackens skola) tog över som samordningsperson efter" in plan_page
    # The sending case's chronology tells its people who coordinates now.
    client.force_login(pre_bba)
    sending = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Ny samordningsperson för SIP: Karin Kurator (Ekbackens skola)" in sending


def assert_nothing_changed(case, handover, plan, clinician):
    handover.refresh_from_db()
    plan.refresh_from_db()
    assert handover.status == Handover.Status.SENT
    assert not Case.objects.get(pk=case.pk).is_closed
    assert plan.coordinator == clinician
    assert not CoordinatorChange.objects.exists()


def test_without_the_childs_wish_nothing_changes_and_what_was_typed_stays(
    client, case, plan, consent, pre_bba, bba, clinician, school
):
    handover = hand_over(case, pre_bba, school)
    response = accept(
        client,
        bba,
        handover,
        child_wish="",
        child_wished="",
        coordinator="current",
        special_reason="Lisa känner familjen sedan länge.",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fråga barnet först och skriv vem barnet önskar vända sig till." in page
    assert "Lisa känner familjen sedan länge." in page
    assert_nothing_changed(case, handover, plan, clinician)


def test_a_coordinator_outside_the_receiving_unit_is_refused(
    client, case, plan, consent, pre_bba, bba, clinician, school, social_worker
):
    handover = hand_over(case, pre_bba, school)
    response = accept(
        client,
        bba,
        handover,
        child_wish=WISH,
        child_wished="",
        coordinator=str(social_worker.pk),
        special_reason="Per känner familjen.",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Den du valde arbetar inte på er verksamhet." in page
    assert WISH in page
    assert_nothing_changed(case, handover, plan, clinician)

    # Past the form too: the service refuses someone who does not work at the unit.
    with pytest.raises(services.HandoverError, match="arbetar inte på Ekbackens skola"):
        services.accept_handover(
            handover,
            by=bba,
            coordinator=services.CoordinatorChoice(WISH, None, social_worker, "Skäl."),
        )
    assert_nothing_changed(case, handover, plan, clinician)


def test_another_choice_than_the_childs_wish_needs_special_reasons(
    client, case, plan, consent, pre_bba, bba, clinician, school, school_handler
):
    handover = hand_over(case, pre_bba, school)
    response = accept(
        client,
        bba,
        handover,
        child_wish=WISH,
        child_wished="current",
        coordinator=str(school_handler.pk),
    )
    assert response.status_code == 200
    assert "Samordningspersonen är inte den som barnet önskade." in response.content.decode()
    assert_nothing_changed(case, handover, plan, clinician)


def test_accepting_a_child_with_a_sip_without_asking_is_refused(
    case, plan, consent, pre_bba, bba, clinician, school
):
    handover = hand_over(case, pre_bba, school)
    with pytest.raises(services.HandoverError, match="Fråga barnet först"):
        services.accept_handover(handover, by=bba)
    assert_nothing_changed(case, handover, plan, clinician)
