"""The base of every view that shows the open event."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from planner.ui.document import EventDocument


class DocumentView(QWidget):
    """A view of the open event. The window calls :meth:`set_document` when the event
    changes; views mirror the document and redraw on ``document.changed``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: EventDocument | None = None

    def set_document(self, document: EventDocument | None) -> None:
        if self.document is not None:
            try:
                self.document.changed.disconnect(self.on_changed)
            except (RuntimeError, TypeError):
                pass
        self.document = document
        if document is not None:
            document.changed.connect(self.on_changed)
        self.on_changed(None)

    def on_changed(self, guids: object) -> None:
        """Redraw what changed (``guids``: a set of guids, or None for everything)."""


class PlaceholderView(DocumentView):
    """Shown where a view is not built yet: says so plainly."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
