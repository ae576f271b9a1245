"""Who sees a meeting: the case's own people and the invited; nobody else, and nobody once the
consent they came in under has expired or been withdrawn. Every grant and revocation is in the
history with the acting user."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.consent import tasks
from apps.consent.models import Share
from apps.consent.sharing import end_lapsed_shares, withdraw_consent
from apps.meetings.models import Meeting, MeetingGroupObjectPermission
from tests.factories.consent import active_consent
from tests.factories.meetings import call_meeting, minutes_data, record_minutes, take_place

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def consent(case, social_services):
    return active_consent(case, [social_services], ["meeting"], days=30)


@pytest.fixture
def meeting(case, bba, consent, social_services, social_worker):
    return call_meeting(case, bba, [(social_worker, social_services)])


def meeting_pages(meeting):
    return [
        ("get", reverse("meetings:meeting_detail", args=[meeting.pk])),
        ("get", reverse("meetings:minutes", args=[meeting.pk])),
        ("post", reverse("meetings:minutes", args=[meeting.pk])),
        ("get", reverse("meetings:appoint_coordinator", args=[meeting.pk])),
        ("post", reverse("meetings:appoint_coordinator", args=[meeting.pk])),
    ]


@pytest.mark.parametrize(
    "outsider", ["other_bba", "administrator", "reporter", "handler", "steering_group"]
)
def test_outsiders_get_404_on_every_meeting_page(client, meeting, outsider, request):
    user = request.getfixturevalue(outsider)
    client.force_login(user)

    for method, url in meeting_pages(meeting):
        response = getattr(client, method)(url, minutes_data())
        assert response.status_code == 404, (outsider, url)
    assert client.get(reverse("meetings:my_meetings")).context["inbox"].upcoming == []
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_the_invited_read_but_do_not_write_the_minutes_or_appoint(client, meeting, social_worker):
    client.force_login(social_worker)

    assert client.get(meeting.get_absolute_url()).status_code == 200
    for method, url in meeting_pages(meeting)[1:]:
        assert getattr(client, method)(url, minutes_data()).status_code == 404, url


def test_missing_ids_answer_404_like_denied_ones(client, bba):
    client.force_login(bba)
    assert client.get(reverse("meetings:meeting_detail", args=[999999])).status_code == 404
    assert client.get(reverse("meetings:minutes", args=[999999])).status_code == 404
    assert client.get(reverse("meetings:meeting_create", args=[999999])).status_code == 404


def test_the_owning_bba_sees_the_child_and_the_way_to_the_case(client, meeting, bba, case):
    client.force_login(bba)

    content = client.get(meeting.get_absolute_url()).content.decode()

    assert "Alva Berg" in content
    assert reverse("cases:case_detail", args=[case.pk]) in content
    assert reverse("meetings:minutes", args=[meeting.pk]) not in content  # not held yet
    take_place(meeting)
    content = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:minutes", args=[meeting.pk]) in content


def test_an_expired_consent_lets_nobody_in_without_a_write_on_the_read(
    client, meeting, consent, social_worker
):
    client.force_login(social_worker)
    assert client.get(meeting.get_absolute_url()).status_code == 200

    with time_machine.travel(consent.valid_until + datetime.timedelta(days=1)):
        client.force_login(social_worker)
        assert client.get(meeting.get_absolute_url()).status_code == 404
        inbox = client.get(reverse("meetings:my_meetings")).context["inbox"]
        assert inbox.upcoming == inbox.earlier == []
        assert Share.objects.get().ended_at is None  # the reads wrote nothing

        assert tasks.end_lapsed_shares.delay().get() == 1

    assert Share.objects.get().ended_reason == Share.Ended.EXPIRED
    assert not MeetingGroupObjectPermission.objects.filter(
        group__membership__user=social_worker
    ).exists()


def test_shares_end_the_day_after_the_consent(client, meeting, consent, social_worker):
    end_lapsed_shares(on=consent.valid_until)
    client.force_login(social_worker)
    assert client.get(meeting.get_absolute_url()).status_code == 200

    end_lapsed_shares(on=consent.valid_until + datetime.timedelta(days=1))

    assert not MeetingGroupObjectPermission.objects.filter(
        group__membership__user=social_worker
    ).exists()


def test_history_names_who_granted_and_who_revoked(
    meeting, consent, bba, handler, case, social_worker
):
    group = social_worker.memberships.get().group
    row = MeetingGroupObjectPermission.objects.get(group=group)

    withdraw_consent(consent, by=handler, withdrawn_by_party="Omar Berg")

    history = MeetingGroupObjectPermission.history.filter(id=row.pk).order_by("history_date")
    assert [(h.history_type, h.history_user) for h in history] == [("+", bba), ("-", handler)]
    assert not MeetingGroupObjectPermission.objects.filter(group=group).exists()


def test_my_meetings_lists_coming_meetings_first_in_a_fixed_number_of_queries(
    client, case, bba, consent, social_services, social_worker
):
    def soon(days):
        start = timezone.localtime() + datetime.timedelta(days=days)
        return start.replace(second=0, microsecond=0)

    later = call_meeting(case, bba, [(social_worker, social_services)], starts_at=soon(14))
    sooner = call_meeting(case, bba, [(social_worker, social_services)], starts_at=soon(2))
    client.force_login(social_worker)
    url = reverse("meetings:my_meetings")

    client.get(url)  # the first request of a session also syncs role groups
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.context["inbox"].upcoming == [sooner, later]

    past = soon(-3)
    for starts_at in (past, soon(4), soon(5)):
        call_meeting(case, bba, [(social_worker, social_services)], starts_at=starts_at)
    record_minutes(case.meetings.get(starts_at=past), bba)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["inbox"].upcoming) == 4
    assert [m.starts_at for m in response.context["inbox"].earlier] == [past]
    assert len(many) == len(few)
