"""planner notify: drafted messages parse and round-trip, their calendars update the one
sent before, templates with an unknown field are refused, the CSV is spreadsheet-safe."""

from __future__ import annotations

import csv
import email
import io
from dataclasses import replace
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pytest

from planner import edits
from planner.cli import main
from planner.demo import demo_schedule
from planner.domain.model import Schedule, Session, SessionKind
from planner.errors import UserError
from planner.messages.service import draft
from planner.messages.templates import parse, user_template_path
from planner.store import Store
from planner.versions import publish


def _save(store: Store, slug: str, *sessions: Session | list[Session]) -> None:
    """Save sessions through the one write path (an edit, logged)."""
    flat = [x for s in sessions for x in (s if isinstance(s, list) else [s])]
    store.apply(slug, edits.save_sessions(store.load(slug), flat))


@pytest.fixture
def demo(db_path: Path) -> str:
    with Store.open(db_path) as store:
        return store.add_schedule(demo_schedule())


def _amara_session(s: Schedule) -> Session:
    amara = next(p for p in s.people if p.name == "Amara Okafor")
    return next(
        x for x in s.sessions if amara.guid in x.speakers and x.scheduled and x.kind != SessionKind.REHEARSAL
    )


def _retime(db_path: Path, slug: str, minutes: int) -> Session:
    with Store.open(db_path) as store:
        s = store.load(slug)
        session = _amara_session(s)
        assert session.start is not None
        moved = replace(session, start=session.start + timedelta(minutes=minutes))
        _save(store, slug, moved)
        publish(store, slug)
    return moved


def _read(path: Path) -> EmailMessage:
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def _text(msg: EmailMessage) -> str:
    part = msg.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def _seq(ev: icalendar.cal.component.Component) -> int:
    return int(str(ev["SEQUENCE"]))


def _calendar(msg: EmailMessage) -> icalendar.Calendar:
    parts = [p for p in msg.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    cal = icalendar.Calendar.from_ical(parts[0].get_content())
    for ev in cal.walk("VEVENT"):  # what RFC 5545 requires of every VEVENT
        for prop in ("UID", "DTSTAMP", "DTSTART", "SEQUENCE"):
            assert ev.get(prop) is not None, prop
    return cal


def _run(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), *args])


def test_changes_message_parses_round_trips_and_its_calendar_updates(
    db_path: Path, demo: str, tmp_path: Path
) -> None:
    with Store.open(db_path) as store:
        publish(store, demo)
    moved = _retime(db_path, demo, 30)  # version 2
    first, second = tmp_path / "v2", tmp_path / "v3"
    assert _run(db_path, "notify", "--event", demo, "--since", "1", "--until", "2", "--out", str(first)) == 0
    emls = sorted(first.glob("*.eml"))
    amara = [p for p in emls if "amara" in p.name]
    assert len(amara) == 1
    msg = _read(amara[0])
    assert msg["To"].addresses[0].addr_spec == "amara.okafor@example.org"
    assert "Winter Gala 2026" in msg["Subject"]
    body = _text(msg)
    assert moved.start is not None
    lagos = moved.start.astimezone(__import__("zoneinfo").ZoneInfo("Africa/Lagos"))
    assert f"to {lagos:%a %d %b %H:%M}" in body and "Africa/Lagos" in body  # her own clock
    # round trip: the file as written is what the message gives back, and reads the same again
    assert msg.as_bytes() == amara[0].read_bytes()
    reparsed = email.message_from_bytes(msg.as_bytes(), policy=policy.default)
    assert isinstance(reparsed, EmailMessage)
    assert reparsed["Message-ID"] == msg["Message-ID"] and _text(reparsed) == body
    cal = _calendar(msg)
    ev = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == f"{moved.guid}@planner")
    assert _seq(ev) == 2 and ev.decoded("DTSTART") == moved.start
    beside = icalendar.Calendar.from_ical((first / amara[0].name.replace(".eml", ".ics")).read_bytes())
    assert [str(e["UID"]) for e in beside.walk("VEVENT")] == [str(e["UID"]) for e in cal.walk("VEVENT")]

    moved2 = _retime(db_path, demo, 15)  # version 3
    assert _run(db_path, "notify", "--event", demo, "--since", "2", "--until", "3", "--out", str(second)) == 0
    cal2 = _calendar(_read(next(second.glob("*amara*.eml"))))
    ev2 = next(e for e in cal2.walk("VEVENT") if str(e["UID"]) == str(ev["UID"]))
    assert _seq(ev2) > _seq(ev)  # the calendar updates the entry
    assert ev2.decoded("DTSTART") == moved2.start


