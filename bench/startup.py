"""Start-up: process start to the timeline's first paint in the main window with the demo
event (the moment the schedule is on screen, not the window's first paint, which comes
earlier), beside a bare PySide6 window with nothing in it and a window of the planner's
shape whose graphics view stands for the timeline.
Run: QT_QPA_PLATFORM=offscreen python bench/startup.py"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 15

PAINT_HOOK = """
import os, sys, time
from PySide6.QtCore import QObject, QEvent
def done():
    print(time.time(), flush=True)
    os._exit(0)
class FirstPaint(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            done()
        return False
"""

BARE = (
    PAINT_HOOK
    + """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1400, 900)
f = FirstPaint(); w.installEventFilter(f)
w.show(); app.exec()
"""
)

# A PySide6 window of the planner's shape with none of its code: menus, a toolbar with
# the event switcher, tabs, a graphics view with 21 blocks and a tray, a dock with a
# table. What the toolkit itself costs for this window.
SAME_SHAPE = (
    PAINT_HOOK
    + """
from PySide6.QtCore import QObject, QEvent, Qt, QRectF
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup, QUndoStack, QColor, QBrush, QPen, QFont
from PySide6.QtWidgets import (QApplication, QMainWindow, QComboBox, QDockWidget, QLabel, QTabWidget, QToolBar,
    QGraphicsView, QGraphicsScene, QGraphicsSimpleTextItem, QTableView, QWidget, QVBoxLayout, QHBoxLayout,
    QPushButton, QListWidget, QStackedWidget, QSplitter, QHeaderView, QAbstractItemView, QMessageBox)
from PySide6.QtCore import QAbstractTableModel, QSortFilterProxyModel
import sqlite3, json, datetime, zoneinfo, dataclasses, enum, logging
app = QApplication([sys.argv[0], "-style", "fusion"])  # as planner makes it
w = QMainWindow(); w.resize(1400, 900)
mb = w.menuBar(); ug = QUndoGroup(w)
for name in ("File", "Edit", "View", "Help"):
    m = mb.addMenu(name)
    for i in range(6):
        a = QAction(f"{name} {i}", w); a.setShortcut(QKeySequence(f"Ctrl+{i}")); m.addAction(a)
