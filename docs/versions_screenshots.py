"""Screenshots of versions and messages in the window, rendered offscreen:

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/versions_screenshots.py [OUT-DIR]

The demo event published as version 1 ("Programme"), then three sessions changed (one
moved to another room and retimed, one lengthened, one renamed): the Changes dock with
its marks on the grid, version 1 read-only beside now, and the Messages dialog's preview
of the change notice to one speaker.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from planner.demo import demo_schedule
from planner.domain.model import SessionKind
from planner.store import Store
from planner.versions import publish


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    app = QApplication.instance() or QApplication([])
    from planner.ui.main_window import MainWindow
    from planner.ui.messages_dialog import MessagesDialog
    from planner.ui.versions_view import CompareWindow

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "shots.sqlite")
        slug = store.add_schedule(demo_schedule())
        publish(store, slug, name="Programme", notes="The programme as announced")
        w = MainWindow(store, slug)
        w.resize(1400, 900)
        w.show()
        w.finish_start()
        w.schedule_view.timeline.place_all()
        doc = w.document
        assert doc is not None
        talks = [s for s in doc.schedule.sessions if s.scheduled and s.kind == SessionKind.TALK]
        a, b, c = talks[1], talks[3], talks[5]
        other = next(r.guid for r in doc.schedule.sorted_rooms() if r.name == "Lounge")
        assert a.start is not None
        doc.save_sessions(
            [
                replace(a, room=other, start=a.start + timedelta(minutes=60)),
                replace(b, duration_minutes=b.duration_minutes + 15),
                replace(c, title="Closing: " + c.title),
            ],
            "Three changes",
        )
        w.changes_dock.show()
        w.changes_dock.raise_()
        w.resizeDocks([w.changes_dock], [230], Qt.Orientation.Vertical)
        panel = w.changes_panel
        panel.refresh()
        w.schedule_view.timeline.scroll_to_first_session()
        app.processEvents()
        w.grab().save(str(out / "versions-changes-dock.png"))

        cw = CompareWindow(w)
        cw.resize(1500, 850)
        cw.show()
        app.processEvents()
        cw.show_version(1)
        app.processEvents()
        cw.grab().save(str(out / "versions-past-beside-now.png"))
        cw.close()

        md = MessagesDialog(w)
        md.show()
        row = next(i for i, d in enumerate(md.drafts) if d.person.timezone == "Asia/Tokyo")
        md.people.setCurrentRow(row)
        app.processEvents()
        md.grab().save(str(out / "versions-messages-dialog.png"))
        md.close()
        w.close()
        store.close()
    print(f"wrote 3 screenshots to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
