"""iCalendar (``.ics``) through the ``icalendar`` library.

Reading copes with what real feeds do: several VCALENDARs one after another (read as one
event), STATUS:CANCELLED and METHOD:CANCEL (left out), TZID without a VTIMEZONE, lines folded in the
middle of a UTF-8 character (unfolded as bytes before decoding), several rooms in one
LOCATION (the first is used, the others kept and reported), no LOCATION, speakers as
ATTENDEE. Writing gives one VCALENDAR with the VTIMEZONE of the event's zone, for the
whole event, one room or one person.
"""

from __future__ import annotations

import calendar
import dataclasses
import logging
import re
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from planner.domain.model import UTC, Schedule, SessionKind, effective_stream_url
from planner.interop.builder import (
    STREAM_LINK_TITLE,
    Builder,
    ImportReport,
    ImportResult,
    InteropError,
    Progress,
    RawPerson,
    RawSession,
    ambiguous,
    check_when,
    choose_zone,
    clean_guid,
    derived_guid,
    in_calendar,
    minutes_between,
    valid_stream_url,
)

log = logging.getLogger(__name__)

FORMAT = "ics"
_FOLD = re.compile(rb"\r?\n[ \t]")


def _unfold_and_decode(data: bytes, report: ImportReport) -> str:
    raw = _FOLD.sub(b"", data)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.adjust("encoding", "not UTF-8: read as Windows-1252")
        return raw.decode("cp1252", "replace")


def _aware(value: Any, prop: Any, fallback: ZoneInfo) -> datetime | None:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            tzid = prop.params.get("TZID") if prop is not None else None
            try:
                zone = ZoneInfo(_iana(str(tzid))) if tzid else fallback
            except (KeyError, ValueError, OSError):  # OSError: a folder of tzdata, a name too long
                zone = fallback
            return value.replace(tzinfo=zone)
        return value
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time(), tzinfo=fallback)
    return None


