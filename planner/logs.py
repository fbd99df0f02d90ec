"""Logging to stderr and to a rotating file in the user log dir."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

from planner import APP_AUTHOR, APP_NAME


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def log_file() -> Path:
    return log_dir() / "planner.log"


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
        fh = logging.handlers.RotatingFileHandler(log_file(), maxBytes=2_000_000, backupCount=3,
                                                  encoding="utf-8")
        fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(fh)
    except OSError:
        root.warning("cannot write the log file in %s", log_dir())
    root._planner_configured = True  # type: ignore[attr-defined]
