"""Reminder calendars stamp each entry with the time the file was written, in UTC, as
RFC 5545 asks for DTSTAMP (issue 13, item 24: it was the session's start)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from planner.afterwards.reminders import write_reminders
from planner.domain.model import Schedule


def test_dtstamp_is_the_time_of_writing_in_utc(tmp_path: Path, small: Schedule) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    files, _ = write_reminders(small, tmp_path / "rem")
    after = datetime.now(UTC) + timedelta(seconds=1)
    assert files
    for f in files:
        raw = f.read_bytes()
        assert b"DTSTAMP:" in raw and all(
            line.endswith(b"Z") for line in raw.splitlines() if line.startswith(b"DTSTAMP")
        )
        for ev in Calendar.from_ical(raw).walk("VEVENT"):
            stamp = ev.decoded("dtstamp")
            assert stamp.tzinfo is not None and before <= stamp <= after
            assert stamp != ev.decoded("dtstart")
