"""Calling a meeting: only after an analysis decided on collaboration, only by those who work on
the case, and another agency only under a consent that covers it, or nothing is saved."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.agencies.models import Membership
from apps.cases.models import Case, Child
from apps.cases.services import assign_handler, change_status, close_case
from apps.consent.models import Consent, ConsentParty, Share
from apps.consent.sharing import withdraw_consent
from apps.meetings.models import Meeting, MeetingGroupObjectPermission, Participant
from tests.factories.agencies import member
from tests.factories.analysis import AnalysisFactory
from tests.factories.cases import CaseFactory, personal_number
from tests.factories.consent import active_consent
from tests.factories.meetings import (
    call_meeting,
    form_data,
    invitee,
    record_minutes,
)
from tests.factories.wheel import AssessmentFactory, rated

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def create_url(case):
    return reverse("meetings:meeting_create", args=[case.pk])


def assert_nothing_saved(case, status=Case.Status.ANALYSED):
    assert not Meeting.objects.exists()
    assert not Participant.objects.exists()
    assert not MeetingGroupObjectPermission.objects.exists()
    assert not Share.objects.exists()
    assert mail.outbox == []
    case.refresh_from_db()
    assert case.status == status


def test_without_a_collaboration_decision_no_meeting_is_called(
    client, django_capture_on_commit_callbacks, school, bba, social_services, social_worker
):
    case = CaseFactory(child__agency=school)
    AnalysisFactory(case=case, decided_by=bba)  # handled within the own unit
    active_consent(case, [social_services], ["meeting"])
    client.force_login(bba)
    message = (
        "Samverkan kan inte startas innan en analys har kommit fram till att samverkan behövs."
    )

    assert message in client.get(create_url(case)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url(case), form_data([(social_worker, social_services)]))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert_nothing_saved(case)


def test_a_later_decision_withdraws_the_collaboration(case, bba):
    AnalysisFactory(case=case, decided_by=bba)

    with pytest.raises(ValidationError, match="Samverkan kan inte startas"):
        call_meeting(case, bba)
    assert_nothing_saved(case)


def test_a_case_sent_back_to_mapping_calls_no_meeting(case, bba, reporter):
    change_status(case, Case.Status.MAPPING, by=bba)

    with pytest.raises(ValidationError, match="Kartläggning"):
        call_meeting(case, bba, [(reporter, case.agency)])
    assert case.status == Case.Status.MAPPING
    assert_nothing_saved(case, status=Case.Status.MAPPING)


def test_a_closed_case_calls_no_meeting(case, bba):
    close_case(case, by=bba, reason="Familjen har flyttat från kommunen.")

    with pytest.raises(ValidationError, match="avslutat"):
        call_meeting(case, bba)
    assert_nothing_saved(case, status=Case.Status.CLOSED)


# Each way a consent fails to let social services in; the BUP consent is valid throughout.


def _no_consent(case, agency):
    pass


def _expired(case, agency):
    consent = active_consent(case, [agency], ["meeting"])
    Consent.objects.filter(pk=consent.pk).update(
        valid_from=TODAY - datetime.timedelta(days=60), valid_until=TODAY - datetime.timedelta(1)
    )


def _agency_not_named(case, agency):
    """The only consent names BUP, not social services."""


def _purpose_not_named(case, agency):
    active_consent(case, [agency], ["sip", "referral"])


def _withdrawn(case, agency):
    consent = active_consent(case, [agency], ["meeting"])
    withdraw_consent(consent, by=case.bba, withdrawn_by_party="Lena Berg")


def _refused_by_the_15_year_old(case, agency):
    birth = TODAY.replace(year=TODAY.year - 15) - datetime.timedelta(days=1)
    Child.objects.filter(pk=case.child_id).update(
        birth_date=birth, personal_number=personal_number(birth)
    )
    case.child.refresh_from_db()
    active_consent(case, [agency], ["meeting"], child_answer=ConsentParty.Answer.REFUSED)


@pytest.mark.parametrize(
    "without_consent",
    [
        _no_consent,
        _expired,
        _agency_not_named,
        _purpose_not_named,
        _withdrawn,
        _refused_by_the_15_year_old,
    ],
)
def test_an_agency_without_consent_stops_the_whole_call(
    client, django_capture_on_commit_callbacks, case, bba, reporter,
    social_services, social_worker, bup, clinician, without_consent,
):  # fmt: skip
    active_consent(case, [bup], ["meeting"])
    without_consent(case, social_services)
    client.force_login(bba)
    data = form_data(
        [(reporter, case.agency), (clinician, bup), (social_worker, social_services)],
        place="Stadshuset, rum 4",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url(case), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Det finns inget gällande samtycke som omfattar Socialtjänsten Nyköping" in content
    assert "Stadshuset, rum 4" in content
    kept = f'value="{invitee(clinician, bup)}" id="invitee-{bup.pk}-{clinician.pk}" checked'
    assert kept in content
    assert_nothing_saved(case)


def test_a_person_not_in_the_agency_cannot_be_invited(client, case, bba, social_services, bup):
    active_consent(case, [social_services], ["meeting"])
    stranger = member(bup, Membership.Role.HANDLER)
    client.force_login(bba)

    response = client.post(create_url(case), form_data([(stranger, social_services)]))

    assert response.status_code == 200
    assert "Någon av de valda personerna arbetar inte längre i verksamheten" in (
        response.content.decode()
    )
    assert_nothing_saved(case)


def test_a_rejected_form_says_what_to_fix_and_keeps_the_text(client, case, bba, reporter):
    client.force_login(bba)

    response = client.post(
        create_url(case),
        form_data([], place="", focus_areas=[], message="Vi ses i konferensrummet."),
    )

    content = response.content.decode()
    assert response.status_code == 200
    for error in ("Välj minst ett område i hjulet.", "Välj minst en person att bjuda in."):
        assert error in content
    assert "Vi ses i konferensrummet." in content
    assert_nothing_saved(case)


def test_a_time_that_has_passed_is_refused(client, case, bba, reporter):
    client.force_login(bba)
    yesterday = timezone.localtime() - datetime.timedelta(days=1)

    response = client.post(
        create_url(case),
        form_data([(reporter, case.agency)], starts_at=yesterday.strftime("%Y-%m-%dT%H:%M")),
    )

    assert "Välj ett datum som inte har passerat." in response.content.decode()
    assert_nothing_saved(case)


@pytest.mark.parametrize(
    "outsider", ["other_bba", "social_worker", "administrator", "reporter", "handler"]
)
def test_only_those_who_work_on_the_case_call_meetings(
    client, case, outsider, request, social_services
):
    active_consent(case, [social_services], ["meeting"])
    user = request.getfixturevalue(outsider)
    client.force_login(user)

    assert client.get(create_url(case)).status_code == 404
    response = client.post(
        create_url(case), form_data([(request.getfixturevalue("social_worker"), social_services)])
    )
    assert response.status_code == 404
    assert_nothing_saved(case)


def test_the_assigned_handler_may_call_a_meeting(client, case, bba, handler, reporter):
    assign_handler(case, handler, by=bba)
    client.force_login(handler)

    response = client.post(create_url(case), form_data([(reporter, case.agency)]))

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.called_by == handler
    assert meeting.history.get().history_user == handler


def test_a_colleague_of_the_own_unit_is_let_in_directly(
    client, django_capture_on_commit_callbacks, case, bba, reporter
):
    client.force_login(bba)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(create_url(case), form_data([(reporter, case.agency)]))
    meeting = Meeting.objects.get()

    assert not Share.objects.exists()
    membership = Membership.objects.get(user=reporter, agency=case.agency)
    row = MeetingGroupObjectPermission.objects.get(group=membership.group)
    assert row.content_object == meeting
    assert row.history.get().history_user == bba
    assert [m.to for m in mail.outbox] == [[reporter.email]]

    client.force_login(reporter)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(reverse("meetings:my_meetings")).context["inbox"].upcoming == [meeting]
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_meetings_move_the_case_into_collaboration_again_after_a_follow_up(case, bba, reporter):
    call_meeting(case, bba, [(reporter, case.agency)])
    case.refresh_from_db()
    assert case.status == Case.Status.COLLABORATION

    second = call_meeting(case, bba, [(reporter, case.agency)])
    record_minutes(second, bba)
    change_status(case, Case.Status.FOLLOW_UP, by=bba)
    call_meeting(case, bba, [(reporter, case.agency)])

    case.refresh_from_db()
    assert case.status == Case.Status.COLLABORATION
    assert case.meetings.count() == 3


def test_the_form_offers_only_agencies_under_consent_and_suggests_the_analysis_kinds(
    client, case, bba, reporter, social_services, social_worker, bup, clinician
):
    active_consent(case, [social_services], ["meeting"])
    client.force_login(bba)

    response = client.get(create_url(case))

    candidates = response.context["candidates"]
    assert [group.agency for group in candidates.groups] == [case.agency, social_services]
    assert candidates.groups[1].suggested
    assert reporter in [m.user for m in candidates.groups[0].memberships]
    assert candidates.kinds_without_consent == ["bup"]
    content = response.content.decode()
    assert clinician.full_name not in content
    assert (
        "Inget gällande samtycke omfattar någon verksamhet av typen Barn- och ungdomspsykiatri (BUP)"
        in (content)
    )


def test_focus_areas_come_from_the_latest_mapping(client, school, bba):
    case = CaseFactory(child__agency=school)
    AssessmentFactory(case=case, created_by=bba, ratings=rated(health="serious_concern"))
    AssessmentFactory(
        case=case,
        created_by=bba,
        assessed_on=datetime.date(2025, 10, 1),
        ratings=rated(learning="some_concern", home="serious_concern", care="not_known"),
    )
    AnalysisFactory(
        case=case, decided_by=bba, decision="collaboration", collaboration_kinds=["school"]
    )
    client.force_login(bba)

    form = client.get(create_url(case)).context["form"]

    assert sorted(form.initial["focus_areas"]) == ["home", "learning"]
