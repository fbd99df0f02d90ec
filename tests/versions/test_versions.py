"""Published versions: numbering, frozen snapshots, exports of any version, the change
list (checked against an independent comparison of two exports) and the changelog."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from planner import edits
from planner.cli import main
from planner.demo import demo_schedule
from planner.domain.model import Pin, Session, SessionStatus
from planner.errors import UserError
from planner.store import Store, StoreError
from planner.versions import changes, list_versions, publish, state
from planner.versions.snapshot import freeze, thaw


def _save(store: Store, slug: str, *sessions: Session | list[Session]) -> None:
    """Save sessions through the one write path (an edit, logged)."""
    flat = [x for s in sessions for x in (s if isinstance(s, list) else [s])]
    store.apply(slug, edits.save_sessions(store.load(slug), flat))


@pytest.fixture
def demo(db_path: Path) -> str:
    with Store.open(db_path) as store:
        return store.add_schedule(demo_schedule())


def _run(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), *args])


def test_snapshot_round_trips_what_exports_need(db_path: Path, demo: str) -> None:
    with Store.open(db_path) as store:
        s = store.load(demo)
    back = thaw(freeze(s))
    assert [x.guid for x in back.sessions] == [x.guid for x in s.sessions]

    def key(x: Session) -> tuple[object, ...]:
        return (x.title, x.start, x.room, x.duration_minutes, x.speakers, x.moderators, x.status, x.extra)

    assert [key(x) for x in back.sessions] == [key(x) for x in s.sessions]
    assert [(r.guid, r.name, r.position) for r in back.rooms] == [
        (r.guid, r.name, r.position) for r in s.rooms
    ]
    assert [(p.guid, p.name, p.email, p.timezone) for p in back.people] == [
        (p.guid, p.name, p.email, p.timezone) for p in s.people
    ]
    assert back.event.timezone == s.event.timezone and back.event.first_day == s.event.first_day
    # every field the model has, stream links and pins included (a hand-written copy of the
    # codec once dropped the fields added after it)
    assert back.sessions == s.sessions and back.rooms == s.rooms and back.people == s.people


def test_a_snapshot_keeps_stream_links_and_pins(db_path: Path, demo: str) -> None:
    with Store.open(db_path) as store:
        s = store.load(demo)
    s.rooms[0].stream_url = "https://stream.example.org/main"
    s.sessions[0].stream_url = "https://meet.example.org/x"
    s.sessions[0].pin = Pin.ROOM
    back = thaw(freeze(s))
    assert back.rooms[0].stream_url == "https://stream.example.org/main"
    assert (back.sessions[0].stream_url, back.sessions[0].pin) == ("https://meet.example.org/x", Pin.ROOM)


def test_versions_are_numbered_and_frozen(db_path: Path, demo: str) -> None:
    with Store.open(db_path) as store:
        v1 = publish(store, demo, name="Draft", notes="first")
        s = store.load(demo)
        first = s.sessions[0]
        _save(store, demo, replace(first, title="Renamed talk"))
        v2 = publish(store, demo)
        assert (v1.number, v1.name, v1.notes, v2.number, v2.label) == (1, "Draft", "first", 2, "2")
        assert [v.number for v in list_versions(store, demo)] == [1, 2]
        # the first version still has the old title, by number and by name (any case)
        for ref in (1, "draft", "DRAFT"):
            old = state(store, demo, ref).schedule.session_by_guid()[first.guid]
            assert old.title == first.title
        assert state(store, demo, 2).schedule.session_by_guid()[first.guid].title == "Renamed talk"
        with pytest.raises(StoreError, match="has no version 'Final'"):
            state(store, demo, "Final")
        with pytest.raises(StoreError, match="named 'Draft' already"):
            publish(store, demo, name="Draft")
        with pytest.raises(StoreError, match="plain number"):
            publish(store, demo, name="7")


def test_exports_carry_the_version(db_path: Path, demo: str, tmp_path: Path) -> None:
    assert _run(db_path, "publish", "--event", demo, "--name", "Final") == 0
    xml, js = tmp_path / "s.xml", tmp_path / "s.json"
    assert _run(db_path, "export", "--event", demo, "--format", "frab-xml", "--out", str(xml)) == 0
    assert ET.parse(xml).getroot().findtext("version") == "1 (Final)"
    with Store.open(db_path) as store:
        s = store.load(demo)
        _save(store, demo, replace(s.sessions[0], duration_minutes=s.sessions[0].duration_minutes + 5))
    assert _run(db_path, "export", "--event", demo, "--format", "schedule-json", "--out", str(js)) == 0
    assert json.loads(js.read_text())["schedule"]["version"] == "1 (Final) + changes"
    assert (
        _run(
            db_path,
            "export",
            "--event",
            demo,
            "--format",
            "schedule-json",
            "--out",
            str(js),
            "--version",
            "1",
        )
        == 0
    )
    assert json.loads(js.read_text())["schedule"]["version"] == "1 (Final)"


def test_changes_kinds_on_hand_made_edits(
    db_path: Path, demo: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(db_path) as store:
        publish(store, demo)
        s = store.load(demo)
        placed = [x for x in s.sessions if x.scheduled]
        a, b, c, d, e = placed[:5]
        someone = next(p for p in s.people if p.guid not in e.speakers + e.moderators)
        unplaced = next(x for x in s.sessions if not x.scheduled)
        other_room = next(r.guid for r in s.rooms if r.guid != a.room)
        assert a.start is not None
        _save(
            store,
            demo,
            [
                replace(a, room=other_room, start=a.start + timedelta(minutes=30)),
                replace(b, duration_minutes=b.duration_minutes + 15, title=b.title + " (long)"),
                replace(c, status=SessionStatus.CANCELLED),
                replace(e, speakers=[*e.speakers, someone.guid]),
                replace(unplaced, room=a.room, start=a.start + timedelta(days=0, hours=6)),
            ],
        )
        store.apply(demo, edits.delete_sessions(store.load(demo), [d.guid]))
    capsys.readouterr()
    assert _run(db_path, "changes", "--event", demo, "--json") == 0
    got = json.loads(capsys.readouterr().out)
    assert all(set(x) == {"guid", "title", "kind", "before", "after"} for x in got)
    kinds = sorted((x["guid"], x["kind"]) for x in got)
    assert kinds == sorted(
        [
            (a.guid, "moved"),
            (a.guid, "retimed"),
            (b.guid, "lengthened"),
            (b.guid, "renamed"),
            (c.guid, "cancelled"),
            (d.guid, "removed"),
            (e.guid, "people"),
            (unplaced.guid, "added"),
        ]
    )
    assert someone.name in by_kind(got, e.guid, "people")["after"]
    assert someone.name not in by_kind(got, e.guid, "people")["before"]
    by = {(x["guid"], x["kind"]): x for x in got}
    assert by[(b.guid, "lengthened")]["before"] + 15 == by[(b.guid, "lengthened")]["after"]
    assert by[(c.guid, "cancelled")]["after"] == "cancelled"
    assert datetime.fromisoformat(by[(a.guid, "retimed")]["after"]) == a.start + timedelta(minutes=30)


def by_kind(got: list[dict[str, Any]], guid: str, kind: str) -> dict[str, Any]:
    return next(x for x in got if x["guid"] == guid and x["kind"] == kind)


def test_changes_without_a_version_is_one_sentence(db_path: Path, demo: str) -> None:
    with Store.open(db_path) as store, pytest.raises(UserError, match="no published version yet"):
        changes(store, demo)


# ------------------------------------------------------------- independent comparison
def _programme(path: Path) -> dict[str, dict[str, object]]:
    """What a schedule.json export says of each session, read with json alone."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, dict[str, object]] = {}
    for day in data["schedule"]["conference"]["days"]:
        for room, events in day["rooms"].items():
            for ev in events:
                h, m = ev["duration"].split(":")
                out[ev["guid"]] = {
                    "room": room,
                    "start": datetime.fromisoformat(ev["date"]),
                    "duration": int(h) * 60 + int(m),
                    "title": ev["title"],
                    "people": sorted(p.get("public_name") or p.get("name") for p in ev["persons"]),
                }
    return out


