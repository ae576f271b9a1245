import pytest

from tests.security.story import build_story


@pytest.fixture
def story(db) -> dict:
    return build_story()
