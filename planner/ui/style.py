"""The look: Qt's Fusion style everywhere (the same on every desktop), a few colours."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

STYLESHEET = """
#emptyTitle { color: palette(text); }
QToolBar#eventToolbar { spacing: 6px; padding: 2px 6px; }
QStatusBar QLabel#conflictStatus { padding: 0 8px; }
"""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(STYLESHEET)
