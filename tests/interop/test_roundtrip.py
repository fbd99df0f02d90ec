"""Every real schedule imports; frab XML and JSON files survive a schedule.json round trip,
and what we write validates against the c3voc schemas."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema
import pytest
import xmlschema

from planner.domain.model import Schedule
from planner.interop import read, write
from planner.store import Store

ALL_FILES = [
    "36c3-merged-schedule.xml",
    "38c3-schedule-2025-03-04.xml",
    "39c3-everything-schedule.json",
    "39c3-everything-schedule.xml",
    "39c3-schedule-early-2025-12-06.xml",
    "c3hub-schedule2-example.json",
    "camp2019-frab-schedule.json",
    "debconf23-schedule.xml",
    "fosdem-2020-schedule.xml",
    "fosdem-2021-schedule.xml",
    "fosdem-2025-schedule.xml",
    "fosdem-2026-schedule.xml",
    "jres-2022-schedule.ics",
    "kielux-2020-schedule.ics",
    "linux-conf-au-2020-schedule.ics",
    "pretalx-democon-schedule.json",
    "rc3-2020-pretalx-schedule.json",
]
FRAB_AND_JSON = [f for f in ALL_FILES if f.endswith((".xml", ".json"))]


def sessions_key(s: Schedule) -> list[tuple[object, ...]]:
    rooms = s.room_by_guid()
    people = s.person_by_guid()
    return sorted(
        (
            x.title,
            rooms[x.room].name if x.room else None,
            x.start,
            x.duration_minutes,
            tuple(people[g].name for g in x.speakers + x.moderators),
        )
        for x in s.sessions
    )


@cache
def _xsd(path: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(path)


def test_every_real_file_is_in_the_list(schedules_dir: Path) -> None:
    on_disk = sorted(p.name for p in schedules_dir.iterdir() if p.is_file() and p.name != "README.md")
    assert on_disk == sorted(ALL_FILES)


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL_FILES)
def test_every_file_imports(name: str, schedules_dir: Path, store: Store) -> None:
    result = read(schedules_dir / name)
    assert result.schedule.sessions
    slug = store.add_schedule(result.schedule)
    loaded = store.load(slug)
    assert len(loaded.sessions) == len(result.schedule.sessions)


@pytest.mark.slow
@pytest.mark.parametrize("name", FRAB_AND_JSON)
def test_schedule_json_round_trip(name: str, schedules_dir: Path, tmp_path: Path) -> None:
    source = read(schedules_dir / name).schedule
    out = tmp_path / "out.json"
    write(source, out, "schedule-json")
    back = read(out).schedule
    assert len(back.sessions) == len(source.sessions)
    assert sessions_key(back) == sessions_key(source)
    assert {x.guid for x in back.sessions} == {x.guid for x in source.sessions}


# xmlschema takes seconds on the big files: the XSD checks run on the smaller ones,
# which still carry the quirks (DebConf's zones, 39C3's past-midnight days and codes,
# pretalx's persons); the JSON schema checks run on the big ones too.
@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "debconf23-schedule.xml",
        "39c3-schedule-early-2025-12-06.xml",
        "pretalx-democon-schedule.json",
        "camp2019-frab-schedule.json",
    ],
)
def test_frab_xml_export_validates(name: str, schedules_dir: Path, tmp_path: Path) -> None:
    source = read(schedules_dir / name).schedule
    xml_out = tmp_path / "out.xml"
    write(source, xml_out, "frab-xml")
    xsd = _xsd(str(schedules_dir / "schemas" / "c3voc-schedule.xml.xsd"))
    assert [str(e)[:300] for e in xsd.iter_errors(str(xml_out))] == []
    assert sessions_key(read(xml_out).schedule) == sessions_key(source)


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "38c3-schedule-2025-03-04.xml",
        "36c3-merged-schedule.xml",
        "fosdem-2021-schedule.xml",
        "pretalx-democon-schedule.json",
    ],
)
def test_schedule_json_export_validates(name: str, schedules_dir: Path, tmp_path: Path) -> None:
    schemas = schedules_dir / "schemas"
    source = read(schedules_dir / name).schedule
    json_out = tmp_path / "out.json"
    write(source, json_out, "schedule-json")
    schema = json.loads((schemas / "c3voc-schedule.json.schema.json").read_text())
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(json.loads(json_out.read_text()))] == []


def test_demo_event_exports_validate(schedules_dir: Path, tmp_path: Path) -> None:
    from planner.demo import demo_schedule

    demo = demo_schedule()
    schemas = schedules_dir / "schemas"
    write(demo, tmp_path / "d.xml", "frab-xml")
    write(demo, tmp_path / "d.json", "schedule-json")
    xsd = _xsd(str(schemas / "c3voc-schedule.xml.xsd"))
    assert [str(e)[:300] for e in xsd.iter_errors(str(tmp_path / "d.xml"))] == []
    schema = json.loads((schemas / "c3voc-schedule.json.schema.json").read_text())
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(json.loads((tmp_path / "d.json").read_text()))] == []
    placed = Schedule(
        event=demo.event,
        rooms=demo.rooms,
        people=demo.people,
        sessions=[s for s in demo.sessions if s.start is not None and s.room is not None],
    )
    assert sessions_key(read(tmp_path / "d.json").schedule) == sessions_key(placed)
