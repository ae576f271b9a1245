import pytest

from apps.agencies.models import Membership
from tests.factories.agencies import AgencyFactory, member
from tests.factories.meetings import collaboration_case


@pytest.fixture
def bup(db):
    return AgencyFactory(name="BUP Nyköping", kind="health_care")


@pytest.fixture
def clinician(bup):
    return member(bup, Membership.Role.HANDLER, full_name="Jonas Ahmadi")


@pytest.fixture
def case(school, bba):
    """A case of the school, analysed: collaboration with social services and health care."""
    return collaboration_case(school, bba, child__first_name="Alva", child__last_name="Berg")
