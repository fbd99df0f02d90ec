"""The timeline's view of the conflict engine (``planner.domain.conflicts``).

The timeline needs two things of it: which sessions are in conflict (to mark blocks) and
what a proposed move would clash with (the drag preview). The document owns one engine per
open event and keeps it current on ``changed`` before the views hear of it; the timeline
reads that one.
"""

from __future__ import annotations

import logging

from planner.domain.conflicts import Conflict, ConflictEngine
from planner.domain.model import Session
from planner.ui.document import EventDocument

log = logging.getLogger(__name__)


class TimelineConflicts:
    def __init__(self, document: EventDocument) -> None:
        self.engine: ConflictEngine = document.conflict_engine

    def marks(self) -> dict[str, str]:
        return self.engine.conflicted_sessions()

    def preview(self, proposed: list[Session]) -> list[Conflict]:
        """What ``proposed`` would clash with, leaving out conflicts already accepted."""
        return [c for c in self.engine.preview(proposed) if not c.acknowledged]
