"""People as CSV: import with a column mapping, export that is safe for spreadsheets.

Import reads a file with a header row. The encoding (UTF-8 with or without BOM, UTF-16
with BOM, else Windows-1252) and the separator (comma, semicolon, tab, pipe) are
detected; the columns are mapped by their names (and the mapping can be changed).
Rows with the same e-mail are merged into one person, and a person already in the event
with that e-mail is updated rather than added again. Every rejected row is reported
with its line number and reason, and then nothing is imported: all or nothing.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from planner.csvtext import decode, detect_delimiter
from planner.csvwrite import safe_cell, write_csv
from planner.domain.model import UTC, DomainError, Interval, Person, PersonRole, check_date
from planner.errors import UserError
from planner.text import noun, plural

log = logging.getLogger(__name__)

FIELDS = (
    "name",
    "first_name",
    "last_name",
    "email",
    "organisation",
    "timezone",
    "role",
    "availability",
    "guid",
)
FIELD_LABELS = {
    "name": "Name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "E-mail",
    "organisation": "Organisation",
    "timezone": "Time zone",
    "role": "Role",
    "availability": "Availability",
    "guid": "Planner id",
}
# Header names (lower case, without spaces, dashes and underscores) for each field.
_SYNONYMS = {
    "name": {"name", "fullname", "person", "displayname", "participant", "speaker", "attendee"},
    "first_name": {"firstname", "givenname", "forename", "vorname", "prenom", "prénom"},
    "last_name": {"lastname", "surname", "familyname", "nachname", "nom"},
    "email": {"email", "mail", "emailaddress", "mailaddress", "courriel"},
    "organisation": {
        "organisation",
        "organization",
        "org",
        "company",
        "affiliation",
        "institution",
        "firma",
        "employer",
    },
    "timezone": {"timezone", "tz", "zone", "zeitzone"},
    "role": {"role", "type", "kind", "rolle"},
    "availability": {"availability", "available", "availabilitywindows"},
    "guid": {"guid", "uuid", "plannerid"},
}
MAX_REPORTED = 200
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(slots=True)
class Table:
    """A CSV file read as text: its encoding, separator, header and rows by line."""

    encoding: str
    delimiter: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number where the row starts, cells)


@dataclass(frozen=True, slots=True)
class Reject:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(slots=True)
class ImportPlan:
    """What an import would do; nothing is saved until the caller saves ``people``."""

    people: list[Person] = field(default_factory=list)  # new and updated, to save
    added: int = 0
    updated: int = 0
    merged: int = 0  # rows folded into an earlier row with the same e-mail
    rejects: list[Reject] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejects

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.updated} updated"]
        if self.merged:
            parts.append(f"{plural(self.merged, 'duplicate row')} merged")
        return ", ".join(parts)

    def check(self, source: str = "the file") -> None:
        """Raise :class:`UserError` listing every rejected row (nothing was imported)."""
        if self.rejects:
            shown = "\n".join(f"  {r}" for r in self.rejects[:MAX_REPORTED])
            more = (
                f"\n  … and {len(self.rejects) - MAX_REPORTED} more"
                if len(self.rejects) > MAX_REPORTED
                else ""
            )
            raise UserError(
                f"{plural(len(self.rejects), 'row')} of {source} {noun(len(self.rejects), 'was', 'were')} "
                f"rejected, so nothing was imported:\n{shown}{more}"
            )


# ------------------------------------------------------------------ reading
def read_table(data: bytes, source: str = "the file") -> Table:
    text, encoding = decode(data)
    if not text.strip():
        raise UserError(f"{source} is empty")
    delimiter = detect_delimiter(text)
    # strict: a quote that is never closed ends the read with its line, instead of
    # swallowing the rest of the file into one cell
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    last = 0
    while True:
        start = last + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            reason = str(exc)
            if "unexpected end of data" in reason:
                reason = "a quoted value opens on this line and is never closed"
            elif "field larger than field limit" in reason:
                reason = f"a cell holds more than {csv.field_size_limit():,} characters"
            raise UserError(f"{source}, line {start}: the CSV cannot be read ({reason})") from exc
        last = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip() for c in cells]
        else:
            rows.append((start, cells))
    if header is None:
        raise UserError(f"{source} has no header row")
    return Table(encoding, delimiter, header, rows)


def _key(header: str) -> str:
    return re.sub(r"[\s_\-./]+", "", header.strip().lower())


def guess_mapping(header: list[str]) -> dict[str, int]:
    """Which column holds each field, by the column's name; fields not found are absent."""
    mapping: dict[str, int] = {}
    for i, h in enumerate(header):
        k = _key(h)
        for f in FIELDS:
            if f not in mapping and k in _SYNONYMS[f]:
                mapping[f] = i
                break
    if "name" in mapping and ("first_name" in mapping or "last_name" in mapping):
        mapping.pop("first_name", None)
        mapping.pop("last_name", None)
    return mapping


