"""Demo concerns, so a newcomer's BBA login has something in the inbox. Run after load_demo;
safe to run again. The children are invented; their personnummer are valid but fictitious."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.agencies.management.commands.load_demo import DemoCommand
from apps.agencies.models import Agency
from apps.cases import services
from apps.cases.personal_numbers import luhn_check_digit, parse_personal_number

# (agency, reporter e-mail, first name, last name, birth date, serial, areas, observation)
DEMO_CONCERNS = [
    (
        "Ekbackens skola",
        "hanna.lindgren@nykoping.demo",
        "Alva",
        "Berg",
        datetime.date(2011, 6, 15),
        238,
        ["safety", "home", "relationships"],
        "Alva har varit frånvarande tre måndagar i rad och säger att hon inte sover på nätterna.",
    ),
    (
        "Ekbackens skola",
        "nils.sjoberg@nykoping.demo",
        "Noah",
        "Lind",
        datetime.date(2016, 2, 3),
        455,
        ["learning", "development"],
        "Noah har svårt att komma igång med uppgifter och blir ofta ledsen på lektionerna.",
    ),
    (
        "Brunnsbergs skola",
        "olof.karimi@nykoping.demo",
        "Elsa",
        "Ström",
        datetime.date(2013, 9, 21),
        612,
        ["health"],
        "Elsa har tappat mycket i vikt sedan sommaren och äter sällan lunch.",
    ),
]


def _personal_number(birth_date, serial):
    nine = f"{birth_date:%y%m%d}{serial:03d}"
    return parse_personal_number(f"{birth_date:%Y%m%d}{serial:03d}{luhn_check_digit(nine)}")


class Command(DemoCommand):
    help = "Log a few demo concerns at Nyköping's schools (after load_demo; idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = get_user_model().objects
        logged = 0
        for agency_name, email, first, last, born, serial, areas, seen in DEMO_CONCERNS:
            agency = Agency.objects.get(name=agency_name)
            number = _personal_number(born, serial)
            if agency.children.filter(personal_number=number.normalised).exists():
                continue
            services.log_concern(
                by=users.get(email=email),
                agency=agency,
                personal_number=number,
                child_fields={"first_name": first, "last_name": last},
                areas=areas,
                observation=seen,
            )
            logged += 1
        self.stdout.write(f"Demo concerns logged: {logged}")
