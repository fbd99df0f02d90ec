"""Shared fixtures: a private store and user dirs for every test, and the real data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from planner.store import Store

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHARED_SCHEDULES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "schedules"


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own data, config and log dirs: never the user's real store."""
    home = tmp_path / "home"
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        d = home / sub
        d.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(d))
    monkeypatch.setenv("PLANNER_DB", str(tmp_path / "planner.sqlite"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "planner.sqlite"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    from planner.store import Store

    s = Store.open(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def schedules_dir() -> Path:
    """The real conference schedules in ../shared/data/schedules (never copied here)."""
    if not SHARED_SCHEDULES.is_dir():
        pytest.skip(
            f"real schedules not found at {SHARED_SCHEDULES} (the shared folder "
            "beside the checkout); these tests need it"
        )
    return SHARED_SCHEDULES
