"""Benchmark of the timeline grid on the largest real schedule (38C3: 1007 sessions,
72 rooms, 4 days).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/grid.py [SCHEDULE.xml]

Prints: the time from ``planner.app.create_window`` to the first painted grid, beside the
time to build and paint a bare QGraphicsScene with as many plain rectangles (the floor
for this toolkit) and their ratio (goal: within 3x); the median time to handle one mouse
move during a drag, conflict preview included (goal: under 4 ms), where every move takes
the block to a new room and time on top of other sessions, and how many of those moves
the preview found in conflict; and the resident memory (goal: under 250 MB).
"""

from __future__ import annotations

import bisect
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DEFAULT = ROOT.parent / "shared" / "data" / "schedules" / "38c3-schedule-2025-03-04.xml"
SIZE = (1600, 1000)

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

    from planner.domain.grid import Grid
    from planner.domain.model import Session
    from planner.ui.main_window import MainWindow
    from planner.ui.timeline.view import TimelineView


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory in MB, from /proc."""
    cur = peak = 0.0
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                cur = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return cur, peak


def wait_for(flag: list[bool], app: object, limit: float = 60.0) -> None:
    from PySide6.QtWidgets import QApplication

    t0 = time.perf_counter()
    while not flag[0]:
        QApplication.processEvents()
        if time.perf_counter() - t0 > limit:
            raise TimeoutError("nothing was painted")


def bare_scene(n_rects: int, columns: int) -> float:
    """Build and paint a plain QGraphicsScene with ``n_rects`` rectangles: the floor."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

    painted = [False]

    class View(QGraphicsView):
        def paintEvent(self, event: QPaintEvent) -> None:
            super().paintEvent(event)
            painted[0] = True

    t0 = time.perf_counter()
    scene = QGraphicsScene()
    per_col = max(1, n_rects // columns + 1)
    for i in range(n_rects):
        col, row = divmod(i, per_col)
        scene.addRect(QRectF(col * 170, row * 60, 168, 58))
    view = View(scene)
    view.resize(*SIZE)
    view.show()
    wait_for(painted, QApplication.instance())
    elapsed = time.perf_counter() - t0
    view.close()
    return elapsed


def drag_plan(
    window: MainWindow, view: TimelineView, limit: int = 300
) -> tuple[Session, list[tuple[str, datetime]]]:
    """The block to drag and where to: of the sessions that run beside the most others,
    the one whose screenful (the view centred on it) has the most places (room, start)
    where it would overlap a session already there; up to ``limit`` of those places, in a
    shuffled order, each one different."""
    assert window.document is not None and view.grid is not None
    sched = window.document.schedule
    grid = view.grid
    shown = set(grid.rooms)
    placed = [s for s in sched.sessions if s.start is not None and s.room in shown and s.duration_minutes > 0]

    def span(s: Session) -> tuple[datetime, datetime]:
        assert s.start is not None
        return s.start, s.start + timedelta(minutes=s.duration_minutes)

    spans = sorted(span(s) for s in placed)
    starts = [a for a, _ in spans]

    def beside(s: Session) -> int:
        a, b = span(s)
        return sum(1 for _x, y in spans[: bisect.bisect_left(starts, b)] if y > a)

    by_room: dict[str, list[Session]] = {}
    for s in placed:
        by_room.setdefault(s.room or "", []).append(s)
    busy = sorted((s for s in placed if 15 <= s.duration_minutes <= 60), key=lambda s: (-beside(s), s.guid))
    candidates: list[Session] = []
    for s in busy:  # the 12 busiest, no two in the same room
        if all(c.room != s.room for c in candidates):
            candidates.append(s)
        if len(candidates) == 12:
            break
    best: tuple[Session, list[tuple[str, datetime]]] | None = None
    for dragged in candidates:
        targets = _clashing_places(view, grid, dragged, by_room, span)
        if best is None or len(targets) > len(best[1]):
            best = (dragged, targets)
    assert best is not None
    dragged, targets = best
    _clashing_places(view, grid, dragged, by_room, span)  # centres the view on it again
    random.Random(12).shuffle(targets)
    return dragged, targets[:limit]


def _clashing_places(
    view: TimelineView,
    grid: Grid,
    dragged: Session,
    by_room: dict[str, list[Session]],
    span: Callable[[Session], tuple[datetime, datetime]],
) -> list[tuple[str, datetime]]:
    """With the view centred on ``dragged``: every (room, start) on a slot line inside the
    viewport (clear of the edges where a drag scrolls) where it would overlap another."""
    from PySide6.QtWidgets import QApplication

    view.centerOn(view.blocks[dragged.guid])
    QApplication.processEvents()
    margin = 40
    rect = view.viewport().rect().adjusted(margin, margin, -margin, -margin)
    visible = view.mapToScene(rect).boundingRect()
    minutes = dragged.duration_minutes
    height = grid.height_of(minutes)
    out: list[tuple[str, datetime]] = []
    for room in grid.rooms:
        x = grid.x_of(room)
        if x is None or x < visible.left() or x + grid.column_width > visible.right():
            continue
        others = [span(s) for s in by_room.get(room, ()) if s.guid != dragged.guid]
        for _y, start in grid.slot_lines(visible.top(), visible.bottom() - height):
            end = start + timedelta(minutes=minutes)
            if (room, start) != (dragged.room, dragged.start) and any(
                a < end and start < b for a, b in others
            ):
                out.append((room, start))
    return out


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        print(f"bench/grid.py: schedule not found: {path}", file=sys.stderr)
        return 2
    from planner.app import create_window, ensure_app
    from planner.store import Store

    try:
        from planner.interop import read
    except ImportError:
        print("bench/grid.py: planner.interop (the frab XML reader) is not in this tree yet", file=sys.stderr)
        return 2
    app = ensure_app(offscreen=True)
    schedule = read(path).schedule
    n_sessions = len(schedule.sessions)
    n_rooms = len(schedule.rooms)
    tmp = Path(tempfile.mkdtemp(prefix="bench-grid-"))
    db = tmp / "bench.sqlite"
    store = Store.open(db)
    slug = store.add_schedule(schedule)
    store.close()
    print(f"schedule: {path.name}: {n_sessions} sessions, {n_rooms} rooms, {len(schedule.event.days)} days")

    # Warm the toolkit (fonts, style) so neither side pays for the first widget.
    bare_scene(10, 2)

    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest

    from planner.ui.document import EventDocument
    from planner.ui.schedule_view import ScheduleView

    def open_window(path: Path = db, event: str = slug) -> tuple[float, float, MainWindow]:
        """create_window to the first painted grid; then to every block placed."""
        painted = [False]
        t0 = time.perf_counter()
        window = create_window(path, event)
        view = window.schedule_view.timeline
        view.first_painted.connect(lambda: painted.__setitem__(0, True))
        window.resize(*SIZE)
        window.show()
        wait_for(painted, app)
        first = time.perf_counter() - t0
        while not view.all_placed:
            app.processEvents()
        return first, time.perf_counter() - t0, window

    def tab_alone() -> tuple[float, float]:
        """Loading the event from the store; the Schedule tab alone, built and painted."""
        t = time.perf_counter()
        other = Store.open(db)
        doc = EventDocument(other, slug)
        load = time.perf_counter() - t
        painted = [False]
        t = time.perf_counter()
        tab = ScheduleView()
        tab.timeline.first_painted.connect(lambda: painted.__setitem__(0, True))
        tab.resize(*SIZE)
        tab.set_document(doc)
        tab.show()
        wait_for(painted, app)
        alone = time.perf_counter() - t
        tab.set_document(None)
        close(tab)
        other.close()
        return load, alone

    def close(widget: QWidget) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        widget.close()
        widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()

    runs = 5
    floors = [bare_scene(n_sessions, n_rooms) for _ in range(runs)]
    opened = []
    for _ in range(runs):
        first, full, w = open_window()
        opened.append((first, full))
        close(w)
    parts = [tab_alone() for _ in range(runs)]
    # The same window on the 21-session demo event: what the window costs whatever the
    # size of the event (menus, toolbar, tabs, tray, dock and their first paint).
    from planner.demo import add_demo

    demo_db = tmp / "demo.sqlite"
    with Store.open(demo_db) as demo_store:
        demo_slug = add_demo(demo_store)
    small = []
    for _ in range(runs):
        first, _full, w = open_window(demo_db, demo_slug)
        small.append(first)
        close(w)
    floor = statistics.median(floors)
    startup = statistics.median(f for f, _ in opened)
    full = statistics.median(f for _, f in opened)
    load = statistics.median(p[0] for p in parts)
    alone = statistics.median(p[1] for p in parts)
    print(f"(medians of {runs} runs, window {SIZE[0]}x{SIZE[1]})")
    print(f"create_window to first painted grid: {startup * 1000:8.1f} ms")
    print(f"bare QGraphicsScene, {n_sessions} rects:  {floor * 1000:8.1f} ms")
    print(f"ratio:                               {startup / floor:8.2f} x   (goal: within 3x)")
    print(f"  create_window to every block placed (all days): {full * 1000:.1f} ms")
    print(f"  of which loading the event from the store: {load * 1000:.1f} ms")
    print(
        f"  the Schedule tab alone on the loaded event, built and painted: {alone * 1000:.1f} ms "
        f"({alone / floor:.2f} x the bare scene)"
    )
    demo_first = statistics.median(small)
    print(
        f"  the same window on the 21-session demo event, to its first painted grid: "
        f"{demo_first * 1000:.1f} ms ({demo_first / floor:.2f} x the bare scene)"
    )

    first, _full, window = open_window()
    view = window.schedule_view.timeline
    print(f"blocks in the scene: {len(view.blocks)}")

    # A drag on the busiest part of the event: press on a block and move it to a new room
    # and time on every mouse move, each one a place where it overlaps another session.
    dragged, targets = drag_plan(window, view)
    vp = view.viewport()
    item = view.blocks[dragged.guid]
    grid = view.grid
    assert grid is not None and dragged.start is not None
    r = item.sceneBoundingRect()
    press = QPointF(r.left() + grid.column_width / 2, r.top() + min(12.0, r.height() / 3))
    offset_y = press.y() - grid.y_of(dragged.start)

    def to_viewport(room: str, start: datetime) -> QPoint:
        x = grid.x_of(room)
        assert x is not None
        return view.mapFromScene(QPointF(x + grid.column_width / 2, grid.y_of(start) + offset_y))

    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view.mapFromScene(press))
    QTest.mouseMove(vp, view.mapFromScene(press) + QPoint(0, 20))  # past the drag threshold
    times: list[float] = []
    cpu: list[float] = []  # the same moves in CPU time, steadier on a shared machine
    with_paint: list[float] = []
    clashing = 0
    places = set()
    for i, (room, start) in enumerate(targets):
        pos = to_viewport(room, start)
        t, c = time.perf_counter(), time.process_time()
        QTest.mouseMove(vp, pos)
        if i % 3 == 2:  # every third move also repaints the viewport at once
            vp.repaint()
            with_paint.append(time.perf_counter() - t)
        else:
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        proposed = view.interaction.proposed if view.interaction is not None else []
        places.add(tuple((p.room, p.start) for p in proposed))
        clashing += bool(view.last_preview)
    QTest.keyClick(vp, Qt.Key.Key_Escape)
    QTest.mouseRelease(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, view.mapFromScene(press)
    )
    app.processEvents()
    assert window.document is not None
    moved = window.document.session(dragged.guid)
    if (moved.room, moved.start) != (dragged.room, dragged.start):
        print("bench/grid.py: the drag was committed; the figures below are not a preview's", file=sys.stderr)
    med = statistics.median(times) * 1000
    p95 = sorted(times)[int(len(times) * 0.95)] * 1000
    print(
        f"drag of “{dragged.title}”: {len(targets)} mouse moves, {len(places)} distinct places, "
        f"{clashing} of them with at least one conflict in the preview"
    )
    print(
        f"mouse move during a drag (conflict preview included): median {med:.2f} ms, "
        f"95th percentile {p95:.2f} ms over {len(times)} moves   (goal: < 4 ms); "
        f"CPU median {statistics.median(cpu) * 1000:.2f} ms"
    )
    print(
        f"  a move plus a synchronous repaint of the viewport: median "
        f"{statistics.median(with_paint) * 1000:.2f} ms over {len(with_paint)} moves"
    )
    cur, peak = rss_mb()
    print(f"resident memory: {cur:.0f} MB now, {peak:.0f} MB peak   (goal: < 250 MB)")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
