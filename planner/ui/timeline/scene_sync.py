"""Scene sync: the timeline's scene mirrors the document.

A block per scheduled session in a visible room and a band per room-less break, placed
by the one :class:`~planner.domain.grid.Grid`. A rebuild places at once only what the
first paint can show and leaves the rest for the next turn of the event loop (see
:meth:`SceneSync.rebuild`); the document's ``changed`` signal (with the guids that
changed) moves just those blocks; conflict marks follow the conflict engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication, QGraphicsScene

from planner.domain.grid import Grid, overlap_lanes
from planner.domain.model import UTC, Session, SessionKind
from planner.ui.timeline.items import BandItem, BlockItem

if TYPE_CHECKING:
    from planner.ui.timeline.view import TimelineView


class SceneSync:
    """The blocks and bands of one view, and the ones still waiting to be placed."""

    def __init__(self, view: TimelineView) -> None:
        self.view = view
        self.blocks: dict[str, BlockItem] = {}
        self.bands: dict[str, BandItem] = {}
        self.pending: list[str] = []  # guids left for after the first paint
        self.names: dict[str, str] = {}
        self.zone: tzinfo = UTC
        # Sessions that overlap in one room share its column side by side (lane, lanes).
        self.lanes: dict[str, tuple[int, int]] = {}

    def scene(self) -> QGraphicsScene:
        return self.view.scene()

    # ------------------------------------------------------------- building
    def rebuild(self) -> None:
        """Build the scene from the document (on open, or when everything changed)."""
        view = self.view
        scene = self.scene()
        if view.document is not None:
            view.style_.colours.use_track_colours(
                view.document.schedule.event.extra.get("track_colours") or {}
            )
        view.cancel_interaction()
        selected_before = view.selected_guids()
        for item in list(self.blocks.values()) + list(self.bands.values()):
            scene.removeItem(item)
        self.blocks.clear()
        self.bands.clear()
        view.grid = None
        view.engine = None
        self.pending = []
        if view.document is None:
            scene.setSceneRect(QRectF(0, 0, 10, 10))
            view.refresh_chrome()
            return
        sched = view.schedule
        view.room_names = {r.guid: r.name for r in sched.rooms}
        rooms = view.shown_rooms()
        if view.auto_width:
            view.column_width = view.fitting_width(len(rooms))
        view.grid = Grid(
            sched.event,
            rooms,
            sched.sessions,
            slot=view.slot,
            px_per_minute=view.px_per_minute,
            column_width=view.column_width,
        )
        self.names = {p.guid: p.name for p in sched.people}
        self.zone = sched.event.zone
        self.lanes = overlap_lanes(sched.sessions)
        # What a first paint can show is placed now: the blocks within reach of the
        # current scroll and of the first session (where a newly opened event scrolls to);
        # the others in the next turn of the event loop, so the grid paints at once
        # (38C3: 61 of 1007 blocks first).
        near = self.near_first_paint()
        self.pending = []
        for s in sched.sessions:
            if near(s):
                self.place(s)
            else:
                self.pending.append(s.guid)
        for g in selected_before:
            if g in self.blocks:
                self.blocks[g].setSelected(True)
        self.resize_scene()
        view.update_now_line()
        view.refresh_chrome()
        view.engine_pending = True

    def near_first_paint(self) -> Callable[[Session], bool]:
        """Whether a session may show in the first paint after a rebuild: within the
        window's or the desktop's size of the current scroll position or of the first
        session's."""
        view = self.view
        grid = view.grid
        assert grid is not None
        # The viewport may not have its size yet (the window is not shown): take the
        # largest it can be, the whole desktop or the window if that is larger.
        sizes = [view.viewport().size(), view.window().size()]
        screen = QApplication.primaryScreen()
        if screen is not None:
            sizes.append(screen.availableVirtualGeometry().size())
        width = max(sz.width() for sz in sizes)
        height = max(sz.height() for sz in sizes) * 1.25  # and a margin for a resize
        x0 = view.horizontalScrollBar().value()
        tops = [float(view.verticalScrollBar().value())]
        first = self.first_session_top()
        if first is not None:
            tops.append(first)
        spans = [(grid.instant_at(y), grid.instant_at(y + height)) for y in tops]
        first_col = int(x0 // grid.column_width)
        rooms = set(grid.rooms[first_col : first_col + int(width // grid.column_width) + 2])

        def near(s: Session) -> bool:
            if s.start is None:
                return True
            if s.room is not None and s.room not in rooms:
                return False
            end = s.start + timedelta(minutes=s.duration_minutes)
            return any(s.start < b and end > a for a, b in spans)

        return near

    def first_session_top(self) -> float | None:
        """Where scroll_to_first_session scrolls: just above the earliest session in a
        shown room (an empty morning shows nothing useful)."""
        view = self.view
        grid = view.grid
        if grid is None or view.document is None:
            return None
        shown = set(grid.rooms)
        starts = [s.start for s in view.schedule.sessions if s.start is not None and s.room in shown]
        if not starts:
            return None
        first = min(starts)
        top = grid.y_of(first)
        band = grid.band_of_instant(first)
        return float(max(band.top - grid.day_gap, top - 60))

    def place_now(self, sessions: Iterable[Session]) -> None:
        """Place these sessions now even if the rebuild left them for later."""
        for s in sessions:
            if s.guid in self.pending:
                self.pending.remove(s.guid)
                self.place(s)

    def place_pending(self) -> None:
        """Place the blocks left for after the first paint (see :meth:`rebuild`)."""
        view = self.view
        if not self.pending or view.document is None or view.grid is None:
            self.pending = []
            return
        by_guid = {s.guid: s for s in view.schedule.sessions}
        for g in self.pending:
            s = by_guid.get(g)
            if s is not None and g not in self.blocks and g not in self.bands:
                self.place(s)
        self.pending = []
        self.mark_conflicts()
        view.viewport().update()

    def resize_scene(self) -> None:
        view = self.view
        assert view.grid is not None
        self.scene().setSceneRect(QRectF(0, 0, max(view.grid.width, 10), view.grid.height + 40))
        view.resetCachedContent()

    def relayout(self) -> None:
        """Place every block again (after a zoom or a new column width)."""
        view = self.view
        by_guid = {s.guid: s for s in view.schedule.sessions}
        for g in list(self.blocks) + list(self.bands):
            if g in by_guid:
                self.place(by_guid[g])
        self.resize_scene()
        view.update_now_line()

    # -------------------------------------------------------------- texts
    def people_texts(self, s: Session) -> tuple[str, str]:
        names = self.names
        return (
            ", ".join(names.get(g, "?") for g in s.speakers),
            ", ".join(names.get(g, "?") for g in s.moderators),
        )

    def content(self, s: Session) -> tuple[str, str, str]:
        """(title, time, people) as a block shows them (made when it is first painted)."""
        if s.start is not None:
            zone = self.zone
            a = s.start.astimezone(zone)
            b = (s.start + timedelta(minutes=s.duration_minutes)).astimezone(zone)
            time_text = f"{a.hour:02d}:{a.minute:02d}–{b.hour:02d}:{b.minute:02d}"
        else:
            time_text = f"{s.duration_minutes} min"
        speakers, mods = self.people_texts(s)
        people = (
            f"{speakers} · mod. {mods}" if speakers and mods else speakers or (f"mod. {mods}" if mods else "")
        )
        return s.title, time_text, people

    def tooltip_of(self, s: Session) -> str:
        """Everything a block may have elided, for its tooltip."""
        speakers, mods = self.people_texts(s)
        tip = [s.title]
        if s.start is not None:
            a = s.start.astimezone(self.zone)
            b = (s.start + timedelta(minutes=s.duration_minutes)).astimezone(self.zone)
            tip.append(f"{a:%a %d %b %H:%M}–{b:%H:%M} · {self.view.room_names.get(s.room or '', 'no room')}")
        if speakers:
            tip.append(f"Speakers: {speakers}")
        if mods:
            tip.append(f"Moderators: {mods}")
        if s.track:
            tip.append(f"Track: {s.track}")
        if s.checklist:
            tip.append(f"Checklist: {sum(s.checklist.values())}/{len(s.checklist)} done")
        return "\n".join(tip)

    # ------------------------------------------------------------- placing
    def place(self, s: Session) -> None:
        """Create, update or remove the item of one session to match it."""
        view = self.view
        grid = view.grid
        assert grid is not None
        g = s.guid
        if s.start is not None and s.room is None and s.kind == SessionKind.BREAK:
            band = self.bands.get(g)
            if band is None:
                band = BandItem(g, view.style_)
                self.bands[g] = band
                self.scene().addItem(band)
            y = grid.y_of(s.start)
            band.set_rect(0, y, grid.width, max(grid.height_of(s.duration_minutes), 2), s.title)
            band.setToolTip(self.tooltip_of(s))
            self.drop_block(g)
            return
        self.drop_band(g)
        rect = grid.rect_of(s)
        if rect is None:
            self.drop_block(g)
            return
        item = self.blocks.get(g)
        if item is None:
            item = BlockItem(g, view.style_)
            item.content = self.content
            self.blocks[g] = item
            self.scene().addItem(item)
        lane, lanes = self.lanes.get(g, (0, 1))
        if lanes > 1:  # overlapping sessions in one room: side by side, never on top
            x, y, w, h = rect
            rect = (x + lane * w / lanes, y, w / lanes, h)
        fill, border = view.style_.colours.fill_for(s.track, s.kind)
        done = sum(1 for v in s.checklist.values() if v) if s.checklist else 0
        item.set_session(s, fill, border, (done, len(s.checklist)))
        item.set_held_by(view.held_by.get(g))
        item.set_rect(*rect)

    def drop_block(self, guid: str) -> None:
        item = self.blocks.pop(guid, None)
        if item is not None:
            self.scene().removeItem(item)

    def drop_band(self, guid: str) -> None:
        item = self.bands.pop(guid, None)
        if item is not None:
            self.scene().removeItem(item)

    def on_changed(self, guids: object) -> None:
        """Mirror the document: everything (None) or just the sessions named."""
        view = self.view
        if view.document is None or guids is None or view.grid is None:
            view.rebuild()
            return
        assert isinstance(guids, set | frozenset | list | tuple)
        by_guid = {s.guid: s for s in view.schedule.sessions}
        lanes = overlap_lanes(view.schedule.sessions)
        # Blocks whose overlaps changed (a neighbour came or went) are placed again too.
        moved = {g for g in lanes.keys() | self.lanes.keys() if lanes.get(g) != self.lanes.get(g)}
        self.lanes = lanes
        guids = list(dict.fromkeys([*guids, *(g for g in moved if g in self.blocks)]))
        if any(self.outside_bands(by_guid[g]) for g in guids if g in by_guid):
            view.rebuild()  # the days must widen to hold it
            self.place_now(by_guid[g] for g in guids if g in by_guid)  # wherever they are
            return
        for g in guids:
            s = by_guid.get(g)
            if s is None:
                self.drop_block(g)
                self.drop_band(g)
            else:
                self.place(s)
        self.mark_conflicts()

    def outside_bands(self, s: Session) -> bool:
        """True when a session's time does not fit the day band it falls in."""
        grid = self.view.grid
        if s.start is None or grid is None or not grid.days:
            return False
        band = grid.band_of_instant(s.start)
        return s.start < band.start or s.start + timedelta(minutes=s.duration_minutes) > band.end

    # ----------------------------------------------------------- conflicts
    def attach_engine(self) -> None:
        """Mark the blocks in conflict (done just after the first paint, or when asked)."""
        view = self.view
        if view.engine is None and view.document is not None and view.grid is not None:
            from planner.ui.timeline.conflicts import TimelineConflicts

            view.engine = TimelineConflicts(view.document)
            self.mark_conflicts()

    def mark_conflicts(self) -> None:
        engine = self.view.engine
        if engine is None:
            return  # attached (and marked) just after the first paint
        marks = engine.marks()
        for g, item in self.blocks.items():
            item.set_conflict(marks.get(g))
