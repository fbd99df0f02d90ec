"""The timeline's view of the conflict engine (``planner.domain.conflicts``).

The timeline needs three things of it: which sessions are in conflict (to mark blocks),
what a proposed move would clash with (the drag preview), and that it stays current. The
document owns one engine per open event and keeps it current on ``changed`` before the
views hear of it; the timeline reads that one (and builds its own only for a document
without one).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from planner.domain.conflicts import Conflict, ConflictEngine
from planner.domain.model import Session
from planner.ui.document import EventDocument

log = logging.getLogger(__name__)


class TimelineConflicts:
    def __init__(self, document: EventDocument) -> None:
        shared = getattr(document, "conflict_engine", None)
        if callable(shared) and not isinstance(shared, ConflictEngine):
            shared = shared()  # a document that offers it as a method
        self.owned = not isinstance(shared, ConflictEngine)
        self.engine: ConflictEngine = ConflictEngine(document.schedule) if self.owned else shared  # type: ignore[assignment]

    def changed(self, present: Iterable[Session], gone: Iterable[str]) -> None:
        """Tell an engine of our own what changed (the document's keeps itself current)."""
        if self.owned:
            self.engine.remove(gone)
            self.engine.update(present)

    def marks(self) -> dict[str, str]:
        return self.engine.conflicted_sessions()

    def preview(self, proposed: list[Session]) -> list[Conflict]:
        """What ``proposed`` would clash with, leaving out conflicts already accepted."""
        return [c for c in self.engine.preview(proposed) if not c.acknowledged]
