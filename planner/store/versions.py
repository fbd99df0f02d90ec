"""Published versions of an event (schema 9): numbered 1, 2, ... per event, each with its
name, notes, time, the edit-log position it includes and a frozen snapshot (bytes that
:mod:`planner.versions.snapshot` makes; the store does not look inside).

A publish is one transaction; where the store keeps an edit log (issue 12), the publish
is appended to it in that transaction (kind ``publish``). Reads go through plain sqlite3,
writes through the store's engine, as the rest of the store does.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from planner.domain.model import UTC
from planner.store.db import StoreError
from planner.store.repo import Store


@dataclass(frozen=True, slots=True)
class VersionInfo:
    number: int
    name: str
    notes: str
    at: datetime  # UTC
    log_position: int | None  # the last edit-log entry it includes (None: no log yet)

    @property
    def label(self) -> str:
        """What exports write as the schedule's version: ``3`` or ``3 (Final)``."""
        return f"{self.number} ({self.name})" if self.name else str(self.number)


def _event_id(conn: sqlite3.Connection, slug: str) -> int:
    row = conn.execute("SELECT id FROM event WHERE slug = ?", (slug,)).fetchone()
    if row is None:
        raise StoreError(f"there is no event {slug!r} (planner events lists them)")
    return int(row[0])


def _info(row: tuple[int, str, str, str, int | None]) -> VersionInfo:
    number, name, notes, at, pos = row
    return VersionInfo(number, name, notes, datetime.fromisoformat(at).astimezone(UTC), pos)


def add_version(store: Store, slug: str, snapshot: bytes, name: str = "", notes: str = "") -> VersionInfo:
    """Append the next version of the event ``slug`` with its ``snapshot``, in one
    transaction. A name must be new for this event and not a plain number (versions are
    found by number or name)."""
    from sqlalchemy import text

    name, notes = name.strip(), notes.strip()
    if name.isdigit():
        raise StoreError(
            f"a version's name cannot be a plain number ({name!r}): versions are numbered already"
        )
    engine = store.engine  # raises for a read-only store
    with engine.begin() as db:

        def one(sql: str, **params: object) -> object:
            return db.execute(text(sql), params).scalar()

        event_id = one("SELECT id FROM event WHERE slug = :s", s=slug)
        if event_id is None:
            raise StoreError(f"there is no event {slug!r} (planner events lists them)")
        if name and one("SELECT 1 FROM version WHERE event_id = :e AND name = :n", e=event_id, n=name):
            raise StoreError(f"the event {slug!r} has a version named {name!r} already")
        number = int(one("SELECT coalesce(max(number), 0) + 1 FROM version WHERE event_id = :e", e=event_id))  # type: ignore[call-overload]
        pos = None
        logged = bool(one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'edit_log'"))
        if logged:
            pos = one("SELECT max(id) FROM edit_log WHERE event_id = :e", e=event_id)
        at = datetime.now(UTC).isoformat(timespec="seconds")
        if logged:  # the publish is in the event's history too, after the edits it includes
            label = f"{number} ({name})" if name else str(number)
            data = {"kind": "publish", "number": number, "name": name, "notes": notes}
            db.execute(
                text(
                    "INSERT INTO edit_log (event_id, at, kind, summary, data)"
                    " VALUES (:e, :at, 'publish', :summary, :data)"
                ),
                {
                    "e": event_id,
                    "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "summary": f"Published version {label}",
                    "data": json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                },
            )
        db.execute(
            text(
                "INSERT INTO version (event_id, number, name, notes, at, log_position, snapshot)"
                " VALUES (:e, :n, :name, :notes, :at, :pos, :snap)"
            ),
            {
                "e": event_id,
                "n": number,
                "name": name,
                "notes": notes,
                "at": at,
                "pos": pos,
                "snap": snapshot,
            },
        )
    return VersionInfo(number, name, notes, datetime.fromisoformat(at), pos if isinstance(pos, int) else None)


def list_versions(store: Store, slug: str) -> list[VersionInfo]:
    """The event's versions, oldest first."""
    with store.read() as conn:
        event_id = _event_id(conn, slug)
        rows = conn.execute(
            "SELECT number, name, notes, at, log_position FROM version WHERE event_id = ? ORDER BY number",
            (event_id,),
        ).fetchall()
    return [_info(r) for r in rows]


def find_version(store: Store, slug: str, ref: str | int) -> tuple[VersionInfo, bytes]:
    """The version ``ref`` (its number, or its name, ignoring case) and its snapshot."""
    with store.read() as conn:
        event_id = _event_id(conn, slug)
        cols = "number, name, notes, at, log_position, snapshot"
        text = str(ref).strip()
        if text.isdigit():
            row = conn.execute(
                f"SELECT {cols} FROM version WHERE event_id = ? AND number = ?", (event_id, int(text))
            ).fetchone()
        else:
            row = conn.execute(
                f"SELECT {cols} FROM version WHERE event_id = ? AND lower(name) = lower(?)", (event_id, text)
            ).fetchone()
        if row is None:
            known = conn.execute(
                "SELECT number, name FROM version WHERE event_id = ? ORDER BY number", (event_id,)
            ).fetchall()
    if row is None:
        listed = (
            ", ".join(f"{n} ({m})" if m else str(n) for n, m in known)
            or "none yet: planner publish makes one"
        )
        raise StoreError(f"the event {slug!r} has no version {text!r} (versions: {listed})")
    return _info(row[:5]), bytes(row[5])
