import datetime

import factory
from django.utils import timezone

from apps.cases import services
from apps.cases.models import Case, Child, ComingTransition, Concern
from apps.cases.personal_numbers import luhn_check_digit, parse_personal_number
from apps.cases.stages import Stage
from tests.factories.agencies import AgencyFactory


def personal_number(birth_date: datetime.date, serial: int = 123) -> str:
    """A valid 12-digit personnummer for the birth date."""
    nine = f"{birth_date:%y%m%d}{serial:03d}"
    return f"{birth_date:%Y%m%d}{serial:03d}{luhn_check_digit(nine)}"


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    agency = factory.SubFactory(AgencyFactory)
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    birth_date = datetime.date(2014, 3, 12)
    personal_number = factory.LazyAttributeSequence(
        lambda child, n: personal_number(child.birth_date, serial=100 + n % 900)
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        number = kwargs.pop("personal_number")
        parsed = parse_personal_number(number) if number else None
        return services.register_child(by=None, personal_number=parsed, **kwargs)


class CaseFactory(factory.django.DjangoModelFactory):
    """A case opened through the service, so the owning agency's BBAs get their grants."""

    class Meta:
        model = Case

    child = factory.SubFactory(ChildFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.open_case(by=None, child=kwargs["child"])


class ConcernFactory(factory.django.DjangoModelFactory):
    """A concern logged through the service by ``reported_by`` acting for ``case.agency``."""

    class Meta:
        model = Concern

    case = factory.SubFactory(CaseFactory)
    areas = factory.LazyFunction(lambda: ["safety", "home"])
    observation = "Eleven har varit frånvarande och verkar orolig."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        case, reporter = kwargs.pop("case"), kwargs.pop("reported_by")
        child = case.child
        number = parse_personal_number(child.personal_number) if child.personal_number else None
        return services.log_concern(
            by=reporter,
            agency=case.agency,
            personal_number=number,
            child_fields={"first_name": child.first_name, "last_name": child.last_name},
            **kwargs,
        )


class ComingTransitionFactory(factory.django.DjangoModelFactory):
    """A move the daily scan foresaw, a month from now (what the scan finds depends on the
    day; tests/cases/test_transitions.py runs the scan itself)."""

    class Meta:
        model = ComingTransition

    case = factory.SubFactory(CaseFactory)
    changes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    from_stage = Stage.SCHOOL
    to_stage = Stage.UPPER_SECONDARY
