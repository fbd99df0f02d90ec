"""CSV schedules from spreadsheets: a header row naming the columns.

Columns (any order, case-insensitive, a few aliases): ``date``, ``start``, ``end`` or
``duration``, ``room``, ``title``, ``track``, ``speakers``, ``moderators``,
``description``, ``timezone`` (the zone of the wall times; the first row's counts) (and
``guid`` and ``pinned`` when we wrote the file: ``pinned`` is empty,
``yes`` for a session pinned in time and room, or ``room`` for one pinned to its room; no
other format we write has a field for pins, so CSV is the one that keeps them). The separator
(``,`` ``;`` tab) and the encoding (UTF-8 with or without BOM, Windows-1252) are detected. Times
are wall-clock times in the zone of ``--tz``, else of the ``timezone`` column, else UTC. Numeric
dates (09/12/2026) are day/month unless the file shows month/day (a 9/13/2026 and no 13/9/2026)
or, when no date tells, the header names the order ("Date (MM/DD/YYYY)"); dates that nothing
tells apart get one report line saying how they were read. Names in
``speakers`` and ``moderators`` are split on ``;`` ``|`` ``,`` and `` and ``; a cell ending in
``;`` splits on ``; `` alone (names with commas: planner writes them so). The writer neutralises
cells that a spreadsheet would run as formulas (starting with ``=``, ``+``, ``-``, ``@``).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import logging
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from planner.csvtext import decode, detect_delimiter
from planner.csvwrite import csv_text, safe_cell, unguard
from planner.domain.model import MAX_TEXT, Pin, Schedule
from planner.interop.builder import (
    Builder,
    ImportReport,
    ImportResult,
    InteropError,
    Progress,
    RawPerson,
    RawSession,
    ambiguous,
    check_when,
    choose_zone,
    minutes_between,
    parse_duration,
    wall_time,
)

log = logging.getLogger(__name__)

FORMAT = "csv"
ALIASES = {
    # English first, then German, French, Spanish, and Sessionize's export ("Scheduled At")
    "date": ("date", "day", "datum", "jour", "fecha", "start date"),
    "start": (
        "start",
        "start time",
        "time",
        "from",
        "begin",
        "beginn",
        "startzeit",
        "uhrzeit",
        "début",
        "debut",
        "heure",
        "inicio",
        "hora",
        "scheduled at",
        "starts at",
    ),
    "end": ("end", "end time", "to", "until", "ende", "endzeit", "bis", "fin", "ends at"),
    "duration": (
        "duration",
        "length",
        "minutes",
        "duration (min)",
        "dauer",
        "durée",
        "duración",
        "scheduled duration",
        "duration (minutes)",
    ),
    "room": ("room", "location", "stage", "track room", "raum", "ort", "saal", "salle", "sala"),
    "title": ("title", "session", "name", "talk", "session title", "titel", "titre", "título", "titulo"),
    "track": ("track", "category", "kategorie", "thème", "theme", "categoría"),
    "speakers": (
        "speakers",
        "speaker",
        "presenters",
        "presenter",
        "referent",
        "referenten",
        "referent:innen",
        "sprecher",
        "vortragende",
        "intervenant",
        "intervenants",
        "ponente",
        "ponentes",
    ),
    "moderators": ("moderators", "moderator", "host", "chair", "moderation", "modérateur", "moderador"),
    "description": ("description", "abstract", "summary", "beschreibung", "descripción", "descripcion"),
    "guid": ("guid", "uuid"),
    "kind": ("kind", "type"),
    "pinned": ("pinned", "pin"),
    "timezone": ("timezone", "time zone", "tz"),
}
COLUMNS = [
    "guid",
    "date",
    "start",
    "end",
    "duration",
    "room",
    "title",
    "track",
    "kind",
    "speakers",
    "moderators",
    "description",
    "pinned",
    "timezone",
]
PIN_CELLS = {Pin.NONE: "", Pin.FULL: "yes", Pin.ROOM: "room"}
_PIN_READ = {"yes": Pin.FULL, "true": Pin.FULL, "1": Pin.FULL, "full": Pin.FULL, "pinned": Pin.FULL}
_PIN_READ |= {"room": Pin.ROOM, "room only": Pin.ROOM, "": Pin.NONE, "no": Pin.NONE, "false": Pin.NONE}
_PIN_READ |= {"0": Pin.NONE}
_PIN_VALUE = {text: pin.value for text, pin in _PIN_READ.items()}


_CLOCK = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\s*([aApP][mM])?\s*$")


@lru_cache(maxsize=4096)  # a large file repeats its few dates and clock times
def _clock(text: str) -> time | None:
    m = _CLOCK.match(text)
    if not m:
        return None
    h, mi, sec = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if m.group(4):
        h = h % 12 + (12 if m.group(4).lower() == "pm" else 0)
    if h > 23 or mi > 59 or sec > 59:
        return None
    return time(h, mi, sec)


_CHUNK = 1 << 20  # characters


def lines_of(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends (CR, LF or CRLF), one at a time. A StringIO
    would copy the whole text into four bytes a character first: the text is cut into
    pieces of about a megabyte at line ends, and each piece is split by a StringIO of its
    own (which reads every line end the same way, in C)."""
    return itertools.chain.from_iterable(io.StringIO(piece, newline="") for piece in _pieces(text))


