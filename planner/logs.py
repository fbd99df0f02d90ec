"""Logging to stderr and to a file in the user log dir, rotated when planner starts.

The file handler is ``logging.FileHandler``: ``logging.handlers`` (and the socket,
pickle and queue modules it pulls in) cost about 9 ms of every start, and a desktop
program needs no rotation while it runs, only a bounded file across runs.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from planner import APP_AUTHOR, APP_NAME

MAX_BYTES = 2_000_000  # the log file is rotated at start once it is larger than this
KEEP = 3  # planner.log.1 .. planner.log.3 are kept


def log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def log_file() -> Path:
    return log_dir() / "planner.log"


def rotate(path: Path, max_bytes: int = MAX_BYTES, keep: int = KEEP) -> bool:
    """Move ``path`` to ``path.1`` (and older ones one further, dropping the oldest)
    when it is larger than ``max_bytes``. True when it rotated."""
    try:
        if path.stat().st_size <= max_bytes:
            return False
    except FileNotFoundError:
        return False
    for i in range(keep - 1, 0, -1):
        older = path.with_name(f"{path.name}.{i}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.{i + 1}"))
    os.replace(path, path.with_name(f"{path.name}.1"))
    return True


def setup_logging(verbose: bool = False, gui: bool = False) -> None:
    root = logging.getLogger()
    if getattr(root, "_planner_configured", False):
        return
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("planner: %(levelname)s: %(message)s"))
    root.addHandler(console)
    try:
        log_dir().mkdir(parents=True, exist_ok=True)
        try:
            rotate(log_file())
        except OSError:  # another planner has it open (Windows refuses the rename): next time
            pass
        fh = logging.FileHandler(log_file(), encoding="utf-8", delay=True)
        fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(fh)
    except OSError:
        root.warning("cannot write the log file in %s", log_dir())
    setattr(root, "_planner_configured", True)  # noqa: B010  (marks the root logger, not ours)
