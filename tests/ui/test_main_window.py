from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from planner import edits
from planner.app import create_window
from planner.domain.model import Event, Schedule
from planner.store import Store
from planner.ui.event_dialog import EventDialog
from planner.ui.rooms_dialog import RoomsDialog


@pytest.fixture
def window(qtbot, db_path: Path):  # type: ignore[no-untyped-def]
    w = create_window(db_path)
    qtbot.addWidget(w)
    return w


def reopen(db_path: Path, slug: str) -> Schedule:
    with Store.open(db_path) as s:
        return s.load(slug)


def test_first_start_opens_on_the_demo_event(window) -> None:  # type: ignore[no-untyped-def]
    assert window.document is not None
    assert window.document.schedule.event.name == "Winter Gala 2026"
    assert len(window.document.schedule.rooms) == 4
    assert 18 <= len(window.document.schedule.sessions) <= 25
    assert window.event_switcher.count() == 1
    assert window.stack.currentWidget() is window.tabs
    names = {
        m.title().replace("&", "") for m in window.menuBar().findChildren(type(window.menuBar().addMenu("x")))
    }
    assert {"File", "Edit", "View", "Help"} <= names


def test_empty_state_when_every_event_is_gone(window, qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.ask = lambda *a: True
    window.delete_event()
    assert window.document is None
    assert window.stack.currentWidget() is window.empty_state
    assert not window.act_edit_event.isEnabled()
    assert window.conflict_status.text() == ""  # no event: no "No conflicts" either
    qtbot.mouseClick(window.empty_state.demo_button, Qt.MouseButton.LeftButton)
    assert window.document is not None and window.stack.currentWidget() is window.tabs


def test_create_event_through_the_dialog(qtbot, window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = EventDialog(window, None)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no name yet
    assert "needs a name" in dialog.error_label.text()
    assert dialog.result() == 0
    qtbot.keyClicks(dialog.name, "Hybrid Summit 2027")
    dialog.first_day.setDate(QDate(2027, 6, 3))
    dialog.last_day.setDate(QDate(2027, 6, 1))  # before the first day
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert "before the first day" in dialog.error_label.text()
    dialog.last_day.setDate(QDate(2027, 6, 4))
    dialog.timezone.setEditText("")
    qtbot.keyClicks(dialog.timezone.lineEdit(), "America/Toronto")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == 1
    ev = dialog.result_event()
    assert (ev.name, ev.slug, ev.timezone) == ("Hybrid Summit 2027", "hybrid-summit-2027", "America/Toronto")
    assert (ev.first_day, ev.last_day) == (date(2027, 6, 3), date(2027, 6, 4))


def test_day_past_midnight_in_the_dialog(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dialog = EventDialog(window, window.document.schedule.event)
    qtbot.addWidget(dialog)
    from PySide6.QtCore import QTime

    dialog.day_start.setTime(QTime(11, 0))
    dialog.day_end.setTime(QTime(6, 0))
    assert dialog.day_note.text() == "ends the next morning"
    ev = dialog.build_event()
    assert (ev.day_start_minute, ev.day_end_minute) == (660, 1800)


def test_unknown_time_zone_is_refused(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dialog = EventDialog(window, window.document.schedule.event)
    qtbot.addWidget(dialog)
    dialog.timezone.setEditText("Europe/Atlantis")
    dialog.accept()
    assert dialog.result() == 0
    assert "Europe/Atlantis" in dialog.error_label.text()


def test_cover_image_checked_scaled_and_stored(qtbot, window, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "cover.webp"
    Image.new("RGB", (4000, 2000), (200, 30, 60)).save(big, "WEBP")
    dialog = EventDialog(window, window.document.schedule.event)
    qtbot.addWidget(dialog)
    dialog.choose_cover_file = lambda: str(big)  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.cover_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == ""
    assert not dialog.cover_preview.pixmap().isNull()
    dialog.accept()
    assert window.document.save_event(dialog.result_event())
    stored = reopen(db_path, window.document.slug).event.cover_image
    assert stored is not None
    img = Image.open(io.BytesIO(stored))
    assert img.format == "PNG" and img.size == (1600, 800)


def test_bad_cover_files_get_clear_messages(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = EventDialog(window, window.document.schedule.event)
    qtbot.addWidget(dialog)
    text = tmp_path / "cover.png"
    text.write_text("not an image")
    assert not dialog.load_cover_file(text)
    assert "cover.png" in dialog.error_label.text() and "not an image" in dialog.error_label.text()
    bmp = tmp_path / "cover.bmp"
    Image.new("RGB", (100, 100)).save(bmp, "BMP")
    assert not dialog.load_cover_file(bmp)
    assert "BMP images are not accepted" in dialog.error_label.text()


def test_event_edit_saves_at_once_and_undoes(qtbot, window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    ev = Event(**{**doc.schedule.event.__dict__}) if hasattr(doc.schedule.event, "__dict__") else None
    import copy

    ev = copy.deepcopy(doc.schedule.event)
    ev.name = "Spring Gala"
    ev.slug = "spring-gala"
    assert doc.save_event(ev)
    assert reopen(db_path, "spring-gala").event.name == "Spring Gala"
    assert window.windowTitle().startswith("Spring Gala")
    assert "Spring Gala" in window.event_switcher.currentText()
    window.act_undo.trigger()
    assert reopen(db_path, "winter-gala-2026").event.name == "Winter Gala 2026"
    window.act_redo.trigger()
    assert reopen(db_path, "spring-gala").event.name == "Spring Gala"


def test_rooms_dialog_adds_renames_reorders_and_removes(  # type: ignore[no-untyped-def]
    qtbot, window, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = window.document
    dialog = RoomsDialog(window, doc)
    qtbot.addWidget(dialog)
    slug = doc.slug
    assert dialog.table.rowCount() == 4
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert [r.name for r in reopen(db_path, slug).sorted_rooms()][-1] == "Room 5"
    # rename by typing in the cell
    cell = dialog.table.item(4, 0)
    assert cell is not None
    cell.setText("Press Room")
    assert [r.name for r in reopen(db_path, slug).sorted_rooms()][-1] == "Press Room"
    # move it up
    dialog.table.selectRow(4)
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert [r.name for r in reopen(db_path, slug).sorted_rooms()][3] == "Press Room"
    # remove Main Stage: its sessions stay, unscheduled
    dialog.table.selectRow(0)
    monkeypatch.setattr(dialog, "confirm", lambda question: True)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    after = reopen(db_path, slug)
    assert "Main Stage" not in {r.name for r in after.rooms}
    assert len(after.sessions) == len(doc.schedule.sessions)
    # undo the removal: the room and its sessions' places come back
    window.act_undo.trigger()
    back = reopen(db_path, slug)
    main = next(r for r in back.rooms if r.name == "Main Stage")
    assert sum(1 for s in back.sessions if s.room == main.guid and s.start is not None) == 7


def test_reload_reads_what_the_command_line_changed(qtbot, window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    slug = doc.slug
    with Store.open(db_path) as other:  # another program edits the store
        sched = other.load(slug)
        s = next(x for x in sched.sessions if x.title == "After-party")
        s.title = "After-party (extended)"
        other.apply(slug, edits.save_sessions(sched, [s]))
    assert "After-party (extended)" not in {x.title for x in doc.schedule.sessions}
    window.act_reload.trigger()
    assert "After-party (extended)" in {x.title for x in window.document.schedule.sessions}
    assert window.document.undo_stack.count() == 0


def test_toolbar_undo_keeps_a_short_label(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    import copy

    doc = window.document
    short = window.findChild(type(window.act_undo), "actionUndoToolbar")
    assert short is not None and not short.isEnabled()
    s = copy.deepcopy(doc.schedule.sessions[0])
    s.title = "Renamed"
    assert doc.save_sessions([s], "Rename session")
    assert short.isEnabled() and short.text() == "Undo"
    assert "Rename session" in short.toolTip()
    short.trigger()
    assert doc.session(s.guid).title != "Renamed"


def test_first_paint_shows_the_event_and_conflicts_follow(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two-stage start: the first paint has the grid's blocks; the conflict check of the
    whole event fills the panel and the status bar just after it."""
    from PySide6.QtCore import QEvent, QObject

    w = create_window(db_path)
    qtbot.addWidget(w)
    seen: list[tuple[int, str, str]] = []

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
            if ev.type() == QEvent.Type.Paint and not seen:
                seen.append(
                    (
                        len(w.schedule_view.timeline.blocks),
                        w.conflict_status.text(),
                        w.conflicts_dock.widget().text(),
                    )
                )
            return False

    f = FirstPaint()
    w.installEventFilter(f)
    w.show()
    qtbot.waitUntil(lambda: bool(seen))
    blocks, status, panel_text = seen[0]
    assert blocks >= 18
    assert status == "" and panel_text == "Checking the schedule for conflicts…"
    qtbot.waitUntil(lambda: w.conflict_status.text().endswith("warnings"))
    assert w.conflicts_panel.model.rowCount() > 0
    marked = [b for b in w.schedule_view.timeline.blocks.values() if b.conflict]
    assert marked, "blocks in conflict are marked once the check has run"
    w.removeEventFilter(f)
