"""Words for the counts that the command line and the window show: "1 warning", "2 warnings",
"1 person", "3 people". Qt-free, so both use the same one."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and the noun, singular for exactly one: ``plural(1, "warning")`` is
    "1 warning", ``plural(0, "warning")`` "0 warnings". A noun whose plural is not the
    singular plus "s" gives it: ``plural(n, "person", "people")``."""
    return f"{n} {noun(n, word, many)}"


def noun(n: int, word: str, many: str | None = None) -> str:
    """The noun alone, in the form that goes with ``n``: for a count written elsewhere in
    the sentence ("3 of 4 rooms")."""
    if n == 1:
        return word
    return many if many is not None else word + "s"
