"""The CP-SAT model (OR-Tools): interval variables on the slot grid.

One integer start per session (its domain: the grid times its day, the event's hours and,
where that rule is an error, its people's availability allow), one optional interval per
candidate room (present when the session is in that room), and no-overlap constraints per
room (padded by its changeover), per person (padded by the travel buffer) and, when track
clashes are errors, per track. Everything outside the model is a fixed interval (merged
per resource, so sessions that already overlap among themselves cannot make it
infeasible). The greedy schedule is the hint.

Objective, heaviest first: sessions left unplaced, sessions moved (repair), sessions at
night in one of their people's zones, minutes moved and room changes (repair), sessions
outside their track's main room.

This module imports OR-Tools; nothing imports it before a schedule is arranged.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from planner.domain.arrange.greedy import Position
from planner.domain.arrange.problem import REPAIR, Busy, Item, Problem, Span
from planner.domain.conflicts import TRACK_CLASH

log = logging.getLogger(__name__)


def _import_cp_model() -> ModuleType:
    """OR-Tools' ``cp_model`` without pandas.

    ``cp_model`` imports pandas only for its ``*_series`` helpers (and two type aliases);
    we use neither, and pandas costs 0.8 s to import and 80 MB in the bundle, which leaves
    it out. While ``cp_model`` loads, a stand-in module with the two names it reads at
    import time takes pandas' place; it is removed afterwards, so a real ``import pandas``
    elsewhere still gets pandas.
    """
    if "ortools.sat.python.cp_model" in sys.modules or "pandas" in sys.modules:
        return importlib.import_module("ortools.sat.python.cp_model")
    stand_in = ModuleType("pandas")
    stand_in.Index = type("Index", (), {})  # type: ignore[attr-defined]
    stand_in.Series = type("Series", (), {})  # type: ignore[attr-defined]
    stand_in.DataFrame = type("DataFrame", (), {})  # type: ignore[attr-defined]
    sys.modules["pandas"] = stand_in
    try:
        return importlib.import_module("ortools.sat.python.cp_model")
    finally:
        if sys.modules.get("pandas") is stand_in:
            del sys.modules["pandas"]


if TYPE_CHECKING:
    from ortools.sat.python import cp_model
else:
    cp_model = _import_cp_model()

W_UNPLACED = 10_000_000
W_MOVE = 100_000
W_ROOM_CHANGE = 120
W_TRACK_ROOM = 30
W_UNSOCIABLE = 200
MAX_ROOMS = 5  # candidate rooms per session in the model


@dataclass
class SolveResult:
    positions: dict[int, Position]
    optimal: bool
    solved: bool  # False: no solution found in time (the hint stands)


class Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[float], bool], stop: threading.Event) -> None:
        super().__init__()
        self.report = report
        self.stop = stop
        self.solutions = 0
        self.last = time.perf_counter()

    def on_solution_callback(self) -> None:
        self.solutions += 1
        self.last = time.perf_counter()
        if self.stop.is_set() or self.report(self.objective_value) is False:
            self.stop.set()
            self.stop_search()


def _merged(spans: Sequence[tuple[int, int, int]], pad: int, skip: set[int]) -> list[Span]:
    out: list[list[int]] = []
    for s, e, tag in spans:
        if tag in skip:
            continue
        e += pad
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(a, b) for a, b in out]


def _grid(prob: Problem, item: Item, days: set[int] | None) -> list[int]:
    values: list[int] = []
    for lo, hi in item.starts:
        d = prob.day_of(lo)
        if days is not None and d not in days:
            continue
        base = item.day_base[d]
        t = base + -(-(lo - base) // prob.slot) * prob.slot
        values.extend(range(t, hi + 1, prob.slot))
    return values


def solve(
    prob: Problem,
    items: list[Item],
    hint: dict[int, Position],
    must: set[int],
    seconds: float,
    stop: threading.Event,
    report: Callable[[float], bool],
    days: set[int] | None = None,
    workers: int = 4,
) -> SolveResult:
    """Improve the positions of ``items`` (all released from the busy lists by the caller);
    ``must`` are the items that have to be placed (the hint places them)."""
    model = cp_model.CpModel()
    mine = {i.index for i in items}
    start: dict[int, cp_model.IntVar] = {}
    present: dict[tuple[int, int], cp_model.IntVar] = {}
    placed: dict[int, cp_model.IntVar] = {}
    room_iv: dict[int, list[cp_model.IntervalVar]] = {}
    person_iv: dict[str, list[cp_model.IntervalVar]] = {}
    track_iv: dict[str, list[cp_model.IntervalVar]] = {}
    cost: list[cp_model.LinearExprT] = []
    rooms_of: dict[int, list[int]] = {}
    repair = prob.mode == REPAIR
    for item in items:
        values = _grid(prob, item, days)
        rooms = list(item.rooms[:MAX_ROOMS])
        extra = [hint[item.index][1]] if item.index in hint else []
        if item.origin is not None and repair:
            values.append(item.origin[0])
            extra.append(item.origin[1])
        if item.index in hint:
            values.append(hint[item.index][0])
        for r in extra:
            if r not in rooms and r in item.rooms:
                rooms.append(r)
        if not values or not rooms:
            continue
        s = model.new_int_var_from_domain(cp_model.Domain.from_values(sorted(set(values))), f"s{item.index}")
        start[item.index] = s
        rooms_of[item.index] = rooms
        lits = []
        for r in rooms:
            x = model.new_bool_var(f"x{item.index}_{r}")
            present[item.index, r] = x
            lits.append(x)
            if not prob.parallel[r]:
                room_iv.setdefault(r, []).append(
                    model.new_optional_fixed_size_interval_var(
                        s, item.duration + prob.changeover[r], x, f"r{item.index}_{r}"
                    )
                )
        on = model.new_bool_var(f"on{item.index}")
        placed[item.index] = on
        model.add(sum(lits) == on)
        if item.index in must:
            model.add(on == 1)
        else:
            cost.append(W_UNPLACED * (1 - on))
        for p in item.people:
            person_iv.setdefault(p, []).append(
                model.new_optional_fixed_size_interval_var(
                    s, item.duration + prob.travel, on, f"p{item.index}"
                )
            )
        if item.track and TRACK_CLASH in prob.hard:
            track_iv.setdefault(item.track, []).append(
                model.new_optional_fixed_size_interval_var(s, item.duration, on, f"t{item.index}")
            )
        if repair and item.origin is not None:
            o_start, o_room = item.origin
            stay = model.new_bool_var(f"stay{item.index}")
            if (item.index, o_room) in present:
                model.add(s == o_start).only_enforce_if(stay)
                model.add_implication(stay, present[item.index, o_room])
                cost.append(W_ROOM_CHANGE * (1 - present[item.index, o_room]))
            else:
                model.add(stay == 0)
            cost.append(W_MOVE * (1 - stay))
            shift = model.new_int_var(0, 1 << 30, f"d{item.index}")
            model.add_abs_equality(shift, s - o_start)
            cost.append(shift)
            if item.index in hint:
                model.add_hint(stay, 1 if hint[item.index] == item.origin else 0)
                model.add_hint(shift, abs(hint[item.index][0] - o_start))
        elif item.track:
            home = item.rooms[0] if item.rooms else None
            if home is not None and (item.index, home) in present:
                cost.append(W_TRACK_ROOM * (1 - present[item.index, home]))
        if item.preferred != item.starts:  # at night for one of its people: avoided, not forbidden
            nice = model.new_bool_var(f"n{item.index}")
            if item.preferred:
                day = cp_model.Domain.from_intervals([[a, b] for a, b in item.preferred])
                model.add_linear_expression_in_domain(s, day).only_enforce_if(nice)
            else:
                model.add(nice == 0)
            cost.append(W_UNSOCIABLE * (1 - nice))
            if item.index in hint:
                model.add_hint(nice, any(a <= hint[item.index][0] <= b for a, b in item.preferred))
        if item.index in hint:
            t, r = hint[item.index]
            model.add_hint(s, t)
            model.add_hint(on, 1)
            for rr in rooms:
                model.add_hint(present[item.index, rr], 1 if rr == r else 0)
        else:
            model.add_hint(on, 0)
            for rr in rooms:
                model.add_hint(present[item.index, rr], 0)
    # rehearsals end before their sessions when both are in the model
    for idx, target_guid in prob.rehearsal_of.items():
        tgt = prob.item_of.get(target_guid)
        if idx in start and tgt is not None and tgt in start:
            both = [placed[idx], placed[tgt]]
            model.add(start[tgt] >= start[idx] + prob.items[idx].duration).only_enforce_if(both)

    def fixed(spans: list[Span], name: str) -> list[cp_model.IntervalVar]:
        return [model.new_fixed_size_interval_var(a, b - a, f"{name}{k}") for k, (a, b) in enumerate(spans)]

    for r, ivs in room_iv.items():
        rest = _merged(prob.room_busy[r].spans, prob.changeover[r], mine)
        model.add_no_overlap(ivs + fixed(rest, f"fr{r}_"))
    for p, ivs in person_iv.items():
        busy = prob.person_busy.get(p, Busy())
        rest = _merged(busy.spans, prob.travel, mine)
        if len(ivs) + len(rest) > 1:
            model.add_no_overlap(ivs + fixed(rest, "fp"))
    for tr, ivs in track_iv.items():
        busy = prob.track_busy.get(tr, Busy())
        model.add_no_overlap(ivs + fixed(_merged(busy.spans, 0, mine), "ft"))
    if cost:
        model.minimize(sum(cost))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    # a large model on few cores: fewer workers, each with its own copy of the model
    solver.parameters.num_workers = workers if len(items) <= 500 else min(workers, 2)
    callback = Progress(report, stop)
    began = time.perf_counter()
    done = threading.Event()

    def watch() -> None:
        """Stop when asked, or when nothing better came for a while (the search has settled)."""
        calm = max(1.0, 0.25 * seconds)
        while not done.wait(0.1):
            if stop.is_set() or (callback.solutions and time.perf_counter() - callback.last > calm):
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, name="arrange-watch", daemon=True)
    watcher.start()
    try:
        status = solver.solve(model, callback)
    finally:
        done.set()
        watcher.join()
    log.info(
        "cp-sat: %d sessions, %s in %.2f s, %d solutions",
        len(items),
        solver.status_name(status),
        time.perf_counter() - began,
        callback.solutions,
    )
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SolveResult(dict(hint), optimal=False, solved=False)
    positions: dict[int, Position] = {}
    for idx, s in start.items():
        if not solver.boolean_value(placed[idx]):
            continue
        room = next(r for r in rooms_of[idx] if solver.boolean_value(present[idx, r]))
        positions[idx] = (solver.value(s), room)
    return SolveResult(positions, optimal=status == cp_model.OPTIMAL, solved=True)
