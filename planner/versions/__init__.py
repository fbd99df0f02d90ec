"""Published versions of an event and what changed between them. Qt-free.

``publish(store, slug)`` freezes the event as the next numbered version;
``state(store, slug, ref)`` gives a version (by number or name) or, with ``ref=None``,
the event as it is now, as a :class:`~planner.domain.model.Schedule` whose
``event.extra["published_version"]`` is what exports write as the schedule's version;
``changes(store, slug, since, until)`` compares two of them (:mod:`.changes`).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain.model import Schedule
from planner.errors import UserError
from planner.store import Store
from planner.store.versions import VersionInfo, add_version, find_version, list_versions
from planner.versions.changes import SessionChange, compare
from planner.versions.snapshot import freeze, thaw

__all__ = [
    "State",
    "VersionInfo",
    "changes",
    "list_versions",
    "publish",
    "state",
]

LABEL_KEY = "published_version"  # in Event.extra of a state: the version exports write


@dataclass(frozen=True, slots=True)
class State:
    """An event at one point: a published version (``version`` set) or now (None)."""

    schedule: Schedule
    version: VersionInfo | None
    label: str

    @property
    def title(self) -> str:
        return f"version {self.version.label}" if self.version else "the current state"


def publish(store: Store, slug: str, name: str = "", notes: str = "") -> VersionInfo:
    """Freeze the event ``slug`` as its next version (one transaction)."""
    return add_version(store, slug, freeze(store.load(slug)), name=name, notes=notes)


def _labelled(schedule: Schedule, label: str) -> Schedule:
    schedule.event.extra = {**schedule.event.extra, LABEL_KEY: label}
    return schedule


def state(store: Store, slug: str, ref: str | int | None = None, with_label: bool = True) -> State:
    """The version ``ref`` (number or name) of the event, or its current state (``None``).
    The current state carries the last version's label, followed by "+ changes" when it
    differs from it (``with_label=False``: the label is not worked out, "now")."""
    if ref is not None and str(ref).strip().lower() not in ("", "current", "now"):
        info, blob = find_version(store, slug, ref)
        return State(_labelled(thaw(blob), info.label), info, info.label)
    schedule = store.load(slug)
    if not with_label:
        return State(schedule, None, "now")
    versions = list_versions(store, slug)
    if not versions:
        return State(schedule, None, "")
    last = versions[-1]
    _, blob = find_version(store, slug, last.number)
    label = last.label if not compare(thaw(blob), schedule) else f"{last.label} + changes"
    return State(_labelled(schedule, label), None, label)


def changes(
    store: Store, slug: str, since: str | int | None = None, until: str | int | None = None
) -> tuple[State, State, list[SessionChange]]:
    """What changed from ``since`` (default: the last published version) to ``until``
    (default: the current state)."""
    if since is None or str(since).strip() == "":
        versions = list_versions(store, slug)
        if not versions:
            raise UserError(
                f"the event {slug!r} has no published version yet to compare with "
                f"(planner publish --event {slug} makes version 1)",
                where="--since",
            )
        since = versions[-1].number
    a = state(store, slug, since)
    b = state(store, slug, until, with_label=False)
    return a, b, compare(a.schedule, b.schedule)
