"""The numbers after an event: attendance against capacity, fill rates, no-shows, ratings
by track and by time of day, planned against actual start, and the audience's make-up.
Pure functions over plain data; the view, the report and the tests share them."""

from __future__ import annotations

import functools
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from statistics import fmean
from typing import Any

from planner.domain.model import DomainError, Person, PersonRole, Schedule, Session, SessionKind, ensure_utc

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Attendance:
    """What the streaming platform or the door counted for one session."""

    session: str  # session guid
    registered: int = 0
    attended: int = 0
    peak_viewers: int | None = None
    avg_minutes: float | None = None  # average minutes watched

    def validate(self) -> None:
        for name in ("registered", "attended"):
            if getattr(self, name) < 0:
                raise DomainError(name, "cannot be negative")
        if self.peak_viewers is not None and self.peak_viewers < 0:
            raise DomainError("peak viewers", "cannot be negative")
        if self.avg_minutes is not None and self.avg_minutes < 0:
            raise DomainError("average minutes watched", "cannot be negative")


@dataclass(slots=True)
class Feedback:
    """One rating (1 to 5) of a session, with an optional comment."""

    session: str  # session guid
    rating: int
    comment: str = ""

    def validate(self) -> None:
        if not 1 <= self.rating <= 5:
            raise DomainError("rating", f"a rating is 1 to 5, not {self.rating}")


@dataclass(slots=True)
class SessionNumbers:
    session: Session
    room_name: str
    capacity: int | None
    registered: int
    attended: int
    peak_viewers: int | None
    avg_minutes: float | None
    rating: float | None
    ratings: int
    has_attendance: bool  # an attendance row was imported for the session

    @property
    def fill_rate(self) -> float | None:
        """Attended over capacity (1.0 is full); None without a capacity or without
        attendance numbers."""
        if not self.capacity or not self.has_attendance:
            return None
        return self.attended / self.capacity

    @property
    def has_numbers(self) -> bool:
        return self.has_attendance or self.ratings > 0

    @property
    def minutes_late(self) -> float | None:
        """Actual start minus planned start in minutes (negative: early); None before
        the session was started in the run of show."""
        s = self.session
        if s.start is None or s.actual_start is None:
            return None
        return (ensure_utc(s.actual_start) - ensure_utc(s.start)).total_seconds() / 60

    @property
    def no_shows(self) -> int:
        return max(0, self.registered - self.attended)

    @property
    def no_show_rate(self) -> float | None:
        return None if self.registered == 0 else self.no_shows / self.registered


@dataclass(slots=True)
class RoomNumbers:
    name: str
    capacity: int | None
    sessions: int  # the rows given for the room (see room_numbers)
    registered: int
    attended: int
    peak_viewers: int
    fill_rate: float | None  # mean over the room's sessions with numbers


@dataclass(slots=True)
class Summary:
    sessions_with_numbers: int
    registered: int
    attended: int
    no_shows: int
    fill_rate: float | None  # mean of the sessions' fill rates
    mean_rating: float | None  # over every rating of a counted session
    ratings: int
    mean_start_delay: float | None  # minutes, over counted sessions with an actual start
    on_time_share: float | None  # share of those that started within ON_TIME_MINUTES


ON_TIME_MINUTES = 2  # a session that started at most this late started on time

NO_LIMIT = "no limit"


def capacity_text(capacity: int | None) -> str:
    """A capacity or participant limit as the window and the report both write it: "no
    limit" for none (an online room), never "0" or "–"."""
    return NO_LIMIT if not capacity else f"{capacity:,}"


def no_limit_label(label: str, capacity: int | None) -> str:
    """A chart's label says "no limit" where the table does (a bar without a capacity)."""
    return label if capacity else f"{label} ({NO_LIMIT})"


