"""A shared event in one store: its document, local edits and merges.

The store stays the store of record. A local edit is applied with ``Store.apply`` (one
transaction, one edit-log row) and then written into the document, whose update is
appended to the ``team_update`` table. Should the program stop between the two, the
next :meth:`Replica.open` finds the document behind the store and writes the difference
(the store wins), so nothing saved is lost.

A teammate's update is merged into a scratch copy of the document first; only when the
result decodes into a valid event are its differences applied to the store, as edits
under the names of the teammates who made them, and then the update is kept. A malformed
update changes nothing.
"""

from __future__ import annotations

import copy
import getpass
import json
import logging
import os
import secrets
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from pycrdt import Doc, Map

from planner.domain.conflicts import Conflict, ConflictEngine, check_all_pairs
from planner.domain.model import DomainError, Schedule, Session
from planner.edits import Names, SessionsEdit, diff_edit
from planner.store import Store, StoreError
from planner.team.mirror import (
    BY,
    COLLECTIONS,
    Authors,
    TeamError,
    doc_id,
    read_record,
    read_schedule,
    repair,
    roots,
    start_document,
    write_records,
    write_schedule,
)

log = logging.getLogger(__name__)

MAX_UPDATE_BYTES = 64 * 1024 * 1024
COMPACT_AFTER = 500  # updates kept before they are folded into one
SMALL_UPDATE = 256 * 1024  # updates up to this size try the incremental merge first
SECRET_BYTES = 24  # 192 bits, as hex (never starts with "-", which a command line would take for an option)


