"""With DEBUG off the app is production: it refuses to start without its environment, and
what it runs with passes Django's deployment check (issue 10, point 6).

Each case starts manage.py in a process of its own, with only the environment given here, as
a server would: the settings are read once per process, at start.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "tillsammans.nykoping.se",
    "DATABASE_URL": "sqlite:////tmp/tillsammans-production-check.sqlite3",
}
SHOW_SECURITY = (
    "from django.conf import settings as s; "
    "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
    "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_PROXY_SSL_HEADER)"
)


def manage(*arguments: str, **environment: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ["PATH"], **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("name", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
@pytest.mark.parametrize("value", [None, "", " "])
def test_with_debug_off_the_app_refuses_to_start_without(name, value):
    environment = {key: item for key, item in PRODUCTION.items() if key != name}
    if value is not None:
        environment[name] = value

    result = manage("check", **environment)

    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG is off" in result.stderr
    assert f"needs {name} from the environment" in result.stderr


def test_with_nothing_at_all_it_names_everything_missing():
    result = manage("check", DEBUG="false")

    assert "needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL from the environment" in result.stderr


def test_with_its_environment_production_passes_the_deployment_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_is_https_only():
    result = manage("shell", "--no-imports", "-c", SHOW_SECURITY, **PRODUCTION)

    assert result.stdout.split() == ["False", "True", "True", "True", "31536000", "True", "None"]


def test_behind_a_tls_proxy_its_header_is_trusted_when_named():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        SHOW_SECURITY,
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        **PRODUCTION,
    )

    assert result.stdout.split()[-2:] == ["('HTTP_X_FORWARDED_PROTO',", "'https')"]


def test_a_proxy_header_without_its_value_is_refused():
    result = manage("check", SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO", **PRODUCTION)

    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER is the header and its value" in result.stderr


def test_the_embedded_default_starts_with_debug_on_and_nothing_else():
    result = manage("shell", "--no-imports", "-c", SHOW_SECURITY, DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "False", "False", "0", "False", "None"]


@pytest.mark.django_db
def test_health_checks_answer_plain_http_and_everything_else_is_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/konto/logga-in/")["Location"] == "https://testserver/konto/logga-in/"


def test_manage_py_on_a_machine_without_production_environment_is_a_developers_tool():
    result = manage("shell", "--no-imports", "-c", SHOW_SECURITY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True ")


def test_manage_py_with_some_production_environment_must_be_told_debug():
    result = manage("check", DATABASE_URL="sqlite:////tmp/not-used.sqlite3")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG is off" in result.stderr