m.addAction(ug.createUndoAction(w)); m.addAction(ug.createRedoAction(w))
tb = QToolBar(w); cb = QComboBox(); cb.addItem("Winter Gala 2026"); tb.addWidget(QLabel("Event:")); tb.addWidget(cb); w.addToolBar(tb)
tabs = QTabWidget(); page = QWidget(); lay = QVBoxLayout(page); bar = QHBoxLayout()
for t in ("Snap", "Zoom out", "Zoom in", "Narrower", "Wider"): bar.addWidget(QPushButton(t))
bar.addWidget(QComboBox()); lay.addLayout(bar)
split = QSplitter(); scene = QGraphicsScene(); view = QGraphicsView(scene)
for i in range(21):
    r = scene.addRect(QRectF((i % 4) * 270, (i // 4) * 60, 260, 55), QPen(QColor("#888")), QBrush(QColor("#ccd")))
    t = QGraphicsSimpleTextItem(f"Session {i}: a title of some length", r); t.setPos((i % 4) * 270 + 4, (i // 4) * 60 + 4)
split.addWidget(view); split.addWidget(QListWidget()); lay.addWidget(split)
tabs.addTab(page, "Schedule")
for t in ("People", "Run of show", "Analytics"): tabs.addTab(QWidget(), t)
w.setCentralWidget(tabs)
dock = QDockWidget("Conflicts", w); tv = QTableView(); dock.setWidget(tv); w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
w.statusBar().addPermanentWidget(QLabel("1 error"))
st = QUndoStack(w); ug.addStack(st); ug.setActiveStack(st)
f = FirstPaint(); view.viewport().installEventFilter(f)  # the view stands for the timeline
w.show(); app.exec()
"""
)

# planner's timeline alone, on the demo event, in a plain QMainWindow: no menus, tabs,
# tray or dock. What the grid costs before the rest of the window.
TIMELINE_ONLY = (
    PAINT_HOOK
    + """
from PySide6.QtWidgets import QMainWindow
from planner.app import ensure_app
from planner.store import Store
from planner.ui.document import EventDocument
from planner.ui.timeline.view import TimelineView
app = ensure_app()
store = Store.open(sys.argv[1])
doc = EventDocument(store, store.list_events()[0].slug)
w = QMainWindow(); w.resize(1400, 900)
view = TimelineView(); view.document = doc; view.rebuild(); w.setCentralWidget(view)
view.first_painted.connect(done)
w.show(); app.exec()
"""
)

# What a user runs: `planner --db FILE`, through the command line's parsing, logging
# set-up and crash hook, to the first paint of the timeline of the window create_window
# returns.
COMMAND = (
    PAINT_HOOK
    + """
import planner.app as app_module
made = app_module.create_window
def create_window(*args, **kwargs):
    w = made(*args, **kwargs)
    w.schedule_view.timeline.first_painted.connect(done)
    return w
app_module.create_window = create_window
from planner.cli import main
main(["--db", sys.argv[1]])
"""
)

PLANNER = (
    PAINT_HOOK
    + """
from planner.app import create_window, ensure_app
app = ensure_app()
w = create_window(sys.argv[1])
w.schedule_view.timeline.first_painted.connect(done)
w.show(); app.exec()
"""
)

# The first start has no event, so no timeline: to the window's first paint (the empty state).
PLANNER_EMPTY = (
    PAINT_HOOK
    + """
from planner.app import create_window, ensure_app
app = ensure_app()
w = create_window(sys.argv[1])
f = FirstPaint(); w.installEventFilter(f)
w.show(); app.exec()
"""
)


def measure(code: str, *args: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    ).stdout
    return float(out.strip().splitlines()[-1]) - t0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.sqlite")
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        subprocess.run(
            [sys.executable, "-m", "planner", "--db", db, "demo"], check=True, env=env, capture_output=True
        )
        # As installed (pip compiles the bytecode of a wheel; the frozen program carries
        # it): planner's modules run from .pyc like PySide6's own, even where
        # PYTHONDONTWRITEBYTECODE is set.
        compileall.compile_dir(str(ROOT / "planner"), quiet=1)
        measure(BARE)  # warm the file cache
        measure(PLANNER, db)
        bare: list[float] = []
        shape: list[float] = []
        timeline: list[float] = []
        planner: list[float] = []
        command: list[float] = []
        for _ in range(RUNS):  # interleaved, so that a busy moment hits them all alike
            bare.append(measure(BARE))
            shape.append(measure(SAME_SHAPE))
            timeline.append(measure(TIMELINE_ONLY, db))
            planner.append(measure(PLANNER, db))
            command.append(measure(COMMAND, db))
        first = []
        for i in range(3):
            fresh = str(Path(tmp) / f"first{i}.sqlite")
            first.append(measure(PLANNER_EMPTY, fresh))
    b, p, f = statistics.median(bare), statistics.median(planner), statistics.median(first)
    sh = statistics.median(shape)
    tl = statistics.median(timeline)
    cmd = statistics.median(command)
    print("process start to first paint (of the timeline, or what stands for it):")
    print(f"bare PySide6 window, first paint:      {b * 1000:7.0f} ms (median of {RUNS})")
    print(
        f"same-shape PySide6 window, its view:   {sh * 1000:7.0f} ms ({sh / b:.2f} x bare: the toolkit's floor)"
    )
    print(f"planner's timeline alone, demo event:  {tl * 1000:7.0f} ms ({tl / b:.2f} x bare)")
    print(f"planner's timeline in its window, demo: {p * 1000:6.0f} ms (median of {RUNS})")
    print(f"ratio planner / bare:                  {p / b:7.2f}   (goal: 1.5 or less)")
    print(f"ratio planner / same-shape window:     {p / sh:7.2f}")
    print(f"the planner command (parse, log, hook): {cmd * 1000:6.0f} ms ({cmd / b:.2f} x bare)")
    print(
        f"planner first start (creates store; no event, so the window's first paint): {f * 1000:.0f} ms (median of 3)"
    )


if __name__ == "__main__":
    main()
