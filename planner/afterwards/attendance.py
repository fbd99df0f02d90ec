"""Attendance CSV: one row per session with registered, attended, peak viewers and
average minutes watched. Read all or nothing: any bad row stops the import."""

from __future__ import annotations

import logging
from pathlib import Path

from planner.afterwards.csvread import (
    CsvImportError,
    Problem,
    SessionFinder,
    parse_float,
    parse_int,
    read_table,
)
from planner.domain.analytics import Attendance
from planner.domain.model import Schedule
from planner.text import plural

log = logging.getLogger(__name__)

ALIASES: dict[str, tuple[str, ...]] = {
    "session": ("session", "session guid", "guid", "title", "session title", "session id"),
    "registered": ("registered", "registrations", "signed up"),
    "attended": ("attended", "attendees", "attendance", "joined"),
    "peak_viewers": ("peak viewers", "peak", "peak viewer count", "max viewers"),
    "avg_minutes": (
        "average minutes watched",
        "avg minutes watched",
        "average minutes",
        "avg minutes",
        "minutes watched",
        "avg watch time",
    ),
}
REQUIRED = ("session", "registered", "attended")


def read(path: Path, schedule: Schedule) -> list[Attendance]:
    """The file's rows matched to the schedule's sessions; raises :class:`CsvImportError`
    listing every bad row (file, line, field) when any is wrong."""
    table = read_table(path, ALIASES, REQUIRED)
    finder = SessionFinder(schedule)
    problems: list[Problem] = []
    out: list[Attendance] = []
    seen: dict[str, int] = {}
    for line, row in table.rows:
        found = finder.find(row["session"])
        if isinstance(found, str):
            problems.append(Problem(line, table.columns["session"], found))
            continue
        if found.guid in seen:
            problems.append(
                Problem(
                    line, table.columns["session"], f"“{found.title}” is already on line {seen[found.guid]}"
                )
            )
            continue
        seen[found.guid] = line
        values: dict[str, object] = {}
        bad = False
        for name in ("registered", "attended", "peak_viewers", "avg_minutes"):
            if name not in row:
                values[name] = None
                continue
            parse = parse_float if name == "avg_minutes" else parse_int
            v = parse(row[name], optional=name not in REQUIRED)
            if isinstance(v, str):
                problems.append(Problem(line, table.columns[name], v))
                bad = True
            else:
                values[name] = v
        if bad:
            continue
        avg = values["avg_minutes"]
        if isinstance(avg, float) and avg > found.duration_minutes * 3:
            problems.append(
                Problem(
                    line,
                    table.columns["avg_minutes"],
                    f"{avg:g} minutes is far longer than the session "
                    f"({plural(found.duration_minutes, 'minute')})",
                )
            )
            continue
        out.append(
            Attendance(
                session=found.guid,
                registered=int(values["registered"] or 0),  # type: ignore[call-overload]
                attended=int(values["attended"] or 0),  # type: ignore[call-overload]
                peak_viewers=values["peak_viewers"],  # type: ignore[arg-type]
                avg_minutes=avg if isinstance(avg, float) else None,
            )
        )
    if problems:
        raise CsvImportError(Path(path), problems)
    if not out:
        raise CsvImportError(Path(path), [Problem(2, "", "no rows; one row per session is needed")])
    log.info("read attendance of %d sessions from %s", len(out), path)
    return out