def read(path: Path, data: bytes, tz: str | None = None, progress: Progress | None = None) -> ImportResult:
    source = path.name
    report = ImportReport(format=FORMAT, timezone_used="")
    text = _unfold_and_decode(data, report)
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise InteropError("the file does not start with BEGIN:VCALENDAR", where=f"{source}:1")
    try:
        # several VCALENDARs one after another (feeds concatenated) are read as one event
        cals = icalendar.Calendar.from_ical(text, multiple=True)
        if not cals:
            raise ValueError("no VCALENDAR")
        events = [e for c in cals for e in c.walk("VEVENT")]
        for e in events:
            for key in _SINGLE:  # a property given twice: the first counts
                value = e.get(key)
                if isinstance(value, list):
                    e[key] = value[0]
                    report.adjust("property given more than once in a VEVENT (the first used)", key)
            # decode every date now: icalendar parses lazily and raises on first use
            for key in ("DTSTART", "DTEND", "DURATION"):
                e.decoded(key, None)
    except (ValueError, IndexError, KeyError, TypeError, AttributeError, OverflowError) as exc:
        raise InteropError(f"not a valid iCalendar file: {str(exc)[:200]}", where=source) from exc
    except RecursionError as exc:
        raise InteropError("the iCalendar file nests its components too deeply", where=source) from exc
    except OSError as exc:  # icalendar looked a TZID up as a file of the tz database ("Europe")
        name = Path(str(getattr(exc, "filename", "") or "?")).name
        raise InteropError(f"a TZID names no time zone ({name[:60]!r} is none)", where=source) from exc
    if not events:
        raise InteropError("the calendar holds no VEVENT", where=source)
    if len(cals) > 1:
        report.adjust("several VCALENDARs in one file, read as one event", f"{len(cals)} calendars")
    # lines of the VEVENTs in the unfolded text, for messages
    lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"^BEGIN:VEVENT", text, re.M)]
    tzids = Counter(
        str(e["DTSTART"].params.get("TZID"))
        for e in events
        if "DTSTART" in e and e["DTSTART"].params.get("TZID")
    )
    declared = next((t for c in cals if (t := _first_text(c.get("X-WR-TIMEZONE")))), None) or (
        tzids.most_common(1)[0][0] if tzids else None
    )
    if declared and _iana(declared) != declared.strip():
        # Outlook and Exchange name zones the Windows way ("W. Europe Standard Time")
        report.adjust("Windows time zone name", f"{declared} read as {_iana(declared)}")
        declared = _iana(declared)
    elif declared and not any(c.walk("VTIMEZONE") for c in cals) and tzids:
        report.adjust("TZID without VTIMEZONE", f"{declared} (read as the IANA zone of that name)")
    samples = [
        d
        for d in (e.decoded("DTSTART", None) for e in events[:200])
        if isinstance(d, datetime) and d.tzinfo is not None and in_calendar(d)
    ]
    zone_name = choose_zone(tz, declared, samples, report)
    zone = ZoneInfo(zone_name)
    builder = Builder(report, source)
    name = next((t for c in cals if (t := _first_text(c.get("X-WR-CALNAME")))), "") or path.stem.replace(
        "-", " "
    ).replace("_", " ")
    total = len(events)
    # A LOCATION that lists rooms (LCA: "Arena, Room 8, Room 5") is told from a room whose
    # name holds a comma ("Hall A, East", as our own export writes it) by its parts: each
    # part is a LOCATION of its own elsewhere in the file.
    locations = {str(e.get("LOCATION") or "").strip() for e in events}
    # occurrences of a recurring event that a VEVENT with RECURRENCE-ID moves or changes
    overridden: set[tuple[str, datetime]] = set()
    budget = [EXPANSION_SECONDS]  # what is left of the time for expanding recurrences
    # A cancelled VEVENT is not on the schedule; a cancelled series (its master cancelled)
    # takes its moved occurrences with it, and a cancelled RECURRENCE-ID removes that
    # occurrence (it is among the overridden ones below and adds nothing itself).
    # a calendar of METHOD:CANCEL (iTIP) cancels the VEVENTs it holds, by UID
    cancelling = {
        id(e)
        for c in cals
        if str(c.get("METHOD") or "").strip().upper() == "CANCEL"
        for e in c.walk("VEVENT")
    }
    cancelled = [_cancelled(ev) or id(ev) in cancelling for ev in events]
    cancelled_series = {
        str(ev.get("UID") or "")
        for ev, off in zip(events, cancelled, strict=True)
        if off and "RECURRENCE-ID" not in ev and ev.get("UID")
    }
    left_out: list[str] = []
    for ev in events:
        if "RECURRENCE-ID" in ev and "RRULE" not in ev:
            try:
                rid = _aware(ev.decoded("RECURRENCE-ID", None), ev.get("RECURRENCE-ID"), zone)
            except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError):
                rid = None
            if rid is not None:
                overridden.add((str(ev.get("UID") or ""), rid))
    for i, ev in enumerate(events):
        if progress is not None and i % 100 == 0 and progress(i, total) is False:
            raise InteropError("the import was cancelled", where=source)
        where = f"{source}:{lines[i] if i < len(lines) else 0}"
        if cancelled[i] or str(ev.get("UID") or "") in cancelled_series:
            left_out.append(f"{where}: {str(ev.get('SUMMARY') or '')[:60]!r}")
            continue
        try:
            raw = _event(ev, where, zone, report, locations)
            if "RECURRENCE-ID" in ev and "RRULE" not in ev:
                rid = _aware(ev.decoded("RECURRENCE-ID", None), ev.get("RECURRENCE-ID"), zone)
                if rid is not None:  # the occurrence it replaces keeps its guid
                    raw.guid = derived_guid("ics", raw.extra.get("uid", ""), _instant(rid))
                builder.add(raw)
                continue
            for occurrence in _occurrences(ev, raw, zone, report, where, overridden, budget):
                builder.add(occurrence)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError) as exc:
            # what icalendar's lazy parsing lets through in a damaged feed
            raise InteropError(f"VEVENT cannot be read: {str(exc)[:200]}", where=where) from exc
    if left_out:
        if len(left_out) == total:
            raise InteropError(
                f"every VEVENT ({total}) is cancelled (STATUS:CANCELLED or METHOD:CANCEL): "
                "nothing is on the schedule",
                where=source,
            )
        more = f" (and {len(left_out) - 3} more)" if len(left_out) > 3 else ""
        report.adjust(
            "cancelled VEVENTs (STATUS:CANCELLED or METHOD:CANCEL) left out",
            f"{len(left_out)} left out: {'; '.join(left_out[:3])}{more}",
        )
    if progress is not None:
        progress(total, total)
    return ImportResult(schedule=builder.build(name, zone_name), report=report)


