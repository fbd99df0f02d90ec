"""What a file says of the whole event (acronym, URL, track colours) survives the store
and comes back out in exports."""

from __future__ import annotations

import json
from pathlib import Path

from planner.interop import read, write
from planner.store import Store


def test_38c3_track_colours_and_acronym_round_trip(schedules_dir: Path, store: Store, tmp_path: Path) -> None:
    result = read(schedules_dir / "38c3-schedule-2025-03-04.xml")
    extra = result.schedule.event.extra
    assert extra["acronym"] == "38c3"
    assert extra["track_colours"]["Art & Beauty"] == "#F9B000"
    slug = store.add_schedule(result.schedule)
    loaded = store.load(slug)
    assert loaded.event.extra == extra
    out = tmp_path / "38c3.json"
    write(loaded, out, "schedule-json")
    conf = json.loads(out.read_text(encoding="utf-8"))["schedule"]["conference"]
    assert conf["acronym"] == "38c3"
    colours = {t["name"]: t["color"] for t in conf["tracks"]}
    assert colours["Art & Beauty"] == "#f9b000"


def test_an_acronym_the_schemas_refuse_is_made_anew(schedules_dir: Path, tmp_path: Path) -> None:
    result = read(schedules_dir / "camp2019-frab-schedule.json")
    sched = result.schedule
    sched.event.extra["acronym"] = "Camp 2019!"  # not [a-z0-9_-]{4,}
    out = tmp_path / "camp.json"
    write(sched, out, "schedule-json")
    acronym = json.loads(out.read_text(encoding="utf-8"))["schedule"]["conference"]["acronym"]
    assert acronym != "Camp 2019!" and acronym.islower()
