"""People CSV import (encodings, separators, quoting, duplicates, rejects) and export."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from planner.domain.model import Person, PersonRole
from planner.errors import UserError
from planner.invites.people_csv import (
    export_people,
    guess_mapping,
    import_file,
    plan_import,
    read_table,
    spreadsheet_safe,
)


def _plan(data: bytes, existing: list[Person] | None = None, role: PersonRole | None = None):  # type: ignore[no-untyped-def]
    table = read_table(data)
    return table, plan_import(table, guess_mapping(table.header), existing or [], role)


def test_utf8_with_bom_and_semicolons() -> None:
    data = codecs.BOM_UTF8 + "Name;E-Mail;Organisation\nZoë Müller;zoe@example.de;Ünî\n".encode()
    table, plan = _plan(data)
    assert table.encoding == "utf-8-sig" and table.delimiter == ";"
    assert table.header[0] == "Name"  # no BOM glued to the first column's name
    assert plan.ok and [(p.name, p.email, p.organisation) for p in plan.people] == [
        ("Zoë Müller", "zoe@example.de", "Ünî")
    ]


def test_windows_1252_is_detected() -> None:
    data = "name,email\r\nJosé Müller – Straße,jose@example.es\r\n".encode("cp1252")
    table, plan = _plan(data)
    assert table.encoding == "cp1252"
    assert plan.people[0].name == "José Müller – Straße"


def test_tabs_and_first_and_last_name_columns() -> None:
    table, plan = _plan(b"First name\tLast name\tmail\nAda\tLovelace\tada@example.org\n")
    assert table.delimiter == "\t"
    assert plan.people[0].name == "Ada Lovelace"


def test_quoted_newlines_keep_line_numbers_right() -> None:
    data = (
        b"name,email,organisation\n"
        b'"Ana",ana@example.org,"Line one\nline two"\n'
        b'"Bo, the second",bo@example.org,x\n'
        b",nobody@example.org,\n"
    )
    _, plan = _plan(data)
    assert plan.people[0].organisation == "Line one\nline two"
    assert plan.people[1].name == "Bo, the second"
    # The nameless row starts on physical line 5 (the quoted cell spans lines 2 and 3).
    assert [(r.line, r.reason) for r in plan.rejects] == [(5, "the name is empty")]


def test_duplicate_emails_are_merged_case_insensitively() -> None:
    data = (
        b"name,email,organisation,timezone\n"
        b"Ana Silva,ana@example.org,,\n"
        b"Ana S.,ANA@example.org,Acme,Europe/Lisbon\n"
        b"Bo,bo@example.org,,\n"
    )
    _, plan = _plan(data)
    assert plan.ok
    assert [(p.name, p.organisation, p.timezone) for p in plan.people] == [
        ("Ana Silva", "Acme", "Europe/Lisbon"),
        ("Bo", "", ""),
    ]
    assert plan.merged == 1 and plan.added == 2


def test_existing_people_are_updated_not_duplicated() -> None:
    ana = Person("Ana", email="ana@example.org", role=PersonRole.SPEAKER, timezone="Europe/Lisbon")
    _, plan = _plan(b"name,email,organisation\nAna Silva,Ana@Example.org,Acme\n", [ana])
    assert plan.updated == 1 and plan.added == 0
    (p,) = plan.people
    assert p.guid == ana.guid and p.name == "Ana Silva" and p.organisation == "Acme"
    assert p.role == PersonRole.SPEAKER and p.timezone == "Europe/Lisbon"  # kept


def test_every_bad_row_is_reported_with_its_line_and_reason() -> None:
    data = (
        b"name,email,role,timezone\n"
        b"Ana,ana@example.org,speaker,\n"
        b",x@example.org,,\n"
        b"Bo,not-an-address,,\n"
        b"Cy,cy@example.org,juggler,\n"
        b"Di,di@example.org,,Mars/Olympus\n"
    )
    _, plan = _plan(data)
    lines = {r.line: r.reason for r in plan.rejects}
    assert sorted(lines) == [3, 4, 5, 6]
    assert "name is empty" in lines[3]
    assert "e-mail" in lines[4] or "email" in lines[4]
    assert "juggler" in lines[5]
    assert "Mars/Olympus" in lines[6]
    with pytest.raises(UserError) as info:
        plan.check("people.csv")
    text = str(info.value)
    assert "4 rows of people.csv were rejected, so nothing was imported" in text
    for n in (3, 4, 5, 6):
        assert f"line {n}:" in text


def test_role_defaults_and_aliases() -> None:
    data = b"name,role\nAna,\nBo,Speakers\nCy,staff\n"
    _, plan = _plan(data, role=PersonRole.MODERATOR)
    assert [p.role for p in plan.people] == [PersonRole.MODERATOR, PersonRole.SPEAKER, PersonRole.CREW]


def test_a_file_without_a_name_column_is_refused() -> None:
    _, plan = _plan(b"email,company\na@example.org,x\n")
    assert not plan.ok and "no column is mapped to the name" in plan.rejects[0].reason


def test_extra_cells_from_an_unquoted_separator_are_rejected() -> None:
    _, plan = _plan(b"name,email\nSmith, John,john@example.org\n")
    assert plan.rejects and plan.rejects[0].line == 2 and "3 cells" in plan.rejects[0].reason


def test_empty_file_is_a_clear_error() -> None:
    with pytest.raises(UserError, match="is empty"):
        read_table(b"  \n")


@pytest.mark.parametrize("cell", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_export_neutralises_formulas(cell: str) -> None:
    assert spreadsheet_safe(cell) == "'" + cell
    assert spreadsheet_safe("Ana") == "Ana"


def test_export_then_import_round_trips(tmp_path: Path) -> None:
    people = [
        Person(
            "=cmd|' /C calc'!A0",
            email="evil@example.org",
            organisation="-Acme",
            timezone="Europe/Vienna",
            role=PersonRole.CREW,
        ),
        Person("Zoë", email="zoe@example.org"),
    ]
    out = tmp_path / "people.csv"
    export_people(out, people, {people[1].guid: ["Opening"]})
    raw = out.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[1][0].startswith("'=") and rows[1][2] == "'-Acme"
    assert rows[2][5] == "Opening"
    _, plan = import_file(out, people)
    assert plan.ok and plan.updated == 2 and plan.added == 0
    assert [p.name for p in plan.people] == [people[0].name, "Zoë"]
    assert plan.people[0].organisation == "-Acme" and plan.people[0].role == PersonRole.CREW


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
    | st.sampled_from(list("=+-@;,\"'\n\t")),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@example(names=["'=a", "''+b", "'plain", "-"], org="@org")
@given(names=st.lists(_text.filter(lambda s: s.strip() != ""), min_size=1, max_size=6), org=_text)
def test_any_export_imports_back_unchanged(
    tmp_path_factory: pytest.TempPathFactory, names: list[str], org: str
) -> None:
    people = [
        Person(" ".join(n.split()), email=f"p{i}@example.org", organisation=org.strip())
        for i, n in enumerate(names)
    ]
    out = tmp_path_factory.mktemp("rt") / "people.csv"
    export_people(out, people, {})
    _, plan = import_file(out, [])
    assert plan.ok, plan.rejects
    assert [(p.name, p.email, p.organisation) for p in plan.people] == [
        (p.name, p.email, p.organisation) for p in people
    ]
