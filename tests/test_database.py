"""The embedded default, SQLite, takes two writers at once: the second waits its turn instead of
answering 500 "database is locked" (issue 9, finding 9).

The settings' own helper is asked what it makes of a URL, so these tests check the same thing
whether the suite runs on SQLite or on PostgreSQL.
"""

import os
import threading

import pytest
from django.conf import settings
from django.db import connections, transaction

from config.settings import SQLITE_DEFAULT_URL, database

SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def test_the_embedded_default_is_set_up_for_concurrent_writers():
    assert database("sqlite:////tmp/tillsammans.sqlite3")["OPTIONS"] == SQLITE_OPTIONS


def test_postgresql_is_left_to_its_own_locking():
    config = database("postgres://postgres@127.0.0.1:5432/tillsammans")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert not set(SQLITE_OPTIONS) & set(config.get("OPTIONS", {}))


def test_every_request_is_one_transaction_on_either():
    for url in ("sqlite:////tmp/tillsammans.sqlite3", "postgres://postgres@127.0.0.1/t"):
        assert database(url)["ATOMIC_REQUESTS"] is True


def test_the_settings_database_comes_from_the_helper():
    url = os.environ.get("DATABASE_URL", SQLITE_DEFAULT_URL)
    expected = database(url).get("OPTIONS", {})  # none for PostgreSQL
    assert settings.DATABASES["default"].get("OPTIONS", {}) == expected


@pytest.fixture
def file_database(tmp_path, django_db_blocker):
    """A SQLite file database configured as the settings configure the embedded default, under
    its own alias (each thread has its own connection to it); not the suite's test database,
    so pytest-django's blocker is lifted for it alone."""
    alias = "concurrency"
    config = database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    # configure_settings fills in Django's defaults; it insists on a default alias beside.
    filled = connections.configure_settings({"default": {}, alias: config})
    connections.settings[alias] = filled[alias]
    with django_db_blocker.unblock():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (n INTEGER)")
            cursor.execute("INSERT INTO counter VALUES (0)")
        yield alias
        connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


def test_the_options_reach_the_connection(file_database):
    with connections[file_database].cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000


def test_two_writers_who_read_first_both_write(file_database):
    """Two saves at once, each reading before it writes, as a form save does. In a deferred
    transaction the second one's read lock cannot become a write lock while the first writes,
    and SQLite refuses it at once; begun IMMEDIATE, the second waits for the first."""
    first_has_read, second_has_read = threading.Event(), threading.Event()
    errors = []

    def save(own_read: threading.Event, other_read: threading.Event | None):
        try:
            with transaction.atomic(using=file_database):
                cursor = connections[file_database].cursor()
                cursor.execute("SELECT n FROM counter").fetchone()
                own_read.set()
                if other_read is not None:
                    other_read.wait(timeout=0.5)
                cursor.execute("UPDATE counter SET n = n + 1")
        except Exception as error:  # the test reports whatever the loser got
            errors.append(error)
        finally:
            own_read.set()
            connections[file_database].close()

    first = threading.Thread(target=save, args=(first_has_read, second_has_read))
    first.start()
    first_has_read.wait(timeout=5)
    second = threading.Thread(target=save, args=(second_has_read, None))
    second.start()
    first.join(timeout=30)
    second.join(timeout=30)

    assert errors == []
    with connections[file_database].cursor() as cursor:
        assert cursor.execute("SELECT n FROM counter").fetchone()[0] == 2
