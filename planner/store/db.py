"""Opening the SQLite file: checks, pragmas, backups and migrations. No Qt."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from planner import APP_AUTHOR, APP_NAME
from planner.errors import UserError
from planner.store.migrations import (
    APPLICATION_ID,
    CURRENT_VERSION,
    LAST_WITHOUT_ID,
    SCHEMA_V1,
    SHIPPED_STEPS,
)

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


class Opened(NamedTuple):
    """What :func:`prepare` found: the schema version before any migration (0: a new
    store) and whether the file can only be read."""

    version: int
    read_only: bool


def _writable(path: Path) -> bool:
    """Whether planner may write ``path`` and the files SQLite keeps beside it. On a
    read-only file system this is False even for root."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _check_file(path: Path, create_folder: bool | None) -> bool:
    """Refuse what cannot be a store file; return whether a store file is there already."""
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise StoreError(f"cannot open {path}: {exc.strerror}") from exc
    if st is None:
        folder = path.parent
        if not folder.is_dir():
            if create_folder is None:  # only the default location's folder is made
                create_folder = path == default_db_path()
            if folder.exists() or not create_folder:
                raise StoreError(
                    f"cannot create {path}: the folder {folder} does not exist; "
                    "make it first or choose another file with --db"
                )
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder {folder}: {exc.strerror}") from exc
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreError(f"cannot create {path}: the folder {folder} is read-only")
        return False
    if stat.S_ISDIR(st.st_mode):
        raise StoreError(f"{path} is a folder, not a planner database file; choose a file with --db")
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(
            f"{path} is a device or special file, not a planner database file; choose a file with --db"
        )
    if st.st_size == 0:
        return False
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
    return True


def _in_wal_mode(path: Path) -> bool:
    """Bytes 18 and 19 of an SQLite header are 2 for a file in write-ahead-log mode."""
    try:
        with open(path, "rb") as fh:
            return fh.read(20)[18:20] == b"\x02\x02"
    except OSError:
        return False


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write ``path`` nor create anything beside it: without a
    write-ahead log beside the file, SQLite is told the file is immutable (no locks, no
    -wal or -shm files); with one (another planner has it open), it reads through it. A
    file in rollback-journal mode is read with the usual locks, which create nothing."""
    uri = Path(path).absolute().as_uri() + "?mode=ro"
    if _in_wal_mode(path) and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"  # nobody has it open: reading it with locks would make -shm
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)


def _shipped_columns(version: int) -> dict[str, list[str]]:
    """The tables and columns a store of shipped schema ``version`` (1 to 4) had."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(SCHEMA_V1)
        for v in range(2, version + 1):
            for sql in SHIPPED_STEPS[v]:
                conn.execute(sql)
        return _columns(conn)
    finally:
        conn.close()


def _columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: [str(c[1]) for c in conn.execute(f'PRAGMA table_info("{n}")')] for n in names}


def _identify(path: Path) -> int:
    """The schema version of the planner store at ``path``; StoreError for anything else.
    Reads only, through :func:`connect_read_only`."""
    untouched = "it was left untouched"
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        ok = conn.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise StoreError(
                f"{path} is damaged ({ok}); {untouched}. "
                "Restore a backup (the .bak files beside it) or choose another file"
            )
        if app_id == APPLICATION_ID:
            if version > CURRENT_VERSION:
                raise StoreError(
                    f"{path} was written by a newer planner (schema {version}; this one knows up "
                    f"to {CURRENT_VERSION}). Update planner to open it; {untouched}"
                )
            return version
        found = _columns(conn)
        if app_id == 0 and version == 0 and not found:
            return 0  # an empty SQLite file: nothing in it to lose
        if app_id == 0 and 1 <= version <= LAST_WITHOUT_ID and found == _shipped_columns(version):
            return version  # a store from before the application id
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is damaged or not a planner database ({exc}); {untouched}") from exc
    finally:
        conn.close()
    raise StoreError(f"{path} is an SQLite file of another program, not a planner database; {untouched}")


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


def prepare(path: Path, *, create_folder: bool | None = None) -> Opened:
    """Check, back up and migrate (or create) the store at ``path``.

    Raises :class:`StoreError` with one sentence for the user when the path cannot hold a
    store, the file is not a planner store, is damaged, or was written by a newer planner:
    such a file is only read, never written (no backup, no -wal, no journal change). A
    store that cannot be written is opened read-only (``Opened.read_only``).
    ``create_folder``: make a missing folder (None: only for :func:`default_db_path`).
    """
    existed = _check_file(path, create_folder)
    version = _identify(path) if existed else 0
    if existed and not _writable(path):
        if version < CURRENT_VERSION:
            raise StoreError(
                f"{path} is read-only and was written by an older planner (schema {version}); "
                "it must be upgraded to be opened: copy it to a folder you can write"
            )
        return Opened(version, read_only=True)
    if version == CURRENT_VERSION:
        return Opened(version, read_only=False)
    if version:
        backup_file(path, version)
    from planner.store import schema  # SQLAlchemy: only to create or migrate a store

    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    try:
        done = schema.migrate(conn, version)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"{path} could not be {'migrated' if version else 'created'}: {exc}") from exc
    finally:
        conn.close()
    if version:
        log.info("migrated %s from schema %d to %d: %s", path, version, CURRENT_VERSION, "; ".join(done))
    return Opened(version, read_only=False)


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
    """The engine on ``path``, prepared now unless ``version`` says it was already."""
    if version is None:
        prepare(path)
    return make_engine(path)
