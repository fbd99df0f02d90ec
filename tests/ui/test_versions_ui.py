"""The window's versions and messages: publish, the Changes dock and its marks, a past
version read-only beside now, the Messages dialog's preview, the templates dialog."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from planner.demo import demo_schedule
from planner.domain.model import SessionKind
from planner.store import Store
from planner.ui.document import EventDocument
from planner.ui.main_window import MainWindow
from planner.versions import list_versions, publish


@pytest.fixture
def window(qtbot: QtBot, store: Store) -> MainWindow:
    slug = store.add_schedule(demo_schedule())
    publish(store, slug, name="Draft")
    w = MainWindow(store, slug)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    w.finish_start()
    w.schedule_view.timeline.place_all()
    return w


def _doc(w: MainWindow) -> EventDocument:
    assert w.document is not None
    return w.document


def _change_two(w: MainWindow) -> list[str]:
    doc = w.document
    assert doc is not None
    talks = [s for s in doc.schedule.sessions if s.scheduled and s.kind == SessionKind.TALK][:2]
    a, b = talks
    assert a.start is not None
    assert doc.save_sessions(
        [replace(a, start=a.start + timedelta(minutes=15)), replace(b, title=b.title + " (new)")],
        "Change two",
    )
    return [a.guid, b.guid]


def test_changes_dock_lists_and_marks_what_changed_since_the_last_version(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = window.changes_panel
    assert "No change since version 1 (Draft)" in panel.summary.text()
    guids = _change_two(window)
    qtbot.waitUntil(lambda: len(panel.changes) == 2, timeout=3000)
    assert "2 changes since version 1 (Draft)" in panel.summary.text()
    items = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    assert sorted(item.text(0) for item in items if item is not None) == ["Renamed", "Retimed"]
    assert panel.marked == set(guids)
    # publishing from the window takes the marks away
    from planner.ui.versions_view import PublishDialog

    dialog = PublishDialog(window)
    dialog.name.setText("Second")
    assert dialog.publish()
    panel.reload_base()
    assert [v.label for v in list_versions(window.store, _doc(window).slug)] == ["1 (Draft)", "2 (Second)"]
    assert panel.changes == [] and panel.marked == set()


def test_a_past_version_beside_now_is_read_only(qtbot: QtBot, window: MainWindow) -> None:
    from planner.ui.versions_view import CompareWindow

    guids = _change_two(window)
    errors: list[str] = []
    window.show_error = errors.append  # type: ignore[method-assign,assignment]
    cw = CompareWindow(window)
    qtbot.addWidget(cw)
    cw.show()
    past, now = cw.past.document, cw.now.document
    assert past is not None and now is not None and now is window.document
    old = past.schedule.session_by_guid()[guids[1]].title
    assert now.schedule.session_by_guid()[guids[1]].title == old + " (new)"
    assert set(cw.past.blocks) == {s.guid for s in past.schedule.sessions if s.scheduled and s.room}
    assert cw.marks.marked == set(guids)
    # an edit in the window reaches the current grid beside the version, and its marks
    third = next(x for x in now.schedule.sessions if x.scheduled and x.guid not in guids and x.start)
    assert third.start is not None
    assert now.save_sessions([replace(third, start=third.start + timedelta(minutes=15))], "Later")
    qtbot.waitUntil(lambda: cw.marks.marked == {*guids, third.guid}, timeout=3000)
    shown = cw.now.blocks[third.guid].session
    assert shown is not None and shown.start == third.start + timedelta(minutes=15)
    # an edit of the past version is refused, and the store is untouched
    s = past.schedule.session_by_guid()[guids[0]]
    assert not past.save_sessions([replace(s, title="Nope")], "Edit")
    assert errors and "cannot be changed" in errors[0]
    assert all(x.title != "Nope" for x in window.store.load(_doc(window).slug).sessions)


def test_messages_dialog_previews_each_message_and_writes_them(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from planner.ui.messages_dialog import MessagesDialog

    _change_two(window)
    d = MessagesDialog(window)
    qtbot.addWidget(d)
    assert d.kind.currentData() == "changes"
    assert d.people.count() == len(d.drafts) > 0
    d.people.setCurrentRow(0)
    assert d.drafts[0].subject in d.header.text() and d.body.toPlainText() == d.drafts[0].body
    d.kind.setCurrentIndex(d.kind.findData("invite"))
    assert d.redraft()
    assert d.new_invites  # the demo's people have no invite yet
    paths = d.write_to(tmp_path)
    assert len(paths) == len(d.drafts) and (tmp_path / "messages.csv").is_file()
    saved = window.store.load(_doc(window).slug).invites
    assert {i.token for i in d.new_invites} <= {i.token for i in saved}
    assert _doc(window).undo_stack.undoText().startswith("Issue")


def test_templates_dialog_refuses_an_unknown_field_and_saves_for_the_event(
    qtbot: QtBot, window: MainWindow
) -> None:
    from planner.messages.templates import load
    from planner.ui.messages_dialog import TemplatesDialog

    d = TemplatesDialog(window)
    qtbot.addWidget(d)
    d.kind.setCurrentIndex(d.kind.findData("thanks"))
    d.show_kind()
    d.editor.setPlainText("Subject: Thanks {name}\n\nYou did {whatever}.\n")
    assert not d.save_for_event()
    assert "{whatever}" in d.status.text()
    d.editor.setPlainText("Subject: Thanks {name}\n\n{what_you_did}\n")
    assert d.save_for_event()
    ev = window.store.load(_doc(window).slug).event
    assert load("thanks", ev).subject == "Thanks {name}"
    _doc(window).undo_stack.undo()
    assert load("thanks", window.store.load(_doc(window).slug).event).source == "the default thanks template"
