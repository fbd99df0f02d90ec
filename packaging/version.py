"""The project's version as pyproject.toml declares it: either `project.version`, or
(with `dynamic = ["version"]`) the `attr` that `tool.setuptools.dynamic` names, read from
the source without importing it. `python packaging/version.py` prints it."""

from __future__ import annotations

import logging
import re
import sys
import tomllib
from pathlib import Path

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent


def project_version(root: Path = ROOT) -> str:
    meta = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    version = meta["project"].get("version")
    if version:
        return str(version)
    attr = meta["tool"]["setuptools"]["dynamic"]["version"]["attr"]  # e.g. planner.__version__
    module, name = attr.rsplit(".", 1)
    path = root / module.replace(".", "/")
    source = (path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).read_text(encoding="utf-8")
    m = re.search(rf"^{re.escape(name)}\s*=\s*[\"']([^\"']+)[\"']", source, re.MULTILINE)
    if not m:
        raise SystemExit(f"no {name} = '...' in {module}")
    return m.group(1)


if __name__ == "__main__":
    print(project_version())
    sys.exit(0)
