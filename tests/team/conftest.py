"""Fixtures of the team tests."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest


@pytest.fixture
def relays() -> Iterator[list[subprocess.Popen[str]]]:
    """``planner relay`` processes a test started (append them): stopped at its end."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        proc.terminate()
        proc.wait(timeout=10)
