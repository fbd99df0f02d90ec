"""QR codes for invite links: the module matrix, PNG (Pillow) and SVG images.

The matrix comes from :class:`qrcode.QRCode`, which picks the version and the mask by
the standard's penalty rules; images and sheets are drawn from the matrix.
"""

from __future__ import annotations

import io
import logging
from enum import StrEnum
from functools import cache

import qrcode
import qrcode.util
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

from planner.errors import UserError

log = logging.getLogger(__name__)

QUIET_ZONE = 4  # modules of white around a code, as the standard asks


class ErrorCorrection(StrEnum):
    """How much of a code may be lost (dirt, a fold, a logo) and still read."""

    L = "L"  # about 7 %
    M = "M"  # about 15 %
    Q = "Q"  # about 25 %
    H = "H"  # about 30 %

    @property
    def constant(self) -> int:
        return {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}[self.value]

    @property
    def label(self) -> str:
        return {"L": "Low (7 %)", "M": "Medium (15 %)", "Q": "Quartile (25 %)", "H": "High (30 %)"}[self.value]


Matrix = list[list[bool]]


def _plain_matrix(text: str, level: ErrorCorrection) -> Matrix:
    qr = qrcode.QRCode(error_correction=level.constant, border=0)
    qr.add_data(text)
    qr.make(fit=True)
    return [list(row) for row in qr.get_matrix()]


def _reserved(n: int, version: int) -> list[tuple[int, int]]:
    """Where the standard puts the format information (twice), the dark module and,
    from version 7, the version information: blank while masks are compared."""
    cells = [(r, 8) for r in (0, 1, 2, 3, 4, 5, 7, 8)] + [(n - 7 + i, 8) for i in range(7)]
    cells += [(8, c) for c in (0, 1, 2, 3, 4, 5, 7)] + [(8, n - 1 - i) for i in range(8)]
    cells.append((n - 8, 8))
    if version >= 7:
        cells += [(i // 3, i % 3 + n - 11) for i in range(18)]
        cells += [(i % 3 + n - 11, i // 3) for i in range(18)]
    return cells


@cache
def _mask_flips(version: int, level: ErrorCorrection) -> tuple[tuple[tuple[int, int], ...], ...]:
    """For each mask k, the modules in which the code with mask k differs from the same
    code with mask 0 (data modules, and the format bits): the same for every text of
    this version and level, so it is learnt once from a blank code."""
    def blank(k: int) -> Matrix:
        qr = qrcode.QRCode(version=version, error_correction=level.constant, border=0, mask_pattern=k)
        qr.add_data("")
        qr.make(fit=False)
        return qr.get_matrix()

    base = blank(0)
    n = len(base)
    out = []
    for k in range(8):
        mk = blank(k)
        out.append(tuple((r, c) for r in range(n) for c in range(n) if mk[r][c] != base[r][c]))
    return tuple(out)


def _fast_matrix(text: str, level: ErrorCorrection) -> Matrix:
    """The same code as qrcode's own mask choice (lowest penalty of the eight masks,
    scored with the format and version bits blank), built once instead of eight times:
    each mask's symbol is the mask-0 symbol with that mask's flips applied."""
    qr = qrcode.QRCode(error_correction=level.constant, border=0, mask_pattern=0)
    qr.add_data(text)
    qr.make(fit=True)
    m0 = [list(row) for row in qr.get_matrix()]
    version, n = qr.version, len(m0)
    flips = _mask_flips(version, level)
    reserved = _reserved(n, version)
    best_k, best_score = 0, 0
    for k in range(8):
        m = [row[:] for row in m0]
        for r, c in flips[k]:
            m[r][c] = not m[r][c]
        for r, c in reserved:
            m[r][c] = False
        score = qrcode.util.lost_point(m)
        if k == 0 or score < best_score:
            best_k, best_score = k, score
    for r, c in flips[best_k]:
        m0[r][c] = not m0[r][c]
    return m0


def qr_matrix(text: str, level: ErrorCorrection | str = ErrorCorrection.M) -> Matrix:
    """The dark (True) and light modules of the code for ``text``, without quiet zone."""
    lv = ErrorCorrection(level)
    try:
        try:
            return _fast_matrix(text, lv)
        except (AttributeError, IndexError, TypeError):  # a qrcode that works otherwise
            log.warning("fast QR path unavailable; using qrcode's own", exc_info=True)
            return _plain_matrix(text, lv)
    except (qrcode.exceptions.DataOverflowError, ValueError) as exc:  # qrcode 8 says either
        raise UserError(f"the link is too long for a QR code ({len(text)} characters)") from exc


def matrices(texts: list[str], level: ErrorCorrection | str = ErrorCorrection.M) -> list[Matrix]:
    """Matrices for many texts (a picklable unit of work for a process pool)."""
    return [qr_matrix(t, level) for t in texts]


def dark_runs(matrix: Matrix) -> list[tuple[int, int, int]]:
    """Each row's runs of dark modules as ``(row, first column, length)``: drawing one
    rectangle per run instead of one per module keeps PDFs and SVGs small and fast."""
    runs = []
    for y, row in enumerate(matrix):
        x, n = 0, len(row)
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return runs


def path_ops(matrix: Matrix) -> str:
    """The dark modules as PDF path operators in module units (``x y w 1 re``, y down)."""
    return "\n".join(f"{x} {y} {w} 1 re" for y, x, w in dark_runs(matrix))


def coded_paths(texts: list[str], level: ErrorCorrection | str = ErrorCorrection.M) -> list[tuple[int, str]]:
    """For each text, the code's size in modules and its :func:`path_ops`: all the
    per-code work of a sheet, done where it is cheap to parallelise (a worker process)."""
    out = []
    for t in texts:
        m = qr_matrix(t, level)
        out.append((len(m), path_ops(m)))
    return out


def png_bytes(text: str, level: ErrorCorrection | str = ErrorCorrection.M, box_size: int = 10,
              border: int = QUIET_ZONE) -> bytes:
    """A black-on-white PNG (1 bit per pixel, lossless) of the code."""
    from PIL import Image

    m = qr_matrix(text, level)
    n = len(m)
    img = Image.new("1", (n + 2 * border, n + 2 * border), 1)
    px = img.load()
    assert px is not None
    for y, row in enumerate(m):
        for x, dark in enumerate(row):
            if dark:
                px[x + border, y + border] = 0
    img = img.resize((img.width * box_size, img.height * box_size), Image.Resampling.NEAREST)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def svg_text(text: str, level: ErrorCorrection | str = ErrorCorrection.M, border: int = QUIET_ZONE,
             size_mm: float = 40.0) -> str:
    """An SVG of the code: one path of rectangles in module units on a white square."""
    m = qr_matrix(text, level)
    total = len(m) + 2 * border
    d = "".join(f"M{x + border} {y + border}h{w}v1h-{w}z" for y, x, w in dark_runs(m))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size_mm}mm" height="{size_mm}mm" '
        f'viewBox="0 0 {total} {total}" shape-rendering="crispEdges">\n'
        f'<rect width="{total}" height="{total}" fill="#fff"/>\n'
        f'<path fill="#000" d="{d}"/>\n'
        "</svg>\n"
    )
