"""The frab XML reader on real files and on the quirks the README lists."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from planner.domain.model import UTC
from planner.interop import InteropError, detect_format, read


def test_38c3_reads_every_event_at_its_instant(schedules_dir: Path) -> None:
    result = read(schedules_dir / "38c3-schedule-2025-03-04.xml")
    s = result.schedule
    assert len(s.sessions) == 1007
    assert len({r.name for r in s.rooms}) == 72
    assert s.event.timezone == "Europe/Berlin"
    assert "declared in the file" in result.report.timezone_used
    opening = next(x for x in s.sessions if x.guid == "270fa44c-821a-577f-8ca3-33e8d4a8c2a7")
    assert opening.title == "38C3: Opening Ceremony"
    assert opening.start == datetime(2024, 12, 27, 9, 30, tzinfo=UTC)
    assert opening.duration_minutes == 30
    assert opening.room is not None
    assert s.room_by_guid()[opening.room].name == "Saal 1"
    names = [s.person_by_guid()[g].name for g in opening.speakers]
    assert names == ["Gabriela Bogk", "Senficon", "Aline Blankertz"]
    assert opening.extra["id"] == "2"
    # CCC days run past midnight: one day per congress day, not five calendar dates
    assert (s.event.first_day.isoformat(), s.event.last_day.isoformat()) == ("2024-12-27", "2024-12-30")
    assert s.event.day_end_minute > 24 * 60
    assert len(result.report.adjusted["day past midnight"]) == 58
    assert detect_format(schedules_dir / "38c3-schedule-2025-03-04.xml") == "frab-xml"


def test_36c3_keeps_duplicates_and_reports_them(schedules_dir: Path) -> None:
    result = read(schedules_dir / "36c3-merged-schedule.xml")
    assert len(result.schedule.sessions) == 1351
    assert len({x.guid for x in result.schedule.sessions}) == 1351
    assert len(result.report.adjusted["duplicate guid"]) == 3
    assert len(result.report.adjusted["duplicate id"]) == 13
    assert result.report.adjusted["zero duration"]
    assert result.report.adjusted["room named differently inside an event than around it"]
    assert all(x.title == x.title.strip() for x in result.schedule.sessions)


def test_fosdem_2021_without_zone_uses_tz_given(schedules_dir: Path) -> None:
    plain = read(schedules_dir / "fosdem-2021-schedule.xml")
    assert plain.schedule.event.timezone == "UTC"
    assert "--tz" in plain.report.timezone_used
    result = read(schedules_dir / "fosdem-2021-schedule.xml", tz="Europe/Brussels")
    assert result.report.timezone_used == "Europe/Brussels (given with --tz)"
    first = next(x for x in result.schedule.sessions if x.extra.get("id") == "11795")
    assert first.start == datetime(2021, 2, 6, 8, 0, tzinfo=UTC)  # 09:00 in Brussels
    empty = result.report.adjusted["empty room"]
    assert len(empty) == 2 and any("D.graph" in e for e in empty)
    assert {"D.graph", "S.radio"} <= {r.name for r in result.schedule.rooms}


def test_debconf_uses_date_not_ist_wall_clock(schedules_dir: Path) -> None:
    s = read(schedules_dir / "debconf23-schedule.xml").schedule
    opening = next(x for x in s.sessions if x.title == "Opening Ceremony")
    assert opening.start == datetime(2023, 9, 10, 5, 0, tzinfo=UTC)
    assert s.event.first_day.isoformat() == "2023-09-10"


def test_unknown_tz_is_refused_clearly(schedules_dir: Path) -> None:
    with pytest.raises(InteropError, match="Mars/Olympus"):
        read(schedules_dir / "fosdem-2021-schedule.xml", tz="Mars/Olympus")


def test_html_descriptions_become_text_and_go_back_out_as_html(schedules_dir: Path, tmp_path: Path) -> None:
    from planner.interop import write

    result = read(schedules_dir / "fosdem-2021-schedule.xml", tz="Europe/Brussels")
    welcome = next(x for x in result.schedule.sessions if x.extra.get("id") == "11795")
    assert welcome.description == "Welcome to FOSDEM 2021!"
    assert welcome.extra["description_html"] == "<p>Welcome to FOSDEM 2021!</p>"
    assert result.report.adjusted["HTML description turned into text (the HTML is kept for exports)"]
    out = tmp_path / "f.xml"
    write(result.schedule, out, "frab-xml")
    assert "<description>&lt;p&gt;Welcome to FOSDEM 2021!&lt;/p&gt;</description>" in out.read_text()
    # an edited description is written as the text it now is
    welcome.description = "Opening talk"
    write(result.schedule, out, "frab-xml")
    assert "<description>Opening talk</description>" in out.read_text()


@pytest.mark.parametrize(
    "name",
    ["38c3-schedule-2025-03-04.xml", "39c3-everything-schedule.json", "linux-conf-au-2020-schedule.ics"],
)
def test_progress_is_reported_and_cancel_stops(name: str, schedules_dir: Path) -> None:
    calls: list[tuple[int, int]] = []
    read(schedules_dir / name, progress=lambda done, total: calls.append((done, total)))
    assert len(calls) >= 3 and calls[-1][0] <= calls[-1][1]
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)
    with pytest.raises(InteropError, match="cancelled"):
        read(schedules_dir / name, progress=lambda done, total: done < 100)