def _expected(old: dict[str, dict[str, object]], new: dict[str, dict[str, object]]) -> set[tuple[str, str]]:
    out = {(g, "added") for g in new.keys() - old.keys()} | {(g, "removed") for g in old.keys() - new.keys()}
    names = {
        "room": "moved",
        "start": "retimed",
        "duration": "lengthened",
        "title": "renamed",
        "people": "people",
    }
    for g in old.keys() & new.keys():
        out |= {(g, kind) for field, kind in names.items() if old[g][field] != new[g][field]}
    return out


@pytest.mark.slow
def test_39c3_early_to_final_agrees_with_the_exports(
    db_path: Path, schedules_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(db_path, "import", str(schedules_dir / "39c3-schedule-early-2025-12-06.xml")) == 0
    slug = capsys.readouterr().out.strip()
    assert _run(db_path, "publish", "--event", slug, "--name", "early") == 0
    final = schedules_dir / "39c3-everything-schedule.xml"
    assert _run(db_path, "reimport", "--event", slug, str(final), "--apply") == 0
    assert _run(db_path, "publish", "--event", slug, "--name", "final") == 0
    capsys.readouterr()
    assert _run(db_path, "changes", "--event", slug, "--since", "early", "--until", "2", "--json") == 0
    got = json.loads(capsys.readouterr().out)
    for v in ("1", "final"):
        out = tmp_path / f"v{v}.json"
        assert (
            _run(
                db_path,
                "export",
                "--event",
                slug,
                "--format",
                "schedule-json",
                "--out",
                str(out),
                "--version",
                v,
            )
            == 0
        )
    expected = _expected(_programme(tmp_path / "v1.json"), _programme(tmp_path / "vfinal.json"))
    assert len(expected) > 600  # 39C3 grew a lot between the two files
    assert {(x["guid"], x["kind"]) for x in got if x["kind"] != "cancelled"} == expected
    assert len(got) == len({(x["guid"], x["kind"]) for x in got})  # one object per kind


def test_changelog_markdown_and_atom(db_path: Path, demo: str, tmp_path: Path) -> None:
    with Store.open(db_path) as store:
        publish(store, demo, name="Draft")
        s = store.load(demo)
        _save(store, demo, replace(s.sessions[0], title="A new title"))
        publish(store, demo, notes="One talk renamed")
    md, feed = tmp_path / "c.md", tmp_path / "c.atom"
    assert _run(db_path, "changelog", "--event", demo, "--out", str(md)) == 0
    text = md.read_text()
    assert text.index("## Version 2") < text.index("## Version 1 (Draft)")
    assert "One talk renamed" in text and "to 'A new title'" in text
    assert _run(db_path, "changelog", "--event", demo, "--format", "atom", "--out", str(feed)) == 0
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(feed).getroot()
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    # RFC 4287: the feed has id, title, updated and an author; each entry id, title, updated
    for tag in ("id", "title", "updated", "author/a:name"):
        assert root.find(f"a:{tag}", ns) is not None, tag
    entries = root.findall("a:entry", ns)
    assert [e.findtext("a:title", namespaces=ns) for e in entries] == ["Version 2", "Version 1 (Draft)"]
    for e in entries:
        assert (e.findtext("a:id", namespaces=ns) or "").startswith("urn:uuid:")
        datetime.fromisoformat(e.findtext("a:updated", namespaces=ns) or "")
    assert "A new title" in (entries[0].findtext("a:content", namespaces=ns) or "")


def test_publish_is_appended_to_the_edit_log_in_its_transaction(db_path: Path, demo: str) -> None:
    with Store.open(db_path) as store:
        created = store.edit_log(demo)  # the import's create-event entry
        v1 = publish(store, demo, name="Final")
        v2 = publish(store, demo)
        log = list(reversed(store.edit_log(demo)))  # oldest first
    assert [e.kind for e in created] == ["create-event"]
    assert [(e.kind, e.summary) for e in log[1:]] == [
        ("publish", "Published version 1 (Final)"),
        ("publish", "Published version 2"),
    ]
    assert log[1].data == {"kind": "publish", "number": 1, "name": "Final", "notes": ""}
    # each version knows the last log entry it includes: the import for the first, the
    # first publish for the second
    assert (v1.log_position, v2.log_position) == (created[0].id, log[1].id)
