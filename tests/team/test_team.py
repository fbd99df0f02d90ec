"""Team editing (issue 16): shared documents, merges by file, attribution, refusals."""

from __future__ import annotations

import copy
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest

from planner.cli import main
from planner.demo import add_demo
from planner.domain.model import Person, Room
from planner.edits import delete_sessions, save_people, save_rooms, save_sessions, schedule_to_data
from planner.store import Store
from planner.team import sharefile
from planner.team.mirror import TeamError
from planner.team.replica import Replica, merge_new


def canonical(store: Store, slug: str) -> str:
    """The event as sorted JSON (every field of every record; the slug left out)."""
    data = schedule_to_data(store.load(slug))
    data["event"].pop("slug")
    for key in ("rooms", "sessions", "people", "invites", "acknowledgements"):
        name = "token" if key == "invites" else "key" if key == "acknowledgements" else "guid"
        data[key].sort(key=lambda x, n=name: x[n])
    return json.dumps(data, sort_keys=True)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Replica, Replica]:
    a = Store.open(tmp_path / "a.sqlite")
    slug = add_demo(a)
    ra = Replica.open(a, slug, "alice")
    b = Store.open(tmp_path / "b.sqlite")
    rb, report = merge_new(b, ra.update_since(None), "bob")
    assert report.created
    return ra, rb


def exchange(x: Replica, y: Replica) -> None:
    ux, uy = x.update_since(y.state()), y.update_since(x.state())
    y.merge(ux)
    x.merge(uy)


def first_scheduled(r: Replica) -> str:
    return next(s.guid for s in r.store.load(r.slug).sessions if s.start is not None)


def test_a_new_copy_holds_the_same_event(pair: tuple[Replica, Replica]) -> None:
    ra, rb = pair
    assert canonical(ra.store, ra.slug) == canonical(rb.store, rb.slug)
    assert len(rb.store.load(rb.slug).sessions) == 21


def test_concurrent_moves_converge_and_the_replaced_move_is_listed(pair: tuple[Replica, Replica]) -> None:
    ra, rb = pair
    guid = first_scheduled(ra)
    sa = ra.store.load(ra.slug)
    moved = copy.deepcopy(sa.session_by_guid()[guid])
    assert moved.start is not None
    moved.start += timedelta(hours=1)
    ra.apply(save_sessions(sa, [moved]))
    sb = rb.store.load(rb.slug)
    other = copy.deepcopy(sb.session_by_guid()[guid])
    assert other.start is not None
    other.start += timedelta(hours=2)
    other.title = "Retitled by Bob"
    rb.apply(save_sessions(sb, [other]))
    ua, ub = ra.update_since(rb.state()), rb.update_since(ra.state())
    report_b = rb.merge(ua)
    report_a = ra.merge(ub)
    final_a = ra.store.load(ra.slug).session_by_guid()[guid]
    final_b = rb.store.load(rb.slug).session_by_guid()[guid]
    assert final_a == final_b
    assert final_a.title == "Retitled by Bob"  # different fields both survive
    assert final_a.start in (moved.start, other.start)
    loser = report_a if final_a.start == other.start else report_b
    assert any("Your move of" in line and "was replaced" in line for line in loser.replaced)
    assert canonical(ra.store, ra.slug) == canonical(rb.store, rb.slug)
    # the edit log says who made the change that arrived (a title, or a move and a title
    # when bob's move won)
    assert any(
        e.author == "bob" and "“Retitled by Bob”" in e.summary for e in ra.store.edit_log(ra.slug, limit=3)
    )


def test_a_deletion_wins_over_a_concurrent_edit(pair: tuple[Replica, Replica]) -> None:
    ra, rb = pair
    guid = first_scheduled(ra)
    ra.apply(delete_sessions(ra.store.load(ra.slug), [guid]))
    sb = rb.store.load(rb.slug)
    edited = copy.deepcopy(sb.session_by_guid()[guid])
    edited.title = "Edited while deleted"
    rb.apply(save_sessions(sb, [edited]))
    exchange(ra, rb)
    assert guid not in ra.store.load(ra.slug).session_by_guid()
    assert guid not in rb.store.load(rb.slug).session_by_guid()
    assert canonical(ra.store, ra.slug) == canonical(rb.store, rb.slug)


