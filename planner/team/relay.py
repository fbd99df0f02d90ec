"""The live relay (``planner relay``) and one exchange with it (``planner share sync``).

The relay is a pycrdt-websocket ``WebsocketServer`` behind a ``websockets`` server: each
shared event is one room holding a copy of the event's document, and the Yjs sync
protocol (state vector, then what the other side lacks, then updates) runs between each
client and its room.

**Who gets in.** A room's name is derived from the event's secret (HMAC-SHA256 keyed with
the secret: 256 bits, in the path ``/room/NAME``); the relay never sees the secret. Only
a holder of the secret can name the room, so the relay serves each event's document only
to its own clients. A client that does not ask to create the room (one joining an event
its store does not have) is refused when no room has that name: a wrong or revoked
secret finds nothing. Issuing a new secret (``share secret --new``) moves the team to a
new room, and the issuer's next exchange retires the old one (``/room/NAME?retire=1``):
the relay closes its connections with 4403, drops its document and refuses the name
from then on (while it runs; a restarted relay has no rooms at all, and a holder of the
old secret could only make an empty room of its own).

**What the relay refuses.** Messages over ``MAX_MESSAGE`` bytes (the connection closes),
more than ``MAX_RATE`` messages a second from one client (it closes), any update or
awareness message that does not decode (refused and logged; the room's document is
untouched), a new room beyond ``MAX_ROOMS`` and a connection beyond ``MAX_CLIENTS`` in
one room.

**Who is here.** Awareness messages (the Yjs awareness protocol: each client's name and
the sessions it is dragging) are checked to decode and passed on to the room's clients;
they never enter the document.

The relay keeps its rooms in memory while it runs (a team's copies hold everything: a
restarted relay is filled again by the next sync).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pycrdt import (
    Doc,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    read_message,
    write_message,
)

from planner.team.mirror import TeamError

log = logging.getLogger(__name__)

MAX_MESSAGE = 32 * 1024 * 1024
MAX_RATE = 200  # messages per second per client
MAX_AWARENESS = 16 * 1024  # bytes of one awareness message (who is here, what they drag)
MAX_AWARENESS_STATES = 64
MAX_ROOMS = 1000  # events one relay serves at once
MAX_CLIENTS = 64  # connections to one event's room
ROOM_RE = re.compile(r"/room/([0-9a-f]{64})")
SYNC_TIMEOUT = 30.0


def room_name(secret: str) -> str:
    return hmac.new(secret.encode("utf-8"), b"planner relay room", hashlib.sha256).hexdigest()


def room_url(url: str, secret: str, create: bool) -> str:
    """The address of the event's room on the relay at ``url``."""
    return url.rstrip("/") + "/room/" + room_name(secret) + ("?create=1" if create else "")


def step2_message(update: bytes) -> bytes:
    """The sync step 2 message (the answer to a state vector) carrying ``update``."""
    return bytes([YMessageType.SYNC, YSyncMessageType.SYNC_STEP2]) + write_message(update)


def update_of(message: bytes) -> bytes | None:
    """The update a sync message carries (step 2 or update), else None."""
    if len(message) >= 2 and message[0] == YMessageType.SYNC and message[1] != YSyncMessageType.SYNC_STEP1:
        return bytes(read_message(message[2:]))
    return None


def awareness_well_formed(message: bytes) -> bool:
    """Whether an awareness message decodes to at most ``MAX_AWARENESS_STATES`` entries,
    each a client id, a clock and a JSON object (or null: that client left), in at most
    ``MAX_AWARENESS`` bytes."""
    import json

    from pycrdt import Decoder

    if len(message) > MAX_AWARENESS:
        return False
    try:
        decoder = Decoder(bytes(read_message(message[1:])))
        count = decoder.read_var_uint()
        if count > MAX_AWARENESS_STATES:
            return False
        for _ in range(count):
            decoder.read_var_uint()
            decoder.read_var_uint()
            text = decoder.read_var_string()
            state = json.loads(text) if text else None
            if state is not None and not isinstance(state, dict):
                return False
    except (ValueError, IndexError, RuntimeError, TypeError, RecursionError):
        return False
    return True


