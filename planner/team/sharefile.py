"""The file ``planner share export`` writes and ``planner share merge`` reads.

A share file is three parts: the line ``PLANNER-SHARE 1``, one line of JSON (``kind``:
``update`` or ``state``; ``doc``: the shared event's id; ``event``: its name; ``bytes``
and ``sha256`` of the payload) and the payload, a pycrdt update (or a state vector: what
a copy has, for ``export --since``). The hash catches a truncated or altered file before
anything is merged; the size is capped.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from planner.team.mirror import TeamError

MAGIC = b"PLANNER-SHARE 1\n"
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_HEADER = 4096


@dataclass(frozen=True)
class ShareFile:
    kind: str  # "update" | "state"
    doc: str
    event: str
    payload: bytes


def dumps(share: ShareFile) -> bytes:
    header = {
        "kind": share.kind,
        "doc": share.doc,
        "event": share.event,
        "bytes": len(share.payload),
        "sha256": hashlib.sha256(share.payload).hexdigest(),
    }
    return MAGIC + json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n" + share.payload


def loads(data: bytes, where: str = "the file") -> ShareFile:
    """The share file in ``data``; TeamError (one sentence naming ``where``) otherwise."""
    if len(data) > MAX_FILE_BYTES:
        raise TeamError(f"{where} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; it is refused")
    if not data.startswith(MAGIC):
        raise TeamError(f"{where} is not a planner share file (it does not start with {MAGIC.strip()!r})")
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER)
    if end < 0:
        raise TeamError(f"{where} is truncated or damaged: its header line is missing")
    try:
        header = json.loads(data[len(MAGIC) : end].decode("utf-8"))
        kind, doc, event = str(header["kind"]), str(header["doc"]), str(header.get("event", ""))
        size, digest = int(header["bytes"]), str(header["sha256"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise TeamError(f"{where} is damaged: its header line is not what planner writes") from None
    if kind not in ("update", "state"):
        raise TeamError(f"{where} holds a {kind!r}, not a shared update or state")
    payload = data[end + 1 :]
    if len(payload) != size:
        raise TeamError(f"{where} is truncated or damaged: {len(payload)} bytes of {size} are there")
    if hashlib.sha256(payload).hexdigest() != digest:
        raise TeamError(f"{where} is damaged: its contents do not match its checksum")
    return ShareFile(kind, doc, event, payload)


def read(path: Path) -> ShareFile:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TeamError(f"{path} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; it is refused")
        data = path.read_bytes()
    except OSError as exc:
        raise TeamError(f"{path} cannot be read ({exc.strerror or exc})") from None
    return loads(data, str(path))
