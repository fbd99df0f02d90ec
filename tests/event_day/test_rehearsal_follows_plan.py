"""A rehearsal of the day follows the plan (issue 13, item 16): a session moved, retitled,
added or removed on the Schedule tab while the rehearsal runs is rehearsed as it is now,
and what the rehearsal recorded (starts, ends, delays, checklist ticks, incidents) stays
in its copy. Nothing flows the other way: the real event never sees the rehearsal."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from planner.app import create_window
from planner.domain.model import Session, SessionStatus
from planner.store import Store
from planner.store.day_record import load_incidents

SHOT = "PLANNER_SCREENSHOT_DIR"  # set it to keep the rehearsal's picture


@pytest.fixture
def window(qtbot: Any, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    from planner.ui.main_window import MainWindow

    errors: list[str] = []
    monkeypatch.setattr(MainWindow, "show_error", lambda self, m: errors.append(m))
    w = create_window(db_path)
    w.errors = errors
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    w.tabs.setCurrentWidget(w.run_of_show_view)
    yield w
    w.close()


def click(qtbot: Any, button: Any) -> None:
    qtbot.waitUntil(lambda: button.isVisible() and button.width() > 0, timeout=2000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def real_sessions(db_path: Path, slug: str) -> dict[str, Session]:
    with Store.open(db_path) as store:
        return store.load(slug).session_by_guid()


def test_schedule_edits_during_a_rehearsal_reach_its_copy(qtbot: Any, window: Any, db_path: Path) -> None:
    real = window.document
    slug = real.slug
    window.set_clock(datetime(2026, 12, 12, 19, 31), 60)
    rv = window.run_of_show_view
    assert rv.rehearsing and "follows the plan's changes" in rv.banner_detail.text()
    copy_doc = rv.document
    rooms = {r.name: r.guid for r in copy_doc.schedule.rooms}

    # the rehearsal starts the strings, delays Studio B by 15 minutes and logs a line
    click(qtbot, rv.cards[rooms["Main Stage"]].start_button)
    strings = next(s for s in copy_doc.schedule.sessions if s.title == "Live: Strings Across Continents")
    assert strings.status == SessionStatus.LIVE and strings.actual_start is not None
    rv.cards[rooms["Studio B"]].delay_spin.setValue(15)
    click(qtbot, rv.cards[rooms["Studio B"]].delay_button)
    qtbot.keyClicks(rv.incident_text, "Rehearsal: mic 2 crackles")
    qtbot.keyClick(rv.incident_text, Qt.Key.Key_Return)
    incidents = load_incidents(copy_doc.store, copy_doc.slug)
    delayed = [
        s for s in copy_doc.schedule.sessions if s.start is not None and s.start != real.session(s.guid).start
    ]
    assert delayed and all(s.room == rooms["Studio B"] for s in delayed)
    moved = delayed[0]
    assert moved.start == real.session(moved.guid).start + timedelta(minutes=15)

    # meanwhile the organiser edits the plan (the Schedule tab's paths)
    plan_moved = copy.deepcopy(real.session(moved.guid))
    assert plan_moved.start is not None
    plan_moved.start += timedelta(minutes=30)
    plan_moved.title = "Late addition: moved half an hour"
    plan_strings = copy.deepcopy(real.session(strings.guid))
    plan_strings.title = "Live: Strings Across Five Continents"
    assert real.save_sessions([plan_moved, plan_strings], "Move and retitle")
    added = Session(
        title="Surprise encore", start=plan_moved.start, duration_minutes=20, room=rooms["Lounge"]
    )
    assert real.save_sessions([added], "Add encore")
    gone = next(
        s
        for s in real.schedule.sessions
        if s.room == rooms["Lounge"] and s.guid not in {added.guid} and s.start is not None
    )
    assert real.delete_sessions([gone.guid])

    # the copy rehearses the plan as it is now ...
    now = rv.document.schedule.session_by_guid()
    assert rv.document is copy_doc and rv.rehearsing
    assert now[moved.guid].title == "Late addition: moved half an hour"
    assert now[moved.guid].start == plan_moved.start + timedelta(minutes=15)  # the delay kept
    assert now[strings.guid].title == "Live: Strings Across Five Continents"
    assert (now[strings.guid].status, now[strings.guid].actual_start) == (
        SessionStatus.LIVE,
        strings.actual_start,
    )
    assert now[added.guid].title == "Surprise encore" and now[added.guid].start == added.start
    assert gone.guid not in now
    assert load_incidents(copy_doc.store, copy_doc.slug) == incidents
    # ... and its cards show it
    assert rv.cards[rooms["Main Stage"]].now_title.text() == "Live: Strings Across Five Continents"

    # undo on the real event comes through too
    window.act_undo.trigger()  # the deletion
    assert gone.guid in rv.document.schedule.session_by_guid()

    # the real event never saw the rehearsal's starts or delays
    saved = real_sessions(db_path, slug)
    assert saved[strings.guid].status == SessionStatus.SCHEDULED and saved[strings.guid].actual_start is None
    assert saved[moved.guid].start == plan_moved.start
    assert load_incidents(real.store, slug) == []
    assert window.errors == []
    keep = os.environ.get(SHOT)
    if keep:
        window.grab().save(str(Path(keep) / "run-of-show-rehearsal-follows.png"))

    path = rv.rehearsal.path
    rv.end_rehearsal()
    assert not path.exists() and rv.document is real
    # after the rehearsal, edits of the plan do not touch anything of it
    assert real.save_sessions([copy.deepcopy(real.session(moved.guid))], "Same again") is not None


def test_what_the_rehearsal_recorded_is_kept_and_the_rest_follows_the_plan() -> None:
    from datetime import UTC, date

    from planner.domain.model import Event, Room, Schedule
    from planner.ui.rehearsal import recorded, rehearsed_plan

    ev = Event(name="R", first_day=date(2026, 6, 1), last_day=date(2026, 6, 1), timezone="UTC")
    hall = Room(name="Hall", position=0)
    t0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
    a = Session(
        title="A", start=t0, duration_minutes=30, room=hall.guid, checklist={"mic": False, "slides": False}
    )
    b = Session(title="B", start=t0 + timedelta(hours=1), duration_minutes=30, room=hall.guid)
    base = Schedule(ev, [hall], [a, b], [])
    # the rehearsal: A started at 09:02 and its mic ticked; B delayed by 10 minutes
    rehearsal = copy.deepcopy(base)
    ra, rb = rehearsal.sessions
    ra.status, ra.actual_start, ra.checklist["mic"] = SessionStatus.LIVE, t0 + timedelta(minutes=2), True
    assert rb.start is not None
    rb.start += timedelta(minutes=10)
    # the plan: A gets a new title and a new checklist item and its slides ticked; B is
    # cancelled and moved to 11:00
    plan = copy.deepcopy(base)
    pa, pb = plan.sessions
    pa.title, pa.checklist = "A (renamed)", {"mic": False, "slides": True, "water": False}
    pb.status, pb.start = SessionStatus.CANCELLED, t0 + timedelta(hours=2)

    got = rehearsed_plan(plan, recorded(base), rehearsal).session_by_guid()
    assert (got[a.guid].title, got[a.guid].status, got[a.guid].actual_start) == (
        "A (renamed)",
        SessionStatus.LIVE,
        t0 + timedelta(minutes=2),
    )
    assert got[a.guid].checklist == {"mic": True, "slides": True, "water": False}
    assert got[b.guid].status == SessionStatus.CANCELLED  # the plan's, the rehearsal left it alone
    assert got[b.guid].start == t0 + timedelta(hours=2, minutes=10)  # the plan's time, the delay kept
    assert base.sessions[0].checklist == {"mic": False, "slides": False}  # the base is untouched
    assert rehearsal.sessions[0].title == "A" and rehearsal.sessions[1].status == SessionStatus.SCHEDULED
