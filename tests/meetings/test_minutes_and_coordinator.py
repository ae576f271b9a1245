"""The minutes, and the coordinator: the child is asked first, and any other choice than the
child's needs a special reason. The case page shows the meetings and what happened."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.agencies.models import Membership
from apps.consent.sharing import withdraw_consent
from apps.meetings import selectors, services
from apps.meetings.models import CoordinatorAppointment, Meeting
from tests.factories.agencies import member
from tests.factories.analysis import AnalysisFactory
from tests.factories.cases import CaseFactory
from tests.factories.consent import active_consent
from tests.factories.meetings import call_meeting, minutes_data, record_minutes, take_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(case, bba, reporter, social_services, social_worker):
    active_consent(case, [social_services], ["meeting"])
    return call_meeting(case, bba, [(reporter, case.agency), (social_worker, social_services)])


@pytest.fixture
def held(meeting, bba):
    return record_minutes(meeting, bba)


def participant(meeting, user):
    return meeting.participants.get(user=user)


def appoint_url(meeting):
    return reverse("meetings:appoint_coordinator", args=[meeting.pk])


def test_minutes_wait_until_the_meeting_has_taken_place(client, meeting, bba):
    client.force_login(bba)
    url = reverse("meetings:minutes", args=[meeting.pk])
    message = "Mötet har inte hållits ännu. Skriv protokollet efter mötet."

    assert message in client.get(url).content.decode()
    assert message in client.post(url, minutes_data()).content.decode()
    meeting.refresh_from_db()
    assert (meeting.status, meeting.agreed) == (Meeting.Status.PLANNED, "")


def test_minutes_need_the_childs_view_and_what_was_agreed(client, meeting, bba):
    take_place(meeting)
    client.force_login(bba)
    url = reverse("meetings:minutes", args=[meeting.pk])

    response = client.post(
        url, minutes_data(child_view="", agreed="", guardians_view="Mamma vill ha stöd.")
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Skriv barnets syn." in content and "Skriv vad ni kom överens om." in content
    assert "Mamma vill ha stöd." in content
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_minutes_may_be_corrected_and_history_keeps_both(client, held, bba, reporter):
    client.force_login(bba)
    url = reverse("meetings:minutes", args=[held.pk])
    assert client.get(url).context["form"].initial["agreed"] == held.agreed

    client.post(
        url,
        minutes_data(
            reporter, agreed="Skolan ordnar en lugn plats.", revision=held.minutes_revision
        ),
    )

    held.refresh_from_db()
    assert held.agreed == "Skolan ordnar en lugn plats."
    assert participant(held, reporter).attended is True
    agreed = [h.agreed for h in held.history.order_by("history_date")]
    assert agreed[-2:] == ["Familjestöd från socialtjänsten.", "Skolan ordnar en lugn plats."]


def test_the_coordinator_is_appointed_at_the_meeting_after_the_minutes(
    client, meeting, bba, social_worker
):
    take_place(meeting)
    client.force_login(bba)
    data = {
        "child_wish": "Alva vill ha Maja.",
        "child_wished_participant": participant(meeting, social_worker).pk,
        "coordinator": participant(meeting, social_worker).pk,
    }

    assert (
        "Skriv protokollet från mötet först." in client.get(appoint_url(meeting)).content.decode()
    )
    response = client.post(appoint_url(meeting), data)

    assert "Skriv protokollet från mötet först." in response.content.decode()
    assert not CoordinatorAppointment.objects.exists()


def test_following_the_childs_wish_needs_no_reason(client, held, bba, social_worker, case):
    client.force_login(bba)
    wished = participant(held, social_worker)

    response = client.post(
        appoint_url(held),
        {
            "child_wish": "Alva vill ha Maja.",
            "child_wished_participant": wished.pk,
            "coordinator": wished.pk,
        },
    )

    assert response.status_code == 302
    appointment = CoordinatorAppointment.objects.get()
    assert appointment.follows_child_wish
    assert appointment.history.get().history_user == bba
    assert selectors.current_coordinator(selectors.case_meeting_list(bba, case)) == wished


def test_a_child_with_no_wish_among_the_participants_still_needs_a_reason(
    client, held, bba, reporter
):
    client.force_login(bba)
    data = {"child_wish": "Alva ville inte välja.", "coordinator": participant(held, reporter).pk}

    refused = client.post(appoint_url(held), data)
    assert "Skriv de särskilda skälen" in refused.content.decode()
    assert "Alva ville inte välja." in refused.content.decode()

    client.post(appoint_url(held), {**data, "special_reason": "Mentorn känner familjen bäst."})
    assert CoordinatorAppointment.objects.get().coordinator.user == reporter


def test_the_child_is_asked_first(client, held, bba, reporter):
    client.force_login(bba)

    response = client.post(
        appoint_url(held),
        {"child_wish": "", "coordinator": participant(held, reporter).pk, "special_reason": "x"},
    )

    assert "Fråga barnet först" in response.content.decode()
    assert not CoordinatorAppointment.objects.exists()


def test_the_service_keeps_the_rules_too(held, bba, reporter, social_worker):
    with pytest.raises(ValidationError) as refused:
        services.appoint_coordinator(
            held,
            by=bba,
            child_wish="Alva vill ha Maja.",
            child_wished_participant=participant(held, social_worker),
            coordinator=participant(held, reporter),
        )
    assert "special_reason" in refused.value.message_dict


def test_only_participants_of_the_meeting_can_be_chosen(
    client, held, case, bba, reporter, social_services, social_worker
):
    other = call_meeting(case, bba, [(reporter, case.agency)])
    client.force_login(bba)

    response = client.post(
        appoint_url(held),
        {"child_wish": "Alva vill ha Maja.", "coordinator": participant(other, reporter).pk},
    )

    assert response.status_code == 200
    assert not CoordinatorAppointment.objects.exists()


def test_one_appointment_per_meeting_and_a_later_meeting_may_appoint_anew(
    client, held, case, bba, reporter, social_services, social_worker
):
    client.force_login(bba)
    first = participant(held, social_worker)
    wish = {"child_wish": "Alva vill ha Maja.", "child_wished_participant": first.pk}
    client.post(appoint_url(held), {**wish, "coordinator": first.pk})

    again = client.post(appoint_url(held), {**wish, "coordinator": first.pk})
    assert "En samordningsperson är redan utsedd på det här mötet." in again.content.decode()
    assert CoordinatorAppointment.objects.count() == 1

    later = record_minutes(call_meeting(case, bba, [(reporter, case.agency)]), bba)
    services.appoint_coordinator(
        later,
        by=bba,
        child_wish="Alva vill nu ha mentorn.",
        child_wished_participant=participant(later, reporter),
        coordinator=participant(later, reporter),
    )
    assert selectors.current_coordinator(selectors.case_meeting_list(bba, case)) == participant(
        later, reporter
    )


def test_the_coordinator_keeps_the_meeting_until_the_consent_is_withdrawn(
    client, held, case, bba, social_worker
):
    coordinator = participant(held, social_worker)
    services.appoint_coordinator(
        held,
        by=bba,
        child_wish="Alva vill ha Maja.",
        child_wished_participant=coordinator,
        coordinator=coordinator,
    )
    client.force_login(social_worker)
    content = client.get(held.get_absolute_url()).content.decode()
    assert "Alva vill ha Maja." in content

    withdraw_consent(case.consents.get(), by=bba, withdrawn_by_party="Lena Berg")

    assert client.get(held.get_absolute_url()).status_code == 404


def test_the_case_page_shows_the_meetings_and_what_happened(client, held, case, bba, social_worker):
    coordinator = participant(held, social_worker)
    services.appoint_coordinator(
        held,
        by=bba,
        child_wish="Alva vill ha Maja.",
        child_wished_participant=coordinator,
        coordinator=coordinator,
    )
    client.force_login(bba)

    content = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()

    assert held.get_absolute_url() in content
    date = timezone.localtime(held.starts_at).strftime("%Y-%m-%d")
    for event in (
        f"Samverkansmöte kallat till {date}",
        f"Protokoll från samverkansmötet {date}",
        "Samordningsperson utsedd: Maja Forsberg",
    ):
        assert event in content
    assert reverse("meetings:meeting_create", args=[case.pk]) in content


def test_the_case_page_says_why_no_meeting_can_be_called_yet(client, school, bba):
    case = CaseFactory(child__agency=school)
    AnalysisFactory(case=case, decided_by=bba)
    client.force_login(bba)

    content = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()

    assert "Samverkan kan inte startas innan en analys" in content
    assert reverse("meetings:meeting_create", args=[case.pk]) not in content


def test_minutes_saved_by_a_colleague_meanwhile_are_not_overwritten(client, held, bba):
    url = reverse("meetings:minutes", args=[held.pk])
    colleague = member(held.case.agency, Membership.Role.BBA)
    opened = held.minutes_revision
    client.force_login(colleague)
    client.post(url, minutes_data(agreed="Kollegans rättelse.", revision=opened))
    client.force_login(bba)

    mine = minutes_data(agreed="Min rättelse.", revision=opened)
    refused = client.post(url, mine)

    content = refused.content.decode()
    assert refused.status_code == 200
    assert "Någon annan har ändrat protokollet medan du skrev." in content
    assert "Min rättelse." in content  # nothing typed is lost
    held.refresh_from_db()
    assert held.agreed == "Kollegans rättelse."
    # Saving again, now knowingly, replaces the colleague's text.
    again = {**mine, "revision": refused.context["form"].data["revision"]}
    assert client.post(url, again).status_code == 302
    held.refresh_from_db()
    assert held.agreed == "Min rättelse."