def _pieces(text: str) -> Iterator[str]:
    pos, n = 0, len(text)
    while pos < n:
        cut = text.find("\n", pos + _CHUNK)
        if cut < 0:  # no LF further on: cut after a bare CR (a file of CR line ends)
            cut = text.find("\r", pos + _CHUNK)
        if cut < 0:
            yield text[pos:]
            return
        yield text[pos : cut + 1]
        pos = cut + 1


def csv_rows(text: str, delimiter: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """The rows of ``text`` with the line each starts on, one at a time (a large file is
    never held as a list of rows). Bare CR, LF and CRLF line ends are all read; a cell
    larger than the csv module takes, or a quote that is never closed, ends the read with
    one sentence naming the line."""
    reader = csv.reader(lines_of(text), delimiter=delimiter, strict=True)
    last = 0
    while True:
        start = last + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = str(exc)
            if "field larger than field limit" in reason:
                reason = (
                    f"a cell holds more than {csv.field_size_limit():,} characters "
                    f"(a description may hold {MAX_TEXT:,})"
                )
            elif "unexpected end of data" in reason:
                reason = "a quoted value opens on this line and is never closed (the file ends inside it)"
            elif "expected after" in reason:
                reason = f"a quoted value is followed by more text before the separator ({reason})"
            raise InteropError(f"the CSV cannot be read: {reason}", where=f"{source}:{start}") from exc
        last = reader.line_num
        yield start, row


# A numeric date with its day and month in either order: 09/12/2026 is 9 December in most
# of the world and 12 September in the US. Dots are the German and Central European way
# and always day first. A year of two digits is this century's, with slashes and dots only
# (26-09-12 may be year-month-day).
_NUMERIC_DATE = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})$")
_NUMERIC_DATE_AHEAD = re.compile(r"^\s*(\d{1,2})([/-])(\d{1,2})\2(\d{4}|(?<=/)\d{2})(?!\d)")


