"""A small event in Vienna with two rooms and three people, built in code so each test
knows exactly what is where."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.model import Event, Person, PersonRole, Room, Schedule, Session, SessionKind
from tests.event_day.helpers import at


@pytest.fixture
def small() -> Schedule:
    ev = Event(
        name="Small Fest",
        first_day=date(2026, 5, 4),
        last_day=date(2026, 5, 5),
        timezone="Europe/Vienna",
        slot_minutes=15,
        day_start_minute=9 * 60,
        day_end_minute=18 * 60,
        invite_base_url="https://fest.example.org",
    )
    a, b = Room(name="Hall A", position=0, capacity=100), Room(name="Hall B", position=1, capacity=40)
    ana = Person(name="Ana", email="ana@example.org", timezone="America/New_York", role=PersonRole.SPEAKER)
    ben = Person(name="Ben", email="ben@example.org", timezone="Asia/Tokyo", role=PersonRole.SPEAKER)
    cy = Person(name="Cy", email="cy@example.org", timezone="Europe/Vienna", role=PersonRole.MODERATOR)
    sched = Schedule(ev, [a, b], [], [ana, ben, cy])
    t = lambda hhmm: at(sched, hhmm)  # noqa: E731
    sched.sessions = [
        Session(
            title="Opening",
            start=t("10:00"),
            duration_minutes=30,
            room=a.guid,
            speakers=[ana.guid],
            moderators=[cy.guid],
            track="Main",
        ),
        Session(
            title="Deep dive",
            start=t("11:00"),
            duration_minutes=60,
            room=a.guid,
            speakers=[ben.guid],
            track="Tech",
        ),
        Session(title="Lunch", kind=SessionKind.BREAK, start=t("12:00"), duration_minutes=60, room=a.guid),
        Session(
            title="Panel",
            start=t("13:00"),
            duration_minutes=45,
            room=a.guid,
            speakers=[ana.guid, ben.guid],
            moderators=[cy.guid],
            track="Main",
        ),
        Session(
            title="Side talk",
            start=t("10:30"),
            duration_minutes=30,
            room=b.guid,
            speakers=[ben.guid],
            track="Tech",
        ),
        Session(title="Workshop", start=t("13:00"), duration_minutes=60, room=b.guid, track="Tech"),
    ]
    sched.validate()
    return sched
