"""Create or edit an event: every field of :class:`planner.domain.model.Event`."""

from __future__ import annotations

import copy
import logging
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QStringListModel, Qt, QTime, QTimeZone
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import (
    DEFAULT_INVITE_TEMPLATE,
    SLOT_CHOICES,
    DomainError,
    Event,
    slugify,
    timezone_names,
)
from planner.eventfields import FieldError, check_invite_fields
from planner.imaging import CoverError, load_cover
from planner.ui.file_dialogs import open_file_name

log = logging.getLogger(__name__)


class TimeZoneBox(QComboBox):
    """An editable, searchable list of IANA zones: typing any part filters the list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timezoneBox")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        names = timezone_names()
        self.addItems(names)
        model = QStringListModel(names, self)
        completer = QCompleter(model, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def zone(self) -> str:
        return self.currentText().strip()

    def set_zone(self, name: str) -> None:
        idx = self.findText(name)
        if idx >= 0:
            self.setCurrentIndex(idx)
        else:
            self.setEditText(name)


def _system_zone() -> str:
    """This computer's IANA zone, the likeliest zone of a new event (UTC if unknown)."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    return name if name in set(timezone_names()) else "UTC"


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class EventDialog(QDialog):
    """``event`` None creates a new event. ``result_event()`` gives the edited copy."""

    def __init__(self, parent: QWidget | None, event: Event | None) -> None:
        super().__init__(parent)
        self.setObjectName("eventDialog")
        self.setWindowTitle("New event" if event is None else "Event settings")
        self.setMinimumWidth(560)
        today = date.today()
        self._event = (
            copy.deepcopy(event)
            if event is not None
            else Event(
                name="",
                first_day=today + timedelta(days=30),
                last_day=today + timedelta(days=30),
                timezone=_system_zone(),
            )
        )
        self._cover: bytes | None = self._event.cover_image
        ev = self._event

        self.name = QLineEdit(ev.name)
        self.name.setObjectName("nameEdit")
        self.name.setPlaceholderText("e.g. Winter Gala 2026")
        self.slug = QLineEdit(ev.slug)
        self.slug.setObjectName("slugEdit")
        self.slug.setPlaceholderText("made from the name")
        self.description = QPlainTextEdit(ev.description)
        self.description.setObjectName("descriptionEdit")
        self.description.setFixedHeight(80)
        self.first_day = QDateEdit(_qdate(ev.first_day))
        self.first_day.setObjectName("firstDayEdit")
        self.last_day = QDateEdit(_qdate(ev.last_day))
        self.last_day.setObjectName("lastDayEdit")
        for w in (self.first_day, self.last_day):
            w.setCalendarPopup(True)
            w.setDisplayFormat("ddd d MMM yyyy")
        self.first_day.dateChanged.connect(self._first_day_changed)
        self.timezone = TimeZoneBox()
        self.timezone.set_zone(ev.timezone)
        self.day_start = QTimeEdit(QTime(ev.day_start_minute // 60, ev.day_start_minute % 60))
        self.day_start.setObjectName("dayStartEdit")
        end = ev.day_end_minute % (24 * 60)
        self.day_end = QTimeEdit(QTime(end // 60, end % 60))
        self.day_end.setObjectName("dayEndEdit")
        for t in (self.day_start, self.day_end):
            t.setDisplayFormat("HH:mm")
        self.day_note = QLabel()
        self.day_note.setObjectName("dayNote")
        self.day_start.timeChanged.connect(self._update_day_note)
        self.day_end.timeChanged.connect(self._update_day_note)
        self.slot = QComboBox()
        self.slot.setObjectName("slotBox")
        for m in SLOT_CHOICES:
            self.slot.addItem(f"{m} minutes", m)
        self.slot.setCurrentIndex(max(0, self.slot.findData(ev.slot_minutes)))
        self.base_url = QLineEdit(ev.invite_base_url)
        self.base_url.setObjectName("baseUrlEdit")
        self.base_url.setPlaceholderText("https://events.example.org/your-event")
        self.link_template = QLineEdit(ev.invite_template or DEFAULT_INVITE_TEMPLATE)
        self.link_template.setObjectName("linkTemplateEdit")
        self.link_template.setPlaceholderText(DEFAULT_INVITE_TEMPLATE)
        self.link_template.setToolTip(
            "Each person's invite link: {token} once; {base_url} and {slug} may be used too. "
            "Empty: " + DEFAULT_INVITE_TEMPLATE
        )

        self.cover_preview = QLabel()
        self.cover_preview.setObjectName("coverPreview")
        self.cover_preview.setFixedSize(240, 135)
        self.cover_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cover_preview.setStyleSheet("border: 1px solid palette(mid); background: palette(base);")
        self.cover_button = QPushButton("Choose image…")
        self.cover_button.setObjectName("coverButton")
        self.cover_button.clicked.connect(self._choose_cover)
        self.cover_clear = QPushButton("Remove")
        self.cover_clear.setObjectName("coverClear")
        self.cover_clear.clicked.connect(lambda: self._set_cover(None))
        cover_buttons = QVBoxLayout()
        cover_buttons.addWidget(self.cover_button)
        cover_buttons.addWidget(self.cover_clear)
        cover_buttons.addStretch(1)
        cover_row = QHBoxLayout()
        cover_row.addWidget(self.cover_preview)
        cover_row.addLayout(cover_buttons)
        cover_row.addStretch(1)

        hours = QHBoxLayout()
        hours.addWidget(self.day_start)
        hours.addWidget(QLabel("to"))
        hours.addWidget(self.day_end)
        hours.addWidget(self.day_note)
        hours.addStretch(1)
        days = QHBoxLayout()
        days.addWidget(self.first_day)
        days.addWidget(QLabel("to"))
        days.addWidget(self.last_day)
        days.addStretch(1)

        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("S&lug", self.slug)
        form.addRow("&Description", self.description)
        form.addRow("Days", days)
        form.addRow("Hours each day", hours)
        form.addRow("&Time zone", self.timezone)
        form.addRow("Time &slot", self.slot)
        form.addRow("Invite &base URL", self.base_url)
        form.addRow("Invite lin&k template", self.link_template)
        form.addRow("Cover image", cover_row)

        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("eventButtons")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Create event" if event is None else "Save")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._set_cover(self._cover)
        self._update_day_note()

    # ------------------------------------------------------------ cover
    def choose_cover_file(self) -> str:
        """Ask for an image file; tests replace this method."""
        path = open_file_name(
            self, "cover", "Cover image", "Images (*.png *.jpg *.jpeg *.webp *.gif)", default=Path.home()
        )
        return path

    def _choose_cover(self) -> None:
        path = self.choose_cover_file()
        if path:
            self.load_cover_file(Path(path))

    def load_cover_file(self, path: Path) -> bool:
        try:
            self._set_cover(load_cover(path))
        except CoverError as exc:
            self.error_label.setText(str(exc))
            return False
        self.error_label.clear()
        return True

    def _set_cover(self, data: bytes | None) -> None:
        self._cover = data
        if data is None:
            self.cover_preview.setPixmap(QPixmap())
            self.cover_preview.setText("No cover image")
            self.cover_clear.setEnabled(False)
            return
        pm = QPixmap()
        pm.loadFromData(data, "PNG")
        self.cover_preview.setPixmap(
            pm.scaled(
                self.cover_preview.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.cover_clear.setEnabled(True)

    # ------------------------------------------------------------ days
    def _first_day_changed(self, d: QDate) -> None:
        if self.last_day.date() < d:
            self.last_day.setDate(d)

    def _minutes(self) -> tuple[int, int]:
        s, e = self.day_start.time(), self.day_end.time()
        start = s.hour() * 60 + s.minute()
        end = e.hour() * 60 + e.minute()
        if end <= start:
            end += 24 * 60  # the day runs past midnight
        return start, end

    def _update_day_note(self) -> None:
        end = self._minutes()[1]
        note = "ends the next morning" if end > 24 * 60 else ""
        self.day_note.setText(note)

    # ------------------------------------------------------------ result
    def build_event(self) -> Event:
        ev = copy.deepcopy(self._event)
        ev.name = self.name.text().strip()
        ev.slug = (
            slugify(self.slug.text().strip() or ev.name) if (self.slug.text().strip() or ev.name) else ""
        )
        ev.description = self.description.toPlainText().strip()
        ev.first_day = _pydate(self.first_day.date())
        ev.last_day = _pydate(self.last_day.date())
        ev.timezone = self.timezone.zone()
        ev.day_start_minute, ev.day_end_minute = self._minutes()
        ev.slot_minutes = int(self.slot.currentData())
        ev.invite_base_url = self.base_url.text().strip().rstrip("/")
        ev.invite_template = self.link_template.text().strip() or DEFAULT_INVITE_TEMPLATE
        ev.cover_image = self._cover
        return ev

    def accept(self) -> None:
        try:
            ev = self.build_event()
            ev.validate()
            check_invite_fields(ev)
        except DomainError as exc:
            self.error_label.setText(f"{exc.field.replace('_', ' ').capitalize()}: {exc.message}.")
            return
        except FieldError as exc:
            label = {"invite-url": "Invite base URL", "invite-template": "Invite link template"}
            self.error_label.setText(f"{label.get(exc.field, exc.field)}: {exc.message}.")
            return
        self._event = ev
        super().accept()

    def result_event(self) -> Event:
        return copy.deepcopy(self._event)
