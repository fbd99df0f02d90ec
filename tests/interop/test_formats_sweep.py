"""Real-world inputs that the held-out sweep found refused or misread (session 18)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from planner.domain.model import UTC
from planner.interop import read

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"


def _starts(name: str) -> list[tuple[str, datetime | None, int]]:
    result = read(DATA / name, tz="UTC")
    return sorted((s.title, s.start, s.duration_minutes) for s in result.schedule.sessions)


def test_csv_month_first_dates_are_read_as_such_when_the_column_shows_it() -> None:
    """A US file (9/13/2026: no month 13) was read day/month: 09/12/2026 became 9 December
    and 9/13/2026 was refused. One second part over 12 makes the whole column month/day."""
    result = read(DATA / "us-dates.csv", tz="UTC")
    got = sorted((s.title, s.start) for s in result.schedule.sessions)
    assert got == [
        ("Opening", datetime(2026, 9, 12, 10, 0, tzinfo=UTC)),
        ("Second day", datetime(2026, 9, 13, 11, 0, tzinfo=UTC)),
        ("Third day", datetime(2026, 9, 14, 9, 0, tzinfo=UTC)),
    ]
    assert result.report.refused == []
    assert list(result.report.adjusted) == ["numeric dates read as month/day (US order)"]
    assert "'9/13/2026'" in result.report.adjusted["numeric dates read as month/day (US order)"][0]


def test_csv_month_first_dates_in_a_cell_with_the_time_are_read_as_such() -> None:
    """Sessionize-style "Scheduled At" cells holding the date and the time."""
    assert _starts("us-date-and-time.csv") == [
        ("Later", datetime(2026, 9, 13, 13, 0, tzinfo=UTC), 30),
        ("Opening", datetime(2026, 9, 12, 9, 30, tzinfo=UTC), 45),
    ]


def test_csv_day_first_dates_stay_day_first_without_a_note() -> None:
    result = read(DATA / "day-first-dates.csv", tz="UTC")
    got = sorted((s.title, s.start) for s in result.schedule.sessions)
    assert got == [
        ("Later", datetime(2026, 12, 13, 11, 0, tzinfo=UTC)),
        ("Opening", datetime(2026, 12, 9, 10, 0, tzinfo=UTC)),
    ]
    assert result.report.adjusted == {}
    assert result.report.refused == []


def test_csv_ambiguous_dates_are_read_day_first_with_one_line_saying_so() -> None:
    result = read(DATA / "ambiguous-dates.csv", tz="UTC")
    got = sorted((s.title, s.start) for s in result.schedule.sessions)
    assert got == [
        ("Next", datetime(2026, 12, 10, 11, 0, tzinfo=UTC)),
        ("Opening", datetime(2026, 12, 9, 10, 0, tzinfo=UTC)),
        ("Same day", datetime(2026, 12, 10, 12, 0, tzinfo=UTC)),
    ]
    (line,) = result.report.adjusted["ambiguous numeric dates read as day/month"]
    assert line.startswith("'09/12/2026' read as 2026-12-09 and 1 more such date (the usual reading):")
    assert "YYYY-MM-DD" in line
    assert len(result.report.adjusted) == 1


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        # a first part over 12 anywhere: day/month for every row
        (["13-01-2026", "02-03-2026"], [(2026, 1, 13), (2026, 3, 2)]),
        # a second part over 12 anywhere, dashes: month/day
        (["01-13-2026", "02-03-2026"], [(2026, 1, 13), (2026, 2, 3)]),
        # dots are always day first (German): 02.13.2026 stays refused, not read as February
        (["02.03.2026", "05.05.2026"], [(2026, 3, 2), (2026, 5, 5)]),
    ],
)
def test_csv_date_order_is_judged_from_the_whole_column(
    cells: list[str], expected: list[tuple[int, int, int]], tmp_path: Path
) -> None:
    path = tmp_path / "plan.csv"
    rows = "".join(f"{c},10:00,30,R,T{i}\n" for i, c in enumerate(cells))
    path.write_text("date,start,duration,room,title\n" + rows, encoding="utf-8")
    result = read(path, tz="UTC")
    got = sorted((s.title, s.start) for s in result.schedule.sessions)
    assert got == [(f"T{i}", datetime(*d, 10, 0, tzinfo=UTC)) for i, d in enumerate(expected)]
    assert result.report.refused == []


def test_ics_cancelled_vevents_and_occurrences_are_left_out_with_one_line() -> None:
    """STATUS:CANCELLED VEVENTs were imported as ordinary sessions: a cancelled event, a
    cancelled occurrence (RECURRENCE-ID) and a cancelled series with its moved occurrence."""
    result = read(DATA / "cancelled.ics")
    got = sorted((s.start, s.title) for s in result.schedule.sessions)
    assert got == [
        (datetime(2026, 9, 12, 9, 0, tzinfo=UTC), "Standup"),
        (datetime(2026, 9, 12, 10, 0, tzinfo=UTC), "Kept talk"),
        (datetime(2026, 9, 14, 9, 0, tzinfo=UTC), "Standup"),
    ]
    (line,) = result.report.adjusted["cancelled VEVENTs (STATUS:CANCELLED or METHOD:CANCEL) left out"]
    assert line.startswith("4 left out: cancelled.ics:12: 'Called off'; cancelled.ics:29: 'Standup'")
    assert result.report.refused == []


def test_ics_with_every_vevent_cancelled_is_refused_with_one_sentence() -> None:
    from planner.interop import InteropError

    with pytest.raises(InteropError) as caught:
        read(DATA / "all-cancelled.ics")
    assert str(caught.value) == (
        "all-cancelled.ics: every VEVENT (1) is cancelled (STATUS:CANCELLED or METHOD:CANCEL): "
        "nothing is on the schedule"
    )


def test_ics_of_several_vcalendars_is_read_as_one_event() -> None:
    """Concatenated feeds were refused; every calendar's VEVENTs are read, guids unique."""
    result = read(DATA / "two-calendars.ics")
    sessions = result.schedule.sessions
    got = sorted((s.start, s.title, s.duration_minutes) for s in sessions)
    assert got == [
        (datetime(2026, 9, 12, 8, 0, tzinfo=UTC), "Keynote", 60),
        (datetime(2026, 9, 12, 10, 0, tzinfo=UTC), "Shared UID in feed one", 30),
        (datetime(2026, 9, 12, 12, 0, tzinfo=UTC), "Workshop", 120),
        (datetime(2026, 9, 12, 14, 30, tzinfo=UTC), "Shared UID in feed two", 30),
    ]
    assert len({s.guid for s in sessions}) == 4
    assert result.report.adjusted["several VCALENDARs in one file, read as one event"] == ["2 calendars"]
    assert result.schedule.event.name == "Main stage"
    assert result.schedule.event.timezone == "Europe/Berlin"
    assert sorted(r.name for r in result.schedule.rooms) == ["Main stage", "Room 2"]