@lru_cache(maxsize=4096)
def _date(text: str, month_first: bool = False) -> date | None:
    """The date of a cell; ``month_first`` reads 09/12/2026 (and 09-12-2026) as 12 September
    (a US file: the column shows it, see :class:`_DateOrder`)."""
    text = text.strip()
    if len(text) == 10 and text[4:5] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    m = _NUMERIC_DATE.match(text)
    if m:
        first, sep, second, year = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        if len(m.group(4)) == 2:
            if sep == "-":
                return None
            year += 2000
        day, month = (second, first) if month_first and sep != "." else (first, second)
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%d %b %Y", "%d %B %Y", "%b %d %Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class _DateOrder:
    """What the numeric dates of a file (09/12/2026, 9-13-2026, in the date column or at the
    head of a start or end cell) say of their order: a first part over 12 anywhere is a day
    (day/month), a second part over 12 a day (month/day); a file with neither is ambiguous."""

    def __init__(self) -> None:
        self.day_first = ""  # an example of each, or "" when none was seen
        self.month_first = ""
        self.ambiguous = ""
        self.ambiguous_dates: set[str] = set()  # distinct ones (at most a few thousand)

    def see(self, cell: str) -> None:
        m = _NUMERIC_DATE_AHEAD.match(cell)
        if m is None:
            return
        first, second = int(m.group(1)), int(m.group(3))
        shown = m.group(0).strip()
        if 12 < first <= 31 and 1 <= second <= 12:
            self.day_first = self.day_first or shown
        elif 12 < second <= 31 and 1 <= first <= 12:
            self.month_first = self.month_first or shown
        elif first != second and 1 <= first <= 12 and 1 <= second <= 12:
            self.ambiguous = self.ambiguous or shown
            self.ambiguous_dates.add(shown)

    def order(self, hint: bool | None) -> bool:
        """Whether to read month first: what the dates say, else the header's hint, else no."""
        if self.month_first and not self.day_first:
            return True
        if self.day_first and not self.month_first:
            return False
        return bool(hint)

    def tell(self, report: ImportReport, month_first: bool, hint: bool | None) -> None:
        """One line in the report when the order was inferred or could not be told."""
        if self.month_first and not self.day_first:
            example = _date(self.month_first, True)
            report.adjust(
                "numeric dates read as month/day (US order)",
                f"{self.month_first!r} can only be month/day: every numeric date read so ({example})",
            )
        elif self.ambiguous and not self.day_first and not self.month_first:
            example = _date(self.ambiguous, month_first)
            more = len(self.ambiguous_dates) - 1
            order, other = ("month/day", "day/month") if month_first else ("day/month", "month/day")
            why = "as the header of the column says" if hint is not None else "the usual reading"
            report.adjust(
                f"ambiguous numeric dates read as {order}",
                f"{self.ambiguous!r} read as {example}"
                + (f" and {more} more such date{'s' if more > 1 else ''}" if more > 0 else "")
                + f" ({why}): no date in the file has a day over 12 to tell {order} from {other}; "
                f"if the file writes {other}, give its dates as YYYY-MM-DD and import it again",
            )


# A header that names the order of its dates: "Date (MM/DD/YYYY)", "Datum [TT.MM.JJJJ]"
_ORDER_IN_HEADER = re.compile(
    r"^(.*?)\s*[(\[]\s*([mdt]{1,2})[/.-]([mdt]{1,2})[/.-](?:y{2,4}|j{2,4}|a{2,4})\s*[)\]]$"
)


def _order_in_header(name: str) -> tuple[str, bool | None]:
    """A header cell without the date order it names, and whether that order is month
    first (None when it names none)."""
    m = _ORDER_IN_HEADER.match(name)
    if m is None or {m.group(2)[0], m.group(3)[0]} not in ({"m", "d"}, {"m", "t"}):
        return name, None
    return m.group(1), m.group(2).startswith("m")


_DAY_AND_CLOCK = re.compile(r"^\s*(\S.*?)[\sT]+(\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[aApP][mM])?)\s*$")


def _day_and_clock(text: str, month_first: bool = False) -> tuple[date, time] | None:
    """A date and a clock time in one cell, as spreadsheets write them in many languages."""
    m = _DAY_AND_CLOCK.match(text)
    if not m:
        return None
    day, clock = _date(m.group(1), month_first), _clock(m.group(2))
    return (day, clock) if day is not None and clock is not None else None


def _name_list(names: list[str]) -> str:
    """Names joined with "; "; when one holds a comma, a bar or " and ", the cell ends in
    ";" so that each is read back as one name."""
    text = "; ".join(names)
    if any(re.search(r"[,|;]| and ", n) for n in names):
        text += ";"
    return text


_NAME_SPLIT = re.compile(r"[;|]|,(?=\s*\S)| and ")
_PLANNER_NAMES_SPLIT = re.compile(r";(?:\s|$)")
_NAMES_CACHED = 10_000  # distinct cells of names remembered (a cell names one or two people)


