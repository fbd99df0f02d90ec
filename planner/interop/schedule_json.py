"""``schedule.json`` (the c3voc format frab, pretalx and the CCC hub write), and the
draft *schedule2* (a flat ``events[]`` with ISO start and end).

Reading accepts what real exports do: ``null`` fields, ids as strings, persons as frab
(``public_name``) or pretalx (``name``) objects. Writing validates against
``c3voc-schedule.json.schema.json``.
"""

from __future__ import annotations

import bisect
import json
import logging
import math
import re
from datetime import date, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from planner.domain.model import MAX_NAME, Person, Schedule
from planner.interop._export import links_with_stream
from planner.interop.builder import (
    Builder,
    ImportReport,
    ImportResult,
    InteropError,
    Progress,
    RawPerson,
    RawSession,
    check_when,
    choose_zone,
    minutes_between,
    parse_duration,
    valid_stream_url,
    wall_time,
)
from planner.interop.frab_xml import parse_dt

log = logging.getLogger(__name__)

FORMAT = "schedule-json"
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
_TZ_OK = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


class _Fields:
    """Typed access to the JSON document: a value of the wrong JSON type is refused with
    one sentence naming the file, the line (roughly) and the field's JSON path."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.where = source

    def fail(self, path: str, message: str) -> InteropError:
        return InteropError(f"{path}: {message}", where=self.where)

    def wrong(self, path: str, expected: str, value: Any) -> InteropError:
        return self.fail(path, f"expected {expected}, found {_kind(value)}")

    def text(self, obj: dict[str, Any], key: str, path: str, named: bool = False) -> str:
        """A text field (null is empty). ``named``: an object with a ``name`` (pretalx
        writes tracks and rooms so) gives its name."""
        value = obj.get(key)
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if named and isinstance(value, dict):
            return self.text(value, "name", f"{path}.{key}") or self.text(value, "slug", f"{path}.{key}")
        raise self.wrong(f"{path}.{key}", "text", value)

    def ident(self, obj: dict[str, Any], key: str, path: str) -> str:
        """An id: a whole number or text (real files write both)."""
        value = obj.get(key)
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise self.wrong(f"{path}.{key}", "a number or text", value)

    def items(self, obj: dict[str, Any], key: str, path: str) -> list[Any]:
        """A list field (null or absent is empty)."""
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.wrong(f"{path}.{key}", "a list", value)
        return value

    def obj(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.wrong(path, "an object", value)
        return value


def _decode(data: bytes, source: str) -> tuple[Any, str]:
    """The document, and the encoding it was read in when that was not UTF-8 ("" when it
    was): bytes that are not UTF-8 are Windows-1252 (Latin-1 with its printable 0x80-0x9F),
    else Latin-1, which takes any byte."""
    encoding = ""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "Latin-1"
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        read_as = f" (the file is not UTF-8 and was read as {encoding})" if encoding else ""
        raise InteropError(
            f"not valid JSON: {exc.msg}{read_as}", where=f"{source}:{exc.lineno}:{exc.colno}"
        ) from exc
    except RecursionError as exc:
        raise InteropError("the JSON nests its values too deeply to be a schedule", where=source) from exc
    except ValueError as exc:  # an integer of thousands of digits
        raise InteropError(f"not a usable JSON number: {str(exc).split(';')[0]}", where=source) from exc
    if _SURROGATE_ESCAPE.search(text):
        path = _lone_surrogate(doc)
        if path is not None:
            line = text.count("\n", 0, _SURROGATE_ESCAPE.search(text).start()) + 1  # type: ignore[union-attr]
            raise InteropError(
                f"{path}: the text holds a lone surrogate escape (\\ud800-\\udfff without its pair), "
                "which is no character",
                where=f"{source}:{line}",
            )
    return doc, encoding


def _lone_surrogate(doc: Any) -> str | None:
    """The JSON path of the first text (or key) holding a lone surrogate, if any."""
    stack: list[tuple[Any, str]] = [(doc, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return path or "the top level"
        elif isinstance(value, dict):
            for k, v in value.items():
                if _SURROGATE.search(k):
                    shown = k.encode("utf-8", "backslashreplace").decode()
                    return f"{path or 'the top level'} (the key {shown!r})"
                stack.append((v, f"{path}.{k}" if path else k))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(value))
    return None


def _line_finder(data: bytes, doc: Any, events: list[dict[str, Any]]) -> Any:
    """The line of each event in the file (for messages): the line of its ``"title"`` key.

    json keeps the file's key order, so a depth-first walk of the parsed document meets the
    ``"title"`` keys in the order the text has them: the n-th met is the n-th in the text,
    whatever else (the conference's own title) comes before the events."""
    text = data.decode("utf-8-sig", "replace")
    positions = [m.start() for m in re.finditer(r'"title"\s*:', text)]
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    wanted = {id(ev) for ev in events}
    ordinal: dict[int, int] = {}
    seen = 0
    stack: list[Any] = [iter([(None, None, doc)])]
    while stack:
        item = next(stack[-1], None)
        if item is None:  # this container is done
            stack.pop()
            continue
        owner, key, value = item
        if key == "title":
            if id(owner) in wanted:
                ordinal[id(owner)] = seen
            seen += 1
        if isinstance(value, dict):
            stack.append(iter([(value, k, v) for k, v in value.items()]))
        elif isinstance(value, list):
            stack.append(iter([(None, None, v) for v in value]))

    def line_of(event: dict[str, Any]) -> int:
        n = ordinal.get(id(event))
        if n is None or n >= len(positions):
            return 0
        return bisect.bisect_right(starts, positions[n])

    return line_of


def read(path: Path, data: bytes, tz: str | None = None, progress: Progress | None = None) -> ImportResult:
    source = path.name
    doc, encoding = _decode(data, source)
    # the object that is normally under "schedule" may stand at the top level itself
    unwrapped = isinstance(doc, dict) and "schedule" not in doc and isinstance(doc.get("conference"), dict)
    if not unwrapped and (not isinstance(doc, dict) or not isinstance(doc.get("schedule"), dict)):
        raise InteropError(
            'the top level has no "schedule" object: this is not a schedule.json', where=f"{source}:1"
        )
    f = _Fields(source)
    f.where = f"{source}:1"
    sched = doc if unwrapped else doc["schedule"]
    conf = sched.get("conference")
    if not isinstance(conf, dict):
        raise InteropError('schedule has no "conference" object', where=f"{source}:1: schedule.conference")
    report = ImportReport(format=FORMAT, timezone_used="")
    if encoding:
        report.adjust("encoding", f"not UTF-8: read as {encoding}")
    if unwrapped:
        report.adjust(
            'no "schedule" object at the top level',
            "the top level read as the schedule (its conference and events; paths below name it schedule)",
        )
    flat = isinstance(sched.get("events"), list)
    # (day date, event, room name, JSON path of the event)
    records: list[tuple[str, dict[str, Any], str | None, str]] = []
    if flat:
        report.format = "schedule-json (schedule2)"
        for i, ev in enumerate(sched["events"]):
            records.append(("", f.obj(ev, f"schedule.events[{i}]"), None, f"schedule.events[{i}]"))
    else:
        days = conf.get("days")
        if not isinstance(days, list):
            raise InteropError('conference has no "days" list', where=f"{source}:1: conference.days")
        for d, day_value in enumerate(days):
            day_path = f"schedule.conference.days[{d}]"
            day = f.obj(day_value, day_path)
            day_date = f.text(day, "date", day_path)
            rooms = day.get("rooms") or {}
            if not isinstance(rooms, dict):
                raise f.wrong(f"{day_path}.rooms", "an object of rooms", rooms)
            for room_name, evs in rooms.items():
                room_path = f"{day_path}.rooms[{json.dumps(room_name, ensure_ascii=False)[:80]}]"
                if evs is None:
                    continue
                if not isinstance(evs, list):
                    raise f.wrong(room_path, "a list of events", evs)
                for i, ev in enumerate(evs):
                    records.append((day_date, f.obj(ev, f"{room_path}[{i}]"), room_name, f"{room_path}[{i}]"))
    line_of = _line_finder(data, doc, [ev for _, ev, _, _ in records])
    samples = [
        d
        for d in (
            parse_dt(f.text(ev, "date", p) or f.text(ev, "start", p))
            for _, ev, _, p in records[:: max(1, len(records) // 200)]
        )
        if d and d.tzinfo
    ]
    zone_name = choose_zone(
        tz, f.text(conf, "time_zone_name", "schedule.conference") or None, samples, report
    )
    zone = ZoneInfo(zone_name)
    builder = Builder(report, source)
    conf_rooms = conf.get("rooms") if conf.get("rooms") is not None else sched.get("rooms")
    rooms_path = "schedule.conference.rooms" if conf.get("rooms") is not None else "schedule.rooms"
    if conf_rooms is not None and not isinstance(conf_rooms, list):
        raise f.wrong(rooms_path, "a list", conf_rooms)
    for r, room in enumerate(conf_rooms or []):
        room = f.obj(room, f"{rooms_path}[{r}]")
        name = f.text(room, "name", f"{rooms_path}[{r}]").strip()
        if name:
            built = builder.room(name, f.text(room, "guid", f"{rooms_path}[{r}]"))
            url = room.get("url")
            if isinstance(url, str) and url.strip() and valid_stream_url(url.strip()):
                built.stream_url = url.strip()  # the room's page: where it is watched
    total = len(records)
    fallback_days: list[date] = []
    for i, (day_date, ev, room_name, ev_path) in enumerate(records):
        if progress is not None and i % 100 == 0 and progress(i, total) is False:
            raise InteropError("the import was cancelled", where=source)
        where = f"{source}:{line_of(ev)}"
        f.where = where
        raw = _event(f, ev, ev_path, day_date, room_name, zone, where, report)
        if day_date:
            try:
                fallback_days.append(date.fromisoformat(day_date))
            except ValueError:
                pass
        builder.add(raw)
    if progress is not None:
        progress(total, total)
    f.where = f"{source}:1"
    slot = None
    try:
        slot = parse_duration(f.text(conf, "timeslot_duration", "schedule.conference"))
    except ValueError:
        pass
    title = f.text(conf, "title", "schedule.conference")
    schedule = builder.build(title or path.stem, zone_name, slot, fallback_days)
    schedule.event.extra = _conference_extra(f, conf)
    return ImportResult(schedule=schedule, report=report)


def _conference_extra(f: _Fields, conf: dict[str, Any]) -> dict[str, Any]:
    """The acronym, URL and track colours the file gives for the whole event."""
    path = "schedule.conference"
    extra: dict[str, Any] = {}
    acronym = f.text(conf, "acronym", path).strip()
    if acronym:
        extra["acronym"] = acronym[:MAX_NAME]
    url = f.text(conf, "url", path).strip()
    if url:
        extra["url"] = url[: MAX_NAME * 10]
    colours = {}
    for i, t in enumerate(f.items(conf, "tracks", path)):
        t = f.obj(t, f"{path}.tracks[{i}]")
        name = f.text(t, "name", f"{path}.tracks[{i}]").strip()
        colour = f.text(t, "color", f"{path}.tracks[{i}]").strip()
        if name and colour:
            colours[name[:MAX_NAME]] = colour[:40]
    if colours:
        extra["track_colours"] = colours
    return extra


_EXTRA_TEXT = (
    "slug",
    "url",
    "subtitle",
    "abstract",
    "logo",
    "feedback_url",
    "origin_url",
    "recording_license",
)
_EXTRA_FLAGS = ("do_not_record", "do_not_stream")


_DECIMAL_MINUTES = re.compile(r"^\s*\d{1,9}\.\d{1,9}\s*$")


def _event(
    f: _Fields,
    ev: dict[str, Any],
    path: str,
    day_date: str,
    room_name: str | None,
    zone: ZoneInfo,
    where: str,
    report: ImportReport,
) -> RawSession:
    title = f.text(ev, "title", path)
    date_text, start_text = f.text(ev, "date", path), f.text(ev, "start", path)
    start_field = f"{path}.date"
    start = parse_dt(date_text)
    if start is None and "T" in start_text:
        start, start_field = parse_dt(start_text), f"{path}.start"
    check_when(start, start_field, where)
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=zone)
    if start is None and day_date and re.match(r"^\d{1,2}:\d{2}", start_text):
        try:
            h, m = (int(x) for x in start_text.split(":")[:2])
            start = wall_time(date.fromisoformat(day_date), time(h, m), zone, where, report, f"{path}.start")
            start_field = f"{path}.start"
        except ValueError:
            start = None
    if start is None:
        report.refused.append(
            f"{where}: {path}.date: no usable date or start ({date_text!r}); kept unscheduled"
        )
    duration = 0
    duration_value = ev.get("duration")
    if isinstance(duration_value, str) and _DECIMAL_MINUTES.match(duration_value):
        duration_value = float(duration_value)  # "40.5": minutes with a fraction, as text
    if isinstance(duration_value, int) and not isinstance(duration_value, bool):
        duration_value = str(duration_value)  # minutes, as some generators write it
    elif isinstance(duration_value, float):  # minutes with a fraction (40.5)
        if not math.isfinite(duration_value) or duration_value < 0:
            report.refused.append(
                f"{where}: {path}.duration: {duration_value!r} is not a number of minutes; set to 0"
            )
            duration_value = None
        else:
            minutes = math.floor(duration_value + 0.5)  # half a minute up, as parse_duration does
            if minutes != duration_value:
                report.adjust(
                    "duration in minutes with a fraction rounded", f"{where}: {duration_value!r} to {minutes}"
                )
            duration_value = str(minutes)
    if duration_value not in (None, ""):
        if not isinstance(duration_value, str):
            raise f.wrong(f"{path}.duration", "text such as 01:30", duration_value)
        try:
            duration = parse_duration(duration_value)
        except ValueError:
            report.refused.append(
                f"{where}: {path}.duration: {duration_value[:40]!r} is not a duration; set to 0"
            )
    elif f.text(ev, "end", path) and start is not None:
        end = parse_dt(f.text(ev, "end", path))
        check_when(end, f"{path}.end", where)
        if end is not None:
            if end.tzinfo is None:
                end = end.replace(tzinfo=zone)
            minutes = minutes_between(start, end)
            if minutes < 0:
                report.adjust("end before the start: duration set to 0", f"{where}: {title[:60]!r}")
            duration = max(0, minutes)
    inner = f.text(ev, "room", path, named=True)
    room = room_name if room_name is not None else inner
    if room_name is not None and inner and inner != room_name:
        report.adjust(
            "room named differently inside an event than around it",
            f"{where}: {room_name[:60]!r} holds {inner[:60]!r} (kept {inner[:60]!r})",
        )
        room = inner
    ev_id = f.ident(ev, "id", path)
    if isinstance(ev.get("id"), str) and ev_id.strip():
        report.adjust("id given as a string", f"{where}: {ev_id[:40]!r}")
    speakers: list[RawPerson] = []
    moderators: list[RawPerson] = []
    people = [(f"{path}.persons[{i}]", p) for i, p in enumerate(f.items(ev, "persons", path))]
    people += [(f"{path}.participants[{i}]", p) for i, p in enumerate(f.items(ev, "participants", path))]
    for p_path, p in people:
        if isinstance(p, str):
            speakers.append(RawPerson(name=p))
            continue
        p = f.obj(p, p_path)
        name = (
            f.text(p, "name", p_path)
            or f.text(p, "public_name", p_path)
            or f.text(p, "full_public_name", p_path)
        )
        about = {k: v for k in ("code", "biography", "avatar", "url") if (v := f.text(p, k, p_path))}
        p_id = f.ident(p, "id", p_path)
        rp = RawPerson(name=name, guid=f.text(p, "guid", p_path) or None, id=p_id or None, extra=about)
        role = f.text(p, "role", p_path).lower()
        (moderators if role in ("moderator", "host") else speakers).append(rp)
    extra: dict[str, Any] = {}
    for key in _EXTRA_TEXT:  # carried along for exports: kept when text, else left out
        value = ev.get(key)
        if isinstance(value, str) and value:
            extra[key] = value
    code = f.ident(ev, "code", path)
    if code:
        extra["code"] = code
    for key in _EXTRA_FLAGS:
        flag = ev.get(key)
        if flag is not None:
            if not isinstance(flag, (bool, str)):
                raise f.wrong(f"{path}.{key}", "true or false", flag)
            extra[key] = flag
    for key in ("links", "attachments"):
        refs = []
        for i, x in enumerate(f.items(ev, key, path)):
            x = f.obj(x, f"{path}.{key}[{i}]")
            url = f.text(x, "url", f"{path}.{key}[{i}]")
            if not url:
                continue
            ref = {"url": url, "title": f.text(x, "title", f"{path}.{key}[{i}]") or url}
            kind = f.text(x, "type", f"{path}.{key}[{i}]")
            if kind or key == "attachments":
                ref["type"] = kind
            refs.append(ref)
        if refs:
            extra[key] = refs
    return RawSession(
        where=where,
        title=title,
        start=start,
        duration=duration,
        room=room or None,
        guid=f.text(ev, "guid", path) or None,
        id=ev_id or None,
        track=f.text(ev, "track", path, named=True),
        type=f.text(ev, "type", path),
        language=f.text(ev, "language", path),
        description=f.text(ev, "description", path),
        speakers=speakers,
        moderators=moderators,
        extra=extra,
        start_field=start_field,
    )


# =================================================================== writing
_REF_TYPES = {"slides", "paper", "web", "blog", "article", "media", "related", "activitypub"}


def _refs(items: Any) -> list[dict[str, str]]:
    out = []
    for x in items or []:
        if isinstance(x, dict) and x.get("url"):
            ref = {"url": str(x["url"]), "title": str(x.get("title") or x["url"])}
            t = str(x.get("type") or "").lower()
            if t in _REF_TYPES:
                ref["type"] = t
            out.append(ref)
    return out


def _person(p: Person) -> dict[str, Any]:
    """A pretalx-style person, with what an import kept (biography, avatar, code, url)."""
    out: dict[str, Any] = {"name": p.name, "guid": p.guid}
    x = p.extra
    if isinstance(x.get("code"), str) and re.fullmatch(r"[A-Z0-9]+", x["code"]):
        out["code"] = x["code"]
    if isinstance(x.get("biography"), str) and x["biography"]:
        out["biography"] = x["biography"]
    for key in ("avatar", "url"):
        if isinstance(x.get(key), str) and x[key].startswith(("http://", "https://")):
            out[key] = x[key]
    return out


def to_dict(schedule: Schedule) -> dict[str, Any]:
    from planner.interop._export import description_of, prepare

    prep = prepare(schedule)
    ev = schedule.event
    zone = ev.zone
    people = schedule.person_by_guid()
    days = []
    for day in prep.days:
        rooms: dict[str, list[dict[str, Any]]] = {}
        for room, sessions in day.rooms:
            lst = rooms.setdefault(room.name, [])
            for s in sessions:
                assert s.start is not None
                local = s.start.astimezone(zone)
                x = s.extra
                item: dict[str, Any] = {
                    "guid": s.guid,
                    "id": prep.ids[s.guid],
                    "date": local.isoformat(),
                    "start": local.strftime("%H:%M"),
                    "duration": f"{s.duration_minutes // 60:02d}:{s.duration_minutes % 60:02d}",
                    "room": room.name,
                    "slug": prep.slugs[s.guid],
                    "url": str(x.get("url") or f"urn:uuid:{s.guid}"),
                    "title": s.title,
                    "subtitle": str(x.get("subtitle") or ""),
                    "track": s.track or None,
                    "type": prep.type_of(s),
                    "language": s.language or None,
                    "abstract": str(x.get("abstract") or ""),
                    "description": description_of(s),
                    # a moderator says so ("role", which the reader takes, as frab's JSON does)
                    "persons": [_person(people[g]) for g in s.speakers if g in people]
                    + [_person(people[g]) | {"role": "moderator"} for g in s.moderators if g in people],
                    "links": _refs(links_with_stream(x.get("links"), prep.streams.get(s.guid, ""))),
                    "attachments": _refs(x.get("attachments")),
                }
                if s.guid in prep.codes:
                    item["code"] = prep.codes[s.guid]
                for key in ("feedback_url", "origin_url"):
                    if x.get(key):
                        item[key] = str(x[key])
                if isinstance(x.get("logo"), str) and x["logo"].startswith(("http://", "https://")):
                    item["logo"] = x["logo"]
                lst.append(item)
        days.append(
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "day_start": day.start.isoformat(),
                "day_end": day.end.isoformat(),
                "rooms": rooms,
            }
        )
    conference: dict[str, Any] = {
        "acronym": prep.acronym,
        "title": ev.name,
        "start": prep.start.isoformat(),
        "end": prep.end.isoformat(),
        "daysCount": len(ev.days),
        "timeslot_duration": f"00:{ev.slot_minutes:02d}",
        "rooms": [
            {
                "name": r.name,
                "guid": r.guid,
                **({"capacity": r.capacity} if r.capacity else {}),
                **({"url": r.stream_url} if r.stream_url else {}),
            }
            for r in schedule.sorted_rooms()
        ],
        "tracks": prep.tracks,
        "days": days,
    }
    if _TZ_OK.search(ev.timezone):
        conference["time_zone_name"] = ev.timezone
    if ev.description:
        conference["description"] = ev.description
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": "planner", "version": prep.generator_version},
        "schedule": {"version": prep.version, "conference": conference},
    }


def write(schedule: Schedule, path: Path, **options: Any) -> None:
    text = json.dumps(to_dict(schedule), ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
