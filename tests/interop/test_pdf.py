"""The printable programme: one page per day and room group, legible text where it belongs."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from planner.demo import demo_schedule
from planner.domain.timegrid import nearest_event_day
from planner.interop import InteropError, read, write


def _pages(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def test_demo_programme_has_times_titles_and_rooms(tmp_path: Path) -> None:
    demo = demo_schedule()
    out = tmp_path / "demo.pdf"
    write(demo, out, "pdf")
    (page,) = _pages(out)
    first = min((s for s in demo.sessions if s.start), key=lambda s: s.start)  # type: ignore[arg-type, return-value]
    local = first.start.astimezone(demo.event.zone)  # type: ignore[union-attr]
    assert f"{local:%H:%M}–" in page
    assert first.title.split()[0] in page
    for room in demo.rooms:
        if any(s.room == room.guid and s.start for s in demo.sessions):
            assert room.name in page
    assert demo.event.timezone in page


@pytest.mark.slow
def test_fosdem_pages_per_day_and_room_group_a4_and_letter(schedules_dir: Path, tmp_path: Path) -> None:
    s = read(schedules_dir / "fosdem-2026-schedule.xml").schedule
    a4, letter = tmp_path / "a4.pdf", tmp_path / "letter.pdf"
    write(s, a4, "pdf")
    write(s, letter, "pdf", pagesize="Letter")
    pages = _pages(a4)
    rooms_per_day: dict[object, set[str | None]] = {}
    for x in s.sessions:
        if x.start is not None and x.room is not None:
            rooms_per_day.setdefault(nearest_event_day(s.event, x.start), set()).add(x.room)
    assert len(pages) == sum(-(-len(r) // 6) for r in rooms_per_day.values())
    assert "Saturday 31 January 2026" in pages[0] and "Sunday 01 February 2026" in pages[-1]
    assert "10:00–10:50" in pages[0]
    pdf = pdfium.PdfDocument(str(letter))
    w, h = pdf[0].get_size()
    assert (round(w), round(h)) == (792, 612)  # landscape Letter
    pdf.close()
    pdf = pdfium.PdfDocument(str(a4))
    assert tuple(round(v) for v in pdf[0].get_size()) == (842, 595)
    pdf.close()


def test_unknown_page_size(tmp_path: Path) -> None:
    with pytest.raises(InteropError, match="A4 or Letter"):
        write(demo_schedule(), tmp_path / "x.pdf", "pdf", pagesize="A3")
