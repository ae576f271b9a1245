"""Separation of duties (issue 10, point 4): nobody gives themselves a role, a role that opens
children's records given from outside the unit is told to the unit and listed in its log
review, and a change of someone's e-mail address is told to both addresses and ends their
sessions."""

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.agencies import services
from apps.agencies.models import Membership
from tests.factories.agencies import MembershipFactory, UserFactory, member
from tests.factories.cases import ChildFactory, ConcernFactory

pytestmark = pytest.mark.django_db


def _add(client, agency, email, role="bba"):
    return client.post(
        reverse("agencies:membership_list", args=[agency.pk]),
        {"email": email, "full_name": "Vem Som Helst", "role": role, "starts_on": "2026-01-01"},
    )


@pytest.mark.parametrize("who", ["administrator", "agency_admin"])
def test_nobody_adds_a_membership_for_themselves(client, request, school, who):
    user = request.getfixturevalue(who)
    client.force_login(user)

    response = _add(client, school, user.email.upper())

    assert response.status_code == 200
    content = response.content.decode()
    assert "Du kan inte ge dig själv ett medlemskap." in content
    assert (
        f'value="  {user.email.upper()} "' in content or f'value="{user.email.upper()}"' in content
    )
    assert not Membership.objects.filter(user=user, role=Membership.Role.BBA).exists()


def test_nobody_changes_their_own_membership(client, school, agency_admin):
    membership = Membership.objects.get(user=agency_admin)
    client.force_login(agency_admin)

    response = client.post(
        reverse("agencies:membership_edit", args=[school.pk, membership.pk]),
        {"role": "bba", "starts_on": "2026-01-01", "ends_on": ""},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Du kan inte ändra ditt eget medlemskap." in content
    assert 'value="2026-01-01"' in content
    membership.refresh_from_db()
    assert membership.role == Membership.Role.AGENCY_ADMIN


def test_the_services_refuse_a_membership_given_or_changed_by_its_holder(school, agency_admin):
    membership = Membership.objects.get(user=agency_admin)
    with pytest.raises(services.MembershipRefused):
        services.add_membership(
            by=agency_admin, user=agency_admin, agency=school, role=Membership.Role.BBA
        )
    with pytest.raises(services.MembershipRefused):
        services.update_membership(membership, by=agency_admin, role=Membership.Role.BBA)
    assert list(Membership.objects.filter(user=agency_admin).values_list("role", flat=True)) == [
        Membership.Role.AGENCY_ADMIN
    ]


def test_a_bba_role_given_by_an_administrator_is_told_to_the_units_admins_and_bbas(
    client,
    school,
    other_school,
    administrator,
    agency_admin,
    bba,
    reporter,
    django_capture_on_commit_callbacks,
):
    child = ChildFactory(agency=school, first_name="Alva")
    ConcernFactory(case__child=child, reported_by=reporter)
    member(other_school, Membership.Role.BBA)  # another unit's BBA is not told
    mail.outbox.clear()
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        _add(client, school, "ny.bba@example.se")

    notices = [
        m for m in mail.outbox if m.subject == "Ny behörighet i Tillsammans för Ekbackens skola"
    ]
    assert sorted(m.to[0] for m in notices) == sorted([agency_admin.email, bba.email])
    body = notices[0].body
    assert "Ylva Administratör" in body
    assert "ny.bba@example.se" in body
    assert "Barnets bästa-ansvarig (BBA)" in body
    assert reverse("agencies:access_changes", args=[school.pk]) in body
    assert "Alva" not in body  # no child data in e-mail

    # A role that opens no child's records, and a save that changes nothing, are not told.
    mail.outbox.clear()
    membership = Membership.objects.get(user=bba)
    with django_capture_on_commit_callbacks(execute=True):
        _add(client, school, "personal@example.se", role="reporter")
        client.post(
            reverse("agencies:membership_edit", args=[school.pk, membership.pk]),
            {"role": "bba", "starts_on": membership.starts_on.isoformat(), "ends_on": ""},
        )
    assert [m.to for m in mail.outbox] == [["personal@example.se"]]  # the welcome e-mail


def test_a_role_changed_by_an_administrator_to_handler_is_told(
    client, school, administrator, agency_admin, reporter, django_capture_on_commit_callbacks
):
    membership = Membership.objects.get(user=reporter)
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("agencies:membership_edit", args=[school.pk, membership.pk]),
            {"role": "handler", "starts_on": membership.starts_on.isoformat(), "ends_on": ""},
        )

    assert [m.to for m in mail.outbox] == [[agency_admin.email]]
    assert "Rollen är nu Handläggare" in mail.outbox[0].body


