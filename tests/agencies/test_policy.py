"""The access policy for agencies: membership management is scoped to one's own agency, ends
the moment a membership ends, and every grant and revocation is in the history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.agencies import policy, services
from apps.agencies.management.commands.load_demo import administrators_group
from apps.agencies.models import AgencyGroupObjectPermission, Membership
from tests.factories.agencies import UserFactory, member

pytestmark = pytest.mark.django_db


def memberships_url(agency):
    return reverse("agencies:membership_list", args=[agency.pk])


def test_agency_admin_manages_own_agency_only(client, school, other_school, agency_admin):
    client.force_login(agency_admin)
    assert client.get(memberships_url(school)).status_code == 200
    assert client.get(memberships_url(other_school)).status_code == 404


def test_agency_admin_cannot_change_or_end_other_agencys_memberships(
    client, school, other_school, agency_admin
):
    colleague = Membership.objects.get(user=member(other_school, Membership.Role.BBA))
    client.force_login(agency_admin)

    edit = reverse("agencies:membership_edit", args=[other_school.pk, colleague.pk])
    end = reverse("agencies:membership_end", args=[other_school.pk, colleague.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"role": "agency_admin", "starts_on": "2026-01-01"}).status_code == 404
    assert client.post(end).status_code == 404
    # Nor through the own agency's url with the other agency's membership id.
    sneaky = reverse("agencies:membership_end", args=[school.pk, colleague.pk])
    assert client.post(sneaky).status_code == 404

    colleague.refresh_from_db()
    assert colleague.role == Membership.Role.BBA
    assert colleague.deactivated_at is None


def test_agency_admin_cannot_add_people_to_another_agency(client, other_school, agency_admin):
    client.force_login(agency_admin)
    response = client.post(
        memberships_url(other_school),
        {
            "email": "ny@example.se",
            "full_name": "Ny Person",
            "role": "bba",
            "starts_on": "2026-01-01",
        },
    )
    assert response.status_code == 404
    assert not other_school.memberships.filter(user__email="ny@example.se").exists()


def test_ended_membership_loses_access_at_once(client, school, agency_admin):
    client.force_login(agency_admin)
    assert client.get(memberships_url(school)).status_code == 200

    services.end_membership(Membership.objects.get(user=agency_admin), by=None)

    assert not policy.agencies.may(agency_admin, policy.MANAGE_MEMBERS, school)
    assert client.get(memberships_url(school)).status_code == 404


def test_membership_past_its_end_date_loses_access_on_the_next_request(
    client, school, agency_admin
):
    client.force_login(agency_admin)
    assert client.get(memberships_url(school)).status_code == 200
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Membership.objects.filter(user=agency_admin).update(ends_on=yesterday)

    assert client.get(memberships_url(school)).status_code == 404


def test_membership_that_has_not_started_grants_nothing(school):
    future = timezone.localdate() + datetime.timedelta(days=7)
    user = UserFactory()
    services.add_membership(
        by=None, user=user, agency=school, role=Membership.Role.AGENCY_ADMIN, starts_on=future
    )
    assert not policy.agencies.may(user, policy.MANAGE_MEMBERS, school)


def test_other_roles_do_not_manage_memberships(client, school, bba):
    client.force_login(bba)
    assert client.get(memberships_url(school)).status_code == 404


def test_administrator_manages_every_agency(client, school, other_school, administrator):
    client.force_login(administrator)
    assert client.get(memberships_url(school)).status_code == 200
    assert client.get(memberships_url(other_school)).status_code == 200


def test_superuser_flag_reveals_nothing_through_the_policy(school):
    superuser = UserFactory(is_superuser=True)
    assert list(policy.agencies.visible(superuser, policy.MANAGE_MEMBERS)) == []


def test_grant_and_revocation_are_in_the_history_with_the_acting_user(school):
    actor = UserFactory()
    group = policy.role_group(school, Membership.Role.BBA)

    policy.grant(policy.MANAGE_AGENCY_MEMBERS, group, school, by=actor)
    policy.revoke(policy.MANAGE_AGENCY_MEMBERS, group, school, by=actor)

    history = AgencyGroupObjectPermission.history.filter(group=group).order_by("history_date")
    assert [(h.history_type, h.history_user) for h in history] == [("+", actor), ("-", actor)]


def test_adding_and_ending_a_membership_is_in_the_history(client, school, agency_admin):
    client.force_login(agency_admin)
    client.post(
        memberships_url(school),
        {
            "email": "ny@example.se",
            "full_name": "Ny Person",
            "role": "handler",
            "starts_on": "2026-01-01",
        },
    )
    membership = school.memberships.get(user__email="ny@example.se")
    client.post(reverse("agencies:membership_end", args=[school.pk, membership.pk]))

    records = membership.history.order_by("history_date")
    assert [(r.history_type, r.history_user, r.deactivated_at is None) for r in records] == [
        ("+", agency_admin, True),
        ("~", agency_admin, False),
    ]


def test_the_header_asks_nothing_to_know_an_administrator(client, administrator, bba):
    """Whether someone is an administrator comes with their own load on every request."""
    from django.contrib.auth.models import Group

    from apps.agencies.backends import PersonBackend

    for person, expected in ((administrator, True), (bba, False)):
        loaded = PersonBackend().get_user(person.pk)
        with CaptureQueriesContext(connection) as queries:
            assert policy.is_administrator(loaded) is expected
        assert len(queries) == 0

    # Taken out of the administrators' group, the next request knows it.
    administrator.groups.remove(Group.objects.get(name=administrators_group().name))
    assert policy.is_administrator(PersonBackend().get_user(administrator.pk)) is False
    client.force_login(administrator)
    assert client.get(reverse("agencies:agency_list")).status_code == 404
