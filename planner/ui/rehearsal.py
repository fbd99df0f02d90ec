"""Rehearsing the day on a simulated clock, on a scratch copy of the event.

Start, End, Delay room, checklists and the incident log under a simulated clock write to a
copy of the event in a temporary store (a file in a temporary folder), never to the real
one; the copy is discarded when the rehearsal ends. Analytics of the real event never see
it."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject

from planner.store import Store
from planner.store.day_record import load_incidents
from planner.ui.document import EventDocument

log = logging.getLogger(__name__)

BANNER_TEXT = "Rehearsal — nothing here changes the real event"


class Rehearsal:
    """A scratch copy of ``real``'s event: its own store in a temporary folder and its own
    :class:`EventDocument` (with its own undo stack). :meth:`close` discards it all."""

    def __init__(self, real: EventDocument, parent: QObject | None = None) -> None:
        self.real = real
        self._folder = tempfile.TemporaryDirectory(prefix="planner-rehearsal-")
        self.path = Path(self._folder.name) / "rehearsal.sqlite"
        self.store = Store.open(self.path)
        # Read from the store, not the window's copy: what is saved is what is rehearsed.
        schedule = real.store.load(real.slug)
        slug = self.store.add_schedule(schedule, label="Rehearsal copy")
        incidents = load_incidents(real.store, real.slug)
        if incidents:
            from planner import edits

            self.store.apply(slug, edits.IncidentsEdit((None,) * len(incidents), tuple(incidents)))
        self.document = EventDocument(self.store, slug, parent)
        self.document.error.connect(real.error.emit)
        log.info("rehearsing %s on a scratch copy in %s", real.slug, self.path)

    def close(self) -> None:
        """Discard the copy (the store file and its folder)."""
        self.document.undo_stack.clear()
        self.store.close()
        self._folder.cleanup()
        log.info("rehearsal of %s ended; its copy was discarded", self.real.slug)
