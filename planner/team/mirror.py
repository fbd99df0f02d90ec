"""The shared document's layout, and a schedule written to it and read from it.

Root maps of the document:

``meta``
    ``id`` (the shared event's id, the same on every copy) and ``format``.
``event``
    the event's fields, one entry each, plus ``_by`` (who changed it last).
``rooms``, ``sessions``, ``people``, ``invites``, ``acks``
    one map per record, keyed by guid (invites by token, acknowledgements by conflict
    key); inside, one entry per field plus ``_by``.
``gone``
    ``"sessions/GUID"`` → who deleted that record (for the merge's attribution).
``blobs``
    large values by SHA-256 (the cover image): the event's ``cover_image`` entry holds
    ``"sha256:HEX"``, so an image travels once whatever else changes.

Every field entry is ``AUTHOR<US>JSON``: who wrote it last (so a merge logs each change
under its author's name) and its value as JSON text (the codecs of :mod:`planner.edits`):
numbers stay integers, and a hostile update cannot smuggle in a type the domain does not
expect without :func:`read_schedule` refusing it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pycrdt import Doc, Map

from planner.domain.model import Acknowledgement, DomainError, Event, Invite, Person, Room, Schedule, Session
from planner.edits import obj_from_data, obj_to_data
from planner.errors import UserError

FORMAT = "1"
BY = "_by"
SEP = "\x1f"  # between a field's author and its JSON text
# name in the document → (Schedule attribute, domain type, key of a record)
COLLECTIONS: dict[str, tuple[str, type, str]] = {
    "rooms": ("rooms", Room, "guid"),
    "people": ("people", Person, "guid"),
    "sessions": ("sessions", Session, "guid"),
    "invites": ("invites", Invite, "token"),
    "acks": ("acknowledgements", Acknowledgement, "key"),
}
# Each store's own: never shared.
LOCAL_EVENT_FIELDS = frozenset({"slug"})
BLOB_PREFIX = "sha256:"


class TeamError(UserError):
    """A shared document or an update that cannot be used; the message is one sentence."""


@dataclass
class Authors:
    """Who last changed each record of a document (and who deleted the deleted ones)."""

    event: str = ""
    event_fields: dict[str, str] = field(default_factory=dict)  # field → author
    records: dict[tuple[str, str], str] = field(default_factory=dict)  # (collection, key) → author
    fields: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)  # → field → author
    gone: dict[tuple[str, str], str] = field(default_factory=dict)
    repaired: bool = False  # read_schedule changed something to make the event consistent


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _event_fields(event: Event, blobs: dict[str, bytes]) -> dict[str, str]:
    data = obj_to_data(event)
    for name in LOCAL_EVENT_FIELDS:
        data.pop(name, None)
    if event.cover_image is not None:
        digest = hashlib.sha256(event.cover_image).hexdigest()
        blobs[digest] = event.cover_image
        data["cover_image"] = BLOB_PREFIX + digest
    return {k: _text(v) for k, v in data.items()}


def _record_fields(obj: Any) -> dict[str, str]:
    return {k: _text(v) for k, v in obj_to_data(obj).items()}


def contents(m: Map) -> dict[str, Any]:
    """A map's whole contents as plain data, read in one go (Yrs writes it as JSON:
    far faster than walking the map key by key from Python)."""
    data = json.loads(str(m))
    return data if isinstance(data, dict) else {}


def roots(doc: Doc) -> dict[str, Map]:
    names = ("meta", "event", "gone", "blobs", *COLLECTIONS)
    return {n: doc.get(n, type=Map) for n in names}


def doc_id(doc: Doc) -> str:
    value = roots(doc)["meta"].get("id")
    return value if isinstance(value, str) else ""


def start_document(doc: Doc, shared_id: str) -> None:
    meta = roots(doc)["meta"]
    with doc.transaction():
        meta["id"] = shared_id
        meta["format"] = FORMAT


def _split(entry: Any) -> tuple[str, Any]:
    """An entry's author and JSON text (an entry is ``AUTHOR<US>JSON``)."""
    if not isinstance(entry, str):
        return "", entry
    who, sep, text = entry.partition(SEP)
    return (who, text) if sep else ("", entry)


