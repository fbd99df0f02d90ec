"""The attendance and feedback CSV columns are documented in the README and in
``--help``, every header spelling the readers accept (issue 13, item 24)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.afterwards import attendance, feedback
from planner.cli import main

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "aliases"), [("attendance", attendance.ALIASES), ("feedback", feedback.ALIASES)]
)
def test_help_lists_every_column_and_spelling(
    capsys: pytest.CaptureFixture[str], command: str, aliases: dict[str, tuple[str, ...]]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "import", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for key, names in aliases.items():
        assert names[0] in text, key
        assert "also: " + ", ".join(names[1:]) in text, key
    assert "(required)" in text and "(optional)" in text


@pytest.mark.parametrize(
    ("table", "aliases"), [("attendance", attendance.ALIASES), ("feedback", feedback.ALIASES)]
)
def test_readme_has_a_row_per_column(table: str, aliases: dict[str, tuple[str, ...]]) -> None:
    assert f"| {table} column | holds | also accepted as header |" in README
    rows = [line for line in README.splitlines() if line.startswith("| `")]
    for names in aliases.values():
        row = next((r for r in rows if r.startswith(f"| `{names[0]}` |")), None)
        assert row is not None, names[0]
        assert row.rstrip(" |").endswith(", ".join(names[1:])), row
