"""QR sheets: every code decodes to exactly its person's link, text is selectable, the
codes are vectors (no JPEG, no image), progress and cancel work."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from planner.invites.links import new_token
from planner.invites.sheet import (
    LAYOUTS,
    PAPERS,
    SheetCancelledError,
    SheetEntry,
    write_sheet,
)

DPI = 150


def _entries(n: int, base: str = "https://events.example.org/winter-gala-2026") -> list[SheetEntry]:
    out = []
    for i in range(n):
        link = f"{base}/register?invite={new_token()}"
        out.append(
            SheetEntry(
                f"Person {i:03d} Łukasz-Zoë",
                ["attendee", "speaker, moderator"][i % 2],
                [f"Session {i}", "Closing concert"] if i % 3 else [],
                link,
                link.split("://", 1)[1],
            )
        )
    return out


def decode_sheet(path: Path, layout: str, paper: str) -> list[dict[int, str]]:
    """For each page: cell index -> the text of the code found in that cell."""
    lay = LAYOUTS[layout]
    pw, ph = PAPERS[paper]
    margin = lay.margin_mm / 25.4 * 72
    cw, ch = (pw - 2 * margin) / lay.columns, (ph - 2 * margin) / lay.rows
    pages = []
    pdf = pdfium.PdfDocument(str(path))
    for page in pdf:
        img = page.render(scale=DPI / 72).to_pil()
        found: dict[int, str] = {}
        for r in zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)):
            pts = [r.position.top_left, r.position.top_right, r.position.bottom_left, r.position.bottom_right]
            cx = sum(p.x for p in pts) / 4 / (DPI / 72)
            cy = sum(p.y for p in pts) / 4 / (DPI / 72)
            col, row = int((cx - margin) // cw), int((cy - margin) // ch)
            idx = row * lay.columns + col
            assert idx not in found, "two codes in one cell"
            found[idx] = r.text
        pages.append(found)
    pdf.close()
    return pages


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_code_decodes_to_its_persons_link(tmp_path: Path, layout: str, paper: str) -> None:
    lay = LAYOUTS[layout]
    n = lay.per_page + 3  # a full page and a partly filled one
    entries = _entries(n)
    out = tmp_path / "sheet.pdf"
    result = write_sheet(out, entries, layout, paper, event_name="Winter Gala 2026", workers=1)
    assert result.pages == 2 and result.codes == n
    pages = decode_sheet(out, layout, paper)
    expected = [
        {k: e.link for k, e in enumerate(entries[i : i + lay.per_page])} for i in range(0, n, lay.per_page)
    ]
    assert pages == expected


def _objects(path: Path) -> tuple[int, int]:
    """(image objects, path objects) on the first page."""
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    objs = list(pdf[0].get_objects())
    images = sum(o.type == raw.FPDF_PAGEOBJ_IMAGE for o in objs)
    paths = sum(o.type == raw.FPDF_PAGEOBJ_PATH for o in objs)
    pdf.close()
    return images, paths


def test_codes_are_vectors_and_text_is_selectable(tmp_path: Path) -> None:
    entries = _entries(5)
    out = tmp_path / "labels.pdf"
    write_sheet(out, entries, "labels-3x8", "a4", workers=1)
    assert b"/DCTDecode" not in out.read_bytes()  # no JPEG anywhere
    images, paths = _objects(out)
    assert images == 0 and paths >= 5  # the codes are vector paths, not bitmaps
    pdf = pdfium.PdfDocument(str(out))
    text = pdf[0].get_textpage().get_text_range().replace("\r", "")
    pdf.close()
    joined = text.replace("\n", "")
    words = " ".join(text.split())
    for e in entries:
        assert e.name in words  # a long name wraps onto two lines
        assert e.short_link in joined  # the whole link, across its wrapped lines
    assert "speaker, moderator" in text and "Session 1" in text


def test_badges_carry_the_cover_losslessly(tmp_path: Path) -> None:
    cover = Image.new("RGB", (600, 200), (30, 60, 120))
    buf = io.BytesIO()
    cover.save(buf, format="PNG")
    out = tmp_path / "badges.pdf"
    write_sheet(
        out, _entries(5), "badges-2x2", "a4", event_name="Winter Gala 2026", cover=buf.getvalue(), workers=1
    )
    raw_pdf = out.read_bytes()
    assert b"/DCTDecode" not in raw_pdf
    assert raw_pdf.count(b"/Subtype /Image") == 1  # one cover, stored once, shared by every badge
    images, _ = _objects(out)
    assert images == 4
    pdf = pdfium.PdfDocument(str(out))
    assert "Winter Gala 2026" in pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert all(len(p) for p in decode_sheet(out, "badges-2x2", "a4"))


def test_codes_are_large_enough_to_scan(tmp_path: Path) -> None:
    """A module of at least 0.5 mm on labels (phones read 0.3 mm and up)."""
    from planner.invites.qr import qr_matrix

    e = _entries(1)
    n = len(qr_matrix(e[0].link))
    lay = LAYOUTS["labels-3x8"]
    ch_mm = (PAPERS["letter"][1] / 72 * 25.4 - 2 * lay.margin_mm) / lay.rows
    assert ch_mm / (n + 8) >= 0.5


def test_progress_reaches_the_end_and_cancel_leaves_no_file(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    out = tmp_path / "p.pdf"
    write_sheet(out, _entries(30), "labels-3x8", "a4", progress=lambda d, t: seen.append((d, t)), workers=1)
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1] == 60
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)

    out2 = tmp_path / "cancelled.pdf"
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    with pytest.raises(SheetCancelledError):
        write_sheet(out2, _entries(60), "labels-3x8", "a4", cancelled=cancelled, workers=1)
    assert not out2.exists()
    assert list(tmp_path.glob(".qr-sheet-*")) == []


@pytest.mark.slow
def test_worker_processes_give_the_same_codes(tmp_path: Path) -> None:
    entries = _entries(250)
    out = tmp_path / "par.pdf"
    write_sheet(out, entries, "labels-3x8", "a4", workers=2)
    pages = decode_sheet(out, "labels-3x8", "a4")
    decoded = [text for page in pages for _, text in sorted(page.items())]
    assert decoded == [e.link for e in entries]


def test_a_wrapped_link_never_ends_a_line_with_a_dash(tmp_path: Path) -> None:
    """A line ending in "-" is taken for hyphenation: copied from the PDF, the dash goes."""
    from planner.invites.sheet import _wrap_link, fonts

    link = "events.example.org/winter-gala-2026/register?invite=MUtPqZttPXHkNok7d-ka_Q"
    for width in range(40, 200, 3):
        lines = _wrap_link(link, fonts()[0], 5.2, width)
        assert "".join(lines) == link
        assert not any(line.endswith("-") for line in lines[:-1])
    full = "https://" + link
    out = tmp_path / "dash.pdf"
    write_sheet(out, [SheetEntry("A", "attendee", [], full, link)], "labels-3x8", "a4", workers=1)
    pdf = pdfium.PdfDocument(str(out))
    text = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert link in text.replace("\r\n", "")
