"""The start page says what waits for whoever signs in: new concerns for the BBA, the cases
delegated to a handler, referrals for social services to decide, the meetings someone is
invited to, naming the child. A few of each, each list linked to the page with all of them,
and the page costs the same however much waits."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.agencies.services import ACTING_AGENCY_SESSION_KEY
from apps.agencies.start_page import SHOWN
from apps.audit.models import AccessLog
from apps.cases import services as case_services
from apps.referrals import services as referral_services
from tests.factories.cases import ConcernFactory
from tests.factories.consent import active_consent
from tests.factories.meetings import call_meeting, collaboration_case
from tests.factories.referrals import ReferralFactory

pytestmark = pytest.mark.django_db


def start_page(client, user, agency=None) -> str:
    client.force_login(user)
    if agency is not None:
        session = client.session
        session[ACTING_AGENCY_SESSION_KEY] = agency.pk
        session.save()
    return client.get(reverse("home")).content.decode()


def concern_about(school, reporter, first_name):
    return ConcernFactory(
        case__child__agency=school,
        case__child__first_name=first_name,
        case__child__last_name="Berg",
        reported_by=reporter,
    ).case


def referred_case(school, bba, social_services, first_name="Alva"):
    case = collaboration_case(school, bba, child__first_name=first_name, child__last_name="Berg")
    active_consent(case, [social_services], ["meeting", "referral"])
    return case


def test_the_bba_is_told_of_new_concerns_and_the_reporter_is_not(client, school, bba, reporter):
    case = concern_about(school, reporter, "Alva")

    page = start_page(client, bba)
    assert "Ny oro att ta hand om" in page
    assert reverse("cases:case_detail", args=[case.pk]) in page
    assert "Alva Berg" in page
    assert f"{reverse('cases:inbox')}?status=detected" in page

    assert "Ny oro att ta hand om" not in start_page(client, reporter)


def test_a_handler_finds_the_cases_delegated_to_them_and_only_those(
    client, school, bba, reporter, handler
):
    theirs = concern_about(school, reporter, "Alva")
    other = concern_about(school, reporter, "Nils")
    case_services.assign_handler(theirs, handler, by=bba)

    page = start_page(client, handler)

    assert "Ärenden du handlägger" in page
    assert reverse("cases:case_detail", args=[theirs.pk]) in page
    assert reverse("cases:case_detail", args=[other.pk]) not in page
    assert "Nils Berg" not in page


def test_social_services_is_told_of_the_referral_waiting_for_its_decision(
    client, school, bba, social_services, social_worker
):
    case = referred_case(school, bba, social_services)
    referral = ReferralFactory(case=case, sent_by=bba, to_agency=social_services)

    page = start_page(client, social_worker)

    assert "Remisser att besluta om" in page
    assert referral.get_absolute_url() in page
    assert "Alva Berg" in page and "från Ekbackens skola" in page
    assert reverse("referrals:incoming") in page
    logged = AccessLog.objects.filter(user=social_worker, path=reverse("home"))
    assert [(e.object_type, e.child_id) for e in logged] == [("referrals.referral", case.child_id)]


def test_a_decided_referral_no_longer_waits(client, school, bba, social_services, social_worker):
    case = referred_case(school, bba, social_services)
    referral = ReferralFactory(case=case, sent_by=bba, to_agency=social_services)
    referral_services.decline_referral(referral, by=social_worker, reason="Inget för oss just nu.")

    assert "Remisser att besluta om" not in start_page(client, social_worker)


def test_the_meetings_someone_is_invited_to_name_the_child(
    client, school, bba, social_services, social_worker
):
    case = referred_case(school, bba, social_services)
    meeting = call_meeting(case, bba, [(social_worker, social_services)])

    page = start_page(client, social_worker)
    assert "Kommande samverkansmöten" in page
    assert meeting.get_absolute_url() in page
    assert "Alva Berg" in page
    assert reverse("meetings:my_meetings") in page

    my_meetings = client.get(reverse("meetings:my_meetings")).content.decode()
    assert '<th scope="col">Barn</th>' in my_meetings
    assert """<td data-label="Barn">Alva Berg</td>""" in my_meetings


def test_each_list_shows_a_few_and_links_to_all_in_the_same_number_of_queries(
    client, school, bba, social_services, social_worker
):
    def waiting(count, first=0):
        for number in range(first, first + count):
            case = referred_case(school, bba, social_services, first_name=f"Barn{number:02}")
            ReferralFactory(case=case, sent_by=bba, to_agency=social_services)
            call_meeting(case, bba, [(social_worker, social_services)])

    waiting(1)
    start_page(client, social_worker, social_services)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))

    waiting(SHOWN + 2, first=1)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("home")).content.decode()

    assert len(many) == len(few)
    assert len(re.findall(r'href="/remisser/\d+/"', page)) == SHOWN
    # The referrals that have waited longest, oldest first.
    panel = page[page.index('id="referrals-start-heading"') :]
    panel = panel[: panel.index("</section>")]
    shown = re.findall(r"Barn(\d\d) ", panel)
    assert shown == [f"{number:02}" for number in range(SHOWN)]
    assert len(re.findall(r'href="/moten/\d+/"', page)) == SHOWN
    assert f'href="{reverse("referrals:incoming")}"' in page
    assert f'href="{reverse("meetings:my_meetings")}"' in page
