import datetime

import factory
from django.utils import timezone

from apps.agencies import services
from apps.agencies.models import SteeringSeat
from apps.indicators.models import Figure, PeriodKind
from tests.factories.agencies import UserFactory

AUTUMN_2026 = (datetime.date(2026, 8, 1), datetime.date(2026, 12, 31))


class SteeringSeatFactory(factory.django.DjangoModelFactory):
    """Seats are given through the service, as an administrator gives them."""

    class Meta:
        model = SteeringSeat

    user = factory.SubFactory(UserFactory)
    municipality = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.add_steering_seat(by=None, **kwargs)


def steering_member(municipality=None, **user_fields):
    """A person with a seat in force in the steering group of ``municipality`` (None: the
    county's)."""
    return SteeringSeatFactory(municipality=municipality, user=UserFactory(**user_fields)).user


class FigureFactory(factory.django.DjangoModelFactory):
    """One computed cell, written directly as the computation would store it."""

    class Meta:
        model = Figure

    period_kind = PeriodKind.TERM
    period_start = AUTUMN_2026[0]
    period_end = AUTUMN_2026[1]
    municipality = None
    agency_kind = ""
    indicator = "concerns_by_area"
    category = "health"
    children = 12
    value = 12.0
    suppressed = False
    computed_at = factory.LazyFunction(timezone.now)


def suppressed(**fields) -> Figure:
    """A cell stored suppressed: no value and no count."""
    return FigureFactory(value=None, children=None, suppressed=True, **fields)
