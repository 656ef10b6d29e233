"""The triggers that make history append-only in the database itself, on both engines.

Rows of a history table are inserted and never changed: the database refuses UPDATE and
DELETE (and TRUNCATE on PostgreSQL), whoever asks. On SQLite, ``REPLACE``, ``INSERT OR
REPLACE`` and an upsert resolve a key conflict by deleting the old row, which fires no
DELETE trigger (unless ``recursive_triggers`` is on for that connection); so an INSERT that
would collide with a stored row's key is refused before SQLite resolves the conflict.

The statements are generated here from the table's keys and run when the table is created
(``schema``); the migrations that add them to an older store write their own copy, and a
test holds the two equal.
"""

from __future__ import annotations

from sqlalchemy import DDL, Table, UniqueConstraint, event

__all__ = [
    "APPEND_ONLY_MESSAGE",
    "POSTGRES_FUNCTION",
    "make_append_only",
    "postgres_statements",
    "sqlite_statements",
]

APPEND_ONLY_MESSAGE = "Historikken kan kun udvides: gemte rækker kan ikke ændres eller slettes."

POSTGRES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION tilsynwidgets_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $body$ BEGIN "
    f"RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'restrict_violation'; "
    "END $body$"
)


def _keys(table: Table) -> list[tuple[str, ...]]:
    """The column sets that identify a row: the primary key and every unique constraint."""
    keys = [tuple(column.name for column in table.primary_key.columns)]
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            keys.append(tuple(column.name for column in constraint.columns))
    return keys


def sqlite_statements(table: Table) -> list[str]:
    """SQLite: refuse UPDATE, DELETE, and an INSERT that would replace a stored row."""
    name = table.name
    raise_ = f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
    collides = " OR ".join(
        "(" + " AND ".join(f"{column} = NEW.{column}" for column in key) + ")"
        for key in _keys(table)
    )
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name}_no_update BEFORE UPDATE ON {name} {raise_}",
        f"CREATE TRIGGER IF NOT EXISTS {name}_no_delete BEFORE DELETE ON {name} {raise_}",
        f"CREATE TRIGGER IF NOT EXISTS {name}_no_replace BEFORE INSERT ON {name} "
        f"WHEN EXISTS (SELECT 1 FROM {name} WHERE {collides}) {raise_}",
    ]


def postgres_statements(table: Table) -> list[str]:
    """PostgreSQL: refuse UPDATE and DELETE of a row, and TRUNCATE of the table.

    (PostgreSQL has no REPLACE; ``ON CONFLICT DO UPDATE`` is an UPDATE and is refused.)
    """
    name = table.name
    call = "EXECUTE FUNCTION tilsynwidgets_append_only()"
    return [
        POSTGRES_FUNCTION,
        f"CREATE TRIGGER {name}_append_only BEFORE UPDATE OR DELETE ON {name} FOR EACH ROW {call}",
        f"CREATE TRIGGER {name}_no_truncate BEFORE TRUNCATE ON {name} FOR EACH STATEMENT {call}",
    ]


def make_append_only(table: Table) -> None:
    """Create the table's triggers whenever the table itself is created."""
    for statement in sqlite_statements(table):
        ddl = DDL(statement)  # type: ignore[no-untyped-call]  # DDL.__init__ is untyped
        event.listen(table, "after_create", ddl.execute_if(dialect="sqlite"))
    for statement in postgres_statements(table):
        ddl = DDL(statement)  # type: ignore[no-untyped-call]
        event.listen(table, "after_create", ddl.execute_if(dialect="postgresql"))
