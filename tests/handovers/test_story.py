"""The whole way of a handover, through the pages: the preschool's BBA hands Alva over to the
school she will start at, the school's BBA finds it on the start page, reads the summary,
accepts it into a case of the school's own and continues the mapping from the wheel."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from apps.audit.models import AccessLog
from apps.cases.models import Case
from apps.handovers import services
from apps.handovers.models import Handover, HandoverGroupObjectPermission
from apps.wheel.models import Assessment
from tests.factories.cases import ConcernFactory
from tests.factories.consent import active_consent
from tests.factories.handovers import MESSAGE, form_data, hand_over
from tests.factories.wheel import form_data as mapping_data
from tests.handovers.conftest import CHILD_WORDS, HOME_NOTES

pytestmark = pytest.mark.django_db


def test_preschool_hands_over_and_the_school_accepts_and_continues_the_mapping(
    client, case, consent, pre_bba, school, bba, django_capture_on_commit_callbacks
):
    client.force_login(pre_bba)
    create = reverse("handovers:handover_create", args=[case.pk])
    assert "Inget annat ur ärendet lämnas över" in client.get(create).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create, form_data(school))
    assert response.status_code == 302
    assert response.url == reverse("cases:case_detail", args=[case.pk])
    handover = Handover.objects.get()
    assert (handover.case, handover.from_agency, handover.to_agency, handover.status) == (
        case,
        case.agency,
        school,
        Handover.Status.SENT,
    )
    # Frozen when sent: the wheel, the child's words and the guardians as they stood.
    assert handover.summary["wheel"]["assessed_on"] == "2025-09-15"
    assert [w["text"] for w in handover.summary["child_words"]] == [
        CHILD_WORDS,
        "Jag tycker om min klass men jag sover dåligt.",
    ]
    assert {c["name"] for c in handover.summary["contacts"]} == {"Lena Berg", "Omar Berg"}
    assert "actions" not in handover.summary and "plan" not in handover.summary  # no SIP

    # The school's BBAs are told, without any child data.
    [message] = mail.outbox
    assert message.to == [bba.email]
    assert "Alva" not in message.body and reverse("handovers:incoming") in message.body

    client.force_login(bba)
    home = client.get(reverse("home")).content.decode()
    assert "Överlämningar att ta emot" in home and "Alva Berg" in home
    inbox = client.get(reverse("handovers:incoming"))
    assert list(inbox.context["handovers"]) == [handover]

    page = client.get(handover.get_absolute_url()).content.decode()
    for shown in (MESSAGE, CHILD_WORDS, HOME_NOTES, "Lena Berg", "Solrosens förskola", "Viss oro"):
        assert shown in page
    # Nothing else of the sending case: not the concern's observation, not the case itself.
    assert "frånvarande och verkar orolig" not in page
    for denied in (
        reverse("cases:case_detail", args=[case.pk]),
        reverse("wheel:assessment_detail", args=[case.assessments.get().pk]),
        reverse("cases:concern_detail", args=[case.concerns.get().pk]),
        reverse("consent:consent_detail", args=[consent.pk]),
        reverse("handovers:handover_create", args=[case.pk]),
    ):
        assert client.get(denied).status_code == 404, denied
    reads = AccessLog.objects.filter(user=bba, object_type="handovers.handover")
    assert {(log.child_id, log.owner_agency_id, log.path) for log in reads} == {
        (case.child_id, case.agency_id, reverse("home")),
        (case.child_id, case.agency_id, reverse("handovers:incoming")),
        (case.child_id, case.agency_id, handover.get_absolute_url()),
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("handovers:accept", args=[handover.pk]))
    handover.refresh_from_db()
    own = handover.receiving_case
    assert response.url == reverse("cases:case_detail", args=[own.pk])
    assert (handover.status, handover.decided_by) == (Handover.Status.ACCEPTED, bba)
    assert (own.agency, own.child.agency, own.bba) == (school, school, bba)
    assert own.child != case.child
    assert own.child.personal_number == case.child.personal_number
    assert mail.outbox[-1].to == [pre_bba.email]

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.closing_reason == "Överlämnat till Ekbackens skola"

    # Both chronologies tell it, with what was shared.
    own_page = client.get(reverse("cases:case_detail", args=[own.pk])).content.decode()
    assert "Ärendet öppnades genom en överlämning från Solrosens förskola" in own_page
    assert "Delat: Den senaste kartläggningen med hjulet" in own_page
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    # The summary stays readable to the school, whatever becomes of the consent now.
    assert client.get(handover.get_absolute_url()).status_code == 200

    mapping = reverse("handovers:continue_mapping", args=[handover.pk])
    form = client.get(mapping).context["form"]
    home_form = next(f for f in form.areas if f.area == "home")
    assert home_form.initial == {
        "rating": "some_concern",
        "notes": HOME_NOTES,
        "strengths": "",
        "risks": "",
    }
    assert form.main.initial["summary"] == "Oro för hemmet."
    response = client.post(mapping, mapping_data({"home": "some_concern"}))
    assessment = Assessment.objects.get(case=own)
    assert response.url == assessment.get_absolute_url()
    assert assessment.created_by == bba

    client.force_login(pre_bba)
    school_page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Avslutat" in school_page and "Överlämnat till Ekbackens skola" in school_page
    assert "Överlämningen togs emot av Ekbackens skola" in school_page
    assert client.get(handover.get_absolute_url()).status_code == 200
    assert client.get(reverse("cases:case_detail", args=[own.pk])).status_code == 404
    assert client.get(mapping).status_code == 404


def test_declined_handover_leaves_the_case_with_the_sender(
    client, handover, case, pre_bba, bba, django_capture_on_commit_callbacks
):
    client.force_login(bba)
    decline = reverse("handovers:decline", args=[handover.pk])
    response = client.post(decline, {"reason": "  "})
    assert response.status_code == 200
    assert "Skriv varför överlämningen avböjs." in response.content.decode()
    handover.refresh_from_db()
    assert handover.status == Handover.Status.SENT

    reason = "Alva ska börja på Brunnsbergs skola, inte hos oss."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decline, {"reason": reason})
    assert response.url == reverse("handovers:incoming")
    handover.refresh_from_db()
    assert (handover.status, handover.decline_reason, handover.receiving_case) == (
        Handover.Status.DECLINED,
        reason,
        None,
    )
    assert client.get(handover.get_absolute_url()).status_code == 404
    assert mail.outbox[-1].to == [pre_bba.email]

    case.refresh_from_db()
    assert case.status != Case.Status.CLOSED
    client.force_login(pre_bba)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Överlämningen avböjdes av Ekbackens skola" in page and reason in page
    # Declined, the case may be handed over again.
    assert "Lämna över ärendet" in page


def test_sender_withdraws_a_handover_nobody_has_answered(client, handover, case, pre_bba, bba):
    client.force_login(pre_bba)
    response = client.post(reverse("handovers:withdraw", args=[handover.pk]))
    assert response.url == reverse("cases:case_detail", args=[case.pk])
    handover.refresh_from_db()
    assert handover.status == Handover.Status.WITHDRAWN
    client.force_login(bba)
    assert client.get(handover.get_absolute_url()).status_code == 404


def test_every_step_is_in_the_history(handover, case, bba):
    services.accept_handover(handover, by=bba)
    history = handover.history.order_by("history_date")
    assert [(h.status, h.history_user) for h in history] == [
        (Handover.Status.SENT, case.bba),
        (Handover.Status.ACCEPTED, bba),
    ]
    grants = HandoverGroupObjectPermission.history.filter(content_object_id=handover.pk)
    # Shared under the consent (view, decide), ended on acceptance, then kept for good.
    assert grants.filter(history_type="+").count() == 3
    assert grants.filter(history_type="-").count() == 2
    closing = case.history.filter(status=Case.Status.CLOSED).get()
    assert (closing.history_user, closing.closing_reason) == (
        bba,
        "Överlämnat till Ekbackens skola",
    )


def test_start_page_shows_five_and_links_to_the_paged_list(
    client, preschool, pre_bba, pre_reporter, school, bba
):
    for _ in range(7):
        case = ConcernFactory(case__child__agency=preschool, reported_by=pre_reporter).case
        active_consent(case, [school], ["handover"], by=pre_bba)
        hand_over(case, pre_bba, school)
    client.force_login(bba)
    page = client.get(reverse("home")).content.decode()
    assert len(re.findall(r'href="/overlamningar/\d+/"', page)) == 5
    assert reverse("handovers:incoming") in page
    assert len(client.get(reverse("handovers:incoming")).context["handovers"]) == 7
