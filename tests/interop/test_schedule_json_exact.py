"""The schedule.json reader and writer on small hand-made documents, asserted by value
(issue 12, mutation testing: each test pins one behaviour a mutant of schedule_json.py
would change)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from planner.domain.model import Event, Person, Room, Schedule, Session
from planner.interop import ImportResult, InteropError, schedule_json
from planner.interop._export import prepare

GUID = "4a1f3a0e-1c2b-4d5e-8f90-0a1b2c3d4e5f"


def doc(events: list[dict[str, Any]], room: str = "Hall", **conference: Any) -> dict[str, Any]:
    conf: dict[str, Any] = {
        "title": "Camp",
        "time_zone_name": "Europe/Berlin",
        "days": [{"index": 1, "date": "2026-07-23", "rooms": {room: events}}],
    }
    conf.update(conference)
    return {"schedule": {"version": "1", "conference": conf}}


def read(document: Any, name: str = "camp.json", tz: str | None = None) -> ImportResult:
    data = document if isinstance(document, bytes) else json.dumps(document, indent=1).encode()
    return schedule_json.read(Path(name), data, tz=tz)


def refused(document: Any) -> InteropError:
    with pytest.raises(InteropError) as err:
        read(document)
    return err.value


def event(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"title": "Talk", "date": "2026-07-23T10:00:00+02:00", "duration": "00:30"}
    base.update(fields)
    return base


def at(h: int, m: int = 0) -> datetime:
    return datetime(2026, 7, 23, h, m, tzinfo=UTC)


def test_one_event_by_value() -> None:
    result = read(
        doc(
            [
                event(
                    guid=GUID,
                    id=17,
                    room="Hall",
                    track={"name": "Security"},
                    type="workshop",
                    language="de",
                    description="About locks",
                    slug="camp-17-talk",
                    url="https://camp.example.org/17",
                    subtitle="",
                    do_not_record=True,
                    code="ABC123",
                    persons=[
                        {"public_name": "Pia", "id": 5, "biography": "Bio", "code": "P1"},
                        {"name": "Jo", "role": "Moderator", "guid": GUID.replace("4a", "5b")},
                        "Max",
                    ],
                    links=[
                        {"url": "https://x.example/s", "title": "Slides", "type": "slides"},
                        {"url": "", "title": "empty"},
                        {"url": "https://x.example/n"},
                    ],
                    attachments=[{"url": "https://x.example/a.pdf", "title": "A"}],
                )
            ],
            acronym=" camp26 ",
            url="https://camp.example.org",
            timeslot_duration="00:10",
            tracks=[{"name": "Security", "color": "#ff0000"}, {"name": "No colour", "color": ""}],
            rooms=[
                {"name": "Hall", "guid": GUID.replace("4a", "6c"), "url": "https://stream.example.org/hall"}
            ],
        )
    )
    s = result.schedule
    assert result.report.format == "schedule-json"
    assert s.event.name == "Camp"
    assert s.event.timezone == "Europe/Berlin"
    assert s.event.slot_minutes == 10
    assert s.event.extra == {
        "acronym": "camp26",
        "url": "https://camp.example.org",
        "track_colours": {"Security": "#ff0000"},
    }
    assert s.event.first_day == date(2026, 7, 23)
    (room,) = s.rooms
    assert (room.name, room.guid, room.stream_url) == (
        "Hall",
        GUID.replace("4a", "6c"),
        "https://stream.example.org/hall",
    )
    (x,) = s.sessions
    assert x.title == "Talk"
    assert x.start == at(8)
    assert x.duration_minutes == 30
    assert x.room == room.guid
    assert x.guid == GUID
    assert x.track == "Security"
    assert x.kind.value == "workshop"
    assert x.language == "de"
    assert x.description == "About locks"
    assert x.extra == {
        "id": "17",
        "type": "workshop",
        "slug": "camp-17-talk",
        "url": "https://camp.example.org/17",
        "do_not_record": True,
        "code": "ABC123",
        "links": [
            {"url": "https://x.example/s", "title": "Slides", "type": "slides"},
            {"url": "https://x.example/n", "title": "https://x.example/n"},
        ],
        "attachments": [{"url": "https://x.example/a.pdf", "title": "A", "type": ""}],
    }
    people = s.person_by_guid()
    assert [people[g].name for g in x.speakers] == ["Pia", "Max"]
    assert [people[g].name for g in x.moderators] == ["Jo"]
    pia = people[x.speakers[0]]
    assert pia.extra == {"biography": "Bio", "code": "P1", "id": "5"}
    assert people[x.moderators[0]].guid == GUID.replace("4a", "5b")
    assert result.report.adjusted == {}
    assert result.report.refused == []


def test_pretalx_names_and_slugs_of_tracks_and_rooms() -> None:
    s = read(
        doc(
            [
                event(track={"slug": "sec"}, persons=[{"full_public_name": "Full Name", "role": "host"}]),
                event(title="Two", track=None, persons=None, links=None),
            ]
        )
    ).schedule
    one, two = s.sessions
    assert one.track == "sec"
    assert [p.name for p in s.people] == ["Full Name"]
    assert one.moderators and not one.speakers
    assert two.track == ""


def test_flat_schedule2_events() -> None:
    result = read(
        {
            "schedule": {
                "conference": {"title": "Flat", "time_zone_name": "UTC"},
                "events": [
                    {
                        "title": "A",
                        "start": "2026-07-23T10:00:00Z",
                        "end": "2026-07-23T11:15:00Z",
                        "room": "R",
                    },
                    {"title": "B", "start": "2026-07-23T12:00:00", "end": "2026-07-23T11:00:00", "room": "R"},
                    {"title": "C", "start": "2026-07-23T12:00:00Z", "room": "R"},
                ],
            }
        }
    )
    assert result.report.format == "schedule-json (schedule2)"
    got = {s.title: (s.start, s.duration_minutes) for s in result.schedule.sessions}
    assert got == {"A": (at(10), 75), "B": (at(12), 0), "C": (at(12), 0)}
    assert result.report.adjusted["end before the start: duration set to 0"][0].endswith(": 'B'")


def test_a_session_across_the_change_to_summer_time_lasts_the_time_that_passes() -> None:
    conf = {"title": "Flat", "time_zone_name": "Europe/Berlin"}
    events = [{"title": "T", "start": "2026-03-29T01:30:00", "end": "2026-03-29T03:30:00", "room": "R"}]
    s = read({"schedule": {"conference": conf, "events": events}}).schedule
    assert s.sessions[0].duration_minutes == 60


def test_an_end_at_the_start_is_zero_without_a_line_and_a_long_title_is_cut_to_60() -> None:
    title = "T" * 70
    conf = {"title": "Flat", "time_zone_name": "UTC"}
    events = [
        {"title": "Same", "start": "2026-07-23T10:00:00Z", "end": "2026-07-23T10:00:00Z", "room": "R"},
        {"title": title, "start": "2026-07-23T10:00:00Z", "end": "2026-07-23T09:00:00Z", "room": "R"},
    ]
    result = read({"schedule": {"conference": conf, "events": events}})
    assert [s.duration_minutes for s in result.schedule.sessions] == [0, 0]
    (line,) = result.report.adjusted["end before the start: duration set to 0"]
    assert line.endswith(f": {'T' * 60!r}")


def test_a_date_wins_over_the_start_clock() -> None:
    flat = {
        "schedule": {
            "conference": {"title": "Flat", "time_zone_name": "Europe/Berlin"},
            "events": [{"title": "T", "date": "2026-07-23T10:00:00+02:00", "start": "11:00", "room": "R"}],
        }
    }
    assert read(flat).schedule.sessions[0].start == at(8)
    assert read(doc([event(start="11:00")])).schedule.sessions[0].start == at(8)


def test_a_clock_start_on_the_day_of_the_list() -> None:
    result = read(doc([event(date=None, start="10:30"), event(title="Bad", date=None, start="99:99")]))
    by = {s.title: s.start for s in result.schedule.sessions}
    assert by == {"Talk": at(8, 30), "Bad": None}
    assert len(result.report.refused) == 1
    assert result.report.refused[0].endswith(
        ': schedule.conference.days[0].rooms["Hall"][1].date: '
        "no usable date or start (''); kept unscheduled"
    )


def test_a_naive_date_is_in_the_zone_of_the_event() -> None:
    assert read(doc([event(date="2026-07-23T10:00:00")])).schedule.sessions[0].start == at(8)


def test_durations() -> None:
    result = read(
        doc(
            [
                event(title="Minutes", duration=45),
                event(title="Clock", duration="1:05"),
                event(title="None", duration=None),
                event(title="Empty", duration=""),
                event(title="Bad", duration="soon"),
            ]
        )
    )
    got = {s.title: s.duration_minutes for s in result.schedule.sessions}
    assert got == {"Minutes": 45, "Clock": 65, "None": 0, "Empty": 0, "Bad": 0}
    assert len(result.report.refused) == 1
    assert result.report.refused[0].endswith("[4].duration: 'soon' is not a duration; set to 0")
    err = refused(doc([event(duration=True)]))
    assert err.message == (
        'schedule.conference.days[0].rooms["Hall"][0].duration: expected text such as 01:30, found true/false'
    )


def test_the_room_inside_an_event_wins_and_is_reported() -> None:
    result = read(doc([event(room="Tent")], room="Hall"))
    assert [r.name for r in result.schedule.rooms] == ["Tent"]
    (line,) = result.report.adjusted["room named differently inside an event than around it"]
    assert line.endswith(": 'Hall' holds 'Tent' (kept 'Tent')")
    assert read(doc([event(room="Hall")])).report.adjusted == {}


def test_an_id_as_text_is_reported() -> None:
    result = read(doc([event(id="42")]))
    assert result.schedule.sessions[0].extra["id"] == "42"
    (line,) = result.report.adjusted["id given as a string"]
    assert line.endswith(": '42'")
    assert read(doc([event(id=" ")])).report.adjusted == {}


def test_the_line_of_each_event_is_named() -> None:
    text = (
        '{"schedule": {"conference": {"time_zone_name": "UTC", "days": [\n'
        '{"date": "2026-07-23", "rooms": {"R": [\n'
        '{"title": "A", "date": "2026-07-23T10:00:00Z", "duration": "x"},\n'
        "\n"
        '{"title": "B", "date": "2026-07-23T10:00:00Z", "duration": "y"}]}}], "title": "X"}}}\n'
    )
    refusals = read(text.encode()).report.refused
    assert [r.split(": ")[0] for r in refusals] == ["camp.json:3", "camp.json:5"]


def test_the_line_is_the_event_s_own_when_the_conference_title_comes_first() -> None:
    # The conference's "title" is the first in the text; persons' titles inside events
    # come before the next event's: neither may shift the line an event is named by.
    text = (
        '{"schedule": {"conference": {"title": "X", "time_zone_name": "UTC", "days": [\n'
        '{"date": "2026-07-23", "rooms": {"R": [\n'
        '{"persons": [{"title": "Dr"}], "title": "A", "date": "2026-07-23T10:00:00Z", "duration": "x"},\n'
        "\n"
        '{"title": "B", "date": "2026-07-23T10:00:00Z", "duration": "y"}]}}]}}}\n'
    )
    refusals = read(text.encode()).report.refused
    assert [r.split(": ")[0] for r in refusals] == ["camp.json:3", "camp.json:5"]


def test_documents_that_are_not_a_schedule() -> None:
    err = refused(b"\xef\xbb\xbf[1]")
    assert (err.message, err.where) == (
        'the top level has no "schedule" object: this is not a schedule.json',
        "camp.json:1",
    )
    err = refused({"schedule": {}})
    assert (err.message, err.where) == (
        'schedule has no "conference" object',
        "camp.json:1: schedule.conference",
    )
    err = refused({"schedule": {"conference": {"days": {}}}})
    assert (err.message, err.where) == ('conference has no "days" list', "camp.json:1: conference.days")


def test_bytes_that_are_not_json() -> None:
    err = refused(b'{"a":\n 1,\n "b": \xff}')
    # bytes that are not UTF-8 are read as Windows-1252 (session 18): the stray byte is then
    # text where JSON wants a value, and the sentence says how the file was read
    assert (err.message, err.where) == (
        "not valid JSON: Expecting value (the file is not UTF-8 and was read as Windows-1252)",
        "camp.json:3:7",
    )
    err = refused(b'{"a":\n  x}')
    assert (err.message, err.where) == ("not valid JSON: Expecting value", "camp.json:2:3")
    err = refused(b"[" * 100_000)
    assert err.message == "the JSON nests its values too deeply to be a schedule"
    err = refused(b"[" + b"9" * 5000 + b"]")
    assert err.message.startswith("not a usable JSON number: Exceeds the limit (4300 digits)")
    assert err.where == "camp.json"


def test_a_lone_surrogate_is_named_by_path_and_line() -> None:
    err = refused(b'{"schedule": {"conference":\n {"title": "\\ud800x"}}}')
    assert err.where == "camp.json:2"
    assert err.message == (
        "schedule.conference.title: the text holds a lone surrogate escape "
        "(\\ud800-\\udfff without its pair), which is no character"
    )
    err = refused(b'{"a": [1, "\\udc00"]}')
    assert err.message.startswith("a[1]: ")
    err = refused(b'"\\udfff"')
    assert err.message.startswith("the top level: ")
    err = refused(b'{"k\\ud800": 1}')
    assert err.message.startswith("the top level (the key 'k\\\\ud800'): ")
    err = refused(b'{"a": {"k\\ud800": 1}}')
    assert err.message.startswith("a (the key 'k\\\\ud800'): ")
    # a pair is one character, and fine
    ok = doc([event(title="\U0001f600")])
    assert read(json.dumps(ok).encode()).schedule.sessions[0].title == "\U0001f600"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": 5}, "[0].title: expected text, found a number"),
        ({"title": 5.5}, "[0].title: expected text, found a number"),
        ({"title": ["x"]}, "[0].title: expected text, found a list"),
        ({"title": {"x": 1}}, "[0].title: expected text, found an object"),
        ({"id": 1.5}, "[0].id: expected a number or text, found a number"),
        ({"id": False}, "[0].id: expected a number or text, found true/false"),
        ({"persons": "Pia"}, "[0].persons: expected a list, found text"),
        ({"persons": [5]}, "[0].persons[0]: expected an object, found a number"),
        ({"do_not_stream": 1}, "[0].do_not_stream: expected true or false, found a number"),
        ({"links": [None]}, "[0].links[0]: expected an object, found null"),
    ],
)
def test_a_field_of_the_wrong_type_is_refused_by_path(change: dict[str, Any], message: str) -> None:
    err = refused(doc([event(**change)]))
    assert err.message == 'schedule.conference.days[0].rooms["Hall"]' + message
    assert err.where.startswith("camp.json:")


def test_wrong_shapes_around_the_events() -> None:
    base = doc([event()])
    base["schedule"]["conference"]["days"][0]["rooms"] = ["Hall"]
    assert refused(base).message == (
        "schedule.conference.days[0].rooms: expected an object of rooms, found a list"
    )
    base["schedule"]["conference"]["days"][0]["rooms"] = {"Hall": {"title": "x"}}
    assert (
        refused(base).message
        == 'schedule.conference.days[0].rooms["Hall"]: expected a list of events, found an object'
    )
    base["schedule"]["conference"]["days"] = ["x"]
    assert refused(base).message == "schedule.conference.days[0]: expected an object, found text"
    assert refused(doc([event()], rooms={"a": 1})).message == (
        "schedule.conference.rooms: expected a list, found an object"
    )
    assert refused(doc([event()], rooms=[1])).message == (
        "schedule.conference.rooms[0]: expected an object, found a number"
    )
    assert refused(doc([event()], tracks=[1])).message == (
        "schedule.conference.tracks[0]: expected an object, found a number"
    )
    top = doc([event()])
    top["schedule"]["rooms"] = {"a": 1}
    assert refused(top).message == "schedule.rooms: expected a list, found an object"
    flat = {"schedule": {"conference": {}, "events": [1]}}
    assert refused(flat).message == "schedule.events[0]: expected an object, found a number"


def test_rooms_lists_and_a_room_with_no_events() -> None:
    d = doc([event()], rooms=None)
    d["schedule"]["rooms"] = [{"name": " Side "}, {"name": ""}, {"name": "Hall", "url": "javascript:x"}]
    d["schedule"]["conference"]["days"][0]["rooms"]["Empty"] = None
    s = read(d).schedule
    assert [(r.name, r.stream_url) for r in s.rooms] == [("Side", ""), ("Hall", "")]


def test_day_dates_that_are_not_dates_are_passed_over_and_title_falls_back() -> None:
    d = doc([event()], title=None, timeslot_duration="x")
    d["schedule"]["conference"]["days"][0]["date"] = "someday"
    s = read(d, name="fallback.json").schedule
    assert s.event.name == "fallback"
    assert s.event.slot_minutes == 15  # the default


def test_progress_is_called_and_can_cancel() -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    data = json.dumps(doc([event(), event(title="B")])).encode()
    schedule_json.read(Path("c.json"), data, progress=progress)
    assert calls == [(0, 2), (2, 2)]
    with pytest.raises(InteropError) as err:
        schedule_json.read(Path("c.json"), data, progress=lambda d, t: False)
    assert (err.value.message, err.value.where) == ("the import was cancelled", "c.json")


def small_schedule() -> Schedule:
    start = datetime(2026, 7, 23, 8, 0, tzinfo=UTC)
    hall = Room(name="Hall", position=0, capacity=100, stream_url="https://stream.example.org/hall")
    pia = Person(
        name="Pia",
        extra={"code": "PIA1", "biography": "Bio", "avatar": "https://x.example/p.png", "url": "ftp://no"},
    )
    jo = Person(name="Jo", extra={"code": "lower", "biography": ""})
    talk = Session(
        title="Talk",
        start=start,
        duration_minutes=90,
        room=hall.guid,
        track="Security",
        language="en",
        speakers=[pia.guid],
        moderators=[jo.guid],
        extra={
            "subtitle": "Sub",
            "abstract": "Abs",
            "feedback_url": "https://x.example/f",
            "code": "TALK12",
            "logo": "https://x.example/l.png",
            "links": [
                {"url": "https://x.example/s", "title": "S", "type": "Slides"},
                {"url": "https://x.example/o", "type": "other"},
                {"title": "no url"},
                "junk",
            ],
        },
    )
    other = Session(title="Other", start=start + timedelta(hours=3), duration_minutes=5, room=hall.guid)
    event = Event(
        name="Camp",
        first_day=date(2026, 7, 23),
        last_day=date(2026, 7, 23),
        timezone="Europe/Berlin",
        description="All about it",
    )
    return Schedule(event=event, rooms=[hall], sessions=[talk, other], people=[pia, jo])


def test_to_dict_by_value() -> None:
    schedule = small_schedule()
    talk = schedule.sessions[0]
    pia, jo = schedule.people
    d = schedule_json.to_dict(schedule)
    assert d["$schema"] == "https://c3voc.de/schedule/schema.json"
    assert d["generator"]["name"] == "planner"
    conf = d["schedule"]["conference"]
    assert conf["title"] == "Camp"
    assert conf["acronym"] == prepare(schedule).acronym
    assert conf["time_zone_name"] == "Europe/Berlin"
    assert conf["description"] == "All about it"
    assert conf["daysCount"] == 1
    assert conf["timeslot_duration"] == "00:15"
    assert conf["rooms"] == [
        {
            "name": "Hall",
            "guid": schedule.rooms[0].guid,
            "capacity": 100,
            "url": "https://stream.example.org/hall",
        }
    ]
    (day,) = conf["days"]
    assert day["date"] == "2026-07-23"
    one, two = day["rooms"]["Hall"]
    assert one["guid"] == talk.guid
    assert one["date"] == "2026-07-23T10:00:00+02:00"
    assert one["start"] == "10:00"
    assert one["duration"] == "01:30"
    assert two["duration"] == "00:05"
    assert one["room"] == "Hall"
    prep = prepare(schedule)
    assert (one["slug"], one["type"]) == (prep.slugs[talk.guid], prep.type_of(talk))
    assert one["url"] == f"urn:uuid:{talk.guid}"
    assert (one["title"], one["subtitle"], one["abstract"]) == ("Talk", "Sub", "Abs")
    assert (one["track"], one["language"]) == ("Security", "en")
    assert (two["track"], two["language"], two["subtitle"]) == (None, None, "")
    assert one["persons"] == [
        {
            "name": "Pia",
            "guid": pia.guid,
            "code": "PIA1",
            "biography": "Bio",
            "avatar": "https://x.example/p.png",
        },
        {"name": "Jo", "guid": jo.guid, "role": "moderator"},
    ]
    assert one["feedback_url"] == "https://x.example/f"
    assert one["code"] == "TALK12"
    assert "code" not in two
    first = prepare(schedule).days[0]
    assert (day["day_start"], day["day_end"]) == (first.start.isoformat(), first.end.isoformat())
    assert "origin_url" not in one
    assert one["logo"] == "https://x.example/l.png"
    assert "logo" not in two
    assert {"url": "https://x.example/s", "title": "S", "type": "slides"} in one["links"]
    assert {"url": "https://x.example/o", "title": "https://x.example/o"} in one["links"]
    assert all(link.get("url") for link in one["links"])
    assert one["attachments"] == []


def test_to_dict_leaves_out_a_zone_name_the_schema_refuses() -> None:
    schedule = small_schedule()
    schedule.event.timezone = "Etc/GMT"
    schedule.event.description = ""
    conf = schedule_json.to_dict(schedule)["schedule"]["conference"]
    assert "time_zone_name" not in conf
    assert "description" not in conf
    schedule.event.timezone = "UTC"
    assert schedule_json.to_dict(schedule)["schedule"]["conference"]["time_zone_name"] == "UTC"


def test_write_reads_back(tmp_path: Path) -> None:
    schedule = small_schedule()
    out = tmp_path / "out.json"
    schedule_json.write(schedule, out)
    text = out.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert '\n "schedule"' in text  # indent 1
    back = schedule_json.read(out, out.read_bytes()).schedule
    assert [(s.title, s.start, s.duration_minutes) for s in back.sessions] == [
        (s.title, s.start, s.duration_minutes) for s in schedule.sessions
    ]
    assert [s.guid for s in back.sessions] == [s.guid for s in schedule.sessions]
    assert {p.name for p in back.people} == {"Pia", "Jo"}
