"""Titles in the PDF programme are wrapped over the lines a block has, then shrunk; no
block is printed without its title (issue 13, item 21)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from planner.domain.model import Event, Room, Schedule, Session
from planner.domain.timegrid import local_instant
from planner.interop import write
from planner.interop.pdf_programme import MIN_TEXT_SIZE, TINY_TEXT_SIZE, _fonts, block_lines

TITLES = [
    "Reproducible builds for embedded Linux distributions: what we learned shipping firmware",
    "Accessibility testing of desktop applications with screen readers and automation",
    "Scaling community moderation without burning out volunteers",
    "Opera",
    "A practical introduction to property based testing in Python",
    "Why our continuous integration takes forty minutes and how we cut it to six",
]


def many_rooms_day() -> Schedule:
    """Six rooms (a full A4 page of columns), a 09:00–18:00 day, 40-minute talks."""
    ev = Event(
        name="Busy Conf", first_day=date(2026, 3, 7), last_day=date(2026, 3, 7), timezone="Europe/Brussels"
    )
    rooms = [Room(name=f"Room {chr(65 + i)}", position=i) for i in range(6)]
    sched = Schedule(ev, rooms, [], [])
    for i, room in enumerate(rooms):
        minute = 9 * 60
        k = i
        while minute + 40 <= 18 * 60:
            start = local_instant(ev, ev.first_day, minute)
            title = TITLES[k % len(TITLES)]
            sched.sessions.append(Session(title=title, start=start, duration_minutes=40, room=room.guid))
            minute += 45
            k += 1
    return sched


def page_text(path: Path, index: int = 0) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf[index].get_textpage().get_text_range()
    finally:
        pdf.close()


def test_every_word_of_a_40_minute_title_is_placed_on_a4(tmp_path: Path) -> None:
    out = tmp_path / "busy.pdf"
    write(many_rooms_day(), out, "pdf")
    words = page_text(out).split()
    for title in TITLES:
        for word in title.split():
            assert word in words, f"{word!r} of {title!r} is not on the page"
    # Each talk's title is complete, every time it is printed (no "…" anywhere).
    assert "…" not in page_text(out)


@pytest.mark.parametrize("height", [34.6, 20.0, 12.0, 7.0, 4.3])
def test_block_lines_keep_the_title(height: float) -> None:
    font, bold = _fonts()
    lines = block_lines("09:00–09:40", TITLES[0], "Ana Lopez, Ben Okafor", 113.0, height, font, bold)
    titles = [ln for ln in lines if ln.kind == "title"]
    assert titles, "a block with no title"
    text = " ".join(ln.text for ln in titles)
    assert text.split()[0] in ("09:00–09:40", "Reproducible")
    total = sum(ln.lead for ln in lines[:-1]) + lines[-1].size
    if height >= 10:
        assert total <= height - 3 + 0.01  # everything inside the block
    else:  # one line whose glyphs fit the block's height
        assert len(lines) == 1 and lines[0].size * 1.04 <= height - 0.6 + 0.01
    assert all(ln.size >= (MIN_TEXT_SIZE if height >= 10 else TINY_TEXT_SIZE) for ln in lines)


def test_a_40_minute_block_wraps_then_shrinks() -> None:
    font, bold = _fonts()
    lines = block_lines("09:00–09:40", TITLES[0], "", 113.0, 34.6, font, bold)
    words = " ".join(ln.text for ln in lines).split()
    assert all(w in words for w in TITLES[0].split())
    assert lines[0].size < 7.0  # it needed a smaller font to fit in full


def test_a_title_of_one_endless_word_is_cut_into_the_lines_the_block_has() -> None:
    font, bold = _fonts()
    lines = block_lines("09:00–09:40", "x" * 5000, "", 113.0, 34.6, font, bold)
    assert len(lines) <= 7
    assert lines[-1].text.endswith("…") and all(ln.text for ln in lines)
