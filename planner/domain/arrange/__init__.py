"""Arrange for me: place, repair or rebuild a schedule (no Qt, no store).

:func:`arrange` takes a :class:`~planner.domain.model.Schedule` and returns a
:class:`Proposal`: the sessions' new states and what could not be placed, with a reason a
person can act on. Nothing is changed: the caller applies the proposal as one edit.

- ``place``: every unscheduled session gets a time and a room; scheduled ones stay.
- ``repair``: every open error-level conflict goes, moving as few sessions, and as little,
  as possible.
- ``rebuild``: every session that is not pinned is scheduled afresh within the event's
  days and daily hours.

Hard constraints are the conflict rules the event sets to *error* (see
:mod:`planner.domain.conflicts`); durations never change; pinned sessions and breaks stay.
The model (:mod:`.problem`) puts the sessions on the event's slot grid; a greedy pass
(:mod:`.greedy`) finds a first schedule fast, and OR-Tools CP-SAT (:mod:`.solver`, imported
only here, never at start-up) improves it and places what the greedy pass could not. The
result is checked by the :class:`~planner.domain.conflicts.ConflictEngine`: a session the
solver placed into an error conflict (which should never happen) is left unplaced instead.
"""

from __future__ import annotations

from planner.domain.arrange.api import (
    MODES,
    Change,
    Proposal,
    Unplaced,
    arrange,
)

__all__ = ["MODES", "Change", "Proposal", "Unplaced", "arrange"]
