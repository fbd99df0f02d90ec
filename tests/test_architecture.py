"""The layering of DESIGN.md, beyond what import-linter can say about external packages:
interop and invites may paint with QtGui but never use widgets."""

from __future__ import annotations

import re
from pathlib import Path

PLANNER = Path(__file__).resolve().parents[1] / "planner"
WIDGETS = re.compile(
    r"^\s*(from|import)\s+PySide6\.QtWidgets|^\s*from\s+PySide6\s+import\s+.*QtWidgets", re.M
)
QT = re.compile(r"^\s*(from|import)\s+PySide6", re.M)


def test_interop_and_invites_use_no_widgets() -> None:
    offenders = [
        str(p.relative_to(PLANNER))
        for pkg in ("interop", "invites")
        for p in (PLANNER / pkg).rglob("*.py")
        if WIDGETS.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_domain_and_store_are_qt_free() -> None:
    offenders = [
        str(p.relative_to(PLANNER))
        for pkg in ("domain", "store")
        for p in (PLANNER / pkg).rglob("*.py")
        if QT.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
