"""The rooms dialog after edits: every widget drawn in the table is the one of the cell
it covers, at that cell's place; no spin box or editor is left over another column (a
replaced spin box used to stay drawn until Qt deleted it, over a Name cell once the rows
had moved), and the spin box being edited keeps the keyboard focus."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QSpinBox, QTableWidget, QWidget

from planner.app import create_window
from planner.store import Store
from planner.ui.rooms_dialog import RoomsDialog

SHOT = "PLANNER_SCREENSHOT_DIR"  # set it to keep the dialog's picture


def strays(dialog: RoomsDialog) -> list[str]:
    """The widgets drawn over the table that are not the widget of the cell they sit on,
    or not where that cell is, as 'Type over row r, column c'."""
    t = dialog.table
    own = {}
    for r in range(t.rowCount()):
        for c in range(t.columnCount()):
            w = t.indexWidget(t.model().index(r, c))
            if w is not None:
                own[id(w)] = (r, c)
    out = []
    for child in t.viewport().children():
        if not isinstance(child, QWidget) or not child.isVisible():
            continue
        under = t.indexAt(child.geometry().center())
        cell = own.get(id(child))
        if cell is None or cell != (under.row(), under.column()):
            out.append(f"{type(child).__name__} over row {under.row()}, column {under.column()}")
        elif child.geometry() != t.visualRect(t.model().index(*cell)):
            out.append(f"{type(child).__name__} of row {cell[0]}, column {cell[1]} out of its cell")
    return out


def item_editor(t: QTableWidget) -> QLineEdit:
    """The one open editor of a table cell (a spin box's own line edit is not one)."""
    editors = [w for w in t.viewport().children() if isinstance(w, QLineEdit) and w.isVisible()]
    assert len(editors) == 1, editors
    return editors[0]


def spin(t: QTableWidget, row: int, column: int) -> QSpinBox:
    w = t.cellWidget(row, column)
    assert isinstance(w, QSpinBox)
    return w


def saved(db_path: Path, slug: str) -> list[tuple[str, int | None, int]]:
    with Store.open(db_path) as s:
        return [(r.name, r.capacity, r.changeover_minutes) for r in s.load(slug).sorted_rooms()]


def test_no_widget_is_left_over_another_cell_after_edits(
    qtbot: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = create_window(db_path)
    qtbot.addWidget(window)
    doc = window.document
    dialog = RoomsDialog(window, doc)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    t = dialog.table
    assert strays(dialog) == []

    # a capacity, typed and committed with Return: saved, and nothing left behind
    cap = t.cellWidget(1, 2)
    assert isinstance(cap, QSpinBox)
    cap.setFocus()
    cap.selectAll()
    qtbot.keyClicks(cap, "150")
    qtbot.keyClick(cap, Qt.Key.Key_Return)
    assert saved(db_path, doc.slug)[1] == ("Studio A", 150, 0)
    assert strays(dialog) == []
    focus = dialog.focusWidget()
    assert t.cellWidget(1, 2) is cap and focus is not None and cap.isAncestorOf(focus)  # still typing there

    # a changeover: Return saves it, and neither adds a room nor closes the dialog
    change = t.cellWidget(2, 3)
    assert isinstance(change, QSpinBox)
    change.setFocus()
    change.selectAll()
    qtbot.keyClicks(change, "15")
    qtbot.keyClick(change, Qt.Key.Key_Return)
    assert saved(db_path, doc.slug)[2] == ("Studio B", 120, 15)
    assert t.rowCount() == 4 and len(saved(db_path, doc.slug)) == 4 and dialog.isVisible()
    assert strays(dialog) == []

    # a name, typed in the cell's editor: the editor closes, no widget stays over the name
    t.setCurrentCell(3, 0)
    name = t.item(3, 0)
    assert name is not None
    t.editItem(name)
    editor = item_editor(t)
    editor.selectAll()
    qtbot.keyClicks(editor, "Garden Lounge")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: t.state() == t.State.NoState, timeout=2000)  # Qt commits on its next turn
    assert saved(db_path, doc.slug)[3] == ("Garden Lounge", 80, 0)
    assert strays(dialog) == []

    # add a room (its name opens for typing), commit it; then remove the first room
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    editor = item_editor(t)
    assert editor.text() == "Room 5"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: t.state() == t.State.NoState, timeout=2000)
    assert strays(dialog) == []
    t.selectRow(0)
    monkeypatch.setattr(dialog, "confirm", lambda question: True)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert [name for name, _c, _m in saved(db_path, doc.slug)] == [
        "Studio A",
        "Studio B",
        "Garden Lounge",
        "Room 5",
    ]
    assert t.rowCount() == 4 and strays(dialog) == []
    # every row's widgets show its own room, in order
    shown = [
        (cell.text(), spin(t, r, 2).value(), spin(t, r, 3).value())
        for r in range(4)
        if (cell := t.item(r, 0)) is not None
    ]
    assert shown == [("Studio A", 150, 0), ("Studio B", 120, 15), ("Garden Lounge", 80, 0), ("Room 5", 0, 0)]
    # and a capacity typed in a row that moved up saves to that row's room
    cap = spin(t, 3, 2)
    cap.setFocus()
    cap.selectAll()
    qtbot.keyClicks(cap, "40")
    qtbot.keyClick(cap, Qt.Key.Key_Return)
    assert saved(db_path, doc.slug)[3] == ("Room 5", 40, 0)
    keep = os.environ.get(SHOT)
    dialog.grab().save(str(Path(keep) / "rooms-dialog-after-edits.png" if keep else tmp_path / "rooms.png"))


def test_a_closed_dialog_stops_following_the_event(qtbot: Any, db_path: Path) -> None:
    """The window keeps the dialog object after it closes; it no longer redraws on every
    later edit of the event."""
    import copy

    window = create_window(db_path)
    qtbot.addWidget(window)
    doc = window.document
    dialog = RoomsDialog(window, doc)
    qtbot.addWidget(dialog)
    room = copy.deepcopy(doc.schedule.sorted_rooms()[0])
    room.name = "Big Hall"
    assert doc.save_room(room)
    first = dialog.table.item(0, 0)
    assert first is not None and first.text() == "Big Hall"  # open: it follows
    dialog.reject()
    room.name = "Great Hall"
    assert doc.save_room(room)
    again = dialog.table.item(0, 0)
    assert again is not None and again.text() == "Big Hall"  # closed: it does not
