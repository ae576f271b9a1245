"""Measures how long the SIP PDF takes to render, on a typical plan of about three pages.

The plan is built inside a transaction that is always rolled back, so the command leaves no
data behind and can be run against any database, production's included.
"""

import datetime
import statistics
import time
import uuid

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from apps.agencies.models import Agency, Municipality
from apps.cases.models import Case, Child
from apps.cases.personal_numbers import luhn_check_digit
from apps.meetings.models import Meeting, Participant
from apps.sip.models import Action, ContactPerson, Plan, PlanVersion
from apps.sip.pdf import render_plan_document, render_plan_pdf


class _RollBack(Exception):
    """Raised at the end of the benchmark so the sample plan is never committed."""


NEEDS = (
    "Alva behöver en lugn och förutsägbar skoldag med tydlig struktur. Hon har svårt att "
    "komma i tid på morgnarna och har haft hög frånvaro sedan höstlovet, framför allt på "
    "måndagar.\n"
    "Hon behöver någon vuxen att prata med om det som är svårt hemma, och stöd i matematik "
    "och läsförståelse för att nå målen i årskurs 5.\n"
    "Familjen behöver stöd i vardagen: rutiner kring sömn, mat och skärmtid."
)
CHILD_GOALS = (
    "Jag vill komma till skolan varje dag och hinna äta frukost först.\n"
    "Jag vill ha någon att prata med när det känns jobbigt.\n"
    "Jag vill bli bättre på matte så att jag klarar proven.\n"
    "Jag vill börja i en fotbollsklubb igen."
)
OVERALL_GOAL = (
    "Alva går i skolan minst 90 procent av tiden till sommarlovet, känner sig trygg både "
    "hemma och i skolan, och familjen har fått det stöd den behöver för att få vardagen att "
    "fungera."
)
ACTIONS = [
    (
        "Kuratorn har enskilda samtal med Alva varje tisdag under terminen.",
        "health",
        "school",
        "kurator",
        (0, 120),
    ),
    (
        "Mentorn ringer hem på måndagsmorgnar när Alva inte har kommit till skolan kl. 8.15 och "
        "följer upp frånvaron varje vecka med vårdnadshavarna.",
        "learning",
        "school",
        "mentor",
        (0, 150),
    ),
    (
        "Specialpedagogen gör en pedagogisk kartläggning i matematik och läsförståelse och "
        "ordnar extra anpassningar i klassrummet.",
        "learning",
        "school",
        "specialpedagog",
        (7, 60),
    ),
    (
        "Socialtjänsten erbjuder familjebehandling i hemmet en gång i veckan med fokus på "
        "rutiner kring sömn, mat och skärmtid.",
        "home",
        "social",
        "socialsekreterare",
        (14, 180),
    ),
    (
        "Socialtjänsten utreder behovet av en kontaktfamilj varannan helg.",
        "care",
        "social",
        "socialsekreterare",
        (0, 60),
    ),
    (
        "BUP gör en bedömning av Alvas sömnsvårigheter och oro, och återkopplar till familjen "
        "och skolan med vårdnadshavarnas samtycke.",
        "health",
        "bup",
        "psykolog",
        (21, 90),
    ),
    (
        "Mamma och pappa ser till att Alva går och lägger sig senast kl. 21 på vardagar och "
        "att mobilen laddas i köket över natten.",
        "home",
        "relative",
        "Vårdnadshavarna",
        (0, 180),
    ),
    (
        "Alva provtränar med IFK Nyköpings flicklag på onsdagar, och en ledare hämtar henne "
        "vid skolan de första gångerna.",
        "relationships",
        "third_party",
        "IFK Nyköping, ungdomssektionen",
        (30, 180),
    ),
]


def _user(full_name, title, phone):
    return get_user_model().objects.create_user(
        email=f"bench-{uuid.uuid4().hex[:12]}@example.invalid",
        full_name=full_name,
        title=title,
        phone=phone,
    )


def _personal_number(birth_date) -> str:
    serial = f"{uuid.uuid4().int % 1000:03d}"
    nine = f"{birth_date:%y%m%d}{serial}"
    return f"{birth_date:%Y%m%d}{serial}{luhn_check_digit(nine)}"


def _agency(municipality, name, kind, principal, phone):
    agency, _ = Agency.objects.get_or_create(
        municipality=municipality,
        name=name,
        defaults={
            "kind": kind,
            "principal_kind": Agency.PrincipalKind.MUNICIPALITY
            if "kommun" in principal
            else Agency.PrincipalKind.REGION,
            "principal_name": principal,
            "phone": phone,
        },
    )
    return agency


