"""Re-import: how a newer version of a schedule differs from the event we hold.

Sessions match by guid (the guid an import kept); a session without a match by guid
matches by its source ``code``/``id`` and title when those are unique. Rooms match by
name (case-insensitive), people by guid then by name. The differences are listed
(added, removed, moved, retimed, renamed) before they are applied.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field

from planner.domain.model import Person, Room, Schedule, Session, new_guid
from planner.domain.timegrid import format_local
from planner.interop.builder import fit_days
from planner.store import Store

log = logging.getLogger(__name__)


@dataclass
class Change:
    kind: str  # added | removed | moved | retimed | renamed
    guid: str  # the session's guid in the event (for added: in the new file)
    title: str
    before: str = ""
    after: str = ""

    def line(self) -> str:
        if self.kind == "renamed":
            return f"{self.kind:8} {self.before!r} → {self.after!r}"
        if self.before and self.after:
            return f"{self.kind:8} {self.title}: {self.before} → {self.after}"
        return f"{self.kind:8} {self.title}: {self.before or self.after}"


@dataclass
class ScheduleDiff:
    changes: list[Change] = field(default_factory=list)
    matches: dict[str, str] = field(default_factory=dict)  # new guid -> current guid

    KINDS = ("added", "removed", "moved", "retimed", "renamed")

    @property
    def empty(self) -> bool:
        return not self.changes

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def counts(self) -> dict[str, int]:
        return {k: len(self.of(k)) for k in self.KINDS}

    def summary(self) -> str:
        return ", ".join(f"{n} {k}" for k, n in self.counts().items())

    def lines(self) -> list[str]:
        out = [self.summary() if self.changes else "no differences"]
        out += [c.line() for c in sorted(self.changes, key=lambda c: (self.KINDS.index(c.kind), c.title))]
        return out


def _room_names(s: Schedule) -> dict[str, str]:
    return {r.guid: r.name for r in s.rooms}


def diff_schedules(current: Schedule, new: Schedule) -> ScheduleDiff:
    d = ScheduleDiff()
    cur_by_guid = current.session_by_guid()
    by_source: dict[str, list[Session]] = {}
    for s in current.sessions:
        for k in ("code", "id"):
            if s.extra.get(k):
                by_source.setdefault(f"{k}:{s.extra[k]}", []).append(s)
    matched: set[str] = set()
    cur_rooms, new_rooms = _room_names(current), _room_names(new)
    ev = current.event
    for s in new.sessions:
        old = cur_by_guid.get(s.guid)
        if old is None:
            for k in ("code", "id"):
                cands = (
                    [
                        c
                        for c in by_source.get(f"{k}:{s.extra.get(k)}", [])
                        if c.guid not in matched and c.title.strip() == s.title.strip()
                    ]
                    if s.extra.get(k)
                    else []
                )
                if len(cands) == 1:
                    old = cands[0]
                    break
        if old is None or old.guid in matched:
            d.changes.append(Change("added", s.guid, s.title, after=_where(ev, s, new_rooms)))
            continue
        matched.add(old.guid)
        d.matches[s.guid] = old.guid
        if old.title.strip() != s.title.strip():
            d.changes.append(Change("renamed", old.guid, s.title, old.title, s.title))
        old_room = cur_rooms.get(old.room or "", "")
        new_room = new_rooms.get(s.room or "", "")
        if old_room.casefold() != new_room.casefold():
            d.changes.append(Change("moved", old.guid, s.title, old_room or "no room", new_room or "no room"))
        if old.start != s.start or old.duration_minutes != s.duration_minutes:
            d.changes.append(
                Change(
                    "retimed",
                    old.guid,
                    s.title,
                    f"{format_local(ev, old.start)} ({old.duration_minutes} min)",
                    f"{format_local(ev, s.start)} ({s.duration_minutes} min)",
                )
            )
    for s in current.sessions:
        if s.guid not in matched:
            d.changes.append(Change("removed", s.guid, s.title, before=_where(ev, s, cur_rooms)))
    return d


def _where(ev: object, s: Session, rooms: dict[str, str]) -> str:
    return f"{format_local(ev, s.start)} in {rooms.get(s.room or '', 'no room')}"  # type: ignore[arg-type]


def merged_sessions(
    current: Schedule, new: Schedule, d: ScheduleDiff
) -> tuple[list[Room], list[Person], list[Session], list[str]]:
    """What applying ``d`` writes: new rooms, new people, sessions to save, guids to delete."""
    rooms_by_name = {r.name.casefold(): r for r in current.rooms}
    add_rooms: list[Room] = []
    room_map: dict[str, str] = {}
    for r in new.rooms:
        found = rooms_by_name.get(r.name.casefold())
        if found is None:
            found = Room(name=r.name, position=len(current.rooms) + len(add_rooms), guid=r.guid)
            if found.guid in {x.guid for x in current.rooms}:
                found.guid = new_guid()
            add_rooms.append(found)
            rooms_by_name[r.name.casefold()] = found
        room_map[r.guid] = found.guid
    people_by_guid = current.person_by_guid()
    people_by_name = {p.name.casefold(): p for p in current.people}
    add_people: list[Person] = []
    person_map: dict[str, str] = {}
    for p in new.people:
        found_p = people_by_guid.get(p.guid) or people_by_name.get(p.name.casefold())
        if found_p is None:
            add_people.append(p)
            people_by_guid[p.guid] = p
            people_by_name[p.name.casefold()] = p
            found_p = p
        person_map[p.guid] = found_p.guid
    cur = current.session_by_guid()
    changed = {c.guid for c in d.changes if c.kind in ("moved", "retimed", "renamed")}
    save: list[Session] = []
    for s in new.sessions:
        target = d.matches.get(s.guid)
        if target is None:
            fresh = Session(
                title=s.title,
                kind=s.kind,
                duration_minutes=s.duration_minutes,
                start=s.start,
                room=room_map.get(s.room or "") if s.room else None,
                description=s.description,
                track=s.track,
                speakers=[person_map[g] for g in s.speakers],
                moderators=[person_map[g] for g in s.moderators],
                language=s.language,
                guid=s.guid if s.guid not in cur else new_guid(),
                extra=dict(s.extra),
            )
            save.append(fresh)
        elif target in changed:
            old = cur[target]
            old.title = s.title
            old.start = s.start
            old.duration_minutes = s.duration_minutes
            old.room = room_map.get(s.room or "") if s.room else None
            save.append(old)
    delete = [c.guid for c in d.of("removed")]
    return add_rooms, add_people, save, delete


def merged_schedule(current: Schedule, new: Schedule, d: ScheduleDiff) -> Schedule:
    """The event as it is after applying ``d``: its own rooms, people, invites and
    acknowledgements kept, sessions added, changed and removed; days widened when a new
    session falls outside them."""
    add_rooms, add_people, save, delete = merged_sessions(current, new, d)
    saved = {s.guid: s for s in save}
    gone = set(delete)
    sessions = [saved.pop(s.guid, s) for s in current.sessions if s.guid not in gone]
    sessions += list(saved.values())
    event = copy.deepcopy(current.event)
    probe = copy.deepcopy(event)
    fit_days(probe, sessions, [])
    event.first_day = min(event.first_day, probe.first_day)
    event.last_day = max(event.last_day, probe.last_day)
    return Schedule(
        event=event,
        rooms=current.rooms + add_rooms,
        sessions=sessions,
        people=current.people + add_people,
        invites=current.invites,
        acknowledgements=current.acknowledgements,
    )


def apply_diff(store: Store, slug: str, current: Schedule, new: Schedule, d: ScheduleDiff) -> None:
    """Write the differences as one edit (planner.edits.reimport): one transaction, one
    entry of the edit log listing what changed."""
    from planner import edits

    merged = merged_schedule(copy.deepcopy(current), new, d)
    store.apply(slug, edits.reimport(current, merged, f"Re-import: {d.summary()}"))
    log.info("re-import into %s: %s", slug, d.summary())