def test_a_room_removed_while_a_session_moves_into_it_leaves_the_session_unscheduled(
    pair: tuple[Replica, Replica],
) -> None:
    ra, rb = pair
    sa = ra.store.load(ra.slug)
    room = Room("Annex", position=9)
    ra.apply(save_rooms(sa, [room]))
    exchange(ra, rb)
    from planner.edits import remove_rooms

    ra.apply(remove_rooms(ra.store.load(ra.slug), [room.guid]))
    sb = rb.store.load(rb.slug)
    guid = first_scheduled(rb)
    s = copy.deepcopy(sb.session_by_guid()[guid])
    s.room = room.guid
    rb.apply(save_sessions(sb, [s]))
    exchange(ra, rb)
    for r in (ra, rb):
        got = r.store.load(r.slug).session_by_guid()[guid]
        assert got.room is None and got.start is None
    assert canonical(ra.store, ra.slug) == canonical(rb.store, rb.slug)


def test_a_merge_reports_new_conflicts_by_author(pair: tuple[Replica, Replica]) -> None:
    ra, rb = pair
    sa = ra.store.load(ra.slug)
    placed = [s for s in sa.sessions if s.start is not None and s.room is not None]
    a, b = placed[0], next(s for s in placed[1:] if s.room != placed[0].room or s.start != placed[0].start)
    onto = copy.deepcopy(b)
    onto.room, onto.start = a.room, a.start
    ra.apply(save_sessions(sa, [onto]))
    report = rb.merge(ra.update_since(rb.state()))
    assert report.new_conflicts
    assert all(who == ("alice",) for _c, who in report.new_conflicts)
    assert any(b.guid in c.sessions for c, _who in report.new_conflicts)


def test_duplicates_change_nothing_and_say_so(pair: tuple[Replica, Replica]) -> None:
    ra, rb = pair
    sa = ra.store.load(ra.slug)
    ra.apply(save_people(sa, [Person("Grace Hopper")]))
    update = ra.update_since(rb.state())
    assert not rb.merge(update).nothing_new
    log_size = len(rb.store.edit_log(rb.slug))
    assert rb.merge(update).nothing_new
    assert len(rb.store.edit_log(rb.slug)) == log_size


def test_the_store_wins_after_a_stop_between_store_and_document(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "a.sqlite")
    slug = add_demo(store)
    Replica.open(store, slug, "alice")
    sched = store.load(slug)
    store.apply(slug, save_people(sched, [Person("Ada Lovelace")]), author="alice")  # no document
    again = Replica.open(store, slug, "alice")  # the next start
    other = Store.open(tmp_path / "b.sqlite")
    rb, _ = merge_new(other, again.update_since(None), "bob")
    assert "Ada Lovelace" in {p.name for p in other.load(rb.slug).people}


def test_a_cover_image_travels_once_by_hash(pair: tuple[Replica, Replica]) -> None:
    ra, rb = pair
    from planner.edits import change_event

    sa = ra.store.load(ra.slug)
    event = copy.deepcopy(sa.event)
    image = os.urandom(200_000)
    event.cover_image = image
    ra.apply(change_event(sa, event))
    first = ra.update_since(rb.state())
    rb.merge(first)
    assert rb.store.load(rb.slug).event.cover_image == image
    sa = ra.store.load(ra.slug)
    event = copy.deepcopy(sa.event)
    event.description = "Now with a cover"
    ra.apply(change_event(sa, event))
    second = ra.update_since(rb.state())
    assert len(first) > 200_000 and len(second) < 2_000  # the image is not sent again
    rb.merge(second)
    assert canonical(ra.store, ra.slug) == canonical(rb.store, rb.slug)


