"""The Analytics tab writes a room without a participant limit as the report does: "no
limit", in its table and beside the room's bar, never "–" or "0" (issue 13, item 23)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from reportlab.platypus import Paragraph, Table

from planner import edits
from planner.afterwards.report import build_story
from planner.app import create_window
from planner.store import Store
from tests.event_day.test_report_charts import event_with_an_online_room, flat

SHOT = "PLANNER_SCREENSHOT_DIR"  # set it to keep the tab's picture


def report_rows(data: Any) -> dict[str, list[str]]:
    """The report's table rows by their first cell, as text."""

    def text(cell: Any) -> str:
        return cell.getPlainText() if isinstance(cell, Paragraph) else str(cell)

    return {
        text(row[0]): [text(c) for c in row]
        for t in flat(build_story(data))
        if isinstance(t, Table)
        for row in t._cellvalues  # type: ignore[attr-defined]  # noqa: SLF001  (reportlab's)
    }


def test_analytics_tab_says_no_limit_like_the_report(qtbot: Any, db_path: Path, tmp_path: Path) -> None:
    data = event_with_an_online_room()
    with Store.open(db_path) as store:
        slug = store.add_schedule(data.schedule)
        store.apply(slug, edits.import_attendance([], data.attendance))
    window = create_window(db_path, slug)
    qtbot.addWidget(window)
    window.resize(1300, 900)
    window.show()
    av = window.analytics_view
    window.tabs.setCurrentWidget(av)
    qtbot.waitUntil(lambda: av.table.rowCount() == 2, timeout=3000)

    headers = [av.table.horizontalHeaderItem(c).text() for c in range(av.table.columnCount())]
    capacity = headers.index("Capacity")
    cells = {av.table.item(r, 0).text(): av.table.item(r, capacity).text() for r in range(2)}
    assert cells == {"Hall talk": "120", "Stream talk": "no limit"}
    # sorted by capacity, "no limit" is above every number
    av.table.sortByColumn(capacity, Qt.SortOrder.DescendingOrder)
    assert [av.table.item(r, capacity).text() for r in range(2)] == ["no limit", "120"]
    # the same words as the report's sessions table, from the same function
    assert "no limit" in report_rows(data)["Stream talk"]
    assert "120" in report_rows(data)["Hall talk"]
    # the charts: the bar of a room without a limit says so, and has no capacity bar
    assert [(label, ref) for label, _v, ref in av.room_chart.rows] == [
        ("Hall", 120.0),
        ("Online (no limit)", None),
    ]
    assert [(label, ref) for label, _v, ref in av.session_chart.rows] == [
        ("Hall talk", 120.0),
        ("Stream talk (no limit)", None),
    ]
    keep = os.environ.get(SHOT)
    av.grab().save(
        str(Path(keep) / "analytics-no-limit.png" if keep else tmp_path / "analytics-no-limit.png")
    )
