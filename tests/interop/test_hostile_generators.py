"""Session 18's adversarial run: schedules as other generators and editors write them
(other encodings, ISO 8601 durations, recurring iCalendar events, spreadsheets in other
languages). Each case runs from a small fixture in tests/data/hostile."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.interop import InteropError, read
from planner.store import Store

DATA = Path(__file__).resolve().parents[1] / "data" / "hostile"


def _sessions(path: Path, **kw: str) -> list[tuple[str, datetime | None, int, str, list[str]]]:
    s = read(path, **kw).schedule  # type: ignore[arg-type]
    rooms = {r.guid: r.name for r in s.rooms}
    people = {p.guid: p.name for p in s.people}
    return sorted(
        (x.title, x.start, x.duration_minutes, rooms.get(x.room or "", ""), [people[g] for g in x.speakers])
        for x in s.sessions
    )


# ------------------------------------------------------------ UTF-16 and UTF-32 with a mark
WIDE = ["utf16le.xml", "utf16be-nodecl.xml", "utf16.json", "utf32.json", "utf16.ics"]


@pytest.mark.parametrize("name", WIDE)
def test_a_file_in_utf16_or_utf32_with_a_byte_order_mark_is_read(name: str) -> None:
    """Windows editors and exporters write UTF-16 with a BOM: the format is recognised and
    the text (accents included) read as it is."""
    want = [
        ("Grüße aus Köln", datetime(2026, 7, 17, 9, 0, tzinfo=UTC), 30, "Bühne", ["Zoë Müller"]),
    ]
    assert _sessions(DATA / name) == want


def test_a_utf16_file_cut_in_the_middle_of_a_character_is_refused_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(InteropError, match=r"utf16-odd-length\.ics:\d+: .*not valid UTF-16 text"):
        read(DATA / "utf16-odd-length.ics")
    db = tmp_path / "p.sqlite"
    assert main(["--db", str(db), "import", str(DATA / "utf16-odd-length.ics")]) == 1
    assert "Traceback" not in capsys.readouterr().err
    with Store.open(db) as s:
        assert s.list_events() == []


# ------------------------------------------------------------ ISO 8601 and spoken durations
@pytest.mark.parametrize("name", ["durations.xml", "durations.json", "durations.csv"])
def test_iso_8601_and_spoken_durations_are_read_in_every_format(name: str) -> None:
    """PT1H30M (pretalx's API, schedule2 tools), P1DT2H and 1h 15m were refused and the
    sessions kept with no length."""
    result = read(DATA / name, tz="UTC")
    got = {s.title: s.duration_minutes for s in result.schedule.sessions}
    assert got == {"iso": 90, "iso days": 26 * 60, "words": 75}
    assert not [r for r in result.report.refused if "duration" in r]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("PT1H30M", 90),
        ("pt45m", 45),
        ("PT30S", 1),
        ("P1D", 1440),
        ("1h30", 90),
        ("2 hours", 120),
        ("90 min", 90),
    ],
)
def test_parse_duration_reads_iso_and_spoken_forms(text: str, minutes: int) -> None:
    from planner.interop.builder import parse_duration

    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["P", "PT", "PT1.5H", "h30", "1h30x", "P1H", "-PT1H"])
def test_parse_duration_still_refuses_what_is_no_duration(text: str) -> None:
    from planner.interop.builder import parse_duration

    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


# ------------------------------------------------------------ recurring iCalendar events
def test_recurring_events_become_one_session_per_occurrence() -> None:
    """RRULE (COUNT, UNTIL, no end), RDATE, EXDATE and a RECURRENCE-ID that moves one
    occurrence: only the first occurrence was imported and the others lost in silence,
    and the moved occurrence came in beside the one it replaces."""
    result = read(DATA / "recurring.ics")
    got = sorted(
        (s.title, s.start, s.duration_minutes) for s in result.schedule.sessions if s.title != "Weekly sync"
    )
    berlin = [  # CEST until 25 October 2026, 03:00; then CET
        ("Lunch", datetime(2026, 10, 23, 11, 0, tzinfo=UTC), 60),
        ("Lunch", datetime(2026, 10, 24, 11, 0, tzinfo=UTC), 60),
        ("Lunch", datetime(2026, 10, 27, 11, 0, tzinfo=UTC), 60),
        ("Lunch", datetime(2026, 10, 28, 11, 0, tzinfo=UTC), 60),  # RDATE;VALUE=PERIOD
        ("Poster fair", datetime(2026, 10, 22, 22, 0, tzinfo=UTC), 24 * 60),
        ("Standup", datetime(2026, 10, 23, 8, 0, tzinfo=UTC), 15),
        ("Standup", datetime(2026, 10, 26, 9, 0, tzinfo=UTC), 15),  # 10:00 CET, after the change
        ("Standup (late)", datetime(2026, 10, 25, 10, 0, tzinfo=UTC), 15),
    ]
    assert got == berlin
    weekly = [s for s in result.schedule.sessions if s.title == "Weekly sync"]
    # a rule without an end is cut after 92 days, and the report says so
    assert [s.start for s in sorted(weekly, key=lambda s: s.start or 0)][-1] == datetime(
        2027, 1, 22, 7, 0, tzinfo=UTC
    )
    assert len(weekly) == 14
    assert any("repeats more than 366 times or past 92 days" in line for line in result.report.lines())
    assert any("expanded into one session per occurrence" in line for line in result.report.lines())
    assert len({s.guid for s in result.schedule.sessions}) == len(result.schedule.sessions)


def test_reimporting_a_recurring_feed_reports_no_differences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each occurrence's guid comes from its UID and original start, the same every time."""
    db = tmp_path / "p.sqlite"
    assert main(["--db", str(db), "import", str(DATA / "recurring.ics")]) == 0
    slug = capsys.readouterr().out.strip()
    assert main(["--db", str(db), "reimport", "--event", slug, str(DATA / "recurring.ics")]) == 0
    assert capsys.readouterr().out.strip() == "no differences"


def test_an_ics_wall_time_in_the_spring_forward_gap_is_reported() -> None:
    """02:30 does not exist in Berlin on 29 March 2026: it is read as 03:30 (CEST), as the
    other readers do, and the report says so with the line, instead of in silence."""
    result = read(DATA / "dst-gap.ics")
    (s,) = result.schedule.sessions
    assert (s.start, s.duration_minutes) == (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), 30)
    assert any(
        "wall time in a daylight-saving gap moved forward: dst-gap.ics:4: DTSTART 2026-03-29 02:30 "
        "does not exist in Europe/Berlin; read as 03:30" in line
        for line in result.report.lines()
    )


