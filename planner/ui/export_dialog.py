"""File > Export schedule: the format follows the file type chosen in the save dialog
(frab XML, schedule.json, iCalendar, CSV, or a PDF programme in A4 or Letter).

The save dialog sits behind the module function ``choose_export_file``, which tests
replace.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from planner.interop import InteropError, write
from planner.ui.file_dialogs import save_file_name

if TYPE_CHECKING:
    from planner.ui.window_api import DialogHost

EXPORT_FILTERS = {
    "frab XML, for Giggity, ConfClerk, EventFahrplan (*.xml)": ("frab-xml", ".xml", {}),
    "schedule.json (*.json)": ("schedule-json", ".json", {}),
    "iCalendar (*.ics)": ("ics", ".ics", {}),
    "CSV spreadsheet (*.csv)": ("csv", ".csv", {}),
    "PDF programme, A4 (*.pdf)": ("pdf", ".pdf", {"pagesize": "A4"}),
    "PDF programme, Letter (*.pdf)": ("pdf", ".pdf", {"pagesize": "Letter"}),
}


def choose_export_file(parent: QWidget, suggested: str) -> tuple[Path, str] | None:
    """The file and the chosen filter (one of EXPORT_FILTERS), or None."""
    name, chosen = save_file_name(
        parent, "export-schedule", "Export schedule", suggested, ";;".join(EXPORT_FILTERS)
    )
    return (Path(name), chosen) if name else None


def export_schedule(window: DialogHost) -> Path | None:
    """File > Export schedule: the format follows the chosen file type."""
    doc = window.document
    if doc is None:
        return None
    chosen = choose_export_file(window.window(), f"{doc.slug}.xml")
    if chosen is None:
        return None
    path, filter_ = chosen
    fmt, suffix, options = EXPORT_FILTERS.get(filter_, ("frab-xml", ".xml", {}))
    if not path.suffix:
        path = path.with_suffix(suffix)
    try:
        write(doc.schedule, path, fmt, **options)
    except (InteropError, OSError) as exc:
        window.show_error(f"Could not export to {path}: {exc}")
        return None
    unplaced = sum(1 for s in doc.schedule.sessions if s.start is None or s.room is None)
    note = f" ({unplaced} unscheduled sessions left out)" if unplaced and fmt != "csv" else ""
    window.statusBar().showMessage(f"Exported {path.name}{note}", 8000)
    return path
