"""What the edit tests share: a store's content by value, and one example of each kind."""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from operator import itemgetter
from pathlib import Path
from typing import Any

from planner import edits
from planner.domain.analytics import Attendance, Feedback
from planner.domain.model import Invite, Person, PersonRole, Room, Schedule, Session
from planner.domain.run_of_show import Incident
from planner.store import Store
from planner.store.day_record import load_attendance, load_feedback, load_incidents


def canon_schedule(s: Schedule) -> dict[str, Any]:
    """A schedule by value, order-free where the store's order is its row order."""
    data = edits.schedule_to_data(s)
    for key, by in (
        ("rooms", "guid"),
        ("sessions", "guid"),
        ("people", "guid"),
        ("invites", "token"),
        ("acknowledgements", "key"),
    ):
        data[key] = sorted(data[key], key=itemgetter(by))
    return data


def canon_store(store: Store, slug: str) -> dict[str, Any]:
    """Everything the store holds of one event, by value (not the log)."""
    return {
        "schedule": canon_schedule(store.load(slug)),
        "attendance": sorted(
            (edits.obj_to_data(a) for a in load_attendance(store, slug)), key=lambda x: x["session"]
        ),
        "feedback": [edits.obj_to_data(f) for f in load_feedback(store, slug)],
        "incidents": sorted(
            (edits.obj_to_data(i) for i in load_incidents(store, slug)), key=lambda x: x["guid"]
        ),
    }