def _cancelled(ev: Any) -> bool:
    status = ev.get("STATUS")
    status = status[0] if isinstance(status, list) and status else status
    return str(status or "").strip().upper() == "CANCELLED"


def _event(ev: Any, where: str, zone: ZoneInfo, report: ImportReport, locations: set[str]) -> RawSession:
    """One VEVENT as a raw session."""
    start = _aware(ev.decoded("DTSTART", None), ev.get("DTSTART"), zone)
    end = _aware(ev.decoded("DTEND", None), ev.get("DTEND"), zone)
    check_when(start, "VEVENT/DTSTART", where)
    check_when(end, "VEVENT/DTEND", where)
    for key, value in (("DTSTART", start), ("DTEND", end)):
        if value is not None and _in_gap(value):
            report.adjust(
                "wall time in a daylight-saving gap moved forward",
                f"{where}: {key} {value:%Y-%m-%d %H:%M} does not exist in {value.tzinfo}; "
                f"read as {value.astimezone(UTC).astimezone(value.tzinfo):%H:%M}",
            )
    duration = 0
    if start is not None and end is not None:
        duration = minutes_between(start, end)
        if duration < 0:
            report.adjust(
                "DTEND before DTSTART: duration set to 0", f"{where}: {str(ev.get('SUMMARY', ''))[:60]!r}"
            )
            duration = 0
    elif start is not None and ev.get("DURATION") is not None:
        length = ev.decoded("DURATION")
        duration = int(length / timedelta(minutes=1)) if isinstance(length, timedelta) else 0
    elif start is not None and not isinstance(ev.decoded("DTSTART", None), datetime):
        duration = 24 * 60  # a day's date and no end: the day (RFC 5545, 3.6.1)
    if start is None:
        report.refused.append(f"{where}: VEVENT/DTSTART: missing or unreadable; kept unscheduled")
    location = str(ev.get("LOCATION") or "").strip()
    room: str | None = location or None
    extra: dict[str, Any] = {}
    if not location:
        report.adjust("no LOCATION (kept without a room)", f"{where}: {str(ev.get('SUMMARY', ''))[:60]!r}")
    elif "," in location and _several_rooms(location, locations):
        parts = [p.strip() for p in location.split(",") if p.strip()]
        room = parts[0]
        extra["rooms"] = parts
        report.adjust("several rooms in one LOCATION (the first used)", f"{where}: {location!r}")
    uid = str(ev.get("UID") or "")
    # our own export writes "GUID@planner": the session keeps its guid on the way back
    guid = clean_guid(uid.removesuffix("@planner")) or (derived_guid("ics", uid) if uid else None)
    if uid:
        extra["uid"] = uid
    conference = ev.get("CONFERENCE")
    conference = conference[0] if isinstance(conference, list) and conference else conference
    stream = str(conference or "").strip()
    if stream and not valid_stream_url(stream):
        stream = ""
    url = str(ev.get("URL") or "")
    if url and url != stream:
        extra["url"] = url
    if stream:
        extra["links"] = [{"url": stream, "title": STREAM_LINK_TITLE}]  # the builder takes it
    speakers: list[RawPerson] = []
    moderators: list[RawPerson] = []
    attendees = ev.get("ATTENDEE")
    for a in attendees if isinstance(attendees, list) else ([attendees] if attendees else []):
        cn = str(a.params.get("CN", "")).strip()
        if cn:
            # planner writes urn:uuid:GUID and ROLE=CHAIR for a moderator: two people of one
            # name stay two, and a moderator stays one
            address = str(a).strip()
            person_guid = clean_guid(address[9:]) if address.lower().startswith("urn:uuid:") else None
            role = str(a.params.get("ROLE", "")).strip().upper()
            (moderators if role == "CHAIR" else speakers).append(RawPerson(name=cn, guid=person_guid))
    categories = ev.get("CATEGORIES")
    track = ""
    if categories is not None:
        cats = categories if isinstance(categories, list) else [categories]
        names = [str(c) for cat in cats for c in getattr(cat, "cats", [cat])]
        track = names[0] if names else ""
    return RawSession(
        where=where,
        title=str(ev.get("SUMMARY") or ""),
        start=start,
        duration=duration,
        room=room,
        guid=guid,
        track=track,
        type=str(ev.get("X-PLANNER-KIND") or ""),
        description=str(ev.get("DESCRIPTION") or ""),
        speakers=speakers,
        moderators=moderators,
        extra=extra,
    )


