"""What every reader shares: a builder that turns loose records into a valid Schedule.

Readers parse their format into plain values and hand them to :class:`Builder`, which
merges rooms that differ only in case, keeps people unique, gives duplicate guids a new
one, fits the event's days around the sessions (days may run past midnight) and counts
every adjustment it made for the import report.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from planner.domain.model import (
    FIRST_DATE,
    LAST_DATE,
    MAX_NAME,
    MAX_SHORT,
    MAX_TEXT,
    MAX_TITLE,
    SLOT_CHOICES,
    UTC,
    DomainError,
    Event,
    Person,
    PersonRole,
    Pin,
    Room,
    Schedule,
    Session,
    SessionKind,
    check_date,
    check_stream_url,
    check_timezone,
)
from planner.errors import UserError
from planner.interop._text import html_to_text, looks_like_html

log = logging.getLogger(__name__)

# A namespace for guids we derive from ids (so a file without guids keeps the same ones
# when it is imported again, and a re-import can match its sessions).
_NS = uuid.UUID("6b1e6a3c-4a55-4a8e-9d37-2f0d9b8a1c11")
MAX_EXAMPLES = 1000

_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")


class InteropError(UserError):
    """A file cannot be read or written; the message says what and where."""


Progress = Callable[[int, int], object]


_NS_BYTES = _NS.bytes


# the first hex digit of the clock sequence with the RFC 4122 variant bits set (10xx)
_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}


def derived_guid(*parts: object) -> str:
    """``str(uuid.uuid5(_NS, "\\x1f".join(map(str, parts))))``, the same text made without
    the UUID object: a 500 000-row import derives a guid for each row (ten times faster).
    The hex digits of the SHA-1 with version 5 (digit 13) and the variant (digit 17) set."""
    return _guid_of("\x1f".join(map(str, parts)))


def _guid_of(joined: str) -> str:
    x = hashlib.sha1(_NS_BYTES + joined.encode("utf-8")).hexdigest()
    return f"{x[:8]}-{x[8:12]}-5{x[13:16]}-{_VARIANT[x[16]]}{x[17:20]}-{x[20:32]}"


def session_key_text(title: str, start: datetime | None, room: str | None) -> str:
    """``str((title, start, room))``, with the start's repr cached: the rows of a large
    file share a few thousand starts, and a datetime's repr is slow."""
    if start is None:
        return f"({title!r}, None, {room!r})"
    # equal instants in two zones are equal datetimes with two reprs: the key tells them apart
    return f"({title!r}, {_repr(start, start.tzinfo, start.fold)}, {room!r})"


@lru_cache(maxsize=65536)
def _repr(value: datetime, tz: object, fold: int) -> str:
    return repr(value)


# An id from a file is kept (for re-imports and exports) while it is a plausible id.
MAX_ID = 64


def in_calendar(value: date | datetime | None) -> bool:
    """Whether ``value`` lies within the dates planner accepts (its own calendar date)."""
    if value is None:
        return True
    day = value.date() if isinstance(value, datetime) else value
    return FIRST_DATE <= day <= LAST_DATE


def check_when(value: date | datetime | None, field: str, where: str) -> None:
    """Refuse, naming the field and the place, a date outside the range planner accepts."""
    try:
        check_date(value, field)
    except DomainError as exc:
        raise InteropError(f"{field}: {exc.message}", where=where) from exc


def wall_time(
    day: date, clock: time, zone: ZoneInfo, where: str, report: ImportReport, field: str = "start"
) -> datetime:
    """The instant of a wall-clock time on ``day`` in ``zone``. A time that does not exist
    (in the hour a spring-forward change skips) is moved forward by the gap, and the
    report says so with the line; an ambiguous one (autumn) is the first of the two."""
    check_when(day, field, where)
    aware, moved = _wall_time(day, clock, zone)
    if moved:
        report.adjust(
            "wall time in a daylight-saving gap moved forward",
            f"{where}: {field} {day.isoformat()} {clock:%H:%M} does not exist in {zone.key}; "
            f"read as {aware:%H:%M}",
        )
    return aware


