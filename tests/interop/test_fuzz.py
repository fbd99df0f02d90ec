"""Issue 13, "Done when": a seeded fuzzer mutates each reader's fixture (frab XML, old
pentabarf XML, schedule.json, iCalendar, schedule CSV, people CSV) by truncation, byte
flips, deletions, duplications, wrong JSON types and extreme values. For every case the
reader either gives a schedule that validates, stores and exports, or refuses it with
the planner's own error (one sentence); nothing takes 10 s; and a refused import leaves
the store's file byte for byte as it was.

The cases are made from fixed seeds, so a failure names the seed that reproduces it:
``PLANNER_FUZZ_CASES=5000 pytest tests/interop/test_fuzz.py`` runs more of them.
"""

from __future__ import annotations

import copy
import json
import os
import random
import signal
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from planner.cli import main
from planner.errors import UserError
from planner.interop import InteropError, read, write
from planner.invites.people_csv import guess_mapping, plan_import, read_table
from planner.store import Store
from tests.mutants.budget import examples

DATA = Path(__file__).resolve().parents[1] / "data" / "interop"
CASES = examples(int(os.environ.get("PLANNER_FUZZ_CASES", "100")))  # per fixture; six fixtures
HANG = 10  # seconds: a case that takes longer is a hang
FIXTURES = ["schedule.xml", "pentabarf-2008.xml", "schedule.json", "camp.ics", "schedule.csv", "people.csv"]

EXTREMES = [
    b"9999-12-31T23:59:59-14:00",
    b"0001-01-01T00:00:00+14:00",
    b"9999-12-31",
    b"0001-01-01",
    b"2026-03-29T02:30:00",
    b"99999999999999999999",
    b"-99999999999999999999",
    b"1e300",
    b"-1",
    b"0",
    b"NaN",
    b"99:99",
    b"25:61",
    b"\\ud800",
    b"\xed\xa0\x80",  # a surrogate encoded in UTF-8 (not UTF-8)
    b"\xff\xfe",
    b"\x00",
    b"\r",
    b'"',
    b"<",
    b"&",
    b"&lol;",
    b"]]>",
    b",",
    b";",
    b"\\,",
    b"null",
    b"[]",
    b"{}",
    b"9" * 5000,
    b"x" * 140_000,
    b"\xc3\xa9" * 3000,
    b"Europe",
    b"Not/AZone",
]


def _truncate(rnd: random.Random, data: bytes) -> bytes:
    return data[: rnd.randrange(len(data))]


def _flip(rnd: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        i = rnd.randrange(len(b))
        b[i] ^= 1 << rnd.randrange(8)
    return bytes(b)


def _delete(rnd: random.Random, data: bytes) -> bytes:
    i = rnd.randrange(len(data))
    return data[:i] + data[i + rnd.randint(1, 200) :]


def _duplicate(rnd: random.Random, data: bytes) -> bytes:
    i = rnd.randrange(len(data))
    j = min(len(data), i + rnd.randint(1, 400))
    return data[:j] + data[i:j] * rnd.randint(1, 3) + data[j:]


def _extreme(rnd: random.Random, data: bytes) -> bytes:
    """An extreme value in place of a value-like stretch (between separators)."""
    seps = b'<>",;:\n='
    i = rnd.randrange(len(data))
    while i < len(data) and data[i] not in seps:
        i += 1
    j = i + 1
    while j < len(data) and data[j] not in seps:
        j += 1
    return data[: i + 1] + rnd.choice(EXTREMES) + data[j:]


def _wrong_type(rnd: random.Random, data: bytes) -> bytes:
    """A JSON value somewhere in the document replaced by one of another type."""
    doc = json.loads(data)
    spots: list[tuple[Any, Any]] = []
    stack: list[Any] = [doc]
    while stack:
        node = stack.pop()
        keys = (
            list(node.keys())
            if isinstance(node, dict)
            else list(range(len(node)))
            if isinstance(node, list)
            else []
        )
        for k in keys:
            spots.append((node, k))
            stack.append(node[k])
    node, key = rnd.choice(spots)
    node[key] = rnd.choice(
        [
            None,
            True,
            0,
            -1,
            10**30,
            1.5e300,
            "",
            "text",
            [],
            [1, "a"],
            {},
            {"name": 3},
            "9999-12-31T00:00:00Z",
        ]
    )
    return json.dumps(doc).encode()


def _xml_value(rnd: random.Random, data: bytes) -> bytes:
    """An element's text or an attribute set to an extreme value, or an element removed
    or repeated: the document stays well-formed, so the reader's own checks are reached."""
    root = ET.fromstring(data)
    elements = list(root.iter())
    el = rnd.choice(elements)
    value = rnd.choice(EXTREMES).decode("utf-8", "replace").replace("\x00", "").replace("\r", "")
    choice = rnd.randrange(4)
    if choice == 0:
        el.text = value
    elif choice == 1 and el.attrib:
        el.set(rnd.choice(list(el.attrib)), value)
    else:
        parent = rnd.choice([e for e in elements if len(e)] or [root])
        child = rnd.choice(list(parent)) if len(parent) else None
        if child is not None and choice == 2:
            parent.remove(child)
        elif child is not None:
            parent.append(copy.deepcopy(child))
    return ET.tostring(root, encoding="utf-8")


MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "truncate": _truncate,
    "flip": _flip,
    "delete": _delete,
    "duplicate": _duplicate,
    "extreme": _extreme,
}


