"""The fast paths of a large import give the same values as the plain ones they replace
(issue 13 item 15): a file imported again must get the same guids."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from planner.interop.builder import derived_guid, session_key_text


def test_derived_guid_is_uuid5_of_the_joined_parts() -> None:
    ns = uuid.UUID("6b1e6a3c-4a55-4a8e-9d37-2f0d9b8a1c11")
    for parts in [
        ("session", "a.csv", ("Talk", datetime(2026, 3, 2, 7, tzinfo=UTC), "Room 1")),
        ("person", "b.xml", "n:ada"),
        ("slot", "7c1f", "2026-03-02T07:00:00+00:00", "hall", 3),
        ("session", "ümlaut ✓.csv", ("“Quoted” \n", None, None)),
    ]:
        assert derived_guid(*parts) == str(uuid.uuid5(ns, "\x1f".join(str(p) for p in parts)))


def test_the_session_key_text_is_the_tuple_text_in_every_zone() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    starts = [
        None,
        datetime(2026, 3, 2, 7, 0, tzinfo=UTC),
        datetime(2026, 3, 2, 8, 0, tzinfo=berlin),  # the same instant, another repr
        datetime(2026, 3, 2, 8, 0, tzinfo=timezone(timedelta(hours=1))),
        datetime(2026, 10, 25, 2, 30, tzinfo=berlin),
        datetime(2026, 10, 25, 2, 30, tzinfo=berlin, fold=1),
    ]
    for title in ("Talk", "it's", 'say "hi"'):
        for start in starts:
            for room in (None, "Hall 'A'"):
                assert session_key_text(title, start, room) == str((title, start, room))
