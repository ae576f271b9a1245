"""Who sees a plan: the case's own people, the coordinator and each person named in it;
nobody else, and nobody of another agency once the consent they came in under has been
withdrawn or has expired. Every grant and revocation is in the history with the acting user."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.cases.services import assign_handler
from apps.consent import tasks as consent_tasks
from apps.consent.models import Share
from apps.consent.sharing import withdraw_consent
from apps.sip import selectors
from apps.sip.models import PlanGroupObjectPermission
from apps.sip.services import ACTION_FIELDS
from tests.factories.consent import after_last_day
from tests.factories.sip import agency_action, contact, outcome_data, write

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def rows(version) -> list[dict]:
    return [
        {name: getattr(action, name) for name in ["id", *ACTION_FIELDS]}
        for action in version.actions.all()
    ]


def reading_pages(version):
    return [
        reverse("sip:plan_detail", args=[version.plan.pk]),
        reverse("sip:version_detail", args=[version.pk]),
    ]


def changing_pages(version):
    return [
        reverse("sip:version_edit", args=[version.pk]),
        reverse("sip:version_agree", args=[version.pk]),
        reverse("sip:follow_up_create", args=[version.pk]),
        reverse("sip:close_case", args=[version.plan.pk]),
    ]


@pytest.mark.parametrize(
    "outsider",
    ["other_bba", "administrator", "reporter", "other_social_worker", "steering_group"],
)
def test_outsiders_get_404_on_every_plan_page(client, agreed, outsider, request):
    user = request.getfixturevalue(outsider)
    client.force_login(user)

    for url in reading_pages(agreed) + changing_pages(agreed):
        assert client.get(url).status_code == 404, (outsider, url)
        assert client.post(url, outcome_data(agreed)).status_code == 404, (outsider, url)
    assert client.get(reverse("sip:plan_create", args=[agreed.plan.meeting.pk])).status_code == 404
    assert not selectors.viewable_plans(user).exists()


@pytest.mark.parametrize("named", ["teacher", "social_worker"])
def test_those_named_read_and_nothing_more(client, agreed, named, request):
    client.force_login(request.getfixturevalue(named))

    for url in reading_pages(agreed):
        assert client.get(url).status_code == 200, url
    for url in changing_pages(agreed):
        assert client.get(url).status_code == 404, url
        assert client.post(url, outcome_data(agreed)).status_code == 404, url
    assert client.post(reverse("sip:plan_create", args=[agreed.plan.meeting.pk])).status_code == 404


def test_the_case_own_people_and_the_coordinator_change_the_plan(
    client, agreed, bba, clinician, handler, case
):
    for person in (bba, clinician):
        client.force_login(person)
        for url in changing_pages(agreed):
            assert client.get(url).status_code == 200, (person, url)
    # A handler of the school sees the plan once the case is theirs, not before.
    client.force_login(handler)
    assert client.get(reading_pages(agreed)[0]).status_code == 404
    assign_handler(case, handler, by=bba)
    assert client.get(reading_pages(agreed)[0]).status_code == 200


def test_withdrawing_the_consent_shuts_social_services_out_at_once(
    client, agreed, social_consent, social_worker, bba, clinician
):
    client.force_login(social_worker)
    assert client.get(reading_pages(agreed)[0]).status_code == 200

    withdraw_consent(social_consent, by=bba, withdrawn_by_party="Lena Berg")

    for url in reading_pages(agreed):
        assert client.get(url).status_code == 404, url
    # The coordinator came in under BUP's consent, which still holds.
    client.force_login(clinician)
    assert client.get(reading_pages(agreed)[0]).status_code == 200


def test_withdrawing_the_coordinators_consent_ends_the_coordinators_access(
    client, agreed, bup_consent, clinician, bba
):
    withdraw_consent(bup_consent, by=bba, withdrawn_by_party="Lena Berg")
    client.force_login(clinician)

    for url in reading_pages(agreed) + changing_pages(agreed):
        assert client.get(url).status_code == 404, url
    assert list(selectors.my_plans(clinician)) == []


def test_an_expired_consent_lets_nobody_in(client, agreed, social_consent, social_worker):
    client.force_login(social_worker)
    assert client.get(reading_pages(agreed)[0]).status_code == 200

    with after_last_day(social_consent):
        client.force_login(social_worker)
        for url in reading_pages(agreed):
            assert client.get(url).status_code == 404, url
        assert not selectors.viewable_plans(social_worker).exists()
        consent_tasks.end_lapsed_shares.delay().get()

    plan_shares = Share.objects.filter(
        perm__startswith="sip.", agency__name="Socialtjänsten Nyköping"
    )
    assert {share.ended_reason for share in plan_shares} == {Share.Ended.EXPIRED}


def test_a_person_named_later_is_let_in_when_the_draft_is_saved(
    client, written, clinician, social_services, other_social_worker
):
    client.force_login(other_social_worker)
    assert client.get(reading_pages(written)[0]).status_code == 404
    actions = rows(written)
    actions.append(
        agency_action("Kontaktfamilj varannan helg.", social_services, other_social_worker)
    )
    write(
        written,
        clinician,
        actions=actions,
        contacts=[contact(c.person, c.agency) for c in written.contacts.all()],
    )

    assert client.get(reading_pages(written)[0]).status_code == 200


def test_history_names_who_granted_and_who_revoked(
    agreed, social_consent, social_worker, clinician, bba
):
    plan = agreed.plan
    group = social_worker.memberships.get().group
    rows = PlanGroupObjectPermission.objects.filter(group=group, content_object=plan)
    assert {row.permission.codename for row in rows} == {"view_plan", "print_plan"}
    row = rows.first()

    withdraw_consent(social_consent, by=bba, withdrawn_by_party="Omar Berg")

    history = PlanGroupObjectPermission.history.filter(id=row.pk).order_by("history_date")
    assert [(h.history_type, h.history_user) for h in history] == [("+", clinician), ("-", bba)]
    assert plan.history.earliest().history_user == clinician
    assert {h.history_user for h in agreed.history.all()} == {clinician}
    action = agreed.actions.first()
    assert action.history.earliest().history_user == clinician
    assert Share.objects.get(perm="sip.change_plan").granted_by == clinician


def test_the_plan_page_runs_a_fixed_number_of_queries(
    client, written, clinician, bba, school, teacher, social_services, social_worker
):
    client.force_login(bba)
    url = reading_pages(written)[0]
    client.get(url)  # the first request of a session also syncs role groups
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200

    actions = rows(written)
    for n in range(5):
        actions.append(agency_action(f"Insats nummer {n}.", school, teacher))
        actions.append(agency_action(f"Stöd nummer {n}.", social_services, social_worker))
    write(
        written,
        clinician,
        actions=actions,
        contacts=[contact(c.person, c.agency) for c in written.contacts.all()],
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "Insats nummer 4." in response.content.decode()
    assert len(many) == len(few)


def _story_without_teacher(school, bba, social_services, social_worker, bup, clinician):
    return {
        "actions": [
            agency_action("Skolan anpassar schemat.", school, bba, area="learning"),
            agency_action("Familjestöd i hemmet.", social_services, social_worker),
            agency_action("Utredning av sömnen.", bup, clinician, area="health"),
        ],
        "contacts": [
            contact(bba, school),
            contact(social_worker, social_services),
            contact(clinician, bup),
        ],
    }


def test_someone_taken_out_of_a_draft_loses_the_plan_again(
    client, written, teacher, clinician, school, bba, social_services, social_worker, bup
):
    plan_url = reverse("sip:plan_detail", args=[written.plan.pk])
    client.force_login(teacher)
    assert client.get(plan_url).status_code == 200

    written.refresh_from_db()
    write(
        written,
        clinician,
        **_story_without_teacher(school, bba, social_services, social_worker, bup, clinician),
    )

    assert client.get(plan_url).status_code == 404
    assert PlanGroupObjectPermission.history.filter(
        content_object=written.plan, history_type="-", history_user=clinician
    ).exists()
    client.force_login(social_worker)
    assert client.get(plan_url).status_code == 200


def test_someone_named_in_an_agreed_version_keeps_reading_it(
    client, agreed, teacher, clinician, school, bba, social_services, social_worker, bup
):
    from apps.sip import services

    follow_up = services.record_follow_up(
        agreed,
        by=clinician,
        held_on=timezone.localdate(),
        notes="Skolans insats är klar.",
        outcomes={a.pk: ("Klart", "done") for a in agreed.actions.all()},
        revise=True,
    )
    write(
        follow_up.revised_into,
        clinician,
        **_story_without_teacher(school, bba, social_services, social_worker, bup, clinician),
    )

    client.force_login(teacher)
    assert client.get(reverse("sip:plan_detail", args=[agreed.plan.pk])).status_code == 200


def test_someone_of_another_agency_taken_out_of_a_draft_loses_it_but_the_colleague_keeps_it(
    client, written, clinician, school, bba, social_services, social_worker, other_social_worker, bup
):  # fmt: skip
    story = _story_without_teacher(school, bba, social_services, social_worker, bup, clinician)
    story["actions"][1]["responsible"] = other_social_worker
    story["contacts"][1]["person"] = other_social_worker
    written.refresh_from_db()
    write(written, clinician, **story)

    plan_url = reverse("sip:plan_detail", args=[written.plan.pk])
    client.force_login(social_worker)
    assert client.get(plan_url).status_code == 404
    client.force_login(other_social_worker)
    assert client.get(plan_url).status_code == 200
    ended = Share.objects.filter(object_id=written.plan.pk, ended_reason=Share.Ended.REMOVED)
    assert ended.exists()
    assert all(share.ended_by == clinician for share in ended)
