"""Plans made through the SIP services, and what the plan's forms post.

The story of the tests: the school (the owning agency) meets social services and BUP under a
consent for meetings and SIP, and a BUP clinician is appointed coordinator. The plan names a
teacher of the school, a social worker and the clinician.
"""

import datetime

from django.utils import timezone

from apps.meetings import services as meeting_services
from apps.meetings.models import Meeting
from apps.sip import services
from apps.sip.models import PlanVersion
from tests.factories.meetings import call_meeting, record_minutes

SCHOOL_ACTION = "Mentorn har ett samtal med Alva varje måndag morgon."
SOCIAL_ACTION = "Familjebehandling i hemmet en gång i veckan."
BUP_ACTION = "Samtalsstöd på BUP varannan vecka."
MOTHER_ACTION = "Mamma väcker Alva i tid varje morgon."


def appointed_meeting(case, bba, coordinator, coordinator_agency, invitees=()) -> Meeting:
    """A held meeting of the case, called by the BBA, where ``coordinator`` was appointed
    (as the child wished). ``invitees`` are further (user, agency) pairs."""
    people = [(coordinator, coordinator_agency), *invitees]
    meeting = call_meeting(case, bba, [pair for pair in people if pair[0] != bba])
    record_minutes(meeting, bba)
    chosen = meeting.participants.get(user=coordinator)
    meeting_services.appoint_coordinator(
        meeting,
        by=bba,
        child_wish="Alva vill prata med någon hon redan känner.",
        child_wished_participant=chosen,
        coordinator=chosen,
    )
    return Meeting.objects.get(pk=meeting.pk)


def in_days(days: int, hour: int = 13) -> datetime.datetime:
    later = timezone.localtime() + datetime.timedelta(days=days)
    return later.replace(hour=hour, minute=0, second=0, microsecond=0)


def complete_fields(lead_agency, **overrides) -> dict:
    """Everything of a version's own text that a complete plan has."""
    return {
        "child_needs": "Alva behöver lugna morgnar och en vuxen att prata med.",
        "child_goals": "Jag vill komma till skolan varje dag.",
        "overall_goal": "Alva går i skolan och känner sig trygg hemma.",
        "lead_agency": lead_agency,
        "child_view": "Alva tycker att planen är bra.",
        "guardians_view": "Vårdnadshavarna vill ha stöd i vardagen.",
        "disagreements": "",
        "other_participants": "Lena Berg, mamma",
        "follow_up_how": "Samordningspersonen kallar alla till uppföljning efter sex veckor.",
        "next_follow_up_at": in_days(42),
        "next_follow_up_place": "Ekbackens skola, konferensrummet",
        **overrides,
    }


def agency_action(what, agency, responsible, **overrides) -> dict:
    """An action given by an agency, with a named person, from today for three months."""
    today = timezone.localdate()
    return {
        "id": None,
        "what": what,
        "area": "home",
        "kind": "agency",
        "agency": agency,
        "responsible": responsible,
        "responsible_name": "",
        "starts_on": today,
        "ends_on": today + datetime.timedelta(days=90),
        "status": "planned",
        **overrides,
    }


def other_action(what, responsible_name, kind="relative", **overrides) -> dict:
    return agency_action(
        what, None, None, kind=kind, responsible_name=responsible_name, **overrides
    )


def story_actions(school, teacher, social_services, social_worker, bup, clinician) -> list:
    """Actions for the school, social services and BUP, and one for the mother."""
    return [
        agency_action(SCHOOL_ACTION, school, teacher, area="learning"),
        agency_action(SOCIAL_ACTION, social_services, social_worker),
        agency_action(BUP_ACTION, bup, clinician, area="health", status="ongoing", ends_on=None),
        other_action(MOTHER_ACTION, "Lena Berg, mamma"),
    ]


def contact(person, agency) -> dict:
    return {"agency": agency, "person": person}


def write(version: PlanVersion, by, *, actions=(), contacts=(), **fields) -> PlanVersion:
    """Save the draft through the service, as the edit page does."""
    return services.update_version(
        version,
        by=by,
        expected_revision=version.revision,
        fields=fields,
        actions=list(actions),
        contacts=list(contacts),
    )


def agree(version: PlanVersion, by) -> PlanVersion:
    return services.agree(version, by=by, agreed_parties="Alva, vårdnadshavarna och alla tre.")


# What the pages post.


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def person(user, agency) -> str:
    return f"{agency.pk}:{user.pk}"


def edit_data(version: PlanVersion, fields: dict, actions=(), contacts=(), revision=None) -> dict:
    """What the edit page posts. ``actions`` are dicts as ``agency_action`` makes, with the
    ``id`` of an existing action for the rows already there (those first, in the page's
    order; a ``DELETE`` key ticks "Ta bort"); ``contacts`` are (user, agency) pairs, the
    existing ones first."""
    data = {name: _value(value) for name, value in fields.items()}
    data["revision"] = str(revision or version.revision)
    existing_actions = sum(1 for action in actions if action.get("id"))
    data.update(
        {
            "actions-TOTAL_FORMS": str(len(actions)),
            "actions-INITIAL_FORMS": str(existing_actions),
            "contacts-TOTAL_FORMS": str(len(contacts)),
            "contacts-INITIAL_FORMS": str(version.contacts.count()),
        }
    )
    for index, action in enumerate(actions):
        prefix = f"actions-{index}-"
        for name, value in action.items():
            if name == "responsible":
                value = person(value, action["agency"]) if value else ""
            if name == "DELETE":
                value = "on" if value else ""
            data[prefix + name] = _value(value)
    for index, (user, agency) in enumerate(contacts):
        data[f"contacts-{index}-person"] = person(user, agency)
    return data


def outcome_data(version: PlanVersion, status="ongoing", **main) -> dict:
    """What the follow-up page posts: a summary, and an outcome for every action."""
    data = {
        "held_on": timezone.localdate().isoformat(),
        "notes": "Alva kommer till skolan oftare. Familjebehandlingen fortsätter.",
        "child_view": "Det är bättre nu.",
        "guardians_view": "Morgnarna är lugnare.",
        **main,
    }
    for action in version.actions.all():
        data[f"action-{action.pk}-what_happened"] = f"Genomfört enligt plan: {action.what}"
        data[f"action-{action.pk}-status"] = status
    return data
