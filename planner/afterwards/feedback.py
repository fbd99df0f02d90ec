"""Feedback CSV: one row per rating (session, rating 1 to 5, comment). All or nothing."""

from __future__ import annotations

import logging
from pathlib import Path

from planner.afterwards.csvread import CsvImportError, Problem, SessionFinder, read_table
from planner.domain.analytics import Feedback
from planner.domain.model import Schedule

log = logging.getLogger(__name__)

ALIASES: dict[str, tuple[str, ...]] = {
    "session": ("session", "session guid", "guid", "title", "session title", "session id"),
    "rating": ("rating", "score", "stars", "rating 1 5"),
    "comment": ("comment", "comments", "remark", "feedback", "text"),
}
REQUIRED = ("session", "rating")
MAX_COMMENT = 4000


def read(path: Path, schedule: Schedule) -> list[Feedback]:
    table = read_table(path, ALIASES, REQUIRED)
    finder = SessionFinder(schedule)
    problems: list[Problem] = []
    out: list[Feedback] = []
    for line, row in table.rows:
        found = finder.find(row["session"])
        if isinstance(found, str):
            problems.append(Problem(line, table.columns["session"], found))
            continue
        raw = row["rating"]
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            problems.append(
                Problem(
                    line,
                    table.columns["rating"],
                    f"“{shown}” is not a rating (a whole number from 1 to 5)"
                    if raw
                    else "empty; a rating from 1 to 5 is needed",
                )
            )
            continue
        if not value.is_integer() or not 1 <= value <= 5:
            problems.append(
                Problem(line, table.columns["rating"], f"{shown} is not a whole number from 1 to 5")
            )
            continue
        comment = row.get("comment", "")
        if len(comment) > MAX_COMMENT:
            problems.append(
                Problem(
                    line, table.columns["comment"], f"a comment may have at most {MAX_COMMENT} characters"
                )
            )
            continue
        out.append(Feedback(found.guid, int(value), comment))
    if problems:
        raise CsvImportError(Path(path), problems)
    if not out:
        raise CsvImportError(Path(path), [Problem(2, "", "no ratings; one row per rating is needed")])
    log.info("read %d ratings from %s", len(out), path)
    return out
