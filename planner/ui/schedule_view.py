"""The Schedule tab: a toolbar (slot, zoom, rooms, day), the timeline grid and the tray."""

from __future__ import annotations

import logging

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMenu,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import SLOT_CHOICES
from planner.ui.document import EventDocument
from planner.ui.style import menu_text
from planner.ui.timeline.tray import UnscheduledTray
from planner.ui.timeline.view import TimelineView
from planner.ui.views import DocumentView

log = logging.getLogger(__name__)


class ScheduleView(DocumentView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleView")
        self.timeline = TimelineView(self)
        self.tray = UnscheduledTray(self.timeline, self)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("scheduleToolbar")
        self.slot_combo = QComboBox(self)
        self.slot_combo.setObjectName("slotCombo")
        self.slot_combo.setToolTip("Snap to this many minutes")
        for m in SLOT_CHOICES:
            self.slot_combo.addItem(f"{m} min", m)
        self.slot_combo.activated.connect(lambda i: self.timeline.set_slot(int(self.slot_combo.itemData(i))))
        self.toolbar.addWidget(QLabel(" Snap "))
        self.toolbar.addWidget(self.slot_combo)
        self.toolbar.addSeparator()
        self.act_zoom_out = QAction("Zoom out", self)
        self.act_zoom_out.setObjectName("actionZoomOut")
        self.act_zoom_out.setToolTip("Fewer minutes per screen (−, Ctrl+wheel)")
        self.act_zoom_out.triggered.connect(self.timeline.zoom_out)
        self.act_zoom_in = QAction("Zoom in", self)
        self.act_zoom_in.setObjectName("actionZoomIn")
        self.act_zoom_in.setToolTip("More room for each minute (+, Ctrl+wheel)")
        self.act_zoom_in.triggered.connect(self.timeline.zoom_in)
        self.act_narrow = QAction("Narrower rooms", self)
        self.act_narrow.triggered.connect(lambda: self.timeline.zoom(1.0, 0.8))
        self.act_wider = QAction("Wider rooms", self)
        self.act_wider.triggered.connect(lambda: self.timeline.zoom(1.0, 1.25))
        for a in (self.act_zoom_out, self.act_zoom_in, self.act_narrow, self.act_wider):
            self.toolbar.addAction(a)
        self.toolbar.addSeparator()
        self.rooms_button = QToolButton(self)
        self.rooms_button.setObjectName("roomsButton")
        self.rooms_button.setText("Rooms: all")
        self.rooms_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.rooms_menu = QMenu(self)
        self.rooms_menu.setObjectName("roomsMenu")
        self.rooms_button.setMenu(self.rooms_menu)
        self.toolbar.addWidget(self.rooms_button)
        self.toolbar.addSeparator()
        self.day_combo = QComboBox(self)
        self.day_combo.setObjectName("dayCombo")
        self.day_combo.setToolTip("Jump to a day")
        self.day_combo.activated.connect(self._jump)
        self.toolbar.addWidget(QLabel(" Day "))
        self.toolbar.addWidget(self.day_combo)

        self.timeline.verticalScrollBar().valueChanged.connect(self._follow_day)

        self.tray_label = QLabel("Unscheduled")
        self.tray_label.setObjectName("trayLabel")
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 4, 0, 0)
        side_layout.addWidget(self.tray_label)
        side_layout.addWidget(self.tray)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("scheduleSplitter")
        self.splitter.addWidget(self.timeline)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([1000, 200])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter)

    def set_document(self, document: EventDocument | None) -> None:
        if document is not self.document:
            self.timeline.document = document
            self.timeline.visible_rooms = None
            self.timeline.slot = None
        super().set_document(document)  # on_changed(None) rebuilds the grid and the controls
        self.timeline.scroll_to_first_session()

    def on_changed(self, guids: object) -> None:
        if self.timeline.document is not self.document:
            self.timeline.document = self.document
        self.timeline.on_changed(guids)
        self.tray.refresh(self.document.schedule if self.document else None)
        self.tray_label.setText(f"Unscheduled ({self.tray.count()})")
        if guids is None:
            self._fill_controls()

    def reveal_sessions(self, guids: list[str]) -> None:
        """Select these sessions and scroll the first into view (the conflicts panel asks
        this when a conflict is clicked). Rooms hidden by the subset are shown again."""
        doc = self.document
        if doc is None or not guids:
            return
        view = self.timeline
        wanted = set(guids)
        sessions = [s for s in doc.schedule.sessions if s.guid in wanted]
        hidden = {s.room for s in sessions if s.scheduled} - set(view.grid.rooms if view.grid else [])
        if hidden and view.grid is not None:
            shown = set(view.grid.rooms) | {r for r in hidden if r is not None}
            self.show_rooms([r.guid for r in doc.schedule.sorted_rooms() if r.guid in shown])
        view.place_all()
        view.select(guids)
        blocks = [view.blocks[g] for g in guids if g in view.blocks]
        if blocks:
            first = min(blocks, key=lambda b: (b.y(), b.x()))
            view.ensureVisible(first, 40, 40)
            view.setFocus()
        self.tray.clearSelection()
        for i in range(self.tray.count()):
            item = self.tray.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in wanted:
                item.setSelected(True)
                self.tray.scrollToItem(item)

    # ------------------------------------------------------------ controls
    def _fill_controls(self) -> None:
        doc = self.document
        self.day_combo.clear()
        self.rooms_menu.clear()
        enabled = doc is not None
        for w in (self.slot_combo, self.day_combo, self.rooms_button):
            w.setEnabled(enabled)
        if doc is None:
            return
        grid = self.timeline.grid
        slot = grid.slot if grid else doc.schedule.event.slot_minutes
        self.slot_combo.setCurrentIndex(max(0, self.slot_combo.findData(slot)))
        for i, d in enumerate(doc.schedule.event.days):
            self.day_combo.addItem(f"Day {i + 1} · {d:%a %d %b}", d)
        all_action = self.rooms_menu.addAction("Show all rooms")
        all_action.triggered.connect(lambda: self.show_rooms(None))
        self.rooms_menu.addSeparator()
        shown = set(self.timeline.grid.rooms if self.timeline.grid else [])
        for room in doc.schedule.sorted_rooms():
            act = self.rooms_menu.addAction(menu_text(room.name))  # "Q&A" is not a mnemonic
            act.setCheckable(True)
            act.setChecked(room.guid in shown)
            act.setData(room.guid)
            act.toggled.connect(self._room_toggled)
        self._update_rooms_label()

    def _room_toggled(self, _checked: bool) -> None:
        wanted = [a.data() for a in self.rooms_menu.actions() if a.isCheckable() and a.isChecked()]
        self.timeline.set_visible_rooms(wanted)
        self._update_rooms_label()

    def show_rooms(self, guids: list[str] | None) -> None:
        """Show only these rooms (None: all of them)."""
        self.timeline.set_visible_rooms(guids)
        shown = set(self.timeline.grid.rooms if self.timeline.grid else [])
        for a in self.rooms_menu.actions():
            if a.isCheckable():
                a.blockSignals(True)
                a.setChecked(a.data() in shown)
                a.blockSignals(False)
        self._update_rooms_label()

    def _update_rooms_label(self) -> None:
        if self.document is None or self.timeline.grid is None:
            self.rooms_button.setText("Rooms")
            return
        total = len(self.document.schedule.rooms)
        shown = len(self.timeline.grid.rooms)
        self.rooms_button.setText("Rooms: all" if shown == total else f"Rooms: {shown} of {total}")

    def _follow_day(self, _value: int = 0) -> None:
        """Keep the day box on the day at the top of the grid while scrolling."""
        grid = self.timeline.grid
        if grid is None or not grid.days:
            return
        top = self.timeline.mapToScene(QPoint(0, 0)).y() + grid.day_gap
        index = [b.day for b in grid.days].index(grid.band_at_y(top).day)  # one entry per day, in order
        if index < self.day_combo.count() and index != self.day_combo.currentIndex():
            self.day_combo.setCurrentIndex(index)

    def _jump(self, index: int) -> None:
        day = self.day_combo.itemData(index)
        if day is not None:
            self.timeline.jump_to_day(day)
