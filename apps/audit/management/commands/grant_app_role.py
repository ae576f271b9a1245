"""Grants the application's PostgreSQL role (DATABASE_APP_ROLE) what the running application
needs, and on the access log no more than to add and read.

The deploy runs it as the owner right after ``migrate`` (docker-compose.yml): the owner creates
and alters the tables, the web and worker processes connect as the application's role, which

- may SELECT, INSERT, UPDATE and DELETE in every table, and use every sequence (ids of Django's
  identity columns need no privilege; USAGE is for a serial column a package or RunSQL makes,
  and lets the role draw numbers, nothing else);
- may only SELECT and INSERT in the access log: no UPDATE, DELETE or TRUNCATE;
- gets the same on the tables and sequences the owner creates later (default privileges), so a
  new table is usable as soon as the migration that makes it has run;
- owns nothing, so it cannot disable or drop the log's triggers (apps/audit/migrations 0003,
  0006). A role that could (a superuser, a member of the owner, or one that may create roles
  and so make itself a member) is refused, as is one that keeps a privilege on the log that
  someone else granted, which the owner's REVOKE does not take away.

A command rather than a migration, as the role is the deployment's, not the schema's: a
migration would be recorded as applied on a database migrated before DATABASE_APP_ROLE was set,
and never grant. Run after every migrate, the grants follow every table, including one the owner's
default privileges missed because another role created it. The triggers, which hold for every
role, are migrations.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

from apps.audit.models import AccessLog

TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
LOG_PRIVILEGES = "SELECT, INSERT"
LOG = AccessLog._meta.db_table


class Command(BaseCommand):
    help = "Grants DATABASE_APP_ROLE the application's privileges (PostgreSQL; after migrate)."

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to grant: only PostgreSQL has roles.")
            return
        role = settings.DATABASE_APP_ROLE
        if not role:
            raise CommandError("Set DATABASE_APP_ROLE to the role the application connects as.")
        with transaction.atomic(), connection.cursor() as cursor:
            self._refuse_a_privileged_role(cursor, role)
            for statement in self._grants(cursor, role):
                cursor.execute(statement.as_string(cursor.connection))
            self._refuse_a_role_that_may_change_the_log(cursor, role)
        self.stdout.write(f"{role}: {TABLE_PRIVILEGES} on every table, {LOG_PRIVILEGES} on {LOG}.")

    def _grants(self, cursor, role: str) -> list[sql.Composed]:
        cursor.execute("SELECT current_database(), current_schema()")
        database, schema = (sql.Identifier(name) for name in cursor.fetchone())
        to = sql.Identifier(role)
        return [
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(database, to),
            sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, to),
            sql.SQL(f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA {{}} TO {{}}").format(
                schema, to
            ),
            sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema, to),
            sql.SQL("REVOKE ALL ON {}.{} FROM {}").format(schema, sql.Identifier(LOG), to),
            sql.SQL(f"GRANT {LOG_PRIVILEGES} ON {{}}.{{}} TO {{}}").format(
                schema, sql.Identifier(LOG), to
            ),
            sql.SQL(
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {{}} GRANT {TABLE_PRIVILEGES} ON TABLES TO {{}}"
            ).format(schema, to),
            sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT USAGE ON SEQUENCES TO {}").format(
                schema, to
            ),
        ]

    def _refuse_a_privileged_role(self, cursor, role: str) -> None:
        cursor.execute(
            "SELECT rolsuper, rolcreaterole, pg_has_role(pg_roles.oid, relowner, 'MEMBER')"
            " FROM pg_roles, pg_class WHERE rolname = %s AND pg_class.oid = %s::regclass",
            [role, LOG],
        )
        found = cursor.fetchone()
        if found is None:
            raise CommandError(f"The role {role} does not exist (README: Two database roles).")
        superuser, creates_roles, owner = found
        if superuser or creates_roles or owner:
            raise CommandError(
                f"The role {role} could switch the access log's triggers off (superuser,"
                " CREATEROLE or member of the tables' owner): the application needs its own."
            )

    def _refuse_a_role_that_may_change_the_log(self, cursor, role: str) -> None:
        cursor.execute(
            "SELECT has_table_privilege(%s, %s, 'UPDATE, DELETE, TRUNCATE')", [role, LOG]
        )
        if cursor.fetchone()[0]:
            raise CommandError(
                f"The role {role} may still change {LOG}, by a grant of another role (or"
                " of PUBLIC, or pg_write_all_data): revoke it as that role."
            )
