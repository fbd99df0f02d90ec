"""Issue 13, item 15: what a field may hold is capped (at import, with a line in the
report, and in the domain's validation), and text layout on the QR sheet and the PDF
programme takes time linear in the text (a 10 000-character name took seconds)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from planner import textfit
from planner.domain.model import (
    MAX_NAME,
    MAX_TEXT,
    MAX_TITLE,
    DomainError,
    Event,
    Person,
    Room,
    Schedule,
    Session,
)
from planner.interop import read, write

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"


def test_import_cuts_overlong_fields_and_says_so(tmp_path: Path) -> None:
    text = (DATA / "schedule.xml").read_text()
    text = text.replace("<title>Opening</title>", f"<title>{'T' * 5000}</title>")
    text = text.replace('name="Zelt Nord"', f'name="{"R" * 3000}"').replace(
        "<room>Zelt Nord</room>", f"<room>{'R' * 3000}</room>"
    )
    text = text.replace(">Mara Feld<", f">{'P' * 10_000}<")
    text = text.replace(
        "<description>Solder a blinking badge.</description>", f"<description>{'d ' * 60_000}</description>"
    )
    path = tmp_path / "long.xml"
    path.write_text(text)
    result = read(path)
    s = result.schedule
    assert max(len(x.title) for x in s.sessions) == MAX_TITLE
    assert max(len(r.name) for r in s.rooms) == MAX_NAME
    assert max(len(p.name) for p in s.people) == MAX_NAME
    assert max(len(x.description) for x in s.sessions) <= MAX_TEXT
    adjusted = result.report.adjusted
    assert adjusted[f"title longer than {MAX_TITLE} characters cut"] == ["long.xml:18: 5000 characters"]
    assert f"room name longer than {MAX_NAME} characters cut" in adjusted
    assert f"person name longer than {MAX_NAME} characters cut" in adjusted
    assert f"description longer than {MAX_TEXT} characters cut" in adjusted
    s.validate()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: Session(title="t" * (MAX_TITLE + 1)),
            f"title: {MAX_TITLE + 1} characters; at most {MAX_TITLE}",
        ),
        (lambda: Session(title="t", description="d" * (MAX_TEXT + 1)), "description: "),
        (lambda: Session(title="t", track="k" * (MAX_NAME + 1)), "track: "),
        (lambda: Person(name="p" * (MAX_NAME + 1)), f"name: {MAX_NAME + 1} characters"),
        (lambda: Person(name="p", organisation="o" * (MAX_NAME + 1)), "organisation: "),
        (lambda: Person(name="p", email="a" * 250 + "@example.org"), "email: "),
        (lambda: Room(name="r" * (MAX_NAME + 1)), "room name: "),
        (
            lambda: Event(name="e" * (MAX_NAME + 1), first_day=date(2026, 1, 1), last_day=date(2026, 1, 1)),
            "name: ",
        ),
    ],
)
def test_the_domain_refuses_overlong_fields(make: object, message: str) -> None:
    value = make()  # type: ignore[operator]
    with pytest.raises(DomainError, match=message):
        value.validate()


def test_a_store_refuses_an_overlong_title(store: object) -> None:
    ev = Event(name="Limits", first_day=date(2026, 1, 1), last_day=date(2026, 1, 1))
    long = Schedule(event=ev, sessions=[Session(title="x" * 10_000)])
    with pytest.raises(DomainError, match="title: 10000 characters"):
        store.add_schedule(long)  # type: ignore[attr-defined]
    assert store.list_events() == []  # type: ignore[attr-defined]


# ------------------------------------------------------------------ linear layout
def _time(fn: object, *args: object) -> float:
    t0 = time.perf_counter()
    fn(*args)  # type: ignore[operator]
    return time.perf_counter() - t0


@pytest.mark.parametrize("text", ["x" * 1_000_000, "word " * 200_000, "Ü-" * 500_000])
def test_fitting_and_wrapping_are_linear(text: str) -> None:
    # a million characters: the quadratic fitting took seconds for ten thousand
    font = "Helvetica"
    for fn in (textfit.fit, textfit.wrap):
        args: tuple[object, ...] = (9.0, 150.0) if fn is textfit.fit else (9.0, 150.0, 3)
        _time(fn, text[:1000], font, *args)  # warm the glyph cache
        assert _time(fn, text, font, *args) < 0.5
    lines = textfit.wrap(text, font, 9.0, 150.0, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(textfit.width(line, font, 9.0) <= 150.0 + 1e-6 for line in lines)


def test_wrapping_keeps_every_word_when_it_fits() -> None:
    lines = textfit.wrap("Soldering for beginners: bring nothing", "Helvetica-Bold", 9.0, 120.0, 3)
    assert " ".join(lines) == "Soldering for beginners: bring nothing"
    assert textfit.wrap("", "Helvetica", 9.0, 100.0, 2) == []
    assert textfit.wrap("some words", "Helvetica", 9.0, 100.0, 0) == []


def test_a_qr_sheet_with_a_10000_character_name_is_quick(tmp_path: Path) -> None:
    from planner.invites.sheet import SheetEntry, write_sheet

    entries = [
        SheetEntry(
            name="N" * 10_000 + " " + "Name " * 2_000,
            role="speaker " * 1000,
            sessions=["S" * 10_000, "Session " * 2000],
            link="https://example.org/register?invite=abc",
            short_link="example.org/r/abc",
        )
    ]
    for layout in ("labels-3x8", "badges-2x2"):
        t0 = time.perf_counter()
        write_sheet(tmp_path / f"{layout}.pdf", entries, layout, workers=0, event_name="E" * 10_000)
        assert time.perf_counter() - t0 < 1.5, layout


def test_a_pdf_programme_with_10000_character_names_is_quick(tmp_path: Path) -> None:
    ev = Event(name="P" * 10_000, first_day=date(2026, 5, 1), last_day=date(2026, 5, 1), timezone="UTC")
    room = Room(name="R" * 10_000)
    people = [Person(name="Q" * 10_000)]
    sessions = [
        Session(
            title=("W" * 10_000) if i % 2 else ("word " * 2_000),
            start=datetime(2026, 5, 1, 9 + i, 0, tzinfo=UTC),
            duration_minutes=40,
            room=room.guid,
            speakers=[people[0].guid],
        )
        for i in range(6)
    ]
    s = Schedule(event=ev, rooms=[room], sessions=sessions, people=people)
    t0 = time.perf_counter()
    write(s, tmp_path / "p.pdf", "pdf")
    assert time.perf_counter() - t0 < 2.0
