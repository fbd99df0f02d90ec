"""Add, rename, reorder and remove rooms. Each change is saved at once and can be undone."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import DomainError, Room, RoomKind, check_stream_url
from planner.text import noun, plural
from planner.ui.document import EventDocument

log = logging.getLogger(__name__)

COLUMNS = ["Name", "Kind", "Capacity", "Changeover (min)", "Parallel sessions allowed", "Stream link"]
STREAM_COLUMN = 5
W = TypeVar("W", bound=QWidget)


class RoomsDialog(QDialog):
    def __init__(self, parent: QWidget | None, document: EventDocument) -> None:
        super().__init__(parent)
        self.setObjectName("roomsDialog")
        self.setWindowTitle(f"Rooms of {document.schedule.event.name}")
        self.resize(900, 420)
        self.doc = document
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("roomsTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(COLUMNS)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(STREAM_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)

        self.add_button = QPushButton("Add room")
        self.add_button.setObjectName("addRoom")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeRoom")
        self.up_button = QPushButton("Move up")
        self.up_button.setObjectName("roomUp")
        self.down_button = QPushButton("Move down")
        self.down_button.setObjectName("roomDown")
        self.add_button.clicked.connect(self.add_room)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        side = QVBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            b.setAutoDefault(False)  # Return commits a cell; it must not also add a room
            side.addWidget(b)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(side)
        hint = QLabel(
            "Rooms appear as columns on the timeline in this order. Changes are saved at "
            "once; Edit > Undo takes them back."
        )
        hint.setWordWrap(True)
        self.message = QLabel("")
        self.message.setObjectName("roomsMessage")
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)  # nor close the dialog
        close.setDefault(False)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._filling = False
        self.doc.changed.connect(self._refill)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._refill(None)

    def rooms(self) -> list[Room]:
        return self.doc.schedule.sorted_rooms()

    def _refill(self, _guids: object = None) -> None:
        """Show the rooms as they are now. The cells and their widgets are updated in
        place, never replaced: Qt deletes a replaced cell widget only on a later turn of
        the event loop, so until then it stayed drawn where its cell had been, and the spin
        box being typed in lost the keyboard focus at every save."""
        selected = self.selected_guid()
        self._filling = True
        rooms = self.rooms()
        self.table.setRowCount(len(rooms))
        for i, room in enumerate(rooms):
            self._fill_row(i, room)
        if selected is not None and self.selected_guid() != selected:  # it moved: select it again
            row = next((i for i, r in enumerate(rooms) if r.guid == selected), None)
            if row is not None:
                self.table.selectRow(row)
        self._filling = False
        self._update_buttons()

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            self.table.setItem(row, column, item)
        return item

    def _widget(self, row: int, column: int, make: Callable[[], W]) -> W:
        """The row's widget in ``column``, made (and connected) the first time only."""
        widget = self.table.cellWidget(row, column)
        if widget is None:
            widget = make()
            self.table.setCellWidget(row, column, widget)
        return cast(W, widget)

    def _fill_row(self, i: int, room: Room) -> None:
        name = self._item(i, 0)
        if name.text() != room.name:
            name.setText(room.name)
        name.setData(Qt.ItemDataRole.UserRole, room.guid)
        kind = self._widget(i, 1, self._kind_box)
        cap = self._widget(i, 2, self._capacity_box)
        change = self._widget(i, 3, self._changeover_box)
        for w in (kind, cap, change):
            w.setProperty("guid", room.guid)  # the room this row shows now
        with QSignalBlocker(kind):
            kind.setCurrentText(room.kind.value)
        if cap.value() != (room.capacity or 0):
            cap.setValue(room.capacity or 0)
        if change.value() != room.changeover_minutes:
            change.setValue(room.changeover_minutes)
        par = self._item(i, 4)
        par.setFlags(
            Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        )
        par.setCheckState(Qt.CheckState.Checked if room.allow_parallel else Qt.CheckState.Unchecked)
        stream = self._item(i, STREAM_COLUMN)
        if stream.text() != room.stream_url:
            stream.setText(room.stream_url)
        stream.setToolTip("the room's stream or meeting link, for its sessions that have none")

    def _kind_box(self) -> QComboBox:
        box = QComboBox()
        box.addItems([k.value for k in RoomKind])
        box.currentTextChanged.connect(lambda v, w=box: self._set(str(w.property("guid")), kind=RoomKind(v)))
        return box

    def _capacity_box(self) -> QSpinBox:
        box = QSpinBox()
        box.setRange(0, 100_000)
        box.setSpecialValueText("no limit")
        box.editingFinished.connect(
            lambda w=box: self._set(str(w.property("guid")), capacity=w.value() or None)
        )
        return box

    def _changeover_box(self) -> QSpinBox:
        box = QSpinBox()
        box.setRange(0, 240)
        box.editingFinished.connect(
            lambda w=box: self._set(str(w.property("guid")), changeover_minutes=w.value())
        )
        return box

    def done(self, result: int) -> None:
        """Closed: stop following the event (the window keeps the dialog object)."""
        try:
            self.doc.changed.disconnect(self._refill)
        except (RuntimeError, TypeError):  # already disconnected
            pass
        super().done(result)

    def selected_guid(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _update_buttons(self) -> None:
        has = self.selected_guid() is not None
        for b in (self.remove_button, self.up_button, self.down_button):
            b.setEnabled(has)

    def _room(self, guid: str) -> Room:
        return next(r for r in self.doc.schedule.rooms if r.guid == guid)

    def _set(self, guid: str, **changes: object) -> None:
        room = copy.deepcopy(self._room(guid))
        for k, v in changes.items():
            setattr(room, k, v)
        if room != self._room(guid):
            self.doc.save_room(room, f"Change room {room.name}")

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        name_item = self.table.item(item.row(), 0)
        if name_item is None:
            return
        guid = name_item.data(Qt.ItemDataRole.UserRole)
        if item.column() == 0:
            name = item.text().strip()
            if not name:
                self._refill()
                return
            old = self._room(guid).name
            if name != old:
                room = copy.deepcopy(self._room(guid))
                room.name = name
                self.doc.save_room(room, f"Rename room {old} to {name}")
        elif item.column() == 4:
            self._set(guid, allow_parallel=item.checkState() == Qt.CheckState.Checked)
        elif item.column() == STREAM_COLUMN:
            url = item.text().strip()
            try:
                check_stream_url(url)
            except DomainError as exc:
                self.message.setText(f"{self._room(guid).name}: {exc.message}.")
                self._refill()
                return
            self.message.clear()
            self._set(guid, stream_url=url)

    def add_room(self) -> None:
        names = {r.name for r in self.doc.schedule.rooms}
        n = len(names) + 1
        name = f"Room {n}"
        while name in names:
            n += 1
            name = f"Room {n}"
        position = max((r.position for r in self.doc.schedule.rooms), default=-1) + 1
        room = Room(name=name, position=position)
        if self.doc.save_room(room, f"Add room {name}"):
            for i in range(self.table.rowCount()):
                cell = self.table.item(i, 0)
                if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == room.guid:
                    self.table.selectRow(i)
                    self.table.editItem(cell)

    def confirm(self, question: str) -> bool:
        """Ask before removing; tests replace this method."""
        return QMessageBox.question(self, "Remove room", question) == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        guid = self.selected_guid()
        if guid is None:
            return
        room = self._room(guid)
        n = sum(1 for s in self.doc.schedule.sessions if s.room == guid)
        question = f"Remove {room.name}?"
        if n:
            question += f" Its {plural(n, 'session')} {noun(n, 'stays', 'stay')} in the event, unscheduled."
        if self.confirm(question):
            self.doc.delete_room(guid)

    def move_selected(self, delta: int) -> None:
        guid = self.selected_guid()
        if guid is None:
            return
        order = [r.guid for r in self.rooms()]
        i = order.index(guid)
        j = i + delta
        if not 0 <= j < len(order):
            return
        order[i], order[j] = order[j], order[i]
        self.doc.reorder_rooms(order)
