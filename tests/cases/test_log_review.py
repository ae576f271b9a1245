import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.agencies.models import Membership
from apps.agencies.services import ACTING_AGENCY_SESSION_KEY
from apps.audit.models import AccessLog
from apps.cases import selectors
from apps.cases.personal_numbers import parse_personal_number
from tests.factories.agencies import MembershipFactory, member
from tests.factories.cases import ChildFactory, ConcernFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Summer time begins on the first day of the period and ends on the last: days of 23 and 25 hours.
SINCE, UNTIL = datetime.date(2026, 3, 29), datetime.date(2026, 10, 25)
JUNE = datetime.date(2026, 6, 1)


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), STOCKHOLM)


def read(user, *, at, agency=None, child=None) -> AccessLog:
    """A row as log_access writes it, at the given time (``at`` is set on insert)."""
    with time_machine.travel(at, tick=False):
        return AccessLog.objects.create(
            user=user,
            agency_id=agency.pk if agency else None,
            agency_name=agency.name if agency else "",
            owner_agency_id=child.agency_id if child else None,
            action=AccessLog.Action.VIEW,
            child_id=child.pk if child else None,
            object_type="cases.child",
            description="läste",
        )


def entries(agency, **narrowing) -> list[AccessLog]:
    return list(selectors.log_entries(agency, since=SINCE, until=UNTIL, **narrowing))


def entries_as_before(agency) -> list[AccessLog]:
    """The query log_entries used to run (an OR, and each row's local date): the reference for
    which rows belong in the review: those made for the agency and those of its records."""
    return list(
        AccessLog.objects.filter(
            Q(agency_id=agency.pk) | Q(owner_agency_id=agency.pk),
            at__date__gte=SINCE,
            at__date__lte=UNTIL,
        )
    )


@pytest.fixture
def read_case(client, school, bba, reporter):
    case = ConcernFactory(case__child=ChildFactory(agency=school), reported_by=reporter).case
    client.force_login(bba)
    client.get(reverse("cases:case_detail", args=[case.pk]))
    client.logout()
    return case


@pytest.fixture
def ours(school):
    return ChildFactory(agency=school)


@pytest.fixture
def theirs(other_school):
    return ChildFactory(agency=other_school)


@pytest.fixture
def reads(school, other_school, ours, theirs, bba, other_bba, administrator):
    """Reads made for the school or of its child, or both, and one that is neither."""
    noon = local(JUNE, 12)
    return {
        "for us, of ours": read(bba, at=noon, agency=school, child=ours),
        "for us, of theirs": read(bba, at=noon, agency=school, child=theirs),
        "for us, a search": read(bba, at=local(JUNE, 13), agency=school),
        "for them, of ours": read(other_bba, at=local(JUNE, 14), agency=other_school, child=ours),
        "for no agency, of ours": read(administrator, at=local(JUNE, 15), child=ours),
        "for them, of theirs": read(
            other_bba, at=local(JUNE, 16), agency=other_school, child=theirs
        ),
    }


def test_agency_admin_sees_who_read_which_child(client, school, agency_admin, bba, read_case):
    client.force_login(agency_admin)
    url = reverse("cases:log_review", args=[school.pk])
    response = client.post(
        url,
        {
            "since": "2020-01-01",
            "until": "2099-01-01",
            "personal_number": read_case.child.personal_number,
        },
        follow=True,
    )
    entries = [row.entry for row in response.context["entries"]]
    assert [(e.user, e.child_id) for e in entries] == [(bba, read_case.child_id)]
    by_person = client.post(
        url, {"since": "2020-01-01", "until": "2099-01-01", "person_email": bba.email}, follow=True
    )
    assert len(by_person.context["entries"]) == 1


def test_lists_reads_for_the_agency_and_of_its_records(school, reads):
    listed = entries(school)
    assert listed == entries_as_before(school)
    assert listed == [
        reads["for no agency, of ours"],
        reads["for them, of ours"],
        reads["for us, a search"],
        reads["for us, of theirs"],
        reads["for us, of ours"],
    ]


def test_a_read_for_the_agency_of_its_own_child_is_listed_once(school, ours, bba):
    entry = read(bba, at=local(JUNE, 12), agency=school, child=ours)
    review = selectors.log_entries(school, since=SINCE, until=UNTIL)
    assert list(review) == [entry]
    assert review.count() == 1