def _set_fields(target: Map, current: Mapping[str, Any], wanted: Mapping[str, str], author: str) -> bool:
    """Write into ``target`` (whose contents are ``current``, read once) the fields of
    ``wanted`` that differ, and drop the fields it no longer has."""
    changed = False
    for name, value in wanted.items():
        if _split(current.get(name))[1] != value:
            target[name] = author + SEP + value
            changed = True
    for name in [k for k in current if k != BY and k not in wanted]:
        del target[name]
        changed = True
    if changed:
        target[BY] = author
    return changed


def write_schedule(doc: Doc, schedule: Schedule, author: str) -> int:
    """Write what differs between the document and ``schedule`` into the document, in
    one transaction, field by field, as ``author``. Return how many records changed."""
    r = roots(doc)
    changed = 0
    with doc.transaction(origin=author):
        blobs: dict[str, bytes] = {}
        changed += _set_fields(r["event"], contents(r["event"]), _event_fields(schedule.event, blobs), author)
        for digest, data in blobs.items():
            if digest not in r["blobs"]:
                r["blobs"][digest] = base64.b64encode(data).decode("ascii")
        for name, (attr, _cls, keyname) in COLLECTIONS.items():
            target = r[name]
            present = contents(target)
            wanted = {str(getattr(obj, keyname)): obj for obj in getattr(schedule, attr)}
            for key in [k for k in present if k not in wanted]:
                del target[key]
                r["gone"][f"{name}/{key}"] = author
                changed += 1
            for key, obj in wanted.items():
                fields_ = _record_fields(obj)
                current = present.get(key)
                if isinstance(current, dict):
                    if any(_split(current.get(n))[1] != v for n, v in fields_.items()) or len(current) != len(
                        fields_
                    ) + (BY in current):
                        record = target[key]
                        assert isinstance(record, Map)
                        changed += _set_fields(record, current, fields_, author)
                else:
                    target[key] = Map({**{k: author + SEP + v for k, v in fields_.items()}, BY: author})
                    if f"{name}/{key}" in r["gone"]:
                        del r["gone"][f"{name}/{key}"]
                    changed += 1
    return changed


def write_records(doc: Doc, name: str, records: Mapping[str, Any], author: str) -> int:
    """Write only the records ``records`` (key → record, or None for a deletion) of the
    collection ``name`` into the document, in one transaction, as ``author``: what a small
    edit changed, without reading the rest of the document. Return how many changed."""
    r = roots(doc)
    target = r[name]
    changed = 0
    with doc.transaction(origin=author):
        for key, obj in records.items():
            current = target.get(key)
            if obj is None:
                if current is not None:
                    del target[key]
                    r["gone"][f"{name}/{key}"] = author
                    changed += 1
                continue
            fields_ = _record_fields(obj)
            if isinstance(current, Map):
                changed += _set_fields(current, contents(current), fields_, author)
            else:
                target[key] = Map({**{k: author + SEP + v for k, v in fields_.items()}, BY: author})
                if f"{name}/{key}" in r["gone"]:
                    del r["gone"][f"{name}/{key}"]
                changed += 1
    return changed


def read_record(cls: type, rec: Any, where: str) -> tuple[Any, dict[str, str], str]:
    """One record of the document as its domain object, who wrote each field, and who
    changed it last. TeamError when it is malformed."""
    if not isinstance(rec, Map):
        raise TeamError(f"the shared document's {where} is not a record")
    data = contents(rec)
    who: dict[str, str] = {}
    obj = _decode(cls, data, where, who)
    return obj, who, str(data.get(BY) or "")


