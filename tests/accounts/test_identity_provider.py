"""Sign-in through the municipality's identity provider, end to end (issue 10, point 1).

The provider is real: the registry's `oidc-provider` for Node (tests/accounts/oidc_provider/),
started on loopback for this module. A browser is played by a requests session against
Django's live server: it follows every redirect, fills in the provider's own sign-in form and
comes back with what the provider issued. Nothing of ours is replaced.
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.urls import reverse

from apps.agencies.models import Membership
from tests.factories.agencies import AgencyFactory, UserFactory, member
from tests.test_production_settings import PRODUCTION, manage

pytestmark = pytest.mark.django_db(transaction=True)

PROVIDER_DIR = Path(__file__).parent / "oidc_provider"
CLIENT_ID, CLIENT_SECRET = "tillsammans", "tillsammans-test-secret"
# The people the provider knows, by what they type on its sign-in form.
PROVIDER_ACCOUNTS = {
    "ulla": {"email": " Ulla.Nyberg@Eskilstuna.example", "name": "Ulla Nyberg"},
    "okand": {"email": "okand.person@eskilstuna.example", "name": "Okänd Person"},
    "inaktiv": {"email": "inaktiv@eskilstuna.example", "name": "Inaktiv Person"},
    "sithskort": {"email": "annan.adress@region.example", "hsa_id": "se2321000032-ab12"},
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def provider(live_server):
    """The provider process, for the whole module (starting it takes about a second)."""
    assert shutil.which("node"), "node is needed for the identity provider tests"
    assert (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir(), (
        "run `npm ci --prefix tests/accounts/oidc_provider` (make test does)"
    )
    port = _free_port()
    process = subprocess.Popen(
        [
            "node",
            str(PROVIDER_DIR / "provider.js"),
            str(port),
            f"{live_server.url}/oidc/callback/",
            f"{live_server.url}{reverse('accounts:login')}",
        ],
        env={"PATH": os.environ["PATH"], "TEST_ACCOUNTS": json.dumps(PROVIDER_ACCOUNTS)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            discovery = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
            break
        except requests.ConnectionError:
            assert process.poll() is None, "the identity provider did not start"
            assert time.monotonic() < deadline, "the identity provider did not answer"
            time.sleep(0.1)
    yield discovery.json()
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def configured(settings, provider):
    """Tillsammans configured for the provider as README says, from its discovery document."""
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = provider["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = provider["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = provider["jwks_uri"]
    settings.OIDC_OP_LOGOUT_ENDPOINT = provider["end_session_endpoint"]
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS[:1],
        "apps.agencies.identity_provider.IdentityProviderBackend",
        *settings.AUTHENTICATION_BACKENDS[1:],
    ]
    return provider


class Forms(HTMLParser):
    """The forms of a page: where each posts and its fields' values."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": {}})
        elif tag == "input" and self.forms and attrs.get("name"):
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""


def sign_in_at_provider(browser, start_url, login):
    """Goes from our "sign in through the municipality" to the provider's form, signs in there
    as ``login`` (any password: it is the provider's development form), and follows the
    provider back to Tillsammans."""
    page = browser.get(start_url)
    form = Forms(page.text).forms[0]
    assert "login" in form["fields"], page.text
    fields = {**form["fields"], "login": login, "password": "vilket-som-helst"}
    return browser.post(urljoin(page.url, form["action"]), data=fields)


def start_url(live_server):
    return live_server.url + reverse("oidc_authentication_init")


def signed_in(browser, live_server) -> bool:
    home = browser.get(live_server.url + reverse("home"), allow_redirects=False)
    return home.status_code == 200


@pytest.fixture
def ulla(db):
    return member(
        AgencyFactory(name="Eskilstuna skola"),
        Membership.Role.BBA,
        full_name="Ulla Nyberg",
        email="ulla.nyberg@eskilstuna.example",
    )


