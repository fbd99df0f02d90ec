"""The person dialog: add or edit one person, availability on a week grid."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.analytics import zone_countries
from planner.domain.model import DomainError, Event, Person, PersonRole, timezone_names
from planner.ui.people.week_grid import WeekGrid


class PersonDialog(QDialog):
    """Add or edit one person. The result is :meth:`result_person` after accept."""

    def __init__(self, parent: QWidget | None, event: Event, person: Person | None) -> None:
        super().__init__(parent)
        self.setObjectName("personDialog")
        self.setWindowTitle("Edit person" if person else "Add person")
        self.original = person
        p = person or Person(name="")
        self.name_edit = QLineEdit(p.name)
        self.name_edit.setObjectName("personName")
        self.email_edit = QLineEdit(p.email)
        self.email_edit.setObjectName("personEmail")
        self.org_edit = QLineEdit(p.organisation)
        self.org_edit.setObjectName("personOrganisation")
        self.tz_combo = QComboBox()
        self.tz_combo.setObjectName("personTimezone")
        self.tz_combo.setEditable(True)
        self.tz_combo.addItem("")
        self.tz_combo.addItems(timezone_names())
        self.tz_combo.setCurrentText(p.timezone)
        completer = QCompleter(timezone_names(), self.tz_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tz_combo.setCompleter(completer)
        # The report groups the audience by country: this one when given, else the time
        # zone's country (the placeholder says which that would be).
        self.country_edit = QLineEdit(str(p.extra.get("country", "") or ""))
        self.country_edit.setObjectName("personCountry")
        countries = sorted(set(zone_countries().values()), key=str.casefold)
        country_completer = QCompleter(countries, self.country_edit)
        country_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        country_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.country_edit.setCompleter(country_completer)
        self.tz_combo.currentTextChanged.connect(self._show_zone_country)
        self._show_zone_country(self.tz_combo.currentText())
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("personRole")
        for r in PersonRole:
            self.role_combo.addItem(r.value.capitalize(), r.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(p.role.value))
        self.grid = WeekGrid(event, p.availability, self)
        clear = QPushButton("Always available")
        clear.setObjectName("personAlwaysAvailable")
        clear.clicked.connect(self.grid.clear)
        self.error_label = QLabel()
        self.error_label.setObjectName("personError")
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&E-mail:", self.email_edit)
        form.addRow("&Organisation:", self.org_edit)
        form.addRow("&Time zone:", self.tz_combo)
        form.addRow("&Country:", self.country_edit)
        form.addRow("&Role:", self.role_combo)
        grid_box = QVBoxLayout()
        grid_box.addWidget(self.grid)
        note = QLabel(f"Times in the event's zone ({event.timezone}). Empty means always available.")
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        grid_box.addWidget(note)
        grid_box.addWidget(clear, alignment=Qt.AlignmentFlag.AlignLeft)
        form.addRow("Available:", grid_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._result: Person | None = None

    def build(self) -> Person:
        base = self.original
        p = Person(
            name=" ".join(self.name_edit.text().split()),
            email=self.email_edit.text().strip(),
            organisation=self.org_edit.text().strip(),
            timezone=self.tz_combo.currentText().strip(),
            role=PersonRole(self.role_combo.currentData()),
            availability=self.grid.windows(),
        )
        if base is not None:
            p.guid = base.guid
            p.extra = dict(base.extra)
        country = " ".join(self.country_edit.text().split())
        if country:
            p.extra["country"] = country
        else:
            p.extra.pop("country", None)
        return p

    def _show_zone_country(self, zone: str) -> None:
        guess = zone_countries().get(zone.strip(), "")
        self.country_edit.setPlaceholderText(
            f"{guess} (from the time zone)" if guess else "the country the report counts this person in"
        )

    def accept(self) -> None:
        try:
            p = self.build()
            p.validate()
        except DomainError as exc:
            self.error_label.setText(f"{exc.field.capitalize()}: {exc.message}")
            return
        self._result = p
        super().accept()

    def result_person(self) -> Person | None:
        return self._result
