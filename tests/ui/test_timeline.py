"""The timeline driven like a user would: mouse events on the real view's viewport."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from planner.domain.model import Event, Interval, Person, Room, Schedule, Session, SessionKind
from planner.store import Store
from planner.ui.document import EventDocument
from planner.ui.schedule_view import ScheduleView
from planner.ui.session_dialog import SessionDialog
from planner.ui.timeline.items import BlockItem
from planner.ui.timeline.view import PERSON_MIME, TimelineView

DAY1 = date(2026, 5, 4)
L = Qt.MouseButton.LeftButton
NO = Qt.KeyboardModifier.NoModifier


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=UTC)


def small_schedule() -> Schedule:
    ev = Event(
        name="Test Days",
        first_day=DAY1,
        last_day=DAY1 + timedelta(days=1),
        timezone="UTC",
        slot_minutes=15,
        day_start_minute=9 * 60,
        day_end_minute=18 * 60,
        slug="test-days",
    )
    rooms = [Room("Hall", 0, guid="r-hall"), Room("Studio", 1, guid="r-studio"), Room("Lab", 2, guid="r-lab")]
    ada = Person("Ada", guid="p-ada")
    bob = Person("Bob", guid="p-bob", availability=[Interval(at(DAY1, 9), at(DAY1, 12))])
    cy = Person("Cy", guid="p-cy")
    sessions = [
        Session(
            "Opening",
            start=at(DAY1, 10),
            duration_minutes=30,
            room="r-hall",
            speakers=["p-ada"],
            guid="s-open",
        ),
        Session(
            "Deep dive",
            start=at(DAY1, 11),
            duration_minutes=60,
            room="r-hall",
            speakers=["p-bob"],
            guid="s-deep",
            checklist={"mic": True, "slides": False},
        ),
        Session("Workshop", start=at(DAY1, 10), duration_minutes=45, room="r-studio", guid="s-work"),
        Session("Lunch", kind=SessionKind.BREAK, start=at(DAY1, 12, 30), duration_minutes=45, guid="s-lunch"),
        Session("Waiting talk", duration_minutes=30, guid="s-wait", speakers=["p-cy"]),
    ]
    return Schedule(ev, rooms, sessions, [ada, bob, cy])


@pytest.fixture
def setup(qtbot, db_path: Path):  # type: ignore[no-untyped-def]
    store = Store.open(db_path)
    slug = store.add_schedule(small_schedule())
    doc = EventDocument(store, slug)
    sv = ScheduleView()
    qtbot.addWidget(sv)
    sv.resize(1200, 800)
    sv.timeline.auto_width = False
    sv.timeline.px_per_minute = 2.0
    sv.timeline.column_width = 200.0
    sv.set_document(doc)
    sv.show()
    qtbot.waitExposed(sv)
    sv.timeline.jump_to_day(DAY1)
    QApplication.processEvents()
    yield sv, doc, db_path
    sv.set_document(None)
    store.close()


def reloaded(db_path: Path, slug: str) -> dict[str, Session]:
    """What a second, independent store connection sees."""
    other = Store.open(db_path)
    try:
        return {s.guid: s for s in other.load(slug).sessions}
    finally:
        other.close()


def centre(view: TimelineView, guid: str, dy: float = 0.0) -> QPoint:
    item = view.blocks[guid]
    r = item.sceneBoundingRect()
    return view.mapFromScene(QPointF(r.center().x(), r.top() + 12 + dy))


def point(view: TimelineView, room: str, when: datetime) -> QPoint:
    grid = view.grid
    assert grid is not None
    x = grid.x_of(room)
    assert x is not None
    return view.mapFromScene(QPointF(x + grid.column_width / 2, grid.y_of(when)))


def drag(
    view: TimelineView, start: QPoint, end: QPoint, steps: int = 4, modifiers: Qt.KeyboardModifier = NO
) -> None:
    vp = view.viewport()
    QTest.mousePress(vp, L, modifiers, start)
    for i in range(1, steps + 1):
        QTest.mouseMove(vp, start + (end - start) * (i / steps))
    QTest.mouseRelease(vp, L, modifiers, end)


def test_blocks_mirror_the_document(setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc, _ = setup
    view = sv.timeline
    assert view.objectName() == "timeline"
    assert set(view.blocks) == {"s-open", "s-deep", "s-work"}
    for g, item in view.blocks.items():
        assert item.data(0) == g
    assert "s-lunch" in view.bands  # a break without a room spans all rooms
    assert sv.tray.guids() == ["s-wait"]
    assert view.blocks["s-deep"].checklist == (1, 2)
    r = view.blocks["s-open"].sceneBoundingRect()
    assert r.height() == pytest.approx(60)  # 30 minutes at 2 px a minute
    assert view.blocks["s-open"].texts() == ("Opening", "10:00–10:30", "Ada")
    tip = view.tooltip_of(doc.session("s-deep"))
    assert "Speakers: Bob" in tip and "Checklist: 1/2 done" in tip and "Hall" in tip


def test_move_within_a_room_undo_redo(setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc, db = setup
    view = sv.timeline
    p0 = centre(view, "s-open")
    drag(view, p0, p0 + QPoint(0, 60 * 2))  # one hour down (2 px a minute)
    assert doc.session("s-open").start == at(DAY1, 11)
    assert doc.session("s-open").room == "r-hall"
    assert reloaded(db, doc.slug)["s-open"].start == at(DAY1, 11)
    assert view.blocks["s-open"].sceneBoundingRect().top() == pytest.approx(view.grid.y_of(at(DAY1, 11)))
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert reloaded(db, doc.slug)["s-open"].start == at(DAY1, 10)
    assert view.blocks["s-open"].sceneBoundingRect().top() == pytest.approx(view.grid.y_of(at(DAY1, 10)))
    doc.undo_stack.redo()
    assert reloaded(db, doc.slug)["s-open"].start == at(DAY1, 11)


def test_a_click_without_moving_changes_nothing(setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc, _ = setup
    view = sv.timeline
    p0 = centre(view, "s-open")
    QTest.mouseClick(view.viewport(), L, NO, p0)
    assert doc.undo_stack.count() == 0
    assert view.blocks["s-open"].isSelected()


def test_move_to_another_room(setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc, db = setup
    view = sv.timeline
    p0 = centre(view, "s-work")
    drag(view, p0, p0 + QPoint(200, 0))  # one column to the right
    assert doc.session("s-work").room == "r-lab"
    assert doc.session("s-work").start == at(DAY1, 10)
    assert reloaded(db, doc.slug)["s-work"].room == "r-lab"
    assert view.blocks["s-work"].sceneBoundingRect().left() == pytest.approx(view.grid.x_of("r-lab"))
    doc.undo_stack.undo()
    assert reloaded(db, doc.slug)["s-work"].room == "r-studio"
    doc.undo_stack.redo()
    assert reloaded(db, doc.slug)["s-work"].room == "r-lab"


@pytest.mark.parametrize(("slot", "expected"), [(15, 30), (5, 35), (30, 30), (10, 40)])
def test_move_snaps_to_the_chosen_slot(setup, slot: int, expected: int) -> None:  # type: ignore[no-untyped-def]
    sv, doc, db = setup
    view = sv.timeline
    sv.slot_combo.setCurrentIndex(sv.slot_combo.findData(slot))
    sv.slot_combo.activated.emit(sv.slot_combo.currentIndex())
    assert view.grid.slot == slot
    p0 = centre(view, "s-work")
    drag(view, p0, p0 + QPoint(0, 37 * 2))  # 37 minutes down
    assert doc.session("s-work").start == at(DAY1, 10, expected)
    assert reloaded(db, doc.slug)["s-work"].start == at(DAY1, 10, expected)
    doc.undo_stack.undo()
    assert reloaded(db, doc.slug)["s-work"].start == at(DAY1, 10)


def test_resize_the_bottom_edge(setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc, db = setup
    view = sv.timeline
    r = view.blocks["s-work"].sceneBoundingRect()
    p0 = view.mapFromScene(QPointF(r.center().x(), r.bottom() - 2))
    drag(view, p0, p0 + QPoint(0, 31 * 2))  # 45 + 31 minutes snaps to 75
    assert doc.session("s-work").duration_minutes == 75
    assert doc.session("s-work").start == at(DAY1, 10)
    assert reloaded(db, doc.slug)["s-work"].duration_minutes == 75
    assert view.blocks["s-work"].sceneBoundingRect().height() == pytest.approx(150)
    doc.undo_stack.undo()
    assert reloaded(db, doc.slug)["s-work"].duration_minutes == 45
    doc.undo_stack.redo()
    assert reloaded(db, doc.slug)["s-work"].duration_minutes == 75


def test_tray_to_grid_and_back(setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc, db = setup
    view, tray = sv.timeline, sv.tray
    item = tray.item(0)
    start = tray.visualItemRect(item).center()
    target = point(view, "r-lab", at(DAY1, 14, 5))  # snaps to 14:00
    target_in_tray = tray.viewport().mapFromGlobal(view.viewport().mapToGlobal(target))
    tvp = tray.viewport()
    QTest.mousePress(tvp, L, NO, start)
    QTest.mouseMove(tvp, start + QPoint(20, 0))
    QTest.mouseMove(tvp, target_in_tray)
    assert any(g.isVisible() for g in view.preview.ghosts)  # a ghost shows where it lands
    QTest.mouseRelease(tvp, L, NO, target_in_tray)
    s = doc.session("s-wait")
    assert (s.start, s.room) == (at(DAY1, 14), "r-lab")
    assert "s-wait" in view.blocks and tray.count() == 0
    assert reloaded(db, doc.slug)["s-wait"].room == "r-lab"

    # ... and back: drag the block onto the tray to unschedule it.
    p0 = centre(view, "s-wait")
    over_tray = view.viewport().mapFromGlobal(tray.mapToGlobal(tray.rect().center()))
    drag(view, p0, over_tray)
    assert not doc.session("s-wait").scheduled
    assert tray.guids() == ["s-wait"] and "s-wait" not in view.blocks
    assert reloaded(db, doc.slug)["s-wait"].start is None

    doc.undo_stack.undo()  # back into the grid
    assert reloaded(db, doc.slug)["s-wait"].room == "r-lab"
    assert "s-wait" in view.blocks
    doc.undo_stack.undo()  # back into the tray
    assert reloaded(db, doc.slug)["s-wait"].start is None
    assert tray.guids() == ["s-wait"]
    doc.undo_stack.redo()
    assert reloaded(db, doc.slug)["s-wait"].start == at(DAY1, 14)


def test_multi_block_move_is_one_undo_step(setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc, db = setup
    view = sv.timeline
    vp = view.viewport()
    QTest.mouseClick(vp, L, NO, centre(view, "s-open"))
    QTest.mouseClick(vp, L, Qt.KeyboardModifier.ControlModifier, centre(view, "s-work"))
    assert {g for g, i in view.blocks.items() if i.isSelected()} == {"s-open", "s-work"}
    p0 = centre(view, "s-open")
    drag(view, p0, p0 + QPoint(200, 120))  # one room right, one hour later
    assert (doc.session("s-open").room, doc.session("s-open").start) == ("r-studio", at(DAY1, 11))
    assert (doc.session("s-work").room, doc.session("s-work").start) == ("r-lab", at(DAY1, 11))
    assert doc.undo_stack.count() == 1
    seen = reloaded(db, doc.slug)
    assert seen["s-open"].room == "r-studio" and seen["s-work"].room == "r-lab"
    doc.undo_stack.undo()
    seen = reloaded(db, doc.slug)
    assert (seen["s-open"].room, seen["s-open"].start) == ("r-hall", at(DAY1, 10))
    assert (seen["s-work"].room, seen["s-work"].start) == ("r-studio", at(DAY1, 10))
    doc.undo_stack.redo()
    seen = reloaded(db, doc.slug)
    assert seen["s-open"].start == at(DAY1, 11) and seen["s-work"].start == at(DAY1, 11)


def test_rubber_band_selects(setup) -> None:  # type: ignore[no-untyped-def]
    sv, _doc, _ = setup
    view = sv.timeline
    a = point(view, "r-hall", at(DAY1, 9, 30)) - QPoint(80, 0)
    b = point(view, "r-studio", at(DAY1, 10, 50)) + QPoint(80, 0)
    drag(view, a, b, steps=6)
    assert {g for g, i in view.blocks.items() if i.isSelected()} == {"s-open", "s-work"}


def test_moves_between_days(setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc, db = setup
    view = sv.timeline
    day2 = DAY1 + timedelta(days=1)
    view.jump_to_day(DAY1)
    p0 = centre(view, "s-open")
    # Aim at 10:00 on day 2: the same time next day, in the band below.
    offset = view.grid.y_of(at(day2, 10)) - view.grid.y_of(at(DAY1, 10))
    view.verticalScrollBar().setValue(0)
    view.resize(view.width(), int(offset) + 400)
    QApplication.processEvents()
    p0 = centre(view, "s-open")
    drag(view, p0, p0 + QPoint(0, int(offset)))
    assert doc.session("s-open").start == at(day2, 10)
    assert reloaded(db, doc.slug)["s-open"].start == at(day2, 10)


def test_keys_move_unschedule_undo_redo(setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    sv, doc, db = setup
    view = sv.timeline
    view.select(["s-open"])
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert doc.session("s-open").start == at(DAY1, 10, 15)
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert doc.session("s-open").room == "r-studio"
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.session("s-open").room == "r-hall"
    QTest.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert doc.session("s-open").room == "r-studio"
    view.select(["s-open"])
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert not doc.session("s-open").scheduled
    assert reloaded(db, doc.slug)["s-open"].start is None
    assert "s-open" in sv.tray.guids()


def test_double_click_creates_and_edits(setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc, db = setup
    view = sv.timeline
    asked: list[Session] = []

    def editor(s: Session, schedule: Schedule, parent: object) -> Session:
        asked.append(s)
        s.title = "Edited " + s.title
        return s

    view.session_editor = editor
    QTest.mouseDClick(view.viewport(), L, NO, point(view, "r-lab", at(DAY1, 15, 20)))
    created = [s for s in doc.schedule.sessions if s.title == "Edited New session"]
    assert len(created) == 1
    assert (created[0].room, created[0].start) == ("r-lab", at(DAY1, 15, 15))
    assert created[0].guid in reloaded(db, doc.slug)
    QTest.mouseDClick(view.viewport(), L, NO, centre(view, "s-deep"))
    assert doc.session("s-deep").title == "Edited Deep dive"
    assert reloaded(db, doc.slug)["s-deep"].title == "Edited Deep dive"
    view.select(["s-work"])
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert asked[-1].guid == "s-work"


def test_drag_previews_conflicts_and_unavailable_time(setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc, _ = setup
    view = sv.timeline
    vp = view.viewport()
    p0 = centre(view, "s-work")
    target = point(view, "r-hall", at(DAY1, 11, 15)) + QPoint(0, 12)
    QTest.mousePress(vp, L, NO, p0)
    QTest.mouseMove(vp, p0 + QPoint(10, 10))
    QTest.mouseMove(vp, target)
    assert view.blocks["s-deep"].shaded  # the block it would clash with
    assert any("room" in str(getattr(c, "rule", "")) for c in view.last_preview)
    QTest.mouseRelease(vp, L, NO, target)
    assert not view.blocks["s-deep"].shaded
    assert view.blocks["s-work"].conflict == "error"  # now it is in a conflict, and marked
    doc.undo_stack.undo()
    assert view.blocks["s-work"].conflict is None

    # Bob is only available until 12:00: dragging his session shades the afternoon.
    p0 = centre(view, "s-deep")
    QTest.mousePress(vp, L, NO, p0)
    QTest.mouseMove(vp, p0 + QPoint(200, 5))
    QTest.mouseMove(vp, p0 + QPoint(200, 10))
    shades = [s for s in view.preview.shades if s.isVisible()]
    assert shades and shades[0].rect().top() == pytest.approx(view.grid.y_of(at(DAY1, 12)))
    QTest.mouseRelease(vp, L, NO, p0)  # dropped where it was: nothing changes
    assert doc.session("s-deep").room == "r-hall"


def test_a_person_dropped_on_a_block(setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc, db = setup
    view = sv.timeline
    for mods, role in ((NO, "speakers"), (Qt.KeyboardModifier.ShiftModifier, "moderators")):
        mime = QMimeData()
        mime.setData(PERSON_MIME, b"p-cy")
        pos = QPointF(centre(view, "s-work"))
        ev = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, mods)
        view.dropEvent(ev)
        assert "p-cy" in getattr(doc.session("s-work"), role)
        assert "p-cy" in getattr(reloaded(db, doc.slug)["s-work"], role)
    assert doc.session("s-work").speakers == []  # moved from speaker to moderator


def test_zoom_room_subset_and_day_jump(setup) -> None:  # type: ignore[no-untyped-def]
    sv, _doc, _ = setup
    view = sv.timeline
    before = view.grid.px_per_minute
    wheel = QWheelEvent(
        QPointF(100, 100),
        QPointF(view.viewport().mapToGlobal(QPoint(100, 100))),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.grid.px_per_minute > before
    h = view.blocks["s-open"].sceneBoundingRect().height()
    assert h == pytest.approx(30 * view.grid.px_per_minute)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Minus)
    assert view.grid.px_per_minute == pytest.approx(before)

    sv.show_rooms(["r-studio", "r-lab"])
    assert view.grid.rooms == ["r-studio", "r-lab"]
    assert set(view.blocks) == {"s-work"}
    assert sv.rooms_button.text() == "Rooms: 2 of 3"
    sv.show_rooms(None)
    assert len(view.grid.rooms) == 3

    sv.day_combo.activated.emit(1)
    day2_top = view.grid.day_top(DAY1 + timedelta(days=1))
    assert abs(view.mapToScene(QPoint(0, 0)).y() - (day2_top - view.grid.day_gap)) < 2
    assert sv.day_combo.currentIndex() == 1  # the day box follows the scrolling
    view.verticalScrollBar().setValue(0)
    assert sv.day_combo.currentIndex() == 0
    view.verticalScrollBar().setValue(int(day2_top))
    assert sv.day_combo.currentIndex() == 1


def test_context_menu_offers_the_session_actions(setup) -> None:  # type: ignore[no-untyped-def]
    sv, _doc, _ = setup
    view = sv.timeline
    menu = view.build_context_menu(centre(view, "s-open"))
    assert menu is not None
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts == [
        "Edit…",
        "Unschedule",
        "Delete session",
        "Schedule rehearsal…",
        "Checklist…",
        "Pin time and room\tL",
        "Pin to its room\tShift+L",
    ]
    empty = view.build_context_menu(point(view, "r-lab", at(DAY1, 16)))
    assert empty is not None and [a.text() for a in empty.actions()] == ["New session here…"]


def test_checklist_from_the_block_menu_is_one_undo_step(setup, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The block menu opens the real checklist dialog; what it saves is one undo step, in
    the store too: undo gives back the store as it was, redo the ticks."""
    from planner.ui import session_prep

    sv, doc, db_path = setup
    opened: list[str] = []

    def tick(dialog: QDialog) -> bool:  # the user's clicks in the dialog, then OK
        assert isinstance(dialog, session_prep.ChecklistDialog)
        opened.append(dialog.session.guid)
        dialog.boxes["Audio"].setChecked(True)
        dialog.new_item.setText("Captions ready")
        assert dialog.add_item()
        dialog.boxes["Captions ready"].setChecked(True)
        return True

    monkeypatch.setattr(session_prep, "run_dialog", tick)
    before = reloaded(db_path, doc.slug)
    assert before["s-open"].checklist == {}
    steps = doc.undo_stack.count()
    menu = sv.timeline.build_context_menu(centre(sv.timeline, "s-open"))
    assert menu is not None
    next(a for a in menu.actions() if a.objectName() == "actionChecklist").trigger()
    ticked = {
        "Audio": True,
        "Video": False,
        "Slides received": False,
        "Stream tested": False,
        "Moderator briefed": False,
        "Captions ready": True,
    }
    assert opened == ["s-open"]
    assert doc.undo_stack.count() == steps + 1
    assert doc.undo_stack.undoText() == "Checklist of Opening (2/6)"
    after = reloaded(db_path, doc.slug)
    assert list(after["s-open"].checklist.items()) == list(ticked.items())
    assert {g: s for g, s in after.items() if g != "s-open"} == {
        g: s for g, s in before.items() if g != "s-open"
    }
    assert doc.session("s-open").checklist == ticked
    doc.undo_stack.undo()
    assert reloaded(db_path, doc.slug) == before
    assert doc.session("s-open").checklist == {}
    doc.undo_stack.redo()
    assert reloaded(db_path, doc.slug) == after
    assert doc.session("s-open").checklist == ticked