def test_the_sign_in_page_offers_the_provider_only_when_it_is_configured(live_server, settings):
    settings.OIDC_ENABLED = False
    page = requests.get(live_server.url + reverse("accounts:login"))
    assert "via kommunens inloggning" not in page.text
    # Without a provider its addresses lead back to the sign-in page.
    assert requests.get(start_url(live_server)).url.endswith(reverse("accounts:login"))

    settings.OIDC_ENABLED = True
    page = requests.get(live_server.url + reverse("accounts:login"))
    assert "Logga in med e-legitimation/SITHS via kommunens inloggning" in page.text
    assert 'name="password"' in page.text  # the password form stays, for the demo


def test_a_known_person_signs_in_with_their_address_in_any_case(configured, live_server, ulla):
    browser = requests.Session()

    answer = sign_in_at_provider(browser, start_url(live_server), "ulla")

    assert answer.status_code == 200
    assert answer.url == live_server.url + reverse("home")
    assert "Ulla Nyberg" in answer.text
    assert signed_in(browser, live_server)
    ulla.refresh_from_db()
    # From now on no password reset is offered to her: she has the provider.
    assert ulla.signs_in_with_idp
    assert ulla.history.latest().history_user == ulla


def test_a_session_from_the_provider_owes_no_second_factor(configured, settings, live_server, ulla):
    """The provider's sign-in is the strong one: Ulla, a BBA, reaches the unit's cases where
    the same role signing in with a password is sent to enrol (test_second_factor.py)."""
    settings.SECOND_FACTOR_REQUIRED = True
    browser = requests.Session()
    sign_in_at_provider(browser, start_url(live_server), "ulla")

    inbox = browser.get(live_server.url + reverse("cases:inbox"), allow_redirects=False)

    assert inbox.status_code == 200


def test_signing_in_leads_back_to_the_page_asked_for(configured, live_server, ulla):
    browser = requests.Session()
    directory = reverse("agencies:directory")

    login_page = browser.get(live_server.url + directory)
    assert f"{reverse('oidc_authentication_init')}?next={directory}" in login_page.text
    answer = sign_in_at_provider(browser, f"{start_url(live_server)}?next={directory}", "ulla")

    assert answer.url == live_server.url + directory


def test_someone_the_provider_knows_but_we_do_not_is_refused_with_a_page(
    configured, live_server, ulla
):
    browser = requests.Session()

    answer = sign_in_at_provider(browser, start_url(live_server), "okand")

    assert answer.status_code == 403
    assert answer.url.startswith(live_server.url + "/oidc/callback/")
    assert "ingen aktiv person i Tillsammans" in answer.text
    assert "okand.person@eskilstuna.example" in answer.text
    assert reverse("accounts:login") in answer.text  # a way back
    assert not signed_in(browser, live_server)
    assert not type(ulla).objects.filter(email__icontains="okand").exists()


def test_a_deactivated_person_is_refused(configured, live_server):
    person = UserFactory(email="inaktiv@eskilstuna.example", is_active=False)
    browser = requests.Session()

    answer = sign_in_at_provider(browser, start_url(live_server), "inaktiv")

    assert answer.status_code == 403
    assert "ingen aktiv person i Tillsammans" in answer.text
    assert not signed_in(browser, live_server)
    person.refresh_from_db()
    assert not person.signs_in_with_idp


def test_a_sign_in_cancelled_at_the_provider_is_refused_without_a_loop(
    configured, live_server, ulla
):
    browser = requests.Session()
    page = browser.get(start_url(live_server))
    abort = re.search(r'href="([^"]*/abort)"', page.text).group(1)

    answer = browser.get(urljoin(page.url, abort))

    assert answer.status_code == 403
    assert "avbröts eller kunde inte slutföras" in answer.text
    assert not signed_in(browser, live_server)


def test_people_can_be_matched_on_their_hsa_id_instead(configured, settings, live_server):
    settings.OIDC_MATCH_CLAIM = "hsa_id"
    settings.OIDC_RP_SCOPES = "openid hsa"
    member(
        AgencyFactory(),
        Membership.Role.HANDLER,
        full_name="Siv Sjuksköterska",
        hsa_id="SE2321000032-AB12",
    )
    browser = requests.Session()

    answer = sign_in_at_provider(browser, start_url(live_server), "sithskort")

    assert answer.url == live_server.url + reverse("home")
    assert "Siv Sjuksköterska" in answer.text


