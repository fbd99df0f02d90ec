"""File > Import (preview, report, zone), the re-import differences, and File > Export,
driven through the real widgets; modal prompts are replaced, never exec'd."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QTreeWidget

from planner.app import create_window
from planner.interop import read
from planner.store import Store
from planner.ui import export_dialog, import_dialog
from planner.ui.import_dialog import DiffDialog, ImportPreviewDialog


@pytest.fixture
def window(qtbot, db_path: Path):  # type: ignore[no-untyped-def]
    w = create_window(db_path)
    qtbot.addWidget(w)
    errors: list[str] = []
    w.show_error = errors.append
    w.errors = errors
    return w


def top_texts(tree: QTreeWidget) -> list[str]:
    """The first column of the tree's top-level rows."""
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return [item.text(0) for item in items if item is not None]


def test_import_preview_then_new_event(window, monkeypatch, schedules_dir: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    seen: list[QDialog] = []

    def accept(dialog: QDialog) -> bool:
        seen.append(dialog)
        assert isinstance(dialog, ImportPreviewDialog)
        assert "883</b> sessions" in dialog.summary.text()
        assert "Europe/Brussels (declared in the file)" in dialog.zone_note.text()
        dialog.name_edit.setText("FOSDEM 26")
        return True

    monkeypatch.setattr(import_dialog, "run_dialog", accept)
    slug = import_dialog.import_schedule(window, schedules_dir / "fosdem-2026-schedule.xml")
    assert slug == "fosdem-26" and seen
    assert window.document is not None and window.document.slug == "fosdem-26"
    with Store.open(db_path) as s:
        assert len(s.load("fosdem-26").sessions) == 883
    assert window.errors == []


def test_preview_reports_quirks_and_rereads_with_another_zone(qtbot, window, schedules_dir: Path) -> None:  # type: ignore[no-untyped-def]
    path = schedules_dir / "fosdem-2021-schedule.xml"
    dialog = ImportPreviewDialog(window, path, read(path), None)
    qtbot.addWidget(dialog)
    kinds = top_texts(dialog.tree)
    assert "Adjusted: empty room" in kinds
    assert "names no time zone" in dialog.zone_note.text()
    before = dialog.import_result.schedule.sessions[0].start
    dialog.zone_combo.setCurrentText("Europe/Brussels")
    dialog.zone_combo.activated.emit(0)
    assert dialog.import_result.schedule.event.timezone == "Europe/Brussels"
    assert dialog.import_result.schedule.sessions[0].start != before
    assert not dialog.as_update.isVisible()


def test_bad_file_shows_one_sentence_and_changes_nothing(window, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.xml"
    bad.write_text("<schedule><day>")
    with Store.open(db_path) as s:
        before = s.list_events()
    assert import_dialog.import_schedule(window, bad) is None
    assert len(window.errors) == 1 and "bad.xml:1" in window.errors[0]
    with Store.open(db_path) as s:
        assert s.list_events() == before


@pytest.mark.slow
def test_reimport_shows_differences_then_applies(qtbot, window, monkeypatch, schedules_dir: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(import_dialog, "run_dialog", lambda d: True)
    slug = import_dialog.import_schedule(window, schedules_dir / "39c3-schedule-early-2025-12-06.xml")
    assert slug is not None and window.document.slug == slug
    assert len(window.document.schedule.sessions) == 215
    dialogs: list[QDialog] = []

    def choose_update(dialog: QDialog) -> bool:
        dialogs.append(dialog)
        if isinstance(dialog, ImportPreviewDialog):
            assert dialog.as_update.isVisibleTo(dialog)
            dialog.as_update.setChecked(True)
        else:
            assert isinstance(dialog, DiffDialog)
            titles = top_texts(dialog.tree)
            assert [t.split(" ")[0] for t in titles] == ["Added", "Removed", "Moved", "Retimed", "Renamed"]
            assert dialog.apply_button.isEnabled()
        return True

    monkeypatch.setattr(import_dialog, "run_dialog", choose_update)
    assert import_dialog.import_schedule(window, schedules_dir / "39c3-everything-schedule.xml") == slug
    assert len(dialogs) == 2
    assert len(window.document.schedule.sessions) == 895
    assert window.event_switcher.count() == 2  # demo + 39c3: no new event
    # The update is one undo step: undo brings back the early version, in the store too.
    window.act_undo.trigger()
    assert len(window.document.schedule.sessions) == 215
    with Store.open(window.store.path) as other:
        assert len(other.load(slug).sessions) == 215
    window.act_redo.trigger()
    assert len(window.document.schedule.sessions) == 895


def test_export_follows_chosen_type(window, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for filter_, name, magic in (
        ("PDF programme, Letter (*.pdf)", "prog", b"%PDF"),
        ("iCalendar (*.ics)", "cal.ics", b"BEGIN:VCALENDAR"),
        ("frab XML, for Giggity, ConfClerk, EventFahrplan (*.xml)", "s", b"<?xml"),
    ):
        monkeypatch.setattr(
            export_dialog,
            "choose_export_file",
            lambda parent, suggested, f=filter_, n=name: (tmp_path / n, f),
        )
        out = export_dialog.export_schedule(window)
        assert out is not None and out.read_bytes().startswith(magic)
    assert (tmp_path / "prog.pdf").exists() and (tmp_path / "s.xml").exists()
    assert window.errors == []
    assert "Exported" in window.statusBar().currentMessage()


def test_menu_action_is_wired(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[bool] = []
    monkeypatch.setattr(import_dialog, "choose_import_file", lambda parent: asked.append(True))
    window.act_import.trigger()
    assert asked == [True]
