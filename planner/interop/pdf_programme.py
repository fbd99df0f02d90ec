"""A printable programme (reportlab): one landscape page per day and group of rooms,
rooms as columns, time running down; A4 or Letter."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from planner import textfit
from planner.domain.grid import overlap_lanes
from planner.domain.model import Schedule, Session
from planner.domain.timegrid import nearest_event_day
from planner.interop._export import track_colours
from planner.interop.builder import InteropError

log = logging.getLogger(__name__)

ROOMS_PER_PAGE = 6
_FONT = "Helvetica"
_BOLD = "Helvetica-Bold"
_FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "C:/Windows/Fonts",
    "/Library/Fonts",
)


def _fonts() -> tuple[str, str]:
    """DejaVu Sans when the system has it (it covers far more scripts), else Helvetica."""
    global _FONT, _BOLD
    if _FONT == "DejaVu":
        return _FONT, _BOLD
    for d in _FONT_DIRS:
        regular, bold = Path(d) / "DejaVuSans.ttf", Path(d) / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            try:
                pdfmetrics.registerFont(TTFont("DejaVu", str(regular)))
                pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(bold)))
                _FONT, _BOLD = "DejaVu", "DejaVu-Bold"
            except Exception:  # a broken font file: keep Helvetica
                log.warning("could not load %s", regular)
            break
    return _FONT, _BOLD


def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Words over at most ``max_lines`` lines, long words cut, an ellipsis when cut short
    (linear in the text: see :mod:`planner.textfit`)."""
    return textfit.wrap(text, font, size, width, max_lines)


MAX_TEXT_SIZE = 7.0
MIN_TEXT_SIZE = 4.5
TINY_TEXT_SIZE = 2.5  # a block too short for one line at MIN_TEXT_SIZE: one line that fits its height
_GLYPH_HEIGHT = 1.04  # ascent + descent of a line, in font sizes (DejaVu Sans and Helvetica)


@dataclass(frozen=True, slots=True)
class BlockLine:
    """One line of text in a session's block: what, in which font and size, and how far
    down the next line starts (``lead``)."""

    text: str
    font: str
    size: float
    lead: float
    kind: str  # "head" (the times), "title" or "names"


def _lead(size: float) -> float:
    return size + max(0.8, size * 0.2)


