"""Helpers for the tests of the event day: run of show, rehearsals, the numbers after."""

from __future__ import annotations

from datetime import datetime

from planner.domain.model import Schedule, Session
from planner.domain.timegrid import local_instant


def at(schedule: Schedule, hhmm: str, day: int = 0) -> datetime:
    """The UTC instant of local ``hhmm`` on the event's day number ``day``."""
    h, m = (int(x) for x in hhmm.split(":"))
    return local_instant(schedule.event, schedule.event.days[day], h * 60 + m)


def by_title(schedule: Schedule, title: str) -> Session:
    return next(s for s in schedule.sessions if s.title == title)
