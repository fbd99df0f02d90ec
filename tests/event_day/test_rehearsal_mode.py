"""Rehearsing the day on a simulated clock never changes the real event (issue 13, item
16), and the run of show before the event says when it starts (item 20)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from planner.app import create_window
from planner.domain.analytics import start_delays
from planner.domain.model import Event, Room, Schedule, Session
from planner.domain.timegrid import local_instant
from planner.store import Store
from planner.store.day_record import load_attendance, load_incidents


@pytest.fixture
def window(qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from planner.ui.main_window import MainWindow

    errors: list[str] = []
    monkeypatch.setattr(MainWindow, "show_error", lambda self, m: errors.append(m))
    w = create_window(db_path)
    w.errors = errors
    qtbot.addWidget(w)
    w.show()
    w.tabs.setCurrentWidget(w.run_of_show_view)
    yield w
    w.close()


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: button.isVisible() and button.width() > 0, timeout=2000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def snapshot(db_path: Path, slug: str) -> tuple[object, ...]:
    with Store.open(db_path) as store:
        schedule = store.load(slug)
        return (
            schedule.event,
            sorted(schedule.rooms, key=lambda r: r.guid),
            sorted(schedule.sessions, key=lambda s: s.guid),
            sorted(schedule.people, key=lambda p: p.guid),
            load_incidents(store, slug),
            load_attendance(store, slug),
            start_delays(schedule),
        )


def file_bytes(db_path: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(db_path.parent.glob(db_path.name + "*")):  # the file, its WAL and shm
        if not p.name.endswith("-shm"):
            h.update(p.read_bytes())
    return h.hexdigest()


def test_rehearsal_runs_on_a_scratch_copy(qtbot, window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    slug = window.document.slug
    real_doc = window.document
    before, before_bytes = snapshot(db_path, slug), file_bytes(db_path)
    real_sessions = {s.guid: (s.start, s.status, s.actual_start) for s in real_doc.schedule.sessions}

    window.set_clock(datetime(2026, 12, 12, 19, 31), 60)  # Vienna wall time, like --clock
    rv = window.run_of_show_view
    assert rv.rehearsing and rv.document is not real_doc
    assert not rv.banner.isHidden() and "nothing here changes the real event" in rv.banner_text.text()
    assert window.windowTitle().startswith("Rehearsal — Winter Gala 2026")
    scratch_path = rv.rehearsal.path
    assert scratch_path.exists() and scratch_path.resolve() != db_path.resolve()

    rooms = {r.name: r.guid for r in rv.document.schedule.rooms}
    card = rv.cards[rooms["Main Stage"]]
    click(qtbot, card.start_button)
    strings = next(s for s in rv.document.schedule.sessions if s.title == "Live: Strings Across Continents")
    assert strings.actual_start is not None  # the rehearsal did start it ...
    rv.clock.start += timedelta(minutes=41)
    rv.tick()
    click(qtbot, card.end_button)
    rv.cards[rooms["Studio B"]].delay_spin.setValue(15)
    click(qtbot, rv.cards[rooms["Studio B"]].delay_button)
    qtbot.keyClicks(rv.incident_text, "Rehearsal: mic 2 crackles")
    qtbot.keyClick(rv.incident_text, Qt.Key.Key_Return)
    assert len(load_incidents(rv.document.store, rv.document.slug)) >= 2  # delay + the line
    assert any(s.status.value == "ended" for s in rv.document.store.load(rv.document.slug).sessions)

    # ... but the real event, its store and its analytics never saw any of it.
    assert {s.guid: (s.start, s.status, s.actual_start) for s in real_doc.schedule.sessions} == real_sessions
    assert snapshot(db_path, slug) == before
    assert real_doc.undo_stack.count() == 0 and window.act_undo.isEnabled() is False

    rv.end_rehearsal()
    assert not rv.rehearsing and rv.document is real_doc and rv.banner.isHidden()
    assert window.windowTitle() == "Winter Gala 2026 — planner"
    assert not scratch_path.exists()  # discarded
    assert rv.incident_table.rowCount() == 0
    window.close()
    assert snapshot(db_path, slug) == before and file_bytes(db_path) == before_bytes
    assert window.errors == []


def test_switching_event_ends_the_rehearsal(window) -> None:  # type: ignore[no-untyped-def]
    window.set_clock(datetime(2026, 12, 12, 19, 31), 10)
    rv = window.run_of_show_view
    path = rv.rehearsal.path
    slug = window.store.add_schedule(
        Schedule(Event(name="Other", first_day=date(2027, 1, 1), last_day=date(2027, 1, 1)))
    )
    window.refresh_events(slug)
    assert not rv.rehearsing and rv.document is window.document and not path.exists()
    assert window.windowTitle() == "Other — planner"


def future_event(store: Store, days_ahead: int = 30) -> str:
    first = (datetime.now(UTC) + timedelta(days=days_ahead)).date()
    ev = Event(
        name="Future Fest",
        first_day=first,
        last_day=first + timedelta(days=1),
        timezone="America/New_York",
        day_start_minute=8 * 60,
        day_end_minute=20 * 60,
    )
    a, b = Room(name="Hall A", position=0), Room(name="Hall B", position=1)
    sched = Schedule(ev, [a, b], [], [])

    def at(day: int, hh: int) -> datetime:
        return local_instant(ev, ev.days[day], hh * 60)

    sched.sessions = [
        Session(title="Keynote: the long road here", start=at(0, 9), duration_minutes=60, room=a.guid),
        Session(title="Lightning talks", start=at(0, 10), duration_minutes=45, room=b.guid),
        Session(title="Day two opening", start=at(1, 9), duration_minutes=30, room=a.guid),
    ]
    return store.add_schedule(sched)


def test_run_of_show_before_the_event(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    slug = future_event(window.store)
    window.refresh_events(slug)
    rv = window.run_of_show_view
    rv.tick()
    page = rv.before
    assert page.isVisible() and not rv.cards_scroll.isVisible()
    ev = window.document.schedule.event
    # The start in the event's own zone (9:00 in New York), and how long until then.
    assert f"{ev.first_day:%A %d %B %Y} at 09:00 (America/New_York)" in page.headline.text()
    assert page.countdown.text().startswith(
        "The first session starts in 29 days"
    ) or page.countdown.text().startswith("The first session starts in 30 days")
    rows = [[page.plan.item(r, c).text() for c in range(3)] for r in range(page.plan.rowCount())]
    assert rows == [
        ["09:00–10:00", "Hall A", "Keynote: the long road here"],
        ["10:00–10:45", "Hall B", "Lightning talks"],
    ]
    assert page.rehearse_button.isEnabled()
    page.speed.setCurrentIndex(page.speed.findData(60.0))
    click(qtbot, page.rehearse_button)
    assert rv.rehearsing and rv.clock.simulated and rv.clock.speed == 60
    keynote = window.document.schedule.sessions[0].start
    assert keynote - timedelta(minutes=16) <= rv.now() <= keynote  # 15 min before the first session
    assert not page.isVisible() and rv.cards_scroll.isVisible()  # the day's board, rehearsed
    assert window.windowTitle().startswith("Rehearsal — Future Fest")


def test_the_stream_link_of_the_session_on_now_opens_from_its_card(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    import copy

    doc = window.document
    main = next(r for r in doc.schedule.rooms if r.name == "Main Stage")
    room = copy.deepcopy(main)
    room.stream_url = "https://stream.example.org/main"
    assert doc.save_room(room, "Stream link")
    strings = copy.deepcopy(
        next(s for s in doc.schedule.sessions if s.title == "Live: Strings Across Continents")
    )
    strings.stream_url = "https://meet.example.org/strings?pwd=a&b"
    assert doc.save_sessions([strings], "Own link")
    opened: list[str] = []
    rv = window.run_of_show_view

    def record(url: str) -> bool:
        opened.append(url)
        return True

    rv.open_url = record
    window.set_clock(datetime(2026, 12, 12, 19, 35), 1)  # the strings set is on
    card = rv.cards[main.guid]
    rv.tick()
    assert (
        card.stream_button.isVisible()
        and "Stream (now): https://meet.example.org/strings" in card.stream_link.text()
    )
    click(qtbot, card.stream_button)
    assert opened == ["https://meet.example.org/strings?pwd=a&b"]  # the session's own link
    # The next one in the room has no link of its own: the room's.
    window.set_clock(datetime(2026, 12, 12, 20, 14), 1)
    rv.tick()
    assert card.stream_url == "https://stream.example.org/main"
    assert card.stream_link.text().startswith("Stream (next): ")
    studio = next(r for r in doc.schedule.rooms if r.name == "Studio B")
    assert rv.cards[studio.guid].stream_button.isHidden()  # no link anywhere: no button
