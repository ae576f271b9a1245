"""The case page reads a fixed number of queries, however much a case holds.

Each app's records are read once for its section and its part of the chronology, the case's
history once for the chronology and the change log, and every question of access about the case
is answered with the case itself; so a case with three of everything costs what a case with one
of everything does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.agencies.models import Membership
from apps.analysis.models import Analysis
from apps.cases import services as case_services
from apps.consent.sharing import withdraw_consent
from apps.handovers import services as handover_services
from apps.referrals import services as referral_services
from apps.referrals.models import Referral
from apps.sip import services as sip_services
from tests.factories.agencies import member
from tests.factories.analysis import AnalysisFactory
from tests.factories.cases import ChildFactory, ConcernFactory
from tests.factories.consent import active_consent
from tests.factories.handovers import hand_over
from tests.factories.referrals import ReferralFactory
from tests.factories.sip import (
    agree,
    appointed_meeting,
    complete_fields,
    contact,
    story_actions,
    write,
)
from tests.factories.wheel import AssessmentFactory

pytestmark = pytest.mark.django_db

# The session, a savepoint and its release, and twenty-one reads (the session comes from Redis
# in production, see settings.SESSION_ENGINE); the child's recorded stages and the handovers
# are two of them. Who changed what (three histories) and the unit's handlers to choose from
# are pages of their own.
MOST_QUERIES = 24


def received_case(count, school, bba, other_school):
    """A case of the school opened from a referral by another school, and ``count`` - 1 more
    referrals pointed at it: in life each accepted referral opens a case of its own, but here
    the referrals received grow with ``count`` like everything else."""
    other_bba = member(other_school, Membership.Role.BBA)
    sending = ChildFactory(agency=other_school)
    received = []
    for _ in range(count):
        concern = ConcernFactory(case__child=sending, reported_by=other_bba)
        active_consent(concern.case, [school], ["referral"], by=other_bba)
        referral = ReferralFactory(case=concern.case, sent_by=other_bba, to_agency=school)
        received.append(referral_services.accept_referral(referral, by=bba))
    case = received[0].receiving_case
    Referral.objects.filter(pk__in=[r.pk for r in received]).update(receiving_case=case)
    return case


def busy_case(
    count, school, bba, handler, reporter, other_school, social_services, social_worker, bup
):
    """A case with ``count`` of every kind of record the case page shows: concerns,
    assessments, analyses, consents (each withdrawn for BUP, so shares ended), meetings with a
    coordinator appointed, plans agreed, followed up and revised into a version 2, referrals
    sent and received, handovers declined; delegated to a handler."""
    clinician = member(bup, Membership.Role.HANDLER)
    teacher = member(school, Membership.Role.REPORTER)
    case = received_case(count, school, bba, other_school)
    for _ in range(count):
        ConcernFactory(case=case, reported_by=reporter)
        AssessmentFactory(case=case, created_by=bba)
        AnalysisFactory(
            case=case,
            decided_by=bba,
            decision=Analysis.Decision.COLLABORATION,
            collaboration_kinds=["social_services", "health_care"],
        )
    consents = [active_consent(case, [social_services, bup]) for _ in range(count)]
    for _ in range(count):
        meeting = appointed_meeting(case, bba, clinician, bup, [(social_worker, social_services)])
        version = sip_services.create_plan(meeting, by=clinician).versions.get()
        write(
            version,
            clinician,
            actions=story_actions(school, teacher, social_services, social_worker, bup, clinician),
            contacts=[
                contact(bba, school),
                contact(social_worker, social_services),
                contact(clinician, bup),
            ],
            **complete_fields(social_services),
        )
        agreed = agree(version, clinician)
        sip_services.record_follow_up(
            agreed,
            by=clinician,
            held_on=timezone.localdate(),
            notes="Det går bättre.",
            outcomes={action.pk: ("Pågår", "ongoing") for action in agreed.actions.all()},
            revise=True,
        )
        ReferralFactory(case=case, sent_by=bba, to_agency=social_services)
    for consent in consents:
        withdraw_consent(consent, by=bba, withdrawn_by_party="Lena Berg", agencies=[bup])
    active_consent(case, [other_school], ["handover"], by=bba)
    next_bba = member(other_school, Membership.Role.BBA)
    for _ in range(count):
        handover = hand_over(case, bba, other_school)
        handover_services.decline_handover(handover, by=next_bba, reason="Fel skola.")
    return case_services.assign_handler(case, handler, by=bba)


def case_page_queries(client, user, case) -> tuple[int, str]:
    client.force_login(user)
    url = reverse("cases:case_detail", args=[case.pk])
    client.get(url)  # the session's first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_case_page_reads_as_much_for_three_of_everything_as_for_one(
    client, school, bba, handler, reporter, other_school, social_services, social_worker, bup
):
    people = (school, bba, handler, reporter, other_school, social_services, social_worker, bup)
    one, page = case_page_queries(client, bba, busy_case(1, *people))
    three, _ = case_page_queries(client, bba, busy_case(3, *people))

    for shown in (
        "Kartläggning gjord",
        "Analys: Samverkan behövs",
        "Samtycke återkallat för BUP",
        "Delning upphörde: BUP",
        "Samordningsperson utsedd",
        "Remiss skickad till Socialtjänsten",
        "Ärendet öppnades från en remiss från Brunnsbergs skola",
        "Läs remissen",
        "SIP version 1 överenskommen",
        "SIP reviderad: version 2 påbörjad",
        "Välj handläggare",
        "Överlämningen avböjdes av Brunnsbergs skola",
    ):
        assert shown in page, shown
    assert one <= MOST_QUERIES
    assert three == one


def test_a_consent_that_ended_no_share_costs_no_read_of_shares(
    client, school, bba, social_services
):
    """What ended with a consent is read only for consents that ended something, asked in
    the consents' own query: the case page of a case whose consent holds pays nothing for it."""
    case = ConcernFactory(case__child=ChildFactory(agency=school), reported_by=bba).case
    active_consent(case, [social_services])
    client.force_login(bba)
    url = reverse("cases:case_detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    reads_of_shares = [q for q in queries if q["sql"].startswith('SELECT "consent_share"')]
    assert reads_of_shares == []