def _capacity(session: Session, room_capacity: int | None) -> int | None:
    """The smaller of the room's capacity and the session's participant limit (a
    missing or zero value is unknown, not a limit)."""
    caps = [c for c in (session.participant_limit, room_capacity) if c]
    return min(caps) if caps else None


def counted_sessions(schedule: Schedule) -> list[Session]:
    """The sessions an audience could attend: scheduled (a start and a room), not
    breaks, not rehearsals; in time order."""
    return sorted(
        (
            s
            for s in schedule.sessions
            if s.scheduled and s.kind not in (SessionKind.BREAK, SessionKind.REHEARSAL)
        ),
        key=lambda s: (s.start, s.title),
    )


def session_numbers(
    schedule: Schedule, attendance: list[Attendance], feedback: list[Feedback], *, every: bool = False
) -> list[SessionNumbers]:
    """One row per counted session that has attendance or ratings (with ``every``: per
    counted session, with or without numbers), in time order."""
    rooms = schedule.room_by_guid()
    att = {a.session: a for a in attendance}
    ratings: dict[str, list[int]] = defaultdict(list)
    for f in feedback:
        ratings[f.session].append(f.rating)
    out = []
    for s in counted_sessions(schedule):
        a = att.get(s.guid)
        r = ratings.get(s.guid, [])
        if a is None and not r and not every:
            continue
        room = rooms.get(s.room) if s.room else None
        out.append(
            SessionNumbers(
                session=s,
                room_name=room.name if room else "",
                capacity=_capacity(s, room.capacity if room else None),
                registered=a.registered if a else 0,
                attended=a.attended if a else 0,
                peak_viewers=a.peak_viewers if a else None,
                avg_minutes=a.avg_minutes if a else None,
                rating=fmean(r) if r else None,
                ratings=len(r),
                has_attendance=a is not None,
            )
        )
    return out


def room_numbers(schedule: Schedule, rows: list[SessionNumbers]) -> list[RoomNumbers]:
    """Per room in the grid's order: the given rows' sessions and sums, and the mean of
    their fill rates."""
    by_room: dict[str | None, list[SessionNumbers]] = defaultdict(list)
    for row in rows:
        by_room[row.session.room].append(row)
    out = []
    for room in schedule.sorted_rooms():
        items = by_room.get(room.guid, [])
        fills = [r.fill_rate for r in items if r.fill_rate is not None]
        out.append(
            RoomNumbers(
                name=room.name,
                capacity=room.capacity,
                sessions=len(items),
                registered=sum(r.registered for r in items),
                attended=sum(r.attended for r in items),
                peak_viewers=max((r.peak_viewers or 0 for r in items), default=0),
                fill_rate=fmean(fills) if fills else None,
            )
        )
    return out


def _counted_by_guid(schedule: Schedule) -> dict[str, Session]:
    return {s.guid: s for s in counted_sessions(schedule)}


def ratings_by_track(schedule: Schedule, feedback: list[Feedback]) -> list[tuple[str, float, int]]:
    """(track, mean rating, number of ratings) of the counted sessions, best first."""
    sessions = _counted_by_guid(schedule)
    groups: dict[str, list[int]] = defaultdict(list)
    for f in feedback:
        s = sessions.get(f.session)
        if s is not None:
            groups[s.track or "(no track)"].append(f.rating)
    rows = [(track, fmean(v), len(v)) for track, v in groups.items()]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def ratings_by_hour(schedule: Schedule, feedback: list[Feedback]) -> list[tuple[str, float, int]]:
    """(local start hour "19:00", mean rating, number) of the counted sessions, in time
    order of the event's day (which may run past midnight)."""
    sessions = _counted_by_guid(schedule)
    zone = schedule.event.zone
    groups: dict[int, list[int]] = defaultdict(list)
    for f in feedback:
        s = sessions.get(f.session)
        if s is not None and s.start is not None:
            groups[s.start.astimezone(zone).hour].append(f.rating)
    # An evening that runs past midnight keeps its order: hours before the day's start
    # hour come after the others.
    first = schedule.event.day_start_minute // 60
    keys = sorted(groups, key=lambda h: (h - first) % 24)
    return [(f"{h:02d}:00", fmean(groups[h]), len(groups[h])) for h in keys]


