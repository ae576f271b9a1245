"""The whole way of a referral, through the pages: the school's BBA sends it under consent,
social services finds it in their inbox and accepts it in a case of their own."""

import pytest
from django.core import mail
from django.urls import reverse

from apps.audit.models import AccessLog
from apps.cases.models import Case
from apps.referrals.models import Referral
from tests.factories.referrals import QUESTION, SUMMARY, form_data

pytestmark = pytest.mark.django_db


def test_bba_sends_and_social_services_accepts_in_a_case_of_their_own(
    client,
    case,
    consent,
    bba,
    social_services,
    social_worker,
    social_bba,
    django_capture_on_commit_callbacks,
):
    client.force_login(bba)
    create = reverse("referrals:referral_create", args=[case.pk])
    page = client.get(create).content.decode()
    assert "Inget annat ur ärendet skickas" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create, form_data(social_services))
    assert response.status_code == 302
    assert response.url == reverse("cases:case_detail", args=[case.pk])
    referral = Referral.objects.get()
    assert (referral.case, referral.from_agency, referral.to_agency) == (
        case,
        case.agency,
        social_services,
    )
    assert (referral.status, referral.sent_by) == (Referral.Status.SENT, bba)

    # The receiving unit's BBAs and handlers are told, without any child data.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([social_worker.email, social_bba.email])
    for message in mail.outbox:
        assert "Alva" not in message.body and "Berg" not in message.body
        assert reverse("referrals:incoming") in message.body

    client.force_login(social_worker)
    inbox = client.get(reverse("referrals:incoming"))
    assert list(inbox.context["referrals"]) == [referral]
    assert "Alva Berg" in inbox.content.decode()

    detail = client.get(referral.get_absolute_url())
    assert detail.status_code == 200
    page = detail.content.decode()
    for shown in ("Alva Berg", case.child.identity_number, QUESTION, SUMMARY, "Ekbackens skola"):
        assert shown in page
    assert "Tomas Ekström" in page  # the sender, to contact
    # Nothing else of the sender's case crosses: not the concern, not the guardians.
    assert "frånvarande och verkar orolig" not in page
    assert "Lena Berg" not in page
    logs = AccessLog.objects.filter(user=social_worker, object_type="referrals.referral")
    assert {(log.child_id, log.path) for log in logs} == {
        (case.child_id, reverse("referrals:incoming")),
        (case.child_id, reverse("referrals:referral_detail", args=[referral.pk])),
    }

    response = client.post(reverse("referrals:accept", args=[referral.pk]))
    referral.refresh_from_db()
    own_case = referral.receiving_case
    assert response.status_code == 302
    assert response.url == reverse("cases:case_detail", args=[own_case.pk])
    assert referral.status == Referral.Status.ACCEPTED
    assert (referral.decided_by, own_case.agency, own_case.child.agency) == (
        social_worker,
        social_services,
        social_services,
    )
    assert own_case.child != case.child
    assert own_case.child.personal_number == case.child.personal_number
    assert own_case.handler == social_worker
    assert sorted(own_case.child.guardians.values_list("name", flat=True)) == [
        "Lena Berg",
        "Omar Berg",
    ]
    assert Case.objects.count() == 2

    # The new case is the receiving unit's: its BBA sees it, the school's BBA does not.
    own_page = client.get(reverse("cases:case_detail", args=[own_case.pk])).content.decode()
    assert "Från remiss: Ekbackens skola" in own_page
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404

    client.force_login(social_bba)
    assert client.get(reverse("cases:case_detail", args=[own_case.pk])).status_code == 200

    client.force_login(bba)
    assert client.get(reverse("cases:case_detail", args=[own_case.pk])).status_code == 404
    school_page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Mottagen" in school_page
    assert "Remissen togs emot av Socialtjänsten Nyköping" in school_page


def test_declined_referral_shows_the_reason_on_the_senders_case(
    client, referral, bba, social_worker, django_capture_on_commit_callbacks
):
    reason = "Familjen är redan aktuell hos oss; kontakta mottagningsgruppen direkt."
    client.force_login(social_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("referrals:decline", args=[referral.pk]), {"reason": reason})

    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason, referral.decided_by) == (
        Referral.Status.DECLINED,
        reason,
        social_worker,
    )
    assert referral.receiving_case is None
    [message] = mail.outbox
    assert message.to == [bba.email]
    assert "avböjt" in message.body
    assert "Alva" not in message.body and reason not in message.body

    client.force_login(bba)
    page = client.get(reverse("cases:case_detail", args=[referral.case_id])).content.decode()
    assert "Avböjd" in page
    assert "Familjen är redan aktuell hos oss" in page


def test_decline_without_reason_is_refused_and_keeps_the_form(client, referral, social_worker):
    client.force_login(social_worker)
    response = client.post(reverse("referrals:decline", args=[referral.pk]), {"reason": "  "})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Något behöver rättas" in page
    assert "Skriv varför remissen avböjs." in page
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT


def test_sender_withdraws_and_the_receiver_loses_it_at_once(client, referral, bba, social_worker):
    client.force_login(bba)
    response = client.post(reverse("referrals:withdraw", args=[referral.pk]))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.decided_by) == (Referral.Status.WITHDRAWN, bba)
    page = client.get(reverse("cases:case_detail", args=[referral.case_id])).content.decode()
    assert "Återkallad" in page

    client.force_login(social_worker)
    assert client.get(referral.get_absolute_url()).status_code == 404
    assert list(client.get(reverse("referrals:incoming")).context["referrals"]) == []
