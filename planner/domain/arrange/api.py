"""The entry point: :func:`arrange` and the proposal it returns."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from planner.domain.arrange.greedy import Position, place_all
from planner.domain.arrange.problem import PLACE, REBUILD, REPAIR, Item, Problem, build, utc_minute
from planner.domain.arrange.reasons import explain
from planner.domain.conflicts import ERROR, Conflict, ConflictEngine
from planner.domain.model import Schedule, Session, SessionStatus
from planner.domain.timegrid import day_window

log = logging.getLogger(__name__)

MODES = (PLACE, REPAIR, REBUILD)

# progress(fraction done 0..1, what is happening) -> False to stop (the best so far is kept)
ProgressFn = Callable[[float, str], object]


@dataclass(frozen=True, slots=True)
class Change:
    guid: str
    title: str
    old_start: datetime | None
    old_room: str | None
    new_start: datetime | None
    new_room: str | None


@dataclass(frozen=True, slots=True)
class Unplaced:
    guid: str
    title: str
    reason: str


@dataclass(slots=True)
class Proposal:
    """What arranging would change. Nothing is applied: :attr:`sessions` are new states
    of the changed sessions, to be saved in one transaction."""

    mode: str
    changes: list[Change] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    errors_left: list[Conflict] = field(default_factory=list)  # open error conflicts afterwards
    seconds: float = 0.0
    optimal: bool = False
    stopped: bool = False
    targeted: int = 0

    @property
    def placed(self) -> list[str]:
        return [c.guid for c in self.changes if c.old_start is None and c.new_start is not None]

    @property
    def moved(self) -> list[str]:
        return [c.guid for c in self.changes if c.old_start is not None]

    @property
    def complete(self) -> bool:
        """Every targeted session placed and no open error conflict left."""
        return not self.unplaced and not self.errors_left


def _open_errors(schedule: Schedule) -> list[Conflict]:
    return [c for c in ConflictEngine(schedule).conflicts() if c.severity == ERROR and not c.acknowledged]


def _targets(
    schedule: Schedule,
    mode: str,
    scope: Collection[str] | None,
    days: set[int] | None,
    rooms: set[str] | None,
) -> set[str]:
    live = [s for s in schedule.sessions if s.status != SessionStatus.CANCELLED]
    if scope is not None:
        wanted = set(scope)
        live = [s for s in live if s.guid in wanted]
    if days is not None:
        ev = schedule.event
        spans = [day_window(ev, d) for i, d in enumerate(ev.days) if i in days]
        live = [s for s in live if s.start is None or any(a <= s.start < b for a, b in spans)]
    if rooms is not None:
        live = [s for s in live if s.room is None or s.room in rooms]
    if mode == PLACE:
        return {s.guid for s in live if not s.scheduled}
    if mode == REBUILD:
        return {s.guid for s in live}
    guids = {s.guid for s in live}
    return {g for c in _open_errors(schedule) for g in c.sessions if g in guids}


def _cover(prob: Problem, schedule: Schedule) -> set[int]:
    """The items to move in a repair: those with an error of their own, and a small vertex
    cover (largest degree first) of the error pairs; a pair whose other side may not move
    forces this side."""
    forced: set[int] = set()
    edges: list[tuple[int, int]] = []
    for c in _open_errors(schedule):
        idx = [prob.item_of.get(g) for g in c.sessions]
        movable = [i for i in idx if i is not None]
        if len(c.sessions) == 1 or len(movable) == 1:
            forced.update(movable)
        elif len(movable) == 2:
            edges.append((movable[0], movable[1]))
    cover = set(forced)
    edges = [(a, b) for a, b in edges if a not in cover and b not in cover]
    while edges:
        degree: dict[int, int] = {}
        for a, b in edges:
            degree[a] = degree.get(a, 0) + 1
            degree[b] = degree.get(b, 0) + 1
        pick = max(degree, key=lambda i: (degree[i], -prob.items[i].duration, -i))
        cover.add(pick)
        edges = [(a, b) for a, b in edges if pick not in (a, b)]
    return cover


def arrange(
    schedule: Schedule,
    mode: str = PLACE,
    scope: Collection[str] | None = None,
    time_limit: float = 10.0,
    progress: ProgressFn | None = None,
    stop: threading.Event | None = None,
    days: Collection[date] | None = None,
    rooms: Collection[str] | None = None,
) -> Proposal:
    """Arrange ``schedule`` (it is not changed). ``scope`` limits the sessions that may
    move to those guids; ``days`` (event days) and ``rooms`` (room guids) limit both the
    sessions that may move (those on those days, in those rooms, or unscheduled) and where
    they may go. ``stop`` (set from another thread) or ``progress`` returning False ends
    the search early, keeping the best schedule found so far."""
    if mode not in MODES:
        raise ValueError(f"mode: {mode!r} is not one of {', '.join(MODES)}")
    began = time.perf_counter()
    stop = stop or threading.Event()

    def tell(fraction: float, what: str) -> None:
        if progress is not None and progress(min(1.0, fraction), what) is False:
            stop.set()

    day_set = None if days is None else {i for i, d in enumerate(schedule.event.days) if d in set(days)}
    room_set = None if rooms is None else set(rooms)
    targets = _targets(schedule, mode, scope, day_set, room_set)
    prob = build(schedule, mode, targets, day_set, room_set)
    pos: dict[int, Position] = {}
    tell(0.02, f"{len(prob.items)} sessions to arrange")
    items = prob.items
    if mode == REPAIR:
        cover = _cover(prob, schedule)
        for item in items:
            if item.index not in cover and item.origin is not None:
                pos[item.index] = item.origin
                prob.occupy(item, *item.origin)
        left = place_all(prob, [i for i in items if i.index in cover], pos)
    else:
        left = place_all(prob, items, pos)
    tell(0.2, f"first schedule: {len(pos)} placed, {len(left)} left")
    optimal = True
    spent = time.perf_counter() - began
    budget = max(0.0, time_limit - spent) * 0.85
    # The first schedule is always made whole (seconds even for thousands of sessions): a
    # stop asked meanwhile ends the search after it, never leaves sessions half placed.
    if mode != REPAIR and not left and _soft_cost(prob, pos) == 0:
        optimal = True  # nothing the solver could better: its objective is already zero
    elif items and budget > 0.05 and not stop.is_set():
        optimal = _improve(prob, pos, budget, stop, tell)
    else:
        optimal = False
    proposal = _proposal(prob, schedule, pos, mode)
    proposal.optimal = optimal and not stop.is_set()
    proposal.stopped = stop.is_set()
    proposal.targeted = len(prob.items)
    proposal.seconds = time.perf_counter() - began
    tell(1.0, "done")
    return proposal


def _improve(
    prob: Problem, pos: dict[int, Position], budget: float, stop: threading.Event, tell: ProgressFn
) -> bool:
    from planner.domain.arrange import solver  # OR-Tools: only now

    by_day = prob.mode == REBUILD and len(prob.windows) > 1
    parts: list[set[int] | None] = [{d} for d in range(len(prob.windows))] if by_day else [None]
    pool = {i.index for i in prob.items if i.index not in pos}  # what the greedy pass left
    optimal = True
    began = time.perf_counter()
    for n, days in enumerate(parts):
        if days is None:
            chunk = list(prob.items)
        else:  # one day: the sessions placed on it, and what is still unplaced, optionally
            chunk = [
                i
                for i in prob.items
                if (i.index in pos and prob.day_of(pos[i.index][0]) in days)
                or (i.index in pool and i.index not in pos)
            ]
        if not chunk:
            continue
        remaining = budget - (time.perf_counter() - began)
        if remaining <= 0.05 or stop.is_set():
            optimal = False
            break
        share = remaining / (len(parts) - n)
        for item in chunk:
            if item.index in pos:
                prob.release(item, *pos[item.index])
        must = {i.index for i in chunk if i.index in pos}
        hint = {i.index: pos[i.index] for i in chunk if i.index in pos}

        def report(objective: float, n: int = n) -> bool:
            tell(0.2 + 0.8 * (n + 1) / len(parts), f"part {n + 1} of {len(parts)}: cost {objective:.0f}")
            return not stop.is_set()

        result = solver.solve(prob, chunk, hint, must, share, stop, report, days)
        optimal = optimal and result.optimal
        for item in chunk:
            pos.pop(item.index, None)
        for idx, where in result.positions.items():
            pos[idx] = where
            prob.occupy(prob.items[idx], *where)
    return optimal


def _soft_cost(prob: Problem, pos: dict[int, Position]) -> int:
    """How many placed sessions the solver's objective would still count (outside their
    track's main room, or at night for one of their people)."""
    cost = 0
    for item in prob.items:
        start, room = pos[item.index]
        if item.track and item.rooms and room != item.rooms[0]:
            cost += 1
        if item.preferred != item.starts and not any(a <= start <= b for a, b in item.preferred):
            cost += 1
    return cost


