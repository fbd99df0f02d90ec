"""Render the screenshots of issue 13's window items into docs/, offscreen: the rehearsal
mode, the run of show before the event, side-by-side overlapping blocks, the report's
charts and the PDF programme's wrapped titles.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/window_screenshots.py [NAME...]
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication, QWidget

from planner.app import create_window, ensure_app
from planner.domain.model import Event, Room, Schedule, Session
from planner.domain.timegrid import local_instant
from planner.store import Store

DOCS = Path(__file__).resolve().parent


def shot(widget: QWidget, name: str) -> None:
    widget.show()
    for _ in range(8):
        QApplication.processEvents()
    path = DOCS / name
    widget.grab().save(str(path))
    print(path)


def rehearsal(tmp: Path) -> None:
    window = create_window(tmp / "rehearsal.sqlite")
    window.resize(1400, 900)
    window.show()
    window.finish_start()
    import copy

    doc = window.document
    assert doc is not None
    room = copy.deepcopy(next(r for r in doc.schedule.rooms if r.name == "Main Stage"))
    room.stream_url = "https://stream.example.org/winter-gala/main-stage"
    doc.save_room(room, "Stream link")
    window.set_clock(datetime(2026, 12, 12, 19, 28), 1)
    rv = window.run_of_show_view
    main = next(r.guid for r in rv.document.schedule.rooms if r.name == "Main Stage")
    rv.clock.start += timedelta(minutes=3)
    rv.start_room(main)
    rv.incident_text.setText("Rehearsal: the stream key of Studio B is missing")
    rv.log_incident()
    shot(window, "run-of-show-rehearsal.png")
    window.close()


def before_event(tmp: Path) -> None:
    store = Store.open(tmp / "before.sqlite")
    first = (datetime.now(UTC) + timedelta(days=12)).date()
    ev = Event(
        name="Open Source Summit Online",
        first_day=first,
        last_day=first + timedelta(days=1),
        timezone="America/New_York",
        day_start_minute=8 * 60,
        day_end_minute=20 * 60,
    )
    rooms = [Room(name=n, position=i) for i, n in enumerate(["Main hall", "Workshop room", "Hallway track"])]
    sched = Schedule(ev, rooms, [], [])
    titles = [
        (0, 9, 0, 30, "Welcome and house rules"),
        (0, 9, 30, 60, "Keynote: twenty years of community maintained software"),
        (1, 9, 30, 90, "Workshop: your first contribution"),
        (2, 10, 0, 60, "Meet the maintainers"),
        (0, 10, 45, 45, "Supply-chain security without tears"),
        (1, 11, 15, 45, "Packaging Python apps for every desktop"),
        (0, 12, 0, 60, "Lunch"),
        (0, 13, 0, 40, "Lightning talks"),
        (1, 13, 0, 90, "Workshop: testing GUIs offscreen"),
    ]
    for room, hh, mm, minutes, title in titles:
        start = local_instant(ev, first, hh * 60 + mm)
        sched.sessions.append(
            Session(title=title, start=start, duration_minutes=minutes, room=rooms[room].guid)
        )
    slug = store.add_schedule(sched)
    store.close()
    window = create_window(tmp / "before.sqlite", slug)
    window.resize(1400, 900)
    window.show()
    window.finish_start()
    window.tabs.setCurrentWidget(window.run_of_show_view)
    shot(window, "run-of-show-before-event.png")
    window.close()


def pdf_page_png(pdf: Path, name: str, page: int = 0, scale: float = 150 / 72) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        doc[page].render(scale=scale).to_pil().save(DOCS / name)
    finally:
        doc.close()
    print(DOCS / name)


def programme(tmp: Path) -> None:
    """The demo and a busy six-room day of 40-minute talks (the test's schedule)."""
    from planner.demo import demo_schedule
    from planner.interop import write

    sys.path.insert(0, str(DOCS.parent / "tests" / "interop"))
    from test_pdf_wrapping import many_rooms_day

    write(demo_schedule(), tmp / "demo.pdf", "pdf")
    pdf_page_png(tmp / "demo.pdf", "programme-demo.png")
    write(many_rooms_day(), tmp / "busy.pdf", "pdf")
    pdf_page_png(tmp / "busy.pdf", "programme-40-minute-titles.png")
    fosdem = DOCS.parent.parent / "shared" / "data" / "schedules" / "fosdem-2026-schedule.xml"
    if fosdem.exists():
        from planner.interop import read

        schedule = read(fosdem).schedule
        write(schedule, tmp / "fosdem.pdf", "pdf")
        pdf_page_png(tmp / "fosdem.pdf", "programme-fosdem-2026-day1.png")
        write(schedule, tmp / "fosdem-letter.pdf", "pdf", pagesize="Letter")
        pdf_page_png(tmp / "fosdem-letter.pdf", "programme-fosdem-2026-day1-letter.png")


def report(tmp: Path) -> None:
    """The demo's report (its charts of counts), and the test's hybrid day with an online
    room without a limit and one attendee among six people."""
    from planner.afterwards.report import ReportData, write_report
    from planner.demo import add_demo
    from planner.store.day_record import load_attendance, load_feedback

    with Store.open(tmp / "report.sqlite") as store:
        slug = add_demo(store)
        data = ReportData(store.load(slug), load_attendance(store, slug), load_feedback(store, slug))
    write_report(data, tmp / "report.pdf")
    import pypdfium2 as pdfium

    n = len(pdfium.PdfDocument(str(tmp / "report.pdf")))
    for i in range(n):
        pdf_page_png(tmp / "report.pdf", f"report-page-{i + 1}.png", i, 1.5)
    sys.path.insert(0, str(DOCS.parent / "tests" / "event_day"))
    from test_report_charts import event_with_an_online_room

    write_report(event_with_an_online_room(), tmp / "hybrid.pdf")
    for i in (0, 3):  # attendance against capacity; the audience
        pdf_page_png(tmp / "hybrid.pdf", f"report-hybrid-page-{i + 1}.png", i, 1.5)


def overlaps(tmp: Path) -> None:
    """Two sessions that overlap in one room, side by side on the grid (and in the PDF)."""
    import copy

    window = create_window(tmp / "overlaps.sqlite")
    window.resize(1400, 900)
    window.show()
    window.finish_start()
    doc = window.document
    assert doc is not None
    studio = next(r.guid for r in doc.schedule.rooms if r.name == "Studio A")
    lounge = next(r.guid for r in doc.schedule.rooms if r.name == "Lounge")
    panel = next(s for s in doc.schedule.sessions if s.title.startswith("Panel: Directing"))
    meet = copy.deepcopy(next(s for s in doc.schedule.sessions if s.title == "Artist meet and greet"))
    meet.room = studio  # moved onto the panel's room and time: the two overlap
    meet.start = panel.start
    doc.save_sessions([meet], "Overlap")
    drinks = copy.deepcopy(next(s for s in doc.schedule.sessions if s.title.startswith("Welcome drinks")))
    after = copy.deepcopy(next(s for s in doc.schedule.sessions if s.title == "After-party"))
    after.start = drinks.start + timedelta(minutes=15)
    after.room = lounge
    doc.save_sessions([after], "Overlap in the Lounge")
    timeline = window.schedule_view.timeline
    timeline.place_all()
    timeline.centerOn(timeline.blocks[panel.guid])
    shot(window, "grid-overlaps-side-by-side.png")
    from planner.interop import write

    write(doc.schedule, tmp / "overlaps.pdf", "pdf")
    pdf_page_png(tmp / "overlaps.pdf", "programme-overlaps.png")
    window.close()


SHOTS: dict[str, Callable[[Path], None]] = {
    "rehearsal": rehearsal,
    "before": before_event,
    "programme": programme,
    "report": report,
    "overlaps": overlaps,
}


def main() -> None:
    ensure_app()
    wanted = sys.argv[1:] or list(SHOTS)
    with tempfile.TemporaryDirectory() as tmp:
        for name in wanted:
            SHOTS[name](Path(tmp))


if __name__ == "__main__":
    main()
