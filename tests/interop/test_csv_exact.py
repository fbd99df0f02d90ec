"""The CSV schedule reader and writer on small hand-made tables, asserted by value (issue
12, mutation testing: each test pins one behaviour a mutant of csv_format.py would change)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from planner.domain.model import Event, Person, Pin, Room, Schedule, Session, SessionKind
from planner.interop import ImportResult, InteropError, csv_format

HEAD = "date,start,end,room,title\n"


def read(text: str | bytes, name: str = "plan.csv", tz: str = "Europe/Berlin") -> ImportResult:
    data = text.encode() if isinstance(text, str) else text
    return csv_format.read(Path(name), data, tz=tz)


def berlin(h: int, m: int = 0, s: int = 0, day: int = 23) -> datetime:
    """A wall time in Berlin in July (UTC+2) as the UTC instant."""
    return datetime(2026, 7, day, h, m, s, tzinfo=UTC) - timedelta(hours=2)


def starts(text: str) -> dict[str, datetime | None]:
    return {s.title: s.start for s in read(text).schedule.sessions}


def test_one_row_by_value() -> None:
    result = read(
        "Day,Time,Duration,Stage,Talk,Category,Type,Speaker,Host,Abstract,UUID,Pin\n"
        "2026-07-23,10:00,45,Hall,Opening,Main,workshop,Pia; Jo,Max,Hello,"
        "4a1f3a0e-1c2b-4d5e-8f90-0a1b2c3d4e5f,room\n",
        name="summer_camp.csv",
    )
    s = result.schedule
    assert s.event.name == "summer camp"
    assert s.event.timezone == "Europe/Berlin"
    (session,) = s.sessions
    assert session.title == "Opening"
    assert session.start == berlin(10)
    assert session.duration_minutes == 45
    assert [r.name for r in s.rooms] == ["Hall"]
    assert session.track == "Main"
    assert session.kind is SessionKind.WORKSHOP
    assert session.description == "Hello"
    assert session.guid == "4a1f3a0e-1c2b-4d5e-8f90-0a1b2c3d4e5f"
    assert session.pin is Pin.ROOM
    people = s.person_by_guid()
    assert [people[g].name for g in session.speakers] == ["Pia", "Jo"]
    assert [people[g].name for g in session.moderators] == ["Max"]
    assert result.report.refused == []
    assert result.report.adjusted == {}


def test_the_first_column_of_a_name_counts() -> None:
    s = read("title,start,room,duration,name\nReal,2026-07-23T10:00,R,30,Other\n").schedule
    assert [x.title for x in s.sessions] == ["Real"]


def test_a_header_without_the_needed_columns_says_which() -> None:
    with pytest.raises(InteropError) as err:
        read("date,Title,speakers\n2026-07-23,T,P\n")
    assert err.value.message == (
        "the header row lacks the column(s) start, room, end or duration (found: date, title, speakers)"
    )
    assert err.value.where == "plan.csv:1"
    with pytest.raises(InteropError) as err:
        read("start;title;room;end\n")
    assert err.value.message == "no sessions found below the header row"
    assert err.value.where == "plan.csv:2"
    with pytest.raises(InteropError) as err:
        read(",,\n1,2,3\n")
    assert err.value.message.endswith("(found: nothing)")


def test_the_header_shown_is_cut_to_40_characters_a_cell() -> None:
    with pytest.raises(InteropError) as err:
        read("title," + "x" * 45 + "\nT,1\n")
    assert err.value.message.endswith(f"(found: title, {'x' * 40})")


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(InteropError) as err:
        read("")
    assert (err.value.message, err.value.where) == ("the file is empty", "plan.csv:1")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("10:00", berlin(10)),
        ("9.30", berlin(9, 30)),
        ("10h15", berlin(10, 15)),
        (" 7:05 ", berlin(7, 5)),
        ("10:00:59", berlin(10, 0, 59)),
        ("2:05 pm", berlin(14, 5)),
        ("2:05 AM", berlin(2, 5)),
        ("12:00 am", berlin(0)),
        ("12:30 PM", berlin(12, 30)),
        ("23:59", berlin(23, 59)),
        ("24:00", None),
        ("10:60", None),
        ("10:00:60", None),
        ("10", None),
        ("100:00", None),
        ("x10:00", None),
    ],
)
def test_clock_times(cell: str, expected: datetime | None) -> None:
    assert starts(f"{HEAD}2026-07-23,{cell},,R,T\n")["T"] == expected


@pytest.mark.parametrize(
    "cell", ["2026-07-23", " 2026-07-23 ", "23.07.2026", "23/07/2026", "2026/07/23", "23-07-2026"]
)
def test_dates(cell: str) -> None:
    assert starts(f"{HEAD}{cell},10:00,,R,T\n")["T"] == berlin(10)


def test_a_date_that_is_not_one_leaves_the_session_unscheduled() -> None:
    result = read(f"{HEAD}2026-13-45,10:00,,R,T\n")
    assert result.schedule.sessions[0].start is None
    assert result.report.refused == [
        "plan.csv:2: start: '10:00' (date '2026-13-45') is not a time; kept unscheduled"
    ]
    # a clock time without a date column at all
    no_date = read("start,duration,room,title\n10:00,30,R,T\n")
    assert no_date.schedule.sessions[0].start is None


def test_full_start_times() -> None:
    text = (
        "start,duration,room,title\n"
        "2026-07-23T10:00,30,R,Iso\n"
        "2026/07/23 11:00,30,R,Slashes\n"
        "2026-07-23T10:00+00:00,30,R,Utc\n"
    )
    assert starts(text) == {"Iso": berlin(10), "Slashes": berlin(11), "Utc": berlin(12)}


def test_a_start_outside_the_calendar_is_refused_naming_the_field() -> None:
    with pytest.raises(InteropError) as err:
        read("start,duration,room,title\n0001-01-01T10:00,30,R,T\n")
    assert err.value.where == "plan.csv:2"
    assert err.value.message.startswith("start: ")
    with pytest.raises(InteropError) as err:
        read(f"{HEAD}0001-01-01,10:00,,R,T\n")
    assert err.value.where == "plan.csv:2"
    assert err.value.message.startswith("date: ")


def test_an_aware_start_outside_the_calendar_names_the_start_field() -> None:
    with pytest.raises(InteropError) as err:
        read("start,duration,room,title\n0001-01-01T10:00+00:00,30,R,T\n")
    assert err.value.where == "plan.csv:2"
    assert err.value.message.startswith("start: ")


def test_wall_times_in_the_spring_gap_are_moved_and_named_by_field() -> None:
    result = read("start,end,room,title\n2026-03-29T02:30,03:45,R,Gap\n2026-03-28T23:30,02:30,R,Night\n")
    got = {s.title: (s.start, s.duration_minutes) for s in result.schedule.sessions}
    # 23:30 CET to 03:30 CEST is three hours that pass (not four on the clock)
    assert got == {
        "Gap": (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), 15),
        "Night": (datetime(2026, 3, 28, 22, 30, tzinfo=UTC), 180),
    }
    assert result.report.adjusted["wall time in a daylight-saving gap moved forward"] == [
        "plan.csv:2: start 2026-03-29 02:30 does not exist in Europe/Berlin; read as 03:30",
        "plan.csv:3: end 2026-03-29 02:30 does not exist in Europe/Berlin; read as 03:30",
    ]


def test_a_session_across_the_change_to_summer_time_lasts_the_time_that_passes() -> None:
    result = read("date,start,end,room,title\n2026-03-29,01:30,03:30,R,T\n")
    assert result.schedule.sessions[0].duration_minutes == 60
    iso = read("start,end,room,title\n2026-10-25T01:30,2026-10-25T03:30,R,T\n")
    assert iso.schedule.sessions[0].duration_minutes == 180  # the clock goes back an hour


def durations(rows: str, head: str = "date,start,end,duration,room,title\n") -> ImportResult:
    return read(head + rows)


def test_end_and_duration() -> None:
    result = durations(
        "2026-07-23,10:00,,90,R,Minutes\n"
        "2026-07-23,10:00,,1:15,R,Clock\n"
        "2026-07-23,10:00,11:30,,R,End\n"
        "2026-07-23,10:00,11:30,20,R,Both\n"
        "2026-07-23,10:00,2026-07-23T12:00,,R,IsoEnd\n"
        "2026-07-23,10:00,2026-07-23T12:00+00:00,,R,IsoUtcEnd\n"
        "2026-07-23,10:00,,,R,Nothing\n"
        ",,11:00,,R,NoStart\n"
    )
    got = {s.title: s.duration_minutes for s in result.schedule.sessions}
    assert got == {
        "Minutes": 90,
        "Clock": 75,
        "End": 90,
        "Both": 20,
        "IsoEnd": 120,
        "IsoUtcEnd": 240,
        "Nothing": 0,
        "NoStart": 0,
    }
    assert "end before the start read as the next day" not in result.report.adjusted


def test_an_end_before_the_start_runs_past_midnight() -> None:
    result = durations("2026-07-23,23:30,00:30,,R,Late\n")
    assert result.schedule.sessions[0].duration_minutes == 60
    assert result.report.adjusted["end before the start read as the next day"] == [
        "plan.csv:2: 23:30 to 00:30 (60 min)"
    ]


def test_an_iso_end_before_the_start_gives_zero() -> None:
    result = durations("2026-07-23,10:00,2026-07-23T09:00,,R,Back\n")
    assert result.schedule.sessions[0].duration_minutes == 0
    assert result.report.adjusted["end before the start: duration set to 0"] == [
        "plan.csv:2: '2026-07-23T09:00'"
    ]


def test_an_unreadable_end_or_duration_is_zero_and_refused() -> None:
    result = durations("2026-07-23,10:00,soon,,R,A\n2026-07-23,10:00,,long,R,B\n")
    assert [s.duration_minutes for s in result.schedule.sessions] == [0, 0]
    assert result.report.refused == [
        "plan.csv:2: end/duration: 'soon' is not a time or duration; set to 0",
        "plan.csv:3: end/duration: 'long' is not a time or duration; set to 0",
    ]


@pytest.mark.parametrize(
    ("cell", "pin"),
    [
        ("yes", Pin.FULL),
        ("True", Pin.FULL),
        ("1", Pin.FULL),
        ("full", Pin.FULL),
        ("PINNED", Pin.FULL),
        ("room", Pin.ROOM),
        ("Room only", Pin.ROOM),
        ("", Pin.NONE),
        ("no", Pin.NONE),
        ("false", Pin.NONE),
        ("0", Pin.NONE),
    ],
)
def test_pins(cell: str, pin: Pin) -> None:
    result = read(f"start,duration,room,title,pinned\n2026-07-23T10:00,30,R,T,{cell}\n")
    assert result.schedule.sessions[0].pin is pin
    assert result.report.refused == []


def test_an_unknown_pin_is_refused() -> None:
    result = read("start,duration,room,title,pinned\n2026-07-23T10:00,30,R,T,Maybe\n")
    assert result.schedule.sessions[0].pin is Pin.NONE
    assert result.report.refused == ["plan.csv:2: pinned: 'maybe' is not yes, room or empty; not pinned"]


def test_empty_rows_are_skipped_and_untitled_rows_refused() -> None:
    result = read(f"{HEAD}\n , ,,,\n2026-07-23,10:00,,R,\n2026-07-23,10:00,,R,Kept\n2026-07-23,10:00\n")
    assert [s.title for s in result.schedule.sessions] == ["Kept"]
    assert result.report.refused == [
        "plan.csv:4: title: empty; the row is left out",
        "plan.csv:6: title: empty; the row is left out",
    ]


def test_names_are_split_on_semicolons_bars_commas_and_and() -> None:
    result = read(
        "start,duration,room,title,speakers\n"
        '2026-07-23T10:00,30,R,T,"Ann; Bo | Cy, Di and Ed"\n'
        "2026-07-23T11:00,30,R,U,Andy Anderson\n"
    )
    by = {s.title: s for s in result.schedule.sessions}
    people = result.schedule.person_by_guid()
    assert [people[g].name for g in by["T"].speakers] == ["Ann", "Bo", "Cy", "Di", "Ed"]
    assert [people[g].name for g in by["U"].speakers] == ["Andy Anderson"]


def test_guarded_cells_lose_their_apostrophe() -> None:
    result = read("start,duration,room,title\n2026-07-23T10:00,30,R,'=SUM(A1)\n2026-07-23T11:00,30,R,'Tis\n")
    assert [s.title for s in result.schedule.sessions] == ["=SUM(A1)", "'Tis"]


def test_separators_and_encodings() -> None:
    semi = read("start;duration;room;title\n2026-07-23T10:00;30;Café;T\n".encode("cp1252"))
    assert [r.name for r in semi.schedule.rooms] == ["Café"]
    assert semi.report.adjusted["encoding"] == ["not UTF-8: read as Windows-1252"]
    tabs = read("\ufeffstart\tduration\troom\ttitle\n2026-07-23T10:00\t30\tR\tT\n")
    assert tabs.schedule.sessions[0].duration_minutes == 30
    assert "encoding" not in tabs.report.adjusted
    wide = read("start,duration,room,title\n2026-07-23T10:00,30,R,T\n".encode("utf-16"))
    assert wide.report.adjusted["encoding"] == ["not UTF-8: read as utf-16"]


def test_line_numbers_count_lines_inside_quotes_and_bare_cr() -> None:
    result = read(
        'start,duration,room,title\r2026-07-23T10:00,30,R,"Two\nlines"\r,,,\r2026-07-23T10:00,x,R,B\r'
    )
    assert [s.title for s in result.schedule.sessions] == ["Two\nlines", "B"]
    assert result.report.refused == ["plan.csv:5: end/duration: 'x' is not a time or duration; set to 0"]


def test_csv_rows_and_their_errors() -> None:
    assert list(csv_format.csv_rows("a,b\r\nc\n\nd", ",", "f.csv")) == [
        (1, ["a", "b"]),
        (2, ["c"]),
        (3, []),
        (4, ["d"]),
    ]
    with pytest.raises(InteropError) as err:
        list(csv_format.csv_rows('a\nb\n"c\nd', ",", "f.csv"))
    assert err.value.where == "f.csv:3"
    assert err.value.message == (
        "the CSV cannot be read: a quoted value opens on this line and is never closed "
        "(the file ends inside it)"
    )
    with pytest.raises(InteropError) as err:
        list(csv_format.csv_rows('a\n"b"c,d\n', ",", "f.csv"))
    assert err.value.where == "f.csv:2"
    assert err.value.message.startswith(
        "the CSV cannot be read: a quoted value is followed by more text before the separator ("
    )
    with pytest.raises(InteropError) as err:
        list(csv_format.csv_rows("a\n" + "x" * 200_000 + "\n", ",", "f.csv"))
    assert err.value.where == "f.csv:2"
    assert err.value.message == (
        "the CSV cannot be read: a cell holds more than 131,072 characters (a description may hold 100,000)"
    )


def test_progress_is_called_and_can_cancel() -> None:
    rows = "".join(f"2026-07-23T10:00,30,R,T{i}\n" for i in range(399))
    text = "start,duration,room,title\n" + rows
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    csv_format.read(Path("p.csv"), text.encode(), tz="UTC", progress=progress)
    assert calls == [(200, 400), (400, 400), (400, 400)]
    with pytest.raises(InteropError) as err:
        csv_format.read(Path("p.csv"), text.encode(), tz="UTC", progress=lambda d, t: False)
    assert (err.value.message, err.value.where) == ("the import was cancelled", "p.csv")


def test_write_by_value(tmp_path: Path) -> None:
    start = datetime(2026, 7, 23, 8, 0, tzinfo=UTC)
    hall, tent = Room(name="Hall", position=0), Room(name="Tent", position=1)
    pia, jo = Person(name="Pia"), Person(name="Jo")
    sessions = [
        Session(title="B", start=start, duration_minutes=30, room=tent.guid, guid="g1"),
        Session(
            title="Z",
            start=start,
            duration_minutes=45,
            room=hall.guid,
            guid="g2",
            track="=Main",
            speakers=[pia.guid, jo.guid],
            moderators=[jo.guid],
            description='Say, "hi"',
            pin=Pin.FULL,
        ),
        Session(title="A", start=start, duration_minutes=30, room=tent.guid, guid="g3", pin=Pin.ROOM),
        Session(title="Later", start=start + timedelta(seconds=90), duration_minutes=60, guid="g4"),
        Session(title="Unplaced", start=None, duration_minutes=15, guid="g5"),
    ]
    event = Event(
        name="Camp", first_day=date(2026, 7, 23), last_day=date(2026, 7, 23), timezone="Europe/Berlin"
    )
    schedule = Schedule(event=event, rooms=[hall, tent], sessions=sessions, people=[pia, jo])
    out = tmp_path / "out.csv"
    csv_format.write(schedule, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").split("\r\n") == [
        "guid,date,start,end,duration,room,title,track,kind,speakers,moderators,description,pinned,timezone",
        'g2,2026-07-23,10:00,10:45,45,Hall,Z,\'=Main,talk,Pia; Jo,Jo,"Say, ""hi""",yes,Europe/Berlin',
        "g3,2026-07-23,10:00,10:30,30,Tent,A,,talk,,,,room,Europe/Berlin",
        "g1,2026-07-23,10:00,10:30,30,Tent,B,,talk,,,,,Europe/Berlin",
        "g4,2026-07-23,10:01:30,11:01,60,,Later,,talk,,,,,Europe/Berlin",
        "g5,,,,15,,Unplaced,,talk,,,,,Europe/Berlin",
        "",
    ]
    back = csv_format.read(out, raw, tz="Europe/Berlin").schedule
    assert [(s.title, s.pin, s.track) for s in back.sessions] == [
        ("Z", Pin.FULL, "=Main"),
        ("A", Pin.ROOM, ""),
        ("B", Pin.NONE, ""),
        ("Later", Pin.NONE, ""),
        ("Unplaced", Pin.NONE, ""),
    ]


def test_neutralise() -> None:
    assert csv_format.neutralise("=1") == "'=1"
    assert csv_format.neutralise("plain") == "plain"
