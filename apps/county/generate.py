"""A county of generated data at any size, seeded and reproducible, for the benchmark.

Sizes follow Sörmland's at 100,000 children: about 250 units (one per 400 children) beside the
social services and KAA of each municipality and the region's BUP; 1.2 cases per child, 4
concerns (from every source), 1.4 assessments (each rating the seven areas), and for the cases
in collaboration a consent (now and then withdrawn for BUP), meetings, coordinators (not always
the child's wish), plans, follow-ups (some held late) and referrals — some 200,000 shares —,
handovers to the unit of the child's next stage (accepted, declined, withdrawn or waiting), and
50 access-log rows per child: something for every indicator to count.

Access is written as the services write it: the grant tables of ``apps.agencies.policy`` (the
owning agency's BBAs on every case, the handler on the cases delegated to them, the reporter
on the concerns they logged, the invited on meetings, the coordinator and the people named on
plans, the receiving unit's roles on referrals), to the same groups, and across agency lines
only as a ``Share`` under the consent, whose grant carries the consent's last day. A consent
that has already lapsed has its shares ended and its grants revoked, as the hourly task does.
``tests/county/test_generate.py`` checks a sample against the services themselves.
"""

import datetime
import io
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from apps.agencies import policy
from apps.agencies.management.commands.load_demo import DEMO_PASSWORD, administrators_group
from apps.agencies.models import Agency, Membership, Municipality
from apps.audit.models import AccessLog
from apps.cases.personal_numbers import luhn_check_digit
from apps.cases.wheel_areas import WheelArea
from apps.consent.rules import last_day_held
from apps.county.tables import Table, bulk_load, copy_text, finish, write

Role = Membership.Role
Kind = Agency.Kind
CHILDREN_PER_UNIT = 400
LOG_ROWS_PER_CHILD = 50
FIRST_NAMES = ["Alva", "Noah", "Elsa", "Liam", "Maja", "Hugo", "Vera", "Ali", "Saga", "Omar"]
LAST_NAMES = ["Berg", "Lind", "Ek", "Holm", "Karimi", "Nilsson", "Ahmadi", "Sjöberg", "Strand"]
# Of the open case of each child: where in the model it has come to.
STATUS_SHARES = [
    ("detected", 0.22),
    ("mapping", 0.20),
    ("analysed", 0.13),
    ("collaboration", 0.20),
    ("follow_up", 0.10),
    ("closed", 0.15),
]
MAPPED = {"mapping", "analysed", "collaboration", "follow_up", "closed"}
ANALYSED = {"analysed", "collaboration", "follow_up"}
COLLABORATING = {"collaboration", "follow_up"}
RATINGS = ["works_well", "works_well", "some_concern", "serious_concern", "not_known"]
UNIT_KINDS = [Kind.PRESCHOOL, Kind.SCHOOL, Kind.SCHOOL, Kind.PRESCHOOL, Kind.UPPER_SECONDARY]
UNIT_KINDS += [Kind.CHILD_HEALTH]
# Who logged the concerns: mostly the unit's own staff.
SOURCES = ["own_unit", "other_agency", "guardian", "child"]
SOURCE_WEIGHTS = [0.6, 0.15, 0.15, 0.1]
# Coordinators who are the one the child wished for; the others have special reasons written.
CHILD_WISH_SHARE = 0.7
# Of the follow-ups whose day is a month past: held, and of those held late.
HELD_SHARE, LATE_SHARE = 0.85, 0.3
# Collaborations in which the guardians withdraw the consent for BUP after the last meeting.
BUP_WITHDRAWN_SHARE = 0.08
# Handovers to a unit of the child's next stage (in the same municipality if it has one): some
# closed cases of a preschool or school were closed by one accepted, and some cases being
# mapped have one sent, declined or withdrawn.
# By value: a kind read back from the database is a str, hashed unlike the enum member.
NEXT_STAGE = {
    Kind.PRESCHOOL.value: Kind.SCHOOL.value,
    Kind.SCHOOL.value: Kind.UPPER_SECONDARY.value,
}
HANDED_OVER_SHARE = 0.3
OPEN_HANDOVER_SHARE = 0.3
AGE_BY_KIND = {
    Kind.PRESCHOOL: (1, 5),
    Kind.CHILD_HEALTH: (0, 5),
    Kind.SCHOOL: (6, 15),
    Kind.UPPER_SECONDARY: (16, 18),
}


@dataclass
class Unit:
    agency: Agency
    people: dict = field(default_factory=dict)  # role -> [(user id, membership group id)]
    role_groups: dict = field(default_factory=dict)  # role -> group id

    def one(self, rng, role):
        return rng.choice(self.people[role])


