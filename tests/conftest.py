import pytest
from django.contrib.auth.models import Group

from apps.agencies.management.commands.load_demo import administrators_group
from apps.agencies.models import Membership
from tests.factories.agencies import AgencyFactory, UserFactory, member
from tests.factories.indicators import steering_member


@pytest.fixture(autouse=True)
def _fast_hashing_and_outbox(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.LANGUAGE_CODE = "sv"


@pytest.fixture
def school(db):
    return AgencyFactory(name="Ekbackens skola")


@pytest.fixture
def other_school(db):
    return AgencyFactory(name="Brunnsbergs skola")


@pytest.fixture
def administrator(db) -> Group:
    user = UserFactory(full_name="Ylva Administratör")
    user.groups.add(administrators_group())
    return user


@pytest.fixture
def bba(school):
    return member(school, Membership.Role.BBA, full_name="Tomas Ekström")


@pytest.fixture
def agency_admin(school):
    return member(school, Membership.Role.AGENCY_ADMIN)


@pytest.fixture
def reporter(school):
    return member(school, Membership.Role.REPORTER, full_name="Hanna Lindgren")


@pytest.fixture
def handler(school):
    return member(school, Membership.Role.HANDLER, full_name="Sara Karimi")


@pytest.fixture
def social_services(db):
    return AgencyFactory(name="Socialtjänsten Nyköping", kind="social_services")


@pytest.fixture
def social_worker(social_services):
    return member(social_services, Membership.Role.HANDLER, full_name="Maja Forsberg")


@pytest.fixture
def other_bba(other_school):
    return member(other_school, Membership.Role.BBA, full_name="Ebba Strand")


@pytest.fixture
def bup(db):
    """The region's child and adolescent psychiatry: health care under Region Sörmland."""
    return AgencyFactory(
        name="BUP Nyköping",
        kind="bup",
        principal_kind="region",
        principal_name="Region Sörmland",
    )


@pytest.fixture
def clinician(bup):
    return member(bup, Membership.Role.HANDLER, full_name="Jonas Ahmadi")


@pytest.fixture
def steering_group(school):
    """A member of the steering group of the school's municipality: sees its indicators, and
    no record of any child."""
    return steering_member(school.municipality, full_name="Stina Styrgrupp")
