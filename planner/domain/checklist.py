"""The tech checklist of a session: default items plus the organiser's own, each ticked or
not, kept in ``Session.checklist`` (item -> done) in the order shown."""

from __future__ import annotations

import copy
import logging

from planner.domain.model import DomainError, Session, SessionKind

log = logging.getLogger(__name__)

DEFAULT_ITEMS = ("Audio", "Video", "Slides received", "Stream tested", "Moderator briefed")
MAX_ITEM_LENGTH = 80


def items(session: Session) -> dict[str, bool]:
    """The checklist as shown: the default items first (unticked until ticked), then the
    organiser's own in the order they were added. Breaks have no checklist."""
    if session.kind == SessionKind.BREAK and not session.checklist:
        return {}
    out = {name: bool(session.checklist.get(name, False)) for name in DEFAULT_ITEMS}
    for name, done in session.checklist.items():
        if name not in out:
            out[name] = bool(done)
    return out


def progress(session: Session) -> tuple[int, int]:
    """(ticked, total) of the session's checklist."""
    shown = items(session)
    return sum(shown.values()), len(shown)


def set_item(session: Session, name: str, done: bool) -> Session:
    """A copy of ``session`` with ``name`` ticked (or not)."""
    name = _check_name(name)
    out = copy.deepcopy(session)
    out.checklist = items(session)
    out.checklist[name] = bool(done)
    return out


def add_item(session: Session, name: str) -> Session:
    """A copy with a new unticked item; an item that exists already is refused."""
    name = _check_name(name)
    shown = items(session)
    if any(k.casefold() == name.casefold() for k in shown):
        raise DomainError("checklist", f"the checklist already has “{name}”")
    out = copy.deepcopy(session)
    out.checklist = {**shown, name: False}
    return out


def remove_item(session: Session, name: str) -> Session:
    """A copy without the organiser's item ``name``; default items stay."""
    if name in DEFAULT_ITEMS:
        raise DomainError("checklist", f"“{name}” is a default item; untick it instead")
    out = copy.deepcopy(session)
    out.checklist = {k: v for k, v in items(session).items() if k != name}
    return out


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError("checklist", "an item needs a name")
    if len(name) > MAX_ITEM_LENGTH:
        raise DomainError("checklist", f"an item name may have at most {MAX_ITEM_LENGTH} characters")
    return name
