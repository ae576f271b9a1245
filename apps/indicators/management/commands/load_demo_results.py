"""Demo journeys in Nyköping, so that the steering groups' indicators have figures to show
above the suppression threshold: children with concerns in every area of the wheel and from
every source, each mapped twice (the wheel moving better, the same or worse between the two)
and analysed. Run after load_demo and load_demo_cases; safe to run again.

Every cell the demo municipality shows counts at least ``SUPPRESSION_THRESHOLD`` children: each
area is tagged on six children, each source on five or more, and each of better, the same and
worse moves seven children in every area. Everything is written through the services, so the
history and the grants are those of real work. The children are invented; their personnummer
are valid but fictitious.
"""

import datetime

from django.db import transaction

from apps.agencies.management.commands.load_demo import DemoCommand
from apps.agencies.models import Agency, Membership
from apps.analysis import services as analysis_services
from apps.analysis.models import Analysis
from apps.cases import services as case_services
from apps.cases.management.commands.load_demo_cases import _personal_number
from apps.cases.models import Concern
from apps.cases.wheel_areas import WheelArea
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
        self.stdout.write(f"Demo journeys for the indicators: {made}")

    def _journey(self, index: int) -> bool:
        """Child ``index``: a concern tagged with two areas from one source, two mappings
        moving every area one way, and an analysis deciding the unit handles it."""
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
        for rating in (first, second):
            wheel_services.create_assessment(concern.case, by=bba, ratings=_ratings(rating))
        analysis_services.decide(
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
        return True
