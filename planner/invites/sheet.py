"""Printable QR sheets (PDF, reportlab): label sheets and name badges.

Each cell holds a person's QR code, name, role, sessions and the short link. The code
is drawn as vector rectangles (runs of dark modules merged into one rectangle each, all
in one filled path, so no seams and no image compression): it prints sharp at any size.
Text is real PDF text in an embedded font, so it can be selected and searched.

The QR matrices are the slow part (the standard's mask selection); for long lists they
are computed in a small process pool. ``progress(done, total)`` is called as the work
advances and ``cancelled()`` is asked between steps; a cancelled sheet leaves no file.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from planner import textfit
from planner.errors import UserError
from planner.files import written_whole
from planner.invites.options import DEFAULT_LAYOUT, LAYOUTS, PAPER_NAMES, ErrorCorrection, Layout
from planner.invites.qr import coded_paths

log = logging.getLogger(__name__)

# The command line offers options.PAPER_NAMES; their sizes, in that order, are reportlab's.
PAPERS: dict[str, tuple[float, float]] = dict(zip(PAPER_NAMES, (A4, LETTER), strict=True))


@dataclass(frozen=True, slots=True)
class SheetEntry:
    name: str
    role: str
    sessions: Sequence[str]
    link: str  # what the code holds
    short_link: str  # what is printed under it


@dataclass(frozen=True, slots=True)
class SheetResult:
    path: Path
    pages: int
    codes: int
    size_bytes: int


class SheetCancelledError(Exception):
    """The user cancelled; no file was written."""


def layout_named(name: str) -> Layout:
    try:
        return LAYOUTS[name]
    except KeyError:
        raise UserError(f"unknown layout {name!r} (use one of: {', '.join(LAYOUTS)})") from None


def paper_named(name: str) -> tuple[float, float]:
    try:
        return PAPERS[name.lower()]
    except KeyError:
        raise UserError(f"unknown paper {name!r} (use a4 or letter)") from None


# ------------------------------------------------------------------ fonts
_FONT_DIRS = [
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    os.path.expanduser("~/Library/Fonts"),
    os.path.expandvars(r"%WINDIR%\Fonts"),
]


@cache
def fonts() -> tuple[str, str]:
    """Register and return (regular, bold) embedded fonts: DejaVu Sans where the system
    has it (wide coverage of scripts), else Bitstream Vera, which reportlab ships."""
    for d in _FONT_DIRS:
        reg, bold = Path(d, "DejaVuSans.ttf"), Path(d, "DejaVuSans-Bold.ttf")
        if reg.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("PlannerSans", str(reg)))
            pdfmetrics.registerFont(TTFont("PlannerSans-Bold", str(bold)))
            return "PlannerSans", "PlannerSans-Bold"
    pdfmetrics.registerFont(TTFont("PlannerSans", "Vera.ttf"))
    pdfmetrics.registerFont(TTFont("PlannerSans-Bold", "VeraBd.ttf"))
    return "PlannerSans", "PlannerSans-Bold"


def _char_width(ch: str, font: str) -> float:
    return textfit.char_width(ch, font)


def _width(text: str, font: str, size: float) -> float:
    """The width of ``text`` (the sum of its glyphs' advances; reportlab does not kern)."""
    return textfit.width(text, font, size)


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so that it fits ``width`` (linear in the text)."""
    return textfit.fit(text, font, size, width)


def _shrink(text: str, font: str, size: float, smallest: float, width: float) -> tuple[str, float]:
    """The largest size down to ``smallest`` at which ``text`` fits, else cut at ``smallest``."""
    w = _width(text, font, size)
    if w > width:
        size = max(smallest, size * width / w)
    return _fit(text, font, size, width), size


def _wrap_words(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Words over at most ``max_lines`` lines; a word wider than a line is cut with an
    ellipsis, and so is the last line when the text goes on."""
    return textfit.wrap(text, font, size, width, max_lines, break_words=False)


def _wrap_link(text: str, font: str, size: float, width: float) -> list[str]:
    """A link broken into lines, preferably after / ? & =, never losing a character."""
    lines: list[str] = []
    while text:
        n, used = 0, 0.0
        while n < len(text):
            used += size * _char_width(text[n], font)
            if used > width and n > 0:
                break
            n += 1
        if n < len(text):
            cut = max(text.rfind(ch, 0, n) for ch in "/?&=")
            if cut >= n // 2:
                n = cut + 1
            # A line ending in "-" reads as a hyphenated word: PDF viewers drop the dash
            # when the text is copied. Carry the dash over to the next line instead.
            while n > 1 and text[n - 1] == "-":
                n -= 1
        lines.append(text[:n])
        text = text[n:]
    return lines


# ------------------------------------------------------------------ drawing
Coded = tuple[int, str]  # modules a side, path operators in module units


def draw_qr(c: Canvas, code: Coded, x: float, y: float, side: float) -> None:
    """Draw the code's dark modules (no quiet zone) in the square at ``(x, y)`` (lower
    left) with ``side`` points, as one filled path of rectangles in module units."""
    n, ops = code
    module = side / n
    c.addLiteral(f"q 0 g 1 0 0 1 {x:.3f} {y + side:.3f} cm {module:.5f} 0 0 {-module:.5f} 0 0 cm\n{ops}\nf Q")


def _text(
    c: Canvas, x: float, y: float, text: str, font: str, size: float, grey: float = 0.0, centred: bool = False
) -> None:
    c.setFont(font, size)
    c.setFillGray(grey)
    if centred:
        c.drawCentredString(x, y, text)
    else:
        c.drawString(x, y, text)


def _draw_label(c: Canvas, e: SheetEntry, m: Coded, x: float, y: float, w: float, h: float) -> None:
    reg, bold = fonts()
    n = m[0]
    module = h / (n + 8)  # the code fills the cell's height with a quiet zone of 4 modules
    side = module * n
    draw_qr(c, m, x + 4 * module, y + 4 * module, side)
    tx = x + h + 0.5 * mm
    tw = w - h - 3 * mm
    k = max(1.0, min(1.3, tw / (30 * mm)))  # wider labels get larger text
    top = y + h - 4 * module
    bottom = y + 4 * module
    # The link sits at the bottom, level with the code's lower edge.
    link_size, link_lead = 5.2 * k, 6.0 * k
    link_lines = _wrap_link(e.short_link, reg, link_size, tw)
    ly = bottom + (len(link_lines) - 1) * link_lead
    for line in link_lines:
        _text(c, tx, ly, line, reg, link_size, 0.2)
        ly -= link_lead
    link_top = bottom + len(link_lines) * link_lead
    # Name (shrunk, or on two lines), role, then as many session lines as fit above the link.
    size = 9.5 * k
    name, size = _shrink(e.name, bold, size, 8 * k, tw)
    if name != e.name:
        size = 8.0 * k
        lines = _wrap_words(e.name, bold, size, tw, 2)
    else:
        lines = [name]
    cy = top - size * 0.8
    for line in lines:
        _text(c, tx, cy, line, bold, size)
        cy -= size + 1
    cy -= 0.5
    role_size = 6.5 * k
    _text(c, tx, cy, _fit(e.role, reg, role_size, tw), reg, role_size, 0.3)
    cy -= role_size + 1.2
    s_size, s_lead = 5.8 * k, 6.8 * k
    room = int((cy - link_top - 1) // s_lead) + 1
    if room > 0 and e.sessions:
        for line in _wrap_words("; ".join(e.sessions), reg, s_size, tw, min(3, room)):
            _text(c, tx, cy, line, reg, s_size, 0.15)
            cy -= s_lead


def _draw_badge(
    c: Canvas,
    e: SheetEntry,
    m: Coded,
    x: float,
    y: float,
    w: float,
    h: float,
    event_name: str,
    cover: object | None,
) -> None:
    reg, bold = fonts()
    k = max(0.65, min(1.0, h / (140 * mm)))  # smaller badges get smaller type, same design
    pad = 6 * mm * k
    inner_w = w - 2 * pad
    top = y + h - pad
    band_h = h * (0.22 if k > 0.9 else 0.16)
    if cover is not None:
        c.drawImage(
            cover,
            x + pad,
            top - band_h,
            inner_w,
            band_h,
            preserveAspectRatio=True,
            anchor="c",
            mask="auto",
        )
    else:
        c.setFillColorRGB(0.13, 0.22, 0.38)
        c.rect(x + pad, top - band_h, inner_w, band_h, stroke=0, fill=1)
        ev, size = _shrink(event_name or "", bold, 16 * k, 9 * k, inner_w - 8 * mm)
        _text(c, x + w / 2, top - band_h / 2 - size * 0.35, ev, bold, size, 1.0, centred=True)
    cy = top - band_h - 5 * mm * k
    with_name = cover is not None and bool(event_name)
    if with_name:
        ev = _fit(event_name, reg, 9 * k, inner_w)
        _text(c, x + w / 2, cy - 6 * k, ev, reg, 9 * k, 0.35, centred=True)
        cy -= 12 * k
    name, size = _shrink(e.name, bold, 22 * k, 12 * k, inner_w)
    cy -= 22 * k
    _text(c, x + w / 2, cy, name, bold, size, centred=True)
    cy -= 15 * k
    _text(c, x + w / 2, cy, _fit(e.role.upper(), bold, 10 * k, inner_w), bold, 10 * k, 0.3, centred=True)
    cy -= 12 * k
    for line in _wrap_words("; ".join(e.sessions), reg, 8 * k, inner_w, 2):
        _text(c, x + w / 2, cy, line, reg, 8 * k, 0.15, centred=True)
        cy -= 10 * k
    # The code fills what is left above the link, square, with its quiet zone; the same
    # size on every badge of the sheet (room is kept for two session lines on each).
    link_size, link_lead = 7 * k, 8.5 * k
    link_lines = _wrap_link(e.short_link, reg, link_size, inner_w)
    link_h = len(link_lines) * link_lead
    n = m[0]
    bottom = y + pad + link_h + 1 * mm
    text_bottom = top - band_h - 5 * mm * k - (12 * k if with_name else 0) - (22 + 15 + 12 + 20) * k
    box = min(text_bottom - bottom, inner_w, 60 * mm)
    module = box / (n + 8)
    side = module * n
    qx = x + (w - side) / 2
    qy = bottom + (text_bottom - bottom - box) / 2 + 4 * module
    draw_qr(c, m, qx, qy, side)
    ly = y + pad + link_h - link_size
    for line in link_lines:
        _text(c, x + w / 2, ly, line, reg, link_size, 0.2, centred=True)
        ly -= link_lead


def _cut_marks(
    c: Canvas, layout: Layout, page_w: float, page_h: float, x0: float, y0: float, cw: float, ch: float
) -> None:
    """Thin grey cut guides between badges (labels come pre-cut and get none)."""
    c.saveState()
    c.setStrokeGray(0.7)
    c.setLineWidth(0.3)
    c.setDash(2, 2)
    for i in range(layout.columns + 1):
        xx = x0 + i * cw
        c.line(xx, y0, xx, y0 + layout.rows * ch)
    for j in range(layout.rows + 1):
        yy = y0 + j * ch
        c.line(x0, yy, x0 + layout.columns * cw, yy)
    c.restoreState()


def _cover_reader(cover: bytes | None) -> object | None:
    if not cover:
        return None
    from reportlab.lib.utils import ImageReader

    try:
        return ImageReader(io.BytesIO(cover))
    except Exception as exc:  # a damaged cover should not stop the sheet
        log.warning("the event's cover image cannot be read: %s", exc)
        return None


def default_workers(n: int) -> int:
    """Worker processes for ``n`` codes: the cores (at most 4) for long lists on Linux,
    where a forked worker starts in milliseconds and needs no import of the main module
    (spawn would re-run it, and a frozen app would start itself again); else one, in
    this process. The workers only compute matrices: pure Python, no Qt, no files."""
    if n < 200 or not sys.platform.startswith("linux") or getattr(sys, "frozen", False):
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 4))


