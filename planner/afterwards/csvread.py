"""Reading the CSV files people export from streaming platforms and forms: tolerant of
header spelling, delimiter and a BOM, strict about values. Every problem is collected with
its file, line and field, and the import stops before anything is saved."""

from __future__ import annotations

import csv
import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from planner.csvtext import decode, detect_delimiter
from planner.domain.model import Schedule, Session
from planner.errors import UserError
from planner.text import plural

log = logging.getLogger(__name__)

MAX_SHOWN = 12


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return (
            f"line {self.line}, {self.field}: {self.message}"
            if self.field
            else f"line {self.line}: {self.message}"
        )


class CsvImportError(UserError):
    """Bad rows: the message lists each one (file, line, field); nothing was saved."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:MAX_SHOWN])
        more = f"; and {len(problems) - MAX_SHOWN} more" if len(problems) > MAX_SHOWN else ""
        n = len(problems)
        super().__init__(f"{plural(n, 'problem')}, nothing was imported: {shown}{more}", where=str(path))


def norm_header(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[_\-./]+", " ", text.strip().casefold())).strip()


@dataclass(slots=True)
class Table:
    path: Path
    columns: dict[str, str]  # our name -> the header as written
    rows: list[tuple[int, dict[str, str]]]  # (line number, our name -> value)


def read_table(path: Path, aliases: dict[str, tuple[str, ...]], required: tuple[str, ...]) -> Table:
    """Read ``path`` into rows keyed by our column names (``aliases``: our name -> the
    header spellings accepted, normalised). Missing required columns are one error."""
    path = Path(path)
    try:
        text = decode(path.read_bytes())[0]
    except OSError as exc:
        raise UserError(f"cannot read the file: {exc.strerror}", where=str(path)) from exc
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise UserError("the file is empty; it needs a header line and one row per entry", where=str(path))
    reader = csv.reader(lines, delimiter=detect_delimiter(text, ",;\t"))
    header = next(reader)
    found: dict[str, int] = {}
    written: dict[str, str] = {}
    lookup = {alias: ours for ours, names in aliases.items() for alias in names}
    for i, h in enumerate(header):
        ours = lookup.get(norm_header(h))
        if ours is not None and ours not in found:
            found[ours] = i
            written[ours] = h.strip()
    missing = [c for c in required if c not in found]
    if missing:
        wanted = ", ".join(f"“{aliases[c][0]}”" for c in missing)
        raise UserError(
            f"line 1: the header lacks the column{'s' if len(missing) > 1 else ''} {wanted} "
            f"(found: {', '.join(h.strip() for h in header) or 'nothing'})",
            where=str(path),
        )
    rows = []
    for n, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        rows.append((n, {ours: (raw[i].strip() if i < len(raw) else "") for ours, i in found.items()}))
    return Table(path, written, rows)


class SessionFinder:
    """Finds a session by guid or by title (case and spacing ignored)."""

    def __init__(self, schedule: Schedule) -> None:
        self.by_guid = {s.guid: s for s in schedule.sessions}
        self.by_title: dict[str, list[Session]] = {}
        for s in schedule.sessions:
            self.by_title.setdefault(self._key(s.title), []).append(s)

    @staticmethod
    def _key(text: str) -> str:
        return " ".join(text.casefold().split())

    def find(self, text: str) -> Session | str:
        """The session, or a sentence saying why none was found."""
        if not text:
            return "empty; give the session's guid or title"
        if text in self.by_guid:
            return self.by_guid[text]
        if text.lower() in self.by_guid:
            return self.by_guid[text.lower()]
        hits = self.by_title.get(self._key(text), [])
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return f"“{text}” names {len(hits)} sessions; use the guid"
        return f"no session has the guid or title “{text}”"


# The largest count or number of minutes a cell may hold: far above any event, and far
# below what SQLite's 64-bit integers hold.
MAX_NUMBER = 1_000_000_000
_MAX_DIGITS = 40


def parse_int(value: str, *, optional: bool = False) -> int | str | None:
    """An integer from 0 to :data:`MAX_NUMBER` (thousands separators allowed), None when
    optional and empty, or a sentence saying what is wrong."""
    v = value.replace(",", "").replace("_", "").replace(" ", "")
    if not v:
        return None if optional else "empty; a whole number is needed"
    shown = value if len(value) <= _MAX_DIGITS else value[:_MAX_DIGITS] + "…"
    if len(v) > _MAX_DIGITS:
        return f"“{shown}” is too large (at most {MAX_NUMBER:,})"
    try:
        n = int(v)
    except ValueError:
        try:
            f = float(v)
        except ValueError:
            return f"“{shown}” is not a number"
        if not math.isfinite(f):
            return f"“{shown}” is not a number"
        if not f.is_integer():
            return f"“{shown}” is not a whole number"
        if abs(f) > MAX_NUMBER:
            return f"“{shown}” is too large (at most {MAX_NUMBER:,})" if f > 0 else f"“{shown}” is negative"
        n = int(f)
    if n < 0:
        return f"{n} is negative" if n >= -MAX_NUMBER else f"“{shown}” is negative"
    if n > MAX_NUMBER:
        return f"“{shown}” is too large (at most {MAX_NUMBER:,})"
    return n


def parse_float(value: str, *, optional: bool = False) -> float | str | None:
    """A number from 0 to :data:`MAX_NUMBER` (a decimal comma allowed), None when optional
    and empty, or a sentence saying what is wrong (NaN and infinity are not numbers)."""
    v = value.replace(" ", "")
    if not v:
        return None if optional else "empty; a number is needed"
    shown = value if len(value) <= _MAX_DIGITS else value[:_MAX_DIGITS] + "…"
    if v.count(",") == 1 and "." not in v:
        v = v.replace(",", ".")  # a decimal comma
    try:
        f = float(v) if len(v) <= 2 * _MAX_DIGITS else math.inf
    except ValueError:
        return f"“{shown}” is not a number"
    if math.isnan(f):
        return f"“{shown}” is not a number"
    if f < 0:
        return f"“{shown}” must be a number ≥ 0"
    if f > MAX_NUMBER:
        return f"“{shown}” is too large (at most {MAX_NUMBER:,})"
    return f


def iter_rows(table: Table) -> Iterator[tuple[int, dict[str, str]]]:
    yield from table.rows