@dataclass(slots=True)
class StartDelay:
    session: Session
    room_name: str
    planned: datetime
    actual: datetime

    @property
    def minutes(self) -> float:
        return (self.actual - self.planned).total_seconds() / 60


def start_delays(schedule: Schedule) -> list[StartDelay]:
    """Planned against actual start, for every counted session that was started, in
    time order."""
    rooms = schedule.room_by_guid()
    out = []
    for s in counted_sessions(schedule):
        if s.start is None or s.actual_start is None:
            continue
        room = rooms.get(s.room) if s.room else None
        out.append(StartDelay(s, room.name if room else "", ensure_utc(s.start), ensure_utc(s.actual_start)))
    return sorted(out, key=lambda d: (d.planned, d.room_name))


@functools.cache
def zone_countries() -> dict[str, str]:
    """IANA zone -> country name, from the tz database's own tables (zone.tab)."""
    try:
        root = resources.files("tzdata") / "zoneinfo"
        names = {}
        for line in (root / "iso3166.tab").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                code, _, name = line.partition("\t")
                names[code] = name.strip()
        out = {}
        for line in (root / "zone.tab").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                parts = line.split("\t")
                if len(parts) >= 3:
                    out[parts[2]] = names.get(parts[0], parts[0])
        return out
    except (ModuleNotFoundError, FileNotFoundError, OSError):  # no tzdata: regions only
        log.info("tzdata tables not found; the audience is grouped by region only")
        return {}


def country_of(person: Person) -> str:
    """The person's country: ``extra["country"]`` if given, else their zone's country."""
    given = str(person.extra.get("country") or "").strip()
    if given:
        return given
    if not person.timezone:
        return "(unknown)"
    return zone_countries().get(person.timezone, person.timezone.split("/")[0])


def region_of(person: Person) -> str:
    if not person.timezone:
        return "(unknown)"
    return person.timezone.split("/")[0]  # no IANA area has an underscore


def _top(counter: Counter[str], n: int) -> list[tuple[str, int]]:
    rows = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    if len(rows) <= n:
        return rows
    rest = sum(v for _, v in rows[n - 1 :])
    return [*rows[: n - 1], ("others", rest)]


@dataclass(slots=True)
class Audience:
    people: int
    by_region: list[tuple[str, int]]
    by_country: list[tuple[str, int]]
    by_organisation: list[tuple[str, int]]
    by_role: list[tuple[str, int]]


def audience(schedule: Schedule, top: int = 8) -> Audience:
    """Who came, from the people list: by region and country (their time zone, or an
    explicit country), organisation and role (everyone), largest groups first."""
    people = schedule.people
    audience_people = [p for p in people if p.role == PersonRole.ATTENDEE] or people
    return Audience(
        people=len(people),
        by_region=_top(Counter(region_of(p) for p in audience_people), top),
        by_country=_top(Counter(country_of(p) for p in audience_people), top),
        by_organisation=_top(Counter(p.organisation or "(none)" for p in audience_people), top),
        by_role=_top(Counter(p.role.value for p in people), top),
    )


def summary(schedule: Schedule, rows: list[SessionNumbers], feedback: list[Feedback]) -> Summary:
    """The event's figures from ``rows`` (of :func:`session_numbers`), the ratings of the
    counted sessions and the start delays of :func:`start_delays`."""
    fills = [r.fill_rate for r in rows if r.fill_rate is not None]
    delays = [d.minutes for d in start_delays(schedule)]
    counted = _counted_by_guid(schedule)
    ratings = [f.rating for f in feedback if f.session in counted]
    return Summary(
        sessions_with_numbers=sum(1 for r in rows if r.has_numbers),
        registered=sum(r.registered for r in rows),
        attended=sum(r.attended for r in rows),
        no_shows=sum(r.no_shows for r in rows),
        fill_rate=fmean(fills) if fills else None,
        mean_rating=fmean(ratings) if ratings else None,
        ratings=len(ratings),
        mean_start_delay=fmean(delays) if delays else None,
        on_time_share=(sum(1 for d in delays if d <= ON_TIME_MINUTES) / len(delays)) if delays else None,
    )


