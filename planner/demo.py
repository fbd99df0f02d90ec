"""The demo event: a virtual gala in four rooms over one evening (resources/demo)."""

from __future__ import annotations

import csv
import json
from datetime import date, time

from planner.domain.model import (
    Event,
    Person,
    PersonRole,
    Room,
    RoomKind,
    Schedule,
    Session,
    SessionKind,
    SessionStatus,
)
from planner.domain.timegrid import local_instant
from planner.imaging import load_cover
from planner.resources import resource_path
from planner.store import Store

DEMO_FILE = ("demo", "winter-gala.json")
DEMO_COVER = ("demo", "winter-gala-cover.jpg")


def _minutes(hhmm: str) -> int:
    t = time.fromisoformat(hhmm)
    return t.hour * 60 + t.minute


def demo_schedule() -> Schedule:
    data = json.loads(resource_path(*DEMO_FILE).read_text(encoding="utf-8"))
    e = data["event"]
    event = Event(
        name=e["name"],
        slug=e["slug"],
        description=e["description"],
        first_day=date.fromisoformat(e["first_day"]),
        last_day=date.fromisoformat(e["last_day"]),
        timezone=e["timezone"],
        slot_minutes=e["slot_minutes"],
        day_start_minute=_minutes(e["day_start"]),
        day_end_minute=_minutes(e["day_end"]),
        invite_base_url=e["invite_base_url"],
        cover_image=load_cover(resource_path(*DEMO_COVER)),
    )
    rooms = [
        Room(name=r["name"], position=i, capacity=r["capacity"], kind=RoomKind(r["kind"]))
        for i, r in enumerate(data["rooms"])
    ]
    room_by_name = {r.name: r.guid for r in rooms}
    people = [
        Person(
            name=p["name"],
            email=p["email"],
            organisation=p["organisation"],
            timezone=p["timezone"],
            role=PersonRole(p["role"]),
        )
        for p in data["people"]
    ]
    person_by_name = {p.name: p.guid for p in people}
    sessions = []
    for s in data["sessions"]:
        start = None
        if s["start"] is not None:
            start = local_instant(event, event.first_day, _minutes(s["start"]))
        sessions.append(
            Session(
                title=s["title"],
                kind=SessionKind(s["kind"]),
                duration_minutes=s["duration"],
                start=start,
                room=room_by_name[s["room"]] if s["room"] else None,
                description=s["description"],
                participant_limit=s["participant_limit"],
                track=s["track"],
                speakers=[person_by_name[n] for n in s["speakers"]],
                moderators=[person_by_name[n] for n in s["moderators"]],
            )
        )
    return Schedule(event, rooms, sessions, people)


# ----------------------------------------------------------------- what happened
DEMO_AUDIENCE = ("demo", "winter-gala-audience.csv")
DEMO_ATTENDANCE = ("demo", "winter-gala-attendance.csv")
DEMO_FEEDBACK = ("demo", "winter-gala-feedback.csv")
DEMO_RUN = ("demo", "winter-gala-run.csv")


def add_demo(store: Store) -> str:
    """Add the demo event with its audience, attendance, feedback and the first half of
    its evening already run (so the analytics and the report show something); return
    its slug. Two transactions (two entries of its edit log): the event with its people and actual
    times, then the numbers."""
    schedule = demo_schedule()
    _add_audience_and_run(schedule)
    slug = store.add_schedule(schedule)
    _save_numbers(store, slug, schedule)
    return slug


def load_demo_afterwards(store: Store, slug: str) -> None:
    """Load the demo's audience, attendance, feedback and actual start and end times
    into the demo event ``slug`` (one added from :func:`demo_schedule` by ``add_schedule``)."""
    schedule = store.load(slug)
    known = {p.guid for p in schedule.people}
    _add_audience_and_run(schedule)
    from planner import edits

    current = store.load(slug)
    people = edits.save_people(current, [p for p in schedule.people if p.guid not in known])
    people.apply(current)
    run = edits.save_sessions(current, [s for s in schedule.sessions if s.actual_start is not None])
    store.apply(slug, edits.Batch((people, run), "Loaded the demo's audience and run of show"))
    _save_numbers(store, slug, schedule)


def _add_audience_and_run(schedule: Schedule) -> None:
    """Add the demo's audience to the people and the first half's actual times."""
    with resource_path(*DEMO_AUDIENCE).open(encoding="utf-8", newline="") as fh:
        schedule.people.extend(
            Person(
                name=r["name"],
                email=r["email"],
                organisation=r["organisation"],
                timezone=r["timezone"],
                role=PersonRole(r["role"]),
            )
            for r in csv.DictReader(fh)
        )
    event = schedule.event
    by_title = {s.title: s for s in schedule.sessions}
    with resource_path(*DEMO_RUN).open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            s = by_title[r["session"]]
            s.actual_start = local_instant(event, event.first_day, _minutes(r["actual start"]))
            s.actual_end = local_instant(event, event.first_day, _minutes(r["actual end"]))
            s.status = SessionStatus.ENDED


def _save_numbers(store: Store, slug: str, schedule: Schedule) -> None:
    from planner import edits
    from planner.afterwards import attendance, feedback
    from planner.store.day_record import load_attendance, load_feedback

    counted = edits.import_attendance(
        load_attendance(store, slug), attendance.read(resource_path(*DEMO_ATTENDANCE), schedule)
    )
    rated = edits.import_feedback(
        load_feedback(store, slug), feedback.read(resource_path(*DEMO_FEEDBACK), schedule)
    )
    store.apply(slug, edits.Batch((counted, rated), "Loaded the demo's attendance and feedback"))
