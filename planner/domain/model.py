"""The domain objects of an event: plain data, no Qt and no database.

Identity: every room, session and person carries a ``guid`` (a UUID string) that is
stable for its whole life. Imports keep the guid a file brought; the store keeps its own
integer keys private. Times are aware ``datetime`` instants in UTC; they are shown in
the event's time zone (see :mod:`planner.domain.timegrid`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC as UTC  # re-exported: the rest of planner imports UTC from here
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


class DomainError(ValueError):
    """A value breaks a rule of the domain; the message says which field and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class SessionKind(StrEnum):
    TALK = "talk"
    PANEL = "panel"
    WORKSHOP = "workshop"
    BREAK = "break"
    REHEARSAL = "rehearsal"


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    LIVE = "live"
    ENDED = "ended"
    CANCELLED = "cancelled"


class Pin(StrEnum):
    """How firmly a session is held where it is: arranging never moves a ``FULL`` pin and
    keeps a ``ROOM`` pin in its room (its time may change)."""

    NONE = ""
    FULL = "full"  # time and room
    ROOM = "room"  # room only


class RoomKind(StrEnum):
    ONLINE = "online"
    PHYSICAL = "physical"


class Role(StrEnum):
    """The role of a person in one session."""

    SPEAKER = "speaker"
    MODERATOR = "moderator"


class PersonRole(StrEnum):
    """What a person is to the event as a whole (used to filter invites)."""

    SPEAKER = "speaker"
    MODERATOR = "moderator"
    ATTENDEE = "attendee"
    CREW = "crew"


def new_guid() -> str:
    import uuid  # here, not at the top: it imports platform, which start-up does not need

    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


def ensure_utc(value: datetime, field: str = "start") -> datetime:
    """Return ``value`` as an aware UTC instant; naive values are refused."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise DomainError(field, "a time must carry a time zone (naive time given)")
    return value.astimezone(UTC)


def check_timezone(name: str, field: str = "timezone") -> ZoneInfo:
    if not name:
        raise DomainError(field, "a time zone is required (an IANA name such as Europe/Berlin)")
    shown = repr(name if len(name) <= 60 else name[:57] + "...")
    try:
        return ZoneInfo(name)
    except IsADirectoryError as exc:
        # A folder of the tz database ("Europe", "America/Argentina"): say so, without
        # the path of the database on this machine.
        inside = [n for n in timezone_names() if n.startswith(name + "/")]
        example = f" such as {inside[0]}" if inside else ""
        raise DomainError(
            field, f"{shown} is a region of the time-zone database, not a zone (use a name{example})"
        ) from exc
    except (ZoneInfoNotFoundError, ValueError, OSError, UnicodeError) as exc:
        # OSError: a name longer than a file name, or one the file system refuses; the
        # error would name tzdata's own path, which tells the user nothing.
        raise DomainError(
            field, f"unknown time zone {shown} (use an IANA name such as Europe/Berlin)"
        ) from exc


# The calendar planner accepts: every date an import, an edit or a command stores lies in
# these years. The edges of Python's calendar (year 1 and 9999) are far away, so a day
# window, an offset or a VTIMEZONE span around any accepted date never overflows.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2999, 12, 31)

# What a text field may hold (characters). Longer values are refused by validation and
# cut, with a line in the report, by imports.
MAX_TITLE = 500
MAX_NAME = 200  # names of events, rooms and people; tracks, organisations
MAX_SHORT = 100  # languages, time-zone names
MAX_EMAIL = 254
MAX_TEXT = 100_000  # descriptions


def check_date(value: date | datetime | None, field: str) -> None:
    """Refuse a date or instant outside FIRST_DATE..LAST_DATE (its own calendar date)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DATE <= day <= LAST_DATE:
        raise DomainError(
            field,
            f"{day.isoformat()} is outside the dates planner accepts "
            f"({FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()})",
        )


def check_length(value: str, limit: int, field: str) -> None:
    if len(value) > limit:
        raise DomainError(field, f"{len(value)} characters; at most {limit} are allowed")