def default_author() -> str:
    """Who edits here: ``PLANNER_AUTHOR``, else the login name."""
    name = os.environ.get("PLANNER_AUTHOR", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "someone"


@dataclass
class Applied:
    author: str
    summary: str


@dataclass
class MergeReport:
    """What a merge did: the edits applied (by author), the conflicts it made (with who
    made them) and the local moves that a teammate's move replaced."""

    slug: str
    nothing_new: bool = False
    created: bool = False
    applied: list[Applied] = field(default_factory=list)
    new_conflicts: list[tuple[Conflict, tuple[str, ...]]] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    sessions: set[str] | None = None  # the sessions the merge changed; None: it may have changed anything
    # Their states now (None: deleted), when the merge changed sessions only: what lets an
    # open window take the merge without reading the whole event again.
    states: dict[str, Session | None] | None = None

    def lines(self) -> list[str]:
        if self.nothing_new:
            return ["Nothing new: this copy has every change in it already."]
        out = [f"Created the event {self.slug} from the shared document."] if self.created else []
        out += [f"{a.author or 'someone'}: {a.summary}" for a in self.applied]
        if not self.applied and not self.created:
            out.append("No change to the event (the update only repeated what it holds).")
        out += self.replaced
        if self.new_conflicts:
            out.append(f"New conflicts: {len(self.new_conflicts)}")
            out += [f"  by {', '.join(who) or 'someone'}: {c.message}" for c, who in self.new_conflicts]
        else:
            out.append("No new conflicts.")
        return out


# ---------------------------------------------------------------------- persistence
@contextmanager
def _tx(store: Store) -> Iterator[Any]:
    with store.engine.begin() as conn:
        yield conn


def _event_id(store: Store, slug: str) -> int:
    with store.read() as conn:
        row = conn.execute("SELECT id FROM event WHERE slug = ?", (slug,)).fetchone()
    if row is None:
        raise StoreError(f"there is no event {slug!r} (planner events lists them)")
    return int(row[0])


def find_shared(store: Store, shared_id: str) -> str | None:
    """The slug of the event in ``store`` that shares the document ``shared_id``."""
    with store.read() as conn:
        row = conn.execute(
            "SELECT e.slug FROM team_doc t JOIN event e ON e.id = t.event_id WHERE t.doc_id = ?", (shared_id,)
        ).fetchone()
    return None if row is None else str(row[0])


def _doc_from_rows(store: Store, event_id: int) -> Doc:
    doc: Doc[Any] = Doc()
    with store.read() as conn:
        for (data,) in conn.execute(
            "SELECT data FROM team_update WHERE event_id = ? ORDER BY id", (event_id,)
        ):
            doc.apply_update(bytes(data))
    return doc


class Replica:
    """One store's copy of a shared event. Use :meth:`open` (shares the event when it
    was not shared yet) or :func:`merge_new`."""

    def __init__(self, store: Store, slug: str, doc: Doc, author: str) -> None:
        self.store = store
        self.slug = slug
        self.doc = doc
        self.author = author
        self.event_id = _event_id(store, slug)
        # The event as the store holds it after edit-log entry ``_mark`` (and its conflict
        # engine, built on the first merge): what lets a small edit or merge touch only the
        # sessions it changes. Any edit made beside this replica moves the mark: reloaded.
        self._mark = -1
        self._schedule: Schedule | None = None
        self._engine: ConflictEngine | None = None
        self.before = b""  # the document's state before the last edit written by `writing`
        self.dirty = False  # `writing` ran in a transaction not yet known to be committed

    def _newest_edit(self) -> int:
        with self.store.read() as conn:
            row = conn.execute("SELECT max(id) FROM edit_log WHERE event_id = ?", (self.event_id,)).fetchone()
        return int(row[0] or 0)

    def _remember(self, schedule: Schedule | None, engine: ConflictEngine | None = None) -> None:
        self._schedule, self._engine = schedule, engine
        self._mark = self._newest_edit() if schedule is not None else -1

    def _current(self) -> tuple[Schedule, ConflictEngine]:
        """The store's event (cached while no one else edits it) and its conflicts."""
        if self._schedule is None or self._mark != self._newest_edit():
            self._remember(self.store.load(self.slug))
        assert self._schedule is not None
        if self._engine is None:
            self._engine = ConflictEngine(self._schedule)
        return self._schedule, self._engine

    @property
    def shared_id(self) -> str:
        return doc_id(self.doc)

    @classmethod
    def open(cls, store: Store, slug: str, author: str | None = None) -> Replica:
        author = author if author is not None else default_author()
        event_id = _event_id(store, slug)
        doc = _doc_from_rows(store, event_id)
        replica = cls(store, slug, doc, author)
        if not replica.shared_id:
            before = doc.get_state()
            start_document(doc, uuid.uuid4().hex)
            write_schedule(doc, store.load(slug), author)
            with _tx(store) as conn:
                conn.exec_driver_sql(
                    "INSERT INTO team_doc (event_id, doc_id, secret) VALUES (?, ?, ?)",
                    (event_id, replica.shared_id, secrets.token_hex(SECRET_BYTES)),
                )
                replica._persist(conn, doc.get_update(before))
        else:
            replica.catch_up()
        return replica

    # ------------------------------------------------------------------ local side
    def _persist(self, conn: Any, update: bytes) -> None:
        conn.exec_driver_sql(
            "INSERT INTO team_update (event_id, data) VALUES (?, ?)", (self.event_id, bytes(update))
        )
        (count,) = conn.exec_driver_sql(
            "SELECT count(*) FROM team_update WHERE event_id = ?", (self.event_id,)
        ).fetchone()
        if count > COMPACT_AFTER:
            conn.exec_driver_sql("DELETE FROM team_update WHERE event_id = ?", (self.event_id,))
            conn.exec_driver_sql(
                "INSERT INTO team_update (event_id, data) VALUES (?, ?)",
                (self.event_id, self.doc.get_update()),
            )

    def catch_up(self, schedule: Schedule | None = None) -> int:
        """Write what the store holds and the document does not (an edit made without
        the document, or one the program stopped before recording) into the document,
        as this organiser. Return how many records changed."""
        before = self.doc.get_state()
        if schedule is None:
            schedule = self.store.load(self.slug)
            self._remember(schedule)
        changed = write_schedule(self.doc, schedule, self.author)
        if changed:
            with _tx(self.store) as conn:
                self._persist(conn, self.doc.get_update(before))
        return changed

    def apply(self, edit: Any) -> Any:
        """Apply a local edit to the store and the document in one transaction (logged
        under this organiser's name; see :meth:`writing`). Return the edit's Change.

        Edits made beside this replica are caught up into the document first. An edit of
        sessions only writes just those sessions into the document; anything else writes
        the whole event as the edit leaves it (only what differs changes)."""
        if self._schedule is None or self._mark != self._newest_edit():
            # edits were made beside this replica (or none is cached): into the document first
            loaded = self.store.load(self.slug)
            self.catch_up(loaded)
            self._remember(loaded)
        current = self._schedule
        assert current is not None
        try:
            change = self.store.apply(self.slug, edit, author=self.author, then=self.writing(edit, current))
        except BaseException:
            self.discard()
            raise
        self.saved()
        if not change.everything and change.kinds == {"sessions"}:
            copy.deepcopy(edit).apply(current)
            by_guid = current.session_by_guid()
            touched = {g: by_guid.get(g) for g in sorted(change.sessions)}
            if self._engine is not None:
                self._engine.update(s for s in touched.values() if s is not None)
                self._engine.remove(g for g, s in touched.items() if s is None)
            self._mark = self._newest_edit()
        else:
            self._remember(None)
        return change

    def writing(self, edit: Any, current: Schedule) -> Callable[[Any], None]:
        """For ``Store.apply(..., then=...)``: write what ``edit`` makes of ``current``
        (the event before it) into the document, as this organiser, and persist that
        update on the store's own connection, so that the edit and its place in the shared
        document are saved in one transaction, or neither. When the transaction fails after
        the function ran, call :meth:`discard` (the document in memory is ahead then).
        :attr:`before` holds the document's state from before the edit."""

        def run(conn: Any) -> None:
            self.before = self.doc.get_state()
            self.dirty = True
            if isinstance(edit, SessionsEdit):
                records: dict[str, Session | None] = {s.guid: s for s in edit.saves}
                records.update({g: None for g in edit.removals})
                write_records(self.doc, "sessions", records, self.author)
            else:
                after = copy.deepcopy(current)
                copy.deepcopy(edit).apply(after)
                write_schedule(self.doc, after, self.author)
            self._persist(conn, self.doc.get_update(self.before))

        return run

    def saved(self) -> None:
        """The transaction that :meth:`writing` joined was committed."""
        self.dirty = False

    def discard(self) -> None:
        """The transaction that :meth:`writing` joined failed: the document as the store
        holds it again."""
        if self.dirty:
            self.doc = _doc_from_rows(self.store, self.event_id)
            self.dirty = False

    def state(self) -> bytes:
        """The document's state vector: what this copy has (``share export --since``)."""
        return bytes(self.doc.get_state())

    def update_since(self, state: bytes | None = None) -> bytes:
        """What a copy with ``state`` lacks (everything when None)."""
        if state is None:
            return bytes(self.doc.get_update())
        try:
            return bytes(self.doc.get_update(state))
        except ValueError:
            raise TeamError("the state given is not a shared document's state vector") from None

    def secret(self, new: bool = False) -> str:
        """The event's secret (at least 128 bits); ``new`` replaces it and keeps the old
        one as revoked, for the next exchange with a relay to retire (:meth:`revoked`)."""
        if new:
            with _tx(self.store) as conn:
                old, revoked = conn.exec_driver_sql(
                    "SELECT secret, revoked FROM team_doc WHERE event_id = ?", (self.event_id,)
                ).fetchone()
                kept = [*_secrets_of(revoked), old][-MAX_REVOKED:]
                conn.exec_driver_sql(
                    "UPDATE team_doc SET secret = ?, revoked = ? WHERE event_id = ?",
                    (secrets.token_hex(SECRET_BYTES), json.dumps(kept), self.event_id),
                )
        with self.store.read() as conn:
            (value,) = conn.execute(
                "SELECT secret FROM team_doc WHERE event_id = ?", (self.event_id,)
            ).fetchone()
        return str(value)

    def revoked(self) -> list[str]:
        """Secrets replaced by ``secret(new=True)`` that no relay has retired yet."""
        with self.store.read() as conn:
            (value,) = conn.execute(
                "SELECT revoked FROM team_doc WHERE event_id = ?", (self.event_id,)
            ).fetchone()
        return _secrets_of(value)

    def forget_revoked(self, retired: list[str]) -> None:
        """A relay retired these revoked secrets: no need to ask again."""
        if not retired:
            return
        with _tx(self.store) as conn:
            (value,) = conn.exec_driver_sql(
                "SELECT revoked FROM team_doc WHERE event_id = ?", (self.event_id,)
            ).fetchone()
            left = [x for x in _secrets_of(value) if x not in retired]
            conn.exec_driver_sql(
                "UPDATE team_doc SET revoked = ? WHERE event_id = ?", (json.dumps(left), self.event_id)
            )

    def keep_secret(self, secret: str) -> None:
        """Keep ``secret`` as the event's (a teammate's, when joining through a relay)."""
        with _tx(self.store) as conn:
            conn.exec_driver_sql("UPDATE team_doc SET secret = ? WHERE event_id = ?", (secret, self.event_id))

    # ------------------------------------------------------------------ merging
    def merge(self, update: bytes, label: str = "") -> MergeReport:
        """Merge a teammate's update (see the module docstring). TeamError when it is
        malformed, too large or of another shared event; nothing changes then.

        A small update that changes only sessions is merged incrementally (only those
        sessions are read, applied and checked for conflicts); anything else, or anything
        the incremental merge cannot take, goes the whole way below."""
        _check_update(update)
        if len(update) <= SMALL_UPDATE and self.shared_id:
            try:
                return self._merge_small(bytes(update))
            except _WholeMergeError:
                self.doc = _doc_from_rows(self.store, self.event_id)  # as it was before the update
        scratch = _scratch(self.doc, update)
        report = MergeReport(self.slug)
        if bytes(scratch.get_state()) == self.state():
            report.nothing_new = True
            return report
        if doc_id(scratch) != self.shared_id:
            raise TeamError("the update belongs to another shared event")
        target, authors = read_schedule(scratch, self.slug)
        current = self.store.load(self.slug)
        local_authors = _session_authors(self.doc, current, target)
        before_conflicts = {c.key for c in check_all_pairs(current)}
        report.applied = _apply_target(self.store, self.slug, current, target, authors)
        delta = scratch.get_update(self.doc.get_state())
        self.doc = scratch
        with _tx(self.store) as conn:
            self._persist(conn, delta)
        if authors.repaired:
            self.catch_up(target)  # the repairs of read_schedule, into the document too
        report.new_conflicts = _new_conflicts(target, before_conflicts, authors, current)
        report.replaced = _replaced_moves(current, local_authors, target, authors, self.author)
        self._remember(None)
        log.info("merged an update into %s: %d edits", self.slug, len(report.applied))
        return report

    def _merge_small(self, update: bytes) -> MergeReport:
        """Apply ``update`` to the document, watching which records it touches; when they
        are sessions only, apply just those to the store (per author) and the conflict
        engine. Raise _WholeMergeError (after which the caller restores the document) otherwise."""
        r = roots(self.doc)
        touched: dict[str, dict[str, str]] = {}  # collection → key → who wrote it before

        def watcher(name: str) -> Any:
            def seen(events: Any) -> None:
                for e in events:
                    path = list(e.path)
                    keys = touched.setdefault(name, {})
                    if path:
                        old = e.keys.get(BY, {}).get("oldValue") if isinstance(e.keys, dict) else None
                        keys.setdefault(str(path[0]), old if isinstance(old, str) else "")
                    else:
                        for k in e.keys:
                            keys.setdefault(str(k), "")

            return seen

        subs = [(r[n], r[n].observe_deep(watcher(n))) for n in r]
        before = self.doc.get_state()
        try:
            self.doc.apply_update(update)
        except (ValueError, RuntimeError):
            raise _WholeMergeError from None  # the whole way refuses it with its own message
        finally:
            for m, sub in subs:
                m.unobserve(sub)
        report = MergeReport(self.slug)
        if bytes(self.doc.get_state()) == bytes(before):
            report.nothing_new = True
            return report
        if set(touched) - {"sessions", "gone"}:
            raise _WholeMergeError
        try:
            return self._apply_sessions(report, touched.get("sessions", {}), before)
        except (TeamError, DomainError, StoreError):
            raise _WholeMergeError from None

    def _apply_sessions(self, report: MergeReport, keys: dict[str, str], before: bytes) -> MergeReport:
        if not keys:  # nothing of the event (who is connected, a deletion's author): keep it
            with _tx(self.store) as conn:
                self._persist(conn, self.doc.get_update(before))
            report.sessions = set()
            return report
        schedule, engine = self._current()
        r = roots(self.doc)
        by_guid = schedule.session_by_guid()
        authors = Authors()
        local_authors = Authors()
        new: dict[str, Session | None] = {}
        changer: dict[str, str] = {}
        for key in sorted(keys):
            local_authors.records[("sessions", key)] = keys[key]
            rec = r["sessions"].get(key)
            old = by_guid.get(key)
            if rec is None:
                who = str(r["gone"].get(f"sessions/{key}") or "")
                authors.gone[("sessions", key)] = who
                if old is not None:
                    new[key], changer[key] = None, who
                continue
            s, fields_who, last = read_record(Session, rec, f"session {key!r}")
            if s.guid != key:
                raise TeamError(f"the shared document's sessions entry {key!r} names another key")
            authors.records[("sessions", key)] = last
            if old != s or old is None:
                new[key], changer[key] = s, (_changer(old, s, fields_who) if old else "") or last
        mini = Schedule(schedule.event, rooms=schedule.rooms, people=schedule.people)
        mini.sessions = [s for s in new.values() if s is not None]
        repaired = repair(mini)
        for s in mini.sessions:
            s.validate()
        report.applied = self._apply_groups(schedule, new, changer, by_guid)
        report.sessions = set(new)
        report.states = {g: copy.deepcopy(s) for g, s in new.items()}
        old_keys = {c.key for g in new for c in engine.conflicts_of(g)}
        engine.remove(g for g, s in new.items() if s is None)
        engine.update(s for s in new.values() if s is not None)
        found: dict[str, Conflict] = {c.key: c for g in new for c in engine.conflicts_of(g)}
        report.new_conflicts = [
            (c, tuple(sorted({changer[g] for g in c.sessions if g in new and changer[g]})))
            for k, c in found.items()
            if k not in old_keys
        ]
        local = Schedule(schedule.event, rooms=schedule.rooms, people=schedule.people)
        local.sessions = [by_guid[g] for g in new if g in by_guid]
        target = Schedule(schedule.event, rooms=schedule.rooms, people=schedule.people)
        target.sessions = [s for s in new.values() if s is not None]
        report.replaced = _replaced_moves(local, local_authors, target, authors, self.author)
        if repaired:  # the repairs, into the document too (as every copy makes them)
            write_records(self.doc, "sessions", {s.guid: s for s in mini.sessions}, self.author)
        with _tx(self.store) as conn:
            self._persist(conn, self.doc.get_update(before))
        self._mark = self._newest_edit()
        log.info("merged an update into %s: %d sessions", self.slug, len(new))
        return report

    def _apply_groups(
        self,
        schedule: Schedule,
        new: dict[str, Session | None],
        changer: dict[str, str],
        by_guid: dict[str, Session],
    ) -> list[Applied]:
        """The changed sessions to the store, one edit per author (in name order), and to
        the cached schedule."""
        applied: list[Applied] = []
        groups: dict[str, list[str]] = {}
        for g in new:
            groups.setdefault(changer[g], []).append(g)
        names = Names.of(schedule)
        for who in sorted(groups):
            edit = SessionsEdit(
                tuple(by_guid.get(g) for g in groups[who]), tuple(new[g] for g in groups[who])
            )
            summary = edit.summary(names)
            self.store.apply(self.slug, edit, author=who or "a teammate")
            edit.apply(schedule)
            applied.append(Applied(who or "a teammate", summary))
        return applied


class _WholeMergeError(Exception):
    """The incremental merge cannot take this update: merge it the whole way."""


def _check_update(update: bytes) -> None:
    if not isinstance(update, bytes | bytearray) or not update:
        raise TeamError("the update is empty")
    if len(update) > MAX_UPDATE_BYTES:
        raise TeamError(f"the update is larger than {MAX_UPDATE_BYTES // (1024 * 1024)} MB")


MAX_REVOKED = 10  # revoked secrets kept for retiring (older ones are dropped)


def _secrets_of(value: object) -> list[str]:
    try:
        data = json.loads(str(value or "[]"))
    except ValueError:
        return []
    return [x for x in data if isinstance(x, str) and x] if isinstance(data, list) else []


def find_by_secret(store: Store, secret: str) -> str | None:
    """The slug of the shared event in ``store`` whose secret is ``secret``."""
    with store.read() as conn:
        row = conn.execute(
            "SELECT e.slug FROM team_doc t JOIN event e ON e.id = t.event_id WHERE t.secret = ?", (secret,)
        ).fetchone()
    return None if row is None else str(row[0])


def _scratch(doc: Doc | None, update: bytes) -> Doc:
    _check_update(update)
    scratch: Doc[Any] = Doc()
    if doc is not None:
        scratch.apply_update(doc.get_update())
    try:
        scratch.apply_update(bytes(update))
    except (ValueError, RuntimeError):
        raise TeamError("the update cannot be decoded (it is not a shared document's update)") from None
    return scratch


def merge_new(
    store: Store, update: bytes, author: str | None = None, shared_id: str = ""
) -> tuple[Replica, MergeReport]:
    """Merge an update of the shared event ``shared_id`` (what the share file says; else
    what the update holds) into ``store``: into the event that shares its document, or,
    when there is none, as a new event made from the document (which must then be whole)."""
    slug = find_shared(store, shared_id) if shared_id else None
    if slug is not None:
        replica = Replica.open(store, slug, author)
        return replica, replica.merge(update)
    scratch = _scratch(None, update)
    found = doc_id(scratch)
    if not found or (shared_id and found != shared_id):
        raise TeamError("this copy does not have the shared event yet: merge the first, whole file first")
    shared_id = found
    slug = find_shared(store, shared_id)
    if slug is not None:
        replica = Replica.open(store, slug, author)
        return replica, replica.merge(update)
    schedule, authors = read_schedule(scratch)
    schedule.event.slug = ""
    slug = store.add_schedule(
        schedule, author=authors.event, label=f"Joined the shared event “{schedule.event.name}”"
    )
    event_id = _event_id(store, slug)
    replica = Replica(store, slug, scratch, author if author is not None else default_author())
    with _tx(store) as conn:
        conn.exec_driver_sql(
            "INSERT INTO team_doc (event_id, doc_id, secret) VALUES (?, ?, '')", (event_id, shared_id)
        )
        replica._persist(conn, scratch.get_update())  # noqa: SLF001 - same class's helper
    return replica, MergeReport(slug, created=True)


# ---------------------------------------------------------------------- attribution
def _records(schedule: Schedule, name: str) -> dict[str, Any]:
    attr, _cls, keyname = COLLECTIONS[name]
    return {str(getattr(o, keyname)): o for o in getattr(schedule, attr)}


def _by_author(current: Schedule, target: Schedule, authors: Authors) -> dict[str, dict[str, Any]]:
    """Per author: which records of which collection they changed (key → target record,
    or None for a deletion), and ``"event"`` when they changed the event."""
    out: dict[str, dict[str, Any]] = {}
    if current.event != target.event:
        who = _changer(current.event, target.event, authors.event_fields) or authors.event
        out.setdefault(who, {})["event"] = True
    for name in COLLECTIONS:
        cur, tgt = _records(current, name), _records(target, name)
        for key, obj in tgt.items():
            old = cur.get(key)
            if old != obj:
                who = authors.records.get((name, key), "")
                if old is not None:
                    who = _changer(old, obj, authors.fields.get((name, key), {})) or who
                out.setdefault(who, {}).setdefault(name, {})[key] = obj
        for key in cur:
            if key not in tgt:
                who = authors.gone.get((name, key), "")
                out.setdefault(who, {}).setdefault(name, {})[key] = None
    return out


def _changer(old: Any, new: Any, who: dict[str, str]) -> str:
    """Who wrote the first field (by name) in which ``old`` and ``new`` differ."""
    for f in sorted(fields(new), key=lambda f: f.name):
        if getattr(old, f.name) != getattr(new, f.name) and who.get(f.name):
            return who[f.name]
    return ""


def _with(work: Schedule, target: Schedule, changes: dict[str, Any]) -> Schedule:
    out = copy.deepcopy(work)
    if changes.get("event"):
        out.event = copy.deepcopy(target.event)
    for name, (attr, _cls, keyname) in COLLECTIONS.items():
        mine = changes.get(name)
        if not mine:
            continue
        items = [o for o in getattr(out, attr) if str(getattr(o, keyname)) not in mine]
        items += [copy.deepcopy(o) for o in mine.values() if o is not None]
        setattr(out, attr, items)
    repair(out)
    return out


def _apply_target(
    store: Store, slug: str, current: Schedule, target: Schedule, authors: Authors
) -> list[Applied]:
    """Turn ``current`` into ``target`` through ``Store.apply``: one edit per author (in
    name order), logged under their name; what cannot be told apart goes last."""
    applied: list[Applied] = []
    work = current
    groups = _by_author(current, target, authors)
    for who in sorted(groups):
        step = _with(work, target, groups[who])
        try:
            step.validate()
        except DomainError:
            break  # this author's changes need another's first: the rest go together below
        edit = diff_edit(work, step)
        if edit.parts:
            summary = edit.summary(Names.of(work))
            store.apply(slug, edit, author=who)
            applied.append(Applied(who, summary))
        work = step
    rest = diff_edit(work, target)
    if rest.parts:
        who = ", ".join(sorted(w for w in groups if w)) or "a teammate"
        summary = rest.summary(Names.of(work))
        store.apply(slug, rest, author=who)
        applied.append(Applied(who, summary))
    return applied


def _new_conflicts(
    target: Schedule, before: set[str], authors: Authors, current: Schedule
) -> list[tuple[Conflict, tuple[str, ...]]]:
    cur = current.session_by_guid()
    out = []
    for c in check_all_pairs(target):
        if c.key in before:
            continue
        tgt = target.session_by_guid()
        who = {
            authors.records.get(("sessions", g), "") for g in c.sessions if g in tgt and cur.get(g) != tgt[g]
        }
        out.append((c, tuple(sorted(w for w in who if w))))
    return out


def _session_authors(doc: Doc[Any], current: Schedule, target: Schedule) -> Authors:
    """Who last wrote, in this copy, each session that the merge changes."""
    out = Authors()
    sessions = roots(doc)["sessions"]
    tgt = target.session_by_guid()
    for s in current.sessions:
        if tgt.get(s.guid) != s and s.guid in sessions:
            rec = sessions[s.guid]
            if isinstance(rec, Map):
                out.records[("sessions", s.guid)] = str(rec.get(BY) or "")
    return out


def _place(schedule: Schedule, guid: str) -> tuple[str | None, datetime | None] | None:
    s = schedule.session_by_guid().get(guid)
    return None if s is None else (s.room, s.start)


def _replaced_moves(
    local: Schedule, local_authors: Authors, target: Schedule, authors: Authors, me: str
) -> list[str]:
    out = []
    names = Names.of(target)
    tgt = target.session_by_guid()
    for s in local.sessions:
        if local_authors.records.get(("sessions", s.guid)) != me:
            continue
        mine = (s.room, s.start)
        theirs = _place(target, s.guid)
        who = (
            authors.records.get(("sessions", s.guid))
            or authors.gone.get(("sessions", s.guid))
            or "a teammate"
        )
        if theirs is None:
            out.append(f"Your change to “{s.title}” was lost: {who} deleted the session.")
        elif theirs != mine and who != me:
            t = tgt[s.guid]
            where = f"{names.room(t.room)}, {names.when(t.start)}" if t.start and t.room else "unscheduled"
            out.append(f"Your move of “{s.title}” was replaced by {who}'s ({where}).")
    return out
