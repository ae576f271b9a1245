import pytest

from apps.agencies.models import Membership
from apps.sip import services
from tests.factories.agencies import member
from tests.factories.consent import active_consent
from tests.factories.meetings import collaboration_case
from tests.factories.sip import (
    appointed_meeting,
    complete_fields,
    contact,
    story_actions,
    write,
)


@pytest.fixture
def teacher(school):
    """Staff of the school, who sees no case: only what the plan names them in."""
    return member(school, Membership.Role.REPORTER, full_name="Eva Nilsson")


@pytest.fixture
def other_social_worker(social_services):
    return member(social_services, Membership.Role.HANDLER, full_name="Per Olsson")


@pytest.fixture
def case(school, bba):
    return collaboration_case(school, bba, child__first_name="Alva", child__last_name="Berg")


@pytest.fixture
def social_consent(case, social_services):
    return active_consent(case, [social_services], ["meeting", "sip"], days=30)


@pytest.fixture
def bup_consent(case, bup):
    return active_consent(case, [bup], ["meeting", "sip"], days=30)


@pytest.fixture
def meeting(case, bba, social_consent, bup_consent, social_services, social_worker, bup, clinician):
    """The BUP clinician is appointed coordinator at a meeting with social services."""
    return appointed_meeting(case, bba, clinician, bup, [(social_worker, social_services)])


@pytest.fixture
def plan(meeting, clinician):
    return services.create_plan(meeting, by=clinician)


@pytest.fixture
def draft(plan):
    return plan.versions.get()


@pytest.fixture
def written(
    draft, clinician, school, bba, teacher, social_services, social_worker, bup
):  # fmt: skip
    """Version 1, complete, with actions for the school, social services and BUP."""
    return write(
        draft,
        clinician,
        actions=story_actions(school, teacher, social_services, social_worker, bup, clinician),
        contacts=[
            contact(bba, school),
            contact(social_worker, social_services),
            contact(clinician, bup),
        ],
        **complete_fields(social_services),
    )


@pytest.fixture
def agreed(written, clinician):
    return services.agree(written, by=clinician, agreed_parties="Alva, mamma och alla tre.")