def children_in_county() -> int:
    """How many children the county in the database was generated for: each child once,
    though a unit that accepted a handover keeps a record of its own of the same child (a
    personnummer does not tell them apart: the generator makes them unique per unit only)."""
    Child = apps.get_model("cases", "Child")
    Handover = apps.get_model("handovers", "Handover")
    received = Handover.objects.filter(status=Handover.Status.ACCEPTED).values(
        "receiving_case__child"
    )
    return Child.objects.exclude(pk__in=received).count()


class County:
    """Generates the county; ``run`` writes it into an empty database."""

    def __init__(self, *, children: int, seed: int, stdout=None):
        self.size = children
        self.rng = random.Random(seed)
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate()
        self.out = stdout
        self.tables: dict[str, Table] = {}
        self.perm_ids = {}
        self.person_number = 0
        self.numbers_used = set()  # (agency, birth date, serial): unique per agency
        self.birth_dates = {}  # child id -> birth date, for the consents' last day
        self.owner_of_child: dict[int, int] = {}  # child id: its agency's id, for the log
        # child id -> (birth date, serial, its Child fields, its guardians' names): what a
        # receiving unit's own record of the child copies when a handover is accepted.
        self.child_facts: dict[int, tuple] = {}

    def say(self, text):
        if self.out is not None:
            self.out.write(text)

    def models_written(self) -> list:
        written = [AccessLog, apps.get_model("consent", "Consent").agencies.through]
        for table in self.tables.values():
            written.append(table.model)
            if table.history_model is not None:
                written.append(table.history_model)
        return written

    def table(self, label) -> Table:
        if label not in self.tables:
            self.tables[label] = Table(apps.get_model(label))
        return self.tables[label]

    def perm(self, perm: str) -> int:
        if perm not in self.perm_ids:
            app_label, codename = perm.split(".", 1)
            self.perm_ids[perm] = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            ).pk
        return self.perm_ids[perm]

    def days_ago(self, low, high) -> datetime.datetime:
        return self.now - datetime.timedelta(days=self.rng.uniform(low, high))

    # The setting: units, people, memberships.

    def run(self) -> dict:
        call_command("loaddata", "fixtures/sormland.json", verbosity=0)
        self.password = make_password(DEMO_PASSWORD)
        self.units, self.child_units = self.make_units()
        self.say(f"{len(self.units)} units, {self.table('accounts.User').count} people\n")
        with bulk_load(self.models_written):
            self.make_children()
            for table in self.tables.values():
                table.flush()
            self.make_access_log()
        finish([table.model for table in self.tables.values()] + [Group])
        return {label: table.count for label, table in self.tables.items()}

    def make_units(self):
        """Agencies, their role groups and the administrator through the ORM first, then the
        people in bulk: the bulk rows take ids after everything the ORM wrote."""
        municipalities = list(Municipality.objects.order_by("pk"))
        count = max(6, round(self.size / CHILDREN_PER_UNIT))
        units, child_units = [], []
        for municipality in municipalities:
            units.append(self.unit(municipality, Kind.SOCIAL_SERVICES, "Socialtjänsten"))
            units.append(self.unit(municipality, Kind.KAA, "KAA"))
        for number in range(3):
            units.append(self.unit(municipalities[number], Kind.BUP, "BUP Sörmland"))
        for number in range(count):
            kind = UNIT_KINDS[number % len(UNIT_KINDS)]
            municipality = municipalities[number % len(municipalities)]
            unit = self.unit(municipality, kind, f"{Kind(kind).label.split(' ')[0]} {number + 1}")
            units.append(unit)
            child_units.append(unit)
        administrator = get_user_model().objects.create(
            email="administrator@lan.example",
            full_name="Ylva Administratör",
            password=self.password,
        )
        administrator.groups.add(administrators_group())
        for unit in units:
            handlers = 6 + self.size // 5000 if unit.agency.kind == Kind.SOCIAL_SERVICES else 2
            staff = {Role.BBA: 1, Role.HANDLER: handlers, Role.REPORTER: 8, Role.AGENCY_ADMIN: 1}
            for role, people in staff.items():
                unit.people[role] = [self.person(unit, role) for _ in range(people)]
        return units, child_units

    def unit(self, municipality, kind, name) -> Unit:
        agency = Agency.objects.create(
            name=f"{name} {municipality.name}",
            kind=kind,
            municipality=municipality,
            principal_kind="region"
            if kind in (Kind.HEALTH_CARE, Kind.CHILD_HEALTH, Kind.BUP)
            else "municipality",
            principal_name="Region Sörmland"
            if kind in (Kind.HEALTH_CARE, Kind.CHILD_HEALTH, Kind.BUP)
            else f"{municipality.name}s kommun",
        )
        policy.grant_new_agency(agency)
        unit = Unit(agency)
        for role in Role.values:
            unit.role_groups[role] = policy.role_group(agency, role).pk
        return unit

    def person(self, unit, role) -> tuple[int, int]:
        self.person_number += 1
        user_id = self.table("accounts.User").add(
            email=f"{role}.{self.person_number}@lan.example",
            full_name=f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
            password=self.password,
            is_active=True,
            at=self.days_ago(700, 1000),
        )
        group_id = self.table("auth.Group").add(name=policy.personal_group_name())
        self.table("agencies.Membership").add(
            user_id=user_id,
            agency_id=unit.agency.pk,
            role=role,
            role_group_id=unit.role_groups[role],
            starts_on=self.today - datetime.timedelta(days=700),
            group_id=group_id,
        )
        return user_id, group_id

    # Grants, as the policy's grant tables give them.

    def grant(
        self, model_label, obj_id, group_id, perms, *, at, by=None, until=None, revoked_at=None
    ):
        """The group's grants on the object, as policy.grant() writes them; with
        ``revoked_at``, only in the history (granted, then revoked)."""
        grants = self.table(f"{model_label}GroupObjectPermission")
        for perm in perms:
            grants.add(
                group_id=group_id,
                permission_id=self.perm(perm),
                content_object_id=obj_id,
                valid_until=until,
                at=at,
                by=by,
                removed_at=revoked_at,
            )

    def share(
        self, model_label, obj_id, *, consent, agency_id, group_id, perms, at, by, removed=None
    ):
        """One object shared with one group of another agency under the consent, as
        sharing.share() writes it; ended and revoked if the consent has been withdrawn for the
        agency or has lapsed since (as withdraw_consent and the hourly task do), or at
        ``removed`` (sharing.unshare: a handover answered)."""
        content_type = ContentType.objects.get_for_model(apps.get_model(model_label)).pk
        withdrawn_at = consent["withdrawn"].get(agency_id)
        ended_at = self.at_day(consent["holds_until"] + datetime.timedelta(days=1))
        reason = consent["ended_reason"]
        lapsed = consent["holds_until"] < self.today
        if removed is not None and removed < ended_at:
            ended_at, reason, lapsed = removed, "removed", True
        elif withdrawn_at is not None:
            ended_at, reason, lapsed = withdrawn_at, "withdrawn", True
        self.grant(
            model_label,
            obj_id,
            group_id,
            perms,
            at=at,
            by=by,
            until=consent["holds_until"],
            revoked_at=ended_at if lapsed else None,
        )
        for perm in perms:
            self.table("consent.Share").add(
                consent_id=consent["id"],
                agency_id=agency_id,
                group_id=group_id,
                perm=perm,
                content_type_id=content_type,
                object_id=obj_id,
                granted_at=at,
                granted_by_id=by,
                ended_at=ended_at if lapsed else None,
                ended_reason=reason if lapsed else "",
                at=at,
                by=by,
            )

    def let_in(self, model_label, obj_id, *, owner, where, group_id, perms, consent, at, by):
        """As the services let a person in: one of the case's own agency directly, one of
        any other agency only under the consent (see sip.services._let_in)."""
        if where is owner:
            self.grant(model_label, obj_id, group_id, perms, at=at, by=by)
        else:
            self.share(
                model_label,
                obj_id,
                consent=consent,
                agency_id=where.agency.pk,
                group_id=group_id,
                perms=perms,
                at=at,
                by=by,
            )

    def at_day(self, day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))

    # The children and what happens around them.

    def make_children(self):
        social = {
            u.agency.municipality_id: u for u in self.units if u.agency.kind == Kind.SOCIAL_SERVICES
        }
        bup = [u for u in self.units if u.agency.kind == Kind.BUP]
        self.units_of_kind = defaultdict(list)
        for unit in self.child_units:
            self.units_of_kind[Kind(unit.agency.kind).value].append(unit)
        for number in range(self.size):
            unit = self.child_units[number % len(self.child_units)]
            child_id, guardians, age = self.child(unit, number)
            if self.rng.random() < 0.2:
                self.case(
                    unit, child_id, guardians, age, "closed", earlier=True, social=social, bup=bup
                )
            status = self.pick_status()
            self.case(unit, child_id, guardians, age, status, earlier=False, social=social, bup=bup)
            if number % 10_000 == 9_999:
                self.say(f"{number + 1} children\n")

    def pick_status(self) -> str:
        draw, total = self.rng.random(), 0.0
        for status, share in STATUS_SHARES:
            total += share
            if draw < total:
                return status
        return STATUS_SHARES[-1][0]

    def child(self, unit, number):
        low, high = AGE_BY_KIND.get(unit.agency.kind, (0, 17))
        age = self.rng.randint(low, high)
        birth = self.today - datetime.timedelta(days=age * 365 + self.rng.randint(0, 364))
        serial = number // len(self.child_units) % 1000
        while (unit.agency.pk, birth, serial) in self.numbers_used:
            serial = (serial + 1) % 1000
        self.numbers_used.add((unit.agency.pk, birth, serial))
        nine = f"{birth:%y%m%d}{serial:03d}"
        at = self.days_ago(400, 1000)
        fields = {
            "personal_number": f"{birth:%Y%m%d}{serial:03d}{luhn_check_digit(nine)}",
            "first_name": self.rng.choice(FIRST_NAMES),
            "last_name": self.rng.choice(LAST_NAMES),
            "birth_date": birth,
        }
        child_id = self.table("cases.Child").add(agency_id=unit.agency.pk, at=at, **fields)
        self.birth_dates[child_id] = birth
        self.owner_of_child[child_id] = unit.agency.pk
        names = [f"{name} {self.rng.choice(LAST_NAMES)}" for name in ("Lena", "Omar")]
        guardians = [self.guardian(child_id, name, at) for name in names]
        self.child_facts[child_id] = (birth, serial, fields, names)
        return child_id, guardians, age

    def guardian(self, child_id, name, at, by=None) -> int:
        return self.table("cases.Guardian").add(
            child_id=child_id, name=name, relation="parent", has_custody=True, at=at, by=by
        )

    def case(self, unit, child_id, guardians, age, status, *, earlier, social, bup):
        bba_id, _bba_group = unit.people[Role.BBA][0]
        opened = self.days_ago(500, 900) if earlier else self.days_ago(20, 400)
        handler = (
            unit.one(self.rng, Role.HANDLER)
            if status != "detected" and self.rng.random() < 0.5
            else None
        )
        handover = None if earlier else self.pick_handover(unit, child_id, status, opened)
        closed_at = opened + datetime.timedelta(days=90) if status == "closed" else None
        closing_reason = "Behovet är tillgodosett." if status == "closed" else ""
        if handover and handover["status"] == "accepted":
            closed_at = handover["decided"]
            closing_reason = f"Överlämnat till {handover['to'].agency.name}"
        case_id = self.table("cases.Case").add(
            child_id=child_id,
            agency_id=unit.agency.pk,
            bba_id=bba_id,
            handler_id=handler[0] if handler else None,
            status=status,
            opened_at=opened,
            closed_at=closed_at,
            closing_reason=closing_reason,
            at=opened,
        )
        case_grants = policy.cases.grants
        for role, perms in case_grants.owning_roles.items():
            self.grant("cases.Case", case_id, unit.role_groups[role], perms, at=opened)
        if handler:
            self.grant("cases.Case", case_id, handler[1], case_grants.handler, at=opened, by=bba_id)
        for number in range(self.rng.randint(1, 6)):
            reporter_id, reporter_group = unit.one(self.rng, Role.REPORTER)
            reported = opened + datetime.timedelta(days=number * 7)
            concern_id = self.table("cases.Concern").add(
                case_id=case_id,
                reported_by_id=reporter_id,
                reported_at=reported,
                areas=self.rng.sample(WheelArea.values, 2),
                source=self.rng.choices(SOURCES, SOURCE_WEIGHTS)[0],
                observation="Eleven har varit frånvarande och verkar orolig.",
                at=reported,
                by=reporter_id,
            )
            self.grant(
                "cases.Concern",
                concern_id,
                reporter_group,
                policy.concerns.grants.reporter,
                at=reported,
                by=reporter_id,
            )
        if status in MAPPED:
            self.assessments(case_id, opened, bba_id, 2 if status in ANALYSED else 1)
        if status in ANALYSED or (status == "closed" and not earlier):
            self.table("analysis.Analysis").add(
                case_id=case_id,
                has_all_information="yes",
                obstacles="Oro i hemmet.",
                what_i_can_do="Samtal.",
                what_agency_can_do="Stöd i skolan.",
                help_needed="Socialtjänsten och BUP.",
                decision="collaboration" if status in COLLABORATING else "own_unit",
                collaboration_kinds=["social_services", "bup"] if status in COLLABORATING else [],
                decided_by_id=bba_id,
                decided_at=opened + datetime.timedelta(days=40),
                at=opened + datetime.timedelta(days=40),
                by=bba_id,
            )
        if status in COLLABORATING:
            self.collaboration(unit, case_id, child_id, guardians, age, opened, status, social, bup)
        elif status == "analysed" and self.rng.random() < 0.3:
            consent = self.consent(
                case_id,
                child_id,
                guardians,
                age,
                (opened + datetime.timedelta(days=45)).date(),
                [social[unit.agency.municipality_id], bup[0]],
                bba_id,
            )
            self.referral(unit, case_id, consent, social[unit.agency.municipality_id], opened)
        if handover:
            self.handover(unit, case_id, child_id, guardians, age, handover)

    def assessments(self, case_id, opened, bba_id, count):
        for number in range(count):
            on = (opened + datetime.timedelta(days=20 + 60 * number)).date()
            at = self.at_day(on)
            assessment_id = self.table("wheel.Assessment").add(
                case_id=case_id,
                assessed_on=on,
                child_view="Jag sover dåligt.",
                created_by_id=bba_id,
                created_at=at,
                updated_at=at,
                at=at,
                by=bba_id,
            )
            for area in WheelArea.values:
                self.table("wheel.AreaRating").add(
                    assessment_id=assessment_id,
                    area=area,
                    rating=self.rng.choice(RATINGS),
                    at=at,
                    by=bba_id,
                )

    def consent(
        self,
        case_id,
        child_id,
        guardians,
        age,
        valid_from,
        units,
        bba_id,
        purposes=("meeting", "sip", "referral"),
    ) -> dict:
        valid_until = valid_from + datetime.timedelta(days=self.rng.choice([180, 365, 365, 730]))
        child_answer = "agreed" if age >= 12 else None
        holds_until = last_day_held(valid_until, self.birth_dates[child_id], child_answer)
        at = self.at_day(valid_from)
        consent_id = self.table("consent.Consent").add(
            case_id=case_id,
            purposes=list(purposes),
            method="written",
            valid_from=valid_from,
            valid_until=valid_until,
            holds_until=holds_until,
            recorded_by_id=bba_id,
            recorded_at=at,
            at=at,
            by=bba_id,
        )
        write(
            apps.get_model("consent", "Consent").agencies.through,
            [{"consent_id": consent_id, "agency_id": a.agency.pk} for a in units],
        )
        for guardian_id in guardians:
            self.table("consent.ConsentParty").add(
                consent_id=consent_id,
                kind="guardian",
                guardian_id=guardian_id,
                answer="agreed",
                at=at,
                by=bba_id,
            )
        if child_answer:
            self.table("consent.ConsentParty").add(
                consent_id=consent_id, kind="child", answer=child_answer, at=at, by=bba_id
            )
        ended_reason = "expired" if valid_until == holds_until else "uncovered"
        return {
            "id": consent_id,
            "holds_until": holds_until,
            "ended_reason": ended_reason,
            "at": at,
            # agency id -> when the consent was withdrawn for it
            "withdrawn": {},
        }

    def collaboration(
        self, unit, case_id, child_id, guardians, age, opened, status, social_units, bup
    ):
        social = social_units[unit.agency.municipality_id]
        clinic = bup[child_id % len(bup)]
        bba_id, bba_group = unit.people[Role.BBA][0]
        valid_from = (opened + datetime.timedelta(days=45)).date()
        consent = self.consent(
            case_id, child_id, guardians, age, valid_from, [social, clinic], bba_id
        )
        social_worker = social.one(self.rng, Role.HANDLER)
        clinician = clinic.one(self.rng, Role.HANDLER)
        meetings = 2 if self.rng.random() < 0.15 else 1
        last_meeting = consent["at"] + datetime.timedelta(days=14 + 90 * (meetings - 1))
        withdrawn_at = last_meeting + datetime.timedelta(days=self.rng.randint(3, 60))
        withdrawn = (
            self.rng.random() < BUP_WITHDRAWN_SHARE
            and withdrawn_at < self.now
            and withdrawn_at.date() <= consent["holds_until"]
        )
        if withdrawn:
            consent["withdrawn"][clinic.agency.pk] = withdrawn_at
        for number in range(meetings):
            starts = consent["at"] + datetime.timedelta(days=14 + 90 * number)
            held = starts < self.now
            meeting_id = self.table("meetings.Meeting").add(
                case_id=case_id,
                called_by_id=bba_id,
                called_at=consent["at"],
                starts_at=starts,
                place="Konferensrummet",
                focus_areas=["home", "safety"],
                status="held" if held else "planned",
                at=consent["at"],
                by=bba_id,
            )
            people = [
                (bba_id, bba_group, unit),
                (social_worker[0], social_worker[1], social),
                (clinician[0], clinician[1], clinic),
            ]
            participants = {}
            for user_id, group_id, where in people:
                participants[user_id] = self.table("meetings.Participant").add(
                    meeting_id=meeting_id,
                    user_id=user_id,
                    agency_id=where.agency.pk,
                    attended=held,
                    at=consent["at"],
                    by=bba_id,
                )
                self.let_in(
                    "meetings.Meeting",
                    meeting_id,
                    owner=unit,
                    where=where,
                    group_id=group_id,
                    perms=policy.meetings.grants.invited,
                    consent=consent,
                    at=consent["at"],
                    by=bba_id,
                )
            if held and number == 0 and (status == "follow_up" or self.rng.random() < 0.6):
                self.plan(
                    unit,
                    case_id,
                    meeting_id,
                    participants,
                    consent,
                    starts,
                    social,
                    social_worker,
                    clinic,
                    clinician,
                )
        if self.rng.random() < 0.25:
            self.referral(unit, case_id, consent, social, opened)
        if withdrawn:
            self.table("consent.AgencyWithdrawal").add(
                consent_id=consent["id"],
                agency_id=clinic.agency.pk,
                withdrawn_at=withdrawn_at,
                withdrawn_by_party="Vårdnadshavare",
                recorded_by_id=bba_id,
                at=withdrawn_at,
                by=bba_id,
            )

    def plan(
        self,
        unit,
        case_id,
        meeting_id,
        participants,
        consent,
        starts,
        social,
        social_worker,
        clinic,
        clinician,
    ):
        bba_id, bba_group = unit.people[Role.BBA][0]
        coordinator_id, coordinator_group, coordinator_unit = (
            (social_worker[0], social_worker[1], social)
            if self.rng.random() < 0.6
            else (bba_id, bba_group, unit)
        )
        wished = self.rng.random() < CHILD_WISH_SHARE
        self.table("meetings.CoordinatorAppointment").add(
            meeting_id=meeting_id,
            case_id=case_id,
            child_wish="Någon jag känner." if wished else "Min tränare, som inte var med.",
            child_wished_participant_id=participants[coordinator_id] if wished else None,
            coordinator_id=participants[coordinator_id],
            special_reason="" if wished else "Den barnet önskade deltar inte i samverkan.",
            appointed_by_id=bba_id,
            appointed_at=starts,
            at=starts,
            by=bba_id,
        )
        plan_id = self.table("sip.Plan").add(
            case_id=case_id,
            meeting_id=meeting_id,
            coordinator_id=coordinator_id,
            coordinator_agency_id=coordinator_unit.agency.pk,
            created_by_id=coordinator_id,
            created_at=starts,
            at=starts,
            by=coordinator_id,
        )
        planned = starts + datetime.timedelta(days=self.rng.randint(30, 120))
        held_on = None
        if planned < self.now - datetime.timedelta(days=30) and self.rng.random() < HELD_SHARE:
            late = self.rng.random() < LATE_SHARE
            held_on = (
                planned + datetime.timedelta(days=self.rng.randint(1, 21))
                if late
                else planned - datetime.timedelta(days=self.rng.randint(0, 3))
            ).date()
            follow_up = planned
        else:
            follow_up = self.now + datetime.timedelta(days=self.rng.randint(-20, 120))
        held_at = self.at_day(held_on) if held_on else None
        version_id = self.table("sip.PlanVersion").add(
            plan_id=plan_id,
            number=1,
            status="agreed",
            child_needs="Lugn skoldag.",
            child_goals="Komma i tid.",
            overall_goal="Alva går i skolan.",
            lead_agency_id=social.agency.pk,
            follow_up_how="Möte.",
            next_follow_up_at=follow_up,
            next_follow_up_place="Skolan",
            agreed_at=starts,
            agreed_by_id=coordinator_id,
            agreed_parties="Alla.",
            created_by_id=coordinator_id,
            created_at=starts,
            at=starts,
            by=coordinator_id,
            # Recording the follow-up clears its day (sip.services.record_follow_up).
            then=(held_at, coordinator_id, {"next_follow_up_at": None}) if held_on else None,
        )
        named = [
            (bba_id, bba_group, unit, "learning"),
            (clinician[0], clinician[1], clinic, "health"),
        ]
        actions = []
        for user_id, _group_id, where, area in named:
            action_id = self.table("sip.Action").add(
                version_id=version_id,
                what="Samtal varje vecka.",
                area=area,
                kind="agency",
                agency_id=where.agency.pk,
                responsible_id=user_id,
                status="ongoing",
                at=starts,
                by=coordinator_id,
            )
            actions.append(action_id)
            self.table("sip.ContactPerson").add(
                version_id=version_id,
                agency_id=where.agency.pk,
                person_id=user_id,
                at=starts,
                by=coordinator_id,
            )
        if held_on:
            self.follow_up(version_id, actions, held_on, held_at, coordinator_id)
        given = {
            coordinator_id: (coordinator_group, coordinator_unit, policy.plans.grants.coordinator)
        }
        for user_id, group_id, where, _area in named:
            given.setdefault(user_id, (group_id, where, policy.plans.grants.named))
        for group_id, where, perms in given.values():
            self.let_in(
                "sip.Plan",
                plan_id,
                owner=unit,
                where=where,
                group_id=group_id,
                perms=perms,
                consent=consent,
                at=starts,
                by=coordinator_id,
            )

    def follow_up(self, version_id, actions, held_on, held_at, coordinator_id):
        """The follow-up held, with an outcome for every action, as record_follow_up writes
        it (the version's day cleared: see ``plan``)."""
        follow_up_id = self.table("sip.FollowUp").add(
            version_id=version_id,
            held_on=held_on,
            notes="Planen följdes upp.",
            recorded_by_id=coordinator_id,
            recorded_at=held_at,
            at=held_at,
            by=coordinator_id,
        )
        for action_id in actions:
            self.table("sip.ActionOutcome").add(
                follow_up_id=follow_up_id,
                action_id=action_id,
                what_happened="Insatsen pågår.",
                status="ongoing",
                at=held_at,
                by=coordinator_id,
            )

    def pick_handover(self, unit, child_id, status, opened) -> dict | None:
        """Whether the case is handed over to a unit of the child's next stage (in its own
        municipality if there is one, as the units are spread over the county), and how that
        ends: accepted (the case closed by it), or for a case being mapped sent, declined or
        withdrawn. None when the unit has no next stage here, or the day is yet to come."""
        next_stage = self.units_of_kind.get(NEXT_STAGE.get(Kind(unit.agency.kind).value), [])
        receivers = [
            other
            for other in next_stage
            if other.agency.municipality_id == unit.agency.municipality_id
        ] or next_stage
        if not receivers:
            return None
        if status == "closed" and self.rng.random() < HANDED_OVER_SHARE:
            answer = "accepted"
            decided = opened + datetime.timedelta(days=90)
        elif status == "mapping" and self.rng.random() < OPEN_HANDOVER_SHARE:
            answer = self.rng.choice(["sent", "declined", "withdrawn"])
            decided = opened + datetime.timedelta(days=self.rng.randint(50, 70))
        else:
            return None
        to = self.rng.choice(receivers)
        birth, serial, _fields, _names = self.child_facts[child_id]
        if decided >= self.now or (
            answer == "accepted" and (to.agency.pk, birth, serial) in self.numbers_used
        ):
            return None
        return {
            "to": to,
            "status": answer,
            "sent": decided - datetime.timedelta(days=self.rng.randint(1, 14)),
            "decided": decided,
        }

    def handover(self, unit, case_id, child_id, guardians, age, chosen):
        """As send_handover writes it under a consent naming the receiving unit for handover,
        then accept_handover (the receiving unit's own record of the child and a case of its
        own), decline_handover or withdraw_handover."""
        to, status, sent, decided = (
            chosen["to"],
            chosen["status"],
            chosen["sent"],
            chosen["decided"],
        )
        bba_id, _ = unit.people[Role.BBA][0]
        receiver_id, _ = to.people[Role.BBA][0]
        valid_from = (sent - datetime.timedelta(days=7)).date()
        consent = self.consent(
            case_id, child_id, guardians, age, valid_from, [to], bba_id, purposes=["handover"]
        )
        answered = status != "sent"
        decider = bba_id if status == "withdrawn" else receiver_id
        answer = {
            "status": status,
            "decided_by_id": decider,
            "decided_at": decided,
            "decline_reason": "Barnet har valt en annan skola." if status == "declined" else "",
            "receiving_case_id": (
                self.receiving_case(to, child_id, receiver_id, decided)
                if status == "accepted"
                else None
            ),
        }
        handover_id = self.table("handovers.Handover").add(
            case_id=case_id,
            from_agency_id=unit.agency.pk,
            to_agency_id=to.agency.pk,
            message="Barnet börjar hos er efter sommaren.",
            parts=[],
            summary={},
            sent_by_id=bba_id,
            sent_at=sent,
            status="sent",
            at=sent,
            by=bba_id,
            then=(decided, decider, answer) if answered else None,
        )
        grants = policy.handovers.grants
        for role in grants.receiving_roles:
            self.share(
                "handovers.Handover",
                handover_id,
                consent=consent,
                agency_id=to.agency.pk,
                group_id=to.role_groups[role],
                perms=grants.receiver,
                at=sent,
                by=bba_id,
                removed=decided if answered else None,
            )
            if status == "accepted":
                self.grant(
                    "handovers.Handover",
                    handover_id,
                    to.role_groups[role],
                    grants.accepted,
                    at=decided,
                    by=receiver_id,
                )

    def receiving_case(self, to, child_id, receiver_id, at) -> int:
        """The receiving unit's own record of the child (cases.services.child_record_at) and
        its case, the accepting BBA responsible."""
        birth, serial, fields, names = self.child_facts[child_id]
        self.numbers_used.add((to.agency.pk, birth, serial))
        own_id = self.table("cases.Child").add(
            agency_id=to.agency.pk, at=at, by=receiver_id, **fields
        )
        self.birth_dates[own_id] = birth
        self.owner_of_child[own_id] = to.agency.pk
        for name in names:
            self.guardian(own_id, name, at, by=receiver_id)
        case_id = self.table("cases.Case").add(
            child_id=own_id,
            agency_id=to.agency.pk,
            bba_id=receiver_id,
            status="detected",
            opened_at=at,
            at=at,
            by=receiver_id,
        )
        for role, perms in policy.cases.grants.owning_roles.items():
            self.grant("cases.Case", case_id, to.role_groups[role], perms, at=at, by=receiver_id)
        return case_id

    def referral(self, unit, case_id, consent, social, opened):
        bba_id, _ = unit.people[Role.BBA][0]
        at = consent["at"] + datetime.timedelta(days=3)
        referral_id = self.table("referrals.Referral").add(
            case_id=case_id,
            from_agency_id=unit.agency.pk,
            to_agency_id=social.agency.pk,
            question="Vi behöver stöd kring familjens situation.",
            summary="Hög frånvaro.",
            sent_by_id=bba_id,
            sent_at=at,
            at=at,
            by=bba_id,
        )
        grants = policy.referrals.grants
        for role in grants.receiving_roles:
            self.share(
                "referrals.Referral",
                referral_id,
                consent=consent,
                agency_id=social.agency.pk,
                group_id=social.role_groups[role],
                perms=grants.receiver,
                at=at,
                by=bba_id,
            )

    # The access log: who read what, 50 rows a child, a year back.

    def make_access_log(self):
        """Written as one COPY of text: five million rows are too many to hold as objects."""
        children = self.tables["cases.Child"].count
        first_child = self.tables["cases.Child"].next_id - children
        people = [
            (unit, user_id)
            for unit in self.child_units
            for user_id, _ in unit.people[Role.BBA] + unit.people[Role.HANDLER]
        ]
        columns = [
            "at",
            "user_id",
            "agency_id",
            "agency_name",
            "owner_agency_id",
            "action",
            "child_id",
            "object_type",
            "object_id",
            "description",
            "path",
            "ip_address",
        ]
        total = children * LOG_ROWS_PER_CHILD
        batch = io.StringIO()
        for number in range(total):
            unit, user_id = people[number % len(people)]
            child_id = first_child + self.rng.randrange(children)
            at = self.now - datetime.timedelta(seconds=(total - number) * 365 * 86400 / total)
            owner_id = self.owner_of_child[child_id]
            batch.write(
                f"{at.isoformat()}\t{user_id}\t{unit.agency.pk}\t{unit.agency.name}\t{owner_id}\t"
                f"view\t{child_id}\tcases.case\t{child_id}\tÄrende\t/arenden/{child_id}/\t"
                "127.0.0.1\n"
            )
            if number % 500_000 == 499_999 or number == total - 1:
                self.write_log(columns, batch)
                batch = io.StringIO()
        self.say(f"{total} access-log rows\n")

    def write_log(self, columns, batch):
        if connection.vendor == "postgresql":
            copy_text(AccessLog, columns, batch)
            return
        rows = [
            dict(zip(columns, line.split("\t"), strict=True))
            for line in batch.getvalue().splitlines()
        ]
        AccessLog.objects.bulk_create([AccessLog(**row) for row in rows])
