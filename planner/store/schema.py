"""The schema made from the SQLModel tables: a new store, and an old one brought level.

Everything here is compiled by SQLAlchemy's SQLite dialect from ``SQLModel.metadata``:
no table or column is written out by hand (see :mod:`planner.store.migrations` for the
how-to). Imported only to create or migrate a store: SQLAlchemy is not on the start-up
path. ``python -m planner.store.schema`` rewrites :mod:`planner.store.columns`, the
column lists the fast reads use without importing SQLAlchemy.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import MetaData, Table
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateColumn, CreateIndex, CreateTable
from sqlmodel import SQLModel

from planner.store import tables as _tables  # noqa: F401  (registers the tables on the metadata)
from planner.store.migrations import APPLICATION_ID, CURRENT_VERSION, MIGRATIONS, Step

log = logging.getLogger(__name__)

_DIALECT = sqlite_dialect.dialect()


# ------------------------------------------------------------------ what a schema is
class TableShape(NamedTuple):
    """A table as SQLite reports it (the PRAGMAs, not the CREATE text)."""

    columns: tuple[tuple[str, str, bool, str | None, int], ...]  # name, type, not null, default, pk
    indexes: frozenset[tuple[str, bool, tuple[str, ...]]]  # name, unique, columns
    foreign_keys: frozenset[tuple[str, str, str, str, str]]  # table, from, to, on update, on delete


def table_shape(conn: sqlite3.Connection, name: str) -> TableShape:
    columns = tuple(
        (str(r[1]), str(r[2]).upper(), bool(r[3]), r[4], int(r[5]))
        for r in conn.execute(f'PRAGMA table_info("{name}")')
    )
    indexes = frozenset(
        (
            str(ix[1]),
            bool(ix[2]),
            tuple(str(c[2]) for c in conn.execute(f'PRAGMA index_info("{ix[1]}")')),
        )
        for ix in conn.execute(f'PRAGMA index_list("{name}")')
    )
    fks = frozenset(
        (str(f[2]), str(f[3]), str(f[4]), str(f[5]), str(f[6]))
        for f in conn.execute(f'PRAGMA foreign_key_list("{name}")')
    )
    return TableShape(columns, indexes, fks)


def table_names(conn: sqlite3.Connection) -> list[str]:
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]


def shape(conn: sqlite3.Connection) -> dict[str, Any]:
    """The whole schema of an open file, to compare two files exactly."""
    return {
        "tables": {name: table_shape(conn, name) for name in table_names(conn)},
        "user_version": conn.execute("PRAGMA user_version").fetchone()[0],
        "application_id": conn.execute("PRAGMA application_id").fetchone()[0],
    }


# ------------------------------------------------------------------ the models, compiled
def model_tables(metadata: MetaData | None = None) -> list[Table]:
    """The tables in dependency order (a table after those its foreign keys name)."""
    return list((SQLModel.metadata if metadata is None else metadata).sorted_tables)


def create_table_sql(table: Table, name: str | None = None) -> str:
    sql = str(CreateTable(table).compile(dialect=_DIALECT)).strip()
    if name is not None:  # the same table under a scratch name, for a rebuild
        prefix = f"CREATE TABLE {_DIALECT.identifier_preparer.format_table(table)} ("
        assert sql.startswith(prefix), sql
        sql = f'CREATE TABLE "{name}" (' + sql[len(prefix) :]
    return sql


def create_index_sql(table: Table) -> list[str]:
    return [str(CreateIndex(ix).compile(dialect=_DIALECT)) for ix in sorted(table.indexes, key=_ix_name)]


def _ix_name(ix: Any) -> str:
    return str(ix.name)


def model_shapes(metadata: MetaData | None = None) -> dict[str, TableShape]:
    """Each model table as SQLite reports it once created: the target of every migration."""
    conn = sqlite3.connect(":memory:")
    try:
        for table in model_tables(metadata):
            conn.execute(create_table_sql(table))
            for sql in create_index_sql(table):
                conn.execute(sql)
        return {t.name: table_shape(conn, t.name) for t in model_tables(metadata)}
    finally:
        conn.close()


# ------------------------------------------------------------------ bringing a file level
def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _add_columns(conn: sqlite3.Connection, table: Table, have: TableShape, want: TableShape) -> bool:
    """Reach ``want`` by ADD COLUMN and CREATE INDEX when that is possible; say if it was."""
    n = len(have.columns)
    if have.columns != want.columns[:n] or not have.indexes <= want.indexes:
        return False
    new = want.columns[n:]
    if (
        any(fk[1] in {c[0] for c in new} for fk in want.foreign_keys)
        or have.foreign_keys != want.foreign_keys
    ):
        return False  # SQLite cannot add a column with a foreign key as the model writes it
    if any(ix[0].startswith("sqlite_autoindex_") for ix in want.indexes - have.indexes):
        return False  # a UNIQUE constraint of the table: only a rebuild adds it
    for col in new:
        column = table.c[col[0]]
        if col[2] and col[3] is None:
            raise RuntimeError(
                f"{table.name}.{col[0]} is NOT NULL without a server_default: give it one in "
                "planner/store/tables.py so that the rows that exist get a value"
            )
        sql = str(CreateColumn(column).compile(dialect=_DIALECT)).strip()
        conn.execute(f"ALTER TABLE {_quote(table.name)} ADD COLUMN {sql}")
    index_sql = {
        str(ix.name): s
        for ix, s in zip(sorted(table.indexes, key=_ix_name), create_index_sql(table), strict=True)
    }
    for name, _unique, _cols in sorted(want.indexes - have.indexes):
        conn.execute(index_sql[name])
    return True


def _rebuild(conn: sqlite3.Connection, table: Table, have: TableShape, want: TableShape) -> None:
    """Make the table anew from its model and copy the rows (SQLite's way to change a
    column or a constraint). Foreign keys must be off, and checked after."""
    scratch = f"_new_{table.name}"
    conn.execute(create_table_sql(table, scratch))
    kept = [c[0] for c in want.columns if c[0] in {h[0] for h in have.columns}]
    missing_required = [c[0] for c in want.columns if c[0] not in kept and c[2] and c[3] is None]
    if missing_required:
        raise RuntimeError(
            f"{table.name}: {', '.join(missing_required)} NOT NULL without a server_default "
            "(give it one in planner/store/tables.py)"
        )
    cols = ", ".join(_quote(c) for c in kept)
    conn.execute(f"INSERT INTO {_quote(scratch)} ({cols}) SELECT {cols} FROM {_quote(table.name)}")
    conn.execute(f"DROP TABLE {_quote(table.name)}")
    conn.execute(f"ALTER TABLE {_quote(scratch)} RENAME TO {_quote(table.name)}")
    for sql in create_index_sql(table):
        conn.execute(sql)


def level(conn: sqlite3.Connection, metadata: MetaData | None = None) -> list[str]:
    """Make every model table of the file exactly what its model makes; return what was done.

    A missing table is created, a table that lacks only trailing columns or indexes gets
    them added, any other difference rebuilds the table. Runs inside the caller's
    transaction with foreign keys off (a rebuild drops and renames tables)."""
    done: list[str] = []
    want_all = model_shapes(metadata)
    existing = set(table_names(conn))
    for table in model_tables(metadata):
        want = want_all[table.name]
        if table.name not in existing:
            conn.execute(create_table_sql(table))
            for sql in create_index_sql(table):
                conn.execute(sql)
            done.append(f"created {table.name}")
            continue
        have = table_shape(conn, table.name)
        if have == want:
            continue
        if _add_columns(conn, table, have, want) and table_shape(conn, table.name) == want:
            done.append(f"added to {table.name}")
            continue
        _rebuild(conn, table, table_shape(conn, table.name), want)
        done.append(f"rebuilt {table.name}")
        assert table_shape(conn, table.name) == want, table.name
    return done


_ADDITIVE = re.compile(
    r"\s*(ALTER\s+TABLE\s+(?P<t>\S+)\s+ADD\s+(COLUMN\s+)?(?P<c>\S+)"
    r"|CREATE\s+(UNIQUE\s+)?INDEX\s+(IF\s+NOT\s+EXISTS\s+)?(?P<i>\S+)"
    r"|CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(?P<n>[^\s(]+))",
    re.IGNORECASE,
)


def _already_there(conn: sqlite3.Connection, sql: str) -> bool:
    """An additive statement (of an older branch's step) whose column, index or table exists."""
    m = _ADDITIVE.match(sql)
    if m is None:
        return False
    unq = lambda s: s.strip('"`[]')  # noqa: E731
    if m["t"]:
        names = {str(r[1]) for r in conn.execute(f"PRAGMA table_info({_quote(unq(m['t']))})")}
        return unq(m["c"]) in names
    kind, name = ("index", m["i"]) if m["i"] else ("table", m["n"])
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?", (kind, unq(name))).fetchone()
        is not None
    )


