"""Numbers after the event (built by the run-of-show issue)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from planner.ui.views import PlaceholderView


class AnalyticsView(PlaceholderView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Analytics: attendance and feedback after the event.", parent)
        self.setObjectName("analyticsView")
