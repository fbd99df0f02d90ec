"""The schedule: for now a plain list of sessions by room (the timeline grid replaces it)."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from planner.domain.timegrid import format_local
from planner.ui.views import DocumentView


class ScheduleView(DocumentView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleView")
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Session", "Time", "Kind"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)

    def on_changed(self, guids: object) -> None:
        self.tree.clear()
        if self.document is None:
            return
        sched = self.document.schedule
        ev = sched.event
        by_room: dict[str | None, list] = {}
        for s in sched.sessions:
            by_room.setdefault(s.room, []).append(s)
        for room in [*sched.sorted_rooms(), None]:
            key = room.guid if room else None
            top = QTreeWidgetItem([room.name if room else "Unscheduled", "", ""])
            for s in sorted(by_room.get(key, []), key=lambda x: (x.start is None, x.start or 0, x.title)):
                item = QTreeWidgetItem([s.title, format_local(ev, s.start), s.kind.value])
                item.setData(0, 0x0100, s.guid)
                top.addChild(item)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
