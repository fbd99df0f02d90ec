"""Small hand-made events for the arranging tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from planner.domain.conflicts import ERROR, check_all_pairs
from planner.domain.model import Event, Interval, Person, Room, RoomKind, Schedule, Session

DAY = date(2026, 6, 1)


def at(hour: int, minute: int = 0, day: int = 0) -> datetime:
    return datetime(2026, 6, 1 + day, hour, minute, tzinfo=UTC)


def event(
    hours: tuple[int, int] = (9, 17),
    days: int = 1,
    slot: int = 15,
    rules: dict[str, str] | None = None,
) -> Event:
    return Event(
        name="Test",
        slug="test",
        first_day=DAY,
        last_day=DAY + timedelta(days=days - 1),
        timezone="UTC",
        slot_minutes=slot,
        day_start_minute=hours[0] * 60,
        day_end_minute=hours[1] * 60,
        rule_severities=dict(rules or {}),
    )


def room(name: str, capacity: int | None = None, changeover: int = 0, position: int = 0) -> Room:
    return Room(
        name=name, capacity=capacity, changeover_minutes=changeover, kind=RoomKind.PHYSICAL, position=position
    )


def person(name: str, *windows: tuple[datetime, datetime]) -> Person:
    return Person(name=name, availability=[Interval(a, b) for a, b in windows])


def talk(title: str, minutes: int = 60, speakers: list[Person] | None = None, **kw: object) -> Session:
    return Session(title=title, duration_minutes=minutes, speakers=[p.guid for p in speakers or []], **kw)  # type: ignore[arg-type]


def applied(schedule: Schedule, sessions: list[Session]) -> Schedule:
    new = {s.guid: s for s in sessions}
    return Schedule(
        event=schedule.event,
        rooms=schedule.rooms,
        people=schedule.people,
        sessions=[new.get(s.guid, s) for s in schedule.sessions],
        acknowledgements=schedule.acknowledgements,
    )


def errors(schedule: Schedule) -> list[str]:
    return [c.message for c in check_all_pairs(schedule) if c.severity == ERROR and not c.acknowledged]
