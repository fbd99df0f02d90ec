"""People of the event (built by the people issue)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from planner.ui.views import PlaceholderView

if TYPE_CHECKING:
    from planner.ui.main_window import MainWindow


class PeopleView(PlaceholderView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("People: speakers, moderators, attendees and crew.", parent)
        self.setObjectName("peopleView")


def import_people(window: MainWindow) -> None:
    QMessageBox.information(window, "Import people", "Importing people is not available yet.")


def export_qr_sheet(window: MainWindow) -> None:
    QMessageBox.information(window, "QR sheet", "QR sheets are not available yet.")
