import datetime

import pytest
from django.utils import timezone

from tests.factories.cases import ChildFactory, ConcernFactory, personal_number
from tests.factories.consent import guardians_with_custody


def born_years_ago(years: int) -> datetime.date:
    """A birth date that makes the child exactly ``years`` old today."""
    today = timezone.localdate()
    return datetime.date(today.year - years, today.month, 1)


def child_aged(school, years, **fields):
    birth = born_years_ago(years)
    return ChildFactory(
        agency=school, birth_date=birth, personal_number=personal_number(birth), **fields
    )


@pytest.fixture
def teen_case(school, bba, reporter):
    """A 15-year-old's case at the school, reported by the reporter; two guardians with custody."""
    child = child_aged(school, 15, first_name="Alva", last_name="Berg")
    guardians_with_custody(child)
    return ConcernFactory(case__child=child, reported_by=reporter).case
