import pytest

from tests.factories.meetings import collaboration_case


@pytest.fixture
def case(school, bba):
    """A case of the school, analysed: collaboration with social services and health care."""
    return collaboration_case(school, bba, child__first_name="Alva", child__last_name="Berg")
