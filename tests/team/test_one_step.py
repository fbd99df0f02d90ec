"""An edit of a shared event and its update of the shared document are saved in one
transaction, or neither (issue 16: "applying an edit updates both in one step")."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from planner.demo import add_demo
from planner.edits import change_event, save_sessions
from planner.store import Store, StoreError
from planner.team.replica import Replica


def _counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        log = conn.execute("SELECT count(*) FROM edit_log").fetchone()[0]
        updates = conn.execute("SELECT count(*) FROM team_update").fetchone()[0]
    return int(log), int(updates)


@pytest.fixture
def shared(tmp_path: Path) -> tuple[Path, Replica]:
    db = tmp_path / "a.sqlite"
    store = Store.open(db)
    slug = add_demo(store)
    replica = Replica.open(store, slug, "alice")
    replica.catch_up()
    return db, replica


@pytest.mark.parametrize("kind", ["sessions", "event"])
def test_an_edit_and_its_document_update_are_one_transaction(shared: tuple[Path, Replica], kind: str) -> None:
    db, replica = shared
    sched = replica.store.load(replica.slug)
    if kind == "sessions":
        s = copy.deepcopy(sched.sessions[0])
        s.title = "One step"
        edit: Any = save_sessions(sched, [s])
    else:
        event = copy.deepcopy(sched.event)
        event.description = "One step"
        edit = change_event(sched, event)
    log, updates = _counts(db)
    replica.apply(edit)
    assert _counts(db) == (log + 1, updates + 1)  # the edit's log row and its document row
    # a fresh copy of the replica from the store needs nothing caught up: the document has it
    again = Replica.open(replica.store, replica.slug, "alice")
    assert again.catch_up() == 0
    assert bytes(again.doc.get_state()) == bytes(replica.doc.get_state())


def test_a_refused_transaction_leaves_store_and_document_as_they_were(
    shared: tuple[Path, Replica], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, replica = shared
    sched = replica.store.load(replica.slug)
    s = copy.deepcopy(sched.sessions[0])
    s.title = "Never saved"
    state = bytes(replica.doc.get_state())
    counts = _counts(db)

    def refuse(*_args: Any, **_kw: Any) -> None:
        raise StoreError("refused after the document was written")

    # the failure comes after the document's update was written, in the same transaction
    monkeypatch.setattr(Store, "_log", refuse)
    with pytest.raises(StoreError):
        replica.apply(save_sessions(sched, [s]))
    monkeypatch.undo()
    assert _counts(db) == counts
    assert replica.store.load(replica.slug).session_by_guid()[s.guid].title == sched.sessions[0].title
    assert bytes(replica.doc.get_state()) == state  # the document in memory is the store's again
    assert Replica.open(replica.store, replica.slug, "alice").catch_up() == 0


def test_a_live_windows_edit_is_written_to_the_document_in_its_transaction(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.ui.collaborate import LiveLink
    from planner.ui.document import EventDocument

    db = tmp_path / "a.sqlite"
    store = Store.open(db)
    slug = add_demo(store)
    doc = EventDocument(store, slug)  # the window's document (its error box left out)
    errors: list[str] = []
    doc.error.connect(errors.append)
    link = LiveLink(store, slug, "ws://127.0.0.1:9", "s" * 32, "Alice")  # never started: offline
    link.attach(doc, lambda: True)
    assert doc.shared is link.replica
    counts = _counts(db)
    s = copy.deepcopy(doc.schedule.sessions[0])
    s.title = "Saved with its update"
    assert doc.save_sessions([s], "Retitle")
    assert _counts(db) == (counts[0] + 1, counts[1] + 1)
    assert Replica.open(store, slug, "Alice").catch_up() == 0
    # an edit the store refuses after the document was written leaves both as they were
    bad = copy.deepcopy(s)
    bad.title = "Never saved"
    state = bytes(link.replica.doc.get_state())

    def refuse(*_args: Any, **_kw: Any) -> None:
        raise StoreError("the disk is full")

    monkeypatch.setattr(Store, "_log", refuse)
    assert not doc.save_sessions([bad], "Retitle again")
    monkeypatch.undo()
    assert errors == ["the disk is full"]
    assert _counts(db) == (counts[0] + 1, counts[1] + 1)
    assert bytes(link.replica.doc.get_state()) == state
    link.stop()
    assert doc.shared is None
