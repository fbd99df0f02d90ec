"""The small interface a dialog has to the window it belongs to.

File-menu dialogs (import and export of schedules, people import, the QR sheet) take a
:class:`DialogHost`, not the main window: only what they use, so they can be read, tested
and reused without the window's 600 lines. :class:`planner.ui.main_window.MainWindow`
satisfies it as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar, QWidget

    from planner.store import Store
    from planner.ui.document import EventDocument


class DialogHost(Protocol):
    """What a dialog may ask of its window."""

    @property
    def document(self) -> EventDocument | None:
        """The open event (None when no event is open)."""

    @property
    def store(self) -> Store:
        """The store the window edits."""

    def window(self) -> QWidget:
        """The widget that parents the dialog (QWidget.window())."""

    def statusBar(self) -> QStatusBar:
        """Where a dialog reports what it did."""

    def show_error(self, message: str) -> None:
        """Tell the user, in one sentence, what went wrong."""

    def refresh_events(self, select: str | None = None) -> None:
        """Re-read the list of events and open ``select``."""
