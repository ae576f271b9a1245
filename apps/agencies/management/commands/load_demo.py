"""Loads the demo setup: Sörmland's nine municipalities and, for Nyköping, Eskilstuna and
Katrineholm, schools, a preschool, an upper secondary school, a BVC, social services, KAA, the
follow-up officer for upper secondary outside Sörmland and BUP, each with its BBA (and most
with handlers and staff) and an agency admin; and the county's and Nyköping's steering
groups, who see the indicators only. Safe to run again."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.agencies import policy, services
from apps.agencies.models import Agency, Municipality, SteeringSeat

DEMO_PASSWORD = "demo-tillsammans"
SETUP_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_setup.json"
ADMINISTRATORS_GROUP = "Administratörer"

# The logins printed for a newcomer: one of each kind of person the product is for.
SHOWCASE = [
    ("Ekbackens skola", "bba"),
    ("Ekbackens skola", "handler"),
    ("Ekbackens skola", "reporter"),
    ("Ekbackens skola", "agency_admin"),
    ("Brunnsbergs skola", "bba"),
    ("Socialtjänsten Nyköping, barn och unga", "handler"),
    ("BUP Sörmland, Nyköping", "handler"),
]


def administrators_group() -> Group:
    group, _ = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    group.permissions.add(Permission.objects.get(codename="administer"))
    return group


class DemoCommand(BaseCommand):
    """A command that writes demo data: people who all have the password DEMO_PASSWORD, and
    invented children. With DEBUG off the database is taken for a production one, where that
    would open a door to anyone who has read this file; the command refuses unless told
    explicitly that the database is for a demonstration."""

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo although DEBUG is off (a demonstration server only).",
        )

    def execute(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off, so this database is taken for production, and the demo would "
                f"add people to it with the known password {DEMO_PASSWORD!r}. Run it with "
                "DEBUG=true on a development machine, or with --allow-production if this "
                "database is only for a demonstration."
            )
        return super().execute(*args, **options)


class Command(DemoCommand):
    help = "Load the Sörmland demo setup (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        setup = json.loads(SETUP_FILE.read_text(encoding="utf-8"))
        with transaction.atomic():
            call_command("loaddata", "fixtures/sormland.json", verbosity=0)
            self._load(setup)
        self._print_logins(setup)

    def _person(self, data):
        User = get_user_model()
        user = User.objects.filter(email=data["email"]).first()
        return user or services.create_person(
            by=None,
            email=data["email"],
            full_name=data["full_name"],
            phone=data.get("phone", ""),
            title=data.get("title", ""),
        )

    def _steering_seat(self, data):
        """A seat in the county's steering group (no municipality) or a municipality's."""
        person = self._person(data)
        municipality = data["municipality"] and Municipality.objects.get(name=data["municipality"])
        if not SteeringSeat.objects.current().filter(user=person).exists():
            services.add_steering_seat(by=None, user=person, municipality=municipality or None)

    def _load(self, setup):
        group = administrators_group()
        for data in setup["administrators"]:
            self._person(data).groups.add(group)
        for data in setup["steering_groups"]:
            self._steering_seat(data)
        for data in setup["agencies"]:
            municipality = Municipality.objects.get(name=data["municipality"])
            existing = Agency.objects.filter(municipality=municipality, name=data["name"]).first()
            if existing:
                # A setup loaded before a role got a new permission gets it now.
                policy.grant_new_agency(existing)
                continue
            agency = services.create_agency(
                by=None,
                name=data["name"],
                kind=data["kind"],
                municipality=municipality,
                principal_kind=data["principal_kind"],
                principal_name=data["principal_name"],
                phone=data["phone"],
                email=data["email"],
            )
            for person in data["people"]:
                services.add_membership(
                    by=None, user=self._person(person), agency=agency, role=person["role"]
                )
        demo_emails = [p["email"] for a in setup["agencies"] for p in a["people"]]
        demo_emails += [p["email"] for p in setup["administrators"]]
        demo_emails += [p["email"] for p in setup["steering_groups"]]
        # One hash for everyone: hashing a hundred passwords one by one takes half a minute.
        get_user_model().objects.filter(email__in=demo_emails).update(
            password=make_password(DEMO_PASSWORD)
        )

    def _print_logins(self, setup):
        by_agency = {a["name"]: a for a in setup["agencies"]}
        rows = [("Administratör (ser inga barnuppgifter)", setup["administrators"][0]["email"])]
        for person in setup["steering_groups"]:
            rows.append((f"{person['title']} (ser bara indikatorer)", person["email"]))
        for agency_name, role in SHOWCASE:
            person = next(p for p in by_agency[agency_name]["people"] if p["role"] == role)
            rows.append((f"{person['title']}, {agency_name}", person["email"]))
        width = max(len(label) for label, _ in rows)
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for label, email in rows:
            self.stdout.write(f"  {label.ljust(width)}  {email}")
        self.stdout.write(
            "  Everyone in fixtures/demo_setup.json can sign in with the same password.\n"
        )
