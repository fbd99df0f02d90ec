"""Opening the SQLite file: checks, pragmas, backups and migrations. No Qt."""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner import APP_AUTHOR, APP_NAME
from planner.errors import UserError
from planner.store.migrations import CURRENT_VERSION, MIGRATIONS

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


class StoreError(UserError):
    """The store cannot be opened or written; the message is for the user as it is."""


def default_db_path() -> Path:
    """``$PLANNER_DB`` if set, else ``planner.sqlite`` in the user data dir."""
    env = os.environ.get("PLANNER_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs  # here: the window opens on a path it was given without it

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / "planner.sqlite"


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a planner database file")
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
    if head != SQLITE_MAGIC:
        raise StoreError(
            f"{path} is not a planner database (it is not an SQLite file); "
            "it was left untouched, choose another file with --db"
        )


def _pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit is on disk before the call returns, so an edit survives a power cut
    # as well as a crash of the program.
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def backup_file(path: Path, from_version: int) -> Path:
    """Copy the database (consistently, WAL included) beside itself; return the copy."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.v{from_version}-{stamp}.bak")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.v{from_version}-{stamp}-{n}.bak")
        n += 1
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    log.info("backed up %s to %s before migrating", path, target)
    return target


def _raw_connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def prepare(path: Path) -> int:
    """Check, back up and migrate the file at ``path``; return the schema version found.

    Raises :class:`StoreError` with a sentence for the user when the file is not ours, is
    damaged, or was written by a newer version. Such a file is never written to.
    """
    _check_file(path)
    existed = path.exists() and path.stat().st_size > 0
    if not existed:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = _raw_connect(path)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    try:
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if existed:
                ok = conn.execute("PRAGMA quick_check").fetchone()[0]
                if ok != "ok":
                    raise StoreError(
                        f"{path} is damaged ({ok}); it was left untouched. "
                        "Restore a backup (the .bak files beside it) or choose another file"
                    )
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{path} is damaged or not a planner database ({exc}); it was left untouched"
            ) from exc
        if version > CURRENT_VERSION:
            raise StoreError(
                f"{path} was written by a newer planner (schema {version}; this one knows up "
                f"to {CURRENT_VERSION}). Update planner to open it; the file was left untouched"
            )
        if existed and version == 0:
            tables_found = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[
                0
            ]
            if tables_found:
                raise StoreError(
                    f"{path} is an SQLite file of another program, not a planner database; "
                    "it was left untouched"
                )
        if existed and 0 < version < CURRENT_VERSION:
            conn.close()
            backup_file(path, version)
            conn = _raw_connect(path)
            for target, statements in MIGRATIONS:
                if target <= version:
                    continue
                conn.execute("BEGIN IMMEDIATE")
                try:
                    for stmt in statements:
                        conn.execute(stmt)
                    conn.execute(f"PRAGMA user_version = {target}")
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                log.info("migrated %s to schema %d", path, target)
        return version
    finally:
        conn.close()


def make_engine(path: Path) -> Engine:
    """An engine on a prepared file, with WAL, foreign keys and a busy timeout."""
    from sqlalchemy import event as sa_event
    from sqlalchemy.pool import StaticPool
    from sqlmodel import create_engine

    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        poolclass=StaticPool,
    )
    sa_event.listen(engine, "connect", _pragmas)
    return engine


def open_engine(path: Path, version: int | None = None) -> Engine:
    """The engine on ``path``; ``version`` is what :func:`prepare` found (0: a new file,
    whose tables are created here; None: prepare now)."""
    from sqlmodel import SQLModel

    from planner.store import tables  # noqa: F401  (registers the tables on the metadata)

    if version is None:
        version = prepare(path)
    engine = make_engine(path)
    if version == 0:
        SQLModel.metadata.create_all(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA user_version = {CURRENT_VERSION}")
    return engine
