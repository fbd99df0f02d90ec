from __future__ import annotations

import tomllib
from pathlib import Path

import planner


def test_package_version_matches_pyproject() -> None:
    data = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert planner.__version__ == data["project"]["version"]
