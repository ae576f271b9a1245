"""Who sees a case: the owning unit's BBA, the handler it is delegated to; nobody else."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.agencies import policy
from apps.agencies.models import Membership
from apps.audit.models import AccessLog
from apps.cases import services
from apps.cases.models import Case, CaseGroupObjectPermission
from tests.factories.agencies import member
from tests.factories.cases import ChildFactory, ConcernFactory
from tests.factories.consent import active_consent
from tests.factories.wheel import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def concern(school, reporter, bba):
    child = ChildFactory(agency=school, first_name="Alva", last_name="Berg")
    return ConcernFactory(case__child=child, reported_by=reporter)


@pytest.fixture
def case(concern):
    return concern.case


def case_pages(case):
    child = case.child
    return [
        ("get", reverse("cases:case_detail", args=[case.pk])),
        ("get", reverse("cases:close_case", args=[case.pk])),
        ("post", reverse("cases:close_case", args=[case.pk])),
        ("post", reverse("cases:assign_handler", args=[case.pk])),
        ("get", reverse("cases:child_edit", args=[child.pk])),
        ("get", reverse("cases:guardian_add", args=[child.pk])),
    ]


@pytest.mark.parametrize(
    "outsider",
    ["other_bba", "social_worker", "administrator", "reporter", "handler", "steering_group"],
)
def test_outsiders_get_404_on_every_case_page(client, case, outsider, request):
    client.force_login(request.getfixturevalue(outsider))
    for method, url in case_pages(case):
        response = getattr(client, method)(url, {"reason": "x", "handler": ""})
        assert response.status_code == 404, (outsider, url)
    case.refresh_from_db()
    assert case.status == Case.Status.DETECTED


@pytest.mark.parametrize(
    "outsider", ["other_bba", "social_worker", "administrator", "handler", "steering_group"]
)
def test_outsiders_find_nothing_by_personnummer(client, case, outsider, request):
    client.force_login(request.getfixturevalue(outsider))
    response = client.post(
        reverse("cases:child_search"), {"personal_number": case.child.personal_number}
    )
    assert response.context["children"] == []
    assert "Alva" not in response.content.decode()


def test_other_agency_inbox_is_empty(client, case, other_bba):
    client.force_login(other_bba)
    assert list(client.get(reverse("cases:inbox")).context["cases"]) == []


def test_bba_sees_the_case_and_its_chronology_and_the_read_is_logged(client, case, bba):
    client.force_login(bba)
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Alva Berg" in content
    assert "Ärendet öppnades" in content
    assert "Oro registrerades (Hemmet, Trygghet)" in content
    log = AccessLog.objects.get(object_type="cases.case")
    assert (log.user, log.child_id, log.agency_name) == (bba, case.child_id, "Ekbackens skola")


def test_bba_finds_own_child_by_personnummer(client, case, bba):
    client.force_login(bba)
    url = reverse("cases:child_search")
    response = client.post(url, {"personal_number": case.child.personal_number})
    assert response.context["children"] == [case.child]
    logged = AccessLog.objects.get(action="search", child_id=case.child_id)
    assert logged.path == url


def test_the_child_search_is_a_post_so_the_number_is_in_no_address(client, case, bba):
    """A personnummer in the address is in the browser's history and the request log: the
    form posts it (with its CSRF token), and an address with one searches nothing."""
    client.force_login(bba)
    url = reverse("cases:child_search")
    page = client.get(url, {"personal_number": case.child.personal_number})
    assert page.context["children"] is None
    assert "Alva" not in page.content.decode()
    assert not AccessLog.objects.filter(action="search").exists()
    content = page.content.decode()
    search_form = content[content.index('<form method="post" class="filter" role="search"') :]
    assert 'name="csrfmiddlewaretoken"' in search_form[: search_form.index("</form>")]
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(bba)
    assert guarded.post(url, {"personal_number": case.child.personal_number}).status_code == 403


def test_delegation_gives_the_handler_this_case_only(client, school, case, bba, handler):
    other_case = ConcernFactory(case__child=ChildFactory(agency=school), reported_by=bba).case
    client.force_login(bba)
    client.post(reverse("cases:assign_handler", args=[case.pk]), {"handler": handler.pk})
    case.refresh_from_db()
    assert case.handler == handler

    client.force_login(handler)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
    assert client.get(reverse("cases:case_detail", args=[other_case.pk])).status_code == 404
    assert list(client.get(reverse("cases:inbox")).context["cases"]) == [case]
    # The handler works on the case but does not re-delegate it.
    assert client.post(reverse("cases:assign_handler", args=[case.pk])).status_code == 404


def test_the_handler_is_chosen_on_a_page_of_the_units_handlers(
    client, school, other_school, case, bba, handler
):
    stranger = member(other_school, Membership.Role.HANDLER)
    client.force_login(bba)
    url = reverse("cases:assign_handler", args=[case.pk])
    assert url in client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    page = client.get(url)
    offered = list(page.context["form"].fields["handler"].queryset)
    assert handler in offered and stranger not in offered
    assert AccessLog.objects.filter(user=bba, path=url, child_id=case.child_id).exists()

    refused = client.post(url, {"handler": stranger.pk})
    assert refused.status_code == 200
    assert "Välj ett giltigt alternativ" in refused.content.decode()
    case.refresh_from_db()
    assert case.handler is None


def test_the_handler_page_is_404_for_another_agencys_bba(client, case, other_bba):
    client.force_login(other_bba)
    assert client.get(reverse("cases:assign_handler", args=[case.pk])).status_code == 404


def test_removing_the_handler_takes_the_case_away_at_once(client, case, bba, handler):
    services.assign_handler(case, handler, by=bba)
    services.assign_handler(case, None, by=bba)
    client.force_login(handler)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    history = CaseGroupObjectPermission.history.filter(
        content_object=case, history_user=bba
    ).values_list("history_type", flat=True)
    assert sorted(history) == ["+", "+", "-", "-"]


def test_handler_who_leaves_the_unit_loses_the_case(client, case, bba, handler):
    from apps.agencies.services import end_membership

    services.assign_handler(case, handler, by=bba)
    end_membership(Membership.objects.get(user=handler), by=bba)
    client.force_login(handler)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


@pytest.mark.parametrize("new_role", [Membership.Role.REPORTER, Membership.Role.AGENCY_ADMIN])
def test_handler_demoted_by_the_agency_admin_loses_the_delegated_case(
    client, school, case, bba, handler, agency_admin, new_role
):
    services.assign_handler(case, handler, by=bba)
    assessment = AssessmentFactory(case=case)
    consent = active_consent(case, [school])
    membership = Membership.objects.get(user=handler)
    client.force_login(agency_admin)
    response = client.post(
        reverse("agencies:membership_edit", args=[school.pk, membership.pk]),
        {"role": new_role, "starts_on": membership.starts_on.isoformat()},
    )
    assert response.status_code == 302

    client.force_login(handler)
    for url in [
        reverse("cases:case_detail", args=[case.pk]),
        reverse("cases:child_edit", args=[case.child_id]),
        reverse("wheel:assessment_detail", args=[assessment.pk]),
        reverse("consent:consent_detail", args=[consent.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    closing = client.post(reverse("cases:close_case", args=[case.pk]), {"reason": "Klart"})
    assert closing.status_code == 404
    case.refresh_from_db()
    assert case.status != Case.Status.CLOSED
    # The case is back with the unit's BBAs, and the history says who ended the delegation.
    assert case.handler is None
    revoked = CaseGroupObjectPermission.history.filter(content_object=case, history_type="-")
    assert {row.history_user for row in revoked} == {agency_admin}


def test_handler_made_bba_keeps_the_delegated_case(client, case, bba, handler):
    from apps.agencies.services import update_membership

    services.assign_handler(case, handler, by=bba)
    update_membership(Membership.objects.get(user=handler), by=bba, role=Membership.Role.BBA)
    case.refresh_from_db()
    assert case.handler == handler
    client.force_login(handler)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200


def test_a_new_bba_sees_the_units_existing_cases(client, school, case):
    newcomer = member(school, Membership.Role.BBA)
    client.force_login(newcomer)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200


def test_close_case_keeps_it_readable_and_in_history(client, case, bba):
    client.force_login(bba)
    response = client.post(
        reverse("cases:close_case", args=[case.pk]), {"reason": "Familjen tackade nej till stöd."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.history.first().history_user == bba
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Familjen tackade nej till stöd." in page


def test_close_without_reason_keeps_the_form(client, case, bba):
    client.force_login(bba)
    response = client.post(reverse("cases:close_case", args=[case.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Något behöver rättas" in response.content.decode()


def test_protected_identity_hides_address_on_every_page(client, case, bba):
    child = case.child
    services.update_child(child, by=bba, address="Hemliga vägen 1", protected_identity=True)
    services.add_guardian(
        child, by=bba, name="Lena Berg", relation="parent", address="Hemliga vägen 1"
    )
    client.force_login(bba)
    for url in (
        reverse("cases:case_detail", args=[case.pk]),
        reverse("cases:child_edit", args=[child.pk]),
        reverse("cases:guardian_add", args=[child.pk]),
    ):
        content = client.get(url).content.decode()
        assert "Hemliga vägen" not in content, url
        assert "Skyddad identitet" in content or "skyddad identitet" in content


def test_change_log_shows_who_changed_what(client, case, bba):
    services.update_child(case.child, by=bba, city="Nyköping")
    client.force_login(bba)
    case_page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    url = reverse("cases:case_changes", args=[case.pk])
    assert url in case_page
    response = client.get(url)
    assert any(c.who == bba and "ort" in c.fields for c in response.context["changes"])
    logged = AccessLog.objects.filter(user=bba, path=url)
    assert [(row.child_id, row.object_type) for row in logged] == [(case.child_id, "cases.case")]


def test_change_log_is_404_for_another_agencys_bba(client, case, other_bba):
    client.force_login(other_bba)
    assert client.get(reverse("cases:case_changes", args=[case.pk])).status_code == 404


def _queries(client, url):
    client.get(url)  # the first request of a session also syncs role groups
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("url_name", ["cases:inbox", "cases:my_concerns"])
def test_list_pages_run_a_fixed_number_of_queries(client, school, bba, url_name):
    client.force_login(bba)
    ConcernFactory(case__child=ChildFactory(agency=school), reported_by=bba)
    url = reverse(url_name)
    few = _queries(client, url)
    for _ in range(4):
        ConcernFactory(case__child=ChildFactory(agency=school), reported_by=bba)
    assert _queries(client, url) == few


def test_lists_that_name_children_log_a_read_of_each(client, school, case, bba):
    other = ConcernFactory(case__child=ChildFactory(agency=school), reported_by=bba).case
    client.force_login(bba)
    client.get(reverse("cases:inbox"))
    logged = AccessLog.objects.filter(user=bba, path=reverse("cases:inbox"))
    assert sorted(logged.values_list("child_id", flat=True)) == sorted(
        [case.child_id, other.child_id]
    )


def test_the_inbox_shows_and_logs_one_page_at_a_time(client, school, bba):
    for _ in range(51):
        ConcernFactory(case__child=ChildFactory(agency=school), reported_by=bba)
    client.force_login(bba)
    url = reverse("cases:inbox")

    first = client.get(url)
    assert len(first.context["cases"]) == 50
    assert 'href="?sida=2"' in first.content.decode()
    assert AccessLog.objects.filter(path=url).count() == 50
    second = client.get(url, {"sida": "2"})
    assert len(second.context["cases"]) == 1
    assert second.context["page"].number == 2


def test_a_page_past_the_end_shows_the_last_page(client, school, bba):
    ConcernFactory(case__child=ChildFactory(agency=school), reported_by=bba)
    client.force_login(bba)
    response = client.get(reverse("cases:inbox"), {"sida": "99"})
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_child_details_saved_by_a_colleague_meanwhile_are_not_overwritten(
    client, school, case, bba
):
    child = case.child
    url = reverse("cases:child_edit", args=[child.pk])
    fields = {"first_name": "Alva", "last_name": "Berg", "address": "", "postal_code": ""}
    client.force_login(bba)
    opened = client.get(url).context["form"].initial["revision"]
    services.update_child(child, by=member(school, Membership.Role.BBA), city="Nyköping")

    refused = client.post(url, {**fields, "city": "Oxelösund", "revision": opened})

    content = refused.content.decode()
    assert "Någon annan har ändrat barnets uppgifter medan du skrev." in content
    assert "Oxelösund" in content
    child.refresh_from_db()
    assert child.city == "Nyköping"
    again = {**fields, "city": "Oxelösund", "revision": refused.context["form"].data["revision"]}
    assert client.post(url, again).status_code == 302
    child.refresh_from_db()
    assert child.city == "Oxelösund"


def test_every_question_about_a_case_is_answered_from_one_read(
    case, bba, handler, django_assert_num_queries
):
    services.assign_handler(case, handler, by=bba)
    for user, answers in (
        (bba, {"view": True, "change": True, "work": True, "assign": True}),
        (handler, {"view": True, "change": True, "work": True, "assign": False}),
    ):
        policy.current_memberships(user)  # as the middleware does on every request
        with django_assert_num_queries(1):
            assert {action: policy.cases.may(user, action, case) for action in answers} == answers


def test_the_case_read_answers_what_the_page_asks_next(case, bba, django_assert_num_queries):
    services.close_case(case, by=bba, reason="Familjen flyttade.")
    policy.current_memberships(bba)
    with django_assert_num_queries(1):
        read = policy.cases.get_or_404(bba, policy.VIEW, pk=case.pk)
        assert policy.cases.may(bba, policy.ASSIGN, read)
        assert policy.cases.may(bba, policy.CHANGE, read)
        assert not policy.cases.may(bba, policy.WORK, read)  # closed: read, not worked on


def test_someone_outside_the_case_is_answered_no_to_everything(case, other_bba):
    policy.current_memberships(other_bba)
    assert not any(policy.cases.may(other_bba, action, case) for action in policy.cases.rules)
    with pytest.raises(Http404):
        policy.cases.get_or_404(other_bba, policy.VIEW, pk=case.pk)
