"""Issue 13, item 5: a session with a time but no room (c3voc JSON has them) survives a
round trip through frab XML, schedule.json and iCalendar, and what we write still
validates against the official schemas."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import xmlschema

from planner.cli import main
from planner.interop import read, write

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"
ROOMLESS = "Walk to the lake (meet at the gate)"


def _roomless(path: Path) -> list[tuple[str, str]]:
    s = read(path).schedule
    return [(x.title, x.start.isoformat()) for x in s.sessions if x.start is not None and x.room is None]


@pytest.mark.parametrize(
    ("fmt", "name"), [("frab-xml", "o.xml"), ("schedule-json", "o.json"), ("ics", "o.ics")]
)
def test_a_session_without_a_room_survives_each_round_trip(fmt: str, name: str, tmp_path: Path) -> None:
    source = read(DATA / "schedule.json").schedule
    assert _roomless(DATA / "schedule.json") == [(ROOMLESS, "2026-08-14T11:00:00+00:00")]
    write(source, tmp_path / name, fmt)
    assert _roomless(tmp_path / name) == [(ROOMLESS, "2026-08-14T11:00:00+00:00")]
    assert len(read(tmp_path / name).schedule.sessions) == len(source.sessions)
    # and once more: what we wrote reads back to the same
    write(read(tmp_path / name).schedule, tmp_path / f"again-{name}", fmt)
    assert _roomless(tmp_path / f"again-{name}") == [(ROOMLESS, "2026-08-14T11:00:00+00:00")]


def test_the_command_line_warns_only_of_what_it_leaves_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.sqlite"
    assert main(["--db", str(db), "import", str(DATA / "schedule.json")]) == 0
    slug = capsys.readouterr().out.strip()
    for fmt in ("frab-xml", "schedule-json", "ics"):
        out = tmp_path / f"o.{fmt}"
        assert main(["--db", str(db), "export", "--event", slug, "--format", fmt, "--out", str(out)]) == 0
        assert "left out" not in capsys.readouterr().err
    assert (
        main(
            ["--db", str(db), "export", "--event", slug, "--format", "pdf", "--out", str(tmp_path / "o.pdf")]
        )
        == 0
    )
    assert "1 session without a room was left out" in capsys.readouterr().err


def test_exports_with_a_roomless_session_validate(schedules_dir: Path, tmp_path: Path) -> None:
    schemas = schedules_dir / "schemas"
    source = read(DATA / "schedule.json").schedule
    write(source, tmp_path / "o.xml", "frab-xml")
    write(source, tmp_path / "o.json", "schedule-json")
    xsd = xmlschema.XMLSchema(str(schemas / "c3voc-schedule.xml.xsd"))
    assert [str(e)[:300] for e in xsd.iter_errors(str(tmp_path / "o.xml"))] == []
    schema = json.loads((schemas / "c3voc-schedule.json.schema.json").read_text())
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(json.loads((tmp_path / "o.json").read_text()))] == []
