"""What the sub-commands share: opening the store, printing, progress."""

from __future__ import annotations

import sys
from collections.abc import Callable

from planner.store import Store

StoreOpener = Callable[[], Store]


def out(text: str) -> None:
    print(text, flush=True)


def warn(text: str) -> None:
    print(f"planner: {text}", file=sys.stderr, flush=True)
