"""A time-zone name that is a folder of the tz database or longer than a file name is a
sentence that names the field, never tzdata's own path (issue 13, item 10), wherever a
zone is entered: import --tz, reimport --tz, the people CSV, event set, the domain."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main
from planner.demo import add_demo
from planner.domain.model import DomainError, Person, check_timezone
from planner.store import Store

BAD = ["Europe", "America/Argentina", "x" * 300, "Europe/" + "y" * 300]


def _clean(text: str) -> None:
    assert "tzdata" not in text and "zoneinfo" not in text and "site-packages" not in text, text
    assert "Errno" not in text and "Traceback" not in text, text
    assert len(text) < 300, text


@pytest.mark.parametrize("name", BAD)
def test_domain_check(name: str) -> None:
    with pytest.raises(DomainError) as info:
        check_timezone(name)
    _clean(str(info.value))
    assert info.value.field == "timezone"
    with pytest.raises(DomainError):
        Person("Ana", timezone=name).validate()


def test_a_region_names_a_zone_inside_it() -> None:
    with pytest.raises(DomainError) as info:
        check_timezone("America/Argentina")
    assert "region" in info.value.message and "America/Argentina/" in info.value.message


@pytest.mark.parametrize("name", BAD)
def test_command_line(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    with Store.open(db_path) as store:
        slug = add_demo(store)
    src = tmp_path / "s.csv"
    src.write_text("date,start,end,room,title\n2026-05-01,10:00,11:00,A,Talk\n", encoding="utf-8")
    people = tmp_path / "p.csv"
    people.write_text(f"name,email,timezone\nAna,ana@example.org,{name}\n", encoding="utf-8")
    db = ["--db", str(db_path)]
    for argv, where in (
        ([*db, "import", str(src), "--tz", name], "--tz"),
        ([*db, "reimport", "--event", slug, str(src), "--tz", name], "--tz"),
        ([*db, "event", "set", "--event", slug, f"timezone={name}"], "timezone"),
        ([*db, "people", "import", str(people), "--event", slug], "p.csv"),
    ):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        _clean(err)
        assert err.startswith("planner: error: ") and where in err, err
    with Store.open(db_path) as store:
        assert [e.slug for e in store.list_events()] == [slug]