def _local(schedule: Schedule, instant: datetime | None) -> str | None:
    return None if instant is None else ensure_utc(instant).astimezone(schedule.event.zone).isoformat()


def numbers(schedule: Schedule, attendance: list[Attendance], feedback: list[Feedback]) -> dict[str, Any]:
    """Every figure as plain data for ``planner report --json`` (the README defines each).
    Times are ISO 8601 in the event's time zone; a figure that cannot be computed is None."""
    rows = session_numbers(schedule, attendance, feedback, every=True)
    summ = summary(schedule, rows, feedback)
    aud = audience(schedule)

    def counts(pairs: list[tuple[str, int]]) -> list[dict[str, Any]]:
        return [{"key": k, "count": n} for k, n in pairs]

    def means(triples: list[tuple[str, float, int]]) -> list[dict[str, Any]]:
        return [{"key": k, "mean": m, "count": n} for k, m, n in triples]

    return {
        "sessions": [
            {
                "guid": r.session.guid,
                "title": r.session.title,
                "room": r.room_name,
                "capacity": r.capacity,
                "registered": r.registered if r.has_attendance else None,
                "attended": r.attended if r.has_attendance else None,
                "no_shows": r.no_shows if r.has_attendance else None,
                "fill_rate": r.fill_rate,
                "rating": r.rating,
                "ratings": r.ratings,
                "planned_start": _local(schedule, r.session.start),
                "actual_start": _local(schedule, r.session.actual_start),
                "minutes_late": r.minutes_late,
            }
            for r in rows
        ],
        "rooms": [
            {
                "name": room.name,
                "capacity": room.capacity,
                "sessions": room.sessions,
                "attended": room.attended,
                "fill_rate": room.fill_rate,
            }
            for room in room_numbers(schedule, rows)
        ],
        "summary": {
            "registered": summ.registered,
            "attended": summ.attended,
            "no_shows": summ.no_shows,
            "fill_rate": summ.fill_rate,
            "mean_rating": summ.mean_rating,
            "ratings": summ.ratings,
            "mean_start_delay": summ.mean_start_delay,
            "on_time_share": summ.on_time_share,
        },
        "ratings_by_track": means(ratings_by_track(schedule, feedback)),
        "ratings_by_hour": means(ratings_by_hour(schedule, feedback)),
        "audience": {
            "people": aud.people,
            "by_region": counts(aud.by_region),
            "by_country": counts(aud.by_country),
            "by_organisation": counts(aud.by_organisation),
            "by_role": counts(aud.by_role),
        },
    }


def speakers_and_crew(schedule: Schedule) -> list[tuple[Person, list[tuple[Session, str]]]]:
    """Everyone who spoke, moderated or crewed, with their sessions and role in each
    (for thank-you notes), by name."""
    sessions = sorted(
        (s for s in schedule.sessions if s.kind != SessionKind.REHEARSAL),
        key=lambda s: (s.start is None, s.start.isoformat() if s.start else "", s.title),
    )
    by_person: dict[str, list[tuple[Session, str]]] = defaultdict(list)
    for s in sessions:
        for g, role in s.people():
            by_person[g].append((s, role.value))
    out = []
    for p in sorted(schedule.people, key=lambda p: p.name.casefold()):
        if by_person.get(p.guid) or p.role in (PersonRole.CREW, PersonRole.SPEAKER, PersonRole.MODERATOR):
            out.append((p, by_person.get(p.guid, [])))
    return out