# ---------------------------------------------------------------------- the command line
def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def test_share_export_merge_since_and_secret(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    with Store.open(a) as store:
        slug = add_demo(store)
    assert run(a, "share", "export", "--event", slug, "--out", str(tmp_path / "all.share")) == 0
    assert run(b, "share", "merge", str(tmp_path / "all.share")) == 0
    assert "Created the event" in capsys.readouterr().out
    with Store.open(a) as store:
        sched = store.load(slug)
        Replica.open(store, slug, "alice").apply(save_people(sched, [Person("Katherine Johnson")]))
    assert run(b, "share", "state", "--event", slug, "--out", str(tmp_path / "b.state")) == 0
    small = tmp_path / "delta.share"
    assert (
        run(a, "share", "export", "--event", slug, "--out", str(small), "--since", str(tmp_path / "b.state"))
        == 0
    )
    assert small.stat().st_size < (tmp_path / "all.share").stat().st_size / 20
    capsys.readouterr()
    assert run(b, "share", "merge", str(small), "--event", slug) == 0
    assert "alice: Added Katherine Johnson" in capsys.readouterr().out
    with Store.open(a) as sa, Store.open(b) as sb:
        assert canonical(sa, slug) == canonical(sb, slug)
    assert run(a, "share", "secret", "--event", slug) == 0
    first = capsys.readouterr().out.strip()
    assert run(a, "share", "secret", "--event", slug) == 0
    assert capsys.readouterr().out.strip() == first
    assert run(a, "share", "secret", "--event", slug, "--new") == 0
    second = capsys.readouterr().out.strip()
    assert second != first and len(second) >= 32 and int(second, 16) >= 0  # at least 128 bits, hex


def _bad_files(tmp_path: Path, good: bytes) -> dict[str, bytes]:
    payload_start = good.index(b"\n", len(sharefile.MAGIC)) + 1
    random_payload = os.urandom(5000)
    forged = sharefile.dumps(sharefile.ShareFile("update", "x" * 32, "Forged", random_payload))
    return {
        "random": os.urandom(4000),
        "truncated": good[: len(good) // 2],
        "header only": good[:payload_start],
        "flipped": good[:-10] + bytes(b ^ 0xFF for b in good[-10:]),
        "random update": forged,
        "empty": b"",
    }


@pytest.mark.parametrize("case", ["random", "truncated", "header only", "flipped", "random update", "empty"])
def test_bad_share_files_are_refused_and_change_nothing(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    with Store.open(a) as store:
        slug = add_demo(store)
    good = tmp_path / "good.share"
    assert run(a, "share", "export", "--event", slug, "--out", str(good)) == 0
    assert run(b, "share", "merge", str(good)) == 0
    with Store.open(a) as store:
        sched = store.load(slug)
        Replica.open(store, slug, "alice").apply(save_people(sched, [Person("Dorothy Vaughan")]))
    assert run(a, "share", "export", "--event", slug, "--out", str(good)) == 0
    bad = tmp_path / "bad.share"
    bad.write_bytes(_bad_files(tmp_path, good.read_bytes())[case])
    with Store.open(b) as store:
        before, log_before = canonical(store, slug), len(store.edit_log(slug))
    capsys.readouterr()
    for extra in ([], ["--event", slug]):
        assert run(b, "share", "merge", str(bad), *extra) == 1
        err = capsys.readouterr().err
        assert err.startswith("planner: error: ") and "Traceback" not in err and len(err.splitlines()) == 1
    with Store.open(b) as store:
        assert canonical(store, slug) == before
        assert len(store.edit_log(slug)) == log_before


def test_an_oversized_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sharefile, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.share"
    big.write_bytes(sharefile.MAGIC + b"x" * 2000)
    assert run(tmp_path / "b.sqlite", "share", "merge", str(big)) == 1
    assert "larger than" in capsys.readouterr().err


def test_a_random_update_is_refused_by_the_replica(pair: tuple[Replica, Replica]) -> None:
    ra, rb = pair
    before = canonical(rb.store, rb.slug)
    for bad in (os.urandom(3000), ra.update_since(None)[:-7], b"\x01\x00"):
        try:
            rb.merge(bad)
        except TeamError as exc:
            assert str(exc)
    assert canonical(rb.store, rb.slug) == before