def _steps_after(version: int) -> list[Step]:
    return [Step(*s) for s in MIGRATIONS if s[0] > version]


def migrate(conn: sqlite3.Connection, from_version: int) -> list[str]:
    """Bring a file of schema ``from_version`` (0: an empty file) to ``CURRENT_VERSION``.

    ``conn`` is in autocommit mode (isolation_level None) and no transaction is open: the
    whole migration is one transaction, with the new version and the application id."""
    conn.execute("PRAGMA foreign_keys = OFF")  # no-op inside a transaction: set it before
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have done it while this one waited for the lock.
        if (
            conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            and conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
        ):
            conn.execute("ROLLBACK")
            return []
        steps = _steps_after(from_version) if from_version else []
        for step in steps:
            for sql in step.before:
                conn.execute(sql)
        done = level(conn)
        for step in steps:
            for sql in step.after:
                if not _already_there(conn, sql):
                    conn.execute(sql)
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"the migration left rows whose foreign keys point nowhere: {problems[:5]}")
        conn.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return done


# ------------------------------------------------------------------ the fast reads' lists
COLUMNS_FILE = Path(__file__).with_name("columns.py")


def columns_source() -> str:
    """The text of :mod:`planner.store.columns`, made from the models."""
    lines = [
        '"""Column names of each table in the order of its model, for the reads through plain',
        "sqlite3 (which must not import SQLAlchemy). MADE FROM planner/store/tables.py by",
        "`python -m planner.store.schema`; do not edit: tests/store/test_schema.py checks it.",
        '"""',
        "",
    ]
    for table in model_tables():
        lines.append(f"{table.name.upper()} = (")
        lines.extend(f'    "{c.name}",' for c in table.columns)
        lines.append(")")
    return "\n".join(lines) + "\n"


def main() -> None:
    COLUMNS_FILE.write_text(columns_source(), encoding="utf-8")
    print(f"wrote {COLUMNS_FILE}", file=sys.stderr)


if __name__ == "__main__":
    main()