_TZ_NAMES: list[str] | None = None


def timezone_names() -> list[str]:
    """All IANA zone names, sorted; cached because the scan reads many files."""
    global _TZ_NAMES
    if _TZ_NAMES is None:
        _TZ_NAMES = sorted(n for n in available_timezones() if "/" in n or n == "UTC")
    return _TZ_NAMES


_SLUG_RE = re.compile(r"[^a-z0-9]+")
_BREAKS_RE = re.compile(r"\s*[\x00-\x1f\x7f\x85\u2028\u2029]+\s*")


def single_line(text: str) -> str:
    """``text`` on one line: each run of line breaks, tabs and other control characters
    (with the spaces around it) becomes one space. Names go through this wherever they are
    set, so that a pasted "Gala\\n2026" cannot break a listing or a calendar file."""
    return _BREAKS_RE.sub(" ", text).strip()


def slugify(text: str, fallback: str = "event") -> str:
    """A lowercase ASCII slug: ``"Gala 2026 – Wien"`` becomes ``"gala-2026-wien"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _SLUG_RE.sub("-", ascii_text.lower()).strip("-")
    return slug[:60].strip("-") or fallback


@dataclass(frozen=True, slots=True)
class Interval:
    """A half-open span of time ``[start, end)`` between two UTC instants."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise DomainError("availability", "a window must not end before it starts")

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end


MAX_URL = 2000
_URL_RE = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)


def check_stream_url(url: str, field: str = "stream link") -> None:
    """A stream or meeting link is empty or an http(s) URL with a host and no spaces."""
    if not url:
        return
    if len(url) > MAX_URL:
        raise DomainError(field, f"a link may hold at most {MAX_URL} characters")
    if not _URL_RE.match(url):
        shown = url if len(url) <= 80 else url[:77] + "..."
        raise DomainError(field, f"{shown!r} is not a web link (https://… with a host and no spaces)")


SLOT_CHOICES = (5, 10, 15, 30)
DEFAULT_INVITE_TEMPLATE = "{base_url}/register?invite={token}"


@dataclass(slots=True)
class Event:
    name: str
    first_day: date
    last_day: date
    timezone: str = "UTC"
    slug: str = ""
    description: str = ""
    cover_image: bytes | None = None  # PNG bytes, already checked and scaled
    invite_base_url: str = ""
    invite_template: str = DEFAULT_INVITE_TEMPLATE
    slot_minutes: int = 15
    # The day's window as minutes after local midnight; the end may pass 1440, so a day
    # from 11:00 to 06:00 the next morning is (660, 1800) and stays one day.
    day_start_minute: int = 8 * 60
    day_end_minute: int = 22 * 60
    rule_severities: dict[str, str] = field(default_factory=dict)
    guid: str = field(default_factory=new_guid)
    # What a schedule file says of the whole event that the fields above do not hold
    # (its acronym, its URL, its tracks' colours), kept so that exports can write it back.
    extra: dict[str, Any] = field(default_factory=dict)

    def validate(self) -> None:
        self.name = single_line(self.name)
        if not self.name:
            raise DomainError("name", "an event needs a name")
        check_length(self.name, MAX_NAME, "name")
        check_length(self.description, MAX_TEXT, "description")
        check_date(self.first_day, "first_day")
        check_date(self.last_day, "last_day")
        if self.last_day < self.first_day:
            raise DomainError("last_day", "the last day is before the first day")
        if (self.last_day - self.first_day).days > 366:
            raise DomainError("last_day", "an event may last at most a year")
        check_timezone(self.timezone)
        if self.slot_minutes not in SLOT_CHOICES:
            raise DomainError("slot_minutes", f"the time slot must be one of {SLOT_CHOICES} minutes")
        if not 0 <= self.day_start_minute < 24 * 60:
            raise DomainError("day_start", "a day starts between 00:00 and 23:59")
        if not self.day_start_minute < self.day_end_minute <= self.day_start_minute + 24 * 60:
            raise DomainError("day_end", "a day ends after it starts and lasts at most 24 hours")

    @property
    def zone(self) -> ZoneInfo:
        return check_timezone(self.timezone)

    @property
    def days(self) -> list[date]:
        n = (self.last_day - self.first_day).days
        return [self.first_day + timedelta(days=i) for i in range(n + 1)]