class _People:
    """The people of a cell, each cell split once: the rows of a large file name the same
    few thousand people over and over. A name gives one RawPerson, shared by every row that
    names it (the builder only reads them)."""

    def __init__(self) -> None:
        self.cells: dict[str, list[RawPerson]] = {}
        self.people: dict[str, RawPerson] = {}

    def __call__(self, cell: str) -> list[RawPerson]:
        if not cell:
            return []
        found = self.cells.get(cell)
        if found is not None:
            return list(found)
        people = []
        # a cell that ends in ";" lists names, split at "; ", that may hold commas or a bare
        # ";" ("Doe, Jane; he;him;"): planner writes them so; any other splits on ; | , " and "
        split = _PLANNER_NAMES_SPLIT if cell.rstrip().endswith(";") else _NAME_SPLIT
        for n in split.split(cell):
            name = n.strip()
            if name:
                raw = self.people.get(name)
                if raw is None:
                    raw = self.people[name] = RawPerson(name=name)
                people.append(raw)
        if len(self.cells) < _NAMES_CACHED:
            self.cells[cell] = people
        return list(people)


# The columns read from each row, in this order (a missing column reads as "")
_READ = (
    *("date", "start", "end", "duration", "room", "title", "track", "kind"),
    *("speakers", "moderators", "description", "guid", "pinned"),
)
_WHEN_CACHED = 65_536  # distinct (date, start, duration, end) cells remembered


def _when(
    day_text: str,
    start_text: str,
    dur_text: str,
    end_text: str,
    zone: ZoneInfo,
    where: str,
    report: ImportReport,
    month_first: bool = False,
) -> tuple[datetime | None, str, int]:
    """A row's start, the name of the field it came from and its duration in minutes, with
    every adjustment and refusal in ``report`` (naming ``where``)."""
    start: datetime | None = None
    day = _date(day_text, month_first)
    start_field = "start"
    try:
        if len(start_text) < 10:  # a clock time only: no need to try a full date and time
            raise ValueError(start_text)
        start = datetime.fromisoformat(start_text.replace("/", "-"))
        if start.tzinfo is None:
            start = wall_time(start.date(), start.time(), zone, where, report, "start")
    except ValueError:
        clock = _clock(start_text)
        if clock is None and (both := _day_and_clock(start_text, month_first)) is not None:
            day, clock = both  # "12.09.2026 13:00", "12 Sep 2026 09:00 AM" (Sessionize)
        if clock is not None and day is not None:
            start_field = "date"
            start = wall_time(day, clock, zone, where, report, "date")
    check_when(start, start_field, where)
    if start is None:
        report.refused.append(
            f"{where}: start: {start_text!r} (date {day_text!r}) is not a time; kept unscheduled"
        )
    duration = 0
    try:
        if dur_text:
            duration = parse_duration(dur_text)
        elif end_text and start is not None:
            end_clock = _clock(end_text)
            if end_clock is not None:
                local = start.astimezone(zone)
                end = wall_time(local.date(), end_clock, zone, where, report, "end")
                if end < start:
                    # 23:30-00:30 runs past midnight; the report says so, with the line
                    next_day = local.date() + timedelta(days=1)
                    end = wall_time(next_day, end_clock, zone, where, report, "end")
                    minutes = minutes_between(start, end)
                    report.adjust(
                        "end before the start read as the next day",
                        f"{where}: {start_text} to {end_text} ({minutes} min)",
                    )
            elif (both := _day_and_clock(end_text, month_first)) is not None:
                end = wall_time(both[0], both[1], zone, where, report, "end")
                if end < start:
                    report.adjust("end before the start: duration set to 0", f"{where}: {end_text!r}")
                    end = start
            else:
                end = datetime.fromisoformat(end_text)
                end = end if end.tzinfo else end.replace(tzinfo=zone)
                if end < start:
                    report.adjust("end before the start: duration set to 0", f"{where}: {end_text!r}")
                    end = start
            duration = minutes_between(start, end)
    except ValueError:
        report.refused.append(
            f"{where}: end/duration: {(dur_text or end_text)!r} is not a time or duration; set to 0"
        )
    return start, start_field, duration


