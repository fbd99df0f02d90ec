"""``planner check``: text and JSON output, exit status, acknowledgements."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from planner import edits
from planner.cli import main
from planner.demo import demo_schedule
from planner.store import Store

KEYS = {"rule", "severity", "sessions", "people", "start", "end", "message"}


@pytest.fixture
def demo_slug(db_path: Path) -> str:
    with Store.open(db_path) as store:
        return store.add_schedule(demo_schedule())


def test_json_lists_every_conflict_with_exactly_the_agreed_keys(
    db_path: Path, demo_slug: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["--db", str(db_path), "check", "--event", demo_slug, "--json"])
    data = json.loads(capsys.readouterr().out)
    assert status == 1  # the demo books Rafael Souza twice
    assert data and all(set(item) == KEYS for item in data)
    double = [d for d in data if d["rule"] == "person-double-booked"]
    assert len(double) == 1
    d = double[0]
    assert d["severity"] == "error" and d["people"] == ["Rafael Souza"]
    assert d["sessions"] == sorted(d["sessions"]) and len(d["sessions"]) == 2
    start, end = datetime.fromisoformat(d["start"]), datetime.fromisoformat(d["end"])
    assert start.utcoffset() is not None and start < end
    assert d["start"].endswith("+01:00")  # the event's zone (Vienna in December)
    assert {x["rule"] for x in data} == {"person-double-booked", "unsociable-hour"}


def test_acknowledged_errors_do_not_fail_the_check(
    db_path: Path, demo_slug: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--db", str(db_path), "check", "--event", demo_slug, "--json"])
    data = json.loads(capsys.readouterr().out)
    d = next(x for x in data if x["rule"] == "person-double-booked")
    with Store.open(db_path) as store:
        schedule = store.load(demo_slug)
        rafael = next(p.guid for p in schedule.people if p.name == "Rafael Souza")
        key = f"person-double-booked:{'+'.join(d['sessions'])}:{rafael}"
        store.apply(demo_slug, edits.acknowledge(schedule, [key], "recorded set"))
    status = main(["--db", str(db_path), "check", "--event", demo_slug])
    text = capsys.readouterr().out
    assert status == 0
    assert "[acknowledged: recorded set]" in text
    assert "0 errors, 9 warnings, 1 acknowledged" in text


def test_text_output_and_clean_event(
    db_path: Path, demo_slug: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(db_path) as store:
        schedule = store.load(demo_slug)
        schedule.event.rule_severities = {"person-double-booked": "warning", "unsociable-hour": "off"}
        store.apply(demo_slug, edits.change_event(store.load(demo_slug), schedule.event))
    status = main(["--db", str(db_path), "check", "--event", demo_slug])
    text = capsys.readouterr().out
    assert status == 0
    assert text.startswith("WARNING  person-double-booked")
    assert text.splitlines()[-1] == "0 errors, 1 warning, 0 acknowledged"
    with Store.open(db_path) as store:
        schedule.event.rule_severities = {"person-double-booked": "off", "unsociable-hour": "off"}
        store.apply(demo_slug, edits.change_event(store.load(demo_slug), schedule.event))
    assert main(["--db", str(db_path), "check", "--event", demo_slug, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_unknown_event_is_one_clear_sentence(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--db", str(db_path), "check", "--event", "nope"])
    err = capsys.readouterr().err
    assert status == 1
    assert "no event 'nope'" in err and "Traceback" not in err
