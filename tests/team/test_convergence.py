"""Three organisers edit one event at once and exchange updates in any order, with
duplicates: every copy ends the same (the whole event and its schedule.json export) with
the same conflicts (issue 16, "Done when")."""

from __future__ import annotations

import copy
import json
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.demo import add_demo
from planner.domain.conflicts import check_all_pairs
from planner.domain.model import DomainError, Person, Session
from planner.edits import delete_people, delete_sessions, save_people, save_sessions
from planner.interop import schedule_json
from planner.store import Store, StoreError
from planner.team.replica import Replica, merge_new
from tests.team.test_team import canonical

NAMES = ("alice", "bob", "carol")

op = st.one_of(
    st.tuples(st.just("move"), st.integers(0, 2), st.integers(0, 99), st.integers(-8, 8), st.integers(0, 9)),
    st.tuples(st.just("title"), st.integers(0, 2), st.integers(0, 99), st.sampled_from(["A", "B", "C"])),
    st.tuples(st.just("add"), st.integers(0, 2), st.integers(0, 9), st.integers(0, 20)),
    st.tuples(st.just("delete"), st.integers(0, 2), st.integers(0, 99)),
    st.tuples(st.just("person"), st.integers(0, 2), st.sampled_from(["Ada", "Grace", "Linus"])),
    st.tuples(st.just("unperson"), st.integers(0, 2), st.integers(0, 999)),
    st.tuples(st.just("speaker"), st.integers(0, 2), st.integers(0, 99), st.integers(0, 999)),
    st.tuples(st.just("send"), st.integers(0, 2), st.integers(0, 2)),
    st.tuples(st.just("resend"), st.integers(0, 2), st.integers(0, 99)),
)


def _edit(r: Replica, action: tuple[object, ...]) -> None:
    s = r.store.load(r.slug)
    sessions = sorted(s.sessions, key=lambda x: x.guid)
    rooms = sorted(s.rooms, key=lambda x: x.guid)
    people = sorted(s.people, key=lambda x: x.guid)
    kind = action[0]
    if kind == "move" and sessions:
        x = copy.deepcopy(sessions[int(action[2]) % len(sessions)])  # type: ignore[call-overload]
        base = x.start or min(y.start for y in s.sessions if y.start is not None)
        x.start = base + timedelta(minutes=15 * int(action[3]))  # type: ignore[call-overload]
        x.room = rooms[int(action[4]) % len(rooms)].guid  # type: ignore[call-overload]
        r.apply(save_sessions(s, [x]))
    elif kind == "title" and sessions:
        x = copy.deepcopy(sessions[int(action[2]) % len(sessions)])  # type: ignore[call-overload]
        x.title = f"{x.title[:20]} {action[3]}"
        r.apply(save_sessions(s, [x]))
    elif kind == "add":
        start = min(x.start for x in s.sessions if x.start is not None)
        room = rooms[int(action[2]) % len(rooms)].guid  # type: ignore[call-overload]
        new = Session("New talk", start=start + timedelta(minutes=30 * int(action[3])), room=room)  # type: ignore[call-overload]
        r.apply(save_sessions(s, [new]))
    elif kind == "delete" and sessions:
        r.apply(delete_sessions(s, [sessions[int(action[2]) % len(sessions)].guid]))  # type: ignore[call-overload]
    elif kind == "person":
        r.apply(save_people(s, [Person(str(action[2]))]))
    elif kind == "unperson" and people:
        r.apply(delete_people(s, [people[int(action[2]) % len(people)].guid]))  # type: ignore[call-overload]
    elif kind == "speaker" and sessions and people:
        x = copy.deepcopy(sessions[int(action[2]) % len(sessions)])  # type: ignore[call-overload]
        p = people[int(action[3]) % len(people)].guid  # type: ignore[call-overload]
        if p not in x.speakers + x.moderators:
            x.speakers.append(p)
            r.apply(save_sessions(s, [x]))


def _state(r: Replica) -> tuple[str, str, list[str]]:
    schedule = r.store.load(r.slug)
    export = schedule_json.to_dict(schedule)
    return (
        canonical(r.store, r.slug),
        json.dumps(export, sort_keys=True),
        sorted(c.key for c in check_all_pairs(schedule)),
    )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(op, min_size=1, max_size=14))
def test_three_copies_converge(actions: list[tuple[object, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        first = Store.open(Path(tmp) / "alice.sqlite")
        slug = add_demo(first)
        replicas = [Replica.open(first, slug, NAMES[0])]
        whole = replicas[0].update_since(None)
        for name in NAMES[1:]:
            replicas.append(merge_new(Store.open(Path(tmp) / f"{name}.sqlite"), whole, name)[0])
        sent: list[tuple[int, bytes]] = []
        for action in actions:
            r = replicas[int(action[1])]  # type: ignore[call-overload]
            if action[0] == "send":
                to = replicas[int(action[2])]  # type: ignore[call-overload]
                update = r.update_since(to.state())
                sent.append((int(action[2]), update))  # type: ignore[call-overload]
                to.merge(update)
            elif action[0] == "resend":
                if sent:
                    to_index, update = sent[int(action[2]) % len(sent)]  # type: ignore[call-overload]
                    replicas[to_index].merge(update)  # a duplicate, or an old update out of order
            else:
                try:
                    _edit(r, action)
                except (DomainError, StoreError):
                    pass  # an edit the domain refuses is not made; the others go on
        for _ in range(2):  # everyone sends everyone what they lack
            for a in replicas:
                for b in replicas:
                    if a is not b:
                        b.merge(a.update_since(b.state()))
        states = [_state(r) for r in replicas]
        assert states[0][0] == states[1][0] == states[2][0]
        assert states[0][1] == states[1][1] == states[2][1]
        assert states[0][2] == states[1][2] == states[2][2]
