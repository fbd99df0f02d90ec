"""The command line of this area, the demo's numbers, the report and the reminders."""

from __future__ import annotations

import csv
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from icalendar import Calendar

from planner.cli import main
from planner.demo import add_demo
from planner.domain import analytics as an
from planner.store import Store
from planner.store.day_record import load_attendance, load_feedback


def test_demo_has_numbers(store: Store) -> None:
    slug = add_demo(store)
    sched = store.load(slug)
    att, fb = load_attendance(store, slug), load_feedback(store, slug)
    assert len(att) >= 10 and len(fb) >= 100
    rows = an.session_numbers(sched, att, fb)
    assert all(r.fill_rate is not None and r.fill_rate < 1.2 for r in rows)
    assert an.start_delays(sched), "the demo's first half has actual start times"
    assert {t for t, _, _ in an.ratings_by_track(sched, fb)} >= {"Keynotes", "Performance"}
    aud = an.audience(sched)
    assert dict(aud.by_country)["Austria"] >= 5


def test_attendance_and_feedback_commands(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "demo"]) == 0
    slug = capsys.readouterr().out.strip()
    good = tmp_path / "att.csv"
    good.write_text("session,registered,attended\nClosing concert,600,480\n", encoding="utf-8")
    assert main(["--db", str(db_path), "attendance", "import", str(good), "--event", slug]) == 0
    assert "1 session" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("session,rating\nClosing concert,5\nClosing concert,0\nNo such,3\n", encoding="utf-8")
    assert main(["--db", str(db_path), "feedback", "import", str(bad), "--event", slug]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: 2 problems, nothing was imported: line 3, rating" in err and "line 4, session" in err
    assert "Traceback" not in err
    with Store.open(db_path) as store:
        closing = next(s for s in store.load(slug).sessions if s.title == "Closing concert")
        assert next(a for a in load_attendance(store, slug) if a.session == closing.guid).attended == 480
        assert len(load_feedback(store, slug)) > 100  # the demo's ratings are untouched
    assert main(["--db", str(db_path), "attendance", "import", str(good), "--event", "nope"]) == 1
    assert "there is no event 'nope'" in capsys.readouterr().err


def test_report_pdf(tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db_path) as store:
        slug = add_demo(store)
    out = tmp_path / "report.pdf"
    assert main(["--db", str(db_path), "report", "--event", slug, "--out", str(out)]) == 0
    pdf = pdfium.PdfDocument(str(out))
    assert len(pdf) >= 4
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    for wanted in (
        "Winter Gala 2026",
        "Attendance per session",
        "Ratings by track",
        "Planned against actual",
        "What the audience wrote",
        "The audience",
        "Speakers, moderators and crew",
        "Amara Okafor",
        "Closing concert",
    ):
        assert wanted in text, wanted
    pdf.close()


def test_report_of_an_event_without_numbers(tmp_path: Path, db_path: Path) -> None:
    from planner.demo import demo_schedule

    with Store.open(db_path) as store:
        slug = store.add_schedule(demo_schedule())
    out = tmp_path / "empty.pdf"
    assert main(["--db", str(db_path), "report", "--event", slug, "--out", str(out)]) == 0
    pdf = pdfium.PdfDocument(str(out))
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "No attendance was imported yet" in text
    pdf.close()


def test_reminders(tmp_path: Path, db_path: Path) -> None:
    with Store.open(db_path) as store:
        slug = add_demo(store)
    out = tmp_path / "rem"
    assert main(["--db", str(db_path), "reminders", "--event", slug, "--out", str(out)]) == 0
    cal = Calendar.from_ical((out / "hiroshi-tanaka.ics").read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    # Hiroshi speaks in the panel and the strings set; the unscheduled encore is left out.
    assert sorted(str(e["summary"]) for e in events) == [
        "Live: Strings Across Continents (speaker)",
        "Panel: The Future of Live Culture Online (speaker)",
    ]
    assert all(len(e.walk("VALARM")) == 2 for e in events)
    with (out / "reminders.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    panel = next(r for r in rows if r["name"] == "Hiroshi Tanaka" and r["what"].startswith("Panel"))
    # 18:30 in Vienna is 02:30 the next morning in Tokyo.
    assert panel["when"] == "Sun 13 Dec 2026 02:30" and panel["timezone"] == "Asia/Tokyo"
    assert panel["email"] == "h.tanaka@example.jp" and panel["link"].startswith("https://")


def test_demo_numbers_can_be_loaded_into_a_plain_demo(store: Store) -> None:
    from planner.demo import demo_schedule, load_demo_afterwards

    slug = store.add_schedule(demo_schedule())
    load_demo_afterwards(store, slug)
    sched = store.load(slug)
    assert len(sched.people) == 16 + 69
    assert sum(1 for s in sched.sessions if s.actual_start is not None) == 8
    assert len(load_attendance(store, slug)) == 16 and len(load_feedback(store, slug)) == 202


def test_report_of_a_busy_person_fits_its_pages(tmp_path: Path) -> None:
    from datetime import date, datetime, timedelta

    from planner.afterwards.report import ReportData, write_report
    from planner.domain.model import UTC, Event, Person, PersonRole, Room, Schedule, Session

    room = Room(name="Hall")
    angel = Person(name="Herald Angel", role=PersonRole.CREW)
    start = datetime(2026, 6, 1, 8, tzinfo=UTC)
    sessions = [
        Session(
            title=f"A rather long session title number {i} about many things",
            room=room.guid,
            start=start + timedelta(minutes=30 * i),
            moderators=[angel.guid],
        )
        for i in range(40)
    ]
    sched = Schedule(
        Event(name="Busy", first_day=date(2026, 6, 1), last_day=date(2026, 6, 1)), [room], sessions, [angel]
    )
    out = write_report(ReportData(sched, [], []), tmp_path / "busy.pdf")
    pdf = pdfium.PdfDocument(str(out))
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Herald Angel" in text and "and 28 more" in text
    pdf.close()
