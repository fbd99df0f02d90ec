"""Start-up: process start to the first painted main window with the demo event, beside
a bare PySide6 window with nothing in it. Run: QT_QPA_PLATFORM=offscreen python bench/startup.py"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7

PAINT_HOOK = """
import os, sys, time
from PySide6.QtCore import QObject, QEvent
class FirstPaint(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            print(time.time(), flush=True)
            os._exit(0)
        return False
"""

BARE = PAINT_HOOK + """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1400, 900)
f = FirstPaint(); w.installEventFilter(f)
w.show(); app.exec()
"""

PLANNER = PAINT_HOOK + """
from planner.app import create_window, ensure_app
app = ensure_app()
w = create_window(sys.argv[1])
f = FirstPaint(); w.installEventFilter(f)
w.show(); app.exec()
"""


def measure(code: str, *args: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                         check=True).stdout
    return float(out.strip().splitlines()[-1]) - t0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.sqlite")
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        subprocess.run([sys.executable, "-m", "planner", "--db", db, "demo"], check=True, env=env,
                       capture_output=True)
        measure(BARE)  # warm the file cache
        measure(PLANNER, db)
        bare = [measure(BARE) for _ in range(RUNS)]
        planner = [measure(PLANNER, db) for _ in range(RUNS)]
        first = []
        for i in range(3):
            fresh = str(Path(tmp) / f"first{i}.sqlite")
            first.append(measure(PLANNER, fresh))
    b, p, f = statistics.median(bare), statistics.median(planner), statistics.median(first)
    print(f"bare PySide6 window, first paint:      {b * 1000:7.0f} ms (median of {RUNS})")
    print(f"planner with the demo event:           {p * 1000:7.0f} ms (median of {RUNS})")
    print(f"ratio planner / bare:                  {p / b:7.2f}   (goal: 1.5 or less)")
    print(f"planner first start (creates store):   {f * 1000:7.0f} ms (median of 3)")


if __name__ == "__main__":
    main()
