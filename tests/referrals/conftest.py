import pytest

from apps.agencies.models import Membership
from tests.factories.agencies import AgencyFactory, member
from tests.factories.cases import ChildFactory, ConcernFactory
from tests.factories.consent import active_consent
from tests.factories.referrals import ReferralFactory


@pytest.fixture
def case(school, bba, reporter):
    """A school case started from a reporter's concern; its BBA is ``bba``."""
    child = ChildFactory(agency=school, first_name="Alva", last_name="Berg")
    return ConcernFactory(case__child=child, reported_by=reporter).case


@pytest.fixture
def consent(case, social_services):
    return active_consent(case, [social_services], ["referral"])


@pytest.fixture
def referral(case, consent, bba, social_services):
    return ReferralFactory(case=case, sent_by=bba, to_agency=social_services)


@pytest.fixture
def social_bba(social_services):
    """The BBA of the receiving social-services unit."""
    return member(social_services, Membership.Role.BBA, full_name="Karin Sjöberg")


@pytest.fixture
def other_social_services(db):
    return AgencyFactory(name="Socialtjänsten Flen", kind="social_services")


@pytest.fixture
def other_social_worker(other_social_services):
    return member(other_social_services, Membership.Role.HANDLER, full_name="Nils Holm")
