"""Render the foundation's screenshots into docs/ from the real widgets, offscreen.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication, QWidget

from planner.app import create_window, ensure_app

DOCS = Path(__file__).resolve().parent


def shot(widget: QWidget, name: str) -> None:
    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    path = DOCS / name
    widget.grab().save(str(path))
    print(path)


def main() -> None:
    app = ensure_app()
    with tempfile.TemporaryDirectory() as tmp:
        window = create_window(Path(tmp) / "docs.sqlite")
        window.resize(1400, 900)
        shot(window, "main-window.png")
        from planner.ui.event_dialog import EventDialog
        from planner.ui.rooms_dialog import RoomsDialog

        assert window.document is not None
        dialog = EventDialog(window, window.document.schedule.event)
        from planner.imaging import load_cover

        cover = DOCS / "cover-sample.png"
        if cover.exists():
            dialog.load_cover_file(cover)
        shot(dialog, "event-dialog.png")
        dialog.close()
        bad = EventDialog(window, None)
        bad.accept()  # no name: shows the message in place
        shot(bad, "event-dialog-error.png")
        bad.close()
        rooms = RoomsDialog(window, window.document)
        shot(rooms, "rooms-dialog.png")
        rooms.close()
        window.ask = lambda *a: True  # type: ignore[method-assign]
        window.delete_event()
        shot(window, "empty-state.png")
        window.close()
        del load_cover
    app.processEvents()


if __name__ == "__main__":
    main()
