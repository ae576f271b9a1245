"""Writing generated rows straight into a model's table and its history table.

A county of 100,000 children is some ten million rows; through the ORM's save() that takes
hours. Rows here carry ids chosen by the generator, so everything that refers to them can be
written in the same pass, and go in with PostgreSQL's COPY (an executemany INSERT elsewhere).
Every row gets its history row ('+', at the row's own time), as the services would have
written; ``finish`` then moves each table's id sequence past the ids used.
"""

import io
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import IntegrityError, connection, models
from django.utils import timezone


class Table:
    """Rows of one model, written in batches, each with its history row."""

    BATCH = 20_000

    def __init__(self, model, *, history: bool = True):
        self.model = model
        # Per column: whether it takes the row's time (auto_now) and a fixed default, so that
        # adding a row calls nothing for the columns it does not name.
        self.columns = [
            (
                f.attname,
                getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False),
                f.get_default if callable(f.default) else _constant(f.get_default()),
            )
            for f in model._meta.concrete_fields
        ]
        self.history_model = model.history.model if history and hasattr(model, "history") else None
        self.next_id = (
            model._base_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        self.rows: list[dict] = []
        self.history_rows: list[dict] = []
        self.count = 0

    def add(self, *, at=None, by=None, removed_at=None, then=None, **values) -> int:
        """Adds a row (``values`` by attribute name, the rest their defaults) and its history
        row at ``at`` by user id ``by``; returns the row's id. With ``removed_at`` the row is
        only in the history: added, then deleted then (a grant revoked since). With ``then``,
        ``(when, by whom, {attribute: value})``, the row was changed since (a handover
        answered, a follow-up's day cleared when it was held): stored as changed, with a
        history row for each state."""
        values.setdefault("id", self.next_id)
        self.next_id = max(self.next_id, values["id"] + 1)
        row = {}
        for name, takes_time, default in self.columns:
            if name in values:
                row[name] = values[name]
            elif takes_time:
                row[name] = at or timezone.now()
            else:
                row[name] = default()
        if self.history_model is not None:
            self.history_rows.append(self._history(row, at=at, by=by, kind="+"))
        if then is not None:
            changed_at, changed_by, changes = then
            row = {**row, **changes}
            if self.history_model is not None:
                self.history_rows.append(self._history(row, at=changed_at, by=changed_by, kind="~"))
        if removed_at is not None:
            self.history_rows.append(self._history(row, at=removed_at, by=None, kind="-"))
            return row["id"]
        self.rows.append(row)
        self.count += 1
        if len(self.rows) >= self.BATCH:
            self.flush()
        return row["id"]

    def _history(self, row: dict, *, at, by, kind: str) -> dict:
        return {
            **row,
            "history_date": at or timezone.now(),
            "history_type": kind,
            "history_user_id": by,
            "history_change_reason": None,
        }

    def flush(self) -> None:
        write(self.model, self.rows)
        if self.history_model is not None:
            write(self.history_model, self.history_rows)
        self.rows, self.history_rows = [], []


def _constant(value):
    return lambda: value


def write(model, rows: list[dict]) -> None:
    """Inserts ``rows`` (dicts by attribute name) into ``model``'s table in one statement."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0]]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY adapts ints, text, dates and times itself; only JSON needs Django's help.
            json = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    values = [row[f.attname] for f in fields]
                    for i in json:
                        values[i] = fields[i].get_db_prep_save(values[i], connection)
                    copy.write_row(values)
        else:
            marks = ", ".join(["%s"] * len(fields))
            prepared = [
                [f.get_db_prep_save(row[f.attname], connection) for f in fields] for row in rows
            ]
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)


def copy_text(model, columns: list[str], lines: io.StringIO) -> None:
    """COPY tab-separated ``lines`` into ``model``'s table (PostgreSQL), for the access log's
    millions of rows, which are too many to hold as Python objects."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    lines.seek(0)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        while data := lines.read(1 << 20):
            copy.write(data)


def finish(models) -> None:
    """Moves every table's id sequence past the ids the generator chose."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@contextmanager
def bulk_load(models_written):
    """Loads without PostgreSQL's per-row foreign-key triggers, then checks every foreign key
    at once.

    Django's foreign keys are deferred to COMMIT, where ten million rows queue ten million
    trigger checks (minutes). In ``replica`` mode no trigger fires; one anti-join per foreign key
    afterwards finds any row that points nowhere, in seconds. Needs a superuser (the benchmark's
    own database); elsewhere the triggers run as usual.
    """
    fast = connection.vendor == "postgresql" and _is_superuser()
    if fast:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    if fast:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            for model in models_written():
                for fk in model._meta.concrete_fields:
                    if fk.is_relation and fk.db_constraint:
                        _check(cursor, model, fk)


def _is_superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return cursor.fetchone()[0]


def _check(cursor, model, fk) -> None:
    quote = connection.ops.quote_name
    target = fk.target_field
    cursor.execute(
        f"SELECT count(*) FROM {quote(model._meta.db_table)} t "
        f"LEFT JOIN {quote(target.model._meta.db_table)} r ON r.{quote(target.column)} = t.{quote(fk.column)} "
        f"WHERE t.{quote(fk.column)} IS NOT NULL AND r.{quote(target.column)} IS NULL"
    )
    orphans = cursor.fetchone()[0]
    if orphans:
        raise IntegrityError(
            f"{orphans} rows of {model._meta.label} point to no {target.model._meta.label}."
        )
