"""The public changelog: each published version with what changed since the one before,
for attendees, as Markdown or as an Atom 1.0 feed (RFC 4287). Times are in the event's
time zone."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from planner.files import written_whole
from planner.store import Store
from planner.store.versions import VersionInfo, find_version, list_versions
from planner.versions.changes import SessionChange, compare, describe
from planner.versions.snapshot import thaw

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True, slots=True)
class Entry:
    version: VersionInfo
    changes: list[SessionChange]  # since the version before; empty for the first
    sessions: int  # how many sessions this version has on the programme


@dataclass(frozen=True, slots=True)
class Changelog:
    event_name: str
    event_guid: str
    zone: object
    entries: list[Entry]  # newest first


def build(store: Store, slug: str) -> Changelog:
    versions = list_versions(store, slug)
    event = store.load(slug).event
    entries: list[Entry] = []
    before = None
    for v in versions:
        _, blob = find_version(store, slug, v.number)
        s = thaw(blob)
        placed = sum(1 for x in s.sessions if x.start is not None)
        entries.append(Entry(v, compare(before, s) if before is not None else [], placed))
        before = s
    entries.reverse()
    return Changelog(event.name, event.guid, event.zone, entries)


def _heading(e: Entry) -> str:
    return f"Version {e.version.label}"


def _lines(e: Entry, zone: object) -> list[str]:
    if e.version.number == 1 and not e.changes:
        return [f"first published programme: {e.sessions} sessions"]
    return [describe(c, zone) for c in e.changes] or ["no change to the programme"]


def markdown(log: Changelog) -> str:
    out = [f"# {log.event_name}: changes to the programme", ""]
    for e in log.entries:
        when = e.version.at.astimezone(log.zone).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]
        out += [f"## {_heading(e)} ({when})", ""]
        if e.version.notes:
            out += [e.version.notes, ""]
        out += [f"- {line}" for line in _lines(e, log.zone)] + [""]
    if not log.entries:
        out += ["No version has been published yet.", ""]
    return "\n".join(out)


def write_markdown(log: Changelog, path: Path) -> None:
    with written_whole(Path(path)) as tmp:
        Path(tmp).write_text(markdown(log), encoding="utf-8")


def _urn(*parts: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, "planner:" + ":".join(parts)).urn


def atom(log: Changelog, url: str = "") -> bytes:
    """The changelog as an Atom 1.0 feed: one entry per version, with a stable id."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "id", _urn(log.event_guid, "changelog"))
    sub(feed, "title", f"{log.event_name}: changes to the programme")
    updated = log.entries[0].version.at if log.entries else None
    sub(feed, "updated", (updated.isoformat() if updated else "1970-01-01T00:00:00+00:00"))
    author = sub(feed, "author")
    sub(author, "name", f"{log.event_name} programme team")
    sub(feed, "generator", "planner")
    if url:
        sub(feed, "link", rel="self", href=url)
    for e in log.entries:
        entry = sub(feed, "entry")
        sub(entry, "id", _urn(log.event_guid, "version", str(e.version.number)))
        sub(entry, "title", _heading(e))
        sub(entry, "updated", e.version.at.isoformat())
        lines = _lines(e, log.zone)
        sub(entry, "summary", e.version.notes or f"{len(e.changes)} changes")
        text = ([e.version.notes, ""] if e.version.notes else []) + [f"- {x}" for x in lines]
        sub(entry, "content", "\n".join(text), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def write_atom(log: Changelog, path: Path, url: str = "") -> None:
    with written_whole(Path(path)) as tmp:
        Path(tmp).write_bytes(atom(log, url))
