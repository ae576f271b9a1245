"""The database refuses the two ways round the triggers of 0003: emptying the log with TRUNCATE
on PostgreSQL, and rewriting a row with REPLACE on SQLite.

PostgreSQL fires no DELETE trigger for TRUNCATE, so a statement trigger refuses it while the log
has rows. The application's role may not TRUNCATE at all (manage.py grant_app_role); this holds
for the owner and a superuser too, who would have to switch the trigger off first, on purpose. An
empty log may still be truncated, as it loses nothing: the test database is flushed with
TRUNCATE after every test that commits. The table is named from the trigger's own arguments, so
a caller's search_path cannot point the check at another, empty table.

SQLite's REPLACE (and INSERT OR REPLACE) deletes the row whose id it collides with, and fires
delete triggers for that only with PRAGMA recursive_triggers on. Rather than rely on a pragma of
each connection, the insert itself is refused when its id is taken, on every connection to the
file.
"""

from django.db import migrations

POSTGRES = [
    """
    CREATE FUNCTION audit_accesslog_keep_rows() RETURNS trigger AS $$
    DECLARE
        has_rows boolean;
    BEGIN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME)
            INTO has_rows;
        IF has_rows THEN
            RAISE EXCEPTION 'audit_accesslog is append-only';
        END IF;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER audit_accesslog_no_truncate
    BEFORE TRUNCATE ON audit_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION audit_accesslog_keep_rows();
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_accesslog_no_truncate ON audit_accesslog;",
    "DROP FUNCTION IF EXISTS audit_accesslog_keep_rows();",
]
SQLITE = [
    """
    CREATE TRIGGER audit_accesslog_no_replace BEFORE INSERT ON audit_accesslog
    WHEN EXISTS (SELECT 1 FROM audit_accesslog WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'audit_accesslog is append-only'); END;
    """,
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_accesslog_no_replace;"]


def _run(statements_by_vendor):
    # Without parameters, so the %I of format() reaches PostgreSQL as written.
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_accesslog_owner_agency")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