def _proposal(prob: Problem, schedule: Schedule, pos: dict[int, Position], mode: str) -> Proposal:
    proposal = Proposal(mode=mode)
    new: dict[str, Session] = {}
    unplaced: list[Item] = []
    for item in prob.items:
        s = item.session
        where = pos.get(item.index)
        if where is None:
            unplaced.append(item)
            if mode == REBUILD and s.scheduled:  # a rebuild starts from nothing
                new[s.guid] = replace(s, start=None, room=s.room if s.pin else None)
            continue
        start, room = where
        when = utc_minute(prob, start)
        room_guid = prob.rooms[room].guid
        if s.start != when or s.room != room_guid:
            new[s.guid] = replace(s, start=when, room=room_guid)
    # the engine has the last word: a change that makes an error conflict is withdrawn
    for _ in range(3):
        trial = replace(schedule, sessions=[new.get(s.guid, s) for s in schedule.sessions])
        bad = {g for c in _open_errors(trial) for g in c.sessions if g in new and new[g].scheduled}
        bad_items = [prob.items[prob.item_of[g]] for g in bad if g in prob.item_of]
        if not bad_items:
            break
        for item in bad_items:
            if mode == REPAIR:
                new.pop(item.session.guid, None)
            else:
                new[item.session.guid] = replace(item.session, start=None, room=None)
            pos.pop(item.index, None)
            log.error("arrange: withdrew %s, whose new place broke an error rule", item.session.guid)
            unplaced.append(item)
    reasons = explain(prob, unplaced, pos)
    proposal.unplaced = [Unplaced(i.session.guid, i.session.title, reasons[i.index]) for i in unplaced]
    for s in schedule.sessions:
        if s.guid in new:
            n = new[s.guid]
            proposal.sessions.append(n)
            proposal.changes.append(Change(s.guid, s.title, s.start, s.room, n.start, n.room))
    final = replace(schedule, sessions=[new.get(s.guid, s) for s in schedule.sessions])
    proposal.errors_left = _open_errors(final)
    return proposal
