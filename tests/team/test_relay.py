"""Processes, not mocks: ``planner relay`` on loopback and two stores that sync through it
with ``planner share sync`` (issue 16)."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.demo import add_demo
from planner.domain.model import Person
from planner.edits import save_people
from planner.store import Store
from planner.team.relay import room_name
from planner.team.replica import Replica
from tests.team.test_team import canonical

ROOT = Path(__file__).resolve().parents[2]


def planner(db: Path, *args: str, author: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PLANNER_AUTHOR=author or "tester")
    return subprocess.run(
        [sys.executable, "-m", "planner", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def relay() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "planner", "relay", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"ws://127\.0\.0\.1:(\d+)", line)
        assert match, f"the relay did not start: {line!r}"
        yield f"ws://127.0.0.1:{match.group(1)}", proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _shared_demo(db: Path, url: str) -> tuple[str, str]:
    """A demo event in the store ``db``, synced to the relay at ``url``: (slug, secret)."""
    with Store.open(db) as store:
        slug = add_demo(store)
    secret = planner(db, "share", "secret", "--event", slug).stdout.strip()
    assert planner(db, "share", "sync", "--event", slug, "--relay", url).returncode == 0
    return slug, secret


def test_two_stores_sync_through_the_relay(tmp_path: Path, relay: tuple[str, subprocess.Popen[str]]) -> None:
    url, _proc = relay
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    with Store.open(a) as store:
        slug = add_demo(store)
    secret = planner(a, "share", "secret", "--event", slug).stdout.strip()
    assert planner(a, "share", "sync", "--event", slug, "--relay", url, author="alice").returncode == 0
    joined = planner(b, "share", "sync", "--event", slug, "--relay", url, "--secret", secret, author="bob")
    assert joined.returncode == 0, joined.stderr
    assert "Created the event" in joined.stdout
    # alice edits on the command line (the document catches up at the next sync)
    assert planner(a, "event", "set", "--event", slug, "name=Winter Gala (team)").returncode == 0
    assert planner(a, "share", "sync", "--event", slug, "--relay", url, author="alice").returncode == 0
    # bob edits through the replica, syncs (without --secret: his store keeps it), gets alice's
    with Store.open(b) as store:
        Replica.open(store, slug, "bob").apply(save_people(store.load(slug), [Person("Mary Jackson")]))
    got = planner(b, "share", "sync", "--event", slug, "--relay", url, author="bob")
    assert got.returncode == 0, got.stderr
    assert "Changed the event's name" in got.stdout
    assert planner(a, "share", "sync", "--event", slug, "--relay", url, author="alice").returncode == 0
    with Store.open(a) as sa, Store.open(b) as sb:
        assert sa.load(slug).event.name == sb.load(slug).event.name == "Winter Gala (team)"
        assert "Mary Jackson" in {p.name for p in sa.load(slug).people}
        assert canonical(sa, slug) == canonical(sb, slug)
        assert ("bob", "Added Mary Jackson") in {(e.author, e.summary) for e in sa.edit_log(slug, limit=5)}
    # a wrong secret is refused, with a sentence, and makes no event
    c = tmp_path / "c.sqlite"
    wrong = planner(c, "share", "sync", "--event", slug, "--relay", url, "--secret", "not-the-secret")
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == (
        "planner: error: the relay refused the connection: no shared event with this secret on this relay"
    )
    with Store.open(c) as store:
        assert store.list_events() == []


def test_the_relay_refuses_malformed_updates_and_keeps_its_document(
    tmp_path: Path, relay: tuple[str, subprocess.Popen[str]]
) -> None:
    from websockets.asyncio.client import connect

    url, proc = relay
    a = tmp_path / "a.sqlite"
    slug, secret = _shared_demo(a, url)

    async def hostile() -> None:
        async with connect(f"{url}/room/{room_name(secret)}") as ws:
            await ws.recv()  # the room's step 1
            await ws.send(bytes([0, 2]) + bytes([200]) + os.urandom(200))  # an update that does not decode
            await ws.send(bytes([0, 1, 5, 1, 2, 3]))  # a truncated step 2
            await ws.send(os.urandom(50))  # no message at all

    asyncio.run(hostile())
    b = tmp_path / "b.sqlite"
    joined = planner(b, "share", "sync", "--event", slug, "--relay", url, "--secret", secret)
    assert joined.returncode == 0, joined.stderr
    with Store.open(a) as sa, Store.open(b) as sb:
        assert canonical(sa, slug) == canonical(sb, slug)
    proc.terminate()
    _out, err = proc.communicate(timeout=10)
    assert err.count("refused a malformed message") >= 2


def test_a_client_killed_mid_sync_loses_nothing_and_converges(
    tmp_path: Path, relay: tuple[str, subprocess.Popen[str]]
) -> None:
    url, _proc = relay
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    slug, secret = _shared_demo(a, url)
    assert planner(b, "share", "sync", "--event", slug, "--relay", url, "--secret", secret).returncode == 0
    # alice saves an edit (the command says so), then her sync is killed part way
    assert planner(a, "event", "set", "--event", slug, "description=Saved before the kill").returncode == 0
    env = dict(os.environ, PYTHONPATH=str(ROOT), PLANNER_AUTHOR="alice")
    for delay in (0.05, 0.3, 0.8):
        victim = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "planner",
                "--db",
                str(a),
                "share",
                "sync",
                "--event",
                slug,
                "--relay",
                url,
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            victim.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            victim.kill()  # SIGKILL
            victim.wait(timeout=10)
    with Store.open(a) as store:
        assert store.load(slug).event.description == "Saved before the kill"
    assert planner(a, "share", "sync", "--event", slug, "--relay", url).returncode == 0
    assert planner(b, "share", "sync", "--event", slug, "--relay", url).returncode == 0
    with Store.open(a) as sa, Store.open(b) as sb:
        assert sb.load(slug).event.description == "Saved before the kill"
        assert canonical(sa, slug) == canonical(sb, slug)


def test_the_relay_closes_on_oversized_messages_and_floods_and_keeps_its_document(
    tmp_path: Path, relay: tuple[str, subprocess.Popen[str]]
) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    from planner.team.relay import MAX_MESSAGE, MAX_RATE

    url, _proc = relay
    a = tmp_path / "a.sqlite"
    slug, secret = _shared_demo(a, url)
    target = f"{url}/room/{room_name(secret)}"

    async def closed_after(messages: list[bytes]) -> tuple[int, str]:
        async with connect(target, max_size=None) as ws:
            await ws.recv()  # the room's step 1
            try:
                for m in messages:
                    await ws.send(m)
                while True:
                    await asyncio.wait_for(ws.recv(), 10)
            except ConnectionClosed as exc:
                if exc.rcvd is None:  # cut without a close frame (a flood's replies were queued)
                    return 1006, ""
                return exc.rcvd.code, exc.rcvd.reason
        raise AssertionError("the relay kept the connection open")

    big = bytes([0, 2]) + b"\xff" * (MAX_MESSAGE + 1)  # one byte over the cap
    assert asyncio.run(closed_after([big]))[0] == 1009  # "message too big"
    step1 = bytes([0, 0, 1, 0])  # a valid, empty state vector request
    began = time.monotonic()
    code, reason = asyncio.run(closed_after([step1] * (MAX_RATE + 50)))
    assert (code, reason) in {(1008, "too many messages"), (1006, "")}
    assert time.monotonic() - began < 3
    updates = [bytes([0, 2]) + bytes([2, 0, 0])] * (MAX_RATE + 50)  # empty updates: no replies
    assert asyncio.run(closed_after(updates)) == (1008, "too many messages")
    # the room still serves the event whole to a teammate
    b = tmp_path / "b.sqlite"
    joined = planner(b, "share", "sync", "--event", slug, "--relay", url, "--secret", secret)
    assert joined.returncode == 0, joined.stderr
    with Store.open(a) as sa, Store.open(b) as sb:
        assert canonical(sa, slug) == canonical(sb, slug)


def test_a_revoked_secret_stops_working_once_its_owner_syncs(
    tmp_path: Path, relay: tuple[str, subprocess.Popen[str]]
) -> None:
    url, _proc = relay
    a, b, c = (tmp_path / f"{n}.sqlite" for n in "abc")
    slug, old = _shared_demo(a, url)
    assert planner(b, "share", "sync", "--event", slug, "--relay", url, "--secret", old).returncode == 0
    new = planner(a, "share", "secret", "--event", slug, "--new").stdout.strip()
    assert len(new) >= 32 and new != old
    with Store.open(a) as store:
        assert Replica.open(store, slug).revoked() == [old]
    done = planner(a, "share", "sync", "--event", slug, "--relay", url)
    assert done.returncode == 0, done.stderr
    assert "Retired 1 revoked secret on the relay" in done.stdout
    with Store.open(a) as store:
        assert Replica.open(store, slug).revoked() == []  # retired: not asked again
    again = planner(a, "share", "sync", "--event", slug, "--relay", url)
    assert "Retired" not in again.stdout
    revoked = "planner: error: the relay refused the connection: this event's secret was revoked"
    for db, extra in ((b, []), (c, ["--secret", old])):  # a teammate with the event, a newcomer
        before = db.read_bytes() if db.exists() else b""
        refused = planner(db, "share", "sync", "--event", slug, "--relay", url, *extra)
        assert refused.returncode != 0
        assert refused.stderr.startswith(revoked), refused.stderr
        assert (db.read_bytes() if db.exists() else b"") == before or db == c
    with Store.open(c) as store:
        assert store.list_events() == []
    # with the new secret, the teammate is back in
    back = planner(b, "share", "sync", "--event", slug, "--relay", url, "--secret", new)
    assert back.returncode == 0, back.stderr
    with Store.open(a) as sa, Store.open(b) as sb:
        assert canonical(sa, slug) == canonical(sb, slug)
        assert Replica.open(sb, slug).secret() == new  # kept: the next sync needs no --secret
