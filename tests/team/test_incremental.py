"""A small update is merged incrementally (only the sessions it touches are read, applied
and checked for conflicts) and ends exactly where the whole merge ends (issue 16, latency)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from planner.demo import add_demo
from planner.edits import delete_sessions, save_sessions
from planner.store import Store
from planner.team import replica as replica_module
from planner.team.mirror import SEP, TeamError, roots
from planner.team.replica import MergeReport, Replica, merge_new
from tests.team.test_team import canonical


def _three(tmp_path: Path) -> tuple[Replica, Replica, Replica]:
    a = Store.open(tmp_path / "a.sqlite")
    slug = add_demo(a)
    ra = Replica.open(a, slug, "alice")
    whole = ra.update_since(None)
    rb, _ = merge_new(Store.open(tmp_path / "b.sqlite"), whole, "bob")
    rc, _ = merge_new(Store.open(tmp_path / "c.sqlite"), whole, "carol")
    return ra, rb, rc


def _alice_edits(ra: Replica) -> None:
    """A move onto another session's place (a new conflict), a retitle and a deletion,
    each a small update of sessions only."""
    sched = ra.store.load(ra.slug)
    placed = [s for s in sched.sessions if s.start is not None and s.room is not None]
    target = placed[0]
    moved = copy.deepcopy(next(s for s in placed[1:] if (s.room, s.start) != (target.room, target.start)))
    moved.room, moved.start = target.room, target.start
    ra.apply(save_sessions(sched, [moved]))
    sched = ra.store.load(ra.slug)
    renamed = copy.deepcopy(placed[-1])
    renamed.title = "Renamed by Alice"
    ra.apply(save_sessions(sched, [renamed]))
    ra.apply(delete_sessions(ra.store.load(ra.slug), [placed[-2].guid]))


def test_a_small_merge_ends_where_the_whole_merge_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ra, rb, rc = _three(tmp_path)
    sb, sc = rb.state(), rc.state()
    _alice_edits(ra)
    ub, uc = ra.update_since(sb), ra.update_since(sc)
    calls: list[str] = []
    whole_path = replica_module._scratch  # noqa: SLF001 - counting which path a merge takes

    def counted(*args: object) -> object:
        calls.append("whole")
        return whole_path(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(replica_module, "_scratch", counted)
    fast = rb.merge(ub)
    assert calls == []  # the incremental path took it
    monkeypatch.setattr(replica_module, "SMALL_UPDATE", 0)
    whole = rc.merge(uc)
    assert calls == ["whole"]
    assert canonical(rb.store, rb.slug) == canonical(rc.store, rc.slug) == canonical(ra.store, ra.slug)
    assert _summary(fast) == _summary(whole)
    assert any(line.startswith("alice: ") for line in fast.lines())
    assert fast.new_conflicts and all(who == ("alice",) for _c, who in fast.new_conflicts)
    assert [e.author for e in rb.store.edit_log(rb.slug, 1)] == ["alice"]
    # the document holds the same as the store, and survives a reopen
    again = Replica.open(rb.store, rb.slug, "bob")
    assert again.catch_up() == 0
    assert rb.merge(ub).nothing_new


def _summary(report: MergeReport) -> tuple[list[str], list[str], list[tuple[str, tuple[str, ...]]]]:
    return (
        [f"{a.author}: {a.summary}" for a in report.applied],
        report.replaced,
        sorted((c.key, who) for c, who in report.new_conflicts),
    )


def test_a_malformed_small_update_changes_nothing(tmp_path: Path) -> None:
    ra, rb, _rc = _three(tmp_path)
    before, state = canonical(rb.store, rb.slug), rb.state()
    sessions = roots(ra.doc)["sessions"]
    guid = next(iter(sessions.keys()))
    rec = sessions[guid]
    start = ra.doc.get_state()
    with ra.doc.transaction():
        rec["start"] = "mallory" + SEP + "{not json"
    with pytest.raises(TeamError, match="malformed"):
        rb.merge(ra.doc.get_update(start))
    assert canonical(rb.store, rb.slug) == before
    assert rb.state() == state  # the document is as it was, too
    assert Replica.open(rb.store, rb.slug, "bob").state() == state


def test_a_local_edit_writes_only_its_sessions_into_the_document(tmp_path: Path) -> None:
    ra, rb, _rc = _three(tmp_path)
    ra.catch_up()  # the copy of the event is current from here on
    sched = ra.store.load(ra.slug)
    s = copy.deepcopy(sched.sessions[0])
    s.title = "Only this one"
    ra.apply(save_sessions(sched, [s]))
    update = ra.update_since(rb.state())
    assert len(update) < 2000  # one record's fields, not the event
    report = rb.merge(update)
    assert [a.author for a in report.applied] == ["alice"]
    assert rb.store.load(rb.slug).session_by_guid()[s.guid].title == "Only this one"
    # an edit made beside the replica (not through it) is still caught up
    other = copy.deepcopy(sched.sessions[1])
    other.title = "Made beside"
    ra.store.apply(ra.slug, save_sessions(ra.store.load(ra.slug), [other]), author="alice")
    s2 = copy.deepcopy(ra.store.load(ra.slug).session_by_guid()[s.guid])
    s2.title = "Then this"
    ra.apply(save_sessions(ra.store.load(ra.slug), [s2]))
    rb.merge(ra.update_since(rb.state()))
    got = rb.store.load(rb.slug).session_by_guid()
    assert (got[other.guid].title, got[s.guid].title) == ("Made beside", "Then this")
