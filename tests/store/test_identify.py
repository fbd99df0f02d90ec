"""A planner store is known by its application id (or, written before it, by the tables and
columns of its version); any other file is refused with one sentence and left exactly as
it was: same bytes, no -wal or -shm beside it, no backup, no journal mode change."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from planner.store import Store, StoreError
from planner.store.migrations import APPLICATION_ID, CURRENT_VERSION, SCHEMA_V1, SHIPPED_STEPS

STORES = Path(__file__).resolve().parents[1] / "data" / "stores"


def refused_untouched(path: Path, match: str) -> str:
    before = path.read_bytes()
    siblings = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(StoreError, match=match) as info:
        Store.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == siblings  # no -wal, -shm, .bak
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    return message


def sqlite_file(path: Path, *statements: str, wal: bool = False) -> Path:
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return path


@pytest.mark.parametrize("user_version", range(CURRENT_VERSION + 1))
@pytest.mark.parametrize("wal", [False, True])
def test_another_programs_file_is_refused_whatever_its_user_version(
    tmp_path: Path, user_version: int, wal: bool
) -> None:
    path = sqlite_file(
        tmp_path / "songs.db",
        "CREATE TABLE songs (title TEXT, seconds INTEGER)",
        "INSERT INTO songs VALUES ('Blue', 180)",
        f"PRAGMA user_version = {user_version}",
        wal=wal,
    )
    refused_untouched(path, "SQLite file of another program")


def planner_like(version: int) -> list[str]:
    """The table names of a planner store of ``version``, with other columns."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA_V1)
    for v in range(2, version + 1):
        for sql in SHIPPED_STEPS[v]:
            conn.execute(sql)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    conn.close()
    return [f"CREATE TABLE {n} (id INTEGER PRIMARY KEY, payload TEXT)" for n in names]


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5])
def test_tables_of_the_same_names_with_other_columns_are_refused(tmp_path: Path, version: int) -> None:
    path = sqlite_file(
        tmp_path / "lookalike.sqlite",
        *planner_like(min(version, 4)),
        f"PRAGMA user_version = {version}",
    )
    refused_untouched(path, "another program")


def test_a_shipped_store_with_one_column_too_many_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite"
    shutil.copy(STORES / "v3.sqlite", path)
    sqlite_file(path, "ALTER TABLE session ADD COLUMN colour TEXT")
    refused_untouched(path, "another program")


def test_a_shipped_store_of_another_version_than_it_says_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite"
    shutil.copy(STORES / "v3.sqlite", path)
    sqlite_file(path, "PRAGMA user_version = 2")
    refused_untouched(path, "another program")


def test_another_application_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    Store.open(path).close()
    sqlite_file(path, "PRAGMA application_id = 1234", "PRAGMA journal_mode = DELETE")
    refused_untouched(path, "another program")


@pytest.mark.parametrize("wal", [False, True])
def test_a_newer_planner_store_is_refused_untouched(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "newer.sqlite"
    Store.open(path).close()
    sqlite_file(
        path,
        "CREATE TABLE future (x)",
        f"PRAGMA user_version = {CURRENT_VERSION + 1}",
        "PRAGMA journal_mode = DELETE",
        wal=wal,
    )
    message = refused_untouched(path, "newer planner")
    assert f"schema {CURRENT_VERSION + 1}" in message


def test_a_damaged_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    shutil.copy(STORES / "v4.sqlite", path)
    data = bytearray(path.read_bytes())
    for i in range(4096, len(data), 5):  # the pages after the first, where the tables are
        data[i] = 0x5A
    path.write_bytes(bytes(data))
    refused_untouched(path, "damaged")


def test_a_truncated_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "cut.sqlite"
    path.write_bytes((STORES / "v4.sqlite").read_bytes()[:10000])
    refused_untouched(path, "damaged")


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"\x00\x01binary\xff" * 500)
    refused_untouched(path, "not an SQLite file")


def test_every_new_store_carries_the_application_id(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    Store.open(path).close()
    head = path.read_bytes()[:100]
    assert int.from_bytes(head[68:72], "big") == APPLICATION_ID
    assert int.from_bytes(head[60:64], "big") == CURRENT_VERSION


def test_an_empty_sqlite_file_becomes_a_store(tmp_path: Path) -> None:
    """Nothing in it to lose: a file that SQLite made with no table at all."""
    path = sqlite_file(tmp_path / "empty.sqlite", "PRAGMA journal_mode = WAL")
    assert path.stat().st_size > 0
    with Store.open(path) as store:
        assert store.list_events() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
