"""The bit-parallel mask penalty equals qrcode's own on any modules."""

from __future__ import annotations

import random

import qrcode.util
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.invites.qr import _as_bits, lost_points


def _ours(m: list[list[bool]]) -> int:
    return lost_points(_as_bits(m), _as_bits([list(c) for c in zip(*m, strict=True)]), len(m))


def _theirs(m: list[list[bool]]) -> int:
    """qrcode's penalty; its modules may still be None while it builds a symbol."""
    modules: list[list[bool | None]] = [list(row) for row in m]
    return qrcode.util.lost_point(modules)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=21, max_value=61).flatmap(
        lambda n: st.lists(st.lists(st.booleans(), min_size=n, max_size=n), min_size=n, max_size=n)
    )
)
def test_random_modules(m: list[list[bool]]) -> None:
    assert _ours(m) == _theirs(m)


def test_structured_modules() -> None:
    """Long runs, finder-like patterns and blocks, which random modules rarely show."""
    rng = random.Random(7)
    for n in (21, 25, 29, 45):
        for density in (0.05, 0.3, 0.5, 0.7, 0.95):
            m = [[rng.random() < density for _ in range(n)] for _ in range(n)]
            for r in range(0, n, 5):  # stamp finder-like patterns in rows and columns
                pat = [True, False, True, True, True, False, True, False, False, False, False]
                start = rng.randrange(0, n - 11)
                m[r][start : start + 11] = pat
                col = rng.randrange(n)
                for i, v in enumerate(reversed(pat)):
                    m[(r + i) % n][col] = v
            assert _ours(m) == _theirs(m), (n, density)
