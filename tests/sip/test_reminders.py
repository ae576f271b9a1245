"""Booking a follow-up (with invitations and calendar files), the daily reminder scan, and
the coordinator's list on the start page."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AccessLog
from apps.consent import sharing
from apps.sip import tasks
from apps.sip.models import PlanVersion
from apps.sip.reminders import scan_follow_ups
from tests.factories.agencies import member
from tests.factories.sip_print import agreed_plan, in_days
from tests.sip.calendar_mail import addresses, event_of, method_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(school, bba, social_services, social_worker):
    return agreed_plan(school, bba, social_services, social_worker)


def booking_url(version):
    return reverse("sip:book_follow_up", args=[version.pk])


def booking_data(days=14, place="Socialtjänsten, rum 3"):
    return {"at": in_days(days).strftime("%Y-%m-%dT%H:%M"), "place": place}


def assert_no_child_data(message, version):
    child = version.plan.case.child
    texts = [message.subject, message.body]
    texts += [content for content, _type in getattr(message, "alternatives", [])]
    for secret in (child.first_name, child.last_name, child.identity_number, "Ringvägen"):
        assert not any(secret in text for text in texts), secret


# Booking.


@pytest.mark.parametrize("who", ["social_worker", "bba"])
def test_the_coordinator_and_the_case_people_book_and_everyone_is_invited(
    client, version, who, request, bba, social_worker, django_capture_on_commit_callbacks
):
    PlanVersion.objects.filter(pk=version.pk).update(
        reminder_sent_at=timezone.now(), overdue_flagged_at=timezone.now()
    )
    client.force_login(request.getfixturevalue(who))
    assert client.get(booking_url(version)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(booking_url(version), booking_data())
    assert response.status_code == 302
    assert response.url == reverse("sip:version_detail", args=[version.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Uppföljningen är bokad. Alla i planen får en kalenderinbjudan."
    ]
    version.refresh_from_db()
    assert version.next_follow_up_at == in_days(14)
    assert version.next_follow_up_place == "Socialtjänsten, rum 3"
    assert version.reminder_sent_at is None and version.overdue_flagged_at is None
    assert version.history.first().history_user == request.getfixturevalue(who)

    # Coordinator, the responsible persons, the contacts and the meeting: two people, once each.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([bba.email, social_worker.email])
    for message in mail.outbox:
        assert message.subject == f"Inbjudan till uppföljning av SIP {in_days(14):%Y-%m-%d}"
        assert "Logga in i Tillsammans för att se planen: http" in message.body
        assert "Plats: Socialtjänsten, rum 3" in message.body
        event = event_of(message)
        assert str(event["SUMMARY"]) == "Uppföljning av SIP"
        assert addresses(event, "ORGANIZER") == [social_worker.email]
        if message.to == [social_worker.email]:  # the coordinator's own calendar entry
            assert method_of(message) == "PUBLISH"
        else:
            assert method_of(message) == "REQUEST"
            assert addresses(event, "ATTENDEE") == message.to
        assert_no_child_data(message, version)
    assert AccessLog.objects.filter(object_id=str(version.pk), action="view").exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (booking_data(days=-1), "Tiden har redan passerat. Välj en tid framåt."),
        ({"at": "1 oktober", "place": "Rum 3"}, "Skriv datum och tid, till exempel"),
        (booking_data(place=""), "Skriv var uppföljningen hålls."),
    ],
)
def test_rejected_booking_keeps_what_was_typed_and_says_what_to_fix(
    client, version, social_worker, data, error
):
    before = version.next_follow_up_at
    client.force_login(social_worker)
    response = client.post(booking_url(version), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert error in content
    assert f'value="{data["at"]}"' in content
    if data["place"]:
        assert f'value="{data["place"]}"' in content
    version.refresh_from_db()
    assert version.next_follow_up_at == before
    assert mail.outbox == []


def test_a_draft_cannot_be_booked(client, school, bba, social_services, social_worker):
    draft = agreed_plan(
        school, bba, social_services, social_worker, status=PlanVersion.Status.DRAFT
    )
    before = draft.next_follow_up_at
    client.force_login(social_worker)
    response = client.post(booking_url(draft), booking_data())
    assert response.status_code == 200
    assert "Kom överens om planen först." in response.content.decode()
    assert "<form" not in response.content.decode().split("<main")[1]
    draft.refresh_from_db()
    assert draft.next_follow_up_at == before


def test_someone_only_named_in_the_plan_cannot_book(
    client, school, bba, social_services, social_worker
):
    version = agreed_plan(school, bba, social_services, social_worker, coordinator=bba)
    client.force_login(social_worker)
    assert client.get(reverse("sip:print_plan", args=[version.pk])).status_code == 200
    assert client.get(booking_url(version)).status_code == 404
    assert client.post(booking_url(version), booking_data()).status_code == 404


@pytest.mark.parametrize("outsider", ["other_bba", "administrator", "reporter", "handler"])
def test_outsiders_get_404_on_the_booking_page(client, version, outsider, request):
    client.force_login(request.getfixturevalue(outsider))
    assert client.get(booking_url(version)).status_code == 404
    assert client.post(booking_url(version), booking_data()).status_code == 404


def test_withdrawn_consent_stops_the_coordinator_from_another_agency(
    client, version, bba, social_worker
):
    consent = version.plan.case.consents.get()
    sharing.withdraw_consent(consent, by=bba, withdrawn_by_party="Vårdnadshavarna")
    client.force_login(social_worker)
    assert client.get(booking_url(version)).status_code == 404


# The daily scan.


def test_the_coordinator_is_reminded_once_a_week_before(version, social_worker):
    PlanVersion.objects.filter(pk=version.pk).update(next_follow_up_at=in_days(3))
    assert scan_follow_ups() == {"reminded": 1, "flagged": 0}
    assert scan_follow_ups() == {"reminded": 0, "flagged": 0}
    [message] = mail.outbox
    assert message.to == [social_worker.email]
    assert message.subject == f"Påminnelse: uppföljning av SIP {in_days(3):%Y-%m-%d}"
    assert "Logga in i Tillsammans för att se planen" in message.body
    assert_no_child_data(message, version)
    version.refresh_from_db()
    assert version.reminder_sent_at is not None
    assert version.overdue_flagged_at is None


def test_an_overdue_follow_up_is_flagged_once(version, social_worker):
    PlanVersion.objects.filter(pk=version.pk).update(
        next_follow_up_at=in_days(-2), reminder_sent_at=timezone.now()
    )
    assert tasks.scan_follow_ups.delay().get() == {"reminded": 0, "flagged": 1}
    assert tasks.scan_follow_ups.delay().get() == {"reminded": 0, "flagged": 0}
    [message] = mail.outbox
    assert message.to == [social_worker.email]
    assert message.subject == "Försenad uppföljning av SIP"
    assert reverse("sip:book_follow_up", args=[version.pk]) in message.body
    assert_no_child_data(message, version)
    version.refresh_from_db()
    assert version.overdue_flagged_at is not None


def test_far_off_drafts_and_superseded_versions_are_left_alone(
    school, bba, social_services, social_worker
):
    agreed_plan(school, bba, social_services, social_worker, next_follow_up_at=in_days(10))
    for status in (PlanVersion.Status.DRAFT, PlanVersion.Status.SUPERSEDED):
        agreed_plan(
            school, bba, social_services, social_worker, status=status, next_follow_up_at=in_days(2)
        )
    assert scan_follow_ups() == {"reminded": 0, "flagged": 0}
    assert mail.outbox == []


def test_booking_a_new_time_starts_the_reminders_over(
    client, version, social_worker, django_capture_on_commit_callbacks
):
    PlanVersion.objects.filter(pk=version.pk).update(next_follow_up_at=in_days(3))
    scan_follow_ups()
    client.force_login(social_worker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(booking_url(version), booking_data(days=5))
    mail.outbox.clear()
    assert scan_follow_ups() == {"reminded": 1, "flagged": 0}
    assert mail.outbox[0].subject.endswith(f"{in_days(5):%Y-%m-%d}")


def test_the_scan_claims_with_the_time_it_was_given(version):
    now = timezone.now() + datetime.timedelta(days=40)
    assert scan_follow_ups(now=now) == {"reminded": 1, "flagged": 0}
    version.refresh_from_db()
    assert version.reminder_sent_at == now


# The start page.


def render_panel(user) -> str:
    """The coordinator's sections of the start page as ``user`` gets it, nothing else."""
    client = Client()
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    return "".join(re.findall(r'<section aria-labelledby="sip-.*?</section>', page, re.DOTALL))


