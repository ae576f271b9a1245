import pytest

from apps.cases.services import start_mapping
from tests.factories.cases import CaseFactory


@pytest.fixture
def case(school, bba):
    """A case of the school, still in "detected": nothing is mapped yet."""
    return CaseFactory(child__agency=school)


@pytest.fixture
def mapped_case(case, bba):
    return start_mapping(case, by=bba)