def block_lines(
    head: str, title: str, names: str, width: float, height: float, font: str, bold: str
) -> list[BlockLine]:
    """The lines of a block ``width`` x ``height`` points: the times, the whole title
    wrapped over the lines the block has, and the speakers when there is room. When the
    title does not fit, the times move onto the title's first line, then the font shrinks
    (down to MIN_TEXT_SIZE); only then is the title cut, with an ellipsis. A block with a
    title never comes out without one."""
    inner = height - 3
    if height < MIN_TEXT_SIZE * _GLYPH_HEIGHT + 3:
        # A very short block (5 minutes on a dense page): one line, as large as its height
        # allows, that stays inside it (never over the next block).
        tiny = max(TINY_TEXT_SIZE, min(MIN_TEXT_SIZE, (height - 0.6) / _GLYPH_HEIGHT))
        return [
            BlockLine(t, bold, tiny, tiny, "title") for t in _wrap(f"{head} {title}", bold, tiny, width, 1)
        ]
    size = MAX_TEXT_SIZE if height >= 18 else max(MIN_TEXT_SIZE, min(5.5, height - 2))
    while True:
        lead = _lead(size)
        room = max(1, int((inner + lead - size) // lead))  # the last line needs no gap below
        small = size - 0.5
        # Wrapped to one line more than the block has at most: enough to know it does not
        # fit, and bounded work for a title of thousands of characters.
        title_lines = _wrap(title, bold, size, width, room + 1)
        if 1 + len(title_lines) <= room:
            out = [BlockLine(head, font, small, lead, "head")]
            out += [BlockLine(t, bold, size, lead, "title") for t in title_lines]
            if names and len(out) < room:
                name_line = _wrap(names, font, small, width, 1)
                out += [BlockLine(n, font, small, lead, "names") for n in name_line]
            return out
        joined = _wrap(f"{head} {title}", bold, size, width, room + 1)
        if len(joined) <= room or size <= MIN_TEXT_SIZE:
            cut = _wrap(f"{head} {title}", bold, size, width, room)
            return [BlockLine(t, bold, size, lead, "title") for t in cut]
        size = max(MIN_TEXT_SIZE, size - 0.5)


def _lanes(sessions: list[Session]) -> dict[str, tuple[int, int]]:
    """For each session its lane and the number of lanes of its cluster of overlaps (the
    grid in the window draws them alike)."""
    return overlap_lanes(sessions)


def write(
    schedule: Schedule, path: Path, pagesize: str = "A4", rooms_per_page: int = ROOMS_PER_PAGE, **options: Any
) -> None:
    sizes = {"a4": A4, "letter": letter}
    if pagesize.lower() not in sizes:
        raise InteropError(f"unknown page size {pagesize!r} (A4 or Letter)", where="--page-size")
    font, bold = _fonts()
    ev = schedule.event
    zone = ev.zone
    pw, ph = landscape(sizes[pagesize.lower()])
    margin = 28.0
    people = schedule.person_by_guid()
    c = Canvas(str(path), pagesize=(pw, ph))
    c.setTitle(f"{ev.name} – programme")
    c.setAuthor("planner")
    placed = [s for s in schedule.sessions if s.start is not None and s.room is not None]
    by_day: dict[Any, list[Session]] = {}
    for s in placed:
        assert s.start is not None
        by_day.setdefault(nearest_event_day(ev, s.start), []).append(s)
    pages = 0
    for day in ev.days:
        sessions = by_day.get(day, [])
        if not sessions:
            continue
        used = {s.room for s in sessions}
        rooms = [r for r in schedule.sorted_rooms() if r.guid in used]
        groups = [rooms[i : i + rooms_per_page] for i in range(0, len(rooms), rooms_per_page)]
        for gi, group in enumerate(groups, start=1):
            # each page spans the hours of its own rooms: a late-night stage elsewhere
            # does not squeeze a daytime page
            guids = {r.guid for r in group}
            mine = [s for s in sessions if s.room in guids and s.start is not None]
            t0 = min(s.start for s in mine if s.start is not None).astimezone(zone)
            t0 = t0.replace(minute=(t0.minute // 30) * 30, second=0, microsecond=0)
            t1 = max(
                (s.start + timedelta(minutes=max(s.duration_minutes, 5))) for s in mine if s.start is not None
            ).astimezone(zone)
            span_min = max(60.0, (t1 - t0).total_seconds() / 60)
            _page(
                c,
                schedule,
                day,
                group,
                gi,
                len(groups),
                mine,
                t0,
                span_min,
                pw,
                ph,
                margin,
                font,
                bold,
                people,
            )
            c.showPage()
            pages += 1
    if pages == 0:
        c.setFont(bold, 18)
        c.drawString(margin, ph - margin - 18, ev.name)
        c.setFont(font, 12)
        c.drawString(margin, ph - margin - 42, "No session has a time and a room yet.")
        c.showPage()
    c.save()


def _page(
    c: Canvas,
    schedule: Schedule,
    day: Any,
    group: list[Any],
    gi: int,
    ng: int,
    sessions: list[Session],
    t0: datetime,
    span_min: float,
    pw: float,
    ph: float,
    margin: float,
    font: str,
    bold: str,
    people: dict[str, Any],
) -> None:
    colours = track_colours(schedule)
    ev = schedule.event
    zone = ev.zone
    header_h = 40.0
    col_head_h = 20.0
    axis_w = 34.0
    top = ph - margin - header_h
    grid_top = top - col_head_h
    grid_bottom = margin + 12
    grid_h = grid_top - grid_bottom
    col_w = (pw - 2 * margin - axis_w) / len(group)
    per_min = grid_h / span_min
    # header
    c.setFillColor(HexColor("#222222"))
    c.setFont(bold, 16)
    c.drawString(margin, ph - margin - 16, ev.name)
    c.setFont(font, 11)
    label = day.strftime("%A %d %B %Y")
    if ng > 1:
        label += f" · rooms {gi} of {ng}"
    c.drawString(margin, ph - margin - 32, label)
    c.setFont(font, 7)
    c.drawRightString(pw - margin, ph - margin - 32, f"times in {ev.timezone}")
    # columns
    for i, room in enumerate(group):
        x = margin + axis_w + i * col_w
        c.setFillColor(HexColor("#33415c"))
        c.rect(x + 1, top - col_head_h, col_w - 2, col_head_h - 2, stroke=0, fill=1)
        c.setFillColor(white)
        c.setFont(bold, 9)
        name = _wrap(room.name, bold, 9, col_w - 8, 1)
        c.drawCentredString(x + col_w / 2, top - col_head_h + 6, name[0] if name else "")
    # hour lines
    c.setFont(font, 7)
    t = t0
    while (t - t0).total_seconds() / 60 <= span_min:
        y = grid_top - (t - t0).total_seconds() / 60 * per_min
        full = t.minute == 0
        c.setStrokeColor(Color(0.6, 0.6, 0.6, alpha=0.7 if full else 0.3))
        c.setLineWidth(0.5 if full else 0.25)
        c.line(margin + axis_w, y, pw - margin, y)
        if full or span_min <= 8 * 60:
            c.setFillColor(HexColor("#444444"))
            c.drawRightString(margin + axis_w - 4, y - 2.5, t.strftime("%H:%M"))
        t += timedelta(minutes=30)
    # sessions; those that overlap in one room share its column side by side
    index = {r.guid: i for i, r in enumerate(group)}
    lanes = _lanes([x for x in sessions if x.room in index])
    # A block is drawn at least 6 points high, so a very short one is partly under the next
    # one in its lane: its text must fit what stays visible.
    visible: dict[str, float] = {}
    by_lane: dict[tuple[str | None, int], list[Session]] = {}
    for one in sessions:
        if one.room in index and one.start is not None:
            by_lane.setdefault((one.room, lanes[one.guid][0]), []).append(one)
    for lane_sessions in by_lane.values():
        timed = sorted((o.start, o.guid) for o in lane_sessions if o.start is not None)
        for (a_start, a_guid), (b_start, _) in pairwise(timed):
            visible[a_guid] = (b_start - a_start).total_seconds() / 60 * per_min
    for s in sorted(sessions, key=lambda x: (x.start, -x.duration_minutes)):
        if s.room not in index or s.start is None:
            continue
        local = s.start.astimezone(zone)
        i = index[s.room]
        lane, n_lanes = lanes[s.guid]
        w = (col_w - 4) / n_lanes
        x = margin + axis_w + i * col_w + 2 + lane * w
        y_top = grid_top - (local - t0).total_seconds() / 60 * per_min
        h = max(6.0, max(s.duration_minutes, 5) * per_min)
        fill = HexColor(colours[s.track]) if s.track else HexColor("#5b6b8c")
        # a light tint of the track colour, opaque so the hour lines stay behind it
        c.setFillColor(Color(0.82 + 0.18 * fill.red, 0.82 + 0.18 * fill.green, 0.82 + 0.18 * fill.blue))
        c.setStrokeColor(fill)
        c.setLineWidth(0.6)
        c.rect(x, y_top - h, w, h, stroke=1, fill=1)
        c.setFillColor(fill)
        c.rect(x, y_top - h, 2.5, h, stroke=0, fill=1)
        # text: time, title, speakers; the whole title first (see block_lines)
        end = (s.start + timedelta(minutes=s.duration_minutes)).astimezone(zone)
        head = f"{local:%H:%M}–{end:%H:%M}"
        names = ", ".join(people[g].name for g in s.speakers + s.moderators if g in people)
        lines = block_lines(head, s.title, names, w - 7, min(h, visible.get(s.guid, h)), font, bold)
        tiny = len(lines) == 1 and lines[0].size < MIN_TEXT_SIZE
        # the first baseline: a line's ascent (about 0.8 of its size) below the top padding
        ty = y_top - 0.3 + 0.2 * lines[0].size if tiny else y_top - 1.5
        for line in lines:
            ty -= line.size
            c.setFont(line.font, line.size)
            c.setFillColor(HexColor("#444444" if line.kind == "names" else "#111111"))
            c.drawString(x + 5, ty, line.text)
            ty -= line.lead - line.size
    c.setFont(font, 6.5)
    c.setFillColor(HexColor("#777777"))
    c.drawRightString(pw - margin, margin - 2, f"page {c.getPageNumber()}")
