"""What the frab XML and schedule.json writers share: days, ids, slugs, tracks.

The schemas ask for things the domain does not hold (a lowercase acronym, unique
positive integer ids, unique slugs, track colours); they are made here once, the same
way for both writers, keeping what an import brought where it is still valid.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from planner import __version__
from planner.domain.model import Room, Schedule, Session, effective_stream_url, slugify
from planner.domain.timegrid import day_window, nearest_event_day
from planner.interop._text import html_to_text
from planner.interop.builder import STREAM_LINK_TITLE

log = logging.getLogger(__name__)

_SLUG_OK = re.compile(r"^[a-z0-9_]{4,}-[a-z0-9\-_]{3,}[a-z0-9]$")
_CODE_OK = re.compile(r"^[0-9A-Z]{6}$")
_PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#ff7f0e",
    "#7f7f7f",
    "#393b79",
    "#637939",
)


@dataclass
class Day:
    index: int
    date: date
    start: datetime
    end: datetime
    rooms: list[tuple[Room, list[Session]]] = field(default_factory=list)


@dataclass
class Prepared:
    acronym: str
    version: str
    generator_version: str
    start: datetime
    end: datetime
    days: list[Day]
    ids: dict[str, int]
    slugs: dict[str, str]
    codes: dict[str, str]
    tracks: list[dict[str, str]]
    default_track: str
    unplaced: list[Session]
    type_of: Callable[[Session], str]
    language_of: Callable[[Session], str]
    # session guid -> where to watch or join it (its own link, else its room's)
    streams: dict[str, str] = field(default_factory=dict)


# The room sessions with a time but no room are written under: no name, no guid.
NO_ROOM = Room(name="", position=1 << 30, guid="")


def is_small_id(text: str) -> bool:
    """ASCII digits that fit in a signed 64-bit integer (what ids in both formats are)."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def acronym_for(name: str) -> str:
    a = re.sub(r"[^a-z0-9_]", "", slugify(name, "event").replace("-", "_"))
    a = a.strip("_") or "event"
    while len(a) < 4:
        a += "_ev"
    return a[:40]


def colour_for(track: str) -> str:
    h = int(hashlib.sha1(track.encode()).hexdigest()[:6], 16)
    return _PALETTE[h % len(_PALETTE)]


# What both schemas accept of an acronym and a track colour a file brought.
_ACRONYM_OK = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def track_colours(schedule: Schedule) -> dict[str, str]:
    """Each track's colour: the one its file gave where valid, else one made from its name."""
    given = schedule.event.extra.get("track_colours") or {}
    names = {s.track for s in schedule.sessions if s.track}
    return {t: given[t].lower() if _HEX_COLOUR.match(str(given.get(t, ""))) else colour_for(t) for t in names}


def prepare(schedule: Schedule) -> Prepared:
    ev = schedule.event
    given = str(ev.extra.get("acronym", ""))
    acronym = given if _ACRONYM_OK.match(given) else acronym_for(ev.name)
    # A session with a time but no room is written under a room without a name (valid in
    # both formats; c3voc's JSON has them), so that a round trip keeps it. Only sessions
    # without a time are left out.
    placed = [s for s in schedule.sessions if s.start is not None]
    unplaced = [s for s in schedule.sessions if s.start is None]
    if unplaced:
        log.info("export leaves out %d sessions without a time", len(unplaced))
    placed.sort(key=lambda s: (s.start, s.title, s.guid))  # the same on every copy (issue 16)
    # ids: keep a positive integer id an import brought while it stays unique
    ids: dict[str, int] = {}
    used: set[int] = set()
    later: list[Session] = []
    for s in placed:
        raw = str(s.extra.get("id", ""))
        # ASCII digits that fit in 64 bits: an id of thousands of digits is replaced
        if is_small_id(raw) and int(raw) > 0 and int(raw) not in used:
            ids[s.guid] = int(raw)
            used.add(int(raw))
        else:
            later.append(s)
    nxt = max(used, default=0) + 1
    for s in later:
        ids[s.guid] = nxt
        used.add(nxt)
        nxt += 1
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for s in placed:
        raw = str(s.extra.get("slug", ""))
        if not (_SLUG_OK.match(raw) and raw not in taken):
            raw = f"{acronym}-{ids[s.guid]}-{slugify(s.title, 'session')}"[:120].rstrip("-_")
        slugs[s.guid] = raw
        taken.add(raw)
    codes: dict[str, str] = {}
    seen_codes: set[str] = set()
    for s in placed:
        c = str(s.extra.get("code", ""))
        if _CODE_OK.match(c) and c not in seen_codes:
            codes[s.guid] = c
            seen_codes.add(c)
    track_names = sorted({s.track for s in placed if s.track})
    colours = track_colours(schedule)
    tracks = [{"name": t, "slug": slugify(t, "track"), "color": colours[t]} for t in track_names]
    # days
    rooms = schedule.sorted_rooms()
    by_day: dict[date, dict[str, list[Session]]] = {}
    for s in placed:
        assert s.start is not None
        d = nearest_event_day(ev, s.start)
        by_day.setdefault(d, {}).setdefault(s.room or "", []).append(s)
    days: list[Day] = []
    used_rooms = {s.room for s in placed}
    for i, d in enumerate(ev.days, start=1):
        start, end = day_window(ev, d)
        zone = ev.zone
        day = Day(i, d, start.astimezone(zone), end.astimezone(zone))
        for room in rooms:
            sessions = by_day.get(d, {}).get(room.guid, [])
            if sessions or (i == 1 and room.guid not in used_rooms):
                day.rooms.append((room, sessions))
        roomless = by_day.get(d, {}).get("", [])
        if roomless:
            day.rooms.append((NO_ROOM, roomless))
        days.append(day)
    # A published version's label (planner.versions sets it on the copy it exports), else the time.
    version = str(ev.extra.get("published_version") or datetime.now(ev.zone).strftime("%Y-%m-%d %H:%M"))

    def type_of(s: Session) -> str:
        return str(s.extra.get("type") or s.kind.value)

    def language_of(s: Session) -> str:
        return s.language

    return Prepared(
        acronym=acronym,
        version=version,
        generator_version=__version__,
        start=days[0].start if days else datetime.now(ev.zone),
        end=days[-1].end if days else datetime.now(ev.zone),
        days=days,
        ids=ids,
        slugs=slugs,
        codes=codes,
        tracks=tracks,
        default_track="",
        unplaced=unplaced,
        type_of=type_of,
        language_of=language_of,
        streams={s.guid: url for s in placed if (url := effective_stream_url(s, schedule))},
    )


def links_with_stream(links: Any, stream: str) -> list[dict[str, str]]:
    """A session's links for an export: its stream link first (titled
    :data:`STREAM_LINK_TITLE`, which imports read back), then the links an import
    brought, without a second copy of the stream."""
    out = [{"url": stream, "title": STREAM_LINK_TITLE}] if stream else []
    for x in links or []:
        if isinstance(x, dict) and x.get("url") and not (stream and str(x["url"]) == stream):
            out.append(x)
    return out


def description_of(s: Session) -> str:
    """The HTML an import brought while the text is unchanged, else the text."""
    html = s.extra.get("description_html")
    if isinstance(html, str) and html_to_text(html) == s.description:
        return html
    return s.description
