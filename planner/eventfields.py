"""An event's own fields by the names the command line uses (``planner event show`` and
``planner event set``), each read from text and checked with a sentence that names the
field. The event dialog checks the invite settings through the same functions. No Qt.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from planner.domain.model import (
    DEFAULT_INVITE_TEMPLATE,
    SLOT_CHOICES,
    DomainError,
    Event,
    check_timezone,
    single_line,
)
from planner.errors import UserError

FIELDS = (
    "name",
    "description",
    "timezone",
    "first-day",
    "last-day",
    "day-start",
    "day-end",
    "slot",
    "invite-url",
    "invite-template",
)
# The names Event.validate gives its fields, as the command line spells them.
_DOMAIN_NAMES = {
    "name": "name",
    "description": "description",
    "timezone": "timezone",
    "first_day": "first-day",
    "last_day": "last-day",
    "day_start": "day-start",
    "day_end": "day-end",
    "slot_minutes": "slot",
}
MAX_NAME = 200
MAX_DESCRIPTION = 20_000
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
DAY = 24 * 60


class FieldError(UserError):
    """A value that the field cannot take; ``field`` is its command-line name."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, where=field)
        self.field = field


def _clock(minutes: int) -> str:
    minutes %= DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def event_fields(event: Event) -> dict[str, Any]:
    """The fields as ``planner event show --json`` prints them (plus ``slug`` and
    ``day-end-next-morning``, true when the day runs past midnight)."""
    return {
        "slug": event.slug,
        "name": event.name,
        "description": event.description,
        "timezone": event.timezone,
        "first-day": event.first_day.isoformat(),
        "last-day": event.last_day.isoformat(),
        "day-start": _clock(event.day_start_minute),
        "day-end": _clock(event.day_end_minute),
        "day-end-next-morning": event.day_end_minute > DAY,
        "slot": event.slot_minutes,
        "invite-url": event.invite_base_url,
        "invite-template": event.invite_template or DEFAULT_INVITE_TEMPLATE,
    }


def _date(field: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise FieldError(field, f"{text!r} is not a date like 2026-12-12") from exc


def _minutes(field: str, text: str) -> int:
    m = _TIME.match(text.strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise FieldError(field, f"{text!r} is not a time of day like 09:30 (00:00 to 23:59)")
    return int(m.group(1)) * 60 + int(m.group(2))


def check_invite_fields(event: Event) -> None:
    """Raise :class:`FieldError` (invite-url or invite-template) unless the event's
    invite settings make working links. The event dialog uses this too."""
    from planner.invites.links import check_invite_settings, check_template, normalise_base_url

    template = event.invite_template or DEFAULT_INVITE_TEMPLATE
    try:
        check_template(template)
    except UserError as exc:
        raise FieldError("invite-template", exc.message) from exc
    if event.invite_base_url:
        try:
            normalise_base_url(event.invite_base_url)
        except UserError as exc:
            raise FieldError("invite-url", exc.message) from exc
    try:
        check_invite_settings(event)
    except UserError as exc:
        raise FieldError("invite-template", exc.message) from exc


def set_field(event: Event, field: str, value: str) -> None:
    """Set one field of ``event`` from text; the whole event is checked by
    :func:`with_fields`, which is what callers use."""
    if field == "name":
        name = single_line(value)
        if not name:
            raise FieldError(field, "an event needs a name")
        if len(name) > MAX_NAME:
            raise FieldError(field, f"a name may hold at most {MAX_NAME} characters ({len(name)} given)")
        event.name = name
    elif field == "description":
        if len(value) > MAX_DESCRIPTION:
            raise FieldError(field, f"a description may hold at most {MAX_DESCRIPTION} characters")
        event.description = value.strip()
    elif field == "timezone":
        try:
            check_timezone(value.strip())
        except DomainError as exc:
            raise FieldError(field, exc.message) from exc
        event.timezone = value.strip()
    elif field == "first-day":
        event.first_day = _date(field, value)
    elif field == "last-day":
        event.last_day = _date(field, value)
    elif field == "day-start":
        length = event.day_end_minute - event.day_start_minute
        event.day_start_minute = _minutes(field, value)
        event.day_end_minute = event.day_start_minute + length  # the end is set below if given
    elif field == "day-end":
        end = _minutes(field, value)
        if end <= event.day_start_minute:
            end += DAY  # the day runs past midnight, as in the event dialog
        event.day_end_minute = end
    elif field == "slot":
        try:
            slot = int(value.strip().removesuffix("min").strip())
        except ValueError:
            slot = -1
        if slot not in SLOT_CHOICES:
            raise FieldError(
                field, f"{value!r} is not a time slot (minutes: {', '.join(map(str, SLOT_CHOICES))})"
            )
        event.slot_minutes = slot
    elif field == "invite-url":
        event.invite_base_url = value.strip().rstrip("/")
    elif field == "invite-template":
        event.invite_template = value.strip() or DEFAULT_INVITE_TEMPLATE
    else:
        raise FieldError(field, f"unknown field (fields: {', '.join(FIELDS)})")


def parse_assignments(pairs: Iterable[str]) -> list[tuple[str, str]]:
    """``FIELD=VALUE`` strings as pairs; a field given twice or unknown is refused."""
    out: list[tuple[str, str]] = []
    for pair in pairs:
        if "=" not in pair:
            raise UserError(f"{pair!r} is not FIELD=VALUE (fields: {', '.join(FIELDS)})")
        field, value = pair.split("=", 1)
        field = field.strip().lower().replace("_", "-")
        if field not in FIELDS:
            raise FieldError(field, f"unknown field (fields: {', '.join(FIELDS)})")
        if any(f == field for f, _ in out):
            raise FieldError(field, "given twice")
        out.append((field, value))
    return out


def with_fields(event: Event, assignments: Iterable[tuple[str, str]]) -> Event:
    """A copy of ``event`` with the fields set, checked as a whole (the last day not
    before the first, the day's hours, the invite settings). ``day-start`` is applied
    before ``day-end`` whatever their order."""
    ev = copy.deepcopy(event)
    order = {f: i for i, f in enumerate(FIELDS)}
    for field, value in sorted(assignments, key=lambda a: order.get(a[0], len(order))):
        set_field(ev, field, value)
    try:
        ev.validate()
    except DomainError as exc:
        raise FieldError(_DOMAIN_NAMES.get(exc.field, exc.field), exc.message) from exc
    check_invite_fields(ev)
    return ev