def _unescape(cell: str) -> str:
    """Undo the export's spreadsheet guard: ``'=x`` read back is ``=x`` (and ``''=x``,
    the guarded form of ``'=x``, is ``'=x``)."""
    if cell.startswith("'") and cell.lstrip("'").startswith(_DANGEROUS):
        return cell[1:]
    return cell


def _parse_role(text: str) -> PersonRole:
    t = text.strip().lower()
    aliases = {
        "speakers": "speaker",
        "moderators": "moderator",
        "attendees": "attendee",
        "participant": "attendee",
        "staff": "crew",
        "volunteer": "crew",
        "host": "moderator",
    }
    t = aliases.get(t, t)
    try:
        return PersonRole(t)
    except ValueError:
        raise ValueError(f"unknown role {text!r} (use {', '.join(r.value for r in PersonRole)})") from None


def _parse_instant(text: str) -> datetime:
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        raise ValueError(f"the time {text!r} has no UTC offset")
    check_date(value, "availability")  # before the conversion, which may overflow at the edges
    return value.astimezone(UTC)


def parse_availability(text: str) -> list[Interval]:
    """Windows as ISO pairs ``start/end`` separated by ``;`` or new lines."""
    out = []
    for part in re.split(r"[;\n]+", text):
        part = part.strip()
        if not part:
            continue
        if "/" not in part:
            raise ValueError(f"the availability window {part!r} is not start/end")
        a, b = part.split("/", 1)
        try:
            out.append(Interval(_parse_instant(a), _parse_instant(b)))
        except DomainError as exc:
            raise ValueError(f"the availability window {part[:80]!r}: {exc.message}") from exc
        except (ValueError, OverflowError) as exc:
            raise ValueError(f"the availability window {part[:80]!r} is not valid: {exc}") from exc
    return out


def format_availability(windows: list[Interval]) -> str:
    return "; ".join(f"{w.start.isoformat()}/{w.end.isoformat()}" for w in windows)


