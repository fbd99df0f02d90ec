"""A first schedule fast: each session, hardest first, at the earliest grid time that breaks
no hard rule, in the room and on the day the soft goals prefer. Its result is the
solver's starting point (a hint), and what the solver returns when it finds nothing better.
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.domain.arrange.problem import REPAIR, Item, Problem
from planner.domain.conflicts import TRACK_CLASH

Position = tuple[int, int]  # (start minute, room index)


def earliest(
    prob: Problem, item: Item, room: int, lo: int, hi: int, pos: dict[int, Position], soft: bool = False
) -> int | None:
    """The earliest start on the grid in ``[lo, hi]`` where ``item`` fits in ``room``; with
    ``soft``, also clear of its track where track clashes are only warnings."""
    dur = item.duration
    base = item.day_base[prob.day_of(lo)]
    slot = prob.slot

    def up(minute: int) -> int:
        return base + -(-(minute - base) // slot) * slot

    for g in prob.rehearsed_by.get(item.session.guid, ()):  # its rehearsals end before it starts
        if g in pos:
            lo = max(lo, pos[g][0] + prob.items[g].duration)
    if lo > hi:
        return None
    reh = prob.rehearsal_of.get(item.index)
    if reh is not None:
        target = prob.item_of.get(reh)
        if target is not None and target in pos:
            hi = min(hi, pos[target][0] - dur)
    t = up(lo)
    room_busy = None if prob.parallel[room] else prob.room_busy[room]
    co = prob.changeover[room]
    track = None
    if item.track and (TRACK_CLASH in prob.hard or (soft and prob.tracked)):
        track = prob.track_busy.get(item.track)
    while t <= hi:
        end = t + dur
        if room_busy is not None:
            c = room_busy.clash(t, end, co)
            if c is not None:
                t = up(c[1] + co)
                continue
        moved = False
        for p in item.people:
            busy = prob.person_busy.get(p)
            if busy is not None:
                c = busy.clash(t, end, prob.travel)
                if c is not None:
                    t = up(c[1] + prob.travel)
                    moved = True
                    break
        if moved:
            continue
        if track is not None:
            c = track.clash(t, end, 0)
            if c is not None:
                t = up(c[1])
                continue
        return t
    return None


def difficulty(item: Item) -> tuple[int, int, int, int]:
    """Fewer rooms, less (sociable) time and a longer duration make a session harder to place."""
    span = sum(hi - lo for lo, hi in item.starts)
    nice = sum(hi - lo for lo, hi in item.preferred)
    return (len(item.rooms), nice, span, -item.duration)


def place_all(prob: Problem, items: Iterable[Item], pos: dict[int, Position]) -> list[Item]:
    """Place ``items`` (hardest first) into ``pos``, occupying what they take; returns those
    that found no place."""
    fill = [0] * len(prob.windows)
    for start, _room in pos.values():
        fill[prob.day_of(start)] += 1
    for s in prob.fixed:
        if s.guid in prob.fixed_start:
            fill[prob.day_of(prob.fixed_start[s.guid])] += 1
    left: list[Item] = []
    ordered = sorted(items, key=lambda i: (i.index not in prob.rehearsal_of, *difficulty(i)))
    for item in ordered:
        best = best_spot(prob, item, pos, fill)
        if best is None:
            left.append(item)
            continue
        pos[item.index] = best
        prob.occupy(item, *best)
        fill[prob.day_of(best[0])] += 1
    return left


def best_spot(prob: Problem, item: Item, pos: dict[int, Position], fill: list[int]) -> Position | None:
    if prob.mode == REPAIR and item.origin is not None:
        return _nearest(prob, item, pos)
    # first at a sociable hour for its people and clear of its track, then anywhere allowed;
    # the emptiest day first, then the rooms in the item's order of preference
    for soft, starts in ((True, item.preferred), (False, item.starts)):
        by_day: dict[int, list[tuple[int, int]]] = {}
        for lo, hi in starts:
            by_day.setdefault(prob.day_of(lo), []).append((lo, hi))
        for d in sorted(by_day, key=lambda d: (fill[d], d)):
            for room in item.rooms:
                for lo, hi in by_day[d]:
                    t = earliest(prob, item, room, lo, hi, pos, soft)
                    if t is not None:
                        return t, room
    return None


def _nearest(prob: Problem, item: Item, pos: dict[int, Position]) -> Position | None:
    """The spot closest to where ``item`` is now: its own room first, then the others."""
    assert item.origin is not None
    origin, own = item.origin
    best: tuple[int, Position] | None = None
    for n, room in enumerate(item.rooms):
        penalty = 0 if room == own else 24 * 60
        if best is not None and penalty >= best[0]:
            break
        for lo, hi in item.starts:
            if best is not None and penalty + max(0, lo - origin, origin - hi) >= best[0]:
                continue
            # forward from the origin, and the earliest in the part before it
            for a, b in ((max(lo, origin), hi), (lo, min(hi, origin))):
                if a > b:
                    continue
                t = earliest(prob, item, room, a, b, pos)
                if t is not None:
                    cost = penalty + abs(t - origin)
                    if best is None or cost < best[0]:
                        best = (cost, (t, room))
        if n >= 12 and best is not None:
            break
    return None if best is None else best[1]