def cases(name: str) -> Iterator[tuple[str, bytes]]:
    data = (DATA / name).read_bytes()
    kinds = list(MUTATIONS)
    if name.endswith(".json"):
        kinds += ["wrong type"] * 3
    if name.endswith(".xml"):
        kinds += ["xml value"] * 3
    for seed in range(CASES):
        rnd = random.Random(f"{name}:{seed}")
        kind = kinds[seed % len(kinds)]
        out = data
        for _ in range(rnd.choice((1, 1, 1, 2, 3))):  # sometimes several mutations at once
            fn = {"wrong type": _wrong_type, "xml value": _xml_value}.get(kind) or MUTATIONS[kind]
            try:
                out = fn(rnd, out) or out
            except (ValueError, IndexError, ET.ParseError):  # an earlier mutation broke the document
                out = MUTATIONS["flip"](rnd, out) if out else data[:1]
        yield f"{name} seed {seed} ({kind})", out


class HangError(Exception):
    pass


@contextmanager
def deadline(seconds: int, what: str) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise HangError(f"{what} took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("name", FIXTURES)
def test_fuzzed_files_are_read_or_refused_in_one_sentence(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suffix = Path(name).suffix
    db = tmp_path / "fuzz.sqlite"
    with Store.open(db) as store:
        store.add_schedule(read(DATA / "schedule.json").schedule)  # something to keep
    outcomes = {"read": 0, "refused": 0}
    cli_checks = 0
    t_all = time.perf_counter()
    with Store.open(db) as store:
        for label, data in cases(name):
            path = tmp_path / f"case{suffix}"
            path.write_bytes(data)
            t0 = time.perf_counter()
            with deadline(HANG, label):
                try:
                    if name == "people.csv":
                        table = read_table(data, "people.csv")
                        plan_import(table, guess_mapping(table.header), [])
                        outcomes["read"] += 1
                        continue
                    result = read(path)
                except (InteropError, UserError) as exc:
                    outcomes["refused"] += 1
                    message = str(exc)
                    assert message.strip() and "Traceback" not in message, label
                    if name != "people.csv" and cli_checks < 8:
                        # the command line refuses it too and leaves the store's file alone
                        before = db.read_bytes()
                        assert main(["--db", str(db), "import", str(path)]) != 0, label
                        assert "Traceback" not in capsys.readouterr().err, label
                        assert db.read_bytes() == before, label
                        cli_checks += 1
                    continue
                except HangError:
                    raise
                except Exception as exc:  # anything else is a bug: say which case
                    raise AssertionError(f"{label}: {type(exc).__name__}: {exc}") from exc
                # what was read is valid, can be stored and exported
                schedule = result.schedule
                try:
                    schedule.validate()
                    store.add_schedule(schedule)
                    for fmt in ("frab-xml", "schedule-json", "ics", "csv"):
                        write(schedule, tmp_path / f"out.{fmt}", fmt)
                except Exception as exc:
                    raise AssertionError(f"{label}: read, then {type(exc).__name__}: {exc}") from exc
                outcomes["read"] += 1
            assert time.perf_counter() - t0 < HANG, label
    assert sum(outcomes.values()) == CASES
    print(f"{name}: {outcomes} in {time.perf_counter() - t_all:.1f} s")
