import datetime

from django.utils import timezone

from apps.analysis.models import Analysis
from apps.meetings import services
from apps.meetings.models import Meeting
from tests.factories.analysis import AnalysisFactory
from tests.factories.cases import CaseFactory

SUMMARY = "Vi samverkar kring en elev i årskurs 5 med oro för hemmet och tryggheten."


def collaboration_case(agency, bba, *, kinds=("social_services", "bup"), **case_fields):
    """A case of ``agency`` whose analysis decided that collaboration is needed."""
    case = CaseFactory(child__agency=agency, **case_fields)
    AnalysisFactory(
        case=case,
        decided_by=bba,
        decision=Analysis.Decision.COLLABORATION,
        decision_details="Socialtjänsten och BUP behövs kring familjens situation.",
        collaboration_kinds=list(kinds),
    )
    case.refresh_from_db()
    return case


def next_week():
    later = timezone.localtime() + datetime.timedelta(days=7)
    return later.replace(hour=13, minute=0, second=0, microsecond=0)


def meeting_fields(**overrides) -> dict:
    return {
        "starts_at": next_week(),
        "place": "Ekbackens skola, konferensrummet",
        "focus_areas": ["home", "safety"],
        "message": "Välkomna till ett första samverkansmöte.",
        "shared_summary": SUMMARY,
        **overrides,
    }


def call_meeting(case, by, invitees=(), **fields) -> Meeting:
    """A meeting called through the service; ``invitees`` are (user, agency) pairs."""
    return services.call_meeting(case, by=by, invitees=list(invitees), **meeting_fields(**fields))


def invitee(user, agency) -> str:
    return f"{agency.pk}:{user.pk}"


def form_data(invitees=(), **overrides) -> dict:
    """What the meeting form posts; ``invitees`` are (user, agency) pairs."""
    return {
        "starts_at": next_week().strftime("%Y-%m-%dT%H:%M"),
        "place": "Ekbackens skola, konferensrummet",
        "video_link": "",
        "focus_areas": ["home", "safety"],
        "message": "Välkomna till ett första samverkansmöte.",
        "shared_summary": SUMMARY,
        "invitees": [invitee(user, agency) for user, agency in invitees],
        **overrides,
    }


def minutes_data(*attended_users, **overrides) -> dict:
    """The minutes form as posted; on a meeting whose minutes were saved before, pass the
    ``revision`` the user opened."""
    return {
        "revision": "0",
        "attended": [str(user.pk) for user in attended_users],
        "child_view": "Eleven vill ha lugnare morgnar och någon att prata med.",
        "guardians_view": "Vårdnadshavarna vill ha stöd i vardagen.",
        "agreed": "Socialtjänsten erbjuder familjestöd. Skolan ordnar en lugn plats.",
        **overrides,
    }


def take_place(meeting) -> Meeting:
    """Let the meeting's time come, so its minutes can be written."""
    if not meeting.has_started:
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=timezone.now() - datetime.timedelta(hours=1)
        )
        meeting.refresh_from_db()
    return meeting


def record_minutes(meeting, by):
    """The meeting takes place and its minutes are written, everyone attending."""
    take_place(meeting)
    return services.record_minutes(
        meeting,
        by=by,
        attended_user_ids=[p.user_id for p in meeting.participants.all()],
        child_view="Eleven vill ha lugnare morgnar.",
        guardians_view="",
        agreed="Familjestöd från socialtjänsten.",
    )
