"""File > Import people: choose a CSV, map its columns with a live preview of the first
rows and every rejected row, and import all or nothing."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import PersonRole
from planner.errors import UserError
from planner.invites.people_csv import (
    FIELD_LABELS,
    FIELDS,
    ImportPlan,
    Table,
    guess_mapping,
    plan_import,
    read_table,
)
from planner.text import plural
from planner.ui.document import EventDocument
from planner.ui.file_dialogs import open_file_name

if TYPE_CHECKING:
    from planner.ui.window_api import DialogHost

log = logging.getLogger(__name__)


def choose_import_file(parent: QWidget) -> Path | None:
    """The CSV to import; tests replace this function."""
    name = open_file_name(parent, "import-people", "Import people", "CSV files (*.csv *.txt);;All files (*)")
    return Path(name) if name else None


class ImportPeopleDialog(QDialog):
    """The column mapping with a live preview of the first rows and every rejected row.
    Import stays disabled while any row would be rejected (all or nothing)."""

    PREVIEW_ROWS = 25

    def __init__(self, parent: QWidget | None, document: EventDocument, path: Path) -> None:
        super().__init__(parent)
        self.setObjectName("importPeopleDialog")
        self.setWindowTitle(f"Import people: {path.name}")
        self.resize(900, 620)
        self.document = document
        self.path = path
        self.table: Table = read_table(path.read_bytes(), str(path))
        self.plan = ImportPlan()
        enc = {
            "utf-8-sig": "UTF-8 (with BOM)",
            "utf-8": "UTF-8",
            "utf-16": "UTF-16",
            "cp1252": "Windows-1252",
        }.get(self.table.encoding, self.table.encoding)
        sep = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(
            self.table.delimiter, repr(self.table.delimiter)
        )
        info = QLabel(
            f"{plural(len(self.table.rows), 'row')}, {enc}, separated by {sep}. "
            "Choose which column holds what:"
        )
        info.setObjectName("importInfo")
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("importDefaultRole")
        for r in PersonRole:
            self.role_combo.addItem(r.value.capitalize(), r.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(PersonRole.ATTENDEE.value))

        guessed = guess_mapping(self.table.header)
        self.combos: dict[str, QComboBox] = {}
        mapping_form = QFormLayout()
        grid = QHBoxLayout()
        left, right = QFormLayout(), QFormLayout()
        for n, f in enumerate(FIELDS):
            combo = QComboBox()
            combo.setObjectName(f"map_{f}")
            combo.addItem("— not imported —", None)
            for i, h in enumerate(self.table.header):
                combo.addItem(h or f"(column {i + 1})", i)
            combo.setCurrentIndex(combo.findData(guessed[f]) if f in guessed else 0)
            combo.currentIndexChanged.connect(self.update_preview)
            self.combos[f] = combo
            (left if n % 2 == 0 else right).addRow(FIELD_LABELS[f] + ":", combo)
        grid.addLayout(left)
        grid.addSpacing(24)
        grid.addLayout(right)
        mapping_form.addRow("Role when none is given:", self.role_combo)
        self.role_combo.currentIndexChanged.connect(self.update_preview)

        self.preview = QTableWidget()
        self.preview.setObjectName("importPreview")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("importProblems")
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(120)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importPeopleButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addLayout(grid)
        layout.addLayout(mapping_form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.update_preview()

    def mapping(self) -> dict[str, int]:
        return {f: c.currentData() for f, c in self.combos.items() if c.currentData() is not None}

    def update_preview(self) -> None:
        role = PersonRole(self.role_combo.currentData())
        self.plan = plan_import(self.table, self.mapping(), self.document.schedule.people, role)
        people = self.plan.people[: self.PREVIEW_ROWS]
        cols = ["Name", "E-mail", "Organisation", "Time zone", "Role"]
        self.preview.clear()
        self.preview.setColumnCount(len(cols))
        self.preview.setHorizontalHeaderLabels(cols)
        self.preview.setRowCount(len(people))
        existing = {p.guid for p in self.document.schedule.people}
        for r, p in enumerate(people):
            for c, v in enumerate([p.name, p.email, p.organisation, p.timezone, p.role.value]):
                item = QTableWidgetItem(v.replace("\n", " ⏎ "))
                if p.guid in existing:
                    item.setToolTip("updates a person already in the event")
                    item.setForeground(QColor("#1f5fa8"))
                self.preview.setItem(r, c, item)
        self.preview.resizeColumnsToContents()
        if self.plan.ok:
            more = f" (first {self.PREVIEW_ROWS} shown)" if len(self.plan.people) > self.PREVIEW_ROWS else ""
            self.summary.setText(f"Ready: {self.plan.summary()}{more}.")
            self.summary.setStyleSheet("")
            self.problems.setPlainText("")
            self.problems.setVisible(False)
        else:
            n = len(self.plan.rejects)
            self.summary.setText(
                f"{n} {'row' if n == 1 else 'rows'} cannot be imported; fix the file or the "
                "mapping (nothing is imported while any row is rejected):"
            )
            self.summary.setStyleSheet("color: #b3261e;")
            self.problems.setPlainText("\n".join(str(r) for r in self.plan.rejects))
            self.problems.setVisible(True)
        self.import_button.setEnabled(self.plan.ok and bool(self.plan.people))

    def accept(self) -> None:
        if not self.plan.ok or not self.plan.people:
            return
        if self.document.save_people(self.plan.people, f"Import people from {self.path.name}"):
            super().accept()


def import_people(window: DialogHost, path: Path | None = None) -> ImportPeopleDialog | None:
    """File > Import people: choose a CSV, then map and preview in a dialog (not blocking)."""
    doc = window.document
    if doc is None:
        return None
    parent = window.window()
    path = path or choose_import_file(parent)
    if path is None:
        return None
    try:
        dialog = ImportPeopleDialog(parent, doc, path)
    except (UserError, OSError) as exc:
        QMessageBox.warning(
            parent,
            "Import people",
            str(exc) if isinstance(exc, UserError) else f"Cannot read {path}: {exc.strerror or exc}",
        )
        return None
    dialog.accepted.connect(
        lambda: window.statusBar().showMessage(f"Imported from {path.name}: {dialog.plan.summary()}", 8000)
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