def build_sample_plan() -> PlanVersion:
    """An agreed plan of three agencies, eight actions and realistic Swedish text."""
    municipality, _ = Municipality.objects.get_or_create(code="0480", defaults={"name": "Nyköping"})
    school = _agency(municipality, "Ekbackens skola", "school", "Nyköpings kommun", "0155-24 80 00")
    social = _agency(
        municipality,
        "Socialtjänsten Nyköping, barn och unga",
        "social_services",
        "Nyköpings kommun",
        "0155-24 82 00",
    )
    bup = _agency(municipality, "BUP Sörmland, Nyköping", "bup", "Region Sörmland", "0155-24 50 00")
    people = {
        "bba": _user("Tomas Ekström", "Rektor", "0155-24 80 11"),
        "kurator": _user("Sara Karimi", "Kurator", "0155-24 80 24"),
        "mentor": _user("Anna Berg", "Mentor åk 5", ""),
        "specialpedagog": _user("Johan Lind", "Specialpedagog", ""),
        "socialsekreterare": _user("Maja Forsberg", "Socialsekreterare", "0155-24 82 31"),
        "psykolog": _user("Elin Nyström", "Psykolog", "0155-24 50 17"),
    }
    agency_of = {
        "bba": school,
        "kurator": school,
        "mentor": school,
        "specialpedagog": school,
        "socialsekreterare": social,
        "psykolog": bup,
    }
    child = Child.objects.create(
        agency=school,
        personal_number=_personal_number(datetime.date(2014, 3, 12)),
        first_name="Alva",
        last_name="Lindqvist",
        birth_date=datetime.date(2014, 3, 12),
        address="Ringvägen 14 B",
        postal_code="611 35",
        city="Nyköping",
    )
    case = Case.objects.create(
        child=child, agency=school, bba=people["bba"], status="collaboration"
    )
    now = timezone.now()
    meeting = Meeting.objects.create(
        case=case,
        called_by=people["bba"],
        starts_at=now - datetime.timedelta(days=2),
        place="Ekbackens skola, konferensrummet",
        status=Meeting.Status.HELD,
    )
    for role in ("bba", "kurator", "mentor", "socialsekreterare", "psykolog"):
        Participant.objects.create(
            meeting=meeting, user=people[role], agency=agency_of[role], attended=role != "mentor"
        )
    plan = Plan.objects.create(
        case=case,
        meeting=meeting,
        coordinator=people["socialsekreterare"],
        coordinator_agency=social,
        created_by=people["bba"],
    )
    version = PlanVersion.objects.create(
        plan=plan,
        number=2,
        status=PlanVersion.Status.AGREED,
        child_needs=NEEDS,
        child_goals=CHILD_GOALS,
        overall_goal=OVERALL_GOAL,
        lead_agency=social,
        child_view=(
            "Alva tycker att planen är bra men vill inte att hela klassen ska märka att hon "
            "träffar kuratorn. Hon vill själv berätta för sin mentor när det är en dålig dag."
        ),
        guardians_view=(
            "Mamma och pappa är positiva till familjebehandlingen och vill att skolan hör av "
            "sig samma dag när Alva inte har kommit. Pappa vill helst ha möten efter kl. 15."
        ),
        disagreements=(
            "Vårdnadshavarna är tveksamma till en kontaktfamilj. Vi tar upp frågan igen vid "
            "uppföljningen när utredningen är klar."
        ),
        other_participants=(
            "Alva (deltog första halvtimmen)\nLena Lindqvist, mamma\nOmar Lindqvist, pappa"
        ),
        follow_up_how=(
            "Samordningspersonen kallar till uppföljning efter sex veckor. Varje verksamhet "
            "berättar då hur insatserna har gått, och Alva och vårdnadshavarna får säga vad de "
            "tycker. Frånvaron följs upp varje vecka av mentorn."
        ),
        next_follow_up_at=now + datetime.timedelta(days=42),
        next_follow_up_place="Socialtjänsten, Västra Storgatan 7, rum 3",
        agreed_at=now - datetime.timedelta(days=2),
        agreed_by=people["socialsekreterare"],
        agreed_parties=(
            "Alva, Lena och Omar Lindqvist, Ekbackens skola, Socialtjänsten Nyköping och BUP"
        ),
        created_by=people["bba"],
    )
    today = timezone.localdate()
    responsible = {"school": school, "social": social, "bup": bup}
    for what, area, who, person, (start, end) in ACTIONS:
        fields = {
            "version": version,
            "what": what,
            "area": area,
            "starts_on": today + datetime.timedelta(days=start),
            "ends_on": today + datetime.timedelta(days=end),
            "status": Action.Status.ONGOING if start == 0 else Action.Status.PLANNED,
        }
        if who in responsible:
            fields.update(
                kind=Action.Kind.AGENCY, agency=responsible[who], responsible=people[person]
            )
        else:
            fields.update(kind=who, responsible_name=person)
        Action.objects.create(**fields)
    for agency, role in ((school, "kurator"), (social, "socialsekreterare"), (bup, "psykolog")):
        ContactPerson.objects.create(version=version, agency=agency, person=people[role])
    return version


class Command(BaseCommand):
    help = "Render a typical SIP (about three pages) to PDF N times and print the timings."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=10, help="How many renderings (10).")

    def handle(self, *args, runs, **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        try:
            with transaction.atomic():
                version = build_sample_plan()
                printed_by = version.plan.coordinator
                pages = len(render_plan_document(version, printed_by=printed_by).pages)
                timings = []
                for _ in range(runs):
                    started = time.perf_counter()
                    render_plan_pdf(version, printed_by=printed_by)
                    timings.append(time.perf_counter() - started)
                raise _RollBack
        except _RollBack:
            pass
        self.stdout.write(
            f"{runs} renderings, {pages} pages: "
            f"min {min(timings):.3f} s, median {statistics.median(timings):.3f} s, "
            f"max {max(timings):.3f} s"
        )
