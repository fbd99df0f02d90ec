"""``planner report --event SLUG --json [--out FILE.json]``: the numbers of the demo event,
with exactly the keys issue 12 names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main

SESSION_KEYS = [
    "guid",
    "title",
    "room",
    "capacity",
    "registered",
    "attended",
    "no_shows",
    "fill_rate",
    "rating",
    "ratings",
    "planned_start",
    "actual_start",
    "minutes_late",
]
ROOM_KEYS = ["name", "capacity", "sessions", "attended", "fill_rate"]
SUMMARY_KEYS = [
    "registered",
    "attended",
    "no_shows",
    "fill_rate",
    "mean_rating",
    "ratings",
    "mean_start_delay",
    "on_time_share",
]


def _demo(db_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--db", str(db_path), "demo"]) == 0
    return capsys.readouterr().out.strip()


def test_report_json_of_the_demo(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    slug = _demo(db_path, capsys)
    assert main(["--db", str(db_path), "report", "--event", slug, "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert list(got) == ["sessions", "rooms", "summary", "ratings_by_track", "ratings_by_hour", "audience"]
    # Every counted session: the demo's 21 sessions less the rehearsal, two intermissions
    # and two unscheduled ones.
    assert len(got["sessions"]) == 16
    assert all(list(s) == SESSION_KEYS for s in got["sessions"])
    assert all(list(r) == ROOM_KEYS for r in got["rooms"])
    assert list(got["summary"]) == SUMMARY_KEYS
    assert all(list(x) == ["key", "mean", "count"] for x in got["ratings_by_track"] + got["ratings_by_hour"])

    opening = got["sessions"][0]
    assert {k: v for k, v in opening.items() if k != "guid"} == {
        "title": "Opening: A Night Without Borders",
        "room": "Main Stage",
        "capacity": 500,
        "registered": 567,
        "attended": 441,
        "no_shows": 126,  # 567 - 441
        "fill_rate": 0.882,  # 441 / 500
        "rating": 4.125,  # 99 / 24 (winter-gala-feedback.csv)
        "ratings": 24,
        "planned_start": "2026-12-12T18:00:00+01:00",
        "actual_start": "2026-12-12T18:04:00+01:00",
        "minutes_late": 4.0,
    }
    s = got["summary"]
    # The hand arithmetic is in tests/domain/test_analytics.py::test_demo_summary.
    assert (s["registered"], s["attended"], s["no_shows"]) == (3399, 2657, 742)
    assert (s["ratings"], s["mean_rating"]) == (202, 848 / 202)
    assert (s["mean_start_delay"], s["on_time_share"]) == (3.0, 0.4)
    assert s["fill_rate"] == pytest.approx(11.682666666666666 / 16, abs=1e-12)
    assert [(r["name"], r["sessions"], r["attended"]) for r in got["rooms"]] == [
        ("Main Stage", 5, 1983),
        ("Studio A", 4, 198),
        ("Studio B", 4, 302),
        ("Lounge", 3, 174),
    ]
    assert sum(r["sessions"] for r in got["rooms"]) == len(got["sessions"])
    assert [t["key"] for t in got["ratings_by_track"]] == [
        "Performance",
        "Keynotes",
        "Community",
        "Craft",
        "Social",
    ]
    assert sum(t["count"] for t in got["ratings_by_track"]) == s["ratings"]
    assert [h["key"] for h in got["ratings_by_hour"]] == ["18:00", "19:00", "20:00", "21:00"]
    assert got["audience"]["people"] == 85
    assert got["audience"]["by_role"][0] == {"key": "attendee", "count": 71}


def test_report_json_to_a_file(tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    slug = _demo(db_path, capsys)
    out = tmp_path / "numbers.json"
    assert main(["--db", str(db_path), "report", "--event", slug, "--json", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert main(["--db", str(db_path), "report", "--event", slug, "--json"]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(capsys.readouterr().out)
    assert not list(tmp_path.glob(".*.part"))


def test_report_json_of_an_event_without_numbers(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.demo import demo_schedule
    from planner.store import Store

    with Store.open(db_path) as store:
        slug = store.add_schedule(demo_schedule())
    assert main(["--db", str(db_path), "report", "--event", slug, "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert len(got["sessions"]) == 16
    assert all(s["fill_rate"] is None and s["attended"] is None for s in got["sessions"])
    assert got["summary"] == {
        "registered": 0,
        "attended": 0,
        "no_shows": 0,
        "fill_rate": None,
        "mean_rating": None,
        "ratings": 0,
        "mean_start_delay": None,
        "on_time_share": None,
    }
    assert got["ratings_by_track"] == [] and got["ratings_by_hour"] == []


def test_report_needs_out_or_json(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    slug = _demo(db_path, capsys)
    assert main(["--db", str(db_path), "report", "--event", slug]) == 1
    err = capsys.readouterr().err
    assert "give --out FILE.pdf for the report, or --json for its numbers" in err
    assert main(["--db", str(db_path), "report", "--event", "nope", "--json"]) == 1
    assert "there is no event 'nope'" in capsys.readouterr().err


def test_report_json_into_a_missing_folder(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slug = _demo(db_path, capsys)
    out = tmp_path / "no" / "such" / "numbers.json"
    assert main(["--db", str(db_path), "report", "--event", slug, "--json", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "numbers.json" in err
