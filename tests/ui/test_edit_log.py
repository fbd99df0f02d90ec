"""Every change goes through an edit: walk the window's actions and the commands that
write, and fail when the store's content changes without an edit-log entry. Also: one
undo step is one transaction, and the history survives a restart."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from planner.app import create_window
from planner.cli import main
from planner.domain.model import Person, Room
from planner.store import Store
from tests.edits.helpers import dump_tables, log_count


@pytest.fixture
def window(qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from planner.ui.main_window import MainWindow

    errors: list[str] = []
    monkeypatch.setattr(MainWindow, "show_error", lambda self, m: errors.append(m))
    w = create_window(db_path)
    w.errors = errors
    qtbot.addWidget(w)
    w.show()
    return w


def scheduled_guid(w: Any, n: int = 0) -> str:
    sessions = [s for s in w.document.schedule.sessions if s.start is not None and s.room is not None]
    return str(sessions[n].guid)


def window_steps(
    w: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Callable[[], object]]:
    """The window's writing actions, each driven as a user would (or through the method
    the widget calls, where the widget is a modal dialog)."""
    from planner.ui import import_dialog
    from planner.ui.people.import_dialog import import_people
    from planner.ui.people.qr_sheet import run_sheet

    doc = lambda: w.document  # noqa: E731  (the open document changes with File › New)
    tl = w.schedule_view.timeline

    def arrow_move() -> None:
        tl.select([scheduled_guid(w)])
        tl.setFocus()
        qtbot.keyClick(tl, Qt.Key.Key_Down)

    def event_settings() -> None:
        ev = copy.deepcopy(doc().schedule.event)
        ev.description = "Edited in the walk"
        doc().save_event(ev)

    def reimport() -> None:
        from planner.interop import write

        newer = copy.deepcopy(doc().schedule)
        newer.sessions[0].title = "Renamed by the newer file"
        path = tmp_path / "newer.json"
        write(newer, path, "schedule-json")

        def accept(dialog: QDialog) -> bool:
            if isinstance(dialog, import_dialog.ImportPreviewDialog):
                dialog.as_update.setChecked(True)
            return True

        monkeypatch.setattr(import_dialog, "run_dialog", accept)
        assert import_dialog.import_schedule(w, path) is not None

    def people_csv() -> None:
        path = tmp_path / "crew.csv"
        path.write_text("name,email\nWalk Crew,walk.crew@example.org\n", encoding="utf-8")
        dialog = import_people(w, path)
        assert dialog is not None
        dialog.accept()

    def qr_sheet() -> None:
        from planner.invites.sheet import DEFAULT_LAYOUT

        assert run_sheet(w, doc(), tmp_path / "sheet.pdf", None, DEFAULT_LAYOUT, "a4", "M") is not None

    def live_incident() -> None:
        live = w.run_of_show_view
        w.tabs.setCurrentWidget(live)
        live.incident_text.setText("Walk: the stream dropped")
        assert live.log_incident()

    def live_delay() -> None:
        # The run of show's Delay button calls this with its clock; a simulated clock
        # would rehearse on a scratch copy, so the real clock's "before the event" is used.
        first = doc().schedule.session_by_guid()[scheduled_guid(w)]
        assert doc().delay_room(first.room, 5, first.start - timedelta(hours=1))

    def live_start() -> None:
        first = doc().schedule.session_by_guid()[scheduled_guid(w)]
        w.set_clock(first.start.astimezone(UTC).replace(tzinfo=None) + timedelta(minutes=1))
        w.run_of_show_view.start_room(first.room)

    def numbers(kind: str) -> Callable[[], None]:
        def run() -> None:
            view = w.analytics_view
            title = doc().schedule.session_by_guid()[scheduled_guid(w)].title
            path = tmp_path / f"{kind}.csv"
            text = (
                f"session,registered,attended\n{title},80,70\n"
                if kind == "attendance"
                else f"session,rating\n{title},4\n"
            )
            path.write_text(text, encoding="utf-8")
            view.choose_file = lambda *a, **k: path
            assert getattr(view, f"import_{kind}")()

        return run

    return {
        "arrow key move": arrow_move,
        "unschedule": lambda: tl.unschedule([scheduled_guid(w, 1)]),
        "add a speaker": lambda: tl.add_person(scheduled_guid(w, 2), doc().schedule.people[-1].guid),
        "undo": lambda: w.act_undo.trigger(),
        "redo": lambda: w.act_redo.trigger(),
        "delete a session": lambda: doc().delete_sessions([scheduled_guid(w, 3)]),
        "event settings": event_settings,
        "add a room": lambda: doc().save_room(Room(name="Walk room")),
        "rename a room": lambda: doc().save_room(_renamed(doc().schedule.rooms[0])),
        "reorder rooms": lambda: doc().reorder_rooms(
            [r.guid for r in reversed(doc().schedule.sorted_rooms())]
        ),
        "remove a room": lambda: doc().delete_room(doc().schedule.sorted_rooms()[0].guid),
        "undo the removal": lambda: w.act_undo.trigger(),
        "add a person": lambda: doc().save_people([Person(name="Walk Person")]),
        "remove a speaker": lambda: doc().delete_people(
            [next(g for s in doc().schedule.sessions for g in s.speakers)]
        ),
        "acknowledge": lambda: doc().acknowledge_conflicts(["walk:a+b"], "seen in the walk"),
        "reopen": lambda: doc().unacknowledge_conflicts(["walk:a+b"]),
        "checklist": lambda: doc().set_checklist(scheduled_guid(w), {"microphone": True}),
        "qr sheet issues invites": qr_sheet,
        "import people": people_csv,
        "re-import": reimport,
        "incident": live_incident,
        "delay a room": live_delay,
        "start a session": live_start,
        "import attendance": numbers("attendance"),
        "import feedback": numbers("feedback"),
        "undo twice": lambda: (w.act_undo.trigger(), w.act_undo.trigger()),
        "add the demo event": w.add_demo,
    }


def _renamed(room: Room) -> Room:
    out = copy.deepcopy(room)
    out.name = "Walk hall"
    return out


def walk(db_path: Path, steps: dict[str, Callable[[], object]]) -> list[str]:
    """Run each step; return the names of those that changed the store. Fails at the
    first step that changed the store without a new log entry."""
    changed = []
    for name, step in steps.items():
        before, logged = dump_tables(db_path), log_count(db_path)
        step()
        after = dump_tables(db_path)
        if after != before:
            changed.append(name)
            assert log_count(db_path) > logged, f"{name!r} changed the store without an edit-log entry"
    return changed


def test_every_window_action_that_writes_is_logged(  # type: ignore[no-untyped-def]
    window, qtbot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = window_steps(window, qtbot, tmp_path, monkeypatch)
    changed = walk(db_path, steps)
    assert window.errors == []
    # The walk is only a check if the steps really wrote.
    assert set(changed) >= set(steps) - {"start a session"}, set(steps) - set(changed)


def test_every_command_that_writes_is_logged(db_path: Path, tmp_path: Path) -> None:
    from planner.interop import write

    def run(*args: str) -> Callable[[], object]:
        return lambda: main(["--db", str(db_path), *args])

    assert main(["--db", str(db_path), "demo"]) == 0
    slug = "winter-gala-2026"
    with Store.open(db_path) as store:
        s = store.load(slug)
    title = next(x.title for x in s.sessions if x.start is not None and x.room is not None)
    newer = copy.deepcopy(s)
    newer.sessions[0].title = "Renamed by the newer file"
    write(newer, tmp_path / "newer.json", "schedule-json")
    (tmp_path / "people.csv").write_text("name,email\nCli Person,cli@example.org\n", encoding="utf-8")
    (tmp_path / "att.csv").write_text(f"session,registered,attended\n{title},9,8\n", encoding="utf-8")
    (tmp_path / "fb.csv").write_text(f"session,rating\n{title},5\n", encoding="utf-8")
    steps = {
        "import": run("import", str(tmp_path / "newer.json"), "--name", "Imported copy"),
        "demo": run("demo"),
        "people import": run("people", "import", str(tmp_path / "people.csv"), "--event", slug),
        "attendance import": run("attendance", "import", str(tmp_path / "att.csv"), "--event", slug),
        "feedback import": run("feedback", "import", str(tmp_path / "fb.csv"), "--event", slug),
        "reimport --apply": run("reimport", "--event", slug, str(tmp_path / "newer.json"), "--apply"),
        "invites": run("invites", "--event", slug, "--out", str(tmp_path / "inv.csv")),
        "qr-sheet": run("qr-sheet", "--event", slug, "--out", str(tmp_path / "qr.pdf")),
        "event set": run("event", "set", "--event", slug, "name=Walked gala", "slot=30"),
        "pin": run("pin", "--event", slug, s.sessions[0].guid),
    }
    changed = walk(db_path, steps)
    assert set(changed) == set(steps) - {"qr-sheet"}  # the invites command issued them all


def test_one_undo_step_is_one_transaction(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    doc = window.document
    commits: list[int] = []
    event.listen(doc.store.engine, "commit", lambda conn: commits.append(1))

    def count(action: Callable[[], object]) -> int:
        commits.clear()
        action()
        return len(commits)

    first = doc.schedule.session_by_guid()[scheduled_guid(window)]
    actions: list[Callable[[], object]] = [
        lambda: doc.delay_room(first.room, 10, first.start - timedelta(hours=1)),  # a Batch
        lambda: doc.delete_room(doc.schedule.sorted_rooms()[1].guid),  # with its sessions
        lambda: doc.delete_people([next(g for s in doc.schedule.sessions for g in s.speakers)]),
    ]
    for action in actions:
        depth = doc.undo_stack.count()
        assert count(action) == 1
        assert doc.undo_stack.count() == depth + 1
        assert count(doc.undo_stack.undo) == 1
        assert count(doc.undo_stack.redo) == 1


def test_history_lists_the_log_newest_first_and_survives_a_restart(  # type: ignore[no-untyped-def]
    window, qtbot, db_path: Path
) -> None:
    doc = window.document
    doc.save_room(Room(name="History room"))
    window.act_undo.trigger()
    dialog = window.show_history()
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    assert rows[0][1:3] == ["Rooms", "Undo: Removed room “History room”"]
    assert rows[1][1:3] == ["Rooms", "Added room “History room”"]
    assert rows[-1][1] == "Created"
    zone = doc.schedule.event.timezone
    assert zone in dialog.head.text()
    newest = doc.history(1)[0]
    local = newest.at.astimezone(__import__("zoneinfo").ZoneInfo(zone))
    assert rows[0][0] == local.strftime("%a %d %b %Y %H:%M:%S")
    window.close()
    again = create_window(db_path)
    qtbot.addWidget(again)
    log = again.document.history()
    assert [e.summary for e in log[:2]] == [rows[0][2], rows[1][2]]
    assert json.dumps(log[0].data)


def test_a_refused_edit_is_a_message_and_a_bug_is_not(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from planner import edits
    from planner.domain.model import Session

    doc = window.document
    depth = doc.undo_stack.count()
    assert not doc.push(edits.SessionsEdit((None,), (Session(title="Ghost", room="no-such-room"),)))
    assert window.errors and "room" in window.errors[-1]
    assert doc.undo_stack.count() == depth

    # refused while the edit is built (an incident that says nothing): a message too
    from planner.domain.run_of_show import Incident

    assert not doc.log_incident(Incident(at=datetime.now(UTC), text="   "))
    assert "say what happened" in window.errors[-1]
    assert doc.undo_stack.count() == depth

    def broken(*a: object, **k: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(doc.store, "apply", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        doc.save_room(Room(name="Never"))
    assert doc.undo_stack.count() == depth