# ------------------------------------------------------------ round trips
INTEROP = DATA.parent / "interop"


@pytest.mark.parametrize("source", ["schedule.xml", "schedule.json", "camp.ics"])
def test_a_csv_export_imports_back_at_the_same_instants_without_tz(source: str, tmp_path: Path) -> None:
    """The CSV holds wall times; it now names their zone (a ``timezone`` column), so an
    import without --tz no longer shifts every session by the event's UTC offset."""
    from planner.interop import write

    before = read(INTEROP / source).schedule
    out = tmp_path / "out.csv"
    write(before, out, "csv")
    after = read(out).schedule
    assert after.event.timezone == before.event.timezone != "UTC"

    def key(s: Any) -> list[tuple[str, str, datetime | None, int]]:
        return sorted((x.guid, x.title, x.start, x.duration_minutes) for x in s.sessions)

    assert key(after) == key(before)


def test_a_csv_timezone_column_gives_way_to_tz(tmp_path: Path) -> None:
    f = tmp_path / "plan.csv"
    f.write_text(
        "date,start,end,room,title,timezone\n2026-09-12,09:30,10:00,A,T,Asia/Tokyo\n", encoding="utf-8"
    )
    assert read(f).schedule.sessions[0].start == datetime(2026, 9, 12, 0, 30, tzinfo=UTC)
    assert read(f, tz="UTC").schedule.sessions[0].start == datetime(2026, 9, 12, 9, 30, tzinfo=UTC)


def test_a_declared_zone_with_spaces_around_it_is_the_zone() -> None:
    """pretalx and hand-edited files write "Europe/Berlin " now and then: it was an unknown
    zone and the event fell back to a fixed offset (Etc/GMT-2, wrong in winter)."""
    assert read(DATA / "zone-with-space.json").schedule.event.timezone == "Europe/Berlin"