def test_only_the_people_concerned_get_a_message(db_path: Path, demo: str, tmp_path: Path) -> None:
    with Store.open(db_path) as store:
        publish(store, demo)
        s = store.load(demo)
        session = _amara_session(s)
    _retime(db_path, demo, 30)
    with Store.open(db_path) as store:
        done = draft(store, demo, "changes", since=1)
    names = {p.name for p in s.people if p.guid in session.speakers + session.moderators}
    assert {d.person.name for d in done.drafts} == names


def test_invite_has_the_link_and_its_qr_code_inline(db_path: Path, demo: str, tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    assert _run(db_path, "notify", "--event", demo, "--kind", "invite", "--out", str(tmp_path)) == 0
    msg = _read(next(tmp_path.glob("invite-amara*.eml")))
    html = msg.get_body(("html",))
    assert html is not None
    image = next(p for p in msg.walk() if p.get_content_type() == "image/png")
    cid = image["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html.get_content()
    text = _text(msg)
    link = next(line for line in text.splitlines() if line.startswith("https://events.example.org/"))
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.get_content())))
    assert [r.text for r in found] == [link]
    with Store.open(db_path) as store:
        s = store.load(demo)
    amara = next(p for p in s.people if p.name == "Amara Okafor")
    token = next(i.token for i in s.invites if i.person == amara.guid and i.active)
    assert token in link  # the invite that was issued and saved


def test_reminder_and_thanks(db_path: Path, demo: str, tmp_path: Path) -> None:
    assert _run(db_path, "notify", "--event", demo, "--kind", "reminder", "--out", str(tmp_path / "r")) == 0
    cal = _calendar(_read(next((tmp_path / "r").glob("reminder-amara*.eml"))))
    assert cal.walk("VALARM")
    assert _run(db_path, "notify", "--event", demo, "--kind", "thanks", "--out", str(tmp_path / "t")) == 0
    with Store.open(db_path) as store:
        s = store.load(demo)
    crew = [p for p in s.people if p.role.value == "crew"]
    assert crew
    files = {p.name for p in (tmp_path / "t").glob("*.eml")}
    for p in crew:
        body = _read(next((tmp_path / "t").glob(f"thanks-{p.name.split()[0].lower()}*.eml"))).get_content()
        assert "worked on the crew" in body
    amara = _read(next((tmp_path / "t").glob("thanks-amara*.eml"))).get_content()
    assert f"spoke in '{_amara_session(s).title}'" in amara
    attendees_only = [p for p in s.people if p.role.value == "attendee" and not any(
        p.guid in x.speakers + x.moderators for x in s.sessions)]  # fmt: skip
    assert not any(p.name.split()[0].lower() in f for p in attendees_only for f in files)


def test_unknown_template_field_is_refused_by_name_before_anything_is_written(
    db_path: Path, demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(UserError, match=r"unknown field \{nmae\}"):
        parse("thanks", "Subject: hi {name}\n\nDear {nmae},\n", "t.txt")
    path = user_template_path("thanks")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Subject: Thanks\n\nDear {name},\nyou were {roel}.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _run(db_path, "notify", "--event", demo, "--kind", "thanks", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert "{roel}" in err and f"{path}:4" in err
    assert not out.exists()


def test_event_template_wins_and_csv_neutralises_formulas(db_path: Path, demo: str, tmp_path: Path) -> None:
    from planner.messages.templates import with_event_template

    with Store.open(db_path) as store:
        s = store.load(demo)
        merci = with_event_template(s.event, "thanks", "Subject: Merci {name}\n\n{what_you_did}\n")
        store.apply(demo, edits.change_event(s, merci))
        amara = next(p for p in s.people if p.name == "Amara Okafor")
        store.apply(demo, edits.save_people(store.load(demo), [replace(amara, name="=HYPERLINK(1)")]))
    assert _run(db_path, "notify", "--event", demo, "--kind", "thanks", "--out", str(tmp_path)) == 0
    rows = list(csv.DictReader((tmp_path / "messages.csv").open(encoding="utf-8-sig")))
    assert {r["subject"] for r in rows if r["name"].startswith("Lena")} == {"Merci Lena Fischer"}
    assert [r["name"] for r in rows if "HYPERLINK" in r["name"]] == ["'=HYPERLINK(1)"]
    assert all((tmp_path / r["file"]).is_file() for r in rows)
