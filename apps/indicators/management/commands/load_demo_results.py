"""Demo journeys, so that every indicator of the steering groups has figures to show above
the suppression threshold in the current term (the page's default) for Nyköping and the county.
Run after load_demo, load_demo_cases and load_demo_skolfam; safe to run again.

- Twenty-one children in Nyköping with concerns in every area of the wheel and from every
  source, each mapped twice (the wheel moving better, the same or worse between the two) and
  analysed: each area is tagged on six children, each source on five or more, and each of
  better, the same and worse moves seven children in every area.
- Sixteen pupils of Nyköping's schools in collaboration: a meeting with social services, a
  coordinator (the child's own wish for half of them), a plan; ten plans agreed and followed
  up (five on time, five late), then handed over to the upper secondary school (five
  accepted, five declined); the other six families withdraw their consent (three wholly,
  three for the upper secondary school only).
- Ten more children of Katrineholm's Skolfam cohort mapped two years ago and again this
  term, five of them better in every area and five the same.

Everything is written through the services, so the history and the grants are those of real
work. The services date what they write now; the journeys are then dated back over the term
(their concerns, analyses, plans and agreements; the first mappings and the meetings are
given their days), as if the work had been done then, so the days between the steps and the
follow-ups' punctuality have something to show.
Early in a term those dates crowd at its first day. The children are invented; their
personnummer are valid but fictitious.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.agencies.management.commands.load_demo import DemoCommand
from apps.agencies.models import Agency, Membership
from apps.analysis import services as analysis_services
from apps.analysis.models import Analysis
from apps.cases import services as case_services
from apps.cases.management.commands.load_demo_cases import _personal_number
from apps.cases.models import Concern
from apps.cases.wheel_areas import WheelArea
from apps.consent import services as consent_services
from apps.consent import sharing
from apps.consent.models import Consent
from apps.handovers import services as handover_services
from apps.handovers.models import Part
from apps.indicators.compute import term
from apps.meetings import services as meeting_services
from apps.meetings.models import CoordinatorAppointment
from apps.sip import services as sip_services
from apps.sip.models import Action, Plan, PlanVersion
from apps.skolfam import services as skolfam_services
from apps.skolfam.management.commands.load_demo_skolfam import (
    MAPPED_BY,
    MARKED_BY,
    SCHOOL,
    SOCIAL_SERVICES,
)
from apps.skolfam.models import Area, CohortMember
from apps.wheel import services as wheel_services
from apps.wheel.models import Rating

# Nyköping's units the demo children belong to, with the year their children are born in.
UNITS = [
    ("Ekbackens skola", 2014),
    ("Brunnsbergs skola", 2012),
    ("Förskolan Solrosen", 2021),
    ("Nyköpings gymnasium", 2009),
]
FIRST_NAMES = [
    "Elin", "Hugo", "Maja", "Liam", "Wilma", "Oscar", "Saga", "Elias", "Ebba", "Adam", "Alice",
    "Lucas", "Stella", "Ville", "Julia", "Leo", "Agnes", "Theo", "Nora", "Melvin", "Tyra",
]  # fmt: skip
LAST_NAMES = ["Ahlström", "Bergqvist", "Dahl", "Ekman", "Falk", "Hedlund", "Kaya"]
CHILDREN = len(FIRST_NAMES)
AREAS = list(WheelArea.values)
SOURCES = list(Concern.Source.values)
# How the wheel moves for a child between the first and the second mapping: (first, second).
MOVEMENTS = [
    (Rating.SERIOUS_CONCERN, Rating.SOME_CONCERN),  # better
    (Rating.SOME_CONCERN, Rating.SOME_CONCERN),  # the same
    (Rating.WORKS_WELL, Rating.SOME_CONCERN),  # worse
]
SERIAL_BASE = 700

# The collaboration journeys: pupils born in 2010 at Nyköping's two municipal schools, met with
# social services, handed over to the upper secondary school.
COLLABORATIONS = 16
AGREED = 10  # the first ten agree a plan; the first five of them follow it up on time
ON_TIME = 5
COLLABORATION_SCHOOLS = ["Ekbackens skola", "Brunnsbergs skola"]
COLLABORATION_FIRST_NAMES = [
    "Isak", "Ella", "Viggo", "Molly", "Albin", "Signe", "Edvin", "Alma",
    "Melker", "Ines", "Sixten", "Lova", "Loke", "Meja", "Valter", "Tilde",
]  # fmt: skip
COLLABORATION_SERIAL_BASE = 760
NYKOPING_SOCIAL_SERVICES = "Socialtjänsten Nyköping, barn och unga"
UPPER_SECONDARY = "Nyköpings gymnasium"

# Katrineholm's Skolfam children mapped two years ago and again this term: the first five
# move from the first bands to the second, the others stay where they were.
SKOLFAM_CHILDREN = [
    "Frans",
    "Greta",
    "Harry",
    "Iris",
    "Jack",
    "Klara",
    "Milo",
    "Nova",
    "Otto",
    "Ronja",
]
SKOLFAM_SERIAL_BASE = 880
SKOLFAM_FIRST = ("below", "below", "below", "below", "some")
SKOLFAM_BETTER = ("within", "within", "within", "within", "none")


def _ratings(rating: str) -> dict[str, dict]:
    return {area: {"rating": rating} for area in AREAS}


def _in_force(agency: Agency, role: str):
    return (
        Membership.objects.current()
        .filter(agency=agency, role=role)
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )


class Command(DemoCommand):
    help = "Demo journeys in Nyköping for the indicators (after load_demo; idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        made = 0
        for index in range(CHILDREN):
            made += self._journey(index)
        for index in range(COLLABORATIONS):
            made += self._collaboration(index)
        for index, first_name in enumerate(SKOLFAM_CHILDREN):
            made += self._skolfam_round(index, first_name)
        self.stdout.write(f"Demo journeys for the indicators: {made}")

    def _journey(self, index: int) -> bool:
        """Child ``index``: a concern tagged with two areas from one source, two mappings
        moving every area one way (the first weeks ago, the second today), and an analysis
        deciding the unit handles it."""
        unit, born_in = UNITS[index % len(UNITS)]
        agency = Agency.objects.get(name=unit)
        birth_date = datetime.date(born_in, 1 + index % 12, 1 + index)
        number = _personal_number(birth_date, SERIAL_BASE + index)
        if agency.children.filter(personal_number=number.normalised).exists():
            return False
        bba = _in_force(agency, Membership.Role.BBA)
        concern = case_services.log_concern(
            by=_in_force(agency, Membership.Role.REPORTER),
            agency=agency,
            personal_number=number,
            child_fields={
                "first_name": FIRST_NAMES[index],
                "last_name": LAST_NAMES[index % len(LAST_NAMES)],
            },
            areas=[AREAS[index % len(AREAS)], AREAS[(index + 3) % len(AREAS)]],
            source=SOURCES[index % len(SOURCES)],
            observation="Eleven verkar orolig och har svårt att koncentrera sig.",
        )
        first, second = MOVEMENTS[index % len(MOVEMENTS)]
        days = _Days(index)
        for rating, mapped_on in ((first, days.mapped), (second, days.today)):
            wheel_services.create_assessment(
                concern.case, by=bba, ratings=_ratings(rating), assessed_on=mapped_on
            )
        analysis = analysis_services.decide(
            concern.case,
            by=bba,
            decision=Analysis.Decision.OWN_UNIT,
            decision_details="Skolan ordnar stöd inom den egna verksamheten.",
            has_all_information="Ja, efter samtal med eleven och vårdnadshavarna.",
            obstacles="Oro hemma och svårt att sova.",
            what_i_can_do="Samtal varje vecka med mentorn.",
            what_agency_can_do="Elevhälsan följer upp.",
            help_needed="Ingen hjälp från andra behövs just nu.",
        )
        Concern.objects.filter(pk=concern.pk).update(reported_at=_at(days.concern))
        Analysis.objects.filter(pk=analysis.pk).update(decided_at=_at(days.analysed))
        return True

    def _collaboration(self, index: int) -> bool:
        """Pupil ``index`` of the collaboration journeys (see the module's docstring)."""
        school = Agency.objects.get(name=COLLABORATION_SCHOOLS[index % 2])
        social = Agency.objects.get(name=NYKOPING_SOCIAL_SERVICES)
        upper_secondary = Agency.objects.get(name=UPPER_SECONDARY)
        number = _personal_number(
            datetime.date(2010, 1 + index % 12, 1 + index), COLLABORATION_SERIAL_BASE + index
        )
        if school.children.filter(personal_number=number.normalised).exists():
            return False
        days = _Days(index)
        bba = _in_force(school, Membership.Role.BBA)
        social_worker = _in_force(social, Membership.Role.HANDLER)
        first_name = COLLABORATION_FIRST_NAMES[index]
        last_name = LAST_NAMES[index % len(LAST_NAMES)]
        concern = case_services.log_concern(
            by=_in_force(school, Membership.Role.REPORTER),
            agency=school,
            personal_number=number,
            child_fields={"first_name": first_name, "last_name": last_name},
            areas=[AREAS[(index + 1) % len(AREAS)], AREAS[(index + 4) % len(AREAS)]],
            source=SOURCES[index % len(SOURCES)],
            observation="Eleven har hög frånvaro och säger att det är oroligt hemma.",
        )
        case = concern.case
        wheel_services.create_assessment(
            case, by=bba, ratings=_ratings(Rating.SOME_CONCERN), assessed_on=days.mapped
        )
        analysis = analysis_services.decide(
            case,
            by=bba,
            decision=Analysis.Decision.COLLABORATION,
            decision_details="Socialtjänsten behövs kring familjens situation.",
            collaboration_kinds=[Agency.Kind.SOCIAL_SERVICES],
            has_all_information="Ja, efter samtal med eleven och vårdnadshavarna.",
            obstacles="Oro hemma och hög frånvaro.",
            what_i_can_do="Samtal varje vecka med mentorn.",
            what_agency_can_do="Elevhälsan följer upp närvaron.",
            help_needed="Stöd till familjen från socialtjänsten.",
        )
        guardians = [
            case_services.add_guardian(
                case.child, by=bba, name=f"{name} {last_name}", relation="parent", has_custody=True
            )
            for name in ("Karin", "Ali")
        ]
        consent = consent_services.record_consent(
            case,
            by=bba,
            agencies=[social, upper_secondary],
            purposes=[
                Consent.Purpose.MEETING,
                Consent.Purpose.SIP,
                Consent.Purpose.HANDOVER,
            ],
            method=Consent.Method.WRITTEN,
            valid_from=days.analysed,
            valid_until=days.today + datetime.timedelta(days=365),
            parties=[
                *({"kind": "guardian", "guardian": g, "answer": "agreed"} for g in guardians),
                {"kind": "child", "answer": "agreed"},
            ],
        )
        meeting = meeting_services.call_meeting(
            case,
            by=bba,
            invitees=[(social_worker, social)],
            starts_at=_at(days.meeting),
            place=f"{school.name}, konferensrummet",
            focus_areas=["home", "learning"],
            message="Välkomna till ett första samverkansmöte.",
            shared_summary="Vi samverkar kring en elev med hög frånvaro och oro hemma.",
        )
        meeting = meeting_services.record_minutes(
            meeting,
            by=bba,
            attended_user_ids=[bba.pk, social_worker.pk],
            child_view="Eleven vill ha lugnare morgnar och någon att prata med.",
            guardians_view="Vårdnadshavarna vill ha stöd i vardagen.",
            agreed="Socialtjänsten erbjuder familjestöd. Skolan ordnar en lugn plats.",
        )
        worker = meeting.participants.get(user=social_worker)
        wished = index % 2 == 0
        meeting_services.appoint_coordinator(
            meeting,
            by=bba,
            child_wish=(
                "Eleven vill ha socialsekreteraren hon redan träffat."
                if wished
                else "Eleven vill helst prata med sin mentor."
            ),
            child_wished_participant=worker if wished else meeting.participants.get(user=bba),
            coordinator=worker,
            special_reason="" if wished else "Familjestödet hålls ihop bäst av socialtjänsten.",
        )
        plan = sip_services.create_plan(meeting, by=social_worker)
        version = plan.versions.get()
        Concern.objects.filter(pk=concern.pk).update(reported_at=_at(days.concern))
        Analysis.objects.filter(pk=analysis.pk).update(decided_at=_at(days.analysed))
        CoordinatorAppointment.objects.filter(meeting=meeting).update(
            appointed_at=_at(days.meeting)
        )
        Plan.objects.filter(pk=plan.pk).update(created_at=_at(days.meeting))
        if index >= AGREED:
            sharing.withdraw_consent(
                consent,
                by=bba,
                withdrawn_by_party="Vårdnadshavarna",
                agencies=[upper_secondary] if index % 2 else None,
            )
            return True
        version = sip_services.update_version(
            version,
            by=social_worker,
            expected_revision=version.revision,
            fields=_plan_fields(social, days.planned_follow_up),
            actions=[_social_action(social, social_worker, days.meeting)],
            contacts=[{"agency": social, "person": social_worker}],
        )
        version = sip_services.agree(
            version, by=social_worker, agreed_parties="Eleven, vårdnadshavarna och alla två."
        )
        PlanVersion.objects.filter(pk=version.pk).update(agreed_at=_at(days.meeting))
        sip_services.record_follow_up(
            version,
            by=social_worker,
            held_on=days.follow_up_held(on_time=index < ON_TIME),
            notes="Eleven kommer till skolan oftare. Familjestödet fortsätter.",
            outcomes={
                action.pk: ("Familjestödet har kommit i gång.", Action.Status.ONGOING)
                for action in version.actions.all()
            },
        )
        handover = handover_services.send_handover(
            case,
            by=bba,
            to_agency=upper_secondary,
            message="Eleven börjar hos er efter jul. Planen med socialtjänsten följer med.",
            parts=[Part.WHEEL, Part.ACTIONS],
        )
        receiver = _in_force(upper_secondary, Membership.Role.BBA)
        if index % 2 == 0:
            # The pupil, asked first, wants the social worker to go on as coordinator.
            handover_services.accept_handover(
                handover,
                by=receiver,
                coordinator=handover_services.CoordinatorChoice(
                    child_wish="Eleven vill fortsätta med sin socialsekreterare.",
                    child_wished=social_worker,
                    coordinator=None,
                ),
            )
        else:
            handover_services.decline_handover(
                handover, by=receiver, reason="Eleven har sökt till en annan skola."
            )
        return True

    def _skolfam_round(self, index: int, first_name: str) -> bool:
        """A Katrineholm child marked for Skolfam, mapped two years ago and again this term."""
        social = Agency.objects.get(name=SOCIAL_SERVICES)
        number = _personal_number(
            datetime.date(2013, 1 + index, 10 + index), SKOLFAM_SERIAL_BASE + index
        )
        if social.children.filter(personal_number=number.normalised).exists():
            return False
        days = _Days(index)
        latest = days.back(30 + index)
        first = latest.replace(year=latest.year - 2)
        marked_by = User.objects.get(email=MARKED_BY)
        child = case_services.register_child(
            by=marked_by,
            agency=social,
            personal_number=number,
            first_name=first_name,
            last_name=LAST_NAMES[index % len(LAST_NAMES)],
        )
        member = skolfam_services.mark_child(
            case_services.open_case(by=marked_by, child=child),
            by=marked_by,
            school=Agency.objects.get(name=SCHOOL),
            placement_basis=CohortMember.PlacementBasis.SOL,
            consent_basis=CohortMember.ConsentBasis.GUARDIANS,
            consent_method=CohortMember.ConsentMethod.WRITTEN,
            consented_by=f"Vårdnadshavarna till {first_name}",
            consented_on=first - datetime.timedelta(days=30),
            information_given=True,
        )
        mapped_by = User.objects.get(email=MAPPED_BY)
        for mapped_on, bands in (
            (first, SKOLFAM_FIRST),
            (latest, SKOLFAM_BETTER if index < 5 else SKOLFAM_FIRST),
        ):
            skolfam_services.record_mapping(
                member,
                by=mapped_by,
                mapped_on=mapped_on,
                bands=dict(zip(Area.values, bands, strict=True)),
            )
        return True


class _Days:
    """The days of a journey, counted back from today but never before the current term's
    first day, so that every step lands in the term the page shows first."""

    def __init__(self, index: int):
        self.today = timezone.localdate()
        self.first = term(self.today).start
        self.concern = self.back(110 - index)
        self.mapped = self.back(100 - index - 3 * (index % 4))
        self.analysed = self.back(90 - index - 2 * (index % 3))
        self.meeting = self.back(85 - 2 * index)
        self.planned_follow_up = self.back(45)

    def back(self, days: int) -> datetime.date:
        return max(self.first, self.today - datetime.timedelta(days=days))

    def follow_up_held(self, *, on_time: bool) -> datetime.date:
        """The day before the planned one, or a week after it."""
        if on_time:
            return max(self.meeting, self.planned_follow_up - datetime.timedelta(days=1))
        return min(self.today, self.planned_follow_up + datetime.timedelta(days=7))


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _plan_fields(social: Agency, follow_up_on: datetime.date) -> dict:
    return {
        "child_needs": "Lugna morgnar och en vuxen att prata med.",
        "child_goals": "Jag vill komma till skolan varje dag.",
        "overall_goal": "Eleven går i skolan och familjen har stöd hemma.",
        "lead_agency": social,
        "child_view": "Eleven tycker att planen är bra.",
        "guardians_view": "Vårdnadshavarna vill ha stöd i vardagen.",
        "follow_up_how": "Samordningspersonen kallar till uppföljning.",
        "next_follow_up_at": _at(follow_up_on, 13),
        "next_follow_up_place": "Socialtjänsten, mötesrum 2",
    }


def _social_action(social: Agency, social_worker, starts_on: datetime.date) -> dict:
    return {
        "id": None,
        "what": "Familjestöd i hemmet en gång i veckan.",
        "area": "home",
        "kind": Action.Kind.AGENCY,
        "agency": social,
        "responsible": social_worker,
        "responsible_name": "",
        "starts_on": starts_on,
        "ends_on": None,
        "status": Action.Status.ONGOING,
    }