def test_the_period_is_whole_local_days_across_summer_time(school, bba):
    read(bba, at=local(SINCE - datetime.timedelta(days=1), 23, 50), agency=school)
    first = read(bba, at=local(SINCE, 0, 10), agency=school)
    last = read(bba, at=local(UNTIL, 23, 30), agency=school)
    read(bba, at=local(UNTIL + datetime.timedelta(days=1), 0, 10), agency=school)
    assert entries(school) == [last, first] == entries_as_before(school)


def test_narrowed_to_a_person(school, reads, bba, other_bba):
    assert entries(school, person_email=bba.email.upper()) == [
        reads["for us, a search"],
        reads["for us, of theirs"],
        reads["for us, of ours"],
    ]
    assert entries(school, person_email=other_bba.email) == [reads["for them, of ours"]]
    nobody = selectors.log_entries(school, since=SINCE, until=UNTIL, person_email="ingen@x.se")
    assert list(nobody) == []
    assert nobody.count() == 0


def test_narrowed_to_a_child(school, reads, ours, theirs, bba):
    of_ours = parse_personal_number(ours.personal_number)
    assert entries(school, personal_number=of_ours) == [
        reads["for no agency, of ours"],
        reads["for them, of ours"],
        reads["for us, of ours"],
    ]
    assert entries(school, personal_number=of_ours, person_email=bba.email) == [
        reads["for us, of ours"]
    ]
    # Another agency's child is not the school's to review, though the school read it.
    assert entries(school, personal_number=parse_personal_number(theirs.personal_number)) == []