def test_the_log_review_lists_who_gave_whom_which_role_and_when(
    client, school, administrator, agency_admin
):
    client.force_login(administrator)
    _add(client, school, "ny.bba@example.se")
    client.force_login(agency_admin)

    log_review = client.get(reverse("cases:log_review", args=[school.pk])).content.decode()
    response = client.get(reverse("agencies:access_changes", args=[school.pk]))

    assert reverse("agencies:access_changes", args=[school.pk]) in log_review
    newest = response.context["changes"][0]
    assert (newest.history_user, newest.user.email, newest.role, newest.history_type) == (
        administrator,
        "ny.bba@example.se",
        Membership.Role.BBA,
        "+",
    )
    content = response.content.decode()
    assert "Ylva Administratör" in content
    assert "Lade till" in content


def test_access_changes_of_another_unit_are_404(client, school, other_school, agency_admin):
    client.force_login(agency_admin)
    assert client.get(reverse("agencies:access_changes", args=[other_school.pk])).status_code == 404


def _edit_person(client, person, **changes):
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "phone": person.phone,
        "title": person.title,
        "is_active": "on",
        **changes,
    }
    return client.post(reverse("agencies:person_edit", args=[person.pk]), data)


def test_a_new_email_address_is_told_to_both_addresses_and_ends_every_session(
    client, administrator, bba, django_capture_on_commit_callbacks
):
    old_email = bba.email
    signed_in = [Client(), Client()]
    for browser in signed_in:
        browser.force_login(bba)
        assert browser.get(reverse("home")).status_code == 200
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        _edit_person(client, bba, title="Specialpedagog")
    assert mail.outbox == []  # an edit that keeps the address tells no one, ends nothing
    assert all(browser.get(reverse("home")).status_code == 200 for browser in signed_in)

    with django_capture_on_commit_callbacks(execute=True):
        response = _edit_person(client, bba, email="Ylva.Admin@Example.se")

    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([old_email, "ylva.admin@example.se"])
    assert "Ylva Administratör" in mail.outbox[0].body
    keys = [browser.session.session_key for browser in signed_in]
    for browser in signed_in:
        response = browser.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert bba.history.latest().history_user == administrator


def test_administrators_mark_who_signs_in_through_the_identity_provider(client, administrator, bba):
    client.force_login(administrator)
    _edit_person(client, bba, signs_in_with_idp="on")
    bba.refresh_from_db()
    assert bba.signs_in_with_idp
    assert bba.history.latest().history_user == administrator


def test_someone_who_signs_in_through_the_identity_provider_gets_no_welcome_link(
    client, administrator, school
):
    client.force_login(administrator)
    client.post(
        reverse("agencies:person_add"),
        {
            "email": "idp@example.se",
            "full_name": "Ida Idp",
            "is_active": "on",
            "signs_in_with_idp": "on",
        },
    )
    person = UserFactory._meta.model.objects.get(email="idp@example.se")
    assert person.signs_in_with_idp
    MembershipFactory(user=UserFactory(), agency=school, role=Membership.Role.AGENCY_ADMIN)
    _add(client, school, "idp@example.se", role="reporter")
    assert mail.outbox == []
