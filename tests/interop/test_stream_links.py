"""A session or a room carries its stream or meeting link (issue 13, item 25): stored,
checked, written to frab XML and schedule.json ``links`` (valid by the c3voc schemas),
to the .ics ``URL`` (and ``CONFERENCE``), to the reminders, and read back on import."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from icalendar import Calendar

from planner import edits
from planner.afterwards.reminders import write_reminders
from planner.domain.model import (
    DomainError,
    Event,
    Person,
    PersonRole,
    Room,
    Schedule,
    Session,
    effective_stream_url,
)
from planner.interop import read, write
from planner.store import Store

OWN = "https://meet.example.org/room/ada's-talk?x=1&y=2"
HALL = "https://stream.example.org/hall-a"


def _schedule() -> Schedule:
    hall = Room("Hall A", stream_url=HALL)
    side = Room("Side", position=1)
    ada = Person("Ada", "ada@example.org", role=PersonRole.SPEAKER)
    at = lambda h: datetime(2026, 5, 4, h, tzinfo=UTC)  # noqa: E731
    sessions = [
        Session("Own link", start=at(9), room=hall.guid, speakers=[ada.guid], stream_url=OWN),
        Session("Room's link", start=at(10), room=hall.guid, speakers=[ada.guid]),
        Session("No link", start=at(11), room=side.guid, speakers=[ada.guid]),
    ]
    ev = Event("Streams", date(2026, 5, 4), date(2026, 5, 4), timezone="Europe/Vienna")
    return Schedule(ev, [hall, side], sessions, [ada])


def _effective(s: Schedule) -> dict[str, str]:
    return {x.title: effective_stream_url(x, s) for x in s.sessions}


EXPECTED = {"Own link": OWN, "Room's link": HALL, "No link": ""}


def test_effective_stream_url_is_the_sessions_else_its_rooms() -> None:
    s = _schedule()
    assert _effective(s) == EXPECTED
    s.sessions[1].room = None
    assert effective_stream_url(s.sessions[1], s) == ""


@pytest.mark.parametrize(
    "bad", ["ftp://x.org/s", "meet.example.org", "https://", "https://x.org/a b", "x" * 3000]
)
def test_a_link_that_is_not_a_web_link_is_refused(bad: str) -> None:
    with pytest.raises(DomainError) as info:
        Session("T", stream_url=bad).validate()
    assert info.value.field == "stream link"
    with pytest.raises(DomainError):
        Room("R", stream_url=bad).validate()


def test_the_store_keeps_both_links(store: Store) -> None:
    slug = store.add_schedule(_schedule())
    back = store.load(slug)
    assert _effective(back) == EXPECTED
    assert {r.name: r.stream_url for r in back.rooms} == {"Hall A": HALL, "Side": ""}
    room = next(r for r in back.rooms if r.name == "Side")
    room.stream_url = "https://stream.example.org/side"
    store.apply(slug, edits.save_rooms(store.load(slug), [room]))
    session = next(x for x in back.sessions if x.title == "No link")
    session.stream_url = "https://meet.example.org/x"
    store.apply(slug, edits.save_sessions(store.load(slug), [session]))
    again = store.load(slug)
    assert _effective(again)["No link"] == "https://meet.example.org/x"
    assert {r.name: r.stream_url for r in again.rooms}["Side"] == "https://stream.example.org/side"


def test_frab_xml_carries_the_links_valid_and_read_back(schedules_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.xml"
    write(_schedule(), out, "frab-xml")
    xsd = xmlschema.XMLSchema(str(schedules_dir / "schemas" / "c3voc-schedule.xml.xsd"))
    assert [str(e)[:300] for e in xsd.iter_errors(str(out))] == []
    text = out.read_text(encoding="utf-8")
    assert '<link href="https://stream.example.org/hall-a">Stream</link>' in text
    assert f'<link href="{OWN.replace("&", "&amp;")}">Stream</link>' in text
    back = read(out).schedule
    assert _effective(back) == EXPECTED
    assert all("links" not in x.extra for x in back.sessions)  # taken, not kept twice


def test_schedule_json_carries_the_links_valid_and_read_back(schedules_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    write(_schedule(), out, "schedule-json")
    data = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads((schedules_dir / "schemas" / "c3voc-schedule.json.schema.json").read_text())
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(data)] == []
    events = {
        e["title"]: e
        for day in data["schedule"]["conference"]["days"]
        for evs in day["rooms"].values()
        for e in evs
    }
    assert events["Own link"]["links"] == [{"url": OWN, "title": "Stream"}]
    assert events["Room's link"]["links"] == [{"url": HALL, "title": "Stream"}]
    assert events["No link"]["links"] == []
    assert {r["name"]: r.get("url") for r in data["schedule"]["conference"]["rooms"]} == {
        "Hall A": HALL,
        "Side": None,
    }
    back = read(out).schedule
    assert _effective(back) == EXPECTED
    assert {r.name: r.stream_url for r in back.rooms} == {"Hall A": HALL, "Side": ""}


def test_other_links_are_kept_beside_the_stream(tmp_path: Path) -> None:
    s = _schedule()
    s.sessions[0].extra["links"] = [{"url": "https://slides.example.org/a", "title": "Slides"}, {"url": OWN}]
    out = tmp_path / "s.json"
    write(s, out, "schedule-json")
    back = {x.title: x for x in read(out).schedule.sessions}["Own link"]
    assert back.stream_url == OWN
    assert [link["url"] for link in back.extra["links"]] == ["https://slides.example.org/a"]


def test_ics_url_and_conference_and_read_back(tmp_path: Path) -> None:
    out = tmp_path / "s.ics"
    write(_schedule(), out, "ics")
    events = {str(e["summary"]): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    assert str(events["Own link"]["url"]) == OWN and str(events["Own link"]["conference"]) == OWN
    assert str(events["Room's link"]["url"]) == HALL
    assert "url" not in events["No link"] and "conference" not in events["No link"]
    back = read(out).schedule
    assert _effective(back) == EXPECTED


def test_reminders_carry_the_stream(tmp_path: Path) -> None:
    s = _schedule()
    files, rem_csv = write_reminders(s, tmp_path / "rem")
    rows = list(csv.DictReader(io.StringIO(rem_csv.read_text(encoding="utf-8-sig"))))
    by_what = {r["what"]: r["stream"] for r in rows}
    assert by_what == {"Own link (speaker)": OWN, "Room's link (speaker)": HALL, "No link (speaker)": ""}
    events = {str(e["summary"]): e for e in Calendar.from_ical(files[0].read_bytes()).walk("VEVENT")}
    assert str(events["Room's link (speaker)"]["conference"]) == HALL
    assert f"Stream: {HALL}" in str(events["Room's link (speaker)"]["description"])
    assert "conference" not in events["No link (speaker)"]
