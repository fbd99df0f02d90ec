"""File > Import schedule and the re-import differences (File > Export schedule is in
:mod:`planner.ui.export_dialog`).

Import: choose a file, read it with a progress bar (cancellable), then a preview of what
will come in (event, days, rooms, sessions, people) beside the report of what was
adjusted and refused; the time zone can be changed there (the file is read again). The
import itself is one store transaction. When an event is open, the same preview offers
to update it instead: the differences (added, removed, moved, retimed, renamed) are shown
before they are applied.

Modal prompts sit behind the module functions ``choose_import_file`` and ``run_dialog``,
which tests replace.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import timezone_names
from planner.errors import UserError
from planner.interop import ImportResult, read
from planner.interop.diff import ScheduleDiff, diff_schedules, merged_schedule
from planner.text import noun, plural
from planner.ui.file_dialogs import open_file_name

if TYPE_CHECKING:
    from planner.ui.window_api import DialogHost

log = logging.getLogger(__name__)

IMPORT_FILTER = (
    "Schedules (*.xml *.json *.ics *.ical *.csv *.txt);;frab XML (*.xml);;"
    "schedule.json (*.json);;iCalendar (*.ics *.ical);;CSV (*.csv *.txt);;All files (*)"
)


# ------------------------------------------------------------------ prompts (tests replace these)
def choose_import_file(parent: QWidget) -> Path | None:
    name = open_file_name(parent, "import-schedule", "Import schedule", IMPORT_FILTER)
    return Path(name) if name else None


def run_dialog(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


# ------------------------------------------------------------------ reading with progress
def read_with_progress(parent: QWidget, path: Path, tz: str | None = None) -> ImportResult:
    """Read ``path`` showing a progress bar; Cancel stops it (an InteropError)."""
    bar = QProgressDialog(f"Reading {path.name}…", "Cancel", 0, 100, parent)
    bar.setObjectName("importProgress")
    bar.setWindowTitle("Import schedule")
    bar.setWindowModality(Qt.WindowModality.WindowModal)
    bar.setMinimumDuration(300)

    def progress(done: int, total: int) -> bool:
        bar.setValue(int(100 * done / total) if total else 100)
        QApplication.processEvents()
        return not bar.wasCanceled()

    try:
        return read(path, tz=tz, progress=progress)
    finally:
        bar.reset()
        bar.deleteLater()


def _report_tree(tree: QTreeWidget, result: ImportResult) -> None:
    tree.clear()
    rep = result.report
    for kind, items in sorted(rep.adjusted.items(), key=lambda kv: -len(kv[1])):
        top = QTreeWidgetItem([f"Adjusted: {kind}", str(len(items))])
        for ex in items[:50]:
            top.addChild(QTreeWidgetItem([ex, ""]))
        if len(items) > 50:
            top.addChild(QTreeWidgetItem([f"… and {len(items) - 50} more", ""]))
        tree.addTopLevelItem(top)
    if rep.refused:
        top = QTreeWidgetItem(["Refused", str(len(rep.refused))])
        for r in rep.refused[:200]:
            top.addChild(QTreeWidgetItem([r, ""]))
        tree.addTopLevelItem(top)
        top.setExpanded(True)
    if not rep.adjusted and not rep.refused:
        tree.addTopLevelItem(QTreeWidgetItem(["Nothing needed adjusting.", ""]))


class ImportPreviewDialog(QDialog):
    """What will come in, what was adjusted and refused; new event or update the open one."""

    def __init__(
        self, parent: QWidget, path: Path, result: ImportResult, open_event: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importPreviewDialog")
        self.setWindowTitle(f"Import {path.name}")
        self.resize(760, 560)
        self.path = path
        self.import_result = result
        self.name_edit = QLineEdit(result.schedule.event.name)
        self.name_edit.setObjectName("importName")
        self.zone_combo = QComboBox()
        self.zone_combo.setObjectName("importZone")
        self.zone_combo.setEditable(True)
        self.zone_combo.addItems(timezone_names())
        self.zone_combo.setCurrentText(result.schedule.event.timezone)
        self.zone_combo.activated.connect(self._zone_changed)
        self.zone_note = QLabel()
        self.zone_note.setObjectName("importZoneNote")
        self.zone_note.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.as_new = QRadioButton("Import as a new event")
        self.as_new.setObjectName("importAsNew")
        self.as_update = QRadioButton(
            f"Update “{open_event}” with this newer version (shows the differences first)"
            if open_event
            else "Update the open event"
        )
        self.as_update.setObjectName("importAsUpdate")
        self.as_new.setChecked(True)
        self.as_update.setVisible(open_event is not None)
        self.tree = QTreeWidget()
        self.tree.setObjectName("importReport")
        self.tree.setHeaderLabels(["What was adjusted or refused", "Count"])
        self.tree.setColumnWidth(0, 600)
        self.tree.setAlternatingRowColors(True)
        form = QFormLayout()
        form.addRow("Event name", self.name_edit)
        zone_row = QHBoxLayout()
        zone_row.addWidget(self.zone_combo, 1)
        form.addRow("Time zone", zone_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("importButtons")
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Import")
        self.ok_button.setObjectName("importOk")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.zone_note)
        layout.addSpacing(6)
        layout.addWidget(self.summary)
        layout.addWidget(self.as_new)
        layout.addWidget(self.as_update)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self._fill()

    def _fill(self) -> None:
        s = self.import_result.schedule
        ev = s.event
        placed = sum(1 for x in s.sessions if x.start is not None and x.room is not None)
        days = (
            f"{ev.first_day:%a %d %b %Y}"
            if ev.first_day == ev.last_day
            else f"{ev.first_day:%a %d %b} – {ev.last_day:%a %d %b %Y} ({len(ev.days)} days)"
        )
        self.summary.setText(
            f"<b>{len(s.sessions)}</b> {noun(len(s.sessions), 'session')} ({placed} with a time and a room), "
            f"<b>{len(s.rooms)}</b> {noun(len(s.rooms), 'room')}, "
            f"<b>{len(s.people)}</b> {noun(len(s.people), 'person', 'people')}<br>{days}; "
            f"days run {ev.day_start_minute // 60:02d}:{ev.day_start_minute % 60:02d}–"
            f"{(ev.day_end_minute // 60) % 24:02d}:{ev.day_end_minute % 60:02d}"
            f"{' (past midnight)' if ev.day_end_minute > 1440 else ''}<br>"
            f"Read as {self.import_result.report.format}."
        )
        used = self.import_result.report.timezone_used
        if "names no time zone" in used:
            # the "ask" of a file without a zone: its wall-clock times are read in the
            # zone chosen here
            self.zone_note.setText(
                "<b>The file names no time zone</b>, so its times were read as UTC. "
                "Choose the zone they are in: the file is read again."
            )
            self.zone_combo.setFocus()
        else:
            self.zone_note.setText(f"Used: {used}")
        _report_tree(self.tree, self.import_result)

    def _zone_changed(self) -> None:
        zone = self.zone_combo.currentText().strip()
        if zone == self.import_result.schedule.event.timezone:
            return
        try:
            self.import_result = read_with_progress(self, self.path, tz=zone)
        except UserError as exc:
            self.zone_note.setText(str(exc))
            return
        self.import_result.schedule.event.name = (
            self.name_edit.text().strip() or self.import_result.schedule.event.name
        )
        self._fill()

    def chosen_result(self) -> ImportResult:
        name = self.name_edit.text().strip()
        if name and name != self.import_result.schedule.event.name:
            self.import_result.schedule.event.name = name
            self.import_result.schedule.event.slug = ""
        return self.import_result


class DiffDialog(QDialog):
    """The differences a newer version brings, grouped by kind, before they are applied."""

    def __init__(self, parent: QWidget, diff: ScheduleDiff, event_name: str) -> None:
        super().__init__(parent)
        self.setObjectName("reimportDiffDialog")
        self.setWindowTitle(f"Update {event_name}")
        self.resize(820, 560)
        self.diff = diff
        head = QLabel(f"<b>{event_name}</b>: {diff.summary() if not diff.empty else 'no differences'}")
        head.setObjectName("diffSummary")
        head.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("diffTree")
        self.tree.setHeaderLabels(["Session", "Before", "After"])
        self.tree.setColumnWidth(0, 340)
        self.tree.setColumnWidth(1, 220)
        self.tree.setAlternatingRowColors(True)
        for kind in ScheduleDiff.KINDS:
            changes = diff.of(kind)
            if not changes:
                continue
            top = QTreeWidgetItem([f"{kind.capitalize()} ({len(changes)})", "", ""])
            for c in sorted(changes, key=lambda c: c.title.casefold()):
                item = QTreeWidgetItem([c.title, c.before, c.after])
                item.setToolTip(0, c.title)
                item.setData(0, Qt.ItemDataRole.UserRole, c.guid)
                top.addChild(item)
            self.tree.addTopLevelItem(top)
            top.setExpanded(len(changes) <= 30)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText("Apply changes")
        self.apply_button.setObjectName("diffApply")
        self.apply_button.setEnabled(not diff.empty)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)


# ------------------------------------------------------------------ the menu actions
def import_schedule(window: DialogHost, path: Path | None = None) -> str | None:
    """File > Import schedule. Returns the slug of the event created or updated."""
    parent = window.window()
    path = path or choose_import_file(parent)
    if path is None:
        return None
    try:
        result = read_with_progress(parent, path)
    except UserError as exc:
        window.show_error(str(exc))
        return None
    doc = window.document
    preview = ImportPreviewDialog(parent, path, result, doc.schedule.event.name if doc else None)
    if not run_dialog(preview):
        return None
    result = preview.chosen_result()
    if doc is not None and preview.as_update.isChecked():
        return reimport_into_open_event(window, result)
    try:
        # the reader's builder validated the sessions; only the event's name may have changed
        slug = window.store.add_schedule(result.schedule, sessions_validated=True)
    except UserError as exc:
        window.show_error(str(exc))
        return None
    window.refresh_events(slug)
    s = result.schedule
    window.statusBar().showMessage(
        f"Imported {plural(len(s.sessions), 'session')}, {plural(len(s.rooms), 'room')} and "
        f"{plural(len(s.people), 'person', 'people')} "
        f"from {path.name}",
        8000,
    )
    log.info("imported %s as %s", path, slug)
    return slug


def reimport_into_open_event(window: DialogHost, result: ImportResult) -> str | None:
    doc = window.document
    assert doc is not None
    current = window.store.load(doc.slug)
    diff = diff_schedules(current, result.schedule)
    dialog = DiffDialog(window.window(), diff, current.event.name)
    if not run_dialog(dialog) or diff.empty:
        return None
    merged = merged_schedule(copy.deepcopy(current), result.schedule, diff)
    # One edit of the differences (planner.edits.reimport): one transaction, one undo step.
    if not doc.reimport(merged, f"Update from {result.report.format} ({diff.summary()})"):
        return None
    window.statusBar().showMessage(f"Updated {current.event.name}: {diff.summary()}", 8000)
    return doc.slug
