"""Edits as values: each kind's data round trip, its inverse (in memory and in the store,
by value), the log entry written with it, and refused edits that leave no trace."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import edits
from planner.domain.model import DomainError, Session
from planner.store import Store, StoreError
from tests.edits.helpers import (
    canon_schedule,
    canon_store,
    dump_tables,
    examples,
    json_round_trip,
    log_count,
    prepare,
)

NAMES = list(examples(cast(Store, None), ""))


@pytest.fixture
def slug(store: Store) -> str:
    return prepare(store)


def test_every_kind_has_an_example() -> None:
    covered = set()

    def kinds(e: edits.Edit) -> None:
        covered.add(e.KIND)
        if isinstance(e, edits.Batch):
            for p in e.parts:
                kinds(p)

    with tempfile.TemporaryDirectory() as d, Store.open(Path(d) / "k.sqlite") as store:
        slug = prepare(store)
        for build in examples(store, slug).values():
            kinds(build(store.load(slug)))
        assert store.edit_log(slug)[-1].kind == "create-event"
    covered.add("create-event")
    assert covered == set(edits.EDIT_KINDS)


@pytest.mark.parametrize("name", NAMES)
def test_apply_then_inverse_restores_store_and_schedule(store: Store, slug: str, name: str) -> None:
    schedule = store.load(slug)
    before_store = canon_store(store, slug)
    before_memory = canon_schedule(schedule)
    logged = len(store.edit_log(slug))
    edit = examples(store, slug)[name](schedule)

    change = store.apply(slug, edit)
    assert edit.apply(schedule) == change
    after = canon_store(store, slug)
    assert after != before_store, "the example changes nothing"
    assert canon_schedule(schedule) == after["schedule"], "memory and store disagree after apply"

    undo = edit.inverse()
    store.apply(slug, undo)
    undo.apply(schedule)
    assert canon_store(store, slug) == before_store
    assert canon_schedule(schedule) == before_memory
    # and the inverse of the inverse is the edit again
    assert edits.edit_from_data(undo.inverse().to_data()).to_data() == edit.to_data()

    log = store.edit_log(slug)
    assert len(log) == logged + 2
    assert [e.kind for e in log[:2]] == [undo.KIND, edit.KIND]
    assert log[1].data == json.loads(json.dumps(edit.to_data()))
    assert log[1].summary and "\n" not in log[1].summary


@pytest.mark.parametrize("name", NAMES)
def test_data_round_trip_is_exact(store: Store, slug: str, name: str) -> None:
    edit = examples(store, slug)[name](store.load(slug))
    again = json_round_trip(edit)
    assert type(again) is type(edit)
    assert again == edit
    assert again.to_data() == edit.to_data()
    assert again.summary() == edit.summary()


def test_create_event_is_the_first_entry_and_replays(store: Store) -> None:
    from planner.demo import demo_schedule

    slug = store.add_schedule(demo_schedule())
    (first,) = store.edit_log(slug)
    assert first.kind == "create-event" and first.summary.startswith("Created “")
    replayed = edits.edit_from_data(first.data)
    assert isinstance(replayed, edits.CreateEvent)
    assert canon_schedule(replayed.schedule) == canon_schedule(store.load(slug))
    with pytest.raises(DomainError):
        replayed.inverse()


def test_summaries_read_as_sentences(store: Store, slug: str) -> None:
    s = store.load(slug)
    names = edits.Names.of(s)
    move = examples(store, slug)["sessions-move"](s)
    text = move.summary(names)
    assert text.startswith("Moved “") and ", " in text and ":" in text  # room, day and time
    assert examples(store, slug)["rooms-remove"](s).summary(names).startswith("Removed room “")
    assert "sessions unscheduled" in examples(store, slug)["rooms-remove"](s).summary(names)
    issue = examples(store, slug)["invites-issue"](s)
    assert isinstance(issue, edits.InvitesEdit)
    if len(issue.after) == 1:
        assert issue.summary(names) == f"Issued an invite to {names.person(issue.after[0].person)}"
    else:
        assert issue.summary(names) == f"Issued {len(issue.after)} invites"


def test_malformed_data_is_refused_with_a_sentence() -> None:
    for bad in (
        {},
        {"kind": "teleport"},
        {"kind": "sessions"},
        {"kind": "sessions", "before": [1], "after": [2]},
    ):
        with pytest.raises(DomainError) as info:
            edits.edit_from_data(bad)
        assert info.value.field == "edit"


@pytest.mark.parametrize("second", ["domain", "store"])
def test_a_batch_whose_second_part_is_refused_leaves_no_trace(
    store: Store, slug: str, db_path: Path, second: str
) -> None:
    s = store.load(slug)
    good = examples(store, slug)["sessions-move"](s)
    bad: edits.Edit
    if second == "domain":
        bad = edits.SessionsEdit((None,), (Session(title="Ghost", room="no-such-room"),))
    else:
        gone = s.rooms[0]
        bad = edits.RoomsEdit((gone,), (None,))
        store.apply(slug, edits.remove_rooms(s, [gone.guid]))  # the room is already gone
        s = store.load(slug)
    before, logged = dump_tables(db_path), log_count(db_path)
    with pytest.raises((DomainError, StoreError)) as info:
        store.apply(slug, edits.Batch((good, bad), "Two things"))
    assert str(info.value)
    assert dump_tables(db_path) == before
    assert log_count(db_path) == logged


def test_an_edit_of_an_unknown_event_is_refused(store: Store, slug: str) -> None:
    edit = examples(store, slug)["sessions-move"](store.load(slug))
    with pytest.raises(StoreError, match="no event"):
        store.apply("nope", edit)


def test_a_slug_taken_by_another_event_is_refused(store: Store, slug: str) -> None:
    from planner.demo import demo_schedule

    other = store.add_schedule(demo_schedule())
    s = store.load(slug)
    ev = s.event
    ev.slug = other
    with pytest.raises(StoreError, match="already called"):
        store.apply(slug, edits.change_event(store.load(slug), ev))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5))
def test_random_sequences_undo_to_the_start(names: list[str]) -> None:
    """Random edits applied one after the other, then their inverses in reverse order
    (as the undo stack does), give back the store and the schedule as they were."""
    with tempfile.TemporaryDirectory() as d, Store.open(Path(d) / "h.sqlite") as store:
        slug = prepare(store)
        schedule = store.load(slug)
        start_store, start_memory = canon_store(store, slug), canon_schedule(schedule)
        applied: list[edits.Edit] = []
        builders = examples(store, slug)
        for name in names:
            try:
                edit = builders[name](schedule)
            except (StopIteration, IndexError, DomainError):
                continue  # nothing left of what this example changes
            try:
                store.apply(slug, edit)
            except (DomainError, StoreError):
                continue  # refused: nothing written, nothing to undo
            edit.apply(schedule)
            assert canon_schedule(schedule) == canon_store(store, slug)["schedule"]
            applied.append(json_round_trip(edit))  # what the log would replay
        for edit in reversed(applied):
            store.apply(slug, edit.inverse())
            edit.inverse().apply(schedule)
        assert canon_store(store, slug) == start_store
        assert canon_schedule(schedule) == start_memory


def _sizes(data: Any) -> int:
    return len(json.dumps(data))


def test_a_move_logs_a_small_entry(store: Store, slug: str) -> None:
    """The log of a drag holds the session before and after, not the event."""
    edit = examples(store, slug)["sessions-move"](store.load(slug))
    store.apply(slug, edit)
    assert _sizes(store.edit_log(slug, limit=1)[0].data) < 4000


def test_a_huge_event_is_logged_as_a_summary_not_whole(store: Store) -> None:
    """Issue 13 item 15: the create-event entry of a large import held the whole event a
    second time (200 MB of JSON for a 50 MB CSV). Above LOG_WHOLE_MAX records it holds the
    event's fields and counts; the contents are in the store only, once."""
    from datetime import date, datetime

    from planner.domain.model import UTC, Event, Person, Room, Schedule

    room, person = Room("Hall"), Person("Ada")
    n = edits.LOG_WHOLE_MAX + 1
    start = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    sessions = [Session(f"Talk {i}", start=start, room=room.guid, speakers=[person.guid]) for i in range(n)]
    big = Schedule(Event("Huge", date(2026, 5, 4), date(2026, 5, 4)), [room], sessions, [person])
    slug = store.add_schedule(big)
    (first,) = store.edit_log(slug)
    assert first.kind == "create-event"
    assert first.summary == f"Created “Huge” ({n} sessions, 1 room, 1 person)"
    assert _sizes(first.data) < 4000
    assert first.data["counts"] == {
        "rooms": 1,
        "sessions": n,
        "people": 1,
        "invites": 0,
        "acknowledgements": 0,
    }
    replayed = edits.edit_from_data(first.data)
    assert isinstance(replayed, edits.CreateEvent)
    assert replayed.schedule.event == store.load(slug).event
    assert replayed.summary() == first.summary
    with pytest.raises(DomainError, match="logged as a summary"):
        replayed.apply(store.load(slug))
    assert len(store.load(slug).sessions) == n  # the contents are in the store
