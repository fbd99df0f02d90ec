"""Actions on one session that the grid offers from a block's context menu: schedule a
rehearsal, and edit the tech checklist. Each change is one undoable edit."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain import checklist
from planner.domain.model import DomainError, Session
from planner.domain.rehearsal import RehearsalSlot, find_rehearsal_slot, make_rehearsal
from planner.domain.timegrid import format_local
from planner.text import plural
from planner.ui.document import EventDocument

log = logging.getLogger(__name__)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """A message; tests replace this function."""
    QMessageBox.information(parent, title, text)


class RehearsalDialog(QDialog):
    """Choose the room and length of a rehearsal; the nearest free slot before the session
    is proposed at once and follows every change."""

    def __init__(self, document: EventDocument, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rehearsalDialog")
        self.setWindowTitle(f"Rehearsal: {session.title}")
        self.document = document
        self.session = session
        self.slot: RehearsalSlot | None = None
        self.room = QComboBox()
        self.room.setObjectName("rehearsalRoom")
        rooms = document.schedule.sorted_rooms()
        own = [r for r in rooms if r.guid == session.room]
        for r in own:
            self.room.addItem(f"{r.name} (its own room)", r.guid)
        for r in rooms:
            if r.guid != session.room:
                self.room.addItem(r.name, r.guid)
        self.duration = QSpinBox()
        self.duration.setObjectName("rehearsalMinutes")
        step = document.schedule.event.slot_minutes
        self.duration.setRange(step, 240)
        self.duration.setSingleStep(step)
        self.duration.setValue(max(step, min(30, session.duration_minutes or 30)))
        self.duration.setSuffix(" min")
        self.proposal = QLabel("")
        self.proposal.setObjectName("rehearsalProposal")
        self.proposal.setWordWrap(True)
        self.proposal.setMinimumWidth(360)
        ns, nm = len(session.speakers), len(session.moderators)
        people = (
            " and ".join(
                x
                for x in (
                    plural(ns, "speaker") if ns else "",
                    plural(nm, "moderator") if nm else "",
                )
                if x
            )
            or "nobody assigned yet"
        )
        who = QLabel(
            f"With its {people}; the slot avoids every session and rehearsal they are in, "
            "and their availability."
        )
        who.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Schedule rehearsal")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Room", self.room)
        form.addRow("Length", self.duration)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(who)
        lay.addWidget(self.proposal)
        lay.addWidget(self.buttons)
        self.room.currentIndexChanged.connect(self.propose)
        self.duration.valueChanged.connect(self.propose)
        self.propose()

    def propose(self) -> None:
        schedule = self.document.schedule
        try:
            self.slot = find_rehearsal_slot(
                schedule,
                self.session.guid,
                room_guid=self.room.currentData(),
                duration_minutes=self.duration.value(),
            )
        except DomainError as exc:
            self.slot = None
            self.proposal.setText(exc.message)
        else:
            if self.slot is None:
                self.proposal.setText(
                    "No free slot before the session: try another room or a shorter rehearsal."
                )
            else:
                when = format_local(schedule.event, self.slot.start, "%a %d %b %H:%M")
                self.proposal.setText(
                    f"Proposed: <b>{when}</b>, {self.duration.value()} minutes, "
                    f"ending before the session starts."
                )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.slot is not None)


def schedule_rehearsal(document: EventDocument, guid: str, parent_widget: QWidget | None) -> bool:
    """Propose the nearest free slot before the session (in its room, or a room chosen in
    the dialog) where all its speakers and moderators are free; on OK, create the
    rehearsal session linked to it (one undo step)."""
    try:
        session = document.session(guid)
    except KeyError:
        inform(parent_widget, "Schedule rehearsal", "That session no longer exists.")
        return False
    if session.start is None:
        inform(
            parent_widget, "Schedule rehearsal", f"“{session.title}” is not scheduled yet; place it first."
        )
        return False
    dialog = RehearsalDialog(document, session, parent_widget)
    if not run_dialog(dialog) or dialog.slot is None:
        return False
    rehearsal = make_rehearsal(session, dialog.slot)
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
        self.new_item.setMinimumWidth(240)
        self.add_button = QPushButton("Add")
        self.add_button.setObjectName("addChecklistItem")
        self.add_button.clicked.connect(self.add_item)
        self.new_item.returnPressed.connect(self.add_item)
        self.message = QLabel("")
        self.message.setObjectName("checklistMessage")
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_item, 1)
        add_row.addWidget(self.add_button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
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
    if after.checklist == checklist.items(session):
        return False  # nothing ticked, unticked or added: no edit
    return document.set_checklist(guid, after.checklist)
