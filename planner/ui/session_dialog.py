"""The session dialog: every field of a session, its people chosen from the event's."""

from __future__ import annotations

import copy
import logging
from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import DomainError, Schedule, Session, SessionKind, SessionStatus

log = logging.getLogger(__name__)

GUID = Qt.ItemDataRole.UserRole


class _PeoplePicker(QWidget):
    """A filterable list of the event's people with a tick for each chosen one."""

    def __init__(
        self, schedule: Schedule, chosen: list[str], name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter people…")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName(f"{name}List")
        self.order = list(chosen)
        for p in sorted(schedule.people, key=lambda p: p.name.casefold()):
            item = QListWidgetItem(p.name + (f" ({p.organisation})" if p.organisation else ""))
            item.setData(GUID, p.guid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p.guid in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(self._changed)
        self.filter.textChanged.connect(self._filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)

    def _filter(self, text: str) -> None:
        t = text.casefold()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(t) and t not in item.text().casefold())

    def _changed(self, item: QListWidgetItem) -> None:
        g = str(item.data(GUID))
        if item.checkState() == Qt.CheckState.Checked and g not in self.order:
            self.order.append(g)
        elif item.checkState() != Qt.CheckState.Checked and g in self.order:
            self.order.remove(g)

    def chosen(self) -> list[str]:
        return list(self.order)


class SessionDialog(QDialog):
    """Edit a copy of a session; :meth:`result_session` gives the edited copy."""

    def __init__(self, session: Session, schedule: Schedule, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionDialog")
        self.setWindowTitle(f"Session: {session.title}")
        self.session = copy.deepcopy(session)
        self.schedule = schedule
        ev = schedule.event
        self.zone = QTimeZone(ev.timezone.encode())

        self.title = QLineEdit(session.title)
        self.title.setObjectName("titleEdit")
        if session.guid not in schedule.session_by_guid():
            # A new session's title is a placeholder ("New session"): selected, with the
            # focus, so that typing replaces it.
            self.title.selectAll()
            self.title.setFocus(Qt.FocusReason.OtherFocusReason)
        self.kind = QComboBox()
        self.kind.setObjectName("kindCombo")
        for k in SessionKind:
            self.kind.addItem(k.value.capitalize(), k.value)
        self.kind.setCurrentIndex(self.kind.findData(session.kind.value))
        self.status = QComboBox()
        for st in SessionStatus:
            self.status.addItem(st.value.capitalize(), st.value)
        self.status.setCurrentIndex(self.status.findData(session.status.value))
        self.track = QLineEdit(session.track)
        self.language = QLineEdit(session.language)
        self.scheduled = QCheckBox("Scheduled")
        self.scheduled.setObjectName("scheduledCheck")
        self.scheduled.setChecked(session.start is not None)
        self.start = QDateTimeEdit()
        self.start.setObjectName("startEdit")
        self.start.setTimeZone(self.zone)
        self.start.setDisplayFormat("ddd dd MMM yyyy HH:mm")
        self.start.setCalendarPopup(True)
        start = session.start
        if start is None:
            from planner.domain.timegrid import day_window

            start = day_window(ev, ev.first_day)[0]
        self.start.setDateTime(QDateTime.fromSecsSinceEpoch(int(start.timestamp()), self.zone))
        self.duration = QSpinBox()
        self.duration.setObjectName("durationSpin")
        self.duration.setRange(0, 7 * 24 * 60)
        self.duration.setSingleStep(ev.slot_minutes)
        self.duration.setSuffix(" min")
        self.duration.setValue(session.duration_minutes)
        self.room = QComboBox()
        self.room.setObjectName("roomCombo")
        self.room.addItem("(no room)", None)
        for r in schedule.sorted_rooms():
            self.room.addItem(r.name, r.guid)
        self.room.setCurrentIndex(max(0, self.room.findData(session.room)))
        self.limit = QSpinBox()
        self.limit.setRange(0, 1_000_000)
        self.limit.setSpecialValueText("no limit")
        self.limit.setValue(session.participant_limit or 0)
        self.stream_url = QLineEdit(session.stream_url)
        self.stream_url.setObjectName("streamUrlEdit")
        self.stream_url.setPlaceholderText("the room's link when empty (https://…)")
        self.description = QPlainTextEdit(session.description)
        self.description.setObjectName("descriptionEdit")
        self.speakers = _PeoplePicker(schedule, session.speakers, "speakersPicker")
        self.moderators = _PeoplePicker(schedule, session.moderators, "moderatorsPicker")
        self.message = QLabel("")
        self.message.setObjectName("dialogMessage")
        self.message.setStyleSheet("color: palette(link);")
        self.message.setWordWrap(True)

        when = QHBoxLayout()
        when.addWidget(self.scheduled)
        when.addWidget(self.start, 1)
        self.scheduled.toggled.connect(self.start.setEnabled)
        self.start.setEnabled(self.scheduled.isChecked())
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Kind", self.kind)
        form.addRow("Status", self.status)
        form.addRow("Track", self.track)
        form.addRow("Language", self.language)
        form.addRow("Start", when)
        form.addRow("Duration", self.duration)
        form.addRow("Room", self.room)
        form.addRow("Participant limit", self.limit)
        form.addRow("Stream link", self.stream_url)
        form.addRow("Description", self.description)
        people = QHBoxLayout()
        for label, picker in (("Speakers", self.speakers), ("Moderators", self.moderators)):
            box = QVBoxLayout()
            box.addWidget(QLabel(f"<b>{label}</b>"))
            box.addWidget(picker)
            people.addLayout(box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QHBoxLayout()
        layout.addLayout(form, 3)
        layout.addLayout(people, 2)
        outer = QVBoxLayout(self)
        outer.addLayout(layout)
        outer.addWidget(self.message)
        outer.addWidget(buttons)
        self.resize(900, 520)

    def result_session(self) -> Session:
        """The edited copy; raises DomainError (with the field) when a value is wrong."""
        s = copy.deepcopy(self.session)
        s.title = self.title.text().strip()
        s.kind = SessionKind(self.kind.currentData())
        s.status = SessionStatus(self.status.currentData())
        s.track = self.track.text().strip()
        s.language = self.language.text().strip()
        if self.scheduled.isChecked():
            secs = self.start.dateTime().toSecsSinceEpoch()
            from planner.domain.model import UTC

            s.start = datetime.fromtimestamp(secs, UTC)
        else:
            s.start = None
        s.duration_minutes = self.duration.value()
        s.room = self.room.currentData()
        s.participant_limit = self.limit.value() or None
        s.description = self.description.toPlainText()
        s.stream_url = self.stream_url.text().strip()
        s.speakers = self.speakers.chosen()
        s.moderators = self.moderators.chosen()
        s.validate()
        return s

    def accept(self) -> None:
        try:
            self.result_session()
        except DomainError as exc:
            self.message.setText(str(exc))
            return
        super().accept()


def edit_session(session: Session, schedule: Schedule, parent: QWidget | None = None) -> Session | None:
    """Show the dialog modally; the edited session, or None when cancelled."""
    dialog = SessionDialog(session, schedule, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_session()
