"""Issue 13, items 3, 4, 6, 7, 8, 9 and 14: hostile and unusual files get one sentence
naming the file, the line or field, and the store is left as it was; old and odd but
valid files are read. Every case runs from the small fixtures in tests/data/interop."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.errors import UserError
from planner.interop import InteropError, read, write
from planner.invites.people_csv import guess_mapping, plan_import, read_table
from planner.store import Store

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"
BAD = DATA / "malformed"

# file in tests/data/interop/malformed -> what the one sentence says
REFUSED = {
    "truncated.xml": r"truncated\.xml:\d+:\d+: not well-formed XML.*truncated",
    "billion-laughs.xml": r"billion-laughs\.xml:\d+: the document declares entities",
    "xxe.xml": r"xxe\.xml:\d+: the document declares entities",
    "binary.png": r"binary\.png:1: this is a binary file",
    "broken.json": r"broken\.json:1:\d+: not valid JSON",
    "other-format.xml": r"other-format\.xml:2: the <schedule> holds no frab or pentabarf events "
    r".*found <talk>",
    "empty-schedule.xml": r"empty-schedule\.xml:2: the <schedule> holds no frab or pentabarf events "
    r".*found <conference>, <day>, <version>",
    "unknown-encoding.xml": r"unknown-encoding\.xml:1: the XML declaration names the encoding "
    r"'x-mac-klingon'",
    "year-9999.xml": r"year-9999\.xml:\d+: day/@date: 9999-12-31 is outside the dates planner accepts",
    "year-1.json": r"year-1\.json:\d+: schedule\.conference\.days\[0\]\.rooms\[\"Saal 1\"\]\[0\]\.date: "
    r"0001-01-01 is outside",
    "persons-not-a-list.json": r"persons-not-a-list\.json:\d+: schedule\.conference\.days\[0\]\."
    r"rooms\[\"Saal 1\"\]\[1\]\.persons: expected a list, found text",
    "lone-surrogate.json": r"lone-surrogate\.json:\d+: schedule\.conference\.days\[0\]\.rooms\.Saal 1\[0\]"
    r"\.title: the text holds a lone surrogate",
    "huge-integer.json": r"huge-integer\.json: not a usable JSON number",
    "missing-column.csv": r"missing-column\.csv:1: the header row lacks the column\(s\) title",
}


def test_every_malformed_fixture_has_a_case() -> None:
    people = {p.name for p in BAD.glob("*people.csv")}
    assert sorted(p.name for p in BAD.iterdir()) == sorted(set(REFUSED) | people)


@pytest.mark.parametrize("name", list(REFUSED))
def test_malformed_file_is_refused_in_one_sentence_and_nothing_changes(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    t0 = time.perf_counter()
    with pytest.raises(InteropError, match=REFUSED[name]) as info:
        read(BAD / name)
    assert time.perf_counter() - t0 < 2.0
    assert "\n" not in str(info.value)
    db = tmp_path / "p.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    capsys.readouterr()
    with Store.open(db) as s:
        before = [(e.slug, e.sessions) for e in s.list_events()]
    assert main(["--db", str(db), "import", str(BAD / name)]) != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and re.search(REFUSED[name], err)
    with Store.open(db) as s:
        assert [(e.slug, e.sessions) for e in s.list_events()] == before


# ------------------------------------------------------------------ item 3
def test_old_pentabarf_events_directly_under_day_are_read() -> None:
    result = read(DATA / "pentabarf-2008.xml", tz="Europe/Brussels")
    s = result.schedule
    rooms = s.room_by_guid()
    got = sorted((x.title, rooms[x.room].name, x.start) for x in s.sessions if x.room)
    assert got == [
        ("A free strategy game", "Chavanne", datetime(2008, 2, 23, 13, 0, tzinfo=UTC)),
        ("How a large project works", "Janson", datetime(2008, 2, 24, 10, 30, tzinfo=UTC)),
        ("Unicode in scripting languages", "Janson", datetime(2008, 2, 23, 14, 0, tzinfo=UTC)),
    ]
    assert (s.event.first_day.isoformat(), s.event.last_day.isoformat()) == ("2008-02-23", "2008-02-24")
    people = s.person_by_guid()
    talk = next(x for x in s.sessions if x.title == "How a large project works")
    assert [people[g].name for g in talk.speakers] == ["Rob Waters", "Ana Lopes"]
    assert (
        "events directly under <day> (old pentabarf), rooms taken from each event" in result.report.adjusted
    )


# ------------------------------------------------------------------ item 6: the class of wrong JSON types
def _event0(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["schedule"]["conference"]["days"][0]["rooms"]["Saal 1"][0]


EV = 'schedule.conference.days[0].rooms["Saal 1"][0]'
WRONG_TYPES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "persons an object": (
        lambda d: _event0(d).update(persons={"name": "x"}),
        f"{EV}.persons: expected a list",
    ),
    "persons a number": (lambda d: _event0(d).update(persons=3), f"{EV}.persons: expected a list"),
    "links text": (lambda d: _event0(d).update(links="https://x.org"), f"{EV}.links: expected a list"),
    "attachments a number": (
        lambda d: _event0(d).update(attachments=1),
        f"{EV}.attachments: expected a list",
    ),
    "a link not an object": (lambda d: _event0(d).update(links=[5]), f"{EV}.links[0]: expected an object"),
    "a link's url a number": (
        lambda d: _event0(d).update(links=[{"url": 5}]),
        rf"{EV}.links[0].url: expected text, found a number",
    ),
    "a person a list": (lambda d: _event0(d).update(persons=[[1]]), f"{EV}.persons[0]: expected an object"),
    "a person's name a number": (
        lambda d: _event0(d)["persons"][0].update(public_name=12),
        f"{EV}.persons[0].public_name: expected text, found a number",
    ),
    "a person's id a list": (
        lambda d: _event0(d)["persons"][0].update(id=[1]),
        f"{EV}.persons[0].id: expected a number or text",
    ),
    "room's events an object": (
        lambda d: d["schedule"]["conference"]["days"][0]["rooms"].update({"Saal 1": {"a": 1}}),
        'schedule.conference.days[0].rooms["Saal 1"]: expected a list of events, found an object',
    ),
    "room's events text": (
        lambda d: d["schedule"]["conference"]["days"][0]["rooms"].update({"Saal 1": "talks"}),
        'schedule.conference.days[0].rooms["Saal 1"]: expected a list of events, found text',
    ),
    "an event a number": (
        lambda d: d["schedule"]["conference"]["days"][0]["rooms"]["Saal 1"].append(7),
        r'schedule.conference.days[0].rooms["Saal 1"][2]: expected an object, found a number',
    ),
    "rooms a list": (
        lambda d: d["schedule"]["conference"]["days"][0].update(rooms=[1]),
        "schedule.conference.days[0].rooms: expected an object of rooms, found a list",
    ),
    "a day text": (
        lambda d: d["schedule"]["conference"]["days"].append("2026-08-16"),
        "schedule.conference.days[2]: expected an object, found text",
    ),
    "title a number": (lambda d: _event0(d).update(title=42), f"{EV}.title: expected text, found a number"),
    "title true": (lambda d: _event0(d).update(title=True), f"{EV}.title: expected text, found true/false"),
    "date a number": (
        lambda d: _event0(d).update(date=20260814),
        f"{EV}.date: expected text, found a number",
    ),
    "duration a list": (lambda d: _event0(d).update(duration=["00:40"]), f"{EV}.duration: expected text"),
    "guid a number": (lambda d: _event0(d).update(guid=1), f"{EV}.guid: expected text, found a number"),
    "id a float": (
        lambda d: _event0(d).update(id=1.5),
        f"{EV}.id: expected a number or text, found a number",
    ),
    "id an object": (lambda d: _event0(d).update(id={"n": 1}), f"{EV}.id: expected a number or text"),
    "language a list": (lambda d: _event0(d).update(language=["en"]), f"{EV}.language: expected text"),
    "description an object": (
        lambda d: _event0(d).update(description={}),
        f"{EV}.description: expected text",
    ),
    "conference rooms an object": (
        lambda d: d["schedule"]["conference"].update(rooms={"a": 1}),
        "schedule.conference.rooms: expected a list, found an object",
    ),
    "a conference room's name a number": (
        lambda d: d["schedule"]["conference"]["rooms"][0].update(name=1),
        r"schedule.conference.rooms[0].name: expected text, found a number",
    ),
    "tracks an object": (
        lambda d: d["schedule"]["conference"].update(tracks={}),
        "schedule.conference.tracks: expected a list, found an object",
    ),
    "conference title a list": (
        lambda d: d["schedule"]["conference"].update(title=["x"]),
        "schedule.conference.title: expected text, found a list",
    ),
    "time zone a number": (
        lambda d: d["schedule"]["conference"].update(time_zone_name=1),
        "schedule.conference.time_zone_name: expected text, found a number",
    ),
}


@pytest.mark.parametrize("case", list(WRONG_TYPES))
def test_wrong_json_types_are_refused_with_the_json_path(case: str, tmp_path: Path) -> None:
    doc = json.loads((DATA / "schedule.json").read_text())
    mutate, expected = WRONG_TYPES[case]
    mutate(doc)
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(InteropError) as info:
        read(path)
    message = str(info.value)
    assert message.startswith("wrong.json:"), message
    assert re.sub(r"^wrong\.json:\d+: ", "", message).startswith(expected.replace("\\", "")), message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "deep.json: the JSON nests its values too deeply"),
        (
            '{"schedule": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "deep.json: the JSON nests its values too deeply",
        ),
        (
            '{"schedule": {"conference": {"title": 1' + "0" * 5000 + "}}}",
            "deep.json: not a usable JSON number",
        ),
    ],
)
def test_deep_nesting_and_huge_numbers_are_one_sentence(text: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(text)
    with pytest.raises(InteropError, match=re.escape(expected)):
        read(path)


@pytest.mark.parametrize("field", ["title", "description", "track", "room", "language", "public_name", "key"])
def test_a_lone_surrogate_in_any_text_is_refused(field: str, tmp_path: Path) -> None:
    text = (DATA / "schedule.json").read_text()
    if field == "key":
        bad = text.replace('"Chaos-West Bühne": [', '"Chaos-West \\udc00": [', 1)
    elif field == "public_name":
        bad = text.replace('"public_name": "Lena Brandt"', '"public_name": "Lena \\ud800Brandt"', 1)
    elif field == "track":
        bad = text.replace('"track": "Security"', '"track": "Sec\\udbffurity"', 1)
    else:
        pattern = re.compile(rf'("{field}": ")([^"]*)"')
        bad = pattern.sub(lambda m: f'{m.group(1)}{m.group(2)}\\ud83d"', text, count=1)
    assert bad != text
    path = tmp_path / "s.json"
    path.write_text(bad)
    with pytest.raises(InteropError, match=r"s\.json:\d+: .*lone surrogate"):
        read(path)


def test_a_surrogate_pair_is_a_character_and_reads(tmp_path: Path) -> None:
    text = (DATA / "schedule.json").read_text().replace('"Closing"', '"Closing \\ud83c\\udf89"')
    path = tmp_path / "s.json"
    path.write_text(text)
    assert "Closing 🎉" in {s.title for s in read(path).schedule.sessions}


# ------------------------------------------------------------------ item 7
def test_a_csv_cell_larger_than_the_csv_module_takes_is_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    rows = (DATA / "schedule.csv").read_text().splitlines()
    rows.insert(2, f'2026-09-12,12:00,12:30,Hall A,Long,Main,,"{"x" * 140_000}"')
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(
        InteropError, match=r"long\.csv:3: the CSV cannot be read: a cell holds more than 131,072"
    ):
        read(path)


def test_a_csv_with_bare_cr_line_ends_is_read() -> None:
    s = read(DATA / "bare-cr.csv").schedule
    assert sorted(x.title for x in s.sessions) == ["Second talk", "Welcome"]


def test_an_unclosed_quote_in_a_schedule_csv_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text(
        'date,start,end,room,title\n2026-09-12,09:30,10:00,Hall A,"Open\n2026-09-12,10:30,11:00,A,B\n'
    )
    with pytest.raises(InteropError, match=r"q\.csv:2: the CSV cannot be read: a quoted value opens"):
        read(path)


def test_an_xml_in_shift_jis_is_read() -> None:
    s = read(DATA / "shift-jis.xml").schedule
    assert [x.title for x in s.sessions] == ["紙の本を作る"]
    assert [r.name for r in s.rooms] == ["ホールA"]
    assert [p.name for p in s.people] == ["山田 花子"]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("rot13", "'rot13' is not a text encoding"),
        ("no-such-encoding", "names the encoding 'no-such-encoding', which is not known"),
        ("", "names the encoding '', which is not known"),
    ],
)
def test_an_xml_encoding_no_one_reads_is_one_sentence(encoding: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "e.xml"
    path.write_text(f'<?xml version="1.0" encoding="{encoding}"?>\n<schedule/>\n')
    with pytest.raises(InteropError, match=re.escape("e.xml:1: ") + ".*" + re.escape(expected)):
        read(path)


# ------------------------------------------------------------------ item 8
FRAB_EDGE = {
    "event date year 9999": (
        "<date>2026-07-17T11:00:00+02:00</date>",
        "<date>9999-12-31T23:30:00-05:00</date>",
        "event/date: 9999-12-31",
    ),
    "event date year 1": (
        "<date>2026-07-17T11:00:00+02:00</date>",
        "<date>0001-01-01T00:30:00+01:00</date>",
        "event/date: 0001-01-01",
    ),
    "day date year 9999": (
        'index="1" date="2026-07-17" start="2026-07-17T10:00:00+02:00"',
        'index="1" date="9999-12-31" start="9999-12-31T10:00:00+02:00"',
        "day/@date: 9999-12-31",
    ),
    "day start year 1": (
        'start="2026-07-17T10:00:00+02:00"',
        'start="0001-01-01T00:10:00+01:00"',
        "day/@start: 0001-01-01",
    ),
}


@pytest.mark.parametrize("case", list(FRAB_EDGE))
def test_dates_at_the_edge_of_the_calendar_are_refused_with_the_field(case: str, tmp_path: Path) -> None:
    old, new, expected = FRAB_EDGE[case]
    text = (DATA / "schedule.xml").read_text()
    assert old in text
    path = tmp_path / "edge.xml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(
        InteropError, match=rf"edge\.xml:\d+: {re.escape(expected)} is outside the dates planner accepts"
    ):
        read(path)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("e.ics", "DTSTART;TZID=Europe/Berlin:99991231T230000", r"VEVENT/DTSTART: 9999-12-31"),
        ("e.csv", None, r"date: 9999-12-31"),
    ],
)
def test_calendar_edges_in_ics_and_csv(name: str, content: str | None, expected: str, tmp_path: Path) -> None:
    path = tmp_path / name
    if name.endswith(".ics"):
        text = (
            (DATA / "camp.ics")
            .read_text()
            .replace("DTSTART;TZID=Europe/Berlin:20260723T100000", content or "", 1)
        )
    else:
        text = (DATA / "schedule.csv").read_text().replace("2026-09-12,09:30", "9999-12-31,23:30", 1)
    path.write_text(text, newline="")
    with pytest.raises(InteropError, match=rf"{re.escape(name)}:\d+: {expected} is outside"):
        read(path)


def test_an_availability_window_at_the_edge_is_a_rejected_row() -> None:
    table = read_table((BAD / "year-1-availability-people.csv").read_bytes(), "p.csv")
    plan = plan_import(table, guess_mapping(table.header), [])
    assert [str(r) for r in plan.rejects] == [
        "line 2: the availability window '0001-01-01T00:30:00+01:00/0001-01-01T09:00:00+01:00': "
        "0001-01-01 is outside the dates planner accepts (1900-01-01 to 2999-12-31)"
    ]


def test_the_domain_refuses_what_an_export_could_not_write() -> None:
    from datetime import date

    from planner.domain.model import DomainError, Event, Schedule, Session

    ev = Event(name="x", first_day=date(2026, 1, 1), last_day=date(2026, 1, 2))
    ok = Schedule(event=ev, sessions=[Session(title="t", start=datetime(2026, 1, 1, 10, tzinfo=UTC))])
    ok.validate()
    far = Schedule(event=ev, sessions=[Session(title="t", start=datetime(9999, 12, 31, 10, tzinfo=UTC))])
    with pytest.raises(DomainError, match="start: 9999-12-31 is outside the dates planner accepts"):
        far.validate()
    with pytest.raises(DomainError, match="first_day: 0001-01-01 is outside"):
        Event(name="x", first_day=date(1, 1, 1), last_day=date(1, 1, 2)).validate()


# ------------------------------------------------------------------ item 9 (an id of thousands of digits)
@pytest.mark.parametrize("fmt", ["frab-xml", "schedule-json", "ics", "csv"])
def test_an_id_of_thousands_of_digits_imports_and_exports(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "s.xml"
    path.write_text((DATA / "schedule.xml").read_text().replace('id="1101"', f'id="{"9" * 4000}"', 1))
    result = read(path)
    assert "id longer than 64 characters left out" in result.report.adjusted
    out = tmp_path / f"out.{fmt}"
    write(result.schedule, out, fmt)
    assert len(read(out).schedule.sessions) == len(result.schedule.sessions)


def test_a_stored_id_of_thousands_of_digits_exports(tmp_path: Path) -> None:
    s = read(DATA / "schedule.xml").schedule
    s.sessions[0].extra["id"] = "9" * 5000  # as an older import kept it
    s.sessions[1].extra["id"] = "²³"  # digits to str.isdigit, not to int()
    for fmt in ("frab-xml", "schedule-json"):
        write(s, tmp_path / f"o.{fmt}", fmt)
        assert len(read(tmp_path / f"o.{fmt}").schedule.sessions) == len(s.sessions)


# ------------------------------------------------------------------ item 14
def test_an_ics_room_name_with_a_comma_survives_a_round_trip(tmp_path: Path) -> None:
    s = read(DATA / "schedule.csv").schedule
    assert "Hall B, East" in {r.name for r in s.rooms}
    write(s, tmp_path / "o.ics", "ics")
    assert b"LOCATION:Hall B\\, East" in (tmp_path / "o.ics").read_bytes()
    back = read(tmp_path / "o.ics")
    assert {r.name for r in back.schedule.rooms} == {r.name for r in s.rooms}
    assert "several rooms in one LOCATION (the first used)" not in back.report.adjusted


def test_an_ics_location_listing_rooms_of_the_file_is_still_several_rooms() -> None:
    result = read(DATA / "camp.ics")
    assert result.report.adjusted["several rooms in one LOCATION (the first used)"] == [
        "camp.ics:39: 'Werkstatt, Workshop-Zelt'"
    ]


def test_a_csv_round_trip_keeps_a_starts_seconds(tmp_path: Path) -> None:
    s = read(DATA / "schedule.csv").schedule
    starts = sorted(x.start for x in s.sessions if x.start)
    assert datetime(2026, 9, 12, 10, 30, 45, tzinfo=UTC) in starts
    write(s, tmp_path / "o.csv", "csv")
    assert sorted(x.start for x in read(tmp_path / "o.csv").schedule.sessions if x.start) == starts


@pytest.mark.parametrize(
    ("row", "kind", "example"),
    [
        (
            "2026-03-29,02:30,03:15,Hall A,In the gap",
            "wall time in a daylight-saving gap moved forward",
            "gap.csv:2: date 2026-03-29 02:30 does not exist in Europe/Berlin; read as 03:30",
        ),
        (
            "2026-09-12,23:30,00:30,Hall A,Past midnight",
            "end before the start read as the next day",
            "gap.csv:2: 23:30 to 00:30 (60 min)",
        ),
        (
            "2026-09-12,10:00,09:00,Hall A,Typo in the end",
            "end before the start read as the next day",
            "gap.csv:2: 10:00 to 09:00 (1380 min)",
        ),
    ],
)
def test_gaps_and_ends_before_starts_are_reported_with_the_line(
    row: str, kind: str, example: str, tmp_path: Path
) -> None:
    path = tmp_path / "gap.csv"
    path.write_text(f"date,start,end,room,title\n{row}\n")
    result = read(path, tz="Europe/Berlin")
    assert result.report.adjusted[kind] == [example]
    assert any(kind in line and "1 ×" in line for line in result.report.lines())


def test_an_ics_end_before_its_start_is_reported(tmp_path: Path) -> None:
    text = (
        (DATA / "camp.ics")
        .read_text()
        .replace("DTEND;TZID=Europe/Berlin:20260723T113000", "DTEND;TZID=Europe/Berlin:20260723T093000")
    )
    path = tmp_path / "c.ics"
    path.write_text(text, newline="")
    result = read(path)
    assert result.report.adjusted["DTEND before DTSTART: duration set to 0"] == ["c.ics:6: 'Lockpicking'"]


def test_a_people_csv_with_an_unclosed_quote_names_the_line() -> None:
    with pytest.raises(
        UserError, match=r"line 3: the CSV cannot be read \(a quoted value opens on this line"
    ):
        read_table((BAD / "unclosed-quote-people.csv").read_bytes(), "people.csv")


def test_the_people_fixture_reads(tmp_path: Path) -> None:
    table = read_table((DATA / "people.csv").read_bytes(), "people.csv")
    plan = plan_import(table, guess_mapping(table.header), [])
    assert plan.ok
    assert [(p.name, p.email, p.organisation) for p in plan.people] == [
        ("Ines Vogt", "ines@example.org", "Vogt & Co"),
        ("Ben Ortiz", "ben@example.org", ""),
        ("Lund, Kai", "kai@example.org", 'Hackspace "Nord"'),
        ("Pia Sommer", "pia@example.org", ""),
    ]


def test_the_fixtures_import_as_expected() -> None:
    expected = {
        "schedule.xml": (6, ["Zelt Nord", "Bühne am Teich"]),
        "schedule.json": (5, ["Saal 1", "Chaos-West Bühne"]),
        "camp.ics": (6, ["Workshop-Zelt", "Werkstatt"]),
        "schedule.csv": (4, ["Hall A", "Hall B, East", "Workshop room"]),
    }
    for name, (n, rooms) in expected.items():
        s = read(DATA / name).schedule
        assert (len(s.sessions), [r.name for r in s.sorted_rooms()]) == (n, rooms), name