# A rule without an end (a weekly meeting "forever") is cut: a schedule is days or weeks,
# and an event lasts at most a year.
MAX_OCCURRENCES = 366
HORIZON = timedelta(days=92)
EXPANSION_SECONDS = 5.0  # for the whole file; a rule that matches nothing costs dateutil a while


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _some_day_passes(rule: Any, first: datetime) -> bool:
    """Whether any day of the horizon passes the rule's month, day and weekday filters: a
    rule that none passes (BYMONTH=2;BYMONTHDAY=30) yields nothing, and dateutil would
    search for a first occurrence up to the year 9999 (a minute for a SECONDLY rule)."""
    months = {int(x) for x in rule.get("BYMONTH", [])}
    month_days = {int(x) for x in rule.get("BYMONTHDAY", [])}
    year_days = {int(x) for x in rule.get("BYYEARDAY", [])}
    weekdays = {str(x).strip()[-2:].upper() for x in rule.get("BYDAY", [])}
    for i in range(HORIZON.days + 1):
        d = first.date() + timedelta(days=i)
        in_month = calendar.monthrange(d.year, d.month)[1]
        in_year = 366 if calendar.isleap(d.year) else 365
        of_year = d.timetuple().tm_yday
        if (
            (not months or d.month in months)
            and (not month_days or d.day in month_days or d.day - in_month - 1 in month_days)
            and (not year_days or of_year in year_days or of_year - in_year - 1 in year_days)
            and (not weekdays or _WEEKDAYS[d.weekday()] in weekdays)
        ):
            return True
    return False


