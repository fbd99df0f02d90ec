"""File > Import schedule and File > Export (built by the interop issue)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from planner.ui.main_window import MainWindow


def import_schedule(window: MainWindow) -> None:
    QMessageBox.information(window, "Import", "Importing schedules is not available yet.")


def export_schedule(window: MainWindow) -> None:
    QMessageBox.information(window, "Export", "Exporting schedules is not available yet.")