def test_json_durations_given_as_numbers_with_a_fraction_are_minutes() -> None:
    """ "duration": 40.5 was refused ("expected text, found a number") while 40 was read."""
    result = read(DATA / "float-durations.json")
    got = sorted((s.title, s.duration_minutes) for s in result.schedule.sessions)
    assert got == [
        ("Fraction", 41),
        ("Fraction as text", 13),
        ("Integer", 20),
        ("Quarter", 45),
        ("Text", 40),
        ("Whole float", 30),
    ]
    assert result.report.adjusted["duration in minutes with a fraction rounded"] == [
        "float-durations.json:25: 40.5 to 41",
        "float-durations.json:47: 45.25 to 45",
        "float-durations.json:80: 12.5 to 13",
    ]
    assert result.report.refused == []


def test_json_durations_that_are_no_number_of_minutes_are_refused_by_field() -> None:
    result = read(DATA / "float-durations-bad.json")
    assert sorted((s.title, s.duration_minutes) for s in result.schedule.sessions) == [
        ("Negative", 0),
        ("Not a number", 0),
    ]
    path = 'schedule.conference.days[0].rooms["Saal 1"]'
    assert result.report.refused == [
        f"float-durations-bad.json:25: {path}[0].duration: nan is not a number of minutes; set to 0",
        f"float-durations-bad.json:36: {path}[1].duration: -5.5 is not a number of minutes; set to 0",
    ]


@pytest.mark.parametrize("name", ["default-namespace.xml", "prefixed-namespace.xml"])
def test_frab_xml_with_a_namespace_on_schedule_is_read_as_without_it(name: str) -> None:
    """<schedule xmlns="..."> was refused ("the root element is <{...}schedule>"); an element
    of another namespace (x:title) is still not taken for the plain one."""
    result = read(DATA / name)
    assert result.schedule.event.name == "Namespaced Camp"
    assert result.schedule.event.timezone == "Europe/Berlin"
    assert [(s.title, s.start, s.duration_minutes, s.guid) for s in result.schedule.sessions] == [
        ("Opening", datetime(2026, 7, 17, 9, 0, tzinfo=UTC), 30, "a3c1f0de-7d8e-4a41-9f1b-3c2d5e6f7a81")
    ]
    assert [p.name for p in result.schedule.people] == ["Mara Feld"]
    assert [r.name for r in result.schedule.rooms] == ["Zelt Nord"]
    assert result.report.refused == []


def test_schedule_json_without_the_schedule_wrapper_is_read() -> None:
    """The object normally under "schedule" at the top level was refused."""
    result = read(DATA / "unwrapped.json")
    assert result.schedule.event.name == "Sweep Camp"
    assert [(s.title, s.start, s.duration_minutes) for s in result.schedule.sessions] == [
        ("Unwrapped", datetime(2026, 8, 14, 9, 0, tzinfo=UTC), 30)
    ]
    assert list(result.report.adjusted) == ['no "schedule" object at the top level']
    assert result.report.refused == []


def test_schedule_json_in_latin_1_is_read_and_reported() -> None:
    """Bytes that are not UTF-8 were refused ("the file is not UTF-8 text")."""
    result = read(DATA / "latin-1.json")
    assert result.schedule.event.name == "Sommer-Café"
    assert [(s.title, s.start) for s in result.schedule.sessions] == [
        ("Café über Straße", datetime(2026, 8, 14, 9, 0, tzinfo=UTC))
    ]
    assert [r.name for r in result.schedule.rooms] == ["Bühne"]
    assert result.report.adjusted == {"encoding": ["not UTF-8: read as Windows-1252"]}


