"""The conflicts panel with real widgets: listing, filters, reveal, acknowledge, rules."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from planner.demo import demo_schedule
from planner.domain.conflicts import ConflictEngine, check_all_pairs
from planner.store import Store
from planner.ui.conflicts_panel import ConflictsPanel, RuleSettingsDialog
from planner.ui.document import EventDocument


@pytest.fixture
def doc(store: Store) -> EventDocument:
    slug = store.add_schedule(demo_schedule())
    return EventDocument(store, slug)


@pytest.fixture
def panel(qtbot: QtBot, doc: EventDocument) -> ConflictsPanel:
    p = ConflictsPanel()
    qtbot.addWidget(p)
    p.resize(1200, 300)
    p.show()
    p.set_document(doc)
    return p


def _click_row(qtbot: QtBot, panel: ConflictsPanel, row: int) -> None:
    index = panel.proxy.index(row, 3)
    rect = panel.table.visualRect(index)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_lists_the_open_conflicts_and_reports_counts(qtbot: QtBot, store: Store, doc: EventDocument) -> None:
    p = ConflictsPanel()
    qtbot.addWidget(p)
    counts: list[tuple[int, int]] = []
    p.counts_changed.connect(lambda e, w: counts.append((e, w)))
    assert p.empty.text() == "No event open."
    p.set_document(doc)
    expected = check_all_pairs(doc.schedule)
    assert {c.key for c in p.visible_conflicts()} == {c.key for c in expected}
    assert counts[-1] == (1, 9)
    assert p.model.rowCount() == 10
    assert "1 error, 9 warnings open" in p.summary.text()


def test_filters_by_severity_rule_and_acknowledged(panel: ConflictsPanel) -> None:
    panel.severity_filter.setCurrentIndex(panel.severity_filter.findData("error"))
    assert [c.rule for c in panel.visible_conflicts()] == ["person-double-booked"]
    panel.severity_filter.setCurrentIndex(0)
    panel.rule_filter.setCurrentIndex(panel.rule_filter.findData("unsociable-hour"))
    assert len(panel.visible_conflicts()) == 9
    panel.rule_filter.setCurrentIndex(panel.rule_filter.findData("room-overlap"))
    assert panel.visible_conflicts() == []
    assert panel.pages.currentWidget() is panel.empty
    assert "filters" in panel.empty.text()
    panel.rule_filter.setCurrentIndex(0)
    panel.ack_filter.setCurrentIndex(panel.ack_filter.findData("acknowledged"))
    assert panel.visible_conflicts() == []


def test_clicking_a_conflict_reveals_its_sessions(qtbot: QtBot, panel: ConflictsPanel) -> None:
    panel.severity_filter.setCurrentIndex(panel.severity_filter.findData("error"))
    conflict = panel.visible_conflicts()[0]
    with qtbot.waitSignal(panel.reveal_sessions) as blocker:
        _click_row(qtbot, panel, 0)
    assert blocker.args == [list(conflict.sessions)]
    assert len(conflict.sessions) == 2


def test_acknowledge_with_a_note_then_undo(
    qtbot: QtBot, panel: ConflictsPanel, doc: EventDocument, store: Store
) -> None:
    panel.severity_filter.setCurrentIndex(panel.severity_filter.findData("error"))
    conflict = panel.visible_conflicts()[0]
    _click_row(qtbot, panel, 0)
    assert panel.ack_button.isEnabled() and not panel.reopen_button.isEnabled()
    asked: list[int] = []

    def ask(conflicts: list) -> str:
        asked.append(len(conflicts))
        return "  pre-recorded set  "

    panel.ask_note = ask  # type: ignore[method-assign]
    with qtbot.waitSignal(panel.counts_changed) as blocker:
        qtbot.mouseClick(panel.ack_button, Qt.MouseButton.LeftButton)
    assert asked == [1]
    assert blocker.args == [0, 9]
    # saved at once, and still listed as acknowledged
    saved = {a.key: a.note for a in store.load(doc.slug).acknowledgements}
    assert saved == {conflict.key: "pre-recorded set"}
    assert panel.visible_conflicts() == []  # "Open" hides it ...
    panel.ack_filter.setCurrentIndex(panel.ack_filter.findData("all"))
    (shown,) = panel.visible_conflicts()
    assert shown.acknowledged and shown.note == "pre-recorded set"
    marks = doc.conflict_engine.conflicted_sessions()
    assert all(marks.get(g) != "error" for g in conflict.sessions)  # warnings of theirs remain
    doc.undo_stack.undo()
    assert store.load(doc.slug).acknowledgements == []
    assert not panel.visible_conflicts()[0].acknowledged
    doc.undo_stack.redo()
    _click_row(qtbot, panel, 0)
    assert panel.reopen_button.isEnabled()
    qtbot.mouseClick(panel.reopen_button, Qt.MouseButton.LeftButton)
    assert store.load(doc.slug).acknowledgements == []


def test_cancelled_note_acknowledges_nothing(
    qtbot: QtBot, panel: ConflictsPanel, store: Store, doc: EventDocument
) -> None:
    _click_row(qtbot, panel, 0)
    panel.ask_note = lambda conflicts: None  # type: ignore[method-assign]
    qtbot.mouseClick(panel.ack_button, Qt.MouseButton.LeftButton)
    assert store.load(doc.slug).acknowledgements == []
    assert doc.undo_stack.count() == 0


def test_rule_severities_are_edited_per_event(
    qtbot: QtBot, panel: ConflictsPanel, doc: EventDocument, store: Store
) -> None:
    seen: list[RuleSettingsDialog] = []

    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, RuleSettingsDialog)
        seen.append(dialog)
        combo = dialog.combos["unsociable-hour"]
        combo.setCurrentIndex(combo.findData("off"))
        combo = dialog.combos["person-double-booked"]
        combo.setCurrentIndex(combo.findData("warning"))
        dialog.travel.setValue(20)
        return True

    panel.run_dialog = run  # type: ignore[method-assign]
    with qtbot.waitSignal(panel.counts_changed) as blocker:
        qtbot.mouseClick(panel.rules_button, Qt.MouseButton.LeftButton)
    assert seen and blocker.args == [0, 1]
    stored = store.load(doc.slug).event.rule_severities
    assert stored == {
        "unsociable-hour": "off",
        "person-double-booked": "warning",
        "travel-buffer-minutes": "20",
    }
    doc.undo_stack.undo()
    assert store.load(doc.slug).event.rule_severities == {}
    assert panel.model.rowCount() == 10


def test_rules_dialog_cancel_changes_nothing(panel: ConflictsPanel, doc: EventDocument) -> None:
    panel.run_dialog = lambda dialog: False  # type: ignore[method-assign]
    panel.edit_rules()
    assert doc.undo_stack.count() == 0


def test_moving_a_session_updates_the_panel(qtbot: QtBot, panel: ConflictsPanel, doc: EventDocument) -> None:
    (clash,) = [c for c in panel.visible_conflicts() if c.rule == "person-double-booked"]
    moved = copy.deepcopy(doc.session(clash.sessions[0]))
    other = doc.session(clash.sessions[1])
    assert moved.start is not None and other.end is not None
    moved.start = other.end
    with qtbot.waitSignal(panel.counts_changed) as blocker:
        doc.save_sessions([moved], "Move")
    reference = check_all_pairs(doc.schedule)
    assert blocker.args[0] == sum(1 for c in reference if c.severity == "error")
    assert all(c.rule != "person-double-booked" for c in panel.visible_conflicts())
    assert {c.key for c in panel.visible_conflicts()} == {c.key for c in reference}
    doc.undo_stack.undo()
    assert doc.conflict_engine.counts()[0] == 1
    assert any(c.rule == "person-double-booked" for c in panel.visible_conflicts())


def test_no_conflicts_shows_a_plain_sentence(panel: ConflictsPanel, doc: EventDocument) -> None:
    event = copy.deepcopy(doc.schedule.event)
    event.rule_severities = {"unsociable-hour": "off", "person-double-booked": "off"}
    doc.save_event(event)
    assert panel.pages.currentWidget() is panel.empty
    assert panel.empty.text().startswith("No conflicts")


@pytest.mark.slow
def test_panel_on_38c3(qtbot: QtBot, store: Store, schedules_dir: Path) -> None:
    """The panel with the real 38C3 conflicts. With PLANNER_SCREENSHOTS=DIR set, it also
    saves the pictures in docs/ (conflicts-38c3*.png)."""
    from planner.interop import read

    slug = store.add_schedule(read(schedules_dir / "38c3-schedule-2025-03-04.xml").schedule)
    doc = EventDocument(store, slug)
    panel = ConflictsPanel()
    qtbot.addWidget(panel)
    panel.resize(1400, 420)
    panel.show()
    counts: list[tuple[int, int]] = []
    panel.counts_changed.connect(lambda e, w: counts.append((e, w)))
    panel.set_document(doc)
    engine = doc.conflict_engine
    assert counts[-1] == engine.counts()
    rules = [c.rule for c in engine.conflicts()]
    assert rules.count("room-overlap") == 2 and rules.count("person-double-booked") == 140
    errors = counts[-1][0]
    assert errors == 142 + rules.count("outside-event")  # the reader's day hours decide those
    assert len(panel.visible_conflicts()) == len(engine.conflicts())
    # acknowledge the two Chill Floor overlaps (DJ sets meant to overlap)
    panel.rule_filter.setCurrentIndex(panel.rule_filter.findData("room-overlap"))
    assert len(panel.visible_conflicts()) == 2
    panel.table.selectAll()
    panel.ask_note = lambda conflicts: "DJ sets hand over on the Chill Floor"  # type: ignore[method-assign]
    panel.acknowledge_selected()
    assert engine is doc.conflict_engine and engine.counts()[0] == counts[-1][0] == errors - 2
    out = os.environ.get("PLANNER_SCREENSHOTS")
    panel.ack_filter.setCurrentIndex(panel.ack_filter.findData("all"))
    panel.rule_filter.setCurrentIndex(0)
    panel.table.clearSelection()
    if out:
        panel.grab().save(str(Path(out) / "conflicts-38c3.png"))
    panel.rule_filter.setCurrentIndex(panel.rule_filter.findData("room-overlap"))
    assert all(c.acknowledged for c in panel.visible_conflicts())
    if out:
        panel.grab().save(str(Path(out) / "conflicts-38c3-acknowledged.png"))
    panel.rule_filter.setCurrentIndex(panel.rule_filter.findData("person-double-booked"))
    panel.table.selectRow(0)
    if out:
        panel.grab().save(str(Path(out) / "conflicts-38c3-double-booked.png"))
        dialog = RuleSettingsDialog(doc.schedule.event, panel)
        dialog.show()
        dialog.grab().save(str(Path(out) / "conflicts-rules-dialog.png"))
        dialog.close()


def test_document_engine_is_shared_and_current_before_views_redraw(doc: EventDocument) -> None:
    engine = doc.conflict_engine
    assert isinstance(engine, ConflictEngine) and doc.conflict_engine is engine
    seen: list[int] = []
    # a view connected after the document was made hears ``changed`` after the engine
    doc.changed.connect(lambda guids: seen.append(len(doc.conflict_engine.conflicts())))
    s = copy.deepcopy(doc.schedule.sessions[0])
    clone = copy.deepcopy(s)
    clone.guid = "clone"
    clone.speakers, clone.moderators = [], []
    doc.save_sessions([clone], "Add a clone in the same room")
    expected = check_all_pairs(doc.schedule)
    assert any(c.rule == "room-overlap" and "clone" in c.sessions for c in expected)
    assert seen == [len(expected)]
    assert doc.conflict_engine.conflicts() == expected


def test_window_shows_the_schedule_when_a_conflict_is_clicked(
    qtbot: QtBot, store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.ui.main_window import MainWindow

    slug = store.add_schedule(demo_schedule())
    window = MainWindow(store, slug)
    qtbot.addWidget(window)
    window.tabs.setCurrentWidget(window.people_view)
    asked: list[list[str]] = []
    monkeypatch.setattr(window.schedule_view, "reveal_sessions", asked.append)
    # The check of the whole event follows at the first turn of the event loop.
    assert window.conflict_status.text() == ""
    pending = window.conflicts_dock.widget()
    assert isinstance(pending, QLabel) and pending.text() == "Checking the schedule for conflicts…"
    qtbot.waitUntil(lambda: window.conflict_status.text() == "1 error, 9 warnings")
    panel = window.conflicts_panel
    assert window.conflicts_dock.widget() is panel
    panel.reveal_sessions.emit(["a", "b"])
    assert window.tabs.currentWidget() is window.schedule_view
    assert asked == [["a", "b"]]
