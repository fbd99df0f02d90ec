"""``planner event show`` and ``planner event set`` (issue 13, item 19)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from planner.cli import main
from planner.demo import add_demo
from planner.store import Store

FIELDS = [
    "name",
    "description",
    "timezone",
    "first-day",
    "last-day",
    "day-start",
    "day-end",
    "slot",
    "invite-url",
    "invite-template",
]


@pytest.fixture
def demo(db_path: Path) -> str:
    with Store.open(db_path) as store:
        return add_demo(store)


def _show(db_path: Path, slug: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["--db", str(db_path), "event", "show", "--event", slug, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_show_json_has_every_field(db_path: Path, demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = _show(db_path, demo, capsys)
    assert set(FIELDS) <= set(data)
    assert data["name"] == "Winter Gala 2026" and data["timezone"] == "Europe/Vienna"
    assert data["first-day"] == "2026-12-12" and data["day-start"] == "17:00" and data["slot"] == 15
    assert data["invite-url"] == "https://events.example.org/winter-gala-2026"
    assert data["invite-template"] == "{base_url}/register?invite={token}"


def test_show_text(db_path: Path, demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "event", "show", "--event", demo]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split(None, 1) == ["name", "Winter Gala 2026"]
    assert any(line.split() == ["slot", "15"] for line in lines)


def test_set_every_field_and_show_it(db_path: Path, demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "name=Summer Gala",
        "description=Two evenings.",
        "timezone=America/New_York",
        "first-day=2027-06-01",
        "last-day=2027-06-02",
        "day-end=02:00",  # before day-start on the command line: applied after it
        "day-start=18:30",
        "slot=10",
        "invite-url=https://tickets.example.com/summer/",
        "invite-template={base_url}/{slug}/join?t={token}",
    ]
    assert main(["--db", str(db_path), "event", "set", "--event", demo, *args]) == 0
    printed = capsys.readouterr().out
    assert f"{demo}: slot = 10" in printed and "day-end = 02:00 (the next morning)" in printed
    data = _show(db_path, demo, capsys)
    assert data == {
        "slug": demo,  # never renamed by event set
        "name": "Summer Gala",
        "description": "Two evenings.",
        "timezone": "America/New_York",
        "first-day": "2027-06-01",
        "last-day": "2027-06-02",
        "day-start": "18:30",
        "day-end": "02:00",
        "day-end-next-morning": True,
        "slot": 10,
        "invite-url": "https://tickets.example.com/summer",
        "invite-template": "{base_url}/{slug}/join?t={token}",
    }
    with Store.open(db_path) as store:
        ev = store.load(demo).event
    assert (ev.day_start_minute, ev.day_end_minute) == (18 * 60 + 30, 26 * 60)


def test_an_imported_event_gets_invites_after_event_set(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's story: an import has no base URL, so invites failed; now it can be set."""
    from planner.domain.model import Event, Person, PersonRole, Schedule

    with Store.open(db_path) as store:
        slug = store.add_schedule(
            Schedule(
                Event("Imported", date(2026, 5, 1), date(2026, 5, 1)),
                people=[Person("Ada", "ada@example.org", role=PersonRole.SPEAKER)],
            )
        )
    out = tmp_path / "inv.csv"
    assert main(["--db", str(db_path), "invites", "--event", slug, "--out", str(out)]) == 1
    assert "no invite base URL" in capsys.readouterr().err
    assert main(["--db", str(db_path), "event", "set", "--event", slug, "invite-url=https://ex.org/ü x"]) == 0
    assert main(["--db", str(db_path), "invites", "--event", slug, "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "https://ex.org/%C3%BC%20x/register?invite=" in text


@pytest.mark.parametrize(
    ("assignment", "field", "words"),
    [
        ("name=", "name", "needs a name"),
        ("timezone=Europe", "timezone", "region"),
        ("timezone=" + "x" * 300, "timezone", "unknown time zone"),
        ("timezone=Mars/Olympus", "timezone", "unknown time zone"),
        ("first-day=2026-13-01", "first-day", "not a date"),
        ("first-day=2027-01-01", "last-day", "before the first day"),
        ("last-day=2030-01-01", "last-day", "at most a year"),
        ("day-start=25:00", "day-start", "not a time of day"),
        ("day-end=noon", "day-end", "not a time of day"),
        ("slot=7", "slot", "not a time slot"),
        ("slot=ten", "slot", "not a time slot"),
        ("invite-url=ftp://example.org", "invite-url", "http"),
        ("invite-url=https://example.org:99999/x", "invite-url", "port"),
        ("invite-url=https://example.org:0/x", "invite-url", "port"),
        ("invite-url=https://example.org:http/x", "invite-url", "port"),
        ("invite-url=https://[::1/x", "invite-url", "IPv6"),
        ("invite-url=https://[nothost]/x", "invite-url", "IPv6"),
        ("invite-template={base_url}/x", "invite-template", "{token}"),
        ("invite-template={base_url}/{who}?t={token}", "invite-template", "placeholder"),
        ("invite-template=ftp://x/{token}", "invite-template", "http"),
        ("colour=red", "colour", "unknown field"),
    ],
)
def test_set_refuses_with_the_field_named(
    db_path: Path, demo: str, capsys: pytest.CaptureFixture[str], assignment: str, field: str, words: str
) -> None:
    before = _show(db_path, demo, capsys)
    assert main(["--db", str(db_path), "event", "set", "--event", demo, "description=new", assignment]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"planner: error: {field}: ") and words in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert _show(db_path, demo, capsys) == before  # all or nothing: the description was not saved either


def test_set_refuses_a_pair_without_equals(
    db_path: Path, demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "event", "set", "--event", demo, "slot"]) == 1
    assert "is not FIELD=VALUE" in capsys.readouterr().err


def test_a_name_with_a_line_break_is_one_line_everywhere(
    db_path: Path, demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "event", "set", "--event", demo, "name=Gala\n2026\r\nVienna"]) == 0
    capsys.readouterr()
    assert _show(db_path, demo, capsys)["name"] == "Gala 2026 Vienna"
    src = tmp_path / "s.csv"
    src.write_text("date,start,end,room,title\n2026-05-01,10:00,11:00,A,Talk\n", encoding="utf-8")
    assert main(["--db", str(db_path), "import", str(src), "--tz", "UTC", "--name", "Spring\nDay"]) == 0
    slug = capsys.readouterr().out.strip()
    assert _show(db_path, slug, capsys)["name"] == "Spring Day"
    assert main(["--db", str(db_path), "events"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert len(listing) == 2 and any("Spring Day" in line for line in listing)