def iter_codes(
    links: list[str], level: ErrorCorrection | str, workers: int | None
) -> Generator[Coded, None, None]:
    """The codes for ``links`` (see :func:`coded_paths`), in order, as they become ready.
    With workers, the caller draws the first pages while the pool computes the rest."""
    if workers is None:
        workers = default_workers(len(links))
    chunk = 40
    parts = [links[i : i + chunk] for i in range(0, len(links), chunk)]
    if workers <= 1 or len(parts) <= 1:
        for part in parts:
            yield from coded_paths(part, level)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        futures = [pool.submit(coded_paths, part, ErrorCorrection(level).value) for part in parts]
        try:
            for fut in futures:
                yield from fut.result()
        finally:  # cancelled or failed: drop what has not started
            for f in futures:
                f.cancel()


def write_sheet(
    path: Path | str,
    entries: Sequence[SheetEntry],
    layout: str = DEFAULT_LAYOUT,
    paper: str = "a4",
    *,
    event_name: str = "",
    cover: bytes | None = None,
    level: ErrorCorrection | str = ErrorCorrection.M,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
    compress: bool = True,
) -> SheetResult:
    """Write the sheet for ``entries`` to ``path`` (atomically: a temporary file renamed
    at the end). Progress counts one step per code computed and one per cell drawn."""
    lay = layout_named(layout)
    page_w, page_h = paper_named(paper)
    if not entries:
        raise UserError("there is nobody to put on the sheet")
    path = Path(path)
    total = 2 * len(entries)  # a code computed and drawn counts twice
    done = 0

    def step(k: int) -> None:
        nonlocal done
        done += k
        if progress is not None:
            progress(done, total)
        if cancelled is not None and cancelled():
            raise SheetCancelledError()

    step(0)
    fonts()
    mats = iter_codes([e.link for e in entries], level, workers)
    cover_img = _cover_reader(cover) if lay.kind == "badge" else None
    margin = lay.margin_mm * mm
    cw = (page_w - 2 * margin) / lay.columns
    ch = (page_h - 2 * margin) / lay.rows
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with written_whole(path) as tmp:
            c = Canvas(str(tmp), pagesize=(page_w, page_h), pageCompression=1 if compress else 0)
            c.setTitle(f"QR sheet: {event_name}" if event_name else "QR sheet")
            c.setAuthor("planner")
            c.setSubject(lay.description)
            pages = 0
            for start in range(0, len(entries), lay.per_page):
                pages += 1
                if lay.kind == "badge":
                    _cut_marks(c, lay, page_w, page_h, margin, margin, cw, ch)
                for k, e in enumerate(entries[start : start + lay.per_page]):
                    m = next(mats)
                    col, row = k % lay.columns, k // lay.columns
                    x = margin + col * cw
                    y = page_h - margin - (row + 1) * ch
                    if lay.kind == "badge":
                        _draw_badge(c, e, m, x, y, cw, ch, event_name, cover_img)
                    else:
                        _draw_label(c, e, m, x, y, cw, ch)
                c.showPage()
                step(2 * min(lay.per_page, len(entries) - start))
            c.save()
    finally:
        mats.close()
    size = path.stat().st_size
    log.info("wrote %s: %d codes on %d pages (%s), %d bytes", path, len(entries), pages, lay.name, size)
    return SheetResult(path, pages, len(entries), size)
