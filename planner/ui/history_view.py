"""View › History: the open event's edit log, newest first (time in the event's zone,
kind, one line, who). It is read from the store, so it survives restarts and shows what
the command line did too; it refreshes after every edit, undo and redo."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.text import plural
from planner.ui.document import EventDocument

log = logging.getLogger(__name__)

# How an edit's kind reads in the list.
KIND_NAMES = {
    "create-event": "Created",
    "sessions": "Sessions",
    "rooms": "Rooms",
    "room-order": "Room order",
    "people": "People",
    "invites": "Invites",
    "acknowledgements": "Conflicts",
    "incidents": "Incident log",
    "attendance": "Attendance",
    "feedback": "Feedback",
    "event": "Event",
    "checklist": "Checklist",
    "batch": "Several",
    "reimport": "Re-import",
}

LIMIT = 2000  # the newest entries; an event's whole log can be read with Store.edit_log


class HistoryDialog(QDialog):
    """A window beside the main one (not modal) listing the edit log."""

    def __init__(self, parent: QWidget | None, document: EventDocument) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.document = document
        self.setWindowTitle(f"History of {document.schedule.event.name}")
        self.head = QLabel(self)
        self.head.setObjectName("historyHead")
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("historyTable")
        self.table.setHorizontalHeaderLabels(["When", "What", "Change", "Who"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(880, 480)
        document.edited.connect(self.refresh)
        self.refresh()

    def refresh(self, _change: object = None) -> None:
        doc = self.document
        entries = doc.history(LIMIT)
        try:
            zone = ZoneInfo(doc.schedule.event.timezone)
        except (ValueError, KeyError):
            zone = ZoneInfo("UTC")
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            local = e.at.astimezone(zone)
            cells = [
                local.strftime("%a %d %b %Y %H:%M:%S"),
                KIND_NAMES.get(e.kind, e.kind),
                e.summary,
                e.author,
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, e.id)
                self.table.setItem(row, col, item)
        n = len(entries)
        self.head.setText(
            f"{plural(n, 'edit')} of {doc.schedule.event.name}, newest first; "
            f"times in {doc.schedule.event.timezone}"
        )


def show_history(parent: QWidget, document: EventDocument) -> HistoryDialog:
    dialog = HistoryDialog(parent, document)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
