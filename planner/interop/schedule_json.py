"""Reader and writer (being built)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from planner.domain.model import Schedule
from planner.interop._build import ImportResult, InteropError, Progress

log = logging.getLogger(__name__)


def read(path: Path, data: bytes, tz: str | None = None, progress: Progress | None = None) -> ImportResult:
    raise InteropError("this format cannot be read yet", where=path.name)


def write(schedule: Schedule, path: Path, **options: Any) -> None:
    raise InteropError("this format cannot be written yet", where=path.name)