def read(path: Path, data: bytes, tz: str | None = None, progress: Progress | None = None) -> ImportResult:
    source = path.name
    report = ImportReport(format=FORMAT, timezone_used="")
    text, encoding = decode(data)
    del data  # a large file's bytes go once decoded (read() hands over its one reference)
    if encoding not in ("utf-8", "utf-8-sig"):
        report.adjust(
            "encoding", f"not UTF-8: read as {'Windows-1252' if encoding == 'cp1252' else encoding}"
        )
    delim = detect_delimiter(text, ",;\t")
    rows = csv_rows(text, delim, source)
    first = next(rows, None)
    if first is None:
        raise InteropError("the file is empty", where=f"{source}:1")
    header = [h.strip().casefold() for h in first[1]]
    hints = [_order_in_header(h) for h in header]
    header = [h for h, _ in hints]
    hint = next((month for _, month in hints if month is not None), None)
    col: dict[str, int] = {}
    for key, names in ALIASES.items():
        for i, h in enumerate(header):
            if h in names and key not in col:
                col[key] = i
    missing = [k for k in ("title", "start", "room") if k not in col]
    if "end" not in col and "duration" not in col:
        missing.append("end or duration")
    if missing:
        raise InteropError(
            f"the header row lacks the column(s) {', '.join(missing)} "
            f"(found: {', '.join(h[:40] for h in header if h)[:400] or 'nothing'})",
            where=f"{source}:1",
        )
    declared = None
    if "timezone" in col:  # the zone of the wall times, as planner writes it: the first row's
        head = next(rows, None)
        if head is not None:
            declared = head[1][col["timezone"]].strip() if col["timezone"] < len(head[1]) else None
            rows = itertools.chain([head], rows)
    zone_name = choose_zone(tz, declared, [], report)
    zone = ZoneInfo(zone_name)
    held = [text]  # the rows' pass lets the text go when it is done with it
    del text
    # Numeric dates are read day/month first; when the file shows them to be month/day (a
    # 9/13/2026 and no 13/9/2026), its rows are read once more in that order.
    pending = [rows]
    del rows  # (the rows hold the text)
    args = (path, held, pending, header, col, zone, zone_name, report, progress)
    built = _read_rows(*args, hint, bool(hint))
    if built is None:
        pending.append(itertools.islice(csv_rows(held[0], delim, source), 1, None))
        built = _read_rows(*args, hint, not hint)
    assert built is not None
    return built


