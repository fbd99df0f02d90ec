"""The choices of QR codes and sheets, with none of the libraries that draw them.

The command line offers these choices on every start (``planner --help`` lists them),
so they live here rather than beside qrcode and reportlab, which cost about 90 ms to
import and are needed only when a code or a sheet is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorCorrection(StrEnum):
    """How much of a code may be lost (dirt, a fold, a logo) and still read."""

    L = "L"  # about 7 %
    M = "M"  # about 15 %
    Q = "Q"  # about 25 %
    H = "H"  # about 30 %

    @property
    def constant(self) -> int:
        from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

        return {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}[
            self.value
        ]

    @property
    def label(self) -> str:
        return {"L": "Low (7 %)", "M": "Medium (15 %)", "Q": "Quartile (25 %)", "H": "High (30 %)"}[
            self.value
        ]


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    kind: str  # "label" or "badge"
    columns: int
    rows: int
    margin_mm: float  # page margin on every side (printers cannot print to the edge)
    description: str

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


LAYOUTS: dict[str, Layout] = {
    "labels-3x8": Layout("labels-3x8", "label", 3, 8, 6, "24 labels a page (3 × 8), about 66 × 36 mm"),
    "labels-2x7": Layout("labels-2x7", "label", 2, 7, 8, "14 labels a page (2 × 7), about 97 × 40 mm"),
    "badges-2x2": Layout(
        "badges-2x2", "badge", 2, 2, 8, "4 name badges a page (2 × 2) with the event's cover"
    ),
    "badges-2x3": Layout(
        "badges-2x3", "badge", 2, 3, 8, "6 name badges a page (2 × 3) with the event's cover"
    ),
}
DEFAULT_LAYOUT = "labels-3x8"
PAPER_NAMES = ("a4", "letter")  # the sizes are reportlab's, in planner.invites.sheet
