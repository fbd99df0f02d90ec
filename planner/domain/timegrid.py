"""Time arithmetic of an event: its days, their windows, and snapping to slots.

An event day is a window of local wall-clock time that may run past midnight (a CCC day
runs from 11:00 to 06:00 the next morning and is still one day). All results are UTC
instants; the event's zone is applied here and nowhere else, so that a day that crosses a
daylight-saving change keeps its wall-clock hours.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from planner.domain.model import UTC, Event, ensure_utc


def local_instant(event: Event, day: date, minute: int) -> datetime:
    """The UTC instant at ``minute`` minutes after local midnight of ``day``.

    ``minute`` may exceed 1440 (the small hours of the next calendar date).
    """
    extra_days, minute_of_day = divmod(minute, 24 * 60)
    d = day + timedelta(days=extra_days)
    naive = datetime.combine(d, time(minute_of_day // 60, minute_of_day % 60))
    return naive.replace(tzinfo=event.zone).astimezone(UTC)


def day_window(event: Event, day: date) -> tuple[datetime, datetime]:
    """The UTC instants at which the event day ``day`` opens and closes."""
    return (
        local_instant(event, day, event.day_start_minute),
        local_instant(event, day, event.day_end_minute),
    )


def event_window(event: Event) -> tuple[datetime, datetime]:
    return day_window(event, event.first_day)[0], day_window(event, event.last_day)[1]


def event_day_of(event: Event, instant: datetime) -> date | None:
    """The event day whose window holds ``instant`` (its start counts, its end not)."""
    instant = ensure_utc(instant)
    local = instant.astimezone(event.zone)
    # The instant belongs to the day that starts on its local date or the one before
    # (when the day runs past midnight).
    for candidate in (local.date(), local.date() - timedelta(days=1)):
        if event.first_day <= candidate <= event.last_day:
            start, end = day_window(event, candidate)
            if start <= instant < end:
                return candidate
    return None


def nearest_event_day(event: Event, instant: datetime) -> date:
    """The event day holding ``instant``, or the closest one when none does."""
    found = event_day_of(event, instant)
    if found is not None:
        return found
    local_date = ensure_utc(instant).astimezone(event.zone).date()
    if local_date < event.first_day:
        return event.first_day
    if local_date > event.last_day:
        return event.last_day
    return local_date


def minute_of_day(event: Event, day: date, instant: datetime) -> float:
    """Minutes from the local midnight that starts ``day`` to ``instant`` (wall clock)."""
    local = ensure_utc(instant).astimezone(event.zone)
    delta_days = (local.date() - day).days
    return delta_days * 24 * 60 + local.hour * 60 + local.minute + local.second / 60


def snap_minutes(minutes: float, slot: int) -> int:
    """Round a minute count to the nearest multiple of ``slot`` (halves round up)."""
    if slot <= 0:
        raise ValueError("slot must be positive")
    return int((minutes + slot / 2) // slot) * slot


def snap_instant(event: Event, instant: datetime, slot: int | None = None) -> datetime:
    """Snap ``instant`` to the nearest slot boundary of its event day."""
    slot = slot or event.slot_minutes
    day = nearest_event_day(event, instant)
    minute = minute_of_day(event, day, instant)
    return local_instant(event, day, snap_minutes(minute, slot))


def format_local(event: Event, instant: datetime | None, fmt: str = "%a %d %b %H:%M") -> str:
    if instant is None:
        return "unscheduled"
    return ensure_utc(instant).astimezone(event.zone).strftime(fmt)
