"""The whole story through the pages: the school's BBA calls social services and BUP to a
meeting under consent, they see the meeting and nothing else of the case, the minutes are
written, a coordinator is appointed, and withdrawing BUP's consent shuts BUP out at once."""

import pytest
from django.core import mail
from django.urls import reverse

from apps.audit.models import AccessLog
from apps.cases.models import Case
from apps.consent.sharing import withdraw_consent
from apps.meetings import selectors
from apps.meetings.models import Meeting
from tests.factories.cases import ConcernFactory
from tests.factories.consent import active_consent
from tests.factories.meetings import SUMMARY, form_data, minutes_data, take_place
from tests.factories.wheel import AssessmentFactory, rated

pytestmark = pytest.mark.django_db

OBSERVATION = "Alva berättar att det bråkas mycket hemma på kvällarna."
AREA_NOTE = "Hemlig anteckning om hemmet från kartläggningen."


def test_collaboration_under_consent(
    client, django_capture_on_commit_callbacks, school, bba, reporter, case,
    social_services, social_worker, bup, clinician,
):  # fmt: skip
    concern = ConcernFactory(case=case, reported_by=reporter, observation=OBSERVATION)
    ratings = rated(home="serious_concern", safety="some_concern")
    ratings["home"]["notes"] = AREA_NOTE
    assessment = AssessmentFactory(case=case, created_by=bba, ratings=ratings)
    analysis = case.analyses.get()
    active_consent(case, [social_services], ["meeting"])
    bup_consent = active_consent(case, [bup], ["meeting"])

    # The BBA opens the form: the areas of concern are the focus, both agencies are offered.
    client.force_login(bba)
    create = reverse("meetings:meeting_create", args=[case.pk])
    page = client.get(create)
    assert page.status_code == 200
    assert sorted(page.context["form"].initial["focus_areas"]) == ["home", "safety"]
    offered = {g.agency: [m.user for m in g.memberships] for g in page.context["candidates"].groups}
    assert social_worker in offered[social_services]
    assert clinician in offered[bup]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            create, form_data([(social_worker, social_services), (clinician, bup)])
        )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    case.refresh_from_db()
    assert case.status == Case.Status.COLLABORATION
    assert {(p.user, p.agency) for p in meeting.participants.all()} == {
        (bba, school),
        (social_worker, social_services),
        (clinician, bup),
    }

    # Both get an e-mail with time, place and a link, and nothing about the child.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([social_worker.email, clinician.email])
    for message in mail.outbox:
        assert meeting.get_absolute_url() in message.body
        assert "Ekbackens skola, konferensrummet" in message.body
        for secret in ("Alva", "Berg", case.child.personal_number[-4:], SUMMARY, OBSERVATION):
            assert secret not in message.body
            assert secret not in message.subject

    for guest in (social_worker, clinician):
        client.force_login(guest)
        inbox = client.get(reverse("meetings:my_meetings"))
        assert inbox.context["inbox"].upcoming == [meeting]
        detail = client.get(meeting.get_absolute_url())
        assert detail.status_code == 200
        content = detail.content.decode()
        assert SUMMARY in content
        assert clinician.full_name in content and social_worker.full_name in content
        assert case.child.full_name in content  # the consent covers whom the meeting is about
        for secret in (OBSERVATION, AREA_NOTE, analysis.obstacles):
            assert secret not in content
        assert reverse("cases:case_detail", args=[case.pk]) not in content
        for url in (
            reverse("cases:case_detail", args=[case.pk]),
            reverse("cases:concern_detail", args=[concern.pk]),
            reverse("wheel:assessment_detail", args=[assessment.pk]),
            reverse("analysis:analysis_detail", args=[analysis.pk]),
        ):
            assert client.get(url).status_code == 404, (guest, url)
        assert AccessLog.objects.filter(
            user=guest, object_type="meetings.meeting", child_id=case.child_id
        ).exists()

    # The meeting takes place; the BBA writes the minutes.
    take_place(meeting)
    client.force_login(bba)
    response = client.post(
        reverse("meetings:minutes", args=[meeting.pk]), minutes_data(social_worker, clinician)
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting.minutes_written_by == bba
    attended = {p.user: p.attended for p in meeting.participants.all()}
    assert attended == {bba: False, social_worker: True, clinician: True}

    # The child wished for the BUP clinician; the social worker needs a special reason.
    participants = {p.user: p for p in meeting.participants.all()}
    appoint = reverse("meetings:appoint_coordinator", args=[meeting.pk])
    wish = {
        "child_wish": "Alva vill helst prata med Jonas på BUP.",
        "child_wished_participant": participants[clinician].pk,
        "coordinator": participants[social_worker].pk,
    }
    refused = client.post(appoint, {**wish, "special_reason": ""})
    assert refused.status_code == 200
    assert "Skriv de särskilda skälen" in refused.content.decode()
    assert selectors.current_coordinator(selectors.case_meeting_list(bba, case)) is None

    reason = "BUP kan inte ta samordningen förrän efter sommaren."
    assert client.post(appoint, {**wish, "special_reason": reason}).status_code == 302
    assert (
        selectors.current_coordinator(selectors.case_meeting_list(bba, case))
        == participants[social_worker]
    )
    appointment = meeting.coordinator_appointment
    assert (appointment.special_reason, appointment.appointed_by) == (reason, bba)

    client.force_login(social_worker)
    content = client.get(meeting.get_absolute_url()).content.decode()
    assert "Socialtjänsten erbjuder familjestöd" in content
    assert reason in content

    # The guardians withdraw the consent for BUP: BUP is out at once, social services stays.
    withdraw_consent(bup_consent, by=bba, withdrawn_by_party="Lena Berg")

    client.force_login(clinician)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    inbox = client.get(reverse("meetings:my_meetings")).context["inbox"]
    assert inbox.upcoming == [] and inbox.earlier == []
    client.force_login(social_worker)
    assert client.get(meeting.get_absolute_url()).status_code == 200
