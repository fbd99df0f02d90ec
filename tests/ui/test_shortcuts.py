"""Every key bound in the main window reaches exactly one action (issue 13, item 17)."""

from __future__ import annotations

import copy
from collections import defaultdict
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from planner.app import create_window
from planner.ui import main_window

REDO = QKeySequence.StandardKey.Redo


class GnomeKeys(QKeySequence):
    """QKeySequence as on a desktop whose platform theme binds Redo to Ctrl+Shift+Z first
    (GNOME and KDE do; the offscreen platform of the tests binds Ctrl+Y first)."""

    def __init__(self, *args: object) -> None:
        if args and args[0] == REDO:
            super().__init__("Ctrl+Shift+Z")
        else:
            super().__init__(*args)

    @staticmethod
    def keyBindings(key: QKeySequence.StandardKey) -> list[QKeySequence]:
        if key == REDO:
            return [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
        return QKeySequence.keyBindings(key)


def shortcut_owners(window: QWidget) -> dict[tuple[str, str], list[str]]:
    """(scope, key) -> the actions bound to it. Window and application shortcuts share one
    scope (the window); a widget shortcut's scope is its widget, which the window's keys
    also reach, so it collides with those as well."""
    owners: dict[tuple[str, str], list[str]] = defaultdict(list)
    for action in window.findChildren(QAction):
        context = action.shortcutContext()
        for seq in action.shortcuts():
            key = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if not key:
                continue
            name = action.objectName() or action.text()
            if context in (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut):
                owners[("window", key)].append(name)
            else:
                for widget in action.associatedObjects():
                    owners[(f"widget {id(widget)}", key)].append(name)
                owners[("window", key)].append(name)
    return owners


def built_window(db_path: Path, qtbot):  # type: ignore[no-untyped-def]
    w = create_window(db_path)
    qtbot.addWidget(w)
    w.show()
    w.finish_start()
    for i in range(w.tabs.count()):  # every tab built, with whatever actions it adds
        w.tabs.setCurrentIndex(i)
    w.tabs.setCurrentIndex(0)
    return w


@pytest.mark.parametrize("keys", [QKeySequence, GnomeKeys], ids=["offscreen", "gnome-redo"])
def test_no_key_is_bound_twice(qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch, keys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(main_window, "QKeySequence", keys)
    w = built_window(db_path, qtbot)
    owners = shortcut_owners(w)
    assert owners, "no shortcuts found at all"
    doubles = {k: v for k, v in owners.items() if len(v) > 1}
    assert doubles == {}
    assert "Ctrl+Shift+Z" in [s.toString() for s in w.act_redo.shortcuts()]
    w.close()


def test_ctrl_shift_z_redoes(qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(main_window, "QKeySequence", GnomeKeys)
    w = built_window(db_path, qtbot)
    doc = w.document
    s = doc.schedule.sessions[0]
    renamed = copy.deepcopy(s)
    renamed.title = "Renamed"
    assert doc.save_sessions([renamed], "Rename")
    doc.undo_stack.undo()
    assert doc.session(s.guid).title == s.title
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    qtbot.keyClick(
        w.schedule_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert doc.session(s.guid).title == "Renamed"
    # A plain key, so that Qt's idea of the held modifiers (Ctrl+Shift) does not outlive the test.
    qtbot.keyClick(w.schedule_view, Qt.Key.Key_Escape)
    assert QApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
    w.close()
