"""A preschool hands a six-year-old over to the school she will start at (the ``school``
fixture, Ekbackens skola, whose BBA is Tomas Ekström)."""

import datetime

import pytest
from django.utils import timezone

from apps.agencies.models import Membership
from tests.factories.agencies import AgencyFactory, member
from tests.factories.cases import ChildFactory, ConcernFactory
from tests.factories.consent import active_consent
from tests.factories.handovers import hand_over
from tests.factories.wheel import AssessmentFactory, rated

CHILD_WORDS = "Jag vill ha en kompis på rasten."
HOME_NOTES = "Mamma har varit sjuk i vinter; Alva är ofta trött på morgonen."


@pytest.fixture
def preschool(school):
    return AgencyFactory(
        name="Solrosens förskola", kind="preschool", municipality=school.municipality
    )


@pytest.fixture
def pre_bba(preschool):
    return member(preschool, Membership.Role.BBA, full_name="Petra Lund")


@pytest.fixture
def pre_reporter(preschool):
    return member(preschool, Membership.Role.REPORTER, full_name="Olle Pedagog")


@pytest.fixture
def case(preschool, pre_bba, pre_reporter):
    """Alva, six this autumn, in a case of the preschool: a concern in her own words and a
    mapping with the wheel."""
    today = timezone.localdate()
    child = ChildFactory(
        agency=preschool,
        first_name="Alva",
        last_name="Berg",
        birth_date=datetime.date(today.year - 6, 1, 15),
    )
    case = ConcernFactory(case__child=child, reported_by=pre_reporter, child_words=CHILD_WORDS).case
    ratings = rated(home="some_concern")
    ratings["home"]["notes"] = HOME_NOTES
    AssessmentFactory(case=case, created_by=pre_bba, ratings=ratings, summary="Oro för hemmet.")
    case.refresh_from_db()
    return case


@pytest.fixture
def consent(case, school, pre_bba):
    return active_consent(case, [school], ["handover"], by=pre_bba)


@pytest.fixture
def handover(case, consent, pre_bba, school):
    return hand_over(case, pre_bba, school)


@pytest.fixture
def school_reporter(reporter):
    """The receiving school's reporter."""
    return reporter