def test_a_page_takes_the_same_queries_however_many_reads(
    client, school, ours, agency_admin, bba, other_bba
):
    client.force_login(agency_admin)
    url = reverse("cases:log_review", args=[school.pk])
    period = {"since": SINCE.isoformat(), "until": UNTIL.isoformat()}

    client.post(url, period)

    def review(**params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        return response, len(queries)

    read(bba, at=local(JUNE, 8), agency=school, child=ours)
    _, with_one = review()
    for minute in range(150):
        at = local(JUNE, 9) + datetime.timedelta(minutes=minute)
        read(
            other_bba if minute % 2 else bba,
            at=at,
            agency=school,
            child=ours if minute % 3 else None,
        )
    response, with_151 = review()
    assert with_151 == with_one
    assert "151 händelser" in response.content.decode()
    assert len(response.context["entries"]) == 50
    last, with_151_last_page = review(sida=4)
    assert with_151_last_page == with_one
    last_page = [row.entry for row in last.context["entries"]]
    assert last_page == entries(school)[150:]
    assert last_page[-1].at == local(JUNE, 8)


@pytest.mark.parametrize("who", ["bba", "other_bba", "administrator", "social_worker"])
def test_log_review_is_404_for_everyone_but_the_agency_admin(client, school, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("cases:log_review", args=[school.pk])).status_code == 404


def test_agency_admin_of_another_agency_gets_404(client, school, other_school):
    client.force_login(member(other_school, Membership.Role.AGENCY_ADMIN))
    assert client.get(reverse("cases:log_review", args=[school.pk])).status_code == 404


@pytest.fixture
def read_across(client, school, other_school):
    """Someone of both schools, acting for ours, reads a case of theirs."""
    person = member(school, Membership.Role.BBA, full_name="Kim Tvåskolor")
    MembershipFactory(user=person, agency=other_school, role=Membership.Role.BBA)
    theirs = ConcernFactory(
        case__child=ChildFactory(agency=other_school, first_name="Juni", last_name="Journeysson"),
        reported_by=person,
    ).case
    client.force_login(person)
    session = client.session
    session[ACTING_AGENCY_SESSION_KEY] = school.pk
    session.save()
    assert client.get(reverse("cases:case_detail", args=[theirs.pk])).status_code == 200
    client.logout()
    return theirs


def test_the_log_records_whose_record_was_read_beside_for_whom(school, other_school, read_across):
    entry = AccessLog.objects.get(object_type="cases.case", object_id=str(read_across.pk))
    assert (entry.agency_id, entry.owner_agency_id) == (school.pk, other_school.pk)


def test_a_read_of_another_agencys_record_shows_that_agency_not_its_child(
    client, school, other_school, agency_admin, read_across
):
    client.force_login(agency_admin)
    response = client.post(
        reverse("cases:log_review", args=[school.pk]),
        {"since": "2020-01-01", "until": "2099-01-01"},
        follow=True,
    )
    content = response.content.decode()
    assert "Kim Tvåskolor" in content  # one of the school's own people read something
    assert "Juni" not in content and "Journeysson" not in content
    assert other_school.name in content  # of the other school's
    assert "Ärende" in content  # a case


def test_the_review_is_itself_a_logged_read_of_each_child_it_names(
    client, school, agency_admin, read_case, read_across
):
    """The review names the school's own child (Ärende N, name) and so reads it; the other
    school's read it lists without a name is no read of that child."""
    client.force_login(agency_admin)
    url = reverse("cases:log_review", args=[school.pk])
    client.post(url, {"since": "2020-01-01", "until": "2099-01-01"}, follow=True)
    logged = AccessLog.objects.filter(user=agency_admin)
    assert [(e.object_type, e.child_id, e.owner_agency_id) for e in logged] == [
        ("audit.accesslog", read_case.child_id, school.pk)
    ]


def test_a_child_named_on_several_rows_is_one_logged_read(client, school, ours, bba, agency_admin):
    """Each read of the same child is a row of the review; the page reads that child once."""
    for minute in range(3):
        read(bba, at=local(JUNE, 9, minute), agency=school, child=ours)
    client.force_login(agency_admin)
    url = reverse("cases:log_review", args=[school.pk])
    response = client.post(url, {"since": "2026-01-01", "until": "2026-12-31"}, follow=True)
    assert len(response.context["entries"]) == 3
    logged = AccessLog.objects.filter(user=agency_admin)
    assert [(e.object_type, e.child_id) for e in logged] == [("audit.accesslog", ours.pk)]


def test_the_search_is_posted_and_its_pages_carry_no_personnummer(client, school, ours, bba):
    """The personnummer goes in a POST, and the result pages on by ?sida=N alone: the search
    stays in the session, so no address, history entry or log line holds the number."""
    for minute in range(120):
        read(bba, at=local(JUNE, 9) + datetime.timedelta(minutes=minute), agency=school, child=ours)
    read(bba, at=local(JUNE, 8), agency=school)  # of no child: not in the child's review
    admin = member(school, Membership.Role.AGENCY_ADMIN)
    client.force_login(admin)
    url = reverse("cases:log_review", args=[school.pk])
    number = ours.personal_number
    posted = client.post(
        url, {"since": SINCE, "until": UNTIL, "personal_number": f"{number[:8]}-{number[8:]}"}
    )
    assert (posted.status_code, posted["Location"]) == (302, url)
    first = client.get(url)
    assert "120 händelser" in first.content.decode()
    assert "?sida=2" in first.content.decode()
    second = client.get(url, {"sida": 2})
    assert [row.entry.child_id for row in second.context["entries"]] == [ours.pk] * 50
    paths = AccessLog.objects.filter(user=admin).values_list("path", flat=True)
    assert set(paths) == {url, f"{url}?sida=2"}


def test_a_personnummer_in_the_address_is_not_a_search(client, school, ours, theirs, bba):
    read(bba, at=local(JUNE, 9), agency=school, child=ours)
    client.force_login(member(school, Membership.Role.AGENCY_ADMIN))
    url = reverse("cases:log_review", args=[school.pk])
    client.post(url, {"since": SINCE, "until": UNTIL})
    response = client.get(url, {"personal_number": theirs.personal_number})
    assert response.context["form"]["personal_number"].value() == ""
    assert len(response.context["entries"]) == 1


def test_the_search_needs_the_csrf_token(school, agency_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agency_admin)
    url = reverse("cases:log_review", args=[school.pk])
    assert client.post(url, {"since": SINCE, "until": UNTIL}).status_code == 403
    page = client.get(url).content.decode()
    search_form = page[page.index('<form method="post" class="filter"') :]
    assert 'name="csrfmiddlewaretoken"' in search_form[: search_form.index("</form>")]
