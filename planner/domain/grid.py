"""The timeline's coordinate system: time <-> pixel, room <-> column, snapping.

The event's days are laid out one below the other, each as the window of its event day
(a day that runs past midnight stays one day, see :mod:`planner.domain.timegrid`), widened
where sessions reach outside it, with a small gap between days. Rooms are columns, in the
order given (the visible subset). Pixels here are scene units: y = 0 is the top of the
first day, x = 0 the left edge of the first column. No Qt: the view asks this one object
and nothing else how to place and where to drop.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from planner.domain.model import SLOT_CHOICES, Event, Session, ensure_utc
from planner.domain.timegrid import day_window

log = logging.getLogger(__name__)

DEFAULT_PX_PER_MINUTE = 1.6
DEFAULT_COLUMN_WIDTH = 170.0
DAY_GAP = 28.0  # pixels between two days (room for the day's title)
MIN_PX_PER_MINUTE = 0.3
MAX_PX_PER_MINUTE = 8.0
MIN_COLUMN_WIDTH = 60.0
MAX_COLUMN_WIDTH = 600.0


@dataclass(frozen=True, slots=True)
class DayBand:
    """One event day as drawn: its UTC span and its vertical place in the scene."""

    day: date
    start: datetime  # UTC instant at the top of the band
    end: datetime  # UTC instant at the bottom
    top: float  # scene y of ``start``
    bottom: float  # scene y of ``end``

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


@dataclass(frozen=True, slots=True)
class Drop:
    """Where a point lands: a snapped start instant and a room (None: outside columns)."""

    start: datetime
    room: str | None
    day: date


class Grid:
    """Maps instants to scene y, rooms to scene x, and back; snaps to the event's slot."""

    def __init__(
        self,
        event: Event,
        rooms: Sequence[str],
        sessions: Iterable[Session] = (),
        slot: int | None = None,
        px_per_minute: float = DEFAULT_PX_PER_MINUTE,
        column_width: float = DEFAULT_COLUMN_WIDTH,
        day_gap: float = DAY_GAP,
    ) -> None:
        self.event = event
        self.slot = slot or event.slot_minutes
        if self.slot not in SLOT_CHOICES:
            raise ValueError(f"slot must be one of {SLOT_CHOICES} minutes, not {self.slot}")
        self.px_per_minute = min(max(px_per_minute, MIN_PX_PER_MINUTE), MAX_PX_PER_MINUTE)
        self.column_width = min(max(column_width, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH)
        self.day_gap = day_gap
        self.rooms: list[str] = list(rooms)
        self._column = {g: i for i, g in enumerate(self.rooms)}
        self._spans = self._day_spans(list(sessions))
        self._layout()

    # ----------------------------------------------------------------- layout
    def _day_spans(self, sessions: list[Session]) -> list[tuple[date, datetime, datetime]]:
        """Each day's window, widened (to whole hours) to hold the sessions it owns."""
        ev = self.event
        days = ev.days
        windows = [day_window(ev, d) for d in days]
        opens = [w[0] for w in windows]
        spans = dict(zip(days, windows, strict=True))
        for s in sessions:
            if s.start is None:
                continue
            # The day whose window holds the start, or the nearer of the two around it.
            i = max(0, bisect.bisect_right(opens, s.start) - 1)
            if (
                s.start >= windows[i][1]
                and i + 1 < len(days)
                and (s.start - windows[i][1] > opens[i + 1] - s.start)
            ):
                i += 1
            day = days[i]
            lo, hi = spans[day]
            end = s.start + timedelta(minutes=s.duration_minutes)
            if s.start < lo:
                lo = s.start.replace(minute=0, second=0, microsecond=0)
            if end > hi:
                hi = (
                    end
                    if end.minute == 0 and end.second == 0
                    else (end.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1))
                )
            spans[day] = (lo, hi)
        out: list[tuple[date, datetime, datetime]] = []
        prev_end: datetime | None = None
        for d in ev.days:
            lo, hi = spans[d]
            if prev_end is not None and lo < prev_end:  # a widened day must not overlap the next
                lo = prev_end
            hi = max(hi, lo)
            out.append((d, lo, hi))
            prev_end = hi
        return out

    def _layout(self) -> None:
        self.days: list[DayBand] = []
        y = self.day_gap  # every day has a strip for its title above it
        for d, lo, hi in self._spans:
            h = (hi - lo).total_seconds() / 60 * self.px_per_minute
            self.days.append(DayBand(d, lo, hi, y, y + h))
            y += h + self.day_gap
        self._tops = [b.top for b in self.days]
        self._starts = [b.start for b in self.days]
        self.height = self.days[-1].bottom if self.days else 0.0
        self.width = len(self.rooms) * self.column_width

    def set_zoom(self, px_per_minute: float | None = None, column_width: float | None = None) -> None:
        if px_per_minute is not None:
            self.px_per_minute = min(max(px_per_minute, MIN_PX_PER_MINUTE), MAX_PX_PER_MINUTE)
        if column_width is not None:
            self.column_width = min(max(column_width, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH)
        self._layout()

    def set_rooms(self, rooms: Sequence[str]) -> None:
        self.rooms = list(rooms)
        self._column = {g: i for i, g in enumerate(self.rooms)}
        self._layout()

    def set_slot(self, slot: int) -> None:
        if slot not in SLOT_CHOICES:
            raise ValueError(f"slot must be one of {SLOT_CHOICES} minutes, not {slot}")
        self.slot = slot

    # ------------------------------------------------------------ time <-> y
    def band_of_instant(self, instant: datetime) -> DayBand:
        i = bisect.bisect_right(self._starts, instant) - 1
        i = max(0, min(i, len(self.days) - 1))
        band = self.days[i]
        # In the gap after a day's end: it belongs to the day whose band is nearer.
        if instant >= band.end and i + 1 < len(self.days):
            nxt = self.days[i + 1]
            if (instant - band.end) > (nxt.start - instant):
                return nxt
        return band

    def band_at_y(self, y: float) -> DayBand:
        i = bisect.bisect_right(self._tops, y) - 1
        i = max(0, min(i, len(self.days) - 1))
        band = self.days[i]
        if y > band.bottom and i + 1 < len(self.days) and y - band.bottom > (self.days[i + 1].top - y):
            return self.days[i + 1]
        return band

    def y_of(self, instant: datetime) -> float:
        """Scene y of ``instant`` (clamped into its day's band)."""
        instant = ensure_utc(instant)
        band = self.band_of_instant(instant)
        minutes = (instant - band.start).total_seconds() / 60
        minutes = min(max(minutes, 0.0), band.minutes)
        return band.top + minutes * self.px_per_minute

    def instant_at(self, y: float) -> datetime:
        """The instant at scene y (clamped into the nearest day's band)."""
        band = self.band_at_y(y)
        minutes = (min(max(y, band.top), band.bottom) - band.top) / self.px_per_minute
        return band.start + timedelta(minutes=minutes)

    def height_of(self, minutes: float) -> float:
        return minutes * self.px_per_minute

    def minutes_of(self, height: float) -> float:
        return height / self.px_per_minute

    # ----------------------------------------------------------- snapping
    def snap(self, instant: datetime, slot: int | None = None) -> datetime:
        """The slot boundary nearest ``instant`` in wall-clock minutes of its day band,
        kept inside the band."""
        slot = slot or self.slot
        instant = ensure_utc(instant)
        band = self.band_of_instant(instant)
        local = band.start.astimezone(self.event.zone)
        base = local.hour * 60 + local.minute  # wall-clock minute of the band's top
        elapsed = (instant - band.start).total_seconds() / 60
        snapped = int((base + elapsed + slot / 2) // slot) * slot - base
        snapped = min(max(snapped, 0), int(band.minutes))
        return band.start + timedelta(minutes=snapped)

    def snap_y(self, y: float, slot: int | None = None) -> float:
        return self.y_of(self.snap(self.instant_at(y), slot))

    def snap_duration(self, minutes: float, slot: int | None = None) -> int:
        """A duration rounded to whole slots, at least one slot."""
        slot = slot or self.slot
        return max(slot, int((minutes + slot / 2) // slot) * slot)

    # ---------------------------------------------------------- room <-> x
    def column_of(self, room: str | None) -> int | None:
        if room is None:
            return None
        return self._column.get(room)

    def x_of(self, room: str) -> float | None:
        col = self._column.get(room)
        return None if col is None else col * self.column_width

    def room_at(self, x: float) -> str | None:
        if not self.rooms or x < 0 or x >= self.width:
            return None
        return self.rooms[int(x // self.column_width)]

    def room_nearest(self, x: float) -> str | None:
        """The column under x, or the nearest one when x is beside the columns."""
        if not self.rooms:
            return None
        col = int(min(max(x, 0.0), self.width - 1e-6) // self.column_width)
        return self.rooms[col]

    def shift_room(self, room: str | None, by: int) -> str | None:
        col = self.column_of(room)
        if col is None:
            return room
        return self.rooms[min(max(col + by, 0), len(self.rooms) - 1)]

    # ---------------------------------------------------------- combined
    def rect_of(self, session: Session) -> tuple[float, float, float, float] | None:
        """(x, y, width, height) of a scheduled session in a visible room, else None."""
        if session.start is None or session.room is None:
            return None
        x = self.x_of(session.room)
        if x is None:
            return None
        top = self.y_of(session.start)
        band = self.band_of_instant(session.start)
        bottom = top + session.duration_minutes * self.px_per_minute
        # A long session past its band's end is drawn to the band's end (never into the next day).
        bottom = min(bottom, band.bottom) if bottom > band.bottom else bottom
        return x, top, self.column_width, max(bottom - top, 2.0)

    def drop_at(self, x: float, y: float, snap: bool = True) -> Drop:
        instant = self.instant_at(y)
        if snap:
            instant = self.snap(instant)
        return Drop(instant, self.room_at(x), self.band_of_instant(instant).day)

    def day_top(self, day: date) -> float:
        for band in self.days:
            if band.day == day:
                return band.top
        raise KeyError(day)

    def slot_lines(self, top: float, bottom: float, slot: int | None = None) -> list[tuple[float, datetime]]:
        """(y, instant) of every slot boundary between scene y ``top`` and ``bottom``: the
        instants :meth:`snap` can land on inside a band, on the same wall-clock slots. A band
        that opens off the slots (09:10 with 30-minute slots) has its first line on the first
        boundary inside it (09:30), not at its top."""
        slot = slot or self.slot
        out: list[tuple[float, datetime]] = []
        for band in self.days:
            if band.bottom < top or band.top > bottom:
                continue
            local = band.start.astimezone(self.event.zone)
            base = local.hour * 60 + local.minute  # as in snap: the wall-clock minute of the top
            first = band.start + timedelta(minutes=-base % slot)
            lo = max(top, band.top)
            skip = int(max(0.0, (lo - self.y_of(first)) / self.px_per_minute) // slot)
            t = first + timedelta(minutes=slot * skip)
            while t <= band.end:
                y = band.top + (t - band.start).total_seconds() / 60 * self.px_per_minute
                if y > bottom:
                    break
                if y >= lo:
                    out.append((y, t))
                t += timedelta(minutes=slot)
        return out


def overlap_lanes(sessions: Iterable[Session]) -> dict[str, tuple[int, int]]:
    """Side by side for sessions that overlap in one room: for each scheduled session in a
    room, its lane and the number of lanes of its cluster of overlaps ((0, 1) when it
    overlaps nothing). The grid and the PDF programme both draw a lane as a share of the
    room's column. Linear after a sort by start per room."""
    out: dict[str, tuple[int, int]] = {}
    by_room: dict[str, list[Session]] = {}
    for s in sessions:
        if s.start is not None and s.room is not None:
            by_room.setdefault(s.room, []).append(s)
    for items in by_room.values():
        items.sort(key=lambda x: (x.start, -x.duration_minutes, x.guid))
        cluster: list[tuple[str, int]] = []
        lane_ends: list[datetime] = []
        cluster_end: datetime | None = None
        for s in items:
            assert s.start is not None
            end = s.start + timedelta(minutes=max(s.duration_minutes, 5))
            if cluster_end is not None and s.start >= cluster_end:
                _close(cluster, out)
                cluster, lane_ends, cluster_end = [], [], None
            lane = next((i for i, e in enumerate(lane_ends) if e <= s.start), len(lane_ends))
            if lane == len(lane_ends):
                lane_ends.append(end)
            else:
                lane_ends[lane] = end
            cluster.append((s.guid, lane))
            cluster_end = end if cluster_end is None else max(cluster_end, end)
        _close(cluster, out)
    return out


def _close(cluster: list[tuple[str, int]], out: dict[str, tuple[int, int]]) -> None:
    n = max((lane for _, lane in cluster), default=0) + 1
    for guid, lane in cluster:
        out[guid] = (lane, n)