def well_formed(message: bytes) -> bool:
    """Whether a client's message is one the relay passes on: a sync message whose update
    decodes, or an awareness message that decodes."""
    if not message or message[0] not in (YMessageType.SYNC, YMessageType.AWARENESS):
        return False
    if message[0] == YMessageType.AWARENESS:
        return awareness_well_formed(message)
    try:
        if message[1] == YSyncMessageType.SYNC_STEP1:
            read_message(message[2:])
            return True
        update = update_of(message)
        if update is None:
            return False
        Doc().apply_update(update)
    except (ValueError, IndexError, RuntimeError):
        return False
    return True


class _Channel:
    """A websockets connection as pycrdt's Channel, with the relay's rate limit."""

    def __init__(self, ws: Any, path: str) -> None:
        self._ws = ws
        self._path = path
        self._times: deque[float] = deque()

    @property
    def path(self) -> str:
        return self._path

    def __aiter__(self) -> _Channel:
        return self

    async def __anext__(self) -> bytes:
        try:
            return await self.recv()
        except Exception as exc:  # the connection closed (any way): the room stops serving it
            raise StopAsyncIteration from exc

    async def send(self, message: bytes) -> None:
        await self._ws.send(message)

    async def close(self, code: int, reason: str) -> None:
        await self._drop(code, reason)

    async def _drop(self, code: int, reason: str) -> None:
        """Close with ``code``; a flooding client whose replies are still queued does not
        get to hold the connection through the close handshake: cut after a moment."""
        try:
            async with asyncio.timeout(0.5):
                await self._ws.close(code, reason)
        except TimeoutError:
            self._ws.transport.abort()

    async def recv(self) -> bytes:
        message = await self._ws.recv()
        now = time.monotonic()
        self._times.append(now)
        while self._times and now - self._times[0] > 1.0:
            self._times.popleft()
        if len(self._times) > MAX_RATE:
            log.warning("closing %s: more than %d messages a second", self._path, MAX_RATE)
            await self._drop(1008, "too many messages")
            raise ConnectionError("rate limit")
        if isinstance(message, str):
            await self._ws.close(1003, "binary messages only")
            raise ConnectionError("text message")
        return bytes(message)


REVOKED = "this event's secret was revoked: ask the team for the new one"


@dataclass
class Relay:
    host: str = "127.0.0.1"
    port: int = 8765
    refused: list[str] = field(default_factory=list)
    # Rooms whose secret was revoked (``share secret --new``, then an exchange that retired
    # it): closed, and refused from then on while the relay runs.
    retired: set[str] = field(default_factory=set)

    async def _retire(self, server: Any, name: str) -> None:
        """Close every connection to room ``name``, drop its document, refuse it from now."""
        self.retired.add(name)
        room = server.rooms.get(name)
        if room is None:
            return
        for channel in list(room.clients):
            if isinstance(channel, _Channel):
                await channel.close(4403, REVOKED)
        await server.delete_room(name=name)

    async def run(self, ready: asyncio.Event | None = None) -> None:
        from pycrdt.websocket import WebsocketServer
        from websockets.asyncio.server import serve

        async with WebsocketServer(auto_clean_rooms=False, log=log) as server:

            async def handler(ws: Any) -> None:
                target = urlsplit(ws.request.path)
                match = ROOM_RE.fullmatch(target.path)
                peer = ws.remote_address
                if match is None:
                    log.warning("refused %s: %s is not a room", peer, target.path[:80])
                    await ws.close(4400, "not a room path")
                    return
                name = match.group(1)
                query = parse_qs(target.query)
                create = query.get("create") == ["1"]
                if query.get("retire") == ["1"]:
                    await self._retire(server, name)
                    log.info("retired room %s… at the request of %s", name[:8], peer)
                    await ws.close(1000, "retired")
                    return
                if name in self.retired:
                    log.warning("refused %s: the secret it gave was revoked", peer)
                    self.refused.append("revoked")
                    await ws.close(4403, REVOKED)
                    return
                if name not in server.rooms and not create:
                    log.warning("refused %s: no room for the secret it gave", peer)
                    self.refused.append("no room")
                    await ws.close(4403, "no shared event with this secret on this relay")
                    return
                if name not in server.rooms and len(server.rooms) >= MAX_ROOMS:
                    log.warning("refused %s: the relay already serves %d events", peer, MAX_ROOMS)
                    self.refused.append("full")
                    await ws.close(4429, "this relay serves as many events as it can")
                    return
                room = await server.get_room(name)
                if len(room.clients) >= MAX_CLIENTS:
                    log.warning("refused %s: room %s… has %d clients", peer, name[:8], MAX_CLIENTS)
                    self.refused.append("room full")
                    await ws.close(4429, "too many connections to this event")
                    return

                def check(message: bytes) -> bool:
                    if well_formed(message):
                        return False
                    log.warning("refused a malformed message from %s (%d bytes)", peer, len(message))
                    self.refused.append("malformed")
                    return True

                def failed(exc: Exception, _message: bytes, _channel: Any) -> bool:
                    log.warning("a message from %s failed (%s); it was skipped", peer, exc)
                    return True

                room.on_message = check
                room.on_message_error = failed
                log.info("client %s joined room %s… (%d clients)", peer, name[:8], len(room.clients) + 1)
                known = [c for c in room.awareness.states if c != room.awareness.client_id]
                if known:  # who is here already, so the newcomer need not wait for their renewal
                    await ws.send(create_awareness_message(room.awareness.encode_awareness_update(known)))
                await server.serve(_Channel(ws, name))  # the room is named by its path

            async with serve(
                handler, self.host, self.port, max_size=MAX_MESSAGE, close_timeout=2
            ) as ws_server:
                sock = next(iter(ws_server.sockets))
                self.port = int(sock.getsockname()[1])
                log.info("relay listening on ws://%s:%d", self.host, self.port)
                if ready is not None:
                    ready.set()
                await ws_server.serve_forever()