def test_without_the_hsa_id_stored_the_same_person_is_refused(configured, settings, live_server):
    settings.OIDC_MATCH_CLAIM = "hsa_id"
    settings.OIDC_RP_SCOPES = "openid email hsa"
    # Her address is the one the provider sends, but the match is on the HSA-id alone.
    member(AgencyFactory(), Membership.Role.HANDLER, email="annan.adress@region.example")
    browser = requests.Session()

    answer = sign_in_at_provider(browser, start_url(live_server), "sithskort")

    assert answer.status_code == 403
    assert "SE2321000032-AB12".lower() in answer.text.lower()
    assert not signed_in(browser, live_server)


def test_signing_out_ends_the_session_at_the_provider_too(configured, live_server, ulla):
    browser = requests.Session()
    home = sign_in_at_provider(browser, start_url(live_server), "ulla")
    token = Forms(home.text).forms[0]["fields"]["csrfmiddlewaretoken"]

    answer = browser.post(
        live_server.url + reverse("accounts:logout"),
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": home.url},
        allow_redirects=False,
    )

    end_session = urlsplit(answer.headers["Location"])
    assert answer.headers["Location"].startswith(configured["end_session_endpoint"])
    assert "id_token_hint=" in end_session.query
    assert not signed_in(browser, live_server)
    # The provider asks whether to sign out there too; yes.
    confirm = browser.get(answer.headers["Location"])
    form = Forms(confirm.text).forms[0]
    back = browser.post(
        urljoin(confirm.url, form["action"]), data={**form["fields"], "logout": "yes"}
    )
    assert back.url.startswith(live_server.url + reverse("accounts:login"))
    # Its session has ended: signing in through it again asks for the card again.
    again = browser.get(start_url(live_server))
    assert urlsplit(again.url).netloc == urlsplit(configured["issuer"]).netloc
    assert 'name="login"' in again.text


def test_without_ending_it_the_provider_would_have_signed_her_straight_back_in(
    configured, live_server, ulla
):
    """The other side of the test above: what ending the provider's session prevents."""
    browser = requests.Session()
    sign_in_at_provider(browser, start_url(live_server), "ulla")
    del browser.cookies["sessionid"]  # Tillsammans' session alone ends

    again = browser.get(start_url(live_server))

    assert again.url == live_server.url + reverse("home")


OIDC_ENVIRONMENT = {
    "OIDC_RP_CLIENT_ID": "tillsammans",
    "OIDC_RP_CLIENT_SECRET": secrets.token_urlsafe(30),
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.nykoping.se/oidc/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.nykoping.se/oidc/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.nykoping.se/oidc/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.nykoping.se/oidc/jwks",
    "OIDC_OP_LOGOUT_ENDPOINT": "https://idp.nykoping.se/oidc/logout",
}


def test_production_with_a_provider_passes_the_deployment_check():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, **OIDC_ENVIRONMENT
    )

    assert result.returncode == 0, result.stderr


def test_a_half_configured_provider_stops_the_start():
    environment = {**OIDC_ENVIRONMENT}
    del environment["OIDC_OP_TOKEN_ENDPOINT"], environment["OIDC_OP_JWKS_ENDPOINT"]

    result = manage("check", **PRODUCTION, **environment)

    assert result.returncode != 0
    assert "needs OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_JWKS_ENDPOINT from the environment" in (
        result.stderr
    )


def test_refusals_at_the_provider_do_not_lock_out_the_next_person_at_the_same_address(
    configured, settings, live_server, ulla
):
    """The password lockout counts guesses of a password; the provider has checked the card
    already. A school signs in from one address: five people the administrators have not
    added yet must not shut every colleague out for a quarter of an hour."""
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        refused = sign_in_at_provider(requests.Session(), start_url(live_server), "okand")
        assert refused.status_code == 403

    answer = sign_in_at_provider(requests.Session(), start_url(live_server), "ulla")

    assert answer.url == live_server.url + reverse("home")
