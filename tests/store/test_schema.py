"""The mechanism that makes a store's tables what the models make: adding, rebuilding,
and the column lists of the fast reads."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, UniqueConstraint, text
from sqlalchemy.schema import SchemaItem

from planner.store import Store, columns, schema
from planner.store.migrations import CURRENT_VERSION, Step

STORES = Path(__file__).resolve().parents[1] / "data" / "stores"


def test_the_column_lists_are_made_from_the_models() -> None:
    """planner/store/columns.py is what `python -m planner.store.schema` writes now."""
    path = Path(columns.__file__)
    assert path.read_text(encoding="utf-8") == schema.columns_source(), (
        "planner/store/columns.py is out of date: run python -m planner.store.schema"
    )
    for table in schema.model_tables():
        assert getattr(columns, table.name.upper()) == tuple(c.name for c in table.columns)


def meta(*extra: Column, unique_name: bool = False) -> MetaData:
    """A two-table schema; ``extra`` columns go at the end of ``item``."""
    md = MetaData()
    Table("box", md, Column("id", Integer, primary_key=True), Column("label", String, nullable=False))
    args: list[SchemaItem] = [
        Column("id", Integer, primary_key=True),
        Column("box_id", Integer, ForeignKey("box.id", ondelete="CASCADE"), nullable=False, index=True),
        Column("name", String, nullable=False),
        *extra,
    ]
    if unique_name:
        args.append(UniqueConstraint("box_id", "name"))
    Table("item", md, *args)
    return md


def fresh_shape(md: MetaData) -> dict[str, schema.TableShape]:
    conn = sqlite3.connect(":memory:")
    schema.level(conn, md)
    return {t: schema.table_shape(conn, t) for t in schema.table_names(conn)}


@pytest.fixture
def conn() -> sqlite3.Connection:
    c = sqlite3.connect(":memory:", isolation_level=None)
    assert schema.level(c, meta()) == ["created box", "created item"]
    c.execute("INSERT INTO box VALUES (1, 'A')")
    c.execute("INSERT INTO item VALUES (1, 1, 'pen'), (2, 1, 'cup')")
    return c


def test_a_column_at_the_end_is_added(conn: sqlite3.Connection) -> None:
    md = meta(
        Column("colour", String, nullable=False, server_default="grey"),
        Column("size", Integer, nullable=True, index=True),
    )
    assert schema.level(conn, md) == ["added to item"]
    assert {t: schema.table_shape(conn, t) for t in ("box", "item")} == fresh_shape(md)
    assert conn.execute("SELECT name, colour, size FROM item ORDER BY id").fetchall() == [
        ("pen", "grey", None),
        ("cup", "grey", None),
    ]
    assert schema.level(conn, md) == []  # level already


def test_a_changed_constraint_or_default_rebuilds_the_table_and_keeps_its_rows(
    conn: sqlite3.Connection,
) -> None:
    md = meta(Column("weight", Integer, nullable=False, server_default=text("0")), unique_name=True)
    conn.execute("PRAGMA foreign_keys = OFF")
    assert schema.level(conn, md) == ["rebuilt item"]
    assert {t: schema.table_shape(conn, t) for t in ("box", "item")} == fresh_shape(md)
    assert conn.execute("SELECT id, box_id, name, weight FROM item ORDER BY id").fetchall() == [
        (1, 1, "pen", 0),
        (2, 1, "cup", 0),
    ]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("DELETE FROM box")  # the rebuilt table's foreign key still cascades
    assert conn.execute("SELECT count(*) FROM item").fetchone()[0] == 0


def test_a_not_null_column_without_a_server_default_is_a_programming_error(conn: sqlite3.Connection) -> None:
    with pytest.raises(RuntimeError, match=r"item.colour is NOT NULL without a server_default"):
        schema.level(conn, meta(Column("colour", String, nullable=False)))


def test_an_older_branchs_step_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A step written the old way, (N, [ALTER ..., data move]), after the models: its
    ADD COLUMN is there already and skipped, its data move runs."""
    steps = [
        *schema.MIGRATIONS[:-1],
        (
            CURRENT_VERSION,
            [
                "ALTER TABLE event ADD COLUMN extra VARCHAR NOT NULL DEFAULT '{}'",
                "CREATE INDEX IF NOT EXISTS ix_event_guid ON event (guid)",
                "UPDATE event SET extra = '{\"moved\": true}'",
            ],
        ),
    ]
    monkeypatch.setattr(schema, "MIGRATIONS", steps)
    path = tmp_path / "v3.sqlite"
    shutil.copy(STORES / "v3.sqlite", path)
    with Store.open(path) as store:
        assert store.load("fest").event.extra == {"moved": True}


def test_a_before_step_runs_on_the_old_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename goes before the tables are levelled (else the rebuild would drop it)."""
    steps = [
        *schema.MIGRATIONS[:-1],
        Step(CURRENT_VERSION, before=["UPDATE session SET track = 'Renamed' WHERE track = 'Main'"]),
    ]
    monkeypatch.setattr(schema, "MIGRATIONS", steps)
    path = tmp_path / "v1.sqlite"
    shutil.copy(STORES / "v1.sqlite", path)
    with Store.open(path) as store:
        assert store.load("fest").session_by_guid()["session-hello"].track == "Renamed"


def test_a_failed_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = [*schema.MIGRATIONS[:-1], Step(CURRENT_VERSION, after=["UPDATE no_such_table SET x = 1"])]
    monkeypatch.setattr(schema, "MIGRATIONS", steps)
    path = tmp_path / "v2.sqlite"
    shutil.copy(STORES / "v2.sqlite", path)
    before = path.read_bytes()
    with pytest.raises(Exception, match="could not be migrated: no such table"):
        Store.open(path)
    assert path.read_bytes() == before
    assert len(list(tmp_path.glob("v2.sqlite.v2-*.bak"))) == 1
