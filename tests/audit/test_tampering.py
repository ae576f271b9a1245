"""The access log against tampering below the ORM (issue 10, point 7).

The ORM and plain UPDATE or DELETE are refused already (test_access_log.py). What was left is
what a connection can do besides: on PostgreSQL empty the log with TRUNCATE or switch its
triggers off, which a superuser or the tables' owner may; on SQLite rewrite a row with REPLACE,
which deletes the row it collides with without firing delete triggers.

On PostgreSQL the application therefore runs as a role of its own (DATABASE_APP_ROLE), granted
by ``manage.py grant_app_role``; these tests open the application's connection as that role to
the test database, as the deploy does to the real one. Roles and privileges exist only on
PostgreSQL, so those tests are skipped on SQLite: the PostgreSQL pass of .ci/run runs them, with
the role created and DATABASE_APP_ROLE set. REPLACE is SQLite's own statement, so its tests are
skipped on PostgreSQL: the SQLite pass of .ci/run runs them.
"""

import io
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import DatabaseError, ProgrammingError, connection, connections, transaction

from apps.audit.models import AccessLog
from tests.factories.agencies import UserFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="database roles and privileges are PostgreSQL's; .ci/run's PostgreSQL pass runs this",
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="REPLACE is SQLite's statement; .ci/run's SQLite pass runs this",
)

INSUFFICIENT_PRIVILEGE = "42501"


@pytest.fixture
def entry():
    return AccessLog.objects.create(
        user=UserFactory(), action=AccessLog.Action.VIEW, object_type="cases.case", description="x"
    )


@pytest.fixture(scope="module")
def app_role(django_db_setup, django_db_blocker):
    """The test database granted to the application's role as the deploy grants the real one:
    committed, outside any test's transaction, so that the role's own connection sees it."""
    if not settings.DATABASE_APP_ROLE:
        # Not a skip: on PostgreSQL the application's role is what keeps the log.
        pytest.fail("set DATABASE_APP_ROLE to a login role (.ci/run creates tillsammans_app)")
    with django_db_blocker.unblock():
        call_command("grant_app_role", stdout=io.StringIO())
    return settings.DATABASE_APP_ROLE


@pytest.fixture
def app_connection(app_role):
    """The application's connection to the test database: the suite's settings with the
    application's role (a password, if it needs one, from libpq's PGPASSWORD or ~/.pgpass).
    Everything it does is rolled back: what it adds to the log could not be removed."""
    alias = "app_role"
    app = connection.copy(alias)
    app.settings_dict.update(USER=app_role, PASSWORD="")
    connections[alias] = app
    try:
        with transaction.atomic(using=alias):
            yield app
            transaction.set_rollback(True, using=alias)
    finally:
        app.close()
        del connections[alias]


