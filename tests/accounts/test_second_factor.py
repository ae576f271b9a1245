"""A password alone does not open children's records: a second factor, a code from an
authenticator app (TOTP) or a recovery code (issue 10, point 2).

Everything goes through the real sign-in, the real middleware and django-otp's devices; the
codes are computed from the device's key with django-otp's own TOTP, as the person's app
computes them."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.agencies import policy
from apps.agencies.models import Membership
from apps.audit.models import AccessLog
from tests.every_url import collaboration_story, routed_names, url_for
from tests.factories.agencies import member

pytestmark = pytest.mark.django_db

# After the fixtures' memberships have started, whatever day the tests run.
START = datetime.datetime(2030, 3, 11, 8, 0, tzinfo=datetime.UTC)
ENROL = reverse("accounts:second_factor_enrol")
VERIFY = reverse("accounts:second_factor_verify")
RECOVERY = reverse("accounts:second_factor_recovery")
CODES = reverse("accounts:second_factor_codes")


@pytest.fixture(autouse=True)
def required(settings):
    settings.SECOND_FACTOR_REQUIRED = True


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def sign_in(client, user, password="losenord-123"):
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": password}
    )
    assert response.status_code == 302, response.content
    return response


def code_of(key_hex: str) -> str:
    """What the person's app shows now for the key."""
    return f"{totp(bytes.fromhex(key_hex)):06d}"


def posted(client, url, **data):
    """A form as the page sends it: with the one-time submission token the page gave."""
    page = client.get(url)
    token = re.search(r'name="submission_token" value="([^"]+)"', page.content.decode())[1]
    return client.post(url, {"submission_token": token, **data})


def enrol(client, user, clock) -> list[str]:
    """Signs in and sets up the app as the person does; the recovery codes shown once."""
    sign_in(client, user)
    page = client.get(ENROL)
    key = client.session["second_factor_pending_key"]
    assert page.status_code == 200
    response = posted(client, ENROL, code=code_of(key))
    assert response["Location"].startswith(CODES)
    codes = client.get(response["Location"]).context["codes"]
    clock.shift(datetime.timedelta(seconds=30))  # the app shows the next code
    return codes


def sign_out(client):
    client.post(reverse("accounts:logout"))


def test_a_bba_is_sent_to_enrol_and_enrols_with_a_code_from_the_app(client, bba, clock):
    sign_in(client, bba)

    inbox = reverse("cases:inbox")
    response = client.get(inbox)
    assert response["Location"] == f"{ENROL}?{urlencode({'next': inbox})}"

    page = client.get(response["Location"])
    content = page.content.decode()
    key = client.session["second_factor_pending_key"]
    assert '<svg role="img" aria-label="QR-kod' in content
    assert "<script" not in content
    assert page.context["secret"].replace(" ", "") in content.replace(" ", "")
    assert 'autocomplete="one-time-code"' in content
    assert 'inputmode="numeric"' in content
    assert '<label for="id_code"' in content
    assert not TOTPDevice.objects.filter(user=bba).exists()  # looking writes nothing

    wrong = f"{(int(code_of(key)) + 1) % 1_000_000:06d}"
    refused = posted(client, page.request["PATH_INFO"], code=wrong)
    assert refused.status_code == 200
    assert "Koden stämmer inte" in refused.content.decode()
    assert f'value="{wrong}"' in refused.content.decode()  # what was typed stays
    assert not TOTPDevice.objects.filter(user=bba).exists()
    assert client.get(reverse("cases:inbox")).status_code == 302

    confirmed = posted(client, ENROL, code=code_of(key))

    device = TOTPDevice.objects.get(user=bba)
    assert device.confirmed and device.key == key
    shown = client.get(confirmed["Location"])
    codes = shown.context["codes"]
    assert len(codes) == len(set(codes)) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=bba).values_list("token", flat=True)
    )
    assert all(code in shown.content.decode() for code in codes)
    assert client.get(CODES).status_code == 302  # shown once
    assert client.get(reverse("cases:inbox")).status_code == 200