def _instant(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _occurrences(
    ev: Any,
    raw: RawSession,
    zone: ZoneInfo,
    report: ImportReport,
    where: str,
    overridden: set[tuple[str, datetime]],
    budget: list[float],
) -> list[RawSession]:
    """``raw`` once, or once for each occurrence of its RRULE and RDATE less its EXDATEs
    and the occurrences another VEVENT (RECURRENCE-ID) replaces. Each occurrence gets a
    guid of its own, derived from the UID and its original start, the same on every import."""
    rules = ev.get("RRULE")
    rdates = ev.get("RDATE")
    if raw.start is None or (rules is None and rdates is None):
        return [raw]
    if budget[0] <= 0:
        report.adjust(
            f"recurring event not expanded: expanding took over {EXPANSION_SECONDS:g} s (DTSTART kept)",
            f"{where}: {raw.title[:60]!r}",
        )
        return [raw]
    began = time.monotonic()
    from dateutil.rrule import rrulestr

    uid = str(raw.extra.get("uid", ""))
    title = raw.title[:60]
    first = raw.start
    found = {first}  # DTSTART is the first occurrence (RFC 5545, 3.8.5.3)
    excluded: set[datetime] = set()
    cut = False
    try:
        for rule in rules if isinstance(rules, list) else ([rules] if rules is not None else []):
            freq = str((rule.get("FREQ") or [""])[0]).upper()
            if freq not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY") or (
                "BYSETPOS" in rule and freq not in ("MONTHLY", "YEARLY")
            ):
                # more often than daily is no schedule's, and dateutil may search for a first
                # occurrence of such a rule for minutes (FREQ=HOURLY;BYSETPOS=30)
                report.adjust(
                    "recurring event that repeats more often than daily, or by position within a "
                    "day or week, not expanded (DTSTART kept)",
                    f"{where}: {title!r}: FREQ={freq[:20]}",
                )
                continue
            if not _some_day_passes(rule, first):
                # dateutil would look for a match until the year 9999, seconds per rule
                report.adjust(
                    f"recurring event whose rule matches no day in the {HORIZON.days} days after "
                    "DTSTART (DTSTART kept)",
                    f"{where}: {title!r}",
                )
                continue
            text = rule.to_ical().decode("utf-8", "replace")
            if first.tzinfo is not None:
                # RFC 5545 writes UNTIL in UTC for a zoned start; dateutil wants it aware too
                text = re.sub(
                    r"(?i)(UNTIL=\d{8})(?:T(\d{6}))?Z?", lambda m: f"{m[1]}T{m[2] or '235959'}Z", text
                )
            for n, when in enumerate(rrulestr(text, dtstart=first)):
                if n == MAX_OCCURRENCES or when - first > HORIZON:
                    cut = True
                    break
                found.add(when)
        for key, into in (("RDATE", found), ("EXDATE", excluded)):
            props = ev.get(key)
            for prop in props if isinstance(props, list) else ([props] if props is not None else []):
                for d in getattr(prop, "dts", []):
                    # VALUE=PERIOD: (start, end or duration); the occurrence keeps its length
                    at = _aware(d.dt[0] if isinstance(d.dt, tuple) else d.dt, prop, zone)
                    if isinstance(at, datetime):
                        into.add(at)
    except (ValueError, TypeError, OverflowError) as exc:
        report.refused.append(f"{where}: RRULE: {str(exc)[:120]}; only the first occurrence is kept")
        return [raw]
    finally:
        budget[0] -= time.monotonic() - began
    if cut:
        report.adjust(
            f"recurring event that repeats more than {MAX_OCCURRENCES} times or past "
            f"{HORIZON.days} days (the occurrences after either left out)",
            f"{where}: {title!r}",
        )
    starts = sorted(w for w in found if w not in excluded)[:MAX_OCCURRENCES]
    out = []
    for when in starts:
        if any(key == uid and when == rid for key, rid in overridden):
            continue
        guid = raw.guid if when == first else derived_guid("ics", uid, _instant(when))
        out.append(dataclasses.replace(raw, start=when, guid=guid, extra=dict(raw.extra)))
    if len(out) != 1:
        report.adjust(
            "recurring event expanded into one session per occurrence", f"{where}: {title!r}: {len(out)}"
        )
    return out


# properties a VEVENT holds once (RFC 5545); real feeds sometimes repeat them
_SINGLE = ("DTSTART", "DTEND", "DURATION", "LOCATION", "UID", "SUMMARY", "DESCRIPTION", "URL")


def _written_time(value: datetime, zone: ZoneInfo) -> datetime:
    """``value`` in the event's zone, or in UTC when its wall time is one of the hour that
    the autumn change repeats (02:30 in Berlin twice): a reader takes the first."""
    local = value.astimezone(zone)
    return value.astimezone(UTC) if ambiguous(local) else local


def _in_gap(value: datetime) -> bool:
    """A wall time that the zone skips (spring forward): it stands for a later one."""
    zone = value.tzinfo
    if not isinstance(zone, ZoneInfo):
        return False
    return value.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != value.replace(tzinfo=None)


