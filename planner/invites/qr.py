"""QR codes for invite links: the module matrix, PNG (Pillow) and SVG images.

The matrix comes from :class:`qrcode.QRCode`, which picks the version and the mask by
the standard's penalty rules; images and sheets are drawn from the matrix.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import pairwise

import qrcode
import qrcode.exceptions
import qrcode.util

from planner.errors import UserError
from planner.invites.options import ErrorCorrection

log = logging.getLogger(__name__)

QUIET_ZONE = 4  # modules of white around a code, as the standard asks


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


# The two finder-like patterns the standard penalises (1:1:3:1:1 with four light
# modules on one side), bit j of each being the module j places further along.
_FINDER_LIKE = ((1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0), (0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1))


def _as_bits(lines: Iterable[Sequence[bool]]) -> list[int]:
    """Each line as an int whose bit i is module i."""
    return [int("".join("1" if v else "0" for v in reversed(line)), 2) for line in lines]


def _line_penalties(lines: list[int], n: int) -> int:
    """Rules 1 and 3 of the mask penalty over rows (or columns) given as bit lines,
    all positions of a line at once: the same sums as qrcode.util's module loops."""
    full = (1 << n) - 1
    pairs = (1 << (n - 1)) - 1
    starts5 = (1 << (n - 4)) - 1
    starts11 = (1 << (n - 10)) - 1 if n > 10 else 0
    points = 0
    for r in lines:
        same = ~(r ^ (r >> 1)) & pairs  # bit i: module i equals module i+1
        # Rule 1: a run of L >= 5 equal modules costs L - 2 = (its 5-windows) + 2.
        windows = same & (same >> 1) & (same >> 2) & (same >> 3) & starts5
        run_starts = ~(same << 1) & full
        points += windows.bit_count() + 2 * (windows & run_starts).bit_count()
        # Rule 3: 40 for each window that shows a finder-like pattern.
        if starts11:
            inv = ~r
            for pattern in _FINDER_LIKE:
                m = starts11
                for j, dark in enumerate(pattern):
                    m &= (r if dark else inv) >> j
                    if not m:
                        break
                points += 40 * m.bit_count()
    return points


def lost_points(rows: list[int], cols: list[int], n: int) -> int:
    """The mask penalty of a symbol given as row and column bit lines: equal to
    ``qrcode.util.lost_point`` on the same modules (tests/invites check), a few dozen
    times faster, so that choosing the mask no longer dominates a sheet of codes."""
    points = _line_penalties(rows, n) + _line_penalties(cols, n)
    pairs = (1 << (n - 1)) - 1
    for a, b in pairwise(rows):  # rule 2: 3 for each 2x2 block of one colour
        same_v = ~(a ^ b)
        points += 3 * (same_v & (same_v >> 1) & ~(a ^ (a >> 1)) & pairs).bit_count()
    dark = sum(r.bit_count() for r in rows)  # rule 4: 10 for each 5 % away from half dark
    return points + int(abs(dark / (n * n) * 100 - 50) / 5) * 10


@cache
def _mask_bits(version: int, level: ErrorCorrection) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """For each mask: the row and column XOR lines that turn the mask-0 symbol into it."""
    flips = _mask_flips(version, level)
    n = 17 + 4 * version
    out = []
    for k in range(8):
        rows, cols = [0] * n, [0] * n
        for r, c in flips[k]:
            rows[r] ^= 1 << c
            cols[c] ^= 1 << r
        out.append((tuple(rows), tuple(cols)))
    return tuple(out)


@cache
def _keep_bits(version: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Row and column AND lines that blank the reserved modules."""
    n = 17 + 4 * version
    rows, cols = [(1 << n) - 1] * n, [(1 << n) - 1] * n
    for r, c in _reserved(n, version):
        rows[r] &= ~(1 << c)
        cols[c] &= ~(1 << r)
    return tuple(rows), tuple(cols)


def _fast_matrix(text: str, level: ErrorCorrection) -> Matrix:
    """The same code as qrcode's own mask choice (lowest penalty of the eight masks,
    scored with the format and version bits blank), built once instead of eight times:
    each mask's symbol is the mask-0 symbol with that mask's flips applied, and the
    eight are scored on bit lines (:func:`lost_points`)."""
    qr = qrcode.QRCode(error_correction=level.constant, border=0, mask_pattern=0)
    qr.add_data(text)
    qr.make(fit=True)
    m0 = [list(row) for row in qr.get_matrix()]
    version, n = qr.version, len(m0)
    rows0, cols0 = _as_bits(m0), _as_bits(zip(*m0, strict=True))
    keep_rows, keep_cols = _keep_bits(version)
    best_k, best_score = 0, 0
    for k, (xr, xc) in enumerate(_mask_bits(version, level)):
        rows = [(a ^ x) & m for a, x, m in zip(rows0, xr, keep_rows, strict=True)]
        cols = [(a ^ x) & m for a, x, m in zip(cols0, xc, keep_cols, strict=True)]
        score = lost_points(rows, cols, n)
        if k == 0 or score < best_score:
            best_k, best_score = k, score
    for r, c in _mask_flips(version, level)[best_k]:
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


def png_bytes(
    text: str, level: ErrorCorrection | str = ErrorCorrection.M, box_size: int = 10, border: int = QUIET_ZONE
) -> bytes:
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


def svg_text(
    text: str,
    level: ErrorCorrection | str = ErrorCorrection.M,
    border: int = QUIET_ZONE,
    size_mm: float = 40.0,
) -> str:
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
