import pytest

from apps.cases import services
from apps.cases.models import Case
from tests.factories.cases import CaseFactory

pytestmark = pytest.mark.django_db
S = Case.Status


def test_the_whole_process_in_order(bba):
    case = CaseFactory(child__agency=bba.memberships.get().agency)
    for status in (S.MAPPING, S.ANALYSED, S.COLLABORATION, S.FOLLOW_UP):
        services.change_status(case, status, by=bba)
        case.refresh_from_db()
        assert case.status == status
    services.close_case(case, by=bba, reason="Målen i planen är nådda.")
    case.refresh_from_db()
    assert case.status == S.CLOSED
    assert case.closed_at is not None


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.DETECTED, S.ANALYSED),
        (S.DETECTED, S.COLLABORATION),
        (S.MAPPING, S.COLLABORATION),
        (S.MAPPING, S.FOLLOW_UP),
        (S.ANALYSED, S.FOLLOW_UP),
        (S.COLLABORATION, S.MAPPING),
    ],
)
def test_forbidden_transitions_are_refused(start, target):
    case = CaseFactory()
    Case.objects.filter(pk=case.pk).update(status=start)
    case.refresh_from_db()
    with pytest.raises(services.InvalidTransition):
        services.change_status(case, target, by=None)
    case.refresh_from_db()
    assert case.status == start


def test_closed_case_stays_closed():
    case = CaseFactory()
    services.close_case(case, by=None, reason="Familjen tackade nej.")
    for status in (S.DETECTED, S.MAPPING, S.COLLABORATION):
        with pytest.raises(services.InvalidTransition):
            services.change_status(case, status, by=None)


def test_closing_needs_a_reason():
    case = CaseFactory()
    with pytest.raises(services.InvalidTransition):
        services.close_case(case, by=None, reason="  ")
    case.refresh_from_db()
    assert case.status == S.DETECTED