def test_now_line_shows_only_during_the_event(setup) -> None:  # type: ignore[no-untyped-def]
    sv, _doc, _ = setup
    view = sv.timeline
    view.clock = lambda: at(DAY1, 13, 30)
    view.update_now_line()
    assert view.now_line.isVisible()
    assert view.now_line.line().y1() == pytest.approx(view.grid.y_of(at(DAY1, 13, 30)))
    view.clock = lambda: at(DAY1, 22)
    view.update_now_line()
    assert not view.now_line.isVisible()


def test_blocks_are_blocks(setup) -> None:  # type: ignore[no-untyped-def]
    sv, _doc, _ = setup
    assert all(isinstance(i, BlockItem) for i in sv.timeline.blocks.values())


# ------------------------------------------------------------ session dialog
def _dialog(qtbot: QtBot) -> tuple[SessionDialog, Session]:
    sched = small_schedule()
    s = next(x for x in sched.sessions if x.guid == "s-open")
    dlg = SessionDialog(s, sched)
    qtbot.addWidget(dlg)
    return dlg, s


def _tick(picker_list, guid: str) -> None:  # type: ignore[no-untyped-def]
    for i in range(picker_list.count()):
        if picker_list.item(i).data(Qt.ItemDataRole.UserRole) == guid:
            picker_list.item(i).setCheckState(Qt.CheckState.Checked)


