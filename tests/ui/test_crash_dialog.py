from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

import planner.app as app_module
from planner.logs import log_file, setup_logging


def test_uncaught_exception_is_logged_to_file_and_shown(qapp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    root = logging.getLogger()
    monkeypatch.setattr(root, "_planner_configured", False, raising=False)
    before = list(root.handlers)
    setup_logging()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app_module, "show_crash_dialog", lambda s, d: shown.append((s, d)))
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        app_module.handle_uncaught(*sys.exc_info())
    finally:
        for h in root.handlers[len(before) :]:
            h.flush()
            root.removeHandler(h)
            h.close()
    ((summary, details),) = shown
    assert "RuntimeError: boom in a slot" in summary and "edits are saved" in summary
    assert str(log_file()) in summary
    assert "Traceback" in details and "test_uncaught_exception" in details
    text = Path(log_file()).read_text(encoding="utf-8")
    assert "uncaught exception" in text and "boom in a slot" in text
