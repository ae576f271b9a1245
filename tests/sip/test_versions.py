"""The plan is never rewritten once agreed: a follow-up records what happened with every
action and may revise the plan into a new version; old versions stay readable. Drafts are
edited without overwriting a colleague's save."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.consent.sharing import ConsentMissing, withdraw_consent
from apps.sip import selectors, services
from apps.sip.models import Action, ContactPerson, FollowUp, PlanVersion
from tests.factories.sip import (
    MOTHER_ACTION,
    SOCIAL_ACTION,
    agency_action,
    agree,
    complete_fields,
    edit_data,
    outcome_data,
    write,
)

pytestmark = pytest.mark.django_db
S = PlanVersion.Status


def rows(version) -> list[dict]:
    """The version's actions as the edit page posts them back unchanged."""
    return [
        {name: getattr(action, name) for name in ["id", *services.ACTION_FIELDS]}
        for action in version.actions.order_by("pk")
    ]


def contacts_of(version) -> list[tuple]:
    return [(c.person, c.agency) for c in version.contacts.order_by("agency__name")]


def contact_dicts(pairs) -> list[dict]:
    return [{"agency": agency, "person": person} for person, agency in pairs]


def test_a_follow_up_that_revises_starts_version_2_and_keeps_version_1(
    client, agreed, clinician, social_worker
):
    plan = agreed.plan
    agreed.reminder_sent_at = agreed.overdue_flagged_at = timezone.now()
    agreed.save()
    client.force_login(clinician)
    url = reverse("sip:follow_up_create", args=[agreed.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, outcome_data(agreed, status="done", revise="on"))

    assert response["Location"] == reverse("sip:plan_detail", args=[plan.pk])
    follow_up = FollowUp.objects.get()
    draft = follow_up.revised_into
    assert (draft.number, draft.status, draft.created_by) == (2, S.DRAFT, clinician)
    agreed.refresh_from_db()
    assert agreed.status == S.AGREED
    assert (agreed.next_follow_up_at, agreed.reminder_sent_at, agreed.overdue_flagged_at) == (
        None,
        None,
        None,
    )
    assert {a.status for a in agreed.actions.all()} == {Action.Status.DONE}
    assert follow_up.outcomes.count() == agreed.actions.count() == 4
    # Everything is copied into new rows: the agreed version stays exactly as agreed.
    assert draft.child_needs == agreed.child_needs
    assert draft.lead_agency == agreed.lead_agency
    assert draft.next_follow_up_at is None
    assert sorted(a.what for a in draft.actions.all()) == sorted(
        a.what for a in agreed.actions.all()
    )
    assert not set(draft.actions.values_list("pk", flat=True)) & set(
        agreed.actions.values_list("pk", flat=True)
    )
    assert contacts_of(draft) == contacts_of(agreed)
    assert selectors.current_version(plan) == draft
    # Both versions are readable, by the coordinator and by those named.
    for person in (clinician, social_worker):
        client.force_login(person)
        page = client.get(reverse("sip:version_detail", args=[agreed.pk])).content.decode()
        assert SOCIAL_ACTION in page and "Överenskommen" in page
        page = client.get(reverse("sip:plan_detail", args=[plan.pk])).content.decode()
        assert "Version 2: Utkast" in page and "Version 1: Överenskommen" in page


def test_agreeing_version_2_supersedes_version_1(client, agreed, clinician, case):
    follow_up = services.record_follow_up(
        agreed,
        by=clinician,
        held_on=timezone.localdate(),
        notes="Dags att ändra planen.",
        outcomes={a.pk: ("Pågår", "ongoing") for a in agreed.actions.all()},
        revise=True,
    )
    draft = follow_up.revised_into
    write(
        draft,
        clinician,
        actions=rows(draft),
        contacts=contact_dicts(contacts_of(draft)),
        next_follow_up_at=complete_fields(None)["next_follow_up_at"],
    )

    agree(draft, clinician)

    agreed.refresh_from_db()
    draft.refresh_from_db()
    assert (agreed.status, draft.status) == (S.SUPERSEDED, S.AGREED)
    assert selectors.current_version(agreed.plan) == draft
    client.force_login(clinician)
    page = client.get(reverse("sip:version_detail", args=[agreed.pk])).content.decode()
    assert "Den här versionen är ersatt av en senare version." in page
    case.refresh_from_db()
    assert case.status == "follow_up"


def test_a_follow_up_without_revision_keeps_the_plan_in_force(agreed, clinician):
    services.record_follow_up(
        agreed,
        by=clinician,
        held_on=timezone.localdate(),
        notes="Allt går enligt plan.",
        outcomes={a.pk: ("Pågår som planerat", "ongoing") for a in agreed.actions.all()},
    )

    assert agreed.plan.versions.count() == 1
    agreed.refresh_from_db()
    assert agreed.status == S.AGREED and agreed.next_follow_up_at is None
    assert FollowUp.objects.get().revised_into is None


def test_every_action_needs_an_outcome(client, agreed, clinician):
    client.force_login(clinician)
    data = outcome_data(agreed)
    mother = agreed.actions.get(what=MOTHER_ACTION)
    data[f"action-{mother.pk}-what_happened"] = ""

    response = client.post(reverse("sip:follow_up_create", args=[agreed.pk]), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv vad som har hänt med insatsen." in page
    assert "Alva kommer till skolan oftare." in page
    assert not FollowUp.objects.exists()
    with pytest.raises(services.PlanRefused, match="Skriv vad som har hänt med varje insats"):
        services.record_follow_up(
            agreed, by=clinician, held_on=timezone.localdate(), notes="Kort.", outcomes={}
        )


def test_only_the_agreed_version_is_followed_up_and_only_drafts_are_edited(
    client, written, clinician
):
    with pytest.raises(services.PlanRefused, match="Bara den överenskomna planen"):
        services.record_follow_up(
            written, by=clinician, held_on=timezone.localdate(), notes="x", outcomes={}
        )
    agree(written, clinician)
    client.force_login(clinician)
    edit = reverse("sip:version_edit", args=[written.pk])

    page = client.get(edit).content.decode()
    response = client.post(
        edit, edit_data(written, complete_fields(None, child_needs="Skrivs över?"), rows(written))
    )

    assert "Version 1 är inte ett utkast och kan inte ändras." in page
    assert "Version 1 är inte ett utkast" in response.content.decode()
    written.refresh_from_db()
    assert written.child_needs != "Skrivs över?"


def test_a_concurrent_edit_is_detected_and_the_input_kept(
    client, written, clinician, bba, social_services
):
    edit = reverse("sip:version_edit", args=[written.pk])
    opened_revision = written.revision
    client.force_login(bba)
    client.post(
        edit,
        edit_data(
            written,
            complete_fields(social_services, overall_goal="BBA:ns mål."),
            rows(written),
            contacts_of(written),
        ),
    )
    written.refresh_from_db()
    assert written.overall_goal == "BBA:ns mål."
    client.force_login(clinician)
    mine = edit_data(
        written,
        complete_fields(social_services, overall_goal="Samordnarens mål."),
        rows(written),
        contacts_of(written),
        revision=opened_revision,
    )

    response = client.post(edit, mine)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan har ändrat planen medan du skrev." in page
    assert "Samordnarens mål." in page
    written.refresh_from_db()
    assert written.overall_goal == "BBA:ns mål."
    # Told what happened, the coordinator saves again on purpose, on top of the BBA's save.
    form = response.context["form"]
    assert form.main.data["revision"] == written.revision
    mine["revision"] = str(written.revision)
    assert client.post(edit, mine).status_code == 302
    written.refresh_from_db()
    assert written.overall_goal == "Samordnarens mål."


def test_the_same_revision_saved_twice_by_the_service_is_refused(written, clinician):
    stale = PlanVersion.objects.get(pk=written.pk)
    write(written, clinician, actions=rows(written), overall_goal="Först.")

    with pytest.raises(services.ConcurrentEdit):
        write(stale, clinician, actions=rows(stale), overall_goal="Sen.")


def test_a_draft_action_is_removed_and_a_new_one_added_through_the_page(
    client, written, clinician, school, teacher, social_services
):
    actions = rows(written)
    removed = actions[0]
    removed["DELETE"] = True
    added = agency_action("Extra studiestöd i matematik.", school, teacher)
    client.force_login(clinician)

    response = client.post(
        reverse("sip:version_edit", args=[written.pk]),
        edit_data(
            written, complete_fields(social_services), [*actions, added], contacts_of(written)
        ),
    )

    assert response.status_code == 302
    whats = set(written.actions.values_list("what", flat=True))
    assert removed["what"] not in whats
    assert "Extra studiestöd i matematik." in whats
    deletion = Action.history.get(id=removed["id"], history_type="-")
    assert deletion.history_user == clinician


def test_changing_a_contact_person_changes_that_row(
    written, clinician, bba, teacher, school, social_services, social_worker, bup
):
    before = ContactPerson.objects.get(version=written, agency=school)
    write(
        written,
        clinician,
        actions=rows(written),
        contacts=[
            {"agency": school, "person": teacher},
            {"agency": social_services, "person": social_worker},
            {"agency": bup, "person": clinician},
        ],
    )

    after = ContactPerson.objects.get(version=written, agency=school)
    assert (after.pk, after.person) == (before.pk, teacher)
    assert after.history.latest().history_user == clinician


def test_after_a_withdrawal_the_plan_is_revised_without_the_agency(
    agreed, social_consent, clinician, bba, social_services, social_worker
):
    withdraw_consent(social_consent, by=bba, withdrawn_by_party="Lena Berg")
    follow_up = services.record_follow_up(
        agreed,
        by=clinician,
        held_on=timezone.localdate(),
        notes="Familjen har tagit tillbaka samtycket för socialtjänsten.",
        outcomes={a.pk: ("Avslutad", "cancelled") for a in agreed.actions.all()},
        revise=True,
    )
    draft = follow_up.revised_into
    others = [c for c in contacts_of(draft) if c[1] != social_services]

    with pytest.raises(ConsentMissing, match="Socialtjänsten Nyköping"):
        write(draft, clinician, actions=rows(draft), contacts=contact_dicts(contacts_of(draft)))

    draft.refresh_from_db()
    write(
        draft,
        clinician,
        actions=[row for row in rows(draft) if row["agency"] != social_services],
        contacts=contact_dicts(others),
    )
    assert not draft.actions.filter(agency=social_services).exists()
    assert not selectors.viewable_plans(social_worker).exists()
