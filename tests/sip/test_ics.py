"""Calendar invitations to a SIP follow-up, read from the e-mails actually sent: one event per
booked follow-up, updated and cancelled by the book (RFC 5545/5546, sent as iMIP, RFC 6047).

The story: the plan names the school's BBA and a teacher, a social worker and the BUP
clinician, who is the coordinator and so the organiser."""

import datetime

import icalendar
import pytest
from django.core import mail

from apps.cases import services as case_services
from apps.consent import sharing
from apps.sip import booking, ics, invitations, services, tasks
from apps.sip.models import FollowUpEvent, PlanVersion
from tests.factories.sip import in_days
from tests.sip.calendar_mail import addresses, by_recipient, event_of, method_of

pytestmark = pytest.mark.django_db

PLACE = "Ekbackens skola, konferensrummet"


@pytest.fixture
def invited(written, clinician, django_capture_on_commit_callbacks):
    """The plan agreed, with its follow-up booked in six weeks: everyone invited."""
    with django_capture_on_commit_callbacks(execute=True):
        version = services.agree(written, by=clinician, agreed_parties="Alva, mamma och alla.")
    return version


def book(version, by, capture, *, at, place=PLACE):
    mail.outbox.clear()
    with capture(execute=True):
        booking.book_follow_up(version, by=by, at=at, place=place)
    return by_recipient(mail.outbox)


def sent():
    return by_recipient(mail.outbox)


def test_booking_invites_the_others_and_gives_the_coordinator_their_own_entry(
    invited, clinician, bba, teacher, social_worker
):
    messages = sent()
    assert set(messages) == {clinician.email, bba.email, teacher.email, social_worker.email}
    uids = {str(event_of(message)["UID"]) for message in messages.values()}
    assert len(uids) == 1
    attendees = {bba.email, teacher.email, social_worker.email}
    for email in attendees:
        message = messages[email]
        assert method_of(message) == "REQUEST"
        assert message.reply_to == [clinician.email]
        event = event_of(message)
        assert event["SEQUENCE"] == 0
        assert event.start == in_days(42)
        assert str(event["LOCATION"]) == PLACE
        # The organiser is the coordinator, sent by the system's address, and not an attendee.
        organizer = event["ORGANIZER"]
        assert addresses(event, "ORGANIZER") == [clinician.email]
        assert organizer.params["CN"] == clinician.full_name
        assert organizer.params["SENT-BY"] == "mailto:noreply@tillsammans.example"
        assert set(addresses(event, "ATTENDEE")) == attendees
        for attendee in event["ATTENDEE"]:
            assert attendee.params["RSVP"] == "TRUE"
            assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert "Svara på inbjudan i din kalender." in message.body
    own = messages[clinician.email]
    assert method_of(own) == "PUBLISH"
    assert "ATTENDEE" not in event_of(own)
    assert addresses(event_of(own), "ORGANIZER") == [clinician.email]
    assert "Du är samordningsperson" in own.body


def test_moving_the_follow_up_updates_the_same_event(
    invited, clinician, bba, teacher, social_worker, django_capture_on_commit_callbacks
):
    [uid] = {str(event_of(message)["UID"]) for message in mail.outbox}
    capture = django_capture_on_commit_callbacks

    moved = book(invited, clinician, capture, at=in_days(50))
    assert set(moved) == {clinician.email, bba.email, teacher.email, social_worker.email}
    for email, message in moved.items():
        event = event_of(message)
        assert str(event["UID"]) == uid
        assert event["SEQUENCE"] == 1
        assert event.start == in_days(50)
        assert method_of(message) == ("PUBLISH" if email == clinician.email else "REQUEST")
        assert message.subject == f"Ändrad uppföljning av SIP {in_days(50):%Y-%m-%d}"

    replaced = book(invited, bba, capture, at=in_days(50), place="BUP, rum 2; entré B")
    for message in replaced.values():
        event = event_of(message)
        assert (str(event["UID"]), event["SEQUENCE"]) == (uid, 2)
        assert str(event["LOCATION"]) == "BUP, rum 2; entré B"

    assert book(invited, bba, capture, at=in_days(50), place="BUP, rum 2; entré B") == {}
    sent = FollowUpEvent.objects.get(version=invited)
    assert (sent.uid, sent.sequence) == (uid, 2)


