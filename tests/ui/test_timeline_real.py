"""The timeline on real schedules imported with the frab XML reader."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from planner.domain.grid import Grid
from planner.interop import read
from planner.store import Store
from planner.ui.document import EventDocument
from planner.ui.schedule_view import ScheduleView

pytestmark = pytest.mark.slow


def open_view(qtbot: QtBot, db_path: Path, path: Path) -> tuple[ScheduleView, EventDocument, Store]:
    store = Store.open(db_path)
    slug = store.add_schedule(read(path).schedule)
    doc = EventDocument(store, slug)
    sv = ScheduleView()
    qtbot.addWidget(sv)
    sv.resize(1400, 900)
    sv.set_document(doc)
    sv.show()
    qtbot.waitExposed(sv)
    qtbot.waitUntil(lambda: sv.timeline.all_placed and sv.timeline.engine is not None)
    return sv, doc, store


def grid_of(sv: ScheduleView) -> Grid:
    grid = sv.timeline.grid
    assert grid is not None, "the timeline has laid out no grid"
    return grid


def test_38c3_every_session_is_placed_in_its_day(qtbot: QtBot, db_path: Path, schedules_dir: Path) -> None:
    sv, doc, store = open_view(qtbot, db_path, schedules_dir / "38c3-schedule-2025-03-04.xml")
    view = sv.timeline
    grid = grid_of(sv)
    sched = doc.schedule
    placed = {s.guid for s in sched.sessions if s.scheduled}
    assert len(sched.rooms) == 72 and len(grid.rooms) == 72
    assert set(view.blocks) == placed
    assert len(grid.days) == 4
    # A session in the small hours sits at the bottom of the day it belongs to, and each
    # block lies inside its day's band.
    for s in sched.sessions:
        if s.start is None or s.room is None:
            continue
        r = view.blocks[s.guid].sceneBoundingRect()
        band = grid.band_of_instant(s.start)
        assert band.top - 0.5 <= r.top() and r.bottom() <= band.bottom + 0.5, s.title
        # Sessions overlapping in one room share its column side by side (issue 13.22).
        lane, lanes = view.scene_sync.lanes.get(s.guid, (0, 1))
        width = grid.column_width / lanes
        x = grid.x_of(s.room)
        assert x is not None and r.left() == pytest.approx(x + lane * width)
    night = [
        (s, start)
        for s in sched.sessions
        if s.scheduled and (start := s.start) is not None and start.astimezone(sched.event.zone).hour < 6
    ]
    assert night, "38C3 has sessions after midnight"
    for _s, start in night:
        local = start.astimezone(sched.event.zone)
        assert grid.band_of_instant(start).day == local.date() - timedelta(days=1)

    # Five rooms only: just their blocks.
    rooms = [r.guid for r in sched.sorted_rooms()[:5]]
    sv.show_rooms(rooms)
    qtbot.waitUntil(lambda: view.all_placed)
    assert set(view.blocks) == {s.guid for s in sched.sessions if s.scheduled and s.room in rooms}
    store.close()


def test_fosdem_2026_drag_a_real_session(qtbot: QtBot, db_path: Path, schedules_dir: Path) -> None:
    sv, doc, store = open_view(qtbot, db_path, schedules_dir / "fosdem-2026-schedule.xml")
    view = sv.timeline
    grid = grid_of(sv)
    sched = doc.schedule
    # The first session of the first room, moved one room right and 30 minutes later.
    first_room = grid.rooms[0]
    start, s = min(
        ((x.start, x) for x in sched.sessions if x.room == first_room and x.start is not None),
        key=lambda pair: pair[0],
    )
    item = view.blocks[s.guid]
    view.centerOn(item)
    QApplication.processEvents()
    r = item.sceneBoundingRect()
    p0 = view.mapFromScene(QPointF(r.center().x(), r.top() + 6))
    dy = int(30 * grid.px_per_minute)
    dx = int(grid.column_width)
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p0)
    for i in range(1, 5):
        QTest.mouseMove(vp, p0 + QPoint(dx, dy) * (i / 4))
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p0 + QPoint(dx, dy))
    moved = doc.session(s.guid)
    assert moved.room == grid.rooms[1]
    assert moved.start == start + timedelta(minutes=30)
    other = Store.open(db_path)
    seen = {x.guid: x for x in other.load(doc.slug).sessions}[s.guid]
    other.close()
    assert (seen.room, seen.start) == (moved.room, moved.start)
    doc.undo_stack.undo()
    assert (doc.session(s.guid).room, doc.session(s.guid).start) == (s.room, s.start)
    store.close()


def test_38c3_first_paint_places_what_a_screen_shows(
    qtbot: QtBot, db_path: Path, schedules_dir: Path
) -> None:
    """Opening 38C3 places the blocks a first paint can show and leaves the rest (of 1007)
    for the next turn of the event loop; whatever the viewport shows is already there."""
    store = Store.open(db_path)
    slug = store.add_schedule(read(schedules_dir / "38c3-schedule-2025-03-04.xml").schedule)
    doc = EventDocument(store, slug)
    sv = ScheduleView()
    qtbot.addWidget(sv)
    sv.resize(1400, 900)
    sv.set_document(doc)
    view = sv.timeline
    scheduled = [s for s in doc.schedule.sessions if s.scheduled]
    first = set(view.blocks)
    assert 0 < len(first) < len(scheduled) / 4
    sv.show()
    qtbot.waitExposed(sv)
    grid = view.grid
    assert grid is not None
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    seen = {
        s.guid for s in scheduled if (r := grid.rect_of(s)) is not None and visible.intersects(QRectF(*r))
    }
    assert seen and seen <= first
    qtbot.waitUntil(lambda: view.all_placed)
    assert set(view.blocks) == {s.guid for s in scheduled}
    store.close()
