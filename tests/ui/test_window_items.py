"""Window items of issue 13: dragging a person across tabs (18), and the rough edges of
item 22."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from planner.app import create_window
from planner.store import Store


def test_a_person_dragged_over_the_schedule_tab_can_be_dropped_on_a_session(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = create_window(db_path)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    w.finish_start()
    people = w.people_view
    w.tabs.setCurrentWidget(people)
    doc = w.document
    person = next(p for p in doc.schedule.people if p.name)
    row = next(r for r, p in enumerate(people.model.people) if p.guid == person.guid)
    mime = people.model.mimeData([people.model.index(row, 0)])  # what a real drag carries

    # The drag reaches the tab bar and rests on "Schedule": the tab switches under it.
    bar = w.tabs.tabBar()
    pos = QPointF(bar.tabRect(0).center())
    actions = Qt.DropAction.CopyAction | Qt.DropAction.LinkAction
    enter = QDragEnterEvent(
        pos.toPoint(), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(bar, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(
        pos.toPoint(), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(bar, move)
    qtbot.waitUntil(lambda: w.tabs.currentIndex() == 0, timeout=3000)

    # ... and the same drag drops on a session of the grid.
    timeline = w.schedule_view.timeline
    timeline.place_all()
    target = next(
        s for s in doc.schedule.sessions if s.guid in timeline.blocks and person.guid not in s.speakers
    )
    block = timeline.blocks[target.guid]
    timeline.centerOn(block)
    QApplication.processEvents()
    centre = timeline.mapFromScene(block.sceneBoundingRect().center())
    drop = QDropEvent(
        QPointF(centre),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    timeline.dropEvent(drop)
    assert person.guid in doc.session(target.guid).speakers
    with Store.open(db_path) as other:
        assert person.guid in next(s for s in other.load(doc.slug).sessions if s.guid == target.guid).speakers
    w.close()
