"""Actions on one session that the grid offers from a block's context menu: schedule a
rehearsal, and edit the tech checklist. Each change is one undoable edit."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain import checklist
from planner.domain.model import DomainError, Session
from planner.domain.rehearsal import find_rehearsal_slot, make_rehearsal
from planner.domain.timegrid import format_local
from planner.ui.document import EventDocument

log = logging.getLogger(__name__)


def confirm(parent: QWidget | None, title: str, question: str) -> bool:
    """A yes/no question; tests replace this function instead of clicking a modal box."""
    answer = QMessageBox.question(parent, title, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """A message; tests replace this function."""
    QMessageBox.information(parent, title, text)


def schedule_rehearsal(document: EventDocument, guid: str, parent_widget: QWidget | None,
                       room_guid: str | None = None, duration_minutes: int = 30) -> bool:
    """Propose the nearest free slot before the session (its room, or ``room_guid``) where
    all its speakers and moderators are free; on yes, create the rehearsal (one undo step)."""
    schedule = document.schedule
    try:
        session = document.session(guid)
        slot = find_rehearsal_slot(schedule, guid, room_guid=room_guid, duration_minutes=duration_minutes)
    except (KeyError, DomainError) as exc:
        inform(parent_widget, "Schedule rehearsal", str(exc) if isinstance(exc, DomainError)
               else "That session no longer exists.")
        return False
    if slot is None:
        inform(parent_widget, "Schedule rehearsal",
               f"There is no free {duration_minutes}-minute slot before “{session.title}” where the room "
               "and all its speakers and moderators are free. Try another room or a shorter rehearsal.")
        return False
    room = schedule.room_by_guid()[slot.room]
    when = format_local(schedule.event, slot.start, "%a %d %b %H:%M")
    n = len(session.speakers) + len(session.moderators)
    if not confirm(parent_widget, "Schedule rehearsal",
                   f"Rehearse “{session.title}” on {when} in {room.name} for {duration_minutes} minutes "
                   f"with its {n} speaker{'s' if n != 1 else ''} and moderators?"):
        return False
    rehearsal = make_rehearsal(session, slot)
    return document.save_sessions([rehearsal], f"Schedule rehearsal of {session.title}")


class ChecklistDialog(QDialog):
    """Tick the items of one session's tech checklist and add the organiser's own."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklistDialog")
        self.setWindowTitle(f"Checklist: {session.title}")
        self.session = session
        self.boxes: dict[str, QCheckBox] = {}
        self.box_layout = QVBoxLayout()
        for name, done in checklist.items(session).items():
            self._add_box(name, done)
        self.new_item = QLineEdit()
        self.new_item.setObjectName("newChecklistItem")
        self.new_item.setPlaceholderText("Add an item, e.g. “Captions ready”")
        self.add_button = QPushButton("Add")
        self.add_button.setObjectName("addChecklistItem")
        self.add_button.clicked.connect(self.add_item)
        self.new_item.returnPressed.connect(self.add_item)
        self.message = QLabel("")
        self.message.setObjectName("checklistMessage")
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_item, 1)
        add_row.addWidget(self.add_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.box_layout)
        lay.addLayout(add_row)
        lay.addWidget(self.message)
        lay.addWidget(buttons)

    def _add_box(self, name: str, done: bool) -> None:
        box = QCheckBox(name)
        box.setObjectName(f"check:{name}")
        box.setChecked(done)
        self.boxes[name] = box
        self.box_layout.addWidget(box)

    def add_item(self) -> bool:
        try:
            updated = checklist.add_item(self.result_session(), self.new_item.text())
        except DomainError as exc:
            self.message.setText(exc.message)
            return False
        name = list(updated.checklist)[-1]
        self._add_box(name, False)
        self.new_item.clear()
        self.message.setText("")
        return True

    def result_session(self) -> Session:
        out = self.session
        for name, box in self.boxes.items():
            out = checklist.set_item(out, name, box.checkState() == Qt.CheckState.Checked)
        return out


def run_dialog(dialog: QDialog) -> bool:
    """Show a dialog modally; tests replace this function."""
    return bool(dialog.exec())


def edit_checklist(document: EventDocument, guid: str, parent_widget: QWidget | None) -> bool:
    """Open the checklist of a session; an accepted change is one undo step."""
    try:
        session = document.session(guid)
    except KeyError:
        return False
    dialog = ChecklistDialog(session, parent_widget)
    if not run_dialog(dialog):
        return False
    after = dialog.result_session()
    if after.checklist == checklist.items(session) and after.checklist == session.checklist:
        return False
    done, total = checklist.progress(after)
    return document.save_sessions([after], f"Checklist of {session.title} ({done}/{total})")
