"""QR sheet for 1000 attendees: the time to write the PDF, beside the time plain
``qrcode.make`` takes for the same 1000 links, the PDF's size, and a check that every
code on every page decodes to its person's link (pypdfium2 renders, zxing-cpp reads).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/qr_sheet.py [N]
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pypdfium2 as pdfium
import qrcode
import zxingcpp

from planner.domain.model import Event, Person, PersonRole, Schedule
from planner.invites.service import make_sheet
from planner.invites.sheet import LAYOUTS, PAPERS, default_workers
from planner.store import Store

log = logging.getLogger(__name__)


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the sheet's workers)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def decode_cells(path: Path, layout: str, paper: str) -> tuple[list[str], list[str]]:
    """The text of the code in each cell, in cell order, page by page; and problems
    (a cell read twice with different texts, or a cell without a code)."""
    lay = LAYOUTS[layout]
    pw, ph = PAPERS[paper]
    margin = lay.margin_mm / 25.4 * 72
    cw, ch = (pw - 2 * margin) / lay.columns, (ph - 2 * margin) / lay.rows
    scale = 150 / 72
    texts: list[str] = []
    problems: list[str] = []
    pdf = pdfium.PdfDocument(str(path))
    for no, page in enumerate(pdf, 1):
        cells: dict[int, str] = {}
        img = page.render(scale=scale).to_pil()
        # QR only: a 1D reader now and then "finds" an EAN-13 inside a QR code's modules.
        for r in zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)):
            p = r.position
            cx = (p.top_left.x + p.bottom_right.x) / 2 / scale
            cy = (p.top_left.y + p.bottom_right.y) / 2 / scale
            idx = int((cy - margin) // ch) * lay.columns + int((cx - margin) // cw)
            if cells.get(idx, r.text) != r.text:
                problems.append(f"page {no}, cell {idx + 1}: two different codes")
            cells[idx] = r.text
        expected = len(cells) and max(cells) + 1
        for i in range(expected):
            if i not in cells:
                problems.append(f"page {no}, cell {i + 1}: no code read")
        texts.extend(cells[i] for i in sorted(cells))
    pdf.close()
    return texts, problems


def main(n: int = 1000) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="qr-bench-"))
    store = Store.open(tmp / "bench.sqlite")
    event = Event(
        name="Bench Conference 2026",
        first_day=date(2026, 6, 1),
        last_day=date(2026, 6, 3),
        timezone="Europe/Berlin",
        slug="bench",
        invite_base_url="https://hopin.com/events/bench-conference-2026",
    )
    people = [
        Person(f"Attendee {i:04d} Example", email=f"a{i}@example.org", role=PersonRole.ATTENDEE)
        for i in range(n)
    ]
    slug = store.add_schedule(Schedule(event, people=people))
    out = tmp / "sheet.pdf"
    layout = "labels-3x8"

    c0 = _cpu()
    t0 = time.perf_counter()
    result = make_sheet(out, store, slug, PersonRole.ATTENDEE, layout, "a4")
    t_sheet = time.perf_counter() - t0
    cpu_sheet = _cpu() - c0

    sched = store.load(slug)
    from planner.invites.links import invite_link

    links = {
        p.guid: invite_link(sched.event, i.token)
        for i in sched.invites
        for p in sched.people
        if p.guid == i.person
    }
    ordered = [links[p.guid] for p in sorted(sched.people, key=lambda p: (p.name.casefold(), p.email))]

    c0 = _cpu()
    t0 = time.perf_counter()
    for link in ordered:
        qrcode.make(link)
    t_make = time.perf_counter() - t0
    cpu_make = _cpu() - c0

    t0 = time.perf_counter()
    decoded, problems = decode_cells(out, layout, "a4")
    t_decode = time.perf_counter() - t0
    ok = decoded == ordered and not problems

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"QR sheet, {n} attendees, layout {layout}, A4, error correction M")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"  cores available:                 {cores} (sheet used {default_workers(n)} worker processes; "
        f"load average {load:.1f} from other programs: figures grow with it)"
    )
    print(
        f"  write the PDF (codes + drawing): {t_sheet:6.2f} s  ({result.pages} pages; CPU {cpu_sheet:.2f} s "
        "in all processes)"
    )
    print(
        f"  plain qrcode.make for same links:{t_make:6.2f} s  ({1000 * t_make / n:.1f} ms a code; "
        f"CPU {cpu_make:.2f} s)"
    )
    print(
        f"  PDF size:                        {result.size_bytes / 1024:6.0f} KiB "
        f"({result.size_bytes / n / 1024:.2f} KiB a code)"
    )
    print(
        f"  decode check (render + zxing):   {t_decode:6.2f} s; {len(decoded)} of {n} codes read, "
        f"{'each one its own person' if ok else 'MISMATCH'}"
    )
    for p in problems[:10]:
        print(f"    {p}")
    store.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