def test_a_later_sign_in_asks_for_the_code_and_leads_on_to_the_page(client, bba, clock):
    enrol(client, bba, clock)
    sign_out(client)
    key = TOTPDevice.objects.get(user=bba).key

    sign_in(client, bba)
    response = client.get(reverse("agencies:directory") + "?q=Ek")
    assert response["Location"] == f"{VERIFY}?next=%2Fbba-katalog%2F%3Fq%3DEk"
    page = client.get(response["Location"])
    assert 'autocomplete="one-time-code"' in page.content.decode()

    password_only = client.session.session_key

    arrived = client.post(VERIFY, {"code": code_of(key), "next": page.context["next"]})

    assert arrived["Location"] == "/bba-katalog/?q=Ek"
    assert client.session.session_key != password_only
    assert client.get("/bba-katalog/?q=Ek").status_code == 200


def test_an_enrolled_person_cannot_enrol_another_app_without_a_reset(client, bba, clock):
    enrol(client, bba, clock)
    sign_out(client)
    sign_in(client, bba)

    assert client.get(ENROL)["Location"].startswith(VERIFY)
    session = client.session
    session["second_factor_pending_key"] = "00" * 20
    session.save()
    client.post(ENROL, {"code": code_of("00" * 20)})

    assert TOTPDevice.objects.filter(user=bba).count() == 1
    assert client.get(reverse("cases:inbox"))["Location"].startswith(VERIFY)


def test_a_wrong_code_is_refused_and_the_device_slows_down_guessing(client, bba, clock):
    enrol(client, bba, clock)
    sign_out(client)
    device = TOTPDevice.objects.get(user=bba)
    sign_in(client, bba)
    right = code_of(device.key)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    refused = client.post(VERIFY, {"code": wrong})
    assert refused.status_code == 200
    assert "Koden stämmer inte" in refused.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    # django-otp's throttling: the next try waits a second, even with the right code.
    assert client.post(VERIFY, {"code": right}).status_code == 200
    assert client.get(reverse("cases:inbox")).status_code == 302

    clock.shift(datetime.timedelta(seconds=5))
    assert client.post(VERIFY, {"code": code_of(device.key)}).status_code == 302
    assert client.get(reverse("cases:inbox")).status_code == 200


def test_wrong_codes_count_toward_the_lockout_and_sign_the_person_out(client, bba, clock, settings):
    enrol(client, bba, clock)
    sign_out(client)
    sign_in(client, bba)

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        clock.shift(datetime.timedelta(minutes=1))
        assert client.post(VERIFY, {"code": "000000"}).status_code == 200
    clock.shift(datetime.timedelta(minutes=1))
    locked = client.post(VERIFY, {"code": "000000"})

    assert locked.status_code == 429
    assert "För många inloggningsförsök" in locked.content.decode()
    assert not locked.wsgi_request.user.is_authenticated
    again = client.post(
        reverse("accounts:login"), {"username": bba.email, "password": "losenord-123"}
    )
    assert again.status_code == 429


def test_a_session_already_signed_in_is_stopped_by_the_lockout(client, bba, clock, settings):
    """Two browsers signed in with the password before the lockout: the other guesses no more."""
    from django.test import Client

    enrol(client, bba, clock)
    sign_out(client)
    other = Client()
    sign_in(other, bba)
    sign_in(client, bba)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        clock.shift(datetime.timedelta(minutes=1))
        client.post(VERIFY, {"code": "000000"})

    key = TOTPDevice.objects.get(user=bba).key
    response = other.post(VERIFY, {"code": code_of(key)})

    assert response.status_code == 429
    assert other.get(reverse("cases:inbox"))["Location"].startswith(reverse("accounts:login"))