def test_dialog_edits_every_field(qtbot) -> None:  # type: ignore[no-untyped-def]
    dlg, s = _dialog(qtbot)
    dlg.title.setText("  Opening night ")
    dlg.kind.setCurrentIndex(dlg.kind.findData("panel"))
    dlg.track.setText("Main")
    dlg.duration.setValue(50)
    dlg.room.setCurrentIndex(dlg.room.findData("r-lab"))
    dlg.start.setDateTime(dlg.start.dateTime().addSecs(3600))
    dlg.limit.setValue(120)
    dlg.description.setPlainText("Welcome")
    _tick(dlg.moderators.list, "p-bob")
    out = dlg.result_session()
    assert out.guid == s.guid
    assert (out.title, out.kind, out.track, out.duration_minutes) == (
        "Opening night",
        SessionKind.PANEL,
        "Main",
        50,
    )
    assert out.room == "r-lab" and out.start == at(DAY1, 11)
    assert out.participant_limit == 120 and out.description == "Welcome"
    assert out.speakers == ["p-ada"] and out.moderators == ["p-bob"]
    dlg.scheduled.setChecked(False)
    assert dlg.result_session().start is None


def test_dialog_says_what_is_wrong(qtbot) -> None:  # type: ignore[no-untyped-def]
    dlg, _s = _dialog(qtbot)
    _tick(dlg.moderators.list, "p-ada")  # already a speaker
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted
    assert "speaker and moderator" in dlg.message.text()
    dlg.title.setText("")
    dlg.accept()
    assert dlg.message.text().startswith("title")


