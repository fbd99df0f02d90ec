"""Render the schedule grid's screenshots into docs/ from the real widgets, offscreen.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/grid_screenshots.py [demo fosdem ccc drag dark]
It reads FOSDEM 2026 and 38C3 from ../shared/data/schedules (beside the checkout).
"""

# ruff: noqa: E401, E402, I001
import sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from planner.app import ensure_app, create_window
from planner.interop import read
from planner.store import Store

DATA = ROOT.parent / "shared" / "data" / "schedules"
DOCS = ROOT / "docs"
if not DATA.is_dir():
    sys.exit(f"the real schedules are not at {DATA}")
app = ensure_app(offscreen=True)
db = Path(tempfile.mkdtemp()) / "shots.sqlite"
store = Store.open(db)
from planner.demo import demo_schedule

_demo = demo_schedule()
for _s in _demo.sessions:  # some tech checklists, to show their marks
    if _s.title.startswith("Opening"):
        _s.checklist = {"mic": True, "camera": True, "slides": True, "stream key": False}
    elif _s.title.startswith("Closing"):
        _s.checklist = {"mic": True, "lights": False, "backing track": False}
demo = store.add_schedule(_demo)
fosdem = store.add_schedule(read(DATA / "fosdem-2026-schedule.xml").schedule)
ccc = store.add_schedule(read(DATA / "38c3-schedule-2025-03-04.xml").schedule)
store.close()


def settle(n=8):
    for _ in range(n):
        app.processEvents()


def window_on(slug, size=(1500, 950)):
    w = create_window(db, slug)
    w.resize(*size)
    w.conflicts_dock.hide()
    w.show()
    settle()
    return w


def save(w, name):
    settle()
    path = DOCS / name
    w.grab().save(str(path))
    print(path)


which = sys.argv[1:] or ["demo", "fosdem", "ccc", "drag", "dark"]
if "dark" in which:
    pass
if "demo" in which:
    w = window_on(demo)
    save(w, "grid-demo.png")
    w.close()
if "fosdem" in which:
    w = window_on(fosdem)
    sv = w.schedule_view
    sv.timeline.jump_to_day(sv.document.schedule.event.first_day)
    sv.timeline.verticalScrollBar().setValue(sv.timeline.verticalScrollBar().value() + 0)
    save(w, "grid-fosdem-2026-day1.png")
    w.close()
if "ccc" in which:
    w = window_on(ccc)
    sv = w.schedule_view
    rooms = {r.name: r.guid for r in sv.document.schedule.rooms}
    wanted = [
        n
        for n in ("Saal 1", "Saal GLITCH", "Saal ZIGZAG", "Stage HUFF", "Stage YELL", "Saal 1 Foyer")
        if n in rooms
    ]
    if len(wanted) < 4:
        wanted = list(rooms)[:5]
    sv.show_rooms([rooms[n] for n in wanted])
    from datetime import date

    sv.timeline.jump_to_day(date(2024, 12, 28))
    v = sv.timeline
    y = v.grid.y_of(
        __import__("planner.domain.timegrid", fromlist=["x"]).local_instant(
            sv.document.schedule.event, date(2024, 12, 28), 11 * 60
        )
    )
    v.verticalScrollBar().setValue(int(y - 40))
    save(w, "grid-38c3-rooms.png")
    w.close()
if "drag" in which:
    w = window_on(demo)
    v = w.schedule_view.timeline
    doc = w.schedule_view.document
    by_title = {s.title: s.guid for s in doc.schedule.sessions}
    src = v.blocks[by_title["Talk: Subtitles That Sing"]]
    dst = v.blocks[by_title["Panel: Funding Hybrid Festivals"]]
    p0 = v.mapFromScene(src.sceneBoundingRect().center())
    p1 = v.mapFromScene(dst.sceneBoundingRect().center()) + QPoint(0, 12)
    vp = v.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p0)
    for i in range(1, 9):
        QTest.mouseMove(vp, p0 + (p1 - p0) * (i / 8))
    settle()
    save(w, "grid-drag-conflict.png")
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p0)
    w.close()
if "dark" in which:
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Window, QColor(45, 47, 52))
    pal.setColor(QPalette.ColorRole.WindowText, QColor(225, 228, 232))
    pal.setColor(QPalette.ColorRole.Base, QColor(32, 34, 38))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor(42, 44, 49))
    pal.setColor(QPalette.ColorRole.Text, QColor(225, 228, 232))
    pal.setColor(QPalette.ColorRole.Button, QColor(52, 55, 60))
    pal.setColor(QPalette.ColorRole.ButtonText, QColor(225, 228, 232))
    pal.setColor(QPalette.ColorRole.Highlight, QColor(61, 132, 220))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor(52, 55, 60))
    pal.setColor(QPalette.ColorRole.ToolTipText, QColor(225, 228, 232))
    app.setPalette(pal)
    w = window_on(demo)
    save(w, "grid-demo-dark.png")
    w.close()
