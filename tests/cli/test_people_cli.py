"""The people, invites and qr-sheet commands, run as a user would."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from planner.cli import main
from planner.store import Store


@pytest.fixture
def demo(db_path: Path) -> str:
    assert main(["--db", str(db_path), "demo"]) == 0
    return "winter-gala-2026"


def run(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), *args])


def test_import_adds_and_merges(
    db_path: Path, demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "people.csv"
    f.write_bytes(
        b"\xef\xbb\xbfName;Email;Company\n"
        b"Nia Brown;nia@example.org;Acme\n"
        b"Nia B.;NIA@example.org;\n"
        b"Amara Okafor;amara.okafor@example.org;New Org\n"
    )
    assert run(db_path, "people", "import", str(f), "--event", demo, "--role", "crew") == 0
    assert "1 added, 1 updated, 1 duplicate row merged" in capsys.readouterr().out
    with Store.open(db_path) as store:
        people = {p.email.lower(): p for p in store.load(demo).people}
    assert people["nia@example.org"].role.value == "crew"
    assert people["amara.okafor@example.org"].organisation == "New Org"
    assert people["amara.okafor@example.org"].role.value == "crew"


def test_import_with_a_bad_row_saves_nothing(
    db_path: Path, demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(db_path) as store:
        before = len(store.load(demo).people)
    f = tmp_path / "people.csv"
    f.write_text("name,email\nGood Person,good@example.org\n,missing@example.org\n", encoding="utf-8")
    assert run(db_path, "people", "import", str(f), "--event", demo) == 1
    err = capsys.readouterr().err
    assert "line 3: the name is empty" in err and "nothing was imported" in err
    assert "Traceback" not in err
    with Store.open(db_path) as store:
        assert len(store.load(demo).people) == before


def test_import_with_a_column_map(db_path: Path, demo: str, tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("Teilnehmer,Adresse\nKim Lee,kim@example.org\n", encoding="utf-8")
    assert (
        run(
            db_path,
            "people",
            "import",
            str(f),
            "--event",
            demo,
            "--map",
            "name=Teilnehmer",
            "--map",
            "email=Adresse",
        )
        == 0
    )
    with Store.open(db_path) as store:
        assert any(p.email == "kim@example.org" and p.name == "Kim Lee" for p in store.load(demo).people)
    assert run(db_path, "people", "import", str(f), "--event", demo, "--map", "name=Nope") == 1


def test_unknown_event_and_role_are_one_sentence(
    db_path: Path, demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_path, "invites", "--event", "nope", "--out", str(tmp_path / "x.csv")) == 1
    assert "there is no event 'nope'" in capsys.readouterr().err
    assert (
        run(db_path, "invites", "--event", demo, "--role", "juggler", "--out", str(tmp_path / "x.csv")) == 1
    )
    assert "unknown role 'juggler'" in capsys.readouterr().err


def test_invites_csv_lists_sessions_and_stable_links(db_path: Path, demo: str, tmp_path: Path) -> None:
    out = tmp_path / "speakers.csv"
    assert run(db_path, "invites", "--event", demo, "--role", "speaker", "--out", str(out)) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows and list(rows[0]) == ["name", "email", "role", "sessions", "link"]
    amara = next(r for r in rows if r["name"] == "Amara Okafor")
    assert "Opening: A Night Without Borders" in amara["sessions"]
    assert amara["link"].startswith("https://events.example.org/winter-gala-2026/register?invite=")
    # A second run reuses the invites: same links.
    out2 = tmp_path / "again.csv"
    assert run(db_path, "invites", "--event", demo, "--role", "speaker", "--out", str(out2)) == 0
    assert out2.read_text(encoding="utf-8-sig") == out.read_text(encoding="utf-8-sig")
    everyone = tmp_path / "all.csv"
    assert run(db_path, "invites", "--event", demo, "--out", str(everyone)) == 0
    assert len(everyone.read_text(encoding="utf-8-sig").splitlines()) > len(rows) + 1


def test_qr_sheet_reports_progress(
    db_path: Path, demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.invites.test_sheet import decode_sheet

    out = tmp_path / "sheet.pdf"
    assert (
        run(
            db_path,
            "qr-sheet",
            "--event",
            demo,
            "--layout",
            "badges-2x2",
            "--paper",
            "letter",
            "--out",
            str(out),
        )
        == 0
    )
    captured = capsys.readouterr()
    with Store.open(db_path) as store:
        n = len(store.load(demo).people)  # the demo's people: every one gets a badge
    assert "100%" in captured.err and f"wrote {n} codes on {-(-n // 4)} pages" in captured.out
    invites_csv = tmp_path / "inv.csv"
    assert run(db_path, "invites", "--event", demo, "--out", str(invites_csv)) == 0
    links = {r["link"] for r in csv.DictReader(invites_csv.read_text(encoding="utf-8-sig").splitlines())}
    decoded = {t for page in decode_sheet(out, "badges-2x2", "letter") for t in page.values()}
    assert decoded == links


def test_people_export(db_path: Path, demo: str, tmp_path: Path) -> None:
    out = tmp_path / "people.csv"
    assert run(db_path, "people", "export", "--event", demo, "--out", str(out)) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    with Store.open(db_path) as store:
        assert len(rows) == len(store.load(demo).people)
    assert rows[0]["name"] and rows[0]["guid"]
