"""The run of show, the analytics view and the session actions, driven through real
widgets on a simulated clock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from planner.app import create_window
from planner.domain.model import SessionKind, SessionStatus
from planner.domain.run_of_show import SimulatedClock
from planner.store.day_record import load_attendance, load_incidents
from planner.ui import session_prep


class FakeTime:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def window(qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from planner.ui.main_window import MainWindow

    errors: list[str] = []
    monkeypatch.setattr(MainWindow, "show_error", lambda self, m: errors.append(m))
    w = create_window(db_path)
    w.errors = errors
    qtbot.addWidget(w)
    w.show()
    w.tabs.setCurrentWidget(w.run_of_show_view)  # hidden views wait to redraw until shown
    yield w
    w.close()


def vienna(hh: int, mm: int) -> datetime:
    return datetime(2026, 12, 12, hh - 1, mm, tzinfo=UTC)  # Vienna is UTC+1 in December


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    """Click a card's button once the layout has given it a place on screen."""
    qtbot.waitUntil(lambda: button.isVisible() and button.width() > 0 and button.height() > 0, timeout=2000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def room_guid(w, name: str) -> str:  # type: ignore[no-untyped-def]
    return next(r.guid for r in w.document.schedule.rooms if r.name == name)


def test_set_clock_shows_the_simulated_time(window) -> None:  # type: ignore[no-untyped-def]
    window.set_clock(datetime(2026, 12, 12, 19, 29), 10)
    rv = window.run_of_show_view
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Run of show"
    assert rv.clock.simulated and rv.clock_label.text().startswith("Sat 12 Dec  19:29:")
    assert "×10" in rv.clock_mode.text()
    card = rv.cards[room_guid(window, "Main Stage")]
    assert card.next_title.text() == "Live: Strings Across Continents"
    # The simulated clock runs at 10x real time, so a few seconds may have passed.
    assert re.search(r"19:30 · starts in (1:00|0:[0-5]\d)$", card.next_detail.text())


def test_start_end_and_delay_through_the_buttons(qtbot, window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    rv = window.run_of_show_view
    src = FakeTime()
    rv.set_clock(SimulatedClock(vienna(19, 31), 60, source=src))
    main = room_guid(window, "Main Stage")
    card = rv.cards[main]
    assert card.pill.text() == "due, not started"
    click(qtbot, card.start_button)
    strings = next(s for s in rv.document.schedule.sessions if s.title == "Live: Strings Across Continents")
    assert strings.status == SessionStatus.LIVE and strings.actual_start == vienna(19, 31)
    rv.tick()
    assert card.pill.text() == "LIVE" and card.countdown.text() == "40:00 left"
    src.t = 41  # 41 min later at 60x
    rv.tick()
    assert card.countdown.text() == "overrun 1:00"
    click(qtbot, card.end_button)
    # A simulated clock is a rehearsal: it writes to the scratch copy's store.
    saved = next(s for s in rv.document.store.load(rv.document.slug).sessions if s.guid == strings.guid)
    assert saved.status == SessionStatus.ENDED and saved.actual_end == vienna(20, 12)

    # Delay Studio B by 15 minutes: exactly its sessions not yet started move, as one undo step.
    studio_b = room_guid(window, "Studio B")
    before = {s.guid: (s.title, s.start) for s in rv.document.schedule.sessions}
    rv.cards[studio_b].delay_spin.setValue(15)
    click(qtbot, rv.cards[studio_b].delay_button)
    after = {s.guid: s.start for s in rv.document.schedule.sessions}
    moved = {before[g][0] for g in after if after[g] != before[g][1]}
    assert moved == {"Panel: Funding Hybrid Festivals", "Talk: Opera for Night Owls"}
    for g in after:
        if before[g][0] in moved:
            assert after[g] == before[g][1] + timedelta(minutes=15)
    assert rv.document.undo_stack.undoText() == "Delay Studio B by 15 min"
    assert any(
        "Delayed Studio B by 15 min" in i.text for i in load_incidents(rv.document.store, rv.document.slug)
    )
    rv.document.undo_stack.undo()  # one step takes back the move and its log line
    assert {s.guid: s.start for s in rv.document.schedule.sessions} == {g: v[1] for g, v in before.items()}
    assert not any("Delayed Studio B" in i.text for i in load_incidents(rv.document.store, rv.document.slug))
    assert window.errors == []


def test_incident_log(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rv = window.run_of_show_view
    rv.set_clock(SimulatedClock(vienna(18, 40), 1, source=FakeTime()))
    rv.incident_room.setCurrentIndex(rv.incident_room.findText("Lounge"))
    qtbot.keyClicks(rv.incident_text, "Music too loud")
    qtbot.keyClick(rv.incident_text, Qt.Key.Key_Return)
    assert rv.incident_text.text() == ""
    assert rv.incident_table.rowCount() == 1
    assert [rv.incident_table.item(0, c).text() for c in range(3)] == ["18:40:00", "Lounge", "Music too loud"]
    saved = load_incidents(rv.document.store, rv.document.slug)
    assert saved[0].at == vienna(18, 40) and saved[0].room == room_guid(window, "Lounge")
    rv.document.undo_stack.undo()  # logging is an edit like any other
    assert rv.incident_table.rowCount() == 0 and load_incidents(rv.document.store, rv.document.slug) == []
    rv.document.undo_stack.redo()
    assert rv.incident_table.rowCount() == 1 and len(load_incidents(rv.document.store, rv.document.slug)) == 1


def test_schedule_rehearsal_from_the_grid_helper(window, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def accept(dialog) -> bool:  # type: ignore[no-untyped-def]
        seen.append(dialog.proposal.text())
        return True

    monkeypatch.setattr(session_prep, "run_dialog", accept)
    doc = window.document
    panel = next(s for s in doc.schedule.sessions if s.title == "Panel: Funding Hybrid Festivals")
    assert session_prep.schedule_rehearsal(doc, panel.guid, window)
    assert seen[0].startswith("Proposed: <b>Sat 12 Dec")
    reh = next(s for s in doc.schedule.sessions if s.rehearsal_for == panel.guid)
    assert reh.kind == SessionKind.REHEARSAL and reh.room == panel.room and reh.end is not None
    assert panel.start is not None and reh.end <= panel.start
    assert reh.guid in {s.guid for s in window.store.load(doc.slug).sessions}
    doc.undo_stack.undo()
    assert not any(s.rehearsal_for == panel.guid for s in doc.schedule.sessions)


def test_rehearsal_dialog_in_another_room(window, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def choose_lounge(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert dialog.room.itemText(0).endswith("(its own room)")
        dialog.room.setCurrentIndex(dialog.room.findText("Lounge"))
        dialog.duration.setValue(45)
        return True

    monkeypatch.setattr(session_prep, "run_dialog", choose_lounge)
    doc = window.document
    closing = next(s for s in doc.schedule.sessions if s.title == "Closing concert")
    assert session_prep.schedule_rehearsal(doc, closing.guid, window)
    reh = next(s for s in doc.schedule.sessions if s.rehearsal_for == closing.guid)
    lounge = room_guid(window, "Lounge")
    assert reh.room == lounge and reh.duration_minutes == 45
    assert reh.interval is not None
    for other in doc.schedule.sessions:
        if other is reh or other.interval is None:
            continue
        shares_people = set(other.speakers + other.moderators) & set(closing.speakers + closing.moderators)
        if other.room == lounge or shares_people:
            assert not reh.interval.overlaps(other.interval), other.title
    # A cancelled dialog changes nothing.
    monkeypatch.setattr(session_prep, "run_dialog", lambda d: False)
    n = len(doc.schedule.sessions)
    assert not session_prep.schedule_rehearsal(doc, closing.guid, window)
    assert len(doc.schedule.sessions) == n


def test_checklist_dialog(window, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def tick(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.boxes["Audio"].setChecked(True)
        dialog.new_item.setText("Captions ready")
        assert dialog.add_item()
        dialog.new_item.setText("audio")
        assert not dialog.add_item() and "already" in dialog.message.text()
        dialog.boxes["Captions ready"].setChecked(True)
        return True

    monkeypatch.setattr(session_prep, "run_dialog", tick)
    doc = window.document
    guid = next(s.guid for s in doc.schedule.sessions if s.title == "Closing concert")
    assert session_prep.edit_checklist(doc, guid, window)
    saved = next(s for s in window.store.load(doc.slug).sessions if s.guid == guid)
    assert saved.checklist["Audio"] and saved.checklist["Captions ready"] and not saved.checklist["Video"]
    assert list(saved.checklist)[-1] == "Captions ready"


def test_analytics_view_shows_the_demo_and_imports(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    av = window.analytics_view
    window.tabs.setCurrentWidget(av)
    assert av.figures["attended"].value.text() != "0"
    assert av.table.rowCount() == 16 and len(av.session_chart.rows) == 16
    assert av.track_chart.rows and av.delay_chart.rows and av.country_chart.rows
    bad = tmp_path / "bad.csv"
    bad.write_text("session,registered,attended\nClosing concert,10,x\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text("session,registered,attended\nClosing concert,700,650\n", encoding="utf-8")
    av.choose_file = lambda *a, **k: bad
    assert not av.import_attendance()
    assert window.errors and "line 2, attended" in window.errors[-1]
    av.choose_file = lambda *a, **k: good
    assert av.import_attendance()
    closing = next(s for s in window.document.schedule.sessions if s.title == "Closing concert")
    assert (
        next(
            a for a in load_attendance(window.store, window.document.slug) if a.session == closing.guid
        ).attended
        == 650
    )
    pdf = tmp_path / "out.pdf"
    av.choose_file = lambda *a, **k: pdf
    assert av.export_report() == pdf and pdf.stat().st_size > 5000


def test_reminders_from_the_run_of_show(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rv = window.run_of_show_view
    rv.choose_folder = lambda title: tmp_path / "reminders"
    csv_path = rv.export_reminders()
    assert csv_path == tmp_path / "reminders" / "reminders.csv"
    assert len(list((tmp_path / "reminders").glob("*.ics"))) == 15
    assert "wrote 15 calendars" in rv.clock_mode.text()
    rv.choose_folder = lambda title: None
    assert rv.export_reminders() is None


def test_switching_events_rebuilds_the_cards(window) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from planner.domain.model import Event, Schedule

    rv = window.run_of_show_view
    assert len(rv.cards) == 4
    slug = window.store.add_schedule(
        Schedule(Event(name="Empty", first_day=date(2027, 1, 1), last_day=date(2027, 1, 1)))
    )
    window.refresh_events(slug)
    assert rv.cards == {} and rv.grid.count() == 0 and not rv.empty.isHidden()


def test_far_future_sessions_cannot_be_started_by_a_stray_click(window) -> None:  # type: ignore[no-untyped-def]
    rv = window.run_of_show_view
    rv.set_clock(SimulatedClock(vienna(12, 0), 1, source=FakeTime()))
    card = rv.cards[room_guid(window, "Main Stage")]
    assert not card.start_button.isEnabled() and card.start_button.text() == "Start"
    assert not rv.start_room(room_guid(window, "Main Stage"))
    rv.set_clock(SimulatedClock(vienna(18, 45), 1, source=FakeTime()))
    # The demo's first half has run; the strings set at 19:30 may start 45 minutes early.
    assert card.next_title.text() == "Live: Strings Across Continents"
    assert card.start_button.isEnabled()


def test_checklist_from_a_room_card(qtbot, window, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def tick_all(dialog) -> bool:  # type: ignore[no-untyped-def]
        for box in dialog.boxes.values():
            box.setChecked(True)
        return True

    monkeypatch.setattr(session_prep, "run_dialog", tick_all)
    rv = window.run_of_show_view
    rv.set_clock(SimulatedClock(vienna(19, 20), 1, source=FakeTime()))
    card = rv.cards[room_guid(window, "Main Stage")]
    assert card.now_title.text() == "Nothing on" and "checklist" not in card.now_detail.text()
    click(qtbot, card.checklist_button)  # the next one: the strings set
    rv.set_clock(SimulatedClock(vienna(19, 31), 1, source=FakeTime()))
    assert "checklist 5/5" in card.now_detail.text()


def test_quiet_rooms_are_hidden_and_columns_follow_the_width(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    rv = window.run_of_show_view
    rv.set_clock(SimulatedClock(vienna(12, 0), 1, source=FakeTime()))  # hours before the gala
    assert rv._placed == [] and rv.quiet_box.text() == "Show quiet rooms (4)"  # noqa: SLF001  (the view's layout state, read by its test)
    rv.quiet_box.setChecked(True)
    assert len(rv._placed) == 4  # noqa: SLF001  (the view's layout state, read by its test)
    rv.quiet_box.setChecked(False)
    rv.set_clock(SimulatedClock(vienna(21, 20), 1, source=FakeTime()))
    # At 21:20 the closing concert is on and the after-party is coming; the studios are done.
    assert [rv.document.schedule.room_by_guid()[g].name for g in rv._placed] == ["Main Stage", "Lounge"]  # noqa: SLF001  (the view's layout state, read by its test)
    rv.quiet_box.setChecked(True)
    window.resize(1400, 900)
    qtbot.waitUntil(lambda: rv._placed_cols == 2)  # noqa: SLF001  (the view's layout state, read by its test)
    window.resize(700, 900)
    qtbot.waitUntil(lambda: rv._placed_cols == 1)  # noqa: SLF001  (the view's layout state, read by its test)


def test_an_unchanged_checklist_is_no_edit(window, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(session_prep, "run_dialog", lambda dialog: True)
    doc = window.document
    guid = next(s.guid for s in doc.schedule.sessions if s.title == "Closing concert")
    steps = doc.undo_stack.count()
    assert not session_prep.edit_checklist(doc, guid, window)
    assert doc.undo_stack.count() == steps and doc.session(guid).checklist == {}