def test_a_recovery_code_works_once(client, bba, clock):
    codes = enrol(client, bba, clock)
    sign_out(client)

    sign_in(client, bba)
    page = client.get(RECOVERY)
    assert '<label for="id_code"' in page.content.decode()
    used = client.post(RECOVERY, {"code": f" {codes[3].upper()} ", "next": "/"})
    assert used["Location"] == "/"
    assert client.get(reverse("cases:inbox")).status_code == 200
    assert StaticToken.objects.filter(device__user=bba).count() == 9
    sign_out(client)

    sign_in(client, bba)
    clock.shift(datetime.timedelta(minutes=1))
    again = client.post(RECOVERY, {"code": codes[3]})
    assert again.status_code == 200
    assert "Koden stämmer inte, eller har redan använts" in again.content.decode()
    assert client.get(reverse("cases:inbox"))["Location"].startswith(VERIFY)
    clock.shift(datetime.timedelta(minutes=1))
    assert client.post(RECOVERY, {"code": codes[4]}).status_code == 302


def device_reads(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum("otp_totp_totpdevice" in query["sql"].split(" WHERE ")[0] for query in queries)


def test_a_session_verified_by_the_app_is_checked_with_the_persons_load(client, bba, clock):
    """The authenticator is read with the person, not once more by django-otp."""
    enrol(client, bba, clock)
    assert device_reads(client, reverse("cases:inbox")) == 0


def test_an_app_removed_or_unconfirmed_since_ends_the_verification(client, bba, clock):
    enrol(client, bba, clock)
    TOTPDevice.objects.filter(user=bba).update(confirmed=False)
    assert client.get(reverse("cases:inbox"))["Location"].startswith(VERIFY)
    TOTPDevice.objects.filter(user=bba).delete()
    assert client.get(reverse("cases:inbox"))["Location"].startswith(VERIFY)


def test_another_persons_app_does_not_verify_a_session(client, bba, handler, clock):
    enrol(client, bba, clock)
    theirs = TOTPDevice.objects.create(user=handler, name="Tillsammans", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = theirs.persistent_id
    session.save()
    assert client.get(reverse("cases:inbox"))["Location"].startswith(VERIFY)


def test_a_session_verified_by_a_recovery_code_stays_verified(client, bba, clock):
    codes = enrol(client, bba, clock)
    sign_out(client)
    sign_in(client, bba)
    assert client.post(RECOVERY, {"code": codes[0], "next": "/"})["Location"] == "/"
    assert client.get(reverse("cases:inbox")).status_code == 200


@pytest.fixture
def story(school, bba, handler, reporter, agency_admin, social_services, social_worker, bup):
    objects, _ = collaboration_story(
        school, bba, handler, reporter, agency_admin, social_services, social_worker, bup
    )
    return objects


OPEN_WITHOUT_SECOND_FACTOR = {
    "accounts:logout",
    "accounts:session_ended",
    "accounts:second_factor_verify",
    "accounts:second_factor_recovery",
    "accounts:second_factor_enrol",
    "accounts:second_factor_codes",
    "set_language",
}


def test_every_page_sends_someone_not_yet_verified_to_give_the_second_factor(
    client, story, bba, clock
):
    enrol(client, bba, clock)
    sign_out(client)
    sign_in(client, bba)
    visited = 0
    for name, arguments in routed_names():
        if name in OPEN_WITHOUT_SECOND_FACTOR:
            continue
        url = url_for(name, arguments, story)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, url)
            assert response["Location"].startswith(VERIFY), (name, url)
            assert story["child"].full_name not in response.content.decode()
            visited += 1
    assert visited > 100
    assert not AccessLog.objects.exists()  # no child's record was read


def test_the_pages_to_give_it_and_to_sign_out_stay_open(client, bba):
    sign_in(client, bba)
    assert client.get(ENROL).status_code == 200
    assert client.get(reverse("accounts:session_ended")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not client.session.get("_auth_user_id")


@pytest.mark.parametrize(
    ("role", "asked"),
    [
        (Membership.Role.BBA, True),
        (Membership.Role.HANDLER, True),
        (Membership.Role.AGENCY_ADMIN, True),  # the log review names the unit's children
        (Membership.Role.REPORTER, False),  # sees only the concerns they reported
    ],
)
def test_who_is_asked_follows_what_the_role_sees(client, school, role, asked):
    person = member(school, role)
    sign_in(client, person)

    response = client.get(reverse("home"))

    assert (response.status_code == 302) is asked
    memberships = list(person.memberships.all())
    assert policy.needs_second_factor(person, memberships, through_identity_provider=False) is asked
    assert policy.needs_second_factor(person, memberships, through_identity_provider=True) is False


def test_an_administrator_without_membership_is_asked(client, administrator, clock):
    """An administrator opens no record but decides who does: a password alone must not be
    enough to make someone a BBA."""
    sign_in(client, administrator)
    people = reverse("agencies:person_list")
    assert client.get(people)["Location"].startswith(ENROL)
    sign_out(client)

    enrol(client, administrator, clock)

    assert client.get(people).status_code == 200


def test_the_demo_setting_off_asks_nobody(client, bba, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    sign_in(client, bba)
    assert client.get(reverse("cases:inbox")).status_code == 200
    assert client.get(VERIFY)["Location"] == "/"


def test_a_person_marked_for_the_identity_provider_who_uses_a_password_is_asked(client, school):
    """The mark says how the person usually signs in, not how this session did: with the
    password only a password was given. (A session from the provider is not asked: tested
    against the real provider in test_identity_provider.py.)"""
    person = member(school, Membership.Role.BBA, signs_in_with_idp=True)
    sign_in(client, person)
    assert client.get(reverse("cases:inbox"))["Location"].startswith(ENROL)


# Reset by an agency admin.


def reset_url(membership):
    return reverse("agencies:second_factor_reset", args=[membership.agency_id, membership.pk])


def test_an_agency_admin_resets_a_members_second_factor_with_a_reason(
    client, handler, agency_admin, clock, django_capture_on_commit_callbacks
):
    enrol(client, handler, clock)
    sign_out(client)
    enrol(client, agency_admin, clock)
    membership = Membership.objects.get(user=handler)
    listing = client.get(reverse("agencies:membership_list", args=[membership.agency_id]))
    assert reset_url(membership) in listing.content.decode()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = posted(client, reset_url(membership), reason="Tappad telefon, ringde upp Sara.")

    assert response["Location"] == reverse("agencies:membership_list", args=[membership.agency_id])
    assert not TOTPDevice.objects.filter(user=handler).exists()
    assert not StaticDevice.objects.filter(user=handler).exists()
    change = membership.history.latest()
    assert change.history_user == agency_admin
    assert change.history_change_reason == "Tappad telefon, ringde upp Sara."
    (notice,) = mail.outbox
    assert notice.to == [handler.email]
    assert "Tappad telefon, ringde upp Sara." in notice.body
    assert agency_admin.email in notice.body
    review = client.get(reverse("agencies:access_changes", args=[membership.agency_id]))
    assert "Återställde den andra faktorn" in review.content.decode()
    assert "Tappad telefon, ringde upp Sara." in review.content.decode()
    sign_out(client)

    sign_in(client, handler)
    assert client.get(reverse("cases:inbox"))["Location"].startswith(ENROL)


def test_a_reset_ends_the_sessions_the_lost_phone_verified(client, handler, agency_admin, clock):
    """Whoever found the phone may hold a session it verified: the reset signs the person out
    everywhere, so the next page of that session is the sign-in, and a new sign-in enrols."""
    finder = client.__class__()
    enrol(finder, handler, clock)
    assert finder.get(reverse("cases:inbox")).status_code == 200
    enrol(client, agency_admin, clock)

    membership = Membership.objects.get(user=handler)

    posted(client, reset_url(membership), reason="Telefonen stulen")

    assert finder.get(reverse("cases:inbox"))["Location"].startswith(reverse("accounts:login"))
    listing = reverse("agencies:membership_list", args=[membership.agency_id])
    assert client.get(listing).status_code == 200  # the admin's own session goes on
    sign_in(finder, handler)
    assert finder.get(reverse("cases:inbox"))["Location"].startswith(ENROL)


def test_an_administrator_resets_a_member_of_any_agency(client, handler, administrator, clock):
    enrol(client, handler, clock)
    sign_out(client)
    enrol(client, administrator, clock)
    membership = Membership.objects.get(user=handler)

    posted(client, reset_url(membership), reason="Ny telefon")

    assert not TOTPDevice.objects.filter(user=handler).exists()


def test_an_agency_admin_cannot_reset_their_own(client, agency_admin, clock):
    enrol(client, agency_admin, clock)
    own = Membership.objects.get(user=agency_admin)
    history_rows = own.history.count()

    response = posted(client, reset_url(own), reason="Vill byta telefon")

    assert response.status_code == 200
    assert "Du kan inte återställa din egen andra faktor" in response.content.decode()
    assert TOTPDevice.objects.filter(user=agency_admin).exists()
    assert own.history.count() == history_rows
    assert not [m for m in mail.outbox if "andra faktor" in m.subject]


def test_an_agency_admin_cannot_reset_a_member_of_another_agency(
    client, agency_admin, other_bba, clock
):
    enrol(client, agency_admin, clock)
    other = Membership.objects.get(user=other_bba)
    TOTPDevice.objects.create(user=other_bba, confirmed=True)

    assert client.get(reset_url(other)).status_code == 404
    assert client.post(reset_url(other), {"reason": "x"}).status_code == 404
    wrong_agency = reverse(
        "agencies:second_factor_reset",
        args=[Membership.objects.get(user=agency_admin).agency_id, other.pk],
    )
    assert client.post(wrong_agency, {"reason": "x"}).status_code == 404
    assert TOTPDevice.objects.filter(user=other_bba).exists()


def test_a_reset_without_a_reason_is_refused(client, handler, agency_admin, clock):
    enrol(client, agency_admin, clock)
    TOTPDevice.objects.create(user=handler, confirmed=True)
    membership = Membership.objects.get(user=handler)

    response = posted(client, reset_url(membership), reason="   ")

    assert response.status_code == 200
    assert "Skriv varför den andra faktorn återställs." in response.content.decode()
    assert TOTPDevice.objects.filter(user=handler).exists()


def test_a_reporter_cannot_reset_anyone(client, reporter, handler):
    sign_in(client, reporter)
    membership = Membership.objects.get(user=handler)
    assert client.post(reset_url(membership), {"reason": "x"}).status_code == 404


def test_operators_reset_an_administrators_second_factor_with_a_reason(
    client, administrator, clock
):
    enrol(client, administrator, clock)
    people = reverse("agencies:person_list")
    assert client.get(people).status_code == 200

    call_command("reset_second_factor", email=administrator.email, reason="Tappad telefon")

    assert not TOTPDevice.objects.filter(user=administrator).exists()
    assert not StaticDevice.objects.filter(user=administrator).exists()
    assert client.get(people)["Location"].startswith(reverse("accounts:login"))
    change = administrator.history.latest()
    assert change.history_change_reason == "Tappad telefon"
    assert change.history_user is None


def test_the_operators_command_leaves_members_to_their_unit(client, handler, clock):
    enrol(client, handler, clock)

    with pytest.raises(CommandError, match="Bara administratörers"):
        call_command("reset_second_factor", email=handler.email, reason="Tappad telefon")
    with pytest.raises(CommandError, match="Nobody"):
        call_command("reset_second_factor", email="ingen@example.se", reason="Tappad telefon")

    assert TOTPDevice.objects.filter(user=handler).exists()
    assert client.get(reverse("cases:inbox")).status_code == 200