@dataclass(slots=True)
class Room:
    name: str
    position: int = 0
    capacity: int | None = None
    kind: RoomKind = RoomKind.ONLINE
    allow_parallel: bool = False  # a poster hall or lounge: overlaps are intended
    changeover_minutes: int = 0  # buffer wanted between two sessions in this room
    guid: str = field(default_factory=new_guid)
    stream_url: str = ""  # the room's stream or meeting link (its sessions' unless they have one)

    def validate(self) -> None:
        if not self.name.strip():
            raise DomainError("room name", "a room needs a name")
        check_length(self.name, MAX_NAME, "room name")
        check_stream_url(self.stream_url)
        if self.capacity is not None and self.capacity < 0:
            raise DomainError("capacity", "capacity cannot be negative")
        if self.changeover_minutes < 0:
            raise DomainError("changeover", "a changeover buffer cannot be negative")


@dataclass(slots=True)
class Person:
    name: str
    email: str = ""
    organisation: str = ""
    timezone: str = ""  # the person's own IANA zone; empty means unknown
    role: PersonRole = PersonRole.ATTENDEE
    availability: list[Interval] = field(default_factory=list)  # empty: always available
    guid: str = field(default_factory=new_guid)
    extra: dict[str, Any] = field(default_factory=dict)

    def validate(self) -> None:
        if not self.name.strip():
            raise DomainError("name", "a person needs a name")
        check_length(self.name, MAX_NAME, "name")
        check_length(self.email, MAX_EMAIL, "email")
        check_length(self.organisation, MAX_NAME, "organisation")
        for window in self.availability:
            check_date(window.start, "availability")
            check_date(window.end, "availability")
        if self.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", self.email):
            raise DomainError("email", f"{self.email!r} is not an e-mail address")
        if self.timezone:
            check_timezone(self.timezone)


@dataclass(slots=True)
class Session:
    title: str
    kind: SessionKind = SessionKind.TALK
    duration_minutes: int = 30
    start: datetime | None = None  # UTC instant; None while unscheduled
    room: str | None = None  # the guid of its room
    description: str = ""
    participant_limit: int | None = None
    track: str = ""
    status: SessionStatus = SessionStatus.SCHEDULED
    speakers: list[str] = field(default_factory=list)  # person guids, in order
    moderators: list[str] = field(default_factory=list)
    language: str = ""
    rehearsal_for: str | None = None  # the guid of the session this rehearses
    checklist: dict[str, bool] = field(default_factory=dict)
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    guid: str = field(default_factory=new_guid)
    # What a format carries that we do not model (frab id, slug, links, ...), kept so
    # that exports can write it back.
    extra: dict[str, Any] = field(default_factory=dict)
    stream_url: str = ""  # the session's own stream or meeting link ("" : its room's)
    pin: Pin = Pin.NONE

    @property
    def end(self) -> datetime | None:
        if self.start is None:
            return None
        return self.start + timedelta(minutes=self.duration_minutes)

    @property
    def interval(self) -> Interval | None:
        if self.start is None:
            return None
        return Interval(self.start, self.start + timedelta(minutes=self.duration_minutes))

    @property
    def scheduled(self) -> bool:
        return self.start is not None and self.room is not None

    def people(self) -> list[tuple[str, Role]]:
        return [(p, Role.SPEAKER) for p in self.speakers] + [(p, Role.MODERATOR) for p in self.moderators]

    def validate(self) -> None:
        start = self.start
        if (  # the common case in one test (an import checks 500 000 sessions)
            len(self.title) <= MAX_TITLE
            and len(self.description) <= MAX_TEXT
            and len(self.track) <= MAX_NAME
            and len(self.language) <= MAX_SHORT
            and 0 <= self.duration_minutes <= 7 * 24 * 60
            and self.participant_limit is None
            and self.actual_start is None
            and self.actual_end is None
            and not self.stream_url
            and not (self.speakers and self.moderators)
            and (start is None or (start.tzinfo is UTC and FIRST_DATE <= start.date() <= LAST_DATE))
            and self.title
            and not self.title.isspace()  # (what strip() takes away)
        ):
            return  # every check below passes, and an instant in UTC stays as it is
        if not self.title.strip():
            raise DomainError("title", "a session needs a title")
        check_length(self.title, MAX_TITLE, "title")
        check_length(self.description, MAX_TEXT, "description")
        check_length(self.track, MAX_NAME, "track")
        check_length(self.language, MAX_SHORT, "language")
        check_date(self.start, "start")
        check_date(self.actual_start, "actual start")
        check_date(self.actual_end, "actual end")
        if self.duration_minutes < 0:
            raise DomainError("duration", "a duration cannot be negative")
        if self.duration_minutes > 7 * 24 * 60:
            raise DomainError("duration", "a session may last at most a week")
        if self.participant_limit is not None and self.participant_limit < 0:
            raise DomainError("participant limit", "a participant limit cannot be negative")
        if self.start is not None:
            self.start = ensure_utc(self.start)
        check_stream_url(self.stream_url)
        overlap = set(self.speakers) & set(self.moderators)
        if overlap:
            raise DomainError("people", "a person cannot be speaker and moderator of one session")


