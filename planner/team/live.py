"""A held connection to a relay room, for a window that stays live (File › Collaborate…).

:class:`Connection` keeps one websocket to the event's room open in a thread of its own
(an asyncio loop), so the window never waits on the network: a silent relay or a slow
link costs the window nothing. Messages that arrive are handed to ``on_message`` in that
thread (the window's side moves them to its own thread before it touches anything);
:meth:`Connection.send` may be called from any thread and goes out in order. A dropped
connection calls ``on_close`` with the reason and is tried again after a pause that grows
from half a second to five; when it is back, ``on_open`` is called and the window runs
the Yjs handshake again, which sends and receives whatever was made meanwhile. So going
offline is not an error: nothing is queued here that the handshake would not bring.

Keep-alive pings find a link that died without a word (a laptop that lost its network)
within a few seconds.

:func:`awareness_message` and :func:`presence` are the Yjs awareness protocol on top of
pycrdt's :class:`~pycrdt.Awareness`: who is connected and which sessions each of them is
dragging; states are ephemeral and never enter the event's document.

Qt-free; websockets and pycrdt are imported here only when a connection starts.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planner.team.relay import MAX_MESSAGE, room_url

log = logging.getLogger(__name__)

RETRY_FIRST = 0.5  # seconds before the first attempt to reconnect
RETRY_MAX = 5.0
PING_INTERVAL = 4.0  # keep-alive: a link that died silently is found within ~8 s
PING_TIMEOUT = 4.0


@dataclass
class Closed:
    """Why a connection ended: the relay's close code and reason, or the error."""

    reason: str
    refused: bool = False  # the relay closed it on purpose (a code of 4000 and up, or 1008/1009)
    final: bool = False  # the relay will not take this secret again (revoked, or no such event)


