"""The access log against tampering below the ORM (issue 10, point 7).

The ORM and plain UPDATE or DELETE are refused already (test_access_log.py). What was left is
what a connection can do besides: on PostgreSQL empty the log with TRUNCATE, which fires no
delete trigger; on SQLite rewrite a row with REPLACE, which deletes the row it collides with
without firing delete triggers.

TRUNCATE's tests are PostgreSQL's (SQLite has no TRUNCATE), so they are skipped on SQLite: the
PostgreSQL pass of .ci/run runs them. REPLACE is SQLite's own statement, so its tests are
skipped on PostgreSQL: the SQLite pass of .ci/run runs them.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from apps.audit.models import AccessLog
from tests.factories.agencies import UserFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="TRUNCATE is PostgreSQL's; .ci/run's PostgreSQL pass runs this",
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="REPLACE is SQLite's statement; .ci/run's SQLite pass runs this",
)


@pytest.fixture
def entry():
    return AccessLog.objects.create(
        user=UserFactory(), action=AccessLog.Action.VIEW, object_type="cases.case", description="x"
    )


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
