"""File › Merge changes…: the summary wraps long lines (session titles, conflicts) inside
the dialog instead of running them off its edge, and sizes itself to its lines."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt

from planner.demo import add_demo
from planner.edits import save_sessions
from planner.store import Store
from planner.team import sharefile
from planner.team.replica import Replica, merge_new

SHOT = "PLANNER_SCREENSHOT_DIR"  # set it to keep the summary's picture (docs/merge-summary.png)
LONG = (
    "Opening: A Night Without Borders — music, dance and theatre from five continents, "
    "live from Lagos, Vienna and Buenos Aires"
)


def long_merge(tmp_path: Path) -> tuple[Store, str, Path]:
    """Bob's store, and Alice's share file that moves a session with a long title onto
    another: its line and the conflicts it makes are longer than the dialog is wide."""
    a = Store.open(tmp_path / "a.sqlite")
    slug = add_demo(a)
    sched = a.load(slug)
    placed = [s for s in sched.sessions if s.start is not None and s.room is not None]
    first = placed[0]
    other = next(s for s in placed[1:] if (s.room, s.start) != (first.room, first.start))
    titled = copy.deepcopy(other)
    titled.title = LONG
    a.apply(slug, save_sessions(sched, [titled]))
    ra = Replica.open(a, slug, "Alice")
    mine = Store.open(tmp_path / "b.sqlite")
    rb, _ = merge_new(mine, ra.update_since(None), "Bob")
    sched = a.load(slug)
    moved = copy.deepcopy(sched.session_by_guid()[other.guid])
    moved.room, moved.start = first.room, first.start
    ra.apply(save_sessions(sched, [moved]))
    path = tmp_path / "from-alice.share"
    update = ra.update_since(rb.state())
    path.write_bytes(sharefile.dumps(sharefile.ShareFile("update", ra.shared_id, "Winter Gala", update)))
    a.close()
    return mine, rb.slug, path


def test_long_merge_lines_wrap_inside_the_summary(qtbot: Any, tmp_path: Path) -> None:
    from planner.ui.main_window import MainWindow
    from planner.ui.team_dialog import merge_file

    mine, slug, path = long_merge(tmp_path)
    window = MainWindow(mine, slug)
    qtbot.addWidget(window)
    window.show()
    dialog = merge_file(window, path)
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    view = dialog.lines
    qtbot.wait(50)  # the list lays its items out after it is shown
    lines = [view.item(i).text() for i in range(view.count())]
    assert any(line.startswith("Alice: Moved “Opening: A Night Without Borders") for line in lines)
    assert sum(line.startswith("  by Alice: ") and LONG in line for line in lines) >= 2
    # every line is whole (not elided) and inside the list: nothing to scroll sideways
    width = view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0
    one_line = view.fontMetrics().lineSpacing()
    for i, line in enumerate(lines):
        rect = view.visualItemRect(view.item(i))
        assert rect.left() >= 0 and rect.right() <= width, (line, rect, width)
        if view.fontMetrics().horizontalAdvance(line) > width:
            assert rect.height() >= 2 * one_line, line  # wrapped over several lines
        # tall enough for the whole text wrapped where it is drawn (indented lines narrower)
        indent = view.fontMetrics().horizontalAdvance("M") * (len(line) - len(line.lstrip(" ")))
        box = QRect(0, 0, rect.width() - indent - 4, 1 << 20)
        needed = view.fontMetrics().boundingRect(box, Qt.TextFlag.TextWordWrap, line.lstrip(" ")).height()
        assert rect.height() >= needed, line
    # a sensible size: the dialog's width, tall enough for every line without scrolling
    assert 600 <= dialog.width() <= 800
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() == 0, timeout=2000)  # once laid out
    assert dialog.height() < 600
    keep = os.environ.get(SHOT)
    dialog.grab().save(str(Path(keep) / "merge-summary.png" if keep else tmp_path / "merge-summary.png"))
    window.close()
    mine.close()


def test_a_long_summary_scrolls_within_most_of_the_screen(qtbot: Any) -> None:
    from planner.ui.team_dialog import MergeSummary

    lines = [f"  by Alice: conflict {i}: {LONG}" for i in range(60)]
    dialog = MergeSummary(None, "Merged a long file", lines)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry().height()
    assert dialog.height() <= screen * 0.75 + 1
    assert dialog.lines.verticalScrollBar().maximum() > 0  # the list scrolls, the dialog stays on screen
    assert dialog.lines.horizontalScrollBar().maximum() == 0
