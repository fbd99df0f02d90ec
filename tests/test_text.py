"""One plural helper for the command line and the window: "1 warning", "1 person", never
"1 warnings" or "1 people"; checked on the helper and on real outputs by value."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from planner import edits
from planner.cli import main
from planner.demo import demo_schedule
from planner.domain.model import Event, Person, Room, Schedule, Session
from planner.store import Store
from planner.text import noun, plural


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "0 warnings"), (1, "1 warning"), (2, "2 warnings"), (11, "11 warnings"), (-1, "-1 warnings")],
)
def test_plural_is_singular_for_exactly_one(n: int, expected: str) -> None:
    assert plural(n, "warning") == expected


def test_irregular_plurals_are_given() -> None:
    assert [plural(n, "person", "people") for n in (0, 1, 2)] == ["0 people", "1 person", "2 people"]
    assert plural(1, "duplicate row") == "1 duplicate row"
    assert [noun(n, "was", "were") for n in (0, 1, 5)] == ["were", "was", "were"]
    assert noun(3, "room") == "rooms" and noun(1, "room") == "room"


def one_of_each() -> Schedule:
    """An event with one room, one session and one person."""
    event = Event(
        name="One of each", first_day=date(2026, 6, 1), last_day=date(2026, 6, 1), timezone="UTC", slug="one"
    )
    talk = Session(
        "Talk",
        start=datetime(2026, 6, 1, 10, tzinfo=UTC),
        duration_minutes=30,
        room="r-hall",
        speakers=["p-ada"],
        guid="s-talk",
    )
    return Schedule(event, [Room("Hall", 0, guid="r-hall")], [talk], [Person("Ada", guid="p-ada")])


@pytest.fixture
def one_slug(db_path: Path) -> str:
    with Store.open(db_path) as store:
        return store.add_schedule(one_of_each())


def test_check_with_exactly_one_warning_says_1_warning(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(db_path) as store:
        slug = store.add_schedule(demo_schedule())
        event = store.load(slug).event
        event.rule_severities = {"person-double-booked": "warning", "unsociable-hour": "off"}
        store.apply(slug, edits.change_event(store.load(slug), event))
    assert main(["--db", str(db_path), "check", "--event", slug]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 errors, 1 warning, 0 acknowledged"


def test_events_lists_1_room_and_1_session(
    db_path: Path, one_slug: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "events"]) == 0
    assert capsys.readouterr().out.splitlines() == ["one  One of each  2026-06-01  1 room  1 session"]


def test_people_export_wrote_1_person(
    db_path: Path, one_slug: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "people.csv"
    assert main(["--db", str(db_path), "people", "export", "--event", one_slug, "--out", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"wrote 1 person to {out}"]


def test_window_counts_1_person_and_1_session(
    qtbot: QtBot, db_path: Path, one_slug: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.app import create_window
    from planner.ui.people.view import PeopleView
    from planner.ui.rooms_dialog import RoomsDialog

    window = create_window(db_path, one_slug)
    qtbot.addWidget(window)
    view = window.people_view
    assert isinstance(view, PeopleView)
    assert view.count_label.text() == "1 person. Drag a row onto a session in the schedule to assign them."
    dialog = RoomsDialog(window, window.document)
    qtbot.addWidget(dialog)
    asked: list[str] = []

    def refuse(question: str) -> bool:
        asked.append(question)
        return False

    monkeypatch.setattr(dialog, "confirm", refuse)
    dialog.table.selectRow(0)
    dialog.remove_selected()
    assert asked == ["Remove Hall? Its 1 session stays in the event, unscheduled."]