@dataclass(slots=True)
class Invite:
    person: str  # person guid
    token: str
    created: datetime = field(default_factory=utcnow)
    revoked: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked is None


@dataclass(slots=True)
class Acknowledgement:
    """A conflict the organiser has seen and accepted, with a note why."""

    key: str  # the conflict's stable key (rule, sessions, person)
    note: str = ""
    created: datetime = field(default_factory=utcnow)


@dataclass(slots=True)
class Schedule:
    """One event with everything in it: the unit that imports, exports and views use."""

    event: Event
    rooms: list[Room] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    invites: list[Invite] = field(default_factory=list)
    acknowledgements: list[Acknowledgement] = field(default_factory=list)

    def room_by_guid(self) -> dict[str, Room]:
        return {r.guid: r for r in self.rooms}

    def person_by_guid(self) -> dict[str, Person]:
        return {p.guid: p for p in self.people}

    def session_by_guid(self) -> dict[str, Session]:
        return {s.guid: s for s in self.sessions}

    def sorted_rooms(self) -> list[Room]:
        return sorted(self.rooms, key=lambda r: (r.position, r.name.casefold()))

    def validate(self, *, each_session: bool = True) -> None:
        """Refuse (DomainError) what breaks a rule. ``each_session=False``: the sessions'
        own fields were checked already (what a reader built); how they refer to rooms,
        people and each other is checked all the same."""
        self.event.validate()
        room_guids = set()
        for room in self.rooms:
            room.validate()
            room_guids.add(room.guid)
        person_guids = set()
        for person in self.people:
            person.validate()
            person_guids.add(person.guid)
        seen: set[str] = set()
        for s in self.sessions:
            if each_session:
                s.validate()
            if s.guid in seen:
                raise DomainError("guid", f"two sessions share the guid {s.guid}")
            seen.add(s.guid)
            if s.room is not None and s.room not in room_guids:
                raise DomainError("room", f"session {s.title!r} is in a room that does not exist")
            for people in (s.speakers, s.moderators):
                for p in people:
                    if p not in person_guids:
                        raise DomainError("people", f"session {s.title!r} names an unknown person")


def effective_stream_url(session: Session, schedule: Schedule) -> str:
    """Where to watch or join ``session``: its own link, else its room's, else ""."""
    if session.stream_url:
        return session.stream_url
    if session.room is None:
        return ""
    room = next((r for r in schedule.rooms if r.guid == session.room), None)
    return room.stream_url if room is not None else ""