def _iana(name: str) -> str:
    """The IANA name of a Windows time zone name (icalendar's table), else ``name``."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    return str(WINDOWS_TO_OLSON.get(name.strip(), name.strip()))


def _first_text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "")


def _several_rooms(location: str, locations: set[str]) -> bool:
    parts = [p.strip() for p in location.split(",") if p.strip()]
    return len(parts) > 1 and sum(p in locations for p in parts) >= 2


def write(
    schedule: Schedule, path: Path, room: str | None = None, person: str | None = None, **options: Any
) -> None:
    """The whole event, or only one room's sessions (``room`` guid), or one person's."""
    ev = schedule.event
    zone = ev.zone
    rooms = schedule.room_by_guid()
    people = schedule.person_by_guid()
    cal = icalendar.Calendar()
    cal.add("prodid", "-//planner//schedule export//EN")
    cal.add("version", "2.0")
    title = ev.name
    if room is not None:
        if room not in rooms:
            raise InteropError("that room is not in the event", where="--room")
        title = f"{ev.name} – {rooms[room].name}"
    if person is not None:
        if person not in people:
            raise InteropError("that person is not in the event", where="--person")
        title = f"{ev.name} – {people[person].name}"
    cal.add("x-wr-calname", title)
    cal.add("x-wr-timezone", ev.timezone)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for s in sorted(schedule.sessions, key=lambda x: (x.start is None, x.start or stamp)):
        if s.start is None:
            continue
        if room is not None and s.room != room:
            continue
        if person is not None and person not in s.speakers + s.moderators:
            continue
        e = icalendar.Event()
        e.add("uid", f"{s.guid}@planner")
        e.add("dtstamp", stamp)
        e.add("dtstart", _written_time(s.start, zone))
        e.add("dtend", _written_time(s.start + timedelta(minutes=s.duration_minutes), zone))
        e.add("summary", s.title)
        if s.room in rooms:
            e.add("location", rooms[s.room].name)
        if s.description:
            e.add("description", s.description)
        if s.track:
            e.add("categories", [s.track])
        if s.kind != SessionKind.TALK:  # iCalendar has no field for it; planner reads its own back
            e.add("x-planner-kind", s.kind.value)
        stream = effective_stream_url(s, schedule)
        if stream:
            # URL is where to go (the stream); CONFERENCE (RFC 7986) says it is the link to
            # join, so that an import can tell it from a talk's page.
            e.add("url", stream)
            e.add("conference", stream, parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Stream"})
        elif s.extra.get("url"):
            e.add("url", str(s.extra["url"]))
        for g in s.speakers + s.moderators:
            if g in people:
                e.add(
                    "attendee",
                    f"urn:uuid:{g}",
                    parameters={
                        "CN": people[g].name,
                        "ROLE": "CHAIR" if g in s.moderators else "REQ-PARTICIPANT",
                    },
                )
        cal.add_component(e)
    if ev.timezone != "UTC":
        # the event's own zone, for the span of the event (the whole table since 1970
        # would be long and slow to write)
        cal.add_component(
            icalendar.Timezone.from_tzid(
                ev.timezone,
                first_date=ev.first_day - timedelta(days=366),
                last_date=ev.last_day + timedelta(days=366),
            )
        )
    # icalendar folds lines one character at a time (slow on long descriptions): take
    # its unfolded content lines and fold them here, never inside a UTF-8 character.
    out = bytearray()
    for line in cal.content_lines():
        if line:
            out += _fold(line.encode("utf-8"))
    path.write_bytes(bytes(out))


def _fold(line: bytes, width: int = 75) -> bytes:
    if len(line) <= width:
        return line + b"\r\n"
    pieces = []
    start, limit = 0, width
    while start < len(line):
        end = min(start + limit, len(line))
        while end < len(line) and (line[end] & 0xC0) == 0x80:  # a continuation byte
            end -= 1
        pieces.append(line[start:end])
        start, limit = end, width - 1
    return b"\r\n ".join(pieces) + b"\r\n"
