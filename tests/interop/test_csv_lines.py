"""The CSV reader's line splitter: a large text is cut into pieces at line ends and each
piece split by a StringIO. Every cut must give the lines a whole-text split gives."""

from __future__ import annotations

import random
import re

import pytest

from planner.interop import csv_format
from planner.interop.csv_format import csv_rows, lines_of

# the lines of a text with their ends, CR, LF or CRLF (what the reader split with before)
_REFERENCE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _reference(text: str) -> list[str]:
    return [m.group() for m in _REFERENCE.finditer(text)]


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 8, 64])
def test_every_cut_gives_the_lines_of_the_whole_text(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(csv_format, "_CHUNK", chunk)
    rnd = random.Random(chunk)
    parts = ["a", "bc", ",", '"', "\r", "\n", "\r\n", "\r\r", "\n\n", "ü", "\u2028", "\x85", "\x0c", " "]
    for _ in range(400):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 40)))
        assert list(lines_of(text)) == _reference(text), repr(text)


@pytest.mark.parametrize("chunk", [1, 4, 16])
def test_rows_and_their_lines_do_not_depend_on_the_cuts(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    text = 'title,start\r\n"two\r\nlines",10:00\r\n"three\nmixed\rends",11:00\nbare,12:00\rlast,13:00'
    whole = list(csv_rows(text, ",", "x.csv"))
    monkeypatch.setattr(csv_format, "_CHUNK", chunk)
    assert list(csv_rows(text, ",", "x.csv")) == whole
    assert whole == [
        (1, ["title", "start"]),
        (2, ["two\r\nlines", "10:00"]),
        (4, ["three\nmixed\rends", "11:00"]),
        (7, ["bare", "12:00"]),
        (8, ["last", "13:00"]),
    ]