def refused(app, statement: str) -> str:
    """Runs ``statement`` as ``app``, in a savepoint, and returns the error it is refused with:
    PostgreSQL's "insufficient privilege", not any other error."""
    with (
        pytest.raises(ProgrammingError) as error,
        transaction.atomic(using=app.alias),
        app.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert error.value.__cause__.sqlstate == INSUFFICIENT_PRIVILEGE, error.value
    return str(error.value)


@postgresql_only
def test_the_application_adds_to_the_log_and_reads_it(app_connection, app_role):
    alias = app_connection.alias
    with app_connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (app_role,)
    users = get_user_model().objects.using(alias)
    user = users.create(email="app@example.se", full_name="A")
    logged = AccessLog.objects.using(alias).create(
        user=user, action=AccessLog.Action.VIEW, object_type="cases.case", description="läste"
    )
    assert AccessLog.objects.using(alias).get(pk=logged.pk).description == "läste"
    # Its other tables it changes and deletes from, as the application does every day.
    users.filter(pk=user.pk).update(full_name="B")
    users.create(email="borta@example.se", full_name="C").delete()


@postgresql_only
def test_the_application_cannot_change_delete_or_empty_the_log(app_connection):
    assert "permission denied for table audit_accesslog" in refused(
        app_connection, "UPDATE audit_accesslog SET description = 'ändrad'"
    )
    assert "permission denied" in refused(app_connection, "DELETE FROM audit_accesslog")
    assert "permission denied" in refused(app_connection, "TRUNCATE audit_accesslog")


@postgresql_only
def test_the_application_cannot_switch_the_log_triggers_off(app_connection):
    assert "must be owner of table audit_accesslog" in refused(
        app_connection, "ALTER TABLE audit_accesslog DISABLE TRIGGER ALL"
    )
    assert "must be owner" in refused(
        app_connection, "DROP TRIGGER audit_accesslog_append_only ON audit_accesslog"
    )
    assert "must be owner" in refused(app_connection, "DROP TABLE audit_accesslog")
    # A replica session fires no ordinary triggers; only a superuser may ask for one.
    assert "session_replication_role" in refused(
        app_connection, "SET session_replication_role = replica"
    )


@postgresql_only
def test_tables_made_by_later_migrations_are_granted_too(app_role):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE audit_later (id bigint)")
        cursor.execute(
            "SELECT has_table_privilege(%s, 'audit_later', 'SELECT, INSERT, UPDATE, DELETE'),"
            " has_table_privilege(%s, 'audit_later', 'TRUNCATE')",
            [app_role, app_role],
        )
        assert cursor.fetchone() == (True, False)


@postgresql_only
def test_even_the_owner_cannot_truncate_a_log_with_rows(entry):
    # The entry's foreign key is checked at commit; checked now, it leaves no pending trigger
    # event that PostgreSQL would refuse the TRUNCATE for before the log's own trigger does.
    connection.check_constraints()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_accesslog")
    assert AccessLog.objects.filter(pk=entry.pk).exists()


@postgresql_only
def test_an_empty_log_may_be_truncated():
    """Emptying an empty log loses nothing, and a test database is flushed with TRUNCATE
    after each test that commits (``transaction=True``)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_accesslog")


@pytest.fixture
def role_name():
    """A role of this test alone: roles belong to the whole server, and CREATE ROLE is rolled
    back with the test's transaction."""
    return f"tampering_{uuid.uuid4().hex[:12]}"


@postgresql_only
@pytest.mark.parametrize(
    "make_role",
    [
        "CREATE ROLE {role} LOGIN SUPERUSER",
        "CREATE ROLE {role} LOGIN CREATEROLE",
        "CREATE ROLE {role} LOGIN IN ROLE {owner}",
    ],
)
def test_a_role_that_could_switch_the_triggers_off_is_not_granted(settings, role_name, make_role):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_accesslog'")
        (owner,) = cursor.fetchone()
        cursor.execute(make_role.format(role=role_name, owner=owner))
    settings.DATABASE_APP_ROLE = role_name
    with pytest.raises(CommandError, match="could switch the access log's triggers off"):
        call_command("grant_app_role", stdout=io.StringIO())


@postgresql_only
def test_a_role_given_more_on_the_log_by_someone_else_is_not_granted(settings, role_name):
    """The owner's REVOKE takes back only the owner's own grants."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role_name} LOGIN")
        cursor.execute("GRANT UPDATE ON audit_accesslog TO PUBLIC")
    settings.DATABASE_APP_ROLE = role_name
    with pytest.raises(CommandError, match="may still change audit_accesslog"):
        call_command("grant_app_role", stdout=io.StringIO())


@sqlite_only
@pytest.mark.parametrize("verb", ["REPLACE", "INSERT OR REPLACE"])
def test_replace_cannot_rewrite_an_entry(entry, verb):
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute(
            f"{verb} INTO audit_accesslog (id, at, user_id, agency_name, action, object_type,"
            " object_id, description, path) VALUES (%s, %s, %s, '', 'view', 'cases.case', '',"
            " 'förfalskad', '')",
            [entry.pk, entry.at, entry.user_id],
        )
    assert AccessLog.objects.get(pk=entry.pk).description == "x"


@sqlite_only
def test_an_entry_with_an_id_of_its_own_is_still_added(entry):
    """generate_county writes its log rows with ids it chose."""
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                id=entry.pk + 1, user=entry.user, action="view", object_type="c", description="y"
            )
        ]
    )
    assert AccessLog.objects.count() == 2