# ----------------------------------------------------------------- autoscroll
def test_dragging_near_the_bottom_edge_scrolls(setup, qtbot) -> None:  # type: ignore[no-untyped-def]
    sv, doc, _ = setup
    view = sv.timeline
    sv.resize(900, 420)
    QApplication.processEvents()
    item = view.blocks["s-open"]
    view.verticalScrollBar().setValue(int(item.sceneBoundingRect().top() - 20))
    QApplication.processEvents()
    p0 = view.mapFromScene(item.sceneBoundingRect().center())
    vp = view.viewport()
    bottom = QPoint(p0.x(), vp.height() - 4)
    before = view.verticalScrollBar().value()
    QTest.mousePress(vp, L, NO, p0)
    QTest.mouseMove(vp, p0 + QPoint(0, 10))
    QTest.mouseMove(vp, bottom)
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() > before + 60, timeout=3000)
    QTest.mouseRelease(vp, L, NO, bottom)
    # The drop lands lower than the same mouse position would have without the scroll.
    without_scroll = view.grid.instant_at(before + bottom.y())
    assert doc.session("s-open").start > without_scroll


def test_a_dark_palette_gets_dark_blocks(setup) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette

    sv, _doc, _ = setup
    view = sv.timeline
    light_fill = view.blocks["s-open"].fill
    assert not view.style_.colours.dark and light_fill.lightnessF() > 0.6
    pal = QPalette(view.palette())
    pal.setColor(QPalette.ColorRole.Base, QColor(30, 30, 34))
    pal.setColor(QPalette.ColorRole.Window, QColor(45, 45, 50))
    pal.setColor(QPalette.ColorRole.Text, QColor(230, 230, 230))
    view.setPalette(pal)
    QApplication.processEvents()
    assert view.style_.colours.dark
    fill = view.blocks["s-open"].fill
    assert fill.lightnessF() < 0.45
    # The text stays readable on it: light text on a dark fill.
    assert view.style_.colours.text.lightnessF() - fill.lightnessF() > 0.4


