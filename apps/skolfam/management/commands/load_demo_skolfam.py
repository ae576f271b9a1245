"""Demo Skolfam cohort: Katrineholm (a Skolfam municipality in fact, seed 000) takes part, its
social services have marked seven placed children with Västra skolan in the team, and six of
them have been mapped twice, so the indicators have figures above the suppression threshold.
Run after load_demo; safe to run again. The children are invented; their personnummer are
valid but fictitious."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.agencies.management.commands.load_demo import ADMINISTRATORS_GROUP, DemoCommand
from apps.agencies.models import Agency, Municipality
from apps.cases import services as case_services
from apps.cases.personal_numbers import luhn_check_digit, parse_personal_number
from apps.skolfam import services
from apps.skolfam.models import Area, CohortMember

SOCIAL_SERVICES = "Socialtjänsten Katrineholm, barn och unga"
SCHOOL = "Västra skolan"
MARKED_BY = "oskar.ekstrom@katrineholm.demo"
MAPPED_BY = "emma.berg@katrineholm.demo"
CONSENTED_ON = datetime.date(2023, 8, 15)
FIRST, LATEST = datetime.date(2023, 9, 15), datetime.date(2025, 9, 15)

# (first name, last name, birth date, serial, bands at the first and the latest mapping,
# each in the order of the areas; None for a child not mapped yet)
DEMO_COHORT = [
    (
        "Liam",
        "Åberg",
        datetime.date(2013, 4, 2),
        314,
        ("within", "below", "below", "below", "some"),
        ("within", "within", "below", "within", "none"),
    ),
    (
        "Wilma",
        "Sandberg",
        datetime.date(2012, 11, 19),
        522,
        ("within", "below", "below", "within", "marked"),
        ("within", "within", "within", "within", "some"),
    ),
    (
        "Hugo",
        "Nilsson",
        datetime.date(2014, 1, 8),
        137,
        ("below", "below", "below", "below", "some"),
        ("below", "within", "below", "below", "some"),
    ),
    (
        "Saga",
        "Holm",
        datetime.date(2013, 7, 27),
        846,
        ("within", "within", "below", "within", "some"),
        ("within", "within", "within", "above", "none"),
    ),
    (
        "Elias",
        "Blom",
        datetime.date(2012, 3, 14),
        259,
        ("above", "within", "within", "within", "none"),
        ("above", "within", "within", "below", "some"),
    ),
    (
        "Maja",
        "Ek",
        datetime.date(2014, 9, 30),
        671,
        ("within", "below", "below", "within", "some"),
        ("within", "within", "within", "within", "some"),
    ),
    ("Nora", "Lundqvist", datetime.date(2015, 5, 6), 418, None, None),
]


def _personal_number(birth_date, serial):
    nine = f"{birth_date:%y%m%d}{serial:03d}"
    return parse_personal_number(f"{birth_date:%Y%m%d}{serial:03d}{luhn_check_digit(nine)}")


class Command(DemoCommand):
    help = "Katrineholm in Skolfam with a mapped cohort (after load_demo; idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = get_user_model().objects
        administrator = users.filter(groups__name=ADMINISTRATORS_GROUP).first()
        services.set_participation(
            Municipality.objects.get(name="Katrineholm"),
            by=administrator,
            takes_part=True,
            interval_months=24,
        )
        social_services = Agency.objects.get(name=SOCIAL_SERVICES)
        school = Agency.objects.get(name=SCHOOL)
        marked_by, mapped_by = users.get(email=MARKED_BY), users.get(email=MAPPED_BY)
        marked = 0
        for first, last, born, serial, before, after in DEMO_COHORT:
            number = _personal_number(born, serial)
            if social_services.children.filter(personal_number=number.normalised).exists():
                continue
            child = case_services.register_child(
                by=marked_by,
                agency=social_services,
                personal_number=number,
                first_name=first,
                last_name=last,
            )
            case = case_services.open_case(by=marked_by, child=child)
            member = services.mark_child(
                case,
                by=marked_by,
                school=school,
                placement_basis=CohortMember.PlacementBasis.SOL,
                consent_basis=CohortMember.ConsentBasis.GUARDIANS,
                consent_method=CohortMember.ConsentMethod.WRITTEN,
                consented_by=f"Vårdnadshavarna till {first} {last}",
                consented_on=CONSENTED_ON,
                information_given=True,
            )
            for mapped_on, bands in ((FIRST, before), (LATEST, after)):
                if bands:
                    services.record_mapping(
                        member,
                        by=mapped_by,
                        mapped_on=mapped_on,
                        bands=dict(zip(Area.values, bands, strict=True)),
                    )
            marked += 1
        self.stdout.write(f"Demo Skolfam children marked: {marked}")
