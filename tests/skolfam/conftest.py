"""The Skolfam story: Katrineholm takes part, Nyköping does not.

Karin Holm, BBA of Socialtjänsten Katrineholm, marks the children her unit placed in foster
homes; Petra Sjö, BBA of Djulöskolan, is the school in the team. Everyone else is refused."""

import pytest

from apps.agencies.models import Membership
from tests.factories.agencies import AgencyFactory, member
from tests.factories.skolfam import mark, placed_child_case, skolfam_municipality


@pytest.fixture
def katrineholm(db):
    return skolfam_municipality()


@pytest.fixture
def soc(katrineholm):
    return AgencyFactory(
        name="Socialtjänsten Katrineholm",
        kind="social_services",
        municipality=katrineholm,
        principal_name="Katrineholms kommun",
    )


@pytest.fixture
def karin(soc):
    return member(soc, Membership.Role.BBA, full_name="Karin Holm")


@pytest.fixture
def djulo(katrineholm):
    return AgencyFactory(name="Djulöskolan", municipality=katrineholm)


@pytest.fixture
def petra(djulo):
    return member(djulo, Membership.Role.BBA, full_name="Petra Sjö")


@pytest.fixture
def placed(soc):
    return placed_child_case(soc, first_name="Elsa", last_name="Lund")


@pytest.fixture
def elsa(placed, karin, djulo):
    """Elsa Lund, in Katrineholm's Skolfam cohort with Djulöskolan in the team."""
    return mark(placed, by=karin, school=djulo)
