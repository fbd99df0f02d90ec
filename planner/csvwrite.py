"""Writing every CSV planner produces (schedule export, people, invites, reminders): one
dialect, one spreadsheet guard, written whole or not at all. No Qt.

A cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) gets a leading apostrophe, which spreadsheets show as
text. A cell that only looks guarded (``'=x``) gets one too, so that :func:`unguard`
gives every cell back as it was. The readers of planner's own CSV (schedules, people)
undo the guard with :func:`unguard`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from planner.files import written_whole

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """``value`` as a cell that a spreadsheet shows as text, never runs."""
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def unguard(cell: str) -> str:
    """The value :func:`safe_cell` was given: ``'=x`` is ``=x``, ``''=x`` is ``'=x``."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """The CSV text (comma, CRLF line ends as RFC 4180 says, every cell guarded)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow([safe_cell(h) for h in header])
    for row in rows:
        w.writerow([safe_cell(c) for c in row])
    return buf.getvalue()


def write_csv(path: Path | str, header: Sequence[object], rows: Iterable[Sequence[object]]) -> None:
    """Write a CSV to ``path``: UTF-8 with a BOM (which Excel needs to see UTF-8), every
    cell guarded by :func:`safe_cell`; written to a scratch file beside it, then renamed,
    so a failure leaves the earlier file as it was."""
    text = csv_text(header, rows)
    with written_whole(path) as tmp:
        tmp.write_text(text, encoding="utf-8-sig", newline="")
