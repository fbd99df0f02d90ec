"""The conflicts panel (built by the conflicts issue)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from planner.ui.views import PlaceholderView


class ConflictsPanel(PlaceholderView):
    # errors, warnings: the window shows them in the status bar
    counts_changed = Signal(int, int)
    # guids of sessions to select and reveal in the schedule
    reveal_sessions = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("No conflict check yet.", parent)
        self.setObjectName("conflictsPanel")
