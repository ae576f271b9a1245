"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Playwright's sync API runs an asyncio event loop in the test's thread; Django refuses database
work in a thread with a running loop unless told it is safe, which it is here: the loop only
talks to the browser. Chromium is the system's (`apt-get install chromium`), never a browser
download, and a missing one fails the run: a browser test that skips is a test that does not
exist.
"""

import importlib
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from playwright.sync_api import sync_playwright

from tests.e2e.browsing import Browsing

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. Install it with "
            "`apt-get install -y chromium fonts-dejavu-core` (make test does so as root).",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    """docs/screenshots/ when E2E_SCREENSHOTS names it, so a run on CI leaves the tree clean."""
    wanted = os.environ.get("E2E_SCREENSHOTS")
    directory = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture
def demo(live_server):
    """The demo county in the live server's database, as `make run` loads it."""
    quiet = io.StringIO()
    call_command("load_demo", allow_production=True, stdout=quiet)
    call_command("load_demo_cases", allow_production=True, stdout=quiet)
    yield
    empty_access_log()


def empty_access_log():
    """The pages a browser test opens are logged, and the log refuses DELETE and a TRUNCATE
    that would lose rows, so the flush that ends a test which committed would fail. The test
    database's log is emptied with its delete trigger off, in one transaction that puts the
    trigger back."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_accesslog DISABLE TRIGGER USER")
            cursor.execute("DELETE FROM audit_accesslog")
            cursor.execute("ALTER TABLE audit_accesslog ENABLE TRIGGER USER")
        else:
            triggers = importlib.import_module("apps.audit.migrations.0003_append_only_triggers")
            cursor.execute("DROP TRIGGER audit_accesslog_no_delete")
            cursor.execute("DELETE FROM audit_accesslog")
            cursor.execute(triggers.SQLITE[1])


@pytest.fixture
def browsing(browser, live_server, demo, screenshot_dir):
    session = Browsing(browser, live_server.url, screenshot_dir)
    yield session
    session.close()
