import pytest

from apps.agencies.models import Membership
from apps.cases import services as case_services
from tests.factories.agencies import member
from tests.factories.cases import CaseFactory, ChildFactory, ConcernFactory


@pytest.fixture
def case(school, bba):
    return CaseFactory(child=ChildFactory(agency=school, first_name="Nora", last_name="Lind"))


@pytest.fixture
def assigned_handler(case, handler, bba):
    """A handler of the owning school whom the BBA has delegated the case to."""
    case_services.assign_handler(case, handler, by=bba)
    return handler


@pytest.fixture
def concern_reporter(case, reporter):
    """The member of staff who logged the concern the case is about."""
    ConcernFactory(case=case, reported_by=reporter)
    return reporter


@pytest.fixture
def unassigned_handler(school):
    return member(school, Membership.Role.HANDLER)
