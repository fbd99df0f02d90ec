"""Reminders for speakers and moderators: one calendar file (``.ics``) each with their
rehearsals and sessions and alarms before each, and one CSV for a mail merge (name,
e-mail, what, when in their own time zone, link)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar
from icalendar import Event as IcsEvent

from planner import __version__
from planner.csvwrite import write_csv
from planner.domain.model import (
    UTC,
    DomainError,
    Person,
    Role,
    Schedule,
    Session,
    SessionKind,
    SessionStatus,
    check_timezone,
    effective_stream_url,
    slugify,
)
from planner.invites.links import personal_link
from planner.text import plural

log = logging.getLogger(__name__)

ALARMS = (timedelta(days=1), timedelta(minutes=30))
CSV_COLUMNS = ("name", "email", "what", "when", "timezone", "link", "stream")


@dataclass(slots=True)
class Reminder:
    person: Person
    session: Session
    role: Role
    room_name: str

    @property
    def what(self) -> str:
        if self.session.kind == SessionKind.REHEARSAL:
            return self.session.title
        return f"{self.session.title} ({self.role.value})"


def reminders(schedule: Schedule) -> list[Reminder]:
    """Every scheduled, not cancelled session or rehearsal of every speaker and moderator,
    by person then time."""
    people = schedule.person_by_guid()
    rooms = schedule.room_by_guid()
    out = []
    for s in schedule.sessions:
        if s.start is None or s.status == SessionStatus.CANCELLED:
            continue
        for guid, role in s.people():
            p = people.get(guid)
            if p is not None:
                room = rooms.get(s.room or "")
                out.append(Reminder(p, s, role, room.name if room else ""))
    return sorted(out, key=lambda r: (r.person.name.casefold(), r.person.guid, r.session.start))


def person_link(schedule: Schedule, person: Person) -> str:
    """The person's invite link when they have an active invite, else the event's page:
    made by the one function that makes every personal link (checked and encoded)."""
    return personal_link(schedule, person)


def local_when(schedule: Schedule, person: Person, instant: datetime) -> tuple[str, str]:
    """The instant on the person's own clock (the event's when theirs is unknown)."""
    zone_name = person.timezone or schedule.event.timezone
    try:
        zone = check_timezone(zone_name)
    except DomainError:
        zone_name = schedule.event.timezone
        zone = schedule.event.zone
    local = instant.astimezone(zone)
    return local.strftime("%a %d %b %Y %H:%M"), zone_name


def calendar_for(
    schedule: Schedule, person: Person, items: list[Reminder], stamp: datetime | None = None
) -> Calendar:
    """The person's calendar; ``stamp`` (default: now) is each entry's DTSTAMP, the time
    the file was written in UTC, as RFC 5545 asks."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", f"-//planner {__version__}//reminders//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{schedule.event.name}: {person.name}")
    link = person_link(schedule, person)
    for r in items:
        s = r.session
        assert s.start is not None and s.end is not None
        ev = IcsEvent()
        ev.add("uid", f"{s.guid}-{person.guid}@planner")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", s.start)
        ev.add("dtend", s.end)
        ev.add("summary", r.what)
        where = f"{schedule.event.name}, {r.room_name}" if r.room_name else schedule.event.name
        ev.add("location", where)
        stream = effective_stream_url(s, schedule)
        text = [s.description] if s.description else []
        if stream:
            text.append(f"Stream: {stream}")
        if link:
            text.append(link)
        ev.add("description", "\n\n".join(text))
        if link:
            ev.add("url", link)
        if stream:
            ev.add("conference", stream, parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Stream"})
        for before in ALARMS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{r.what} starts in {_span(before)}")
            alarm.add("trigger", -before)
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return plural(days, "day")
    if minutes % 60 == 0:
        return plural(minutes // 60, "hour")
    return plural(minutes, "minute")


def write_reminders(schedule: Schedule, out_dir: Path) -> tuple[list[Path], Path]:
    """Write one ``.ics`` per speaker or moderator and ``reminders.csv`` into ``out_dir``;
    return the calendar files and the CSV."""
    out_dir = Path(out_dir)
    for p in {r.person.guid: r.person for r in reminders(schedule)}.values():
        person_link(schedule, p)  # invite settings that cannot make a link: refused before writing
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC)
    items = reminders(schedule)
    by_person: dict[str, list[Reminder]] = {}
    for r in items:
        by_person.setdefault(r.person.guid, []).append(r)
    files: list[Path] = []
    used: set[str] = set()
    for rs in by_person.values():
        person = rs[0].person
        stem = slugify(person.name, "person")
        name, n = stem, 2
        while name in used:
            name = f"{stem}-{n}"
            n += 1
        used.add(name)
        path = out_dir / f"{name}.ics"
        path.write_bytes(calendar_for(schedule, person, rs, stamp).to_ical())
        files.append(path)
    csv_path = out_dir / "reminders.csv"
    rows = []
    for r in items:
        assert r.session.start is not None
        when, zone = local_when(schedule, r.person, r.session.start)
        rows.append(
            [
                r.person.name,
                r.person.email,
                r.what,
                when,
                zone,
                person_link(schedule, r.person),
                effective_stream_url(r.session, schedule),
            ]
        )
    write_csv(csv_path, CSV_COLUMNS, rows)
    log.info("wrote %d calendars and %s", len(files), csv_path)
    return files, csv_path
