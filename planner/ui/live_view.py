"""The live run of show (built by the run-of-show issue)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from planner.ui.views import PlaceholderView


class RunOfShowView(PlaceholderView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Run of show: what is live and next in every room.", parent)
        self.setObjectName("runOfShowView")
