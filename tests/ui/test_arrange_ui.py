"""Pins on the grid (key, menu, one undo step each) and the Arrange dialog: the proposal
drawn before anything changes, Apply as one undo step, Discard and Stop."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.domain.conflicts import ERROR, check_all_pairs
from planner.domain.model import Pin
from planner.store import Store
from planner.ui.arrange_dialog import ArrangeDialog
from planner.ui.document import EventDocument
from planner.ui.schedule_view import ScheduleView
from tests.ui.test_timeline import DAY1, at, centre, small_schedule


@pytest.fixture
def setup(qtbot, db_path: Path):  # type: ignore[no-untyped-def]
    store = Store.open(db_path)
    schedule = small_schedule()
    clash = next(s for s in schedule.sessions if s.guid == "s-work")
    clash.speakers = ["p-ada"]  # Ada now talks in Hall and Studio at 10:00: an error to repair
    slug = store.add_schedule(schedule)
    doc = EventDocument(store, slug)
    sv = ScheduleView()
    qtbot.addWidget(sv)
    sv.resize(1200, 800)
    sv.set_document(doc)
    sv.show()
    qtbot.waitExposed(sv)
    sv.timeline.jump_to_day(DAY1)
    QApplication.processEvents()
    yield sv, doc
    sv.set_document(None)
    store.close()


def errors(doc: EventDocument) -> int:
    return sum(1 for c in check_all_pairs(doc.schedule) if c.severity == ERROR)


def test_the_l_key_pins_and_unpins_the_selection(setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc = setup
    view = sv.timeline
    view.select(["s-open"])
    view.setFocus()
    QTest.keyClick(view.viewport(), Qt.Key.Key_L)
    assert doc.session("s-open").pin == Pin.FULL
    QTest.keyClick(view.viewport(), Qt.Key.Key_L, Qt.KeyboardModifier.ShiftModifier)
    assert doc.session("s-open").pin == Pin.ROOM
    QTest.keyClick(view.viewport(), Qt.Key.Key_L, Qt.KeyboardModifier.ShiftModifier)
    assert doc.session("s-open").pin == Pin.NONE
    doc.undo_stack.undo()
    assert doc.session("s-open").pin == Pin.ROOM
    assert doc.undo_stack.undoText() == "Pin to room Opening"


def test_the_block_menu_pins(setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc = setup
    view = sv.timeline
    menu = view.build_context_menu(centre(view, "s-deep"))
    assert menu is not None
    act = next(a for a in menu.actions() if a.objectName() == "actionPin")
    assert not act.isChecked()
    act.trigger()
    assert doc.session("s-deep").pin == Pin.FULL
    menu = view.build_context_menu(centre(view, "s-deep"))
    assert menu is not None
    assert next(a for a in menu.actions() if a.objectName() == "actionPin").isChecked()


def run_dialog(qtbot, sv: ScheduleView, doc: EventDocument, mode: str, seconds: int = 3) -> ArrangeDialog:  # type: ignore[no-untyped-def]
    dialog = ArrangeDialog(doc, sv.timeline)
    qtbot.addWidget(dialog)
    dialog.mode.setCurrentIndex(dialog.mode.findData(mode))
    dialog.seconds.setValue(seconds)
    dialog.show()
    dialog.run_button.click()
    assert not dialog.run_button.isEnabled() and dialog.stop_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.proposal is not None, timeout=30_000)
    return dialog


def test_repair_is_drawn_first_and_applied_as_one_undo_step(qtbot, setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc = setup
    assert errors(doc) == 1
    depth = doc.undo_stack.count()
    dialog = run_dialog(qtbot, sv, doc, "repair")
    assert errors(doc) == 1 and doc.undo_stack.count() == depth  # nothing changed yet
    assert dialog.changes.count() == 1 and dialog.changes.item(0).text().startswith("Move “")
    assert len(sv.timeline.proposal.items) == 2  # the outline at the new place and the line to it
    assert dialog.apply_button.isEnabled()
    dialog.apply_button.click()
    assert errors(doc) == 0 and doc.undo_stack.count() == depth + 1
    assert sv.timeline.proposal.items == []
    doc.undo_stack.undo()
    assert errors(doc) == 1


def test_discard_changes_nothing(qtbot, setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc = setup
    before = {s.guid: (s.start, s.room) for s in doc.schedule.sessions}
    dialog = run_dialog(qtbot, sv, doc, "place")
    assert dialog.changes.count() == 1  # the waiting talk
    assert dialog.changes.item(0).text().startswith("Place “Waiting talk”")
    dialog.discard_button.click()
    assert {s.guid: (s.start, s.room) for s in doc.schedule.sessions} == before
    assert sv.timeline.proposal.items == []


def test_stop_keeps_the_best_so_far(qtbot, setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc = setup
    dialog = ArrangeDialog(doc, sv.timeline)
    qtbot.addWidget(dialog)
    dialog.mode.setCurrentIndex(dialog.mode.findData("rebuild"))
    dialog.seconds.setValue(600)
    dialog.run_button.click()
    dialog.stop_button.click()
    qtbot.waitUntil(lambda: dialog.proposal is not None, timeout=30_000)
    assert dialog.proposal is not None and dialog.proposal.unplaced == []
    assert dialog.run_button.isEnabled()


def test_scope_options(qtbot, setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc = setup
    dialog = ArrangeDialog(doc, sv.timeline)
    qtbot.addWidget(dialog)
    dialog.scope.setCurrentIndex(dialog.scope.findData("day"))
    dialog.day.setCurrentIndex(1)
    assert dialog.options()["days"] == [DAY1.replace(day=DAY1.day + 1)]
    dialog.scope.setCurrentIndex(dialog.scope.findData("rooms"))
    dialog.rooms.item(1).setCheckState(Qt.CheckState.Checked)
    assert dialog.options()["rooms"] == ["r-studio"]
    sv.timeline.select(["s-open"])
    dialog.scope.setCurrentIndex(dialog.scope.findData("selection"))
    assert dialog.options()["scope"] == ["s-open"]
    assert at(DAY1, 9).hour == 9
