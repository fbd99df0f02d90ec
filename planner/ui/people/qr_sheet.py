"""File > Export QR sheet: who goes on the sheet and how it is laid out, drawn with
progress and cancel (the invite links of the people chosen)."""

from __future__ import annotations

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
    QLabel,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from planner.domain.model import PersonRole, Schedule
from planner.errors import UserError
from planner.invites.links import active_invite, people_with_role
from planner.invites.qr import ErrorCorrection
from planner.invites.sheet import DEFAULT_LAYOUT, LAYOUTS, SheetCancelledError, SheetResult
from planner.text import noun, plural
from planner.ui.document import EventDocument
from planner.ui.file_dialogs import save_file_name

if TYPE_CHECKING:
    from planner.ui.window_api import DialogHost

log = logging.getLogger(__name__)


def choose_sheet_path(parent: QWidget, suggested: str) -> Path | None:
    """Where to save the sheet; tests replace this function."""
    name, _ = save_file_name(parent, "qr-sheet", "Export QR sheet", suggested, "PDF (*.pdf)")
    return Path(name) if name else None


class QrSheetDialog(QDialog):
    """Who goes on the sheet and how it is laid out."""

    def __init__(self, parent: QWidget | None, document: EventDocument) -> None:
        super().__init__(parent)
        self.setObjectName("qrSheetDialog")
        self.setWindowTitle("Export QR sheet")
        self.document = document
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("sheetRole")
        self.role_combo.addItem("Everyone", None)
        for r in PersonRole:
            self.role_combo.addItem(r.value.capitalize() + "s", r.value)
        self.layout_combo = QComboBox()
        self.layout_combo.setObjectName("sheetLayout")
        for name, lay in LAYOUTS.items():
            self.layout_combo.addItem(lay.description, name)
        self.layout_combo.setCurrentIndex(self.layout_combo.findData(DEFAULT_LAYOUT))
        self.paper_combo = QComboBox()
        self.paper_combo.setObjectName("sheetPaper")
        self.paper_combo.addItem("A4", "a4")
        self.paper_combo.addItem("US Letter", "letter")
        self.level_combo = QComboBox()
        self.level_combo.setObjectName("sheetLevel")
        for lv in ErrorCorrection:
            self.level_combo.addItem(lv.label, lv.value)
        self.level_combo.setCurrentIndex(1)
        self.count = QLabel()
        self.count.setObjectName("sheetCount")
        self.role_combo.currentIndexChanged.connect(self._count)
        form = QFormLayout(self)
        form.addRow("People:", self.role_combo)
        form.addRow("Layout:", self.layout_combo)
        form.addRow("Paper:", self.paper_combo)
        form.addRow("Error correction:", self.level_combo)
        form.addRow("", self.count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        b = buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        b.setObjectName("sheetExport")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._count()

    @property
    def role(self) -> PersonRole | None:
        r = self.role_combo.currentData()
        return PersonRole(r) if r else None

    def _count(self) -> None:
        n = len(people_with_role(self.document.schedule, self.role))
        missing = sum(
            active_invite(self.document.schedule, p.guid) is None
            for p in people_with_role(self.document.schedule, self.role)
        )
        text = plural(n, "person", "people")
        if missing:
            text += f"; {missing} without an invite {noun(missing, 'gets', 'get')} one now"
        self.count.setText(text)


def run_sheet(
    window: QWidget,
    document: EventDocument,
    path: Path,
    role: PersonRole | None,
    layout: str,
    paper: str,
    level: str,
) -> SheetResult | None:
    """Write the sheet with a progress dialog whose Cancel stops it (no file is left)."""
    from planner.invites.service import make_sheet

    progress = QProgressDialog("Drawing QR codes…", "Cancel", 0, 100, window)
    progress.setObjectName("sheetProgress")
    progress.setWindowTitle("Export QR sheet")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.setValue(0)

    def on_progress(done: int, total: int) -> None:
        progress.setMaximum(max(total, 1))
        progress.setValue(done)
        progress.setLabelText(f"Drawing QR codes… {done // 2} of {total // 2}")
        QApplication.processEvents()

    # Missing invites are issued first, as one edit (one undo step); the sheet then
    # finds everyone invited and writes nothing to the store.
    from planner.invites.links import missing_invites

    trial = Schedule(document.schedule.event, people=document.schedule.people)
    trial.invites = list(document.schedule.invites)
    new = missing_invites(trial, people_with_role(document.schedule, role))
    if new and not document.save_invites(new, f"Issue {len(new)} invites for the QR sheet"):
        return None
    try:
        result = make_sheet(
            path,
            document.store,
            document.slug,
            role,
            layout,
            paper,
            level,
            progress=on_progress,
            cancelled=progress.wasCanceled,
            schedule=document.schedule,
        )
    except SheetCancelledError:
        log.info("QR sheet cancelled")
        return None
    except UserError as exc:
        QMessageBox.warning(window, "Export QR sheet", str(exc))
        return None
    except OSError as exc:
        QMessageBox.warning(window, "Export QR sheet", f"Cannot write {path}: {exc.strerror or exc}")
        return None
    finally:
        progress.close()
        progress.deleteLater()
    return result


def export_qr_sheet(window: DialogHost) -> QrSheetDialog | None:
    """File > Export QR sheet: options, a file name, then the sheet with progress."""
    doc = window.document
    if doc is None:
        return None
    parent = window.window()
    dialog = QrSheetDialog(parent, doc)

    def go() -> None:
        suggested = f"{doc.slug}-{dialog.layout_combo.currentData()}.pdf"
        path = choose_sheet_path(parent, suggested)
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        result = run_sheet(
            parent,
            doc,
            path,
            dialog.role,
            dialog.layout_combo.currentData(),
            dialog.paper_combo.currentData(),
            dialog.level_combo.currentData(),
        )
        if result is not None:
            window.statusBar().showMessage(
                f"Wrote {plural(result.codes, 'code')} on {plural(result.pages, 'page')} to {path.name}", 8000
            )

    dialog.accepted.connect(go)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