# ---------------------------------------------------------------------- one exchange
@dataclass
class Exchange:
    received: list[bytes]
    sent_bytes: int


async def exchange(url: str, secret: str, doc: Doc, create: bool, timeout: float = SYNC_TIMEOUT) -> Exchange:
    """One sync with the relay: send what the room lacks, receive what ``doc`` lacks.
    Returns the updates received (not yet applied to anything)."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosedError, InvalidURI, WebSocketException

    target = room_url(url, secret, create)
    received: list[bytes] = []
    sent = 0
    try:
        async with asyncio.timeout(timeout):
            async with connect(target, max_size=MAX_MESSAGE, open_timeout=10) as ws:
                await ws.send(create_sync_message(doc))
                replies = 0
                async for message in ws:
                    if not isinstance(message, bytes) or len(message) < 2 or message[0] != YMessageType.SYNC:
                        continue
                    if message[1] == YSyncMessageType.SYNC_STEP1:
                        state = bytes(read_message(message[2:]))
                        update = bytes(doc.get_update(state))
                        await ws.send(step2_message(update))
                        sent += len(update)
                        await ws.send(create_sync_message(doc))  # its reply comes after our update is in
                        continue
                    got = update_of(message)
                    if got is not None and got != b"\x00\x00":
                        received.append(got)
                    if message[1] == YSyncMessageType.SYNC_STEP2:
                        replies += 1
                        if replies == 2:
                            break
    except ConnectionClosedError as exc:
        reason = exc.rcvd.reason if exc.rcvd is not None else ""
        raise TeamError(f"the relay refused the connection: {reason or 'it closed it'}") from None
    except TimeoutError:
        raise TeamError(f"the relay at {url} did not answer within {timeout:.0f} s") from None
    except (OSError, InvalidURI, WebSocketException) as exc:
        raise TeamError(f"cannot reach the relay at {url} ({exc})") from None
    return Exchange(received, sent)


async def retire(url: str, secrets: list[str], timeout: float = 10.0) -> list[str]:
    """Ask the relay at ``url`` to close the rooms of ``secrets`` (revoked by ``share
    secret --new``) for good. Returns the secrets it retired; unreachable: TeamError."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed, InvalidURI, WebSocketException

    done = []
    try:
        async with asyncio.timeout(timeout):
            for secret in secrets:
                target = url.rstrip("/") + "/room/" + room_name(secret) + "?retire=1"
                async with connect(target, open_timeout=10) as ws:
                    try:
                        await ws.recv()
                    except ConnectionClosed as exc:
                        if exc.rcvd is not None and exc.rcvd.reason == "retired":
                            done.append(secret)
    except TimeoutError:
        raise TeamError(f"the relay at {url} did not answer within {timeout:.0f} s") from None
    except (OSError, InvalidURI, WebSocketException) as exc:
        raise TeamError(f"cannot reach the relay at {url} ({exc})") from None
    return done