def _read_rows(
    path: Path,
    held: list[str],
    pending: list[Iterator[tuple[int, list[str]]]],
    header: list[str],
    col: dict[str, int],
    zone: ZoneInfo,
    zone_name: str,
    first_report: ImportReport,
    progress: Progress | None,
    hint: bool | None,
    month_first: bool,
) -> ImportResult | None:
    """The sessions of the rows below the header; None when the numeric dates turn out to be
    month/day and they were read day/month (the caller reads the rows again)."""
    source = path.name
    rows = pending.pop()
    report = dataclasses.replace(
        first_report,
        adjusted={k: list(v) for k, v in first_report.adjusted.items()},
        refused=list(first_report.refused),
    )
    builder = Builder(report, source)
    total = held[0].count("\n") or 1  # lines, for the progress bar
    order = _DateOrder()
    # Each row is padded to the header's width plus one empty cell, which a missing column
    # reads (index -1): one itemgetter takes every cell a row needs.
    width = len(header)
    cells = itemgetter(*(col.get(key, -1) for key in _READ))
    pad = [""] * width
    people_of = _People()
    # The start and duration of a row depend on its four time cells only: a large file
    # repeats a few thousand of them. A result is remembered only when reading it added
    # nothing to the report (which would name the row's line).
    whens: dict[tuple[str, str, str, str], tuple[datetime | None, str, int]] = {}

    for n, row in rows:
        if progress is not None and n % 200 == 0 and progress(min(n, total), total) is False:
            raise InteropError("the import was cancelled", where=source)
        short = width - len(row)
        if short > 0:
            row += pad[:short]
        row.append("")
        values = list(map(str.strip, cells(row)))
        if "'" in "".join(values):  # unguard changes only a cell that starts with '
            values = [unguard(v) if v[:1] == "'" else v for v in values]
        day_text, start_text, end_text, dur_text, room, title, track, kind, speakers = values[:9]
        moderators, description, guid, pin_text = values[9:]
        if not title:  # an empty row is passed over; a row without a title left out
            if any(c.strip() for c in row):
                report.refused.append(f"{source}:{n}: title: empty; the row is left out")
            continue
        where = f"{source}:{n}"
        cells_of_time = (day_text, start_text, dur_text, end_text)
        when = whens.get(cells_of_time)
        if when is None:
            scratch = ImportReport(format=FORMAT, timezone_used="")
            order.see(day_text)
            order.see(start_text)
            order.see(end_text)
            when = _when(day_text, start_text, dur_text, end_text, zone, where, scratch, month_first)
            if scratch.adjusted or scratch.refused:
                for kind_, items in scratch.adjusted.items():
                    report.adjusted.setdefault(kind_, []).extend(items)
                report.refused.extend(scratch.refused)
            elif len(whens) < _WHEN_CACHED:
                whens[cells_of_time] = when
        start, start_field, duration = when
        pin_text = pin_text.casefold()
        pin = _PIN_VALUE.get(pin_text)
        if pin is None:
            report.refused.append(f"{where}: pinned: {pin_text!r} is not yes, room or empty; not pinned")
            pin = Pin.NONE.value
        builder.add(
            RawSession(
                where=where,
                title=title,
                start=start,
                duration=duration,
                room=room or None,
                guid=guid or None,
                track=track,
                type=kind,
                description=description,
                speakers=people_of(speakers),
                moderators=people_of(moderators),
                start_field=start_field,
                pin=pin,
            )
        )
    if order.order(hint) != month_first:
        return None
    order.tell(report, month_first, hint)
    if progress is not None:
        progress(total, total)
    if not builder.sessions:
        raise InteropError("no sessions found below the header row", where=f"{source}:2")
    del rows
    held.clear()  # the text goes before the schedule is validated (a large file's peak)
    return ImportResult(schedule=builder.build(path.stem.replace("_", " "), zone_name), report=report)


def _start_cell(local: datetime) -> str:
    """The wall-clock time, or the time with its offset when the autumn change repeats the
    hour it is in (02:30 twice in Berlin): the reader takes an offset as it is."""
    if ambiguous(local):
        return local.isoformat(timespec="seconds" if local.second else "minutes")
    return local.strftime("%H:%M:%S" if local.second else "%H:%M")


def neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (the one
    guard of every CSV planner writes: :func:`planner.csvwrite.safe_cell`)."""
    return safe_cell(value)


def write(schedule: Schedule, path: Path, **options: Any) -> None:
    ev = schedule.event
    zone = ev.zone
    rooms = schedule.room_by_guid()
    people = schedule.person_by_guid()
    rows: list[list[str]] = []
    order = sorted(
        schedule.sessions,
        key=lambda s: (
            s.start is None,
            s.start or datetime.min.replace(tzinfo=zone),
            rooms[s.room].position if s.room in rooms else 0,
            s.title,
        ),
    )
    for s in order:
        local = s.start.astimezone(zone) if s.start else None
        end = (s.start + timedelta(minutes=s.duration_minutes)).astimezone(zone) if s.start else None
        row = [
            s.guid,
            local.date().isoformat() if local else "",
            _start_cell(local) if local else "",
            end.strftime("%H:%M") if end else "",
            str(s.duration_minutes),
            rooms[s.room].name if s.room in rooms else "",
            s.title,
            s.track,
            s.kind.value,
            _name_list([people[g].name for g in s.speakers if g in people]),
            _name_list([people[g].name for g in s.moderators if g in people]),
            s.description,
            PIN_CELLS[s.pin],
            ev.timezone,  # the zone of the wall times: a re-import puts them back where they were
        ]
        rows.append(row)
    path.write_text(csv_text(COLUMNS, rows), encoding="utf-8-sig", newline="")