def test_schedule_json_bytes_no_windows_code_page_has_are_read_as_latin_1(tmp_path: Path) -> None:
    path = tmp_path / "camp.json"
    text = (DATA / "latin-1.json").read_bytes().replace(b"Sommer-Caf\xe9", b"Sommer\x81Caf\xe9")
    path.write_bytes(text)
    result = read(path)
    assert result.schedule.event.name == "Sommer\x81Café"
    assert result.report.adjusted["encoding"] == ["not UTF-8: read as Latin-1"]


def test_valid_utf8_json_is_never_read_as_latin_1() -> None:
    result = read(DATA / "float-durations.json")
    assert "encoding" not in result.report.adjusted


def test_csv_a_header_naming_the_order_settles_ambiguous_dates() -> None:
    """ "Date (MM/DD/YYYY)" was no date column at all (the header was refused); its dates,
    none over 12, are read in the order it names, and the report says so."""
    result = read(DATA / "header-names-month-first.csv", tz="UTC")
    got = sorted((s.title, s.start) for s in result.schedule.sessions)
    assert got == [
        ("Next", datetime(2026, 10, 12, 11, 0, tzinfo=UTC)),
        ("Opening", datetime(2026, 9, 12, 10, 0, tzinfo=UTC)),
    ]
    assert result.report.adjusted == {
        "ambiguous numeric dates read as month/day": [
            "'09/12/2026' read as 2026-09-12 and 1 more such date (as the header of the column says): "
            "no date in the file has a day over 12 to tell month/day from day/month; if the file "
            "writes day/month, give its dates as YYYY-MM-DD and import it again"
        ]
    }


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [
        # the dates outvote the header: 13/01 can only be day/month
        ("Date (MM/DD/YYYY)", ["13/01/2026", "02/03/2026"], [(2026, 1, 13), (2026, 3, 2)]),
        ("date [dd/mm/yyyy]", ["01/13/2026", "02/03/2026"], [(2026, 1, 13), (2026, 2, 3)]),
        ("Datum (TT.MM.JJJJ)", ["02.03.2026"], [(2026, 3, 2)]),
        ("date (dd-mm-yy)", ["02-03-2026"], [(2026, 3, 2)]),
        ("date (m/d/yyyy)", ["2/3/2026"], [(2026, 2, 3)]),
    ],
)
def test_csv_header_order_hints(
    header: str, cells: list[str], expected: list[tuple[int, int, int]], tmp_path: Path
) -> None:
    path = tmp_path / "plan.csv"
    rows = "".join(f"{c},10:00,30,R,T{i}\n" for i, c in enumerate(cells))
    path.write_text(f"{header},start,duration,room,title\n" + rows, encoding="utf-8")
    result = read(path, tz="UTC")
    got = sorted((s.title, s.start) for s in result.schedule.sessions)
    assert got == [(f"T{i}", datetime(*d, 10, 0, tzinfo=UTC)) for i, d in enumerate(expected)]
    assert result.report.refused == []


def test_csv_two_digit_years_with_slashes_or_dots_are_this_century() -> None:
    """Excel's US short date (9/13/26) was refused; so was 12.09.26."""
    assert _starts("us-two-digit-years.csv") == [
        ("Opening", datetime(2026, 9, 12, 10, 0, tzinfo=UTC), 45),
        ("Second day", datetime(2026, 9, 13, 11, 0, tzinfo=UTC), 30),
    ]


@pytest.mark.parametrize(
    ("cell", "expected"), [("12.09.26", datetime(2026, 9, 12, 10, 0, tzinfo=UTC)), ("26-09-12", None)]
)
def test_csv_two_digit_years_read_with_dots_not_guessed_with_dashes(
    cell: str, expected: datetime | None, tmp_path: Path
) -> None:
    """26-09-12 may be year-month-day: it is not guessed."""
    path = tmp_path / "plan.csv"
    path.write_text(f"date,start,duration,room,title\n{cell},10:00,30,R,T\n", encoding="utf-8")
    result = read(path, tz="UTC")
    assert [s.start for s in result.schedule.sessions] == [expected]
    assert len(result.report.refused) == (expected is None)


def test_ics_a_calendar_of_method_cancel_cancels_its_vevents_by_uid() -> None:
    """Concatenated feeds: a later VCALENDAR with METHOD:CANCEL (iTIP) takes the event out."""
    result = read(DATA / "cancel-method.ics")
    assert [(s.title, s.start) for s in result.schedule.sessions] == [
        ("Kept", datetime(2026, 9, 12, 10, 0, tzinfo=UTC))
    ]
    (line,) = result.report.adjusted["cancelled VEVENTs (STATUS:CANCELLED or METHOD:CANCEL) left out"]
    assert line == "2 left out: cancel-method.ics:12: 'Dropped later'; cancel-method.ics:24: 'Dropped later'"