def test_names_with_commas_and_and_survive_a_csv_round_trip(tmp_path: Path) -> None:
    """ATTENDEE;CN="Doe, Jane" came back from a CSV export as two people, Doe and Jane."""
    from planner.interop import write

    before = read(DATA / "names-with-commas.ics").schedule
    names = {p.guid: p.name for p in before.people}
    out = tmp_path / "out.csv"
    write(before, out, "csv")
    after = read(out).schedule
    back = {p.guid: p.name for p in after.people}

    def people(s: Any, by: dict[str, str]) -> list[tuple[str, list[str]]]:
        return sorted((x.title, [by[g] for g in x.speakers]) for x in s.sessions)

    assert people(after, back) == people(before, names)
    assert people(after, back) == [
        ("One", ["Doe, Jane"]),
        ("Three", ["Ben and Jerry", "Li Wei", "Doe, Jane", "t (er/ihm;he/him)"]),
        ("Two", ["Ben and Jerry"]),
    ]


def test_a_csv_cell_of_names_still_splits_on_commas_and_and_without_a_semicolon(tmp_path: Path) -> None:
    f = tmp_path / "plan.csv"
    f.write_text(
        'date,start,end,room,title,speakers\n2026-09-12,09:30,10:00,A,T,"Ada, Ben and Cy"\n', encoding="utf-8"
    )
    s = read(f).schedule
    assert sorted(p.name for p in s.people) == ["Ada", "Ben", "Cy"]


# ------------------------------------------------------------ spreadsheets from elsewhere
@pytest.mark.parametrize(
    ("name", "room"),
    [
        ("kopf-deutsch.csv", "Saal A"),
        ("entete-francais.csv", "Salle A"),
        ("cabecera-espanol.csv", "Sala A"),
        ("sessionize.csv", "Main Hall"),
    ],
)
def test_csv_headers_in_german_french_spanish_and_sessionize_are_read(name: str, room: str) -> None:
    """The header row was refused ("lacks the column(s) title, start, ...") for a German,
    French or Spanish spreadsheet and for Sessionize's export (Scheduled At, Scheduled
    Duration; its start is "12 Sep 2026 09:30 AM")."""
    ((title, start, minutes, got_room, people),) = _sessions(DATA / name, tz="Europe/Berlin")
    assert (start, minutes, got_room, people) == (
        datetime(2026, 9, 12, 7, 30, tzinfo=UTC),
        45,
        room,
        ["Ines Vogt"],
    )
    assert title


def test_csv_cells_holding_a_date_and_a_time_are_read_for_start_and_end() -> None:
    """12.09.2026 09:30 and 12/09/2026 9:30 AM in start and end were refused: kept
    unscheduled, or with no length."""
    result = read(DATA / "date-and-time-cells.csv", tz="UTC")
    got = sorted((s.title, s.start, s.duration_minutes) for s in result.schedule.sessions)
    at = datetime(2026, 9, 12, 9, 30, tzinfo=UTC)
    assert got == [("German", at, 45), ("ISO", at, 45), ("Slashes", at, 45)]
    assert result.report.refused == []


@pytest.mark.parametrize("fmt", ["frab-xml", "schedule-json", "ics", "csv"])
def test_sessions_in_the_hour_the_autumn_change_repeats_survive_a_round_trip(
    fmt: str, tmp_path: Path
) -> None:
    """02:30 happens twice in Berlin on 25 October 2026. iCalendar and CSV wrote the bare
    wall time, which a reader takes as the first: the second 02:30 came back an hour early
    (100 minutes long) and a session ending in the repeated hour came back 0 minutes long."""
    from planner.interop import write

    before = read(DATA / "dst-autumn.json").schedule
    out = tmp_path / f"out.{fmt}"
    write(before, out, fmt)
    after = read(out).schedule

    def key(s: Any) -> list[tuple[str, datetime | None, int]]:
        return sorted((x.title, x.start, x.duration_minutes) for x in s.sessions)

    assert key(after) == key(before)
    assert key(before) == [
        ("Across the change", datetime(2026, 10, 24, 23, 0, tzinfo=UTC), 180),
        ("First 02:30 (summer time)", datetime(2026, 10, 25, 0, 30, tzinfo=UTC), 60),
        ("Second 02:30 (winter time)", datetime(2026, 10, 25, 1, 30, tzinfo=UTC), 40),
    ]


