"""File › Merge changes… in the window: a teammate's change appears on the open event,
and the summary says who made it and which conflicts it made (issue 16)."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from planner.demo import add_demo
from planner.edits import save_sessions
from planner.store import Store
from planner.team import sharefile
from planner.team.replica import Replica, merge_new

SHOT = "PLANNER_SCREENSHOT_DIR"  # set it to keep the summary's picture (docs/merge-summary.png)


def test_merge_changes_shows_the_teammates_edit_and_its_conflicts(qtbot: Any, tmp_path: Path) -> None:
    from planner.ui.main_window import MainWindow
    from planner.ui.team_dialog import merge_file

    a = Store.open(tmp_path / "a.sqlite")
    slug = add_demo(a)
    ra = Replica.open(a, slug, "Alice")
    mine = Store.open(tmp_path / "b.sqlite")
    rb, _ = merge_new(mine, ra.update_since(None), "Bob")
    sched = a.load(slug)
    placed = [s for s in sched.sessions if s.start is not None and s.room is not None]
    first, other = (
        placed[0],
        next(s for s in placed[1:] if (s.room, s.start) != (placed[0].room, placed[0].start)),
    )
    moved = copy.deepcopy(other)
    moved.room, moved.start = first.room, first.start
    ra.apply(save_sessions(sched, [moved]))
    path = tmp_path / "from-alice.share"
    path.write_bytes(
        sharefile.dumps(
            sharefile.ShareFile("update", ra.shared_id, "Winter Gala", ra.update_since(rb.state()))
        )
    )

    window = MainWindow(mine, rb.slug)
    qtbot.addWidget(window)
    window.show()
    dialog = merge_file(window, path)
    assert dialog is not None
    qtbot.addWidget(dialog)
    window.reload_event()
    lines = [dialog.lines.item(i).text() for i in range(dialog.lines.count())]
    assert any(line.startswith("Alice: Moved") for line in lines)
    assert any(line.startswith("  by Alice: ") for line in lines)
    assert window.document is not None
    got = window.document.schedule.session_by_guid()[other.guid]
    assert (got.room, got.start) == (first.room, first.start)
    keep = os.environ.get(SHOT)
    dialog.grab().save(str(Path(keep) / "merge-summary.png" if keep else tmp_path / "merge-summary.png"))
