"""Attendance and feedback numbers beyond 64 bits, in exponent form, negative, NaN or
infinite are refused with file, line and field, and nothing is saved (issue 13, item 9).
Before, 99999999999999999999 and 1e300 passed the reader and crashed the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main
from planner.domain.model import Schedule
from planner.store import Store
from planner.store.day_record import load_attendance, load_feedback

HUGE = [
    "99999999999999999999",
    "18446744073709551616",
    "1e300",
    "1E19",
    "9" * 5000,
    "1e999",
    "inf",
    "-inf",
    "NaN",
    "-1",
    "-99999999999999999999",
    "-1e300",
    "1000000001",
]


@pytest.fixture
def slug(db_path: Path, small: Schedule) -> str:
    with Store.open(db_path) as store:
        return store.add_schedule(small)


def _run(db_path: Path, *argv: str) -> int:
    return main(["--db", str(db_path), *argv])


@pytest.mark.parametrize("column", ["registered", "attended", "peak viewers", "average minutes watched"])
@pytest.mark.parametrize("value", HUGE)
def test_attendance_numbers_out_of_range_are_refused(
    db_path: Path, tmp_path: Path, slug: str, capsys: pytest.CaptureFixture[str], column: str, value: str
) -> None:
    cells = {"registered": "80", "attended": "70", "peak viewers": "60", "average minutes watched": "20"}
    cells[column] = value
    f = tmp_path / "att.csv"
    f.write_text(
        "session," + ",".join(cells) + "\nOpening,10,5,5,10\nDeep dive," + ",".join(cells.values()) + "\n",
        encoding="utf-8",
    )
    assert _run(db_path, "attendance", "import", str(f), "--event", slug) == 1
    err = capsys.readouterr().err
    assert f"{f}: 1 problem" in err and f"line 3, {column}: " in err, err
    assert "Traceback" not in err and len(err) < 400
    with Store.open(db_path) as store:
        assert load_attendance(store, slug) == []


@pytest.mark.parametrize("value", [*HUGE, "3.5", "0", "6"])
def test_feedback_ratings_out_of_range_are_refused(
    db_path: Path, tmp_path: Path, slug: str, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    f = tmp_path / "fb.csv"
    f.write_text(f"session,rating,comment\nOpening,5,fine\nOpening,{value},x\n", encoding="utf-8")
    assert _run(db_path, "feedback", "import", str(f), "--event", slug) == 1
    err = capsys.readouterr().err
    assert "line 3, rating: " in err and "Traceback" not in err and len(err) < 400, err
    with Store.open(db_path) as store:
        assert load_feedback(store, slug) == []


def test_the_largest_accepted_numbers_are_saved(
    db_path: Path, tmp_path: Path, slug: str, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "att.csv"
    f.write_text(
        'session,registered,attended,peak viewers\nOpening,1000000000,"1,000,000,000",1e9\n',
        encoding="utf-8",
    )
    assert _run(db_path, "attendance", "import", str(f), "--event", slug) == 0
    with Store.open(db_path) as store:
        (row,) = load_attendance(store, slug)
    assert (row.registered, row.attended, row.peak_viewers) == (10**9, 10**9, 10**9)
