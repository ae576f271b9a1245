"""What consent adds to the case page (its panel) and to the case chronology."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.agencies import policy
from apps.cases import services as case_services
from apps.consent import sharing
from apps.consent.models import ConsentParty
from tests.case_page import case_events, render_panel
from tests.factories.consent import active_consent

pytestmark = pytest.mark.django_db


def panel(case, user):
    return render_panel("consent/_case_panel.html", case, user)


def test_panel_lists_consents_with_status_and_offers_a_new_one(
    client, teen_case, bba, social_services, bup
):
    active = active_consent(teen_case, [social_services, bup], ["meeting"])
    refused = active_consent(
        teen_case, [bup], ["referral"], child_answer=ConsentParty.Answer.REFUSED
    )

    html = panel(teen_case, bba)

    assert reverse("consent:consent_detail", args=[active.pk]) in html
    assert reverse("consent:consent_detail", args=[refused.pk]) in html
    assert "<ul><li>BUP Nyköping</li><li>Socialtjänsten Nyköping</li></ul>" in html
    assert "Remiss till annan verksamhet" in html
    assert html.count(">Gäller</span>") == 1
    assert "Gäller inte</span> Barnet är 15 år och måste själv samtycka." in html
    assert reverse("consent:consent_create", args=[teen_case.pk]) in html
    assert "Anteckna samtycke" in html


def test_panel_says_when_there_is_no_consent(teen_case, bba):
    assert "Inget samtycke är antecknat." in panel(teen_case, bba)


def test_panel_offers_nothing_to_who_may_only_read(teen_case, social_services, social_worker):
    group = policy.membership_group(social_worker, social_services)
    policy.grant(policy.VIEW_CASE, group, teen_case)
    assert "Anteckna samtycke" not in panel(teen_case, social_worker)


def test_panel_offers_nothing_in_a_closed_case(teen_case, bba):
    case_services.close_case(teen_case, by=bba, reason="Familjen flyttade.")
    assert "Anteckna samtycke" not in panel(teen_case, bba)


def test_chronology_shows_recording_withdrawal_and_ended_shares(teen_case, bba, social_services):
    consent = active_consent(teen_case, [social_services], ["meeting"], by=bba)
    sharing.share(
        teen_case,
        case=teen_case,
        agency=social_services,
        purpose="meeting",
        groups=[
            policy.role_group(social_services, "handler"),
            policy.role_group(social_services, "bba"),
        ],
        perms=[policy.VIEW_CASE],
        by=bba,
    )
    sharing.withdraw_consent(consent, by=bba, withdrawn_by_party="Lena Berg")

    events = [e for e in case_events(teen_case, bba) if e.kind in ("consent", "share")]

    url = reverse("consent:consent_detail", args=[consent.pk])
    assert [(e.title, e.who, e.url) for e in events] == [
        ("Samtycke antecknat", bba, url),
        ("Samtycke återkallat (av Lena Berg)", bba, url),
        ("Delning upphörde: Socialtjänsten Nyköping (samtycket återkallades)", bba, url),
    ]


def _queries(client, url):
    client.get(url)  # the first request of a session also syncs role groups
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_case_page_runs_a_fixed_number_of_queries_however_many_consents(
    client, teen_case, bba, social_services, bup
):
    client.force_login(bba)
    url = reverse("cases:case_detail", args=[teen_case.pk])
    active_consent(teen_case, [social_services], ["meeting"])
    few = _queries(client, url)
    for agencies in ([social_services, bup], [bup], [social_services]):
        active_consent(teen_case, agencies, ["meeting", "sip"])
    assert _queries(client, url) == few