def _decode(cls: type, fields_: Mapping[str, Any], where: str, who: dict[str, str] | None = None) -> Any:
    data: dict[str, Any] = {}
    for name, entry in fields_.items():
        if name == BY:
            continue
        author, text = _split(entry)
        if who is not None:
            who[name] = author
        if not isinstance(text, str):
            raise TeamError(f"the shared document's {where} has a field {name!r} that is not JSON text")
        try:
            data[name] = json.loads(text)
        except ValueError:
            raise TeamError(f"the shared document's {where} has a malformed field {name!r}") from None
    try:
        return obj_from_data(cls, data)
    except DomainError as exc:
        raise TeamError(f"the shared document's {where} is malformed ({exc})") from None


def read_schedule(doc: Doc, slug: str = "") -> tuple[Schedule, Authors]:
    """The schedule the document holds (checked and repaired as the module docstring
    says, the same way on every copy) and who changed what. Refuses (TeamError) a
    document that does not hold an event."""
    r = roots(doc)
    authors = Authors()
    ev_fields = contents(r["event"])
    if not ev_fields:
        raise TeamError("the shared document holds no event")
    authors.event = str(ev_fields.get(BY, ""))
    cover = _split(ev_fields.get("cover_image"))[1]
    cover_data: bytes | None = None
    if isinstance(cover, str) and cover.startswith('"' + BLOB_PREFIX):
        digest = json.loads(cover)[len(BLOB_PREFIX) :]
        blob = r["blobs"].get(digest)
        if not isinstance(blob, str):
            raise TeamError("the shared document's cover image is missing")
        cover_data = base64.b64decode(blob)
        if hashlib.sha256(cover_data).hexdigest() != digest:
            raise TeamError("the shared document's cover image does not match its hash")
        ev_fields = {k: v for k, v in ev_fields.items() if k != "cover_image"}
    event = _decode(Event, ev_fields, "event", authors.event_fields)
    event.cover_image = cover_data if cover_data is not None else event.cover_image
    event.slug = slug
    schedule = Schedule(event)
    for name, (attr, cls, keyname) in COLLECTIONS.items():
        items = []
        for key, rec in sorted(contents(r[name]).items()):
            if not isinstance(rec, dict):
                raise TeamError(f"the shared document's {name} entry {key!r} is not a record")
            who: dict[str, str] = {}
            obj = _decode(cls, rec, f"{name[:-1]} {key!r}", who)
            authors.fields[(name, key)] = who
            if str(getattr(obj, keyname)) != key:
                raise TeamError(f"the shared document's {name} entry {key!r} names another key")
            items.append(obj)
            authors.records[(name, key)] = str(rec.get(BY) or "")
        setattr(schedule, attr, items)
    for path, who in r["gone"].items():
        name, _, key = path.partition("/")
        authors.gone[(name, key)] = str(who)
    authors.repaired = repair(schedule)
    try:
        schedule.validate()
    except DomainError as exc:
        raise TeamError(f"the shared document's event is not valid ({exc})") from None
    return schedule, authors


def repair(schedule: Schedule) -> bool:
    """Make a merged schedule consistent, deterministically (the same on every copy).
    Return whether anything changed."""
    rooms = {r.guid for r in schedule.rooms}
    people = {p.guid for p in schedule.people}
    changed = False
    for s in schedule.sessions:
        if s.room is not None and s.room not in rooms:
            s.room = None
            s.start = None
            changed = True
        speakers = [g for g in dict.fromkeys(s.speakers) if g in people]
        moderators = [g for g in dict.fromkeys(s.moderators) if g in people and g not in speakers]
        if (speakers, moderators) != (s.speakers, s.moderators):
            s.speakers, s.moderators = speakers, moderators
            changed = True
    invites = [i for i in schedule.invites if i.person in people]
    changed |= len(invites) != len(schedule.invites)
    schedule.invites = invites
    return changed