def dump_tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the edit log (row ids left out: they are no content)."""
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if r[0] != "edit_log" and not r[0].startswith("sqlite_")
        ]
        out = {}
        for name in names:
            rows = conn.execute(f"SELECT * FROM {name}").fetchall()
            out[name] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def log_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM edit_log").fetchone()[0])
    finally:
        conn.close()


def scheduled(s: Schedule) -> list[Session]:
    return [x for x in s.sessions if x.start is not None and x.room is not None]


def examples(store: Store, slug: str) -> dict[str, Callable[[Schedule], edits.Edit]]:
    """One builder per edit kind (and case), each building its edit from the current
    schedule; some need the store's numbers, read when called."""

    def move(s: Schedule) -> edits.Edit:
        x = copy.deepcopy(scheduled(s)[0])
        other = next(r for r in s.rooms if r.guid != x.room)
        assert x.start is not None
        x.room, x.start = other.guid, x.start + timedelta(minutes=45)
        return edits.save_sessions(s, [x])

    def create(s: Schedule) -> edits.Edit:
        room = s.sorted_rooms()[0]
        start = scheduled(s)[0].start
        return edits.save_sessions(
            s, [Session(title="Fresh", room=room.guid, start=start, speakers=[s.people[0].guid])]
        )

    def delete(s: Schedule) -> edits.Edit:
        return edits.delete_sessions(s, [x.guid for x in scheduled(s)[:2]])

    def event(s: Schedule) -> edits.Edit:
        ev = copy.deepcopy(s.event)
        ev.name, ev.description = "Renamed gala", "New words"
        ev.rule_severities = {"unsociable-hour": "off"}
        return edits.change_event(s, ev)

    def add_room(s: Schedule) -> edits.Edit:
        return edits.save_rooms(s, [Room(name="Annex", capacity=40, position=9)])

    def change_room(s: Schedule) -> edits.Edit:
        r = copy.deepcopy(s.rooms[0])
        r.name, r.capacity = "Hall renamed", 999
        return edits.save_rooms(s, [r])

    def remove_room(s: Schedule) -> edits.Edit:
        busiest = max(s.rooms, key=lambda r: sum(x.room == r.guid for x in s.sessions))
        return edits.remove_rooms(s, [busiest.guid])

    def reorder(s: Schedule) -> edits.Edit:
        return edits.reorder_rooms(s, [r.guid for r in reversed(s.sorted_rooms())])

    def add_person(s: Schedule) -> edits.Edit:
        return edits.save_people(
            s, [Person(name="New Person", email="new@example.org", role=PersonRole.CREW)]
        )

    def change_person(s: Schedule) -> edits.Edit:
        p = copy.deepcopy(s.people[0])
        p.organisation = "Elsewhere"
        return edits.save_people(s, [p])

    def delete_speaker(s: Schedule) -> edits.Edit:
        speaker = next(g for x in s.sessions for g in x.speakers if any(i.person == g for i in s.invites))
        return edits.delete_people(s, [speaker])

    def issue(s: Schedule) -> edits.Edit:
        from planner.invites.links import missing_invites

        trial = copy.deepcopy(s)
        return edits.save_invites(s, missing_invites(trial, trial.people[:3]))

    def revoke(s: Schedule) -> edits.Edit:
        from planner.invites.links import revoke as revoked

        return edits.save_invites(s, [revoked(i) for i in s.invites if i.active][:1])

    def reissue(s: Schedule) -> edits.Edit:
        from planner.invites.service import reissue as again

        old, new = again(s, s.invites[0].person)
        return edits.save_invites(s, ([old] if old else []) + [new])

    def ack(s: Schedule) -> edits.Edit:
        return edits.acknowledge(s, ["rule:a+b", "rule:c"], "known")

    def unack(s: Schedule) -> edits.Edit:
        return edits.unacknowledge(s, [a.key for a in s.acknowledgements])

    def tick(s: Schedule) -> edits.Edit:
        x = scheduled(s)[1]
        return edits.set_checklist(s, x.guid, {"mic": True, "slides": False})

    def incident(s: Schedule) -> edits.Edit:
        return edits.log_incident(Incident(at=scheduled(s)[0].start, text="Mic 2 dead", room=s.rooms[0].guid))  # type: ignore[arg-type]

    def unlog(s: Schedule) -> edits.Edit:
        logged = load_incidents(store, slug)
        return edits.IncidentsEdit(tuple(logged), (None,) * len(logged))

    def attendance(s: Schedule) -> edits.Edit:
        rows = [Attendance(x.guid, 50, 40 + n) for n, x in enumerate(scheduled(s)[:4])]
        return edits.import_attendance(load_attendance(store, slug), rows)

    def feedback(s: Schedule) -> edits.Edit:
        return edits.import_feedback(load_feedback(store, slug), [Feedback(scheduled(s)[0].guid, 3, "ok")])

    def feedback_append(s: Schedule) -> edits.Edit:
        return edits.import_feedback(
            load_feedback(store, slug), [Feedback(scheduled(s)[0].guid, 5, "")], replace=False
        )

    def delay(s: Schedule) -> edits.Edit:
        x = scheduled(s)[0]
        edit = edits.delay_room(s, x.room, 10, x.start - timedelta(hours=1))  # type: ignore[arg-type, operator]
        assert edit is not None
        return edit

    def reimport(s: Schedule) -> edits.Edit:
        merged = copy.deepcopy(s)
        merged.sessions[0].title = "Retitled by the newer file"
        merged.sessions = [x for x in merged.sessions if x.guid != merged.sessions[1].guid]
        merged.sessions.append(Session(title="Added by the newer file", room=merged.rooms[0].guid))
        merged.rooms.append(Room(name="New stage"))
        merged.people.append(Person(name="Newcomer"))
        gone = merged.rooms[1].guid
        for x in merged.sessions:
            if x.room == gone:
                x.room, x.start = None, None
        merged.rooms = [r for r in merged.rooms if r.guid != gone]
        merged.event.last_day = merged.event.last_day + timedelta(days=1)
        return edits.reimport(s, merged, "")

    def batch(s: Schedule) -> edits.Edit:
        work = copy.deepcopy(s)
        parts = []
        for build in (add_room, move, ack):
            e = build(work)
            e.apply(work)
            parts.append(e)
        return edits.Batch(tuple(parts), "Three things at once")

    return {
        "sessions-move": move,
        "sessions-create": create,
        "sessions-delete": delete,
        "event": event,
        "rooms-add": add_room,
        "rooms-change": change_room,
        "rooms-remove": remove_room,
        "room-order": reorder,
        "people-add": add_person,
        "people-change": change_person,
        "people-delete": delete_speaker,
        "invites-issue": issue,
        "invites-revoke": revoke,
        "invites-reissue": reissue,
        "acknowledgements-add": ack,
        "acknowledgements-remove": unack,
        "checklist": tick,
        "incidents-log": incident,
        "incidents-remove": unlog,
        "attendance": attendance,
        "feedback": feedback,
        "feedback-append": feedback_append,
        "delay": delay,
        "reimport": reimport,
        "batch": batch,
    }


def prepare(store: Store) -> str:
    """The demo with invites, an acknowledgement, an incident and numbers in it, so
    every example has something to change."""
    from planner.demo import add_demo

    slug = add_demo(store)
    s = store.load(slug)
    from planner.invites.links import missing_invites

    speakers = [p for p in s.people if any(p.guid in x.speakers for x in s.sessions)]
    store.apply(slug, edits.save_invites(s, missing_invites(copy.deepcopy(s), speakers[:5])))
    s = store.load(slug)
    store.apply(slug, edits.acknowledge(s, ["old:conflict"], "seen"))
    first = scheduled(s)[0]
    store.apply(slug, edits.log_incident(Incident(at=first.start, text="Doors opened late")))  # type: ignore[arg-type]
    return slug


def json_round_trip(edit: edits.Edit) -> edits.Edit:
    return edits.edit_from_data(json.loads(json.dumps(edit.to_data())))


__all__ = ["Invite"]