def test_an_ics_round_trip_keeps_moderators_and_two_people_of_one_name(tmp_path: Path) -> None:
    """The export writes ROLE=CHAIR and urn:uuid:GUID for each person; the reader took every
    ATTENDEE as a speaker by name: moderators became speakers and "Mo" and "mo" (two people
    of camp2019) became one."""
    from datetime import date

    from planner.domain.model import Event, Person, Room, Schedule, Session
    from planner.interop import write

    hall = Room(name="Hall")
    mo, mo2, ada = Person(name="Mo"), Person(name="mo"), Person(name="Ada Moderator")
    talks = [
        Session(title="A", start=datetime(2026, 9, 12, 8, tzinfo=UTC), room=hall.guid, speakers=[mo.guid]),
        Session(
            title="B",
            start=datetime(2026, 9, 12, 9, tzinfo=UTC),
            room=hall.guid,
            speakers=[mo2.guid],
            moderators=[ada.guid],
        ),
    ]
    event = Event(
        name="Camp", first_day=date(2026, 9, 12), last_day=date(2026, 9, 12), timezone="Europe/Berlin"
    )
    out = tmp_path / "out.ics"
    write(Schedule(event=event, rooms=[hall], sessions=talks, people=[mo, mo2, ada]), out, "ics")
    back = read(out).schedule
    names = {p.guid: p.name for p in back.people}
    got = sorted(
        (s.title, [names[g] for g in s.speakers], [names[g] for g in s.moderators]) for s in back.sessions
    )
    assert got == [("A", ["Mo"], []), ("B", ["mo"], ["Ada Moderator"])]
    assert {p.guid for p in back.people} == {mo.guid, mo2.guid, ada.guid}


@pytest.mark.parametrize("fmt", ["frab-xml", "schedule-json", "ics", "csv"])
def test_a_round_trip_of_the_demo_keeps_people_roles_and_kinds(fmt: str, tmp_path: Path) -> None:
    """Moderators came back as speakers from schedule.json (its writer did not say who
    moderates; its reader did read "role") and from iCalendar; a rehearsal came back a talk
    from every format, and a panel, workshop or break a talk from iCalendar. frab XML has
    nowhere to mark a moderator that its schema allows, so there they stay speakers."""
    from planner.demo import demo_schedule
    from planner.interop import write

    before = demo_schedule()
    out = tmp_path / f"out.{fmt}"
    write(before, out, fmt)
    after = read(out).schedule

    def key(s: Any) -> list[tuple[str, str, list[str], list[str]]]:
        names = {p.guid: p.name for p in s.people}
        return sorted(
            (x.title, x.kind.value, [names[g] for g in x.speakers], [names[g] for g in x.moderators])
            for x in s.sessions
            if x.start is not None or fmt == "csv"
        )

    want = key(before)
    if fmt == "frab-xml":
        want = [(t, k, sp + mo, []) for t, k, sp, mo in want]
    assert key(after) == want
    assert {k for _, k, _, _ in want} == {"talk", "panel", "workshop", "break", "rehearsal"}
    assert any(mo for _, _, _, mo in key(before))


def test_a_windows_time_zone_name_from_outlook_is_its_iana_zone() -> None:
    """TZID=W. Europe Standard Time (Outlook, Exchange) was an unknown zone: the event got
    the fixed offset Etc/GMT-1, wrong for every session after the change to summer time."""
    result = read(DATA / "outlook-windows-zone.ics")
    assert result.schedule.event.timezone == "Europe/Berlin"
    assert sorted(s.start for s in result.schedule.sessions if s.start) == [
        datetime(2026, 1, 15, 9, 0, tzinfo=UTC),
        datetime(2026, 1, 16, 9, 0, tzinfo=UTC),
    ]
    assert "Windows time zone name: W. Europe Standard Time read as Europe/Berlin" in "\n".join(
        result.report.lines()
    )


def test_recurrence_rules_that_never_match_or_repeat_by_the_second_do_not_hang() -> None:
    """dateutil looks for the first occurrence of a rule up to the year 9999: seconds for
    BYMONTH=2;BYMONTHDAY=30, minutes for FREQ=HOURLY;BYSETPOS=30. Such rules, and rules
    more frequent than daily, keep their DTSTART and say so; the file reads in moments."""
    import time

    t0 = time.perf_counter()
    result = read(DATA / "rules-that-never-match.ics")
    assert time.perf_counter() - t0 < 5.0
    assert sorted(s.title for s in result.schedule.sessions) == sorted(f"Rule {i}" for i in range(40))
    text = "\n".join(result.report.lines())
    assert "repeats more often than daily, or by position within a day or week, not expanded" in text
    assert "whose rule matches no day in the 92 days after DTSTART" in text
