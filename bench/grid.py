"""Benchmark of the timeline grid on the largest real schedule (38C3: 1007 sessions,
72 rooms, 4 days).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/grid.py [SCHEDULE.xml]

Prints: the time from ``planner.app.create_window`` to the first painted grid, beside the
time to build and paint a bare QGraphicsScene with as many plain rectangles (the floor
for this toolkit) and their ratio (goal: within 3x); the median time to handle one mouse
move during a drag, conflict preview included (goal: under 4 ms); and the resident
memory (goal: under 250 MB).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DEFAULT = ROOT.parent / "shared" / "data" / "schedules" / "38c3-schedule-2025-03-04.xml"
SIZE = (1600, 1000)


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

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from planner.ui.document import EventDocument
    from planner.ui.schedule_view import ScheduleView

    def open_window(path: Path = db, event: str = slug) -> tuple[float, float, object]:
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

    def close(widget: object) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        widget.close()  # type: ignore[attr-defined]
        widget.deleteLater()  # type: ignore[attr-defined]
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
    view = window.schedule_view.timeline  # type: ignore[attr-defined]
    print(f"blocks in the scene: {len(view.blocks)}")

    # A drag: press on a block and move it across rooms and slots, every move a new place.
    vp = view.viewport()
    item = min(view.blocks.values(), key=lambda b: (b.y(), b.x()))
    view.centerOn(item)
    app.processEvents()
    start = view.mapFromScene(item.sceneBoundingRect().center())
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    grid = view.grid
    assert grid is not None
    step_y = grid.slot * grid.px_per_minute
    times: list[float] = []
    with_paint: list[float] = []
    for i in range(1, 301):
        dx = int((i % 5) * grid.column_width / 2)
        dy = int(step_y * (i % 40) / 2)
        pos = start + QPoint(dx, dy)
        t = time.perf_counter()
        QTest.mouseMove(vp, pos)
        times.append(time.perf_counter() - t)
        if i % 3 == 0:
            t = time.perf_counter()
            QTest.mouseMove(vp, pos + QPoint(0, int(step_y)))
            vp.repaint()
            with_paint.append(time.perf_counter() - t)
    previews = len(view.last_preview)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(0, 0))
    med = statistics.median(times) * 1000
    p95 = sorted(times)[int(len(times) * 0.95)] * 1000
    print(
        f"mouse move during a drag (conflict preview included): median {med:.2f} ms, "
        f"95th percentile {p95:.2f} ms   (goal: < 4 ms)"
    )
    print(
        f"  the same move plus a synchronous repaint of the viewport: median "
        f"{statistics.median(with_paint) * 1000:.2f} ms"
    )
    print(f"  conflicts shown at the last position: {previews}")
    cur, peak = rss_mb()
    print(f"resident memory: {cur:.0f} MB now, {peak:.0f} MB peak   (goal: < 250 MB)")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
