"""One function builds every personal link (issue 13, item 12), and invite base URLs
that cannot make a link are refused where they are entered, before any invite is saved
(item 9)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.afterwards.reminders import write_reminders
from planner.cli import main
from planner.domain.model import Event, Person, PersonRole, Room, Schedule, Session
from planner.errors import UserError
from planner.invites.links import check_invite_settings, personal_link
from planner.invites.service import export_invites, make_sheet, sheet_entries
from planner.store import Store


def _schedule(base: str, template: str = "{base_url}/register?invite={token}") -> Schedule:
    ev = Event(
        "Gala",
        date(2026, 5, 4),
        date(2026, 5, 4),
        timezone="UTC",
        slug="gala",
        invite_base_url=base,
        invite_template=template,
    )
    room = Room("Hall")
    ana = Person("Ana", "ana@example.org", role=PersonRole.SPEAKER)
    talk = Session("Talk", start=datetime(2026, 5, 4, 10, tzinfo=UTC), room=room.guid, speakers=[ana.guid])
    return Schedule(ev, [room], [talk], [ana])


@pytest.mark.parametrize(
    ("base", "template", "expected"),
    [
        (
            "https://exämple.org/winter gala/",
            "{base_url}/register?invite={token}",
            "https://xn--exmple-cua.org/winter%20gala/register?invite=TOKEN",
        ),
        ("https://ex.org/e", "{base_url}/{slug}/join?t={token}", "https://ex.org/e/gala/join?t=TOKEN"),
        (
            "",
            "https://tickets.example.com/{slug}?code={token}",
            "https://tickets.example.com/gala?code=TOKEN",
        ),
        ("https://[2001:db8::1]:8443/e", "{base_url}/r?i={token}", "https://[2001:db8::1]:8443/e/r?i=TOKEN"),
    ],
)
def test_every_personal_link_is_the_checked_encoded_invite_link(
    db_path: Path, tmp_path: Path, base: str, template: str, expected: str
) -> None:
    sched = _schedule(base, template)
    with Store.open(db_path) as store:
        slug = store.add_schedule(sched)
        assert slug == "gala"
        export_invites(tmp_path / "i.csv", store, slug, None)
        sched = store.load(slug)
    token = sched.invites[0].token
    want = expected.replace("TOKEN", token)
    ana = sched.people[0]
    assert personal_link(sched, ana) == want
    # the invites CSV, the QR sheet entries and the reminders (CSV and calendar) agree
    rows = list(csv.DictReader(io.StringIO((tmp_path / "i.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0]["link"] == want
    assert sheet_entries(sched, [ana])[0].link == want
    files, rem_csv = write_reminders(sched, tmp_path / "rem")
    rem = list(csv.DictReader(io.StringIO(rem_csv.read_text(encoding="utf-8-sig"))))
    assert rem[0]["link"] == want
    ev = Calendar.from_ical(files[0].read_bytes()).walk("VEVENT")[0]
    assert str(ev["url"]) == want and want in str(ev["description"])


def test_without_an_invite_the_link_is_the_event_page_encoded() -> None:
    sched = _schedule("https://ex.org/winter gala/")
    assert personal_link(sched, sched.people[0]) == "https://ex.org/winter%20gala"
    assert personal_link(_schedule(""), sched.people[0]) == ""


@pytest.mark.parametrize(
    ("base", "words"),
    [
        ("https://ex.org:99999/e", "port"),
        ("https://ex.org:65536/e", "port"),
        ("https://ex.org:0/e", "port"),
        ("https://ex.org:abc/e", "port"),
        ("https://[::1/e", "IPv6"),
        ("https://[::zz]/e", "IPv6"),
        ("https://[not-an-address]/e", "IPv6"),
    ],
)
def test_broken_base_urls_are_refused_before_any_invite_is_saved(
    db_path: Path, tmp_path: Path, base: str, words: str
) -> None:
    with pytest.raises(UserError) as info:
        check_invite_settings(_schedule(base).event)
    assert words in str(info.value)
    # a store that holds such a URL (written by an older planner): invites and the QR
    # sheet say so in a sentence and save no invite
    with Store.open(db_path) as store:
        slug = store.add_schedule(_schedule(base))
        for make in (
            lambda: export_invites(tmp_path / "i.csv", store, slug, None),
            lambda: make_sheet(tmp_path / "q.pdf", store, slug, None, "labels-3x8", "a4"),
        ):
            with pytest.raises(UserError):
                make()
        assert store.load(slug).invites == []
    for cmd in (["invites", "--out", str(tmp_path / "i.csv")], ["reminders", "--out", str(tmp_path / "r")]):
        assert main(["--db", str(db_path), cmd[0], "--event", slug, *cmd[1:]]) == 1
    assert not (tmp_path / "i.csv").exists() and not (tmp_path / "r").exists()