class Connection:
    """One room on one relay, held open (and reopened) until :meth:`stop`."""

    def __init__(
        self,
        url: str,
        secret: str,
        on_open: Callable[[], None],
        on_message: Callable[[bytes], None],
        on_close: Callable[[Closed], None],
        create: bool = True,
    ) -> None:
        self.url = url
        self.target = room_url(url, secret, create)
        self.on_open = on_open
        self.on_message = on_message
        self.on_close = on_close
        self.retry_first = RETRY_FIRST
        self.retry_max = RETRY_MAX
        self._loop: asyncio.AbstractEventLoop | None = None
        self._outbox: asyncio.Queue[bytes] | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self.connected = False
        # Revoked secrets of the event to retire on the relay before connecting, and what
        # to call (in the link's thread) with those it retired.
        self.retire: list[str] = []
        self.on_retired: Callable[[list[str]], None] | None = None

    # ------------------------------------------------------------ any thread
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="planner-relay-link", daemon=True)
        self._thread.start()
        self._ready.wait(5)

    def send(self, message: bytes) -> bool:
        """Queue ``message`` for the relay; False (and dropped) while not connected."""
        loop, outbox = self._loop, self._outbox
        if loop is None or outbox is None or not self.connected:
            return False
        try:
            loop.call_soon_threadsafe(outbox.put_nowait, bytes(message))
        except RuntimeError:  # the loop has just closed
            return False
        return True

    def stop(self, last: bytes | None = None, timeout: float = 3.0) -> None:
        """Send ``last`` (if connected), close the connection and end the thread."""
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None:
            if last is not None:
                self.send(last)
            try:
                loop.call_soon_threadsafe(stopping.set)
            except RuntimeError:
                pass
        if self._thread is not None:
            self._thread.join(timeout)
            if not self._thread.is_alive():  # (else it ends by itself, saying nothing more)
                self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # ------------------------------------------------------------ its thread
    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except Exception:  # never let the thread die with a traceback on stderr
            log.exception("the relay link stopped")

    async def _main(self) -> None:
        from websockets.asyncio.client import connect
        from websockets.exceptions import ConnectionClosed, InvalidURI, WebSocketException

        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        self._ready.set()
        if self.retire:
            from planner.team.mirror import TeamError
            from planner.team.relay import retire

            try:
                done = await retire(self.url, self.retire, timeout=10)
            except TeamError as exc:
                log.warning("revoked secrets not retired yet: %s", exc)
            else:
                if self.on_retired is not None:
                    self.on_retired(done)
        delay = self.retry_first
        while not self._stopping.is_set():
            closed = Closed("the connection ended")
            try:
                async with connect(
                    self.target,
                    max_size=MAX_MESSAGE,
                    open_timeout=5,
                    close_timeout=1,
                    ping_interval=PING_INTERVAL,
                    ping_timeout=PING_TIMEOUT,
                ) as ws:
                    if self._stopping.is_set():  # stopped while connecting: say nothing
                        break
                    self._outbox = asyncio.Queue()
                    self.connected = True
                    delay = self.retry_first
                    self.on_open()
                    await self._pump(ws)
                    if ws.close_code is not None and ws.close_code != 1000:
                        closed = _closed_by(ws.close_code, ws.close_reason or "")
            except ConnectionClosed as exc:
                code = exc.rcvd.code if exc.rcvd is not None else 1006
                closed = _closed_by(code, exc.rcvd.reason if exc.rcvd is not None else "")
            except TimeoutError:
                closed = Closed(f"the relay at {self.url} did not answer")
            except (OSError, InvalidURI, WebSocketException) as exc:
                closed = Closed(f"cannot reach the relay at {self.url} ({exc})")
            finally:
                self.connected = False
                self._outbox = None
            if self._stopping.is_set():
                break
            self.on_close(closed)
            if closed.final:
                break
            try:
                await asyncio.wait_for(self._stopping.wait(), delay)
            except TimeoutError:
                pass
            delay = min(delay * 2, self.retry_max)

    async def _pump(self, ws: Any) -> None:
        """Read and write until the connection ends or the link is stopped."""
        assert self._outbox is not None and self._stopping is not None
        outbox, stopping = self._outbox, self._stopping

        async def read() -> None:
            async for message in ws:
                if isinstance(message, bytes):
                    self.on_message(message)

        async def write() -> None:
            while True:
                await ws.send(await outbox.get())

        async def stop() -> None:
            await stopping.wait()
            while not outbox.empty():  # the last words (an awareness goodbye) go out first
                await ws.send(outbox.get_nowait())
            await ws.close()

        tasks = [asyncio.create_task(t()) for t in (read, write, stop)]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        for t in done:
            exc = t.exception()
            if exc is not None:
                raise exc


def _closed_by(code: int, reason: str) -> Closed:
    if code == 4403:
        return Closed(f"the relay refused the connection: {reason or 'a wrong secret'}", True, True)
    if code >= 4000 or code in (1008, 1009):
        return Closed(f"the relay refused the connection: {reason or f'code {code}'}", refused=True)
    return Closed(f"the relay closed the connection ({reason or f'code {code}'})")


# ---------------------------------------------------------------------- awareness
def awareness_message(awareness: Any, client_ids: list[int] | None = None) -> bytes:
    """An awareness message with the states of ``client_ids`` (default: our own)."""
    from pycrdt import create_awareness_message

    ids = [awareness.client_id] if client_ids is None else client_ids
    return bytes(create_awareness_message(awareness.encode_awareness_update(ids)))


@dataclass
class Teammate:
    name: str
    dragging: tuple[str, ...] = ()


def presence(awareness: Any) -> list[Teammate]:
    """Everyone else connected, as their awareness states say (names sorted)."""
    out = []
    for client_id, state in awareness.states.items():
        if client_id == awareness.client_id or not isinstance(state, dict):
            continue
        name = state.get("name")
        if not isinstance(name, str) or not name.strip():
            continue
        drag = state.get("dragging")
        guids = tuple(g for g in drag if isinstance(g, str))[:200] if isinstance(drag, list) else ()
        out.append(Teammate(name.strip()[:80], guids))
    return sorted(out, key=lambda t: t.name.casefold())