def test_the_start_page_lists_the_coordinators_coming_and_overdue_follow_ups(
    school, bba, social_services, social_worker
):
    coming = agreed_plan(school, bba, social_services, social_worker, next_follow_up_at=in_days(3))
    late = agreed_plan(school, bba, social_services, social_worker, next_follow_up_at=in_days(-1))
    agreed_plan(school, bba, social_services, social_worker, next_follow_up_at=in_days(20))
    html = render_panel(social_worker)
    assert "Uppföljningar av SIP" in html
    coming_at = html.index(reverse("sip:version_detail", args=[coming.pk]))
    late_at = html.index(reverse("sip:version_detail", args=[late.pk]))
    assert html.index("Försenade") < late_at < html.index("Inom en vecka") < coming_at
    assert reverse("sip:book_follow_up", args=[late.pk]) in html
    follow_ups = html[html.index("Uppföljningar av SIP") :]
    assert follow_ups.count("Alva Berg") == 3  # two links and the hidden name of "Boka ny tid"


@pytest.mark.parametrize("who", ["other_bba", "administrator"])
def test_the_start_page_shows_nothing_to_others(version, who, request):
    PlanVersion.objects.filter(pk=version.pk).update(next_follow_up_at=in_days(3))
    assert render_panel(request.getfixturevalue(who)).strip() == ""


