"""The stream or meeting link is edited in the session dialog and the rooms dialog
(issue 13, item 25), checked there, and saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from planner.app import create_window
from planner.store import Store
from planner.ui.rooms_dialog import STREAM_COLUMN, RoomsDialog
from planner.ui.session_dialog import SessionDialog


@pytest.fixture
def window(qtbot, db_path: Path):  # type: ignore[no-untyped-def]
    w = create_window(db_path)
    qtbot.addWidget(w)
    return w


def test_session_dialog_edits_the_stream_link(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    sched = window.document.schedule
    s = next(x for x in sched.sessions if x.room is not None)
    dlg = SessionDialog(s, sched)
    qtbot.addWidget(dlg)
    assert dlg.stream_url.text() == ""
    dlg.stream_url.setText("  https://meet.example.org/abc  ")
    assert dlg.result_session().stream_url == "https://meet.example.org/abc"
    dlg.stream_url.setText("meet.example.org/abc")
    dlg.accept()
    assert dlg.result() == 0 and dlg.message.text().startswith("stream link: ")


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item


def test_rooms_dialog_edits_the_stream_link(qtbot, window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    dialog = RoomsDialog(window, doc)
    qtbot.addWidget(dialog)
    header = dialog.table.horizontalHeaderItem(STREAM_COLUMN)
    assert header is not None and header.text() == "Stream link"
    first = cell(dialog.table, 0, 0).data(256)  # Qt.UserRole: the room's guid
    cell(dialog.table, 0, STREAM_COLUMN).setText("https://stream.example.org/main")
    with Store.open(db_path) as store:
        rooms = {r.guid: r for r in store.load(doc.slug).rooms}
    assert rooms[first].stream_url == "https://stream.example.org/main"
    cell(dialog.table, 0, STREAM_COLUMN).setText("not a link")
    assert "is not a web link" in dialog.message.text()
    assert cell(dialog.table, 0, STREAM_COLUMN).text() == "https://stream.example.org/main"  # refilled
    with Store.open(db_path) as store:
        assert {r.guid: r for r in store.load(doc.slug).rooms}[first].stream_url == (
            "https://stream.example.org/main"
        )
