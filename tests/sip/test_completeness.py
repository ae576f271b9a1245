"""A plan is agreed only when it has what the law and the regional templates ask for, and the
page says, in plain Swedish, what is still missing."""

import pytest
from django.urls import reverse

from apps.cases.models import Case
from apps.sip import services
from apps.sip.models import PlanVersion
from tests.factories.sip import (
    agency_action,
    complete_fields,
    contact,
    other_action,
    write,
)
from tests.sip.calendar_mail import calendar_of

pytestmark = pytest.mark.django_db

EVERYTHING_OF_AN_EMPTY_PLAN = [
    "Barnets behov saknas.",
    "Barnets egna mål saknas.",
    "Det övergripande målet saknas.",
    "Det saknas en huvudman med övergripande ansvar för planen.",
    "Planen har ingen insats.",
    "Barnets syn på planen saknas.",
    "Vårdnadshavarnas syn på planen saknas.",
    "Det saknas en beskrivning av hur planen följs upp.",
    "Tid för nästa uppföljning saknas.",
]


def test_an_empty_plan_lacks_every_part(draft):
    assert services.missing_parts(draft) == EVERYTHING_OF_AN_EMPTY_PLAN


def test_the_story_plan_is_complete(written):
    assert services.missing_parts(written) == []


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("child_needs", "Barnets behov saknas."),
        ("child_goals", "Barnets egna mål saknas."),
        ("overall_goal", "Det övergripande målet saknas."),
        ("lead_agency", "Det saknas en huvudman med övergripande ansvar för planen."),
        ("child_view", "Barnets syn på planen saknas."),
        ("guardians_view", "Vårdnadshavarnas syn på planen saknas."),
        ("follow_up_how", "Det saknas en beskrivning av hur planen följs upp."),
        ("next_follow_up_at", "Tid för nästa uppföljning saknas."),
    ],
)
def test_each_missing_part_of_the_text_is_named(written, clinician, field, message):
    blank = None if field in ("lead_agency", "next_follow_up_at") else "  "
    write(
        written,
        clinician,
        actions=[_kept(a) for a in written.actions.all()],
        contacts=[contact(c.person, c.agency) for c in written.contacts.all()],
        **{field: blank},
    )

    assert services.missing_parts(written) == [message]


def _kept(action) -> dict:
    return {name: getattr(action, name) for name in ["id", *services.ACTION_FIELDS]}


def test_each_action_needs_an_agency_a_person_and_dates(
    draft, clinician, school, teacher, bup, social_services
):
    write(
        draft,
        clinician,
        actions=[
            agency_action("Samtal med kuratorn.", school, None, starts_on=None, ends_on=None),
            agency_action("Stöd från någon.", None, None),
            agency_action("Pågående samtal på BUP.", bup, None, ends_on=None, status="ongoing"),
            other_action("Fotboll med föreningen.", "", kind="third_party"),
            other_action("Mormor hämtar på fredagar.", "Mormor"),
        ],
        contacts=[contact(teacher, school)],
        **complete_fields(social_services),
    )

    # The actions are in the plan's order, by start date: where an empty one sorts is up to
    # the database.
    assert sorted(services.missing_parts(draft)) == sorted(
        [
            "Insatsen ”Samtal med kuratorn.” saknar ansvarig person.",
            "Insatsen ”Samtal med kuratorn.” saknar startdatum.",
            "Insatsen ”Samtal med kuratorn.” saknar slutdatum (eller status ”Pågår”).",
            "Insatsen ”Stöd från någon.” saknar ansvarig verksamhet.",
            "Insatsen ”Stöd från någon.” saknar ansvarig person.",
            "Insatsen ”Pågående samtal på BUP.” saknar ansvarig person.",
            "Insatsen ”Fotboll med föreningen.” saknar ansvarig.",
            "Det finns ingen kontaktperson för BUP Nyköping.",
        ]
    )


def test_a_long_action_is_quoted_shortened(draft, clinician, school, social_services):
    what = "Skolan ordnar en lugn plats i klassrummet " * 5
    write(
        draft,
        clinician,
        actions=[agency_action(what, school, None)],
        **complete_fields(social_services),
    )

    missing = services.missing_parts(draft)

    assert missing[0].startswith("Insatsen ”Skolan ordnar en lugn plats")
    assert len(missing[0]) < 100


def test_agreeing_is_refused_while_anything_is_missing(draft, clinician, case):
    with pytest.raises(services.PlanIncomplete) as refused:
        services.agree(draft, by=clinician, agreed_parties="Alla")

    assert refused.value.missing == EVERYTHING_OF_AN_EMPTY_PLAN
    draft.refresh_from_db()
    case.refresh_from_db()
    assert (draft.status, draft.agreed_at, draft.revision) == (PlanVersion.Status.DRAFT, None, 1)
    assert case.status == Case.Status.COLLABORATION


def test_the_agree_page_lists_what_is_missing_and_refuses(client, draft, clinician):
    client.force_login(clinician)
    url = reverse("sip:version_agree", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "Det här saknas innan planen kan bli överenskommen" in page

    response = client.post(url, {"agreed_parties": "Alva och mamma", "revision": 1})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Planen kan inte bli överenskommen ännu." in page
    for part in EVERYTHING_OF_AN_EMPTY_PLAN:
        assert part in page
    assert "Alva och mamma" in page
    draft.refresh_from_db()
    assert draft.status == PlanVersion.Status.DRAFT


def test_the_agreement_names_who_agreed(written, clinician):
    with pytest.raises(services.PlanRefused, match="Skriv vilka som kom överens om planen"):
        services.agree(written, by=clinician, agreed_parties=" ")


def test_an_edit_after_the_page_was_read_stops_the_agreement(client, written, clinician):
    client.force_login(clinician)
    read_revision = written.revision
    write(
        written,
        clinician,
        actions=[_kept(a) for a in written.actions.all()],
        contacts=[contact(c.person, c.agency) for c in written.contacts.all()],
        overall_goal="Ett nytt mål som ingen har läst.",
    )

    response = client.post(
        reverse("sip:version_agree", args=[written.pk]),
        {"agreed_parties": "Alla", "revision": read_revision},
    )

    assert "Någon annan har ändrat planen" in response.content.decode()
    written.refresh_from_db()
    assert written.status == PlanVersion.Status.DRAFT


def test_agreeing_invites_everyone_in_the_plan_to_the_follow_up(
    written, clinician, social_worker, teacher, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        services.agree(written, by=clinician, agreed_parties="Alva, vårdnadshavarna och alla tre.")

    invited = {address for message in mail.outbox for address in message.to}
    assert {clinician.email, social_worker.email, teacher.email} <= invited
    for message in mail.outbox:
        [event] = calendar_of(message).events
        assert str(event["ORGANIZER"]) == f"mailto:{clinician.email}"
        [(text, _type)] = message.alternatives
        assert "Alva" not in text and "Alva" not in message.body
