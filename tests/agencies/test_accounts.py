import pytest
from django.core import mail
from django.urls import reverse

from apps.agencies.models import Membership
from tests.factories.agencies import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_the_swedish_sign_in_page(client):
    response = client.get(reverse("home"), follow=True)
    content = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert '<html lang="sv">' in content
    assert "Logga in" in content


def test_sign_in_with_email_shows_name_and_agency(client, school, bba):
    response = client.post(
        reverse("accounts:login"),
        {"username": bba.email, "password": "losenord-123"},
        follow=True,
    )
    content = response.content.decode()
    assert "Tomas Ekström" in content
    assert "agerar för Ekbackens skola" in content


def test_wrong_password_is_refused_and_keeps_the_email(client, bba):
    response = client.post(reverse("accounts:login"), {"username": bba.email, "password": "fel"})
    assert response.status_code == 200
    assert f'value="{bba.email}"' in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_password_reset_sends_a_link(client, bba):
    client.post(reverse("accounts:password_reset"), {"email": bba.email})
    assert len(mail.outbox) == 1
    assert "/konto/losenord/aterstall/" in mail.outbox[0].body


def test_person_with_two_agencies_chooses_which_to_act_for(client, school):
    preschool = AgencyFactory(name="Förskolan Solrosen", kind="preschool")
    user = UserFactory()
    MembershipFactory(user=user, agency=school, role=Membership.Role.BBA)
    MembershipFactory(user=user, agency=preschool, role=Membership.Role.REPORTER)
    client.force_login(user)

    response = client.post(
        reverse("agencies:choose_agency"), {"agency": preschool.pk, "next": "/"}, follow=True
    )

    assert "agerar för Förskolan Solrosen" in response.content.decode()
    assert response.wsgi_request.acting_agency == preschool
    assert response.wsgi_request.acting_roles == {Membership.Role.REPORTER}


def test_cannot_act_for_an_agency_one_is_not_member_of(client, school, other_school, bba):
    client.force_login(bba)
    response = client.post(
        reverse("agencies:choose_agency"), {"agency": other_school.pk, "next": "/"}, follow=True
    )
    assert response.wsgi_request.acting_agency == school
    assert "Du är inte medlem i den verksamheten." in response.content.decode()


def test_choose_agency_does_not_redirect_off_site(client, bba, school):
    client.force_login(bba)
    response = client.post(
        reverse("agencies:choose_agency"), {"agency": school.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_language_switch_to_english(client, bba):
    client.force_login(bba)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()


def test_swedish_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="sv">' in response.content.decode()


def test_repeated_wrong_passwords_lock_the_login_for_a_while(client, bba, settings):
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"username": bba.email, "password": "fel"}).status_code == 200
    locked = client.post(url, {"username": bba.email, "password": "fel"})
    assert locked.status_code == 429
    assert "För många inloggningsförsök" in locked.content.decode()
    # Even the right password is refused until the cool-off has passed.
    again = client.post(url, {"username": bba.email, "password": "losenord-123"})
    assert again.status_code == 429
    assert not again.wsgi_request.user.is_authenticated


def test_a_successful_sign_in_forgets_earlier_mistakes(client, bba, settings):
    url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": bba.email, "password": "fel"})
    client.post(url, {"username": bba.email, "password": "losenord-123"})
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"username": bba.email, "password": "fel"}).status_code == 200


def test_sign_in_ignores_the_case_of_the_email(client, bba):
    response = client.post(
        reverse("accounts:login"),
        {"username": f"  {bba.email.upper()}", "password": "losenord-123"},
    )
    assert response.status_code == 302