def test_reveal_sessions_for_the_conflicts_panel(setup) -> None:  # type: ignore[no-untyped-def]
    sv, _doc, _ = setup
    view = sv.timeline
    sv.show_rooms(["r-lab"])
    assert "s-deep" not in view.blocks
    sv.reveal_sessions(["s-deep", "s-wait"])
    assert "r-hall" in view.grid.rooms and "r-lab" in view.grid.rooms
    assert [g for g, i in view.blocks.items() if i.isSelected()] == ["s-deep"]
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.intersects(view.blocks["s-deep"].sceneBoundingRect())
    assert [i.data(Qt.ItemDataRole.UserRole) for i in sv.tray.selectedItems()] == ["s-wait"]


def test_a_session_edited_past_the_day_widens_it(setup) -> None:  # type: ignore[no-untyped-def]
    sv, doc, _ = setup
    view = sv.timeline
    late = copy.deepcopy(doc.session("s-work"))
    late.start = at(DAY1, 19, 30)  # the day window ends at 18:00
    doc.save_sessions([late], "Move late")
    band = view.grid.days[0]
    assert band.end >= at(DAY1, 20, 15)
    r = view.blocks["s-work"].sceneBoundingRect()
    assert r.top() == pytest.approx(view.grid.y_of(at(DAY1, 19, 30)))
    assert r.height() == pytest.approx(45 * view.grid.px_per_minute)


def test_blocks_take_their_hue_from_the_files_track_colours(setup) -> None:  # type: ignore[no-untyped-def]
    import copy

    from planner.domain.model import SessionKind

    sv, doc, _ = setup
    view = sv.timeline
    track = "Keynotes"
    before, _ = view.style_.colours.fill_for(track, SessionKind.TALK)
    ev = copy.deepcopy(doc.schedule.event)
    ev.extra = {"track_colours": {track: "#00c000"}}  # pure green: hue 120
    assert doc.save_event(ev)
    fill, border = view.style_.colours.fill_for(track, SessionKind.TALK)
    assert fill.hslHue() == 120 and border.hslHue() == 120
    assert before.hslHue() != 120  # the name's own hue was another