def test_the_school_bba_is_shown_the_plan_of_their_action_not_the_follow_ups(version, bba):
    """The BBA is responsible for the school's action: the plan is theirs to find, the
    follow-ups are the coordinator's."""
    PlanVersion.objects.filter(pk=version.pk).update(next_follow_up_at=in_days(3))
    html = render_panel(bba)
    assert "Planer där du ansvarar för insatser" in html
    assert "Uppföljningar av SIP" not in html and "Du är samordningsperson" not in html


def test_the_start_page_forgets_a_plan_when_consent_is_withdrawn(version, bba, social_worker):
    PlanVersion.objects.filter(pk=version.pk).update(next_follow_up_at=in_days(3))
    sharing.withdraw_consent(
        version.plan.case.consents.get(), by=bba, withdrawn_by_party="Vårdnadshavarna"
    )
    assert render_panel(social_worker).strip() == ""


def _queries(user) -> int:
    render_panel(user)
    with CaptureQueriesContext(connection) as queries:
        render_panel(user)
    return len(queries)


def test_the_start_panel_takes_a_fixed_number_of_queries(
    school, bba, social_services, social_worker
):
    agreed_plan(school, bba, social_services, social_worker, next_follow_up_at=in_days(3))
    one = _queries(social_worker)
    for days in (2, -1, -3):
        agreed_plan(school, bba, social_services, social_worker, next_follow_up_at=in_days(days))
    assert _queries(social_worker) == one


def test_when_the_coordinator_has_left_the_bba_of_the_case_is_reminded(version, bba, social_worker):
    PlanVersion.objects.filter(pk=version.pk).update(next_follow_up_at=in_days(3))
    social_worker.is_active = False
    social_worker.save()
    assert scan_follow_ups() == {"reminded": 1, "flagged": 0}
    assert [m.to for m in mail.outbox] == [[bba.email]]


def test_nobody_to_remind_still_claims_the_reminder(version, bba, social_worker):
    PlanVersion.objects.filter(pk=version.pk).update(next_follow_up_at=in_days(3))
    for user in (bba, social_worker):
        user.is_active = False
        user.save()
    assert scan_follow_ups() == {"reminded": 0, "flagged": 0}
    version.refresh_from_db()
    assert version.reminder_sent_at is not None
    assert mail.outbox == []


def test_a_new_member_of_the_coordinators_agency_sees_nothing(version, social_services):
    newcomer = member(social_services, "handler")
    PlanVersion.objects.filter(pk=version.pk).update(next_follow_up_at=in_days(3))
    assert render_panel(newcomer).strip() == ""


def test_the_coordinator_the_plan_service_appointed_books(
    client, agreed, clinician, teacher, django_capture_on_commit_callbacks
):
    """With the grants of the SIP services themselves: the coordinator books, and everyone the
    plan names is invited; someone only named in it may not book."""
    client.force_login(teacher)
    assert client.get(booking_url(agreed)).status_code == 404
    client.force_login(clinician)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(booking_url(agreed), booking_data())
    assert response.status_code == 302
    invited = {message.to[0] for message in mail.outbox}
    assert {clinician.email, teacher.email} <= invited
