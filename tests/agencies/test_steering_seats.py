"""Administrators give and end steering-group seats; the history says who did it; nobody gives
themselves one, and nobody but an administrator reaches the pages."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from apps.agencies import policy
from apps.agencies.models import SteeringSeat
from apps.agencies.services import MembershipRefused, add_steering_seat
from tests.factories.agencies import MunicipalityFactory
from tests.factories.indicators import steering_member

pytestmark = pytest.mark.django_db

LIST = "agencies:steering_seat_list"


def add(client, **fields):
    data = {"email": "karin.styr@flen.se", "full_name": "Karin Styr", "starts_on": "2026-01-01"}
    return client.post(reverse(LIST), {**data, **fields})


def test_an_administrator_gives_a_municipality_s_seat(client, administrator):
    flen = MunicipalityFactory(name="Flen", code="0482")
    client.force_login(administrator)

    response = add(client, municipality=flen.pk)

    assert response.status_code == 302
    seat = SteeringSeat.objects.get(user__email="karin.styr@flen.se")
    assert seat.municipality == flen and seat.is_current()
    assert seat.history.get().history_user == administrator
    assert len(mail.outbox) == 1  # the new person chooses a password
    page = client.get(reverse(LIST)).content.decode()
    assert "Karin Styr" in page and "Styrgruppen i Flen" in page
    assert policy.indicators.scopes(seat.user).municipality_ids == {flen.pk}


def test_no_municipality_is_the_county_s_group(client, administrator):
    client.force_login(administrator)
    add(client, municipality="")
    seat = SteeringSeat.objects.get()
    assert seat.municipality is None and seat.group_name == "Länets styrgrupp"
    assert policy.indicators.scopes(seat.user).county


def test_ending_a_seat_takes_the_indicators_away_and_is_in_the_history(
    client, administrator, steering_group
):
    seat = SteeringSeat.objects.get(user=steering_group)
    client.force_login(administrator)

    response = client.post(reverse("agencies:steering_seat_end", args=[seat.pk]))

    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.deactivated_by == administrator
    assert seat.history.latest().history_user == administrator
    assert not policy.indicators.scopes(steering_group)


def test_a_rejected_form_keeps_what_was_typed(client, administrator):
    client.force_login(administrator)
    response = add(client, starts_on="2026-05-01", ends_on="2026-04-01")
    assert response.status_code == 200
    assert "Slutdatumet kan inte vara före startdatumet." in response.content.decode()
    assert response.context["form"]["full_name"].value() == "Karin Styr"
    assert not SteeringSeat.objects.exists()


def test_nobody_gives_themselves_a_seat(administrator):
    with pytest.raises(MembershipRefused):
        add_steering_seat(by=administrator, user=administrator)
    assert not SteeringSeat.objects.exists()


@pytest.mark.parametrize("who", ["agency_admin", "bba", "steering_group"])
def test_only_administrators_reach_the_pages(client, request, who, steering_group):
    seat = SteeringSeat.objects.get(user=steering_group)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(LIST)).status_code == 404
    assert add(client).status_code == 404
    assert client.post(reverse("agencies:steering_seat_end", args=[seat.pk])).status_code == 404
    seat.refresh_from_db()
    assert seat.deactivated_at is None


def test_a_seat_not_yet_begun_shows_nothing(school):
    person = steering_member(school.municipality)
    SteeringSeat.objects.update(starts_on=datetime.date.today() + datetime.timedelta(days=1))
    person = type(person).objects.get(pk=person.pk)
    assert not policy.indicators.scopes(person)
    assert not policy.is_steering_group(person)


def test_a_seat_gives_no_membership_and_so_no_record(steering_group):
    assert steering_group.memberships.count() == 0
    assert policy.access_group_ids(steering_group) == frozenset()
    assert not policy.needs_second_factor(steering_group, [], through_identity_provider=False)