@lru_cache(maxsize=65536)  # a large file repeats its days and clock times
def _wall_time(day: date, clock: time, zone: ZoneInfo) -> tuple[datetime, bool]:
    naive = datetime.combine(day, clock)
    back = naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return back.replace(tzinfo=zone), back != naive


def ambiguous(local: datetime) -> bool:
    """A wall time the autumn change of daylight-saving time repeats: it names two instants."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


@lru_cache(maxsize=65536)  # sessions that start together share one instant
def _as_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def minutes_between(start: datetime, end: datetime) -> int:
    """The minutes that pass from ``start`` to ``end`` (both aware). Python subtracts two
    datetimes that share one tzinfo by their wall clocks, an hour off across a change of
    daylight-saving time; in UTC the difference is the time that really passes."""
    return int((end.astimezone(UTC) - start.astimezone(UTC)) / timedelta(minutes=1))


def clean_guid(value: object) -> str | None:
    text = str(value or "").strip()
    if _UUID_RE.match(text):
        return str(uuid.UUID(text))
    return None


_DUR_RE = re.compile(r"^\s*(?:(\d+)[d.:]\s*)??(\d{1,3}):(\d{1,2})(?::(\d{1,2}))?\s*$")


_ISO_DUR_RE = re.compile(r"^P(?:(\d{1,4})D)?(?:T(?:(\d{1,5})H)?(?:(\d{1,6})M)?(?:(\d{1,8})S)?)?$", re.I)
_WORDS_DUR_RE = re.compile(
    r"^()(?:(\d{1,4})\s*h(?:ours?|rs?)?\s*)?(?:(\d{1,5})\s*(?:m(?:in(?:ute)?s?)?)?)?()$", re.I
)


def parse_duration(text: str) -> int:
    """Minutes in ``1:00``, ``00:05``, ``HH:MM:SS``, ``1:02:00:00`` (days), plain minutes,
    ISO 8601 ``PT1H30M`` or ``1h30`` / ``90 min``."""
    text = (text or "").strip()
    if not text:
        raise ValueError("empty duration")
    if text.isdigit():
        return int(text)
    m = _DUR_RE.match(text)
    if not m:
        # ISO 8601 (PT1H30M: pretalx's API, schedule2 tools) and a spreadsheet's 1h30 or 90 min
        m = _ISO_DUR_RE.match(text) or _WORDS_DUR_RE.match(text)
        if not m or not any(m.groups()):
            raise ValueError(f"{text!r} is not a duration like 01:30")
    days, hours, minutes, seconds = (int(g) if g else 0 for g in m.groups())
    return days * 1440 + hours * 60 + minutes + (1 if seconds >= 30 else 0)


def format_duration(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@lru_cache(maxsize=1024)  # a file names a few types of session
def kind_for(type_text: str) -> SessionKind:
    t = type_text.casefold()
    if "workshop" in t:
        return SessionKind.WORKSHOP
    if "panel" in t or "podium" in t:
        return SessionKind.PANEL
    if "break" in t or "pause" in t or "lunch" in t:
        return SessionKind.BREAK
    if "rehearsal" in t:  # what planner writes for one (sound check and rehearsal)
        return SessionKind.REHEARSAL
    return SessionKind.TALK


# The title of the link that carries a session's stream or meeting link in frab XML and
# schedule.json (planner writes it so); imports also take these titles for one.
STREAM_LINK_TITLE = "Stream"
STREAM_TITLES = {"stream", "live stream", "livestream", "video stream", "stream link", "meeting link"}


def take_stream_link(extra: dict[str, Any]) -> str:
    """The stream link among ``extra["links"]`` (by its title), taken out of the list;
    "" when there is none or it is not a valid web link."""
    links = extra.get("links")
    if not isinstance(links, list):
        return ""
    for i, link in enumerate(links):
        if not isinstance(link, dict):
            continue
        title = " ".join(str(link.get("title") or "").casefold().split())
        url = str(link.get("url") or "").strip()
        if title in STREAM_TITLES and valid_stream_url(url):
            rest = links[:i] + links[i + 1 :]
            if rest:
                extra["links"] = rest
            else:
                extra.pop("links")
            return url
    return ""


def valid_stream_url(url: str) -> bool:
    try:
        check_stream_url(url)
    except DomainError:
        return False
    return bool(url)


@dataclass
class ImportReport:
    format: str
    timezone_used: str
    adjusted: dict[str, list[str]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)

    def adjust(self, kind: str, example: str) -> None:
        lst = self.adjusted.setdefault(kind, [])
        lst.append(example)

    def lines(self, examples: int = 3) -> list[str]:
        """The report as short lines for a terminal or a dialog."""
        out = [f"format: {self.format}", f"time zone: {self.timezone_used}"]
        for kind, items in sorted(self.adjusted.items()):
            shown = "; ".join(items[:examples])
            more = f" (and {len(items) - examples} more)" if len(items) > examples else ""
            out.append(f"adjusted {len(items)} × {kind}: {shown}{more}")
        for r in self.refused:
            out.append(f"refused: {r}")
        return out


@dataclass
class ImportResult:
    schedule: Schedule
    report: ImportReport


@dataclass(slots=True)  # (500 000 of them in a large import)
class RawPerson:
    name: str
    guid: str | None = None
    id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class RawSession:
    where: str  # "file:line" for messages
    title: str
    start: datetime | None  # aware
    duration: int
    room: str | None
    guid: str | None = None
    id: str | None = None
    track: str = ""
    type: str = ""
    language: str = ""
    description: str = ""
    speakers: list[RawPerson] = field(default_factory=list)
    moderators: list[RawPerson] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    past_midnight: bool = False
    start_field: str = "start"  # the file's name of the field the start came from
    pin: str = ""  # a Pin value (only CSV carries pins)


_PINS = {p.value: p for p in Pin}


@lru_cache(maxsize=4096)
def room_key(name: str) -> str:
    """Names that differ only in case, accents or spacing name the same room."""
    folded = unicodedata.normalize("NFKD", " ".join(name.split()).casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


class Builder:
    """Collects rooms, people and sessions from a reader and builds the Schedule."""

    def __init__(self, report: ImportReport, source: str) -> None:
        self.report = report
        self.source = source  # the file name, for messages
        self.rooms: dict[str, Room] = {}  # casefolded name -> room
        self.room_guids: set[str] = set()
        self.people: dict[str, Person] = {}  # key -> person
        self.person_guids: dict[str, Person] = {}
        self.sessions: list[Session] = []
        self.session_guids: set[str] = set()
        self.session_ids: set[str] = set()
        self.texts: dict[str, str] = {}  # a few repeated values (tracks), one object each
        # A large file names the same rooms and people in row after row: the room or person
        # a name as the file wrote it gave, when finding it added nothing to the report.
        self.room_names: dict[str, Room] = {}
        self.person_names: dict[str, Person] = {}

    # ------------------------------------------------------------- rooms
    def room(self, name: str, guid: str | None = None, extra_where: str = "") -> Room:
        clean = self.capped(" ".join(name.split()), MAX_NAME, "room name", extra_where or self.source)
        key = room_key(clean)
        room = self.rooms.get(key)
        if room is not None:
            if room.name != clean:
                self.report.adjust(
                    "room names differing only in case or accents merged", f"{clean!r} into {room.name!r}"
                )
            return room
        g = clean_guid(guid)
        if g is None or g in self.room_guids:
            g = derived_guid("room", self.source, key)
        room = Room(name=clean, position=len(self.rooms), guid=g)
        self.rooms[key] = room
        self.room_guids.add(g)
        return room

    # ------------------------------------------------------------- people
    def person(self, raw: RawPerson) -> Person | None:
        plain = raw.guid is None and raw.id is None and not raw.extra
        if plain:
            known = self.person_names.get(raw.name)
            if known is not None:
                return known
        joined = " ".join(raw.name.split())
        if not joined:
            return None
        name = self.capped(joined, MAX_NAME, "person name", self.source)
        g = clean_guid(raw.guid)
        key = f"g:{g}" if g else (f"i:{raw.id}" if raw.id else f"n:{name.casefold()}")
        found = self.people.get(key)
        if found is None:
            if g is None or g in self.person_guids:
                g = derived_guid("person", self.source, key)
            extra = dict(raw.extra)
            if raw.id:
                extra.setdefault("id", raw.id)
            found = Person(name=name, guid=g, role=PersonRole.SPEAKER, extra=extra)
            self.people[key] = found
            self.person_guids[g] = found
        if plain and len(joined) <= MAX_NAME:  # (a longer name is cut, with a line each time)
            self.person_names[raw.name] = found
        return found

    def shared(self, text: str) -> str:
        """One string object for each distinct value: the sessions of a large file name
        a few tracks many times over."""
        found = self.texts.get(text)
        if found is not None:
            return found
        if len(self.texts) < 4096:  # a file whose every track differs gains nothing
            self.texts[text] = text
        return text

    def capped(self, text: str, limit: int, field: str, where: str) -> str:
        """``text`` cut to ``limit`` characters, with a line in the report when it was."""
        if len(text) <= limit:
            return text
        self.report.adjust(f"{field} longer than {limit} characters cut", f"{where}: {len(text)} characters")
        return text[:limit].rstrip() or text[:limit]

    # ------------------------------------------------------------- sessions
    def add(self, raw: RawSession) -> None:
        title = raw.title.strip()
        if title != raw.title:
            self.report.adjust("whitespace around a title trimmed", f"{raw.where}: {title[:60]!r}")
        if not title:
            title = "(untitled)"
            self.report.adjust("empty title", raw.where)
        if len(title) > MAX_TITLE:
            title = self.capped(title, MAX_TITLE, "title", raw.where)
        if raw.start is not None and not FIRST_DATE <= raw.start.date() <= LAST_DATE:
            check_when(raw.start, raw.start_field, raw.where)  # refuses it, naming the field
        duration = raw.duration
        if duration == 0:
            self.report.adjust("zero duration", f"{raw.where}: {title[:60]!r}")
        if duration < 0:
            self.report.adjust("negative duration set to zero", f"{raw.where}: {title[:60]!r}")
            duration = 0
        if duration > 7 * 24 * 60:
            self.report.adjust("duration over a week cut to a week", f"{raw.where}: {title[:60]!r}")
            duration = 7 * 24 * 60
        extra = dict(raw.extra) if raw.extra else {}
        if raw.id is not None and len(raw.id) > MAX_ID:
            self.report.adjust(
                f"id longer than {MAX_ID} characters left out", f"{raw.where}: {len(raw.id)} characters"
            )
            raw.id = None
        if raw.id is not None and raw.id != "":
            extra["id"] = raw.id
            if raw.id in self.session_ids:
                self.report.adjust("duplicate id", f"{raw.where}: id {raw.id}")
            self.session_ids.add(raw.id)
        if raw.type:
            extra["type"] = raw.type
        description = raw.description
        if looks_like_html(description):
            extra["description_html"] = description
            description = html_to_text(description)
            self.report.adjust(
                "HTML description turned into text (the HTML is kept for exports)",
                f"{raw.where}: {title[:60]!r}",
            )
        if len(description) > MAX_TEXT:
            description = self.capped(description, MAX_TEXT, "description", raw.where)
        g = clean_guid(raw.guid) if raw.guid else None
        if raw.guid and g is None:
            self.report.adjust("guid that is not a UUID replaced", f"{raw.where}: {raw.guid[:80]!r}")
            extra["source_guid"] = raw.guid[:MAX_ID]
        if g is None:
            # derived_guid("session", self.source, key), its parts joined here
            key = raw.id if raw.id else session_key_text(title, raw.start, raw.room)
            g = _guid_of(f"session\x1f{self.source}\x1f{key}")
        if g in self.session_guids:
            # One submission in several slots (39C3, a camp's iCalendar feed with one UID):
            # each slot gets a guid made from the shared one and the slot's own start and
            # room, so that the same file gives the same guids on every import and a
            # re-import finds its sessions (and their attendance and ratings) again.
            self.report.adjust("duplicate guid", f"{raw.where}: {g} given a guid of its own slot")
            extra.setdefault("source_guid", g)
            slot = (
                g,
                raw.start.astimezone(UTC).isoformat() if raw.start is not None else "",
                room_key(raw.room or ""),
            )
            n = 0
            g = derived_guid("slot", *slot)
            while g in self.session_guids:
                n += 1
                g = derived_guid("slot", *slot, n)
        self.session_guids.add(g)
        stream = take_stream_link(extra) if "links" in extra else ""
        room: Room | None = None
        if raw.room:
            room = self.room_names.get(raw.room)
            if room is None and raw.room.strip():
                room = self.room(raw.room)
                if room.name == " ".join(raw.room.split()):  # found with no line in the report
                    self.room_names[raw.room] = room
        if raw.past_midnight:
            self.report.adjust("day past midnight", f"{raw.where}: {title[:60]!r}")
        speakers = self._people(raw.speakers) if raw.speakers else []
        moderators = [p for p in self._people(raw.moderators) if p not in speakers] if raw.moderators else []
        start = _as_utc(raw.start) if raw.start is not None else None
        track = raw.track.strip()
        if len(track) > MAX_NAME:
            track = self.capped(track, MAX_NAME, "track", raw.where)
        language = raw.language.strip()
        if len(language) > MAX_SHORT:
            language = self.capped(language, MAX_SHORT, "language", raw.where)
        pin = _PINS.get(raw.pin)
        self.sessions.append(
            Session(
                title=title,
                kind=kind_for(raw.type),
                duration_minutes=duration,
                start=start,
                room=room.guid if room else None,
                description=description,
                track=self.shared(track),
                speakers=speakers,
                moderators=moderators,
                language=language,
                guid=g,
                extra=extra,
                stream_url=stream,
                pin=Pin(raw.pin) if pin is None else pin,  # (Pin() refuses a value it lacks)
            )
        )

    def _people(self, raws: Iterable[RawPerson]) -> list[str]:
        out: list[str] = []
        known = self.person_names
        for raw in raws:
            p = known.get(raw.name) if raw.guid is None and raw.id is None and not raw.extra else None
            if p is None:
                p = self.person(raw)
            if p is not None and p.guid not in out:
                out.append(p.guid)
        return out

    # ------------------------------------------------------------- the event
    def build(
        self,
        name: str,
        zone: str,
        slot_minutes: int | None = None,
        fallback_days: Iterable[date] = (),
        description: str = "",
    ) -> Schedule:
        try:
            check_timezone(zone)
        except DomainError as exc:
            raise InteropError(exc.message, where=self.source) from exc
        days = list(fallback_days)
        for d in days:
            check_when(d, "day date", self.source)
        event = Event(
            name=self.capped(" ".join(name.split()), MAX_NAME, "event name", self.source)
            or "Imported schedule",
            description=self.capped(description, MAX_TEXT, "event description", self.source),
            first_day=min(days) if days else date.today(),
            last_day=max(days) if days else date.today(),
            timezone=zone,
        )
        if slot_minutes in SLOT_CHOICES:
            event.slot_minutes = slot_minutes
        elif slot_minutes:
            event.slot_minutes = max(s for s in SLOT_CHOICES if s <= max(slot_minutes, 5))
        fit_days(event, self.sessions, days)
        speaking = {g for s in self.sessions for g in s.speakers}
        for p in self.people.values():
            p.role = PersonRole.SPEAKER if p.guid in speaking else PersonRole.MODERATOR
        schedule = Schedule(
            event=event,
            rooms=list(self.rooms.values()),
            sessions=self.sessions,
            people=list(self.people.values()),
        )
        try:
            schedule.validate()
        except DomainError as exc:
            raise InteropError(str(exc), where=self.source) from exc
        return schedule


def fit_days(event: Event, sessions: list[Session], hint_days: list[date]) -> None:
    """Set the event's days and day window so that every scheduled session fits.

    The day change is the end of the longest quiet stretch of the clock (no session
    starts): a congress whose talks start from 10:30 to 04:00 gets days from 10:30 to
    the small hours; FOSDEM's from 09:00.
    """
    zone = ZoneInfo(event.timezone)
    # each distinct start and duration once: the sessions of a large file share a few thousand
    slots = {(s.start, s.duration_minutes) for s in sessions if s.start is not None}
    locals_ = [(start.astimezone(zone), duration) for start, duration in slots]
    if not locals_:
        if hint_days:
            event.first_day, event.last_day = min(hint_days), max(hint_days)
        return
    minutes = sorted({ls.hour * 60 + ls.minute for ls, _ in locals_})
    # the longest gap between consecutive start minutes on the circular clock
    best_gap, day_start = -1, minutes[0]
    for i, m in enumerate(minutes):
        prev = minutes[i - 1] - (1440 if i == 0 else 0)
        gap = m - prev
        if gap > best_gap:
            best_gap, day_start = gap, m
    if len(minutes) == 1:
        day_start = minutes[0]
    day_start = (day_start // 30) * 30
    first: date | None = None
    last: date | None = None
    end_max = day_start + 60
    for ls, dur in locals_:
        m = ls.hour * 60 + ls.minute
        d = ls.date() if m >= day_start else ls.date() - timedelta(days=1)
        first = d if first is None or d < first else first
        last = d if last is None or d > last else last
        rel = (ls.date() - d).days * 1440 + m + dur
        end_max = max(end_max, rel)
    end = min(-(-end_max // 30) * 30, day_start + 1440)
    assert first is not None and last is not None
    if (last - first).days > 366:
        raise InteropError(f"the sessions span {(last - first).days} days; an event lasts at most a year")
    event.first_day, event.last_day = first, last
    event.day_start_minute, event.day_end_minute = day_start, end


def zone_from_offsets(offsets: set[timedelta]) -> str | None:
    """A zone for a file that names none but writes a single UTC offset."""
    if len(offsets) != 1:
        return None
    (off,) = offsets
    hours, rest = divmod(int(off.total_seconds()), 3600)
    if rest:
        return None
    if hours == 0:
        return "UTC"
    return f"Etc/GMT{-hours:+d}"  # IANA's Etc zones have the sign inverted


def choose_zone(
    given: str | None, declared: str | None, samples: list[datetime], report: ImportReport
) -> str:
    """Pick the event's zone and say in the report which and why.

    ``samples`` are aware times from the file; a declared zone that agrees with none of
    their offsets (pretalx-democon says UTC and writes +01:00) gives way to the offsets.
    """
    samples = [d for d in samples if in_calendar(d)]  # far dates are refused later, by field
    offsets: set[timedelta] = {o for o in (d.utcoffset() for d in samples) if o is not None}
    if given:
        check = _check_zone(given, "--tz")
        report.timezone_used = f"{check} (given with --tz)"
        return check
    declared = (declared or "").strip() or None  # "Europe/Berlin " (pretalx, by hand)
    if declared:
        try:
            zone = check_timezone(declared)
            agrees = not samples or any(d.astimezone(zone).utcoffset() == d.utcoffset() for d in samples)
            guess = zone_from_offsets(offsets)
            # Only a zone that claims UTC is overruled: a file may well write its times in
            # UTC while naming its real zone (DebConf), but not the other way round.
            if not agrees and guess and guess != "UTC" and declared in ("UTC", "Etc/UTC", "GMT"):
                report.adjust(
                    "declared time zone contradicts the times' offsets",
                    f"{declared} declared, times written at {guess}",
                )
                report.timezone_used = (
                    f"{guess} (the file declares {declared} but all its times carry another offset)"
                )
                return guess
            report.timezone_used = f"{declared} (declared in the file)"
            return declared
        except DomainError:
            report.adjust("unknown time zone in the file", declared)
    guess = zone_from_offsets(offsets)
    if guess:
        report.timezone_used = f"{guess} (the file names no zone; all its times have this offset)"
        return guess
    report.timezone_used = "UTC (the file names no time zone; give --tz ZONE to choose one)"
    return "UTC"


def _check_zone(name: str, where: str) -> str:
    try:
        check_timezone(name)
    except DomainError as exc:
        raise InteropError(exc.message, where=where) from exc
    return name