def test_book_move_and_close_the_case_cancels_the_event_for_everyone(
    invited, clinician, bba, teacher, social_worker, django_capture_on_commit_callbacks
):
    [uid] = {str(event_of(message)["UID"]) for message in mail.outbox}
    book(invited, clinician, django_capture_on_commit_callbacks, at=in_days(50))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.close_case(invited.plan, by=clinician, ground="goals_met", details="Klart.")
    messages = sent()
    assert set(messages) == {clinician.email, bba.email, teacher.email, social_worker.email}
    for message in messages.values():
        event = event_of(message)
        assert method_of(message) == "CANCEL"
        assert str(event["UID"]) == uid
        assert event["SEQUENCE"] == 2
        assert event["STATUS"] == "CANCELLED"
        assert event.start == in_days(50)
        assert message.subject == f"Inställd uppföljning av SIP {in_days(50):%Y-%m-%d}"
        assert set(addresses(event, "ATTENDEE")) == {
            bba.email,
            teacher.email,
            social_worker.email,
        }
    assert not FollowUpEvent.objects.filter(version=invited).exists()
    mail.outbox.clear()
    assert tasks.sync_follow_up_invitations.delay().get() == 0
    assert mail.outbox == []


def test_closing_the_case_from_the_case_page_cancels_too(
    invited, bba, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_services.close_case(invited.plan.case, by=bba, reason="Familjen har flyttat.")
    assert {method_of(message) for message in mail.outbox} == {"CANCEL"}
    assert len(mail.outbox) == 4


def test_someone_who_loses_the_plan_gets_the_cancellation_and_nobody_else_hears(
    invited, social_consent, social_services, social_worker, bba
):
    [uid] = {str(event_of(message)["UID"]) for message in mail.outbox}
    mail.outbox.clear()
    sharing.withdraw_consent(
        social_consent, by=bba, withdrawn_by_party="Lena Berg", agencies=[social_services]
    )
    assert tasks.sync_follow_up_invitations.delay().get() == 1
    [message] = mail.outbox
    assert message.to == [social_worker.email]
    event = event_of(message)
    assert method_of(message) == "CANCEL"
    assert (str(event["UID"]), event["SEQUENCE"], event["STATUS"]) == (uid, 1, "CANCELLED")
    assert addresses(event, "ATTENDEE") == [social_worker.email]
    assert "Du är inte längre inbjuden" in message.body

    mail.outbox.clear()
    assert tasks.sync_follow_up_invitations.delay().get() == 0
    assert social_worker.pk not in FollowUpEvent.objects.get(version=invited).holders


def test_a_follow_up_recorded_before_its_booked_day_leaves_the_calendars(
    invited, clinician, django_capture_on_commit_callbacks
):
    [uid] = {str(event_of(message)["UID"]) for message in mail.outbox}
    mail.outbox.clear()
    outcomes = {action.pk: ("Gjort.", action.status) for action in invited.actions.all()}
    with django_capture_on_commit_callbacks(execute=True):
        services.record_follow_up(
            invited,
            by=clinician,
            held_on=datetime.date.today(),
            notes="Vi träffades tidigare.",
            outcomes=outcomes,
        )
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert method_of(message) == "CANCEL"
        assert str(event_of(message)["UID"]) == uid

    # The next follow-up of the same version is another event.
    mail.outbox.clear()
    version = PlanVersion.objects.get(pk=invited.pk)
    again = book(version, clinician, django_capture_on_commit_callbacks, at=in_days(60))
    assert {str(event_of(message)["UID"]) for message in again.values()} != {uid}
    assert {event_of(message)["SEQUENCE"] for message in again.values()} == {0}


def test_a_follow_up_recorded_after_its_time_is_forgotten_without_a_cancellation(
    invited, clinician
):
    PlanVersion.objects.filter(pk=invited.pk).update(next_follow_up_at=None)
    mail.outbox.clear()
    later = in_days(43)
    assert invitations.sync(invited.pk, now=later) == 0
    assert mail.outbox == []
    assert not FollowUpEvent.objects.filter(version=invited).exists()


def test_the_calendar_says_nothing_about_the_child(invited):
    child = invited.plan.case.child
    for message in mail.outbox:
        text = " ".join(
            [message.subject, message.body, *(content for content, _type in message.alternatives)]
        )
        for secret in (child.first_name, child.last_name, child.identity_number):
            assert secret not in text


def test_typed_values_are_escaped_and_read_back_as_typed(clinician):
    event = ics.Event(
        uid="u@x",
        sequence=3,
        starts_at=in_days(5),
        place="Rum 3, plan 2; hus B\\C\nentré",
        url="https://tillsammans.example/sip/version/1/",
    )
    clinician.full_name = 'Berg, "Lena"; A:B'
    text = ics.calendar(event, method=ics.REQUEST, organizer=clinician, attendees=[clinician])
    assert b"LOCATION:Rum 3\\, plan 2\\; hus B\\\\C\\nentr\xc3\xa9" in text
    [parsed] = icalendar.Calendar.from_ical(text).events
    assert str(parsed["LOCATION"]) == "Rum 3, plan 2; hus B\\C\nentré"
    assert parsed["ORGANIZER"].params["CN"] == "Berg, Lena; A:B"
    assert parsed["SEQUENCE"] == 3
    assert all(len(line) <= 75 for line in text.split(b"\r\n"))
