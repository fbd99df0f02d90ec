"""``schedule.json`` (the c3voc format frab, pretalx and the CCC hub write), and the
draft *schedule2* (a flat ``events[]`` with ISO start and end).

Reading accepts what real exports do: ``null`` fields, ids as strings, persons as frab
(``public_name``) or pretalx (``name``) objects. Writing validates against
``c3voc-schedule.json.schema.json``.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from planner.domain.model import Person, Schedule
from planner.interop._build import (
    Builder,
    ImportReport,
    ImportResult,
    InteropError,
    Progress,
    RawPerson,
    RawSession,
    choose_zone,
    parse_duration,
    valid_stream_url,
)
from planner.interop._export import links_with_stream
from planner.interop.frab_xml import parse_dt

log = logging.getLogger(__name__)

FORMAT = "schedule-json"
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
_TZ_OK = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


def _str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("name") or value.get("slug") or "")
    return str(value)


def _decode(data: bytes, source: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InteropError("the file is not UTF-8 text", where=f"{source}:{line}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InteropError(f"not valid JSON: {exc.msg}", where=f"{source}:{exc.lineno}:{exc.colno}") from exc


def _line_finder(data: bytes) -> Any:
    """Lines of events in the file (for messages): the n-th ``"guid"`` key, roughly."""
    text = data.decode("utf-8-sig", "replace")
    positions = [m.start() for m in re.finditer(r'"title"\s*:', text)]
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(n: int) -> int:
        if n >= len(positions):
            return 0
        import bisect

        return bisect.bisect_right(starts, positions[n])

    return line_of


def read(path: Path, data: bytes, tz: str | None = None, progress: Progress | None = None) -> ImportResult:
    source = path.name
    doc = _decode(data, source)
    if not isinstance(doc, dict) or not isinstance(doc.get("schedule"), dict):
        raise InteropError(
            'the top level has no "schedule" object: this is not a schedule.json', where=f"{source}:1"
        )
    sched = doc["schedule"]
    conf = sched.get("conference")
    if not isinstance(conf, dict):
        raise InteropError('schedule has no "conference" object', where=f"{source}:1: schedule.conference")
    report = ImportReport(format=FORMAT, timezone_used="")
    flat = isinstance(sched.get("events"), list)
    records: list[tuple[str, dict[str, Any], str | None]] = []  # (day date, event, room name)
    if flat:
        report.format = "schedule-json (schedule2)"
        for ev in sched["events"]:
            if isinstance(ev, dict):
                records.append(("", ev, None))
    else:
        days = conf.get("days")
        if not isinstance(days, list):
            raise InteropError('conference has no "days" list', where=f"{source}:1: conference.days")
        for day in days:
            if not isinstance(day, dict):
                continue
            rooms = day.get("rooms") or {}
            if not isinstance(rooms, dict):
                report.refused.append(f"{source}: day {day.get('index')}: rooms: not an object")
                continue
            for room_name, evs in rooms.items():
                for ev in evs or []:
                    if isinstance(ev, dict):
                        records.append((str(day.get("date") or ""), ev, room_name))
    line_of = _line_finder(data)
    samples = [
        d
        for d in (
            parse_dt(_str(ev.get("date") or ev.get("start")))
            for _, ev, _ in records[:: max(1, len(records) // 200)]
        )
        if d and d.tzinfo
    ]
    zone_name = choose_zone(tz, _str(conf.get("time_zone_name")) or None, samples, report)
    zone = ZoneInfo(zone_name)
    builder = Builder(report, source)
    for room in conf.get("rooms") or sched.get("rooms") or []:
        if isinstance(room, dict) and _str(room.get("name")).strip():
            r = builder.room(_str(room["name"]), room.get("guid"))
            url = _str(room.get("url")).strip()
            if url and valid_stream_url(url):  # the room's page: where it is watched
                r.stream_url = url
    total = len(records)
    fallback_days: list[date] = []
    for i, (day_date, ev, room_name) in enumerate(records):
        if progress is not None and i % 100 == 0 and progress(i, total) is False:
            raise InteropError("the import was cancelled", where=source)
        where = f"{source}:{line_of(i)}"
        raw = _event(ev, day_date, room_name, zone, where, report)
        if day_date:
            try:
                fallback_days.append(date.fromisoformat(day_date))
            except ValueError:
                pass
        builder.add(raw)
    if progress is not None:
        progress(total, total)
    slot = None
    try:
        slot = parse_duration(_str(conf.get("timeslot_duration")))
    except ValueError:
        pass
    schedule = builder.build(_str(conf.get("title")) or path.stem, zone_name, slot, fallback_days)
    schedule.event.extra = _conference_extra(conf)
    return ImportResult(schedule=schedule, report=report)


def _conference_extra(conf: dict[str, Any]) -> dict[str, Any]:
    """The acronym, URL and track colours the file gives for the whole event."""
    extra: dict[str, Any] = {}
    acronym = _str(conf.get("acronym")).strip()
    if acronym:
        extra["acronym"] = acronym
    url = _str(conf.get("url")).strip()
    if url:
        extra["url"] = url
    colours = {}
    for t in conf.get("tracks") or []:
        if isinstance(t, dict) and _str(t.get("name")).strip() and _str(t.get("color")).strip():
            colours[_str(t["name"]).strip()] = _str(t["color"]).strip()
    if colours:
        extra["track_colours"] = colours
    return extra


def _event(
    ev: dict[str, Any], day_date: str, room_name: str | None, zone: ZoneInfo, where: str, report: ImportReport
) -> RawSession:
    title = _str(ev.get("title"))
    start = parse_dt(_str(ev.get("date"))) or (
        parse_dt(_str(ev.get("start"))) if "T" in _str(ev.get("start")) else None
    )
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=zone)
    if start is None and day_date and re.match(r"^\d{1,2}:\d{2}", _str(ev.get("start"))):
        try:
            h, m = (int(x) for x in _str(ev.get("start")).split(":")[:2])
            start = datetime.combine(date.fromisoformat(day_date), time(h, m), tzinfo=zone)
        except ValueError:
            start = None
    if start is None:
        report.refused.append(
            f"{where}: event/date: no usable date or start ({ev.get('date')!r}); kept unscheduled"
        )
    duration = 0
    if ev.get("duration") not in (None, ""):
        try:
            duration = parse_duration(_str(ev.get("duration")))
        except ValueError:
            report.refused.append(
                f"{where}: event/duration: {ev.get('duration')!r} is not a duration; set to 0"
            )
    elif ev.get("end") and start is not None:
        end = parse_dt(_str(ev.get("end")))
        if end is not None:
            if end.tzinfo is None:
                end = end.replace(tzinfo=zone)
            duration = max(0, int((end - start) / timedelta(minutes=1)))
    room = room_name if room_name is not None else _str(ev.get("room"))
    inner = _str(ev.get("room"))
    if room_name is not None and inner and inner != room_name:
        report.adjust(
            "room named differently inside an event than around it",
            f"{where}: {room_name!r} holds {inner!r} (kept {inner!r})",
        )
        room = inner
    ev_id = ev.get("id")
    if isinstance(ev_id, str) and ev_id.strip():
        report.adjust("id given as a string", f"{where}: {ev_id!r}")
    speakers: list[RawPerson] = []
    moderators: list[RawPerson] = []
    for p in (ev.get("persons") or []) + (ev.get("participants") or []):
        if isinstance(p, str):
            speakers.append(RawPerson(name=p))
            continue
        if not isinstance(p, dict):
            continue
        name = _str(p.get("name") or p.get("public_name") or p.get("full_public_name"))
        extra = {k: p[k] for k in ("code", "biography", "avatar", "url") if p.get(k)}
        rp = RawPerson(
            name=name, guid=p.get("guid"), id=str(p["id"]) if p.get("id") is not None else None, extra=extra
        )
        role = _str(p.get("role")).lower()
        (moderators if role in ("moderator", "host") else speakers).append(rp)
    extra = {}
    for key in (
        "slug",
        "url",
        "subtitle",
        "abstract",
        "logo",
        "feedback_url",
        "origin_url",
        "code",
        "recording_license",
        "do_not_record",
        "do_not_stream",
    ):
        v = ev.get(key)
        if v not in (None, ""):
            extra[key] = v
    links = [x for x in ev.get("links") or [] if isinstance(x, dict) and x.get("url")]
    if links:
        extra["links"] = [
            {
                "url": x["url"],
                "title": _str(x.get("title")) or x["url"],
                **({"type": x["type"]} if x.get("type") else {}),
            }
            for x in links
        ]
    atts = [x for x in ev.get("attachments") or [] if isinstance(x, dict) and x.get("url")]
    if atts:
        extra["attachments"] = [
            {"url": x["url"], "title": _str(x.get("title")) or x["url"], "type": _str(x.get("type"))}
            for x in atts
        ]
    return RawSession(
        where=where,
        title=title,
        start=start,
        duration=duration,
        room=room or None,
        guid=_str(ev.get("guid")) or None,
        id=_str(ev_id) or None,
        track=_str(ev.get("track")),
        type=_str(ev.get("type")),
        language=_str(ev.get("language")),
        description=_str(ev.get("description")),
        speakers=speakers,
        moderators=moderators,
        extra=extra,
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
                    "persons": [_person(people[g]) for g in s.speakers + s.moderators if g in people],
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