def plan_import(
    table: Table, mapping: dict[str, int], existing: list[Person], default_role: PersonRole | None = None
) -> ImportPlan:
    """Turn the rows into people. Rows that share an e-mail become one person (a later
    row fills what an earlier one left empty); a person of ``existing`` with the same
    e-mail is updated and keeps their guid. Rejects are collected, not raised."""
    plan = ImportPlan()
    if "name" not in mapping and not ("first_name" in mapping or "last_name" in mapping):
        plan.rejects.append(
            Reject(1, f"no column is mapped to the name (header: {', '.join(table.header) or 'empty'})")
        )
        return plan
    width = len(table.header)
    by_email = {p.email.casefold(): p for p in existing if p.email}
    by_guid = {p.guid: p for p in existing}
    seen: dict[str, tuple[Person, int]] = {}
    result: list[Person] = []
    for line, cells in table.rows:

        def cell(f: str, cells: list[str] = cells) -> str:
            i = mapping.get(f)
            return _unescape(cells[i].strip()) if i is not None and i < len(cells) else ""

        if len(cells) > width and any(c.strip() for c in cells[width:]):
            plan.rejects.append(
                Reject(
                    line,
                    f"the row has {len(cells)} cells but the header "
                    f"has {width} (a separator inside an unquoted value?)",
                )
            )
            continue
        name = cell("name") or " ".join(x for x in (cell("first_name"), cell("last_name")) if x)
        name = " ".join(name.split())
        if not name:
            plan.rejects.append(Reject(line, "the name is empty"))
            continue
        try:
            role_text = cell("role")
            role = _parse_role(role_text) if role_text else (default_role or PersonRole.ATTENDEE)
            availability = parse_availability(cell("availability")) if cell("availability") else []
        except ValueError as exc:
            plan.rejects.append(Reject(line, str(exc)))
            continue
        email = cell("email")
        person = Person(
            name=name,
            email=email,
            organisation=cell("organisation"),
            timezone=cell("timezone"),
            role=role,
            availability=availability,
        )
        try:
            person.validate()
        except DomainError as exc:
            plan.rejects.append(Reject(line, f"{exc.field}: {exc.message}"))
            continue
        key = email.casefold()
        if key and key in seen:
            first, _first_line = seen[key]
            for f in ("organisation", "timezone"):
                if not getattr(first, f) and getattr(person, f):
                    setattr(first, f, getattr(person, f))
            if not first.availability:
                first.availability = person.availability
            if role_text and first.role == (default_role or PersonRole.ATTENDEE):
                first.role = person.role
            plan.merged += 1
            continue
        old = by_guid.get(cell("guid")) or (by_email.get(key) if key else None)
        if old is not None and any(p.guid == old.guid for p in result):
            plan.rejects.append(Reject(line, f"the row names {old.name} again"))
            continue
        if old is not None:
            person = replace(
                old,
                name=person.name,
                email=person.email,
                organisation=person.organisation or old.organisation,
                timezone=person.timezone or old.timezone,
                role=person.role if role_text or default_role else old.role,
                availability=person.availability or list(old.availability),
                extra=dict(old.extra),
            )
            plan.updated += 1
        else:
            plan.added += 1
        if key:
            seen[key] = (person, line)
        result.append(person)
    plan.people = result
    return plan


def import_file(
    path: Path | str,
    existing: list[Person],
    default_role: PersonRole | None = None,
    mapping: dict[str, int] | None = None,
) -> tuple[Table, ImportPlan]:
    """Read and plan an import of ``path``; the plan's ``check`` raises on any reject."""
    path = Path(path)
    table = read_table(path.read_bytes(), str(path))
    plan = plan_import(
        table, mapping if mapping is not None else guess_mapping(table.header), existing, default_role
    )
    return table, plan


# ------------------------------------------------------------------ writing
def spreadsheet_safe(value: str) -> str:
    """A cell that a spreadsheet shows as text (see :func:`planner.csvwrite.safe_cell`)."""
    return safe_cell(value)


def write_rows(path: Path | str, header: list[str], rows: list[list[str]]) -> None:
    """Write a CSV through the one writer of planner's CSV (:func:`planner.csvwrite.write_csv`)."""
    write_csv(path, header, rows)


EXPORT_HEADER = ["name", "email", "organisation", "timezone", "role", "sessions", "availability", "guid"]


def export_people(path: Path | str, people: list[Person], sessions_by_person: dict[str, list[str]]) -> int:
    rows = [
        [
            p.name,
            p.email,
            p.organisation,
            p.timezone,
            p.role.value,
            "; ".join(sessions_by_person.get(p.guid, [])),
            format_availability(p.availability),
            p.guid,
        ]
        for p in people
    ]
    write_rows(path, EXPORT_HEADER, rows)
    return len(rows)
