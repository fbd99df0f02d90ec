"""The timeline: a QGraphicsView of sessions in room columns, time running down.

The scene mirrors the document: a block per scheduled session in a visible room, placed
by the one :class:`~planner.domain.grid.Grid`. The room header and the time ruler sit in
the view's margins and follow its scrolling, so they stay pinned. Gestures are small
objects (:mod:`planner.ui.timeline.interactions`); each ends in one undoable
``EventDocument.save_sessions`` call, and the document's ``changed`` signal (with the
guids that changed) moves just those blocks.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QMenu,
    QToolTip,
    QWidget,
)

from planner.domain.grid import Grid
from planner.domain.model import UTC, Schedule, Session, SessionKind, utcnow
from planner.ui.document import EventDocument
from planner.ui.timeline.interactions import Interaction, MoveInteraction, ResizeInteraction, shifted
from planner.ui.timeline.items import GUID_ROLE, BandItem, BlockItem, BlockStyle, GhostLabel

if TYPE_CHECKING:  # the conflict engine is imported when first used: after the first paint
    from planner.domain.conflicts import Conflict
    from planner.ui.timeline.conflicts import TimelineConflicts

log = logging.getLogger(__name__)

PERSON_MIME = "application/x-planner-person"
HEADER_H = 30
RULER_W = 64
EDGE = 6.0  # pixels at a block's bottom that grab its edge for resizing
AUTOSCROLL_MARGIN = 28
ZOOM_STEP = 1.25

SessionEditor = Callable[[Session, Schedule, QWidget], "Session | None"]


def _default_editor(session: Session, schedule: Schedule, parent: QWidget) -> Session | None:
    from planner.ui.session_dialog import edit_session

    return edit_session(session, schedule, parent)


class _Header(QWidget):
    """Room names above the columns, scrolled horizontally with the scene."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("timelineHeader")

    def paintEvent(self, event: QPaintEvent) -> None:
        v = self.view
        p = QPainter(self)
        c = v.style_.colours
        p.fillRect(self.rect(), v.palette().window())
        if v.grid is None:
            return
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        fm = p.fontMetrics()
        names = v.room_names
        x0 = v.mapFromScene(QPointF(0, 0)).x()
        w = v.grid.column_width
        first = max(0, int(-x0 // w))
        for col in range(first, len(v.grid.rooms)):
            x = x0 + col * w
            if x > self.width():
                break
            r = QRect(int(x), 0, int(w), self.height())
            p.setPen(QPen(c.hour_line, 1))
            p.drawLine(r.topRight(), r.bottomRight())
            p.setPen(c.text)
            text = fm.elidedText(
                names.get(v.grid.rooms[col], "?"), Qt.TextElideMode.ElideRight, r.width() - 10
            )
            p.drawText(r.adjusted(5, 0, -5, 0), int(Qt.AlignmentFlag.AlignCenter), text)
        p.setPen(QPen(c.hour_line, 1))
        p.drawLine(0, self.height() - 1, self.width(), self.height() - 1)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            v = self.view
            if v.grid is not None:
                x = v.mapToScene(QPoint(event.pos().x(), 0)).x()
                room = v.grid.room_at(x)
                if room is not None:
                    QToolTip.showText(event.globalPos(), v.room_names.get(room, ""), self)
                    return True
            QToolTip.hideText()
            return True
        return super().event(event)


class _Ruler(QWidget):
    """The time of day beside the rows, scrolled vertically with the scene."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("timelineRuler")

    def paintEvent(self, event: QPaintEvent) -> None:
        v = self.view
        p = QPainter(self)
        c = v.style_.colours
        p.fillRect(self.rect(), v.palette().window())
        p.setPen(QPen(c.hour_line, 1))
        p.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        if v.grid is None or v.document is None:
            return
        zone = v.document.schedule.event.zone
        top = v.mapToScene(QPoint(0, 0)).y()
        bottom = v.mapToScene(QPoint(0, self.height())).y()
        step = 60 if v.grid.px_per_minute * 60 >= 28 else 120
        fm = p.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        for y, t in v.grid.slot_lines(top - 20, bottom + 20, 30 if step == 60 else 60):
            local = t.astimezone(zone)
            minute = local.hour * 60 + local.minute
            if minute % step:
                continue
            vy = v.mapFromScene(QPointF(0, y)).y()
            ty = int(vy) - fm.height() // 2 + 1
            if y - v.grid.band_at_y(y).top < fm.height() / 2:  # at a day's top: below its title strip
                ty = int(vy) + 1
            p.setPen(c.muted)
            p.drawText(
                QRect(0, ty, self.width() - 8, fm.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                local.strftime("%H:%M"),
            )
        p.setFont(bold)
        for band in v.grid.days:
            if band.bottom < top or band.top - v.grid.day_gap > bottom:
                continue
            vy = v.mapFromScene(QPointF(0, band.top)).y()
            label = band.day.strftime("%a %d")
            r = QRect(0, int(vy - v.grid.day_gap), self.width() - 1, int(v.grid.day_gap))
            p.fillRect(r.adjusted(0, 0, 6, 0), c.day_band)
            p.setPen(c.text)
            p.drawText(r, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)


class _Corner(QWidget):
    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("timelineCorner")

    def paintEvent(self, event: QPaintEvent) -> None:
        v = self.view
        p = QPainter(self)
        p.fillRect(self.rect(), v.palette().window())
        if v.grid is None or not v.grid.days:
            return
        band = v.grid.band_at_y(v.mapToScene(QPoint(0, 0)).y())
        p.setPen(v.style_.colours.text)
        p.drawText(
            self.rect().adjusted(4, 0, -4, 0), int(Qt.AlignmentFlag.AlignCenter), band.day.strftime("%d %b")
        )
        p.setPen(QPen(v.style_.colours.hour_line, 1))
        p.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        p.drawLine(self.width() - 1, 0, self.width() - 1, self.height())


class TimelineView(QGraphicsView):
    """The schedule as a grid of rooms and time; see the module docstring."""

    selection_changed = Signal(list)  # guids
    first_painted = Signal()
    tray_highlight = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        # Our own viewport widget, so that viewport() returns a wrapper Python already
        # holds: for the one Qt makes, PySide resolves the type of a bare QWidget* by
        # loading every QtWidgets class (and their enums), 10 ms of start-up.
        self.setViewport(QWidget())
        self.document: EventDocument | None = None
        self.grid: Grid | None = None
        self.engine: TimelineConflicts | None = None
        self.blocks: dict[str, BlockItem] = {}
        self.bands: dict[str, BandItem] = {}
        self.room_names: dict[str, str] = {}
        self.visible_rooms: list[str] | None = None  # None: every room
        self.slot: int | None = None  # None: the event's slot
        self.px_per_minute = 1.6
        self.column_width = 170.0
        self.auto_width = True  # fit few rooms to the width until the user zooms rooms
        self.tray: QWidget | None = None
        self.session_editor: SessionEditor = _default_editor
        self.clock: Callable[[], datetime] = utcnow
        self.interaction: Interaction | None = None
        self._last_view_pos = QPoint()
        self._last_global = QPoint()
        self._ghosts: list[QGraphicsRectItem] = []
        self._ghost_label: GhostLabel | None = None
        self._shades: list[QGraphicsRectItem] = []
        self._shaded: set[str] = set()
        self._painted = False
        self._names: dict[str, str] = {}
        self._zone: tzinfo = UTC
        self._pending: list[str] = []
        self._engine_pending = False
        self._selected_guids_before: list[str] = []
        self.last_preview: list[Conflict] = []  # the conflicts the current drag would cause

        self.style_ = BlockStyle(self.palette(), self.font())
        scene = QGraphicsScene(self)
        scene.setObjectName("timelineScene")
        scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        scene.selectionChanged.connect(self._on_selection)
        self.setScene(scene)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setViewportMargins(RULER_W, HEADER_H, 0, 0)
        self.header = _Header(self)
        self.ruler = _Ruler(self)
        self.corner = _Corner(self)
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.header.update())
        self.verticalScrollBar().valueChanged.connect(lambda _v: (self.ruler.update(), self.corner.update()))

        self.now_line = QGraphicsLineItem()
        self.now_line.setZValue(50)
        self.now_line.setVisible(False)
        scene.addItem(self.now_line)
        self._now_timer = QTimer(self)
        self._now_timer.setInterval(30_000)
        self._now_timer.timeout.connect(self.update_now_line)
        self._now_timer.start()
        self._autoscroll = QTimer(self)
        self._autoscroll.setInterval(40)
        self._autoscroll.timeout.connect(self._autoscroll_tick)

    # ------------------------------------------------------------- building
    @property
    def schedule(self) -> Schedule:
        assert self.document is not None
        return self.document.schedule

    def set_document(self, document: EventDocument | None) -> None:
        self.document = document
        self.visible_rooms = None
        self.slot = None
        self.rebuild()

    def shown_rooms(self) -> list[str]:
        rooms = [r.guid for r in self.schedule.sorted_rooms()]
        if self.visible_rooms is None:
            return rooms
        wanted = set(self.visible_rooms)
        return [g for g in rooms if g in wanted]

    def rebuild(self) -> None:
        """Build the scene from the document (on open, or when everything changed)."""
        scene = self.scene()
        if self.document is not None:
            self.style_.colours.use_track_colours(
                self.document.schedule.event.extra.get("track_colours") or {}
            )
        self.cancel_interaction()
        self._selected_guids_before = self._selected_guids()
        for item in list(self.blocks.values()) + list(self.bands.values()):
            scene.removeItem(item)
        self.blocks.clear()
        self.bands.clear()
        self.grid = None
        self.engine = None
        self._pending = []
        if self.document is None:
            scene.setSceneRect(QRectF(0, 0, 10, 10))
            self._refresh_chrome()
            return
        sched = self.schedule
        self.room_names = {r.guid: r.name for r in sched.rooms}
        rooms = self.shown_rooms()
        if self.auto_width:
            self.column_width = self._fitting_width(len(rooms))
        self.grid = Grid(
            sched.event,
            rooms,
            sched.sessions,
            slot=self.slot,
            px_per_minute=self.px_per_minute,
            column_width=self.column_width,
        )
        self._names = {p.guid: p.name for p in sched.people}
        self._zone = sched.event.zone
        self._track_hue: dict[str, str] = {}
        # What a first paint can show is placed now: the blocks within reach of the
        # current scroll and of the first session (where a newly opened event scrolls to);
        # the others in the next turn of the event loop, so the grid paints at once
        # (38C3: 61 of 1007 blocks first).
        near = self._near_first_paint()
        self._pending = []
        for s in sched.sessions:
            if near(s):
                self._place(s)
            else:
                self._pending.append(s.guid)
        for g in self._selected_guids_before:
            if g in self.blocks:
                self.blocks[g].setSelected(True)
        self._resize_scene()
        self.update_now_line()
        self._refresh_chrome()
        self._engine_pending = True

    def _near_first_paint(self) -> Callable[[Session], bool]:
        """Whether a session may show in the first paint after a rebuild: within the
        window's or the desktop's size of the current scroll position or of the first
        session's."""
        grid = self.grid
        assert grid is not None
        # The viewport may not have its size yet (the window is not shown): take the
        # largest it can be, the whole desktop or the window if that is larger.
        sizes = [self.viewport().size(), self.window().size()]
        screen = QApplication.primaryScreen()
        if screen is not None:
            sizes.append(screen.availableVirtualGeometry().size())
        width = max(sz.width() for sz in sizes)
        height = max(sz.height() for sz in sizes) * 1.25  # and a margin for a resize
        x0 = self.horizontalScrollBar().value()
        tops = [float(self.verticalScrollBar().value())]
        first = self._first_session_top()
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

    def _first_session_top(self) -> float | None:
        """Where scroll_to_first_session scrolls: just above the earliest session in a
        shown room (an empty morning shows nothing useful)."""
        grid = self.grid
        if grid is None or self.document is None:
            return None
        shown = set(grid.rooms)
        starts = [s.start for s in self.schedule.sessions if s.start is not None and s.room in shown]
        if not starts:
            return None
        first = min(starts)
        top = grid.y_of(first)
        band = grid.band_of_instant(first)
        return float(max(band.top - grid.day_gap, top - 60))

    @property
    def all_placed(self) -> bool:
        """False while blocks left for after the first paint are still to be placed."""
        return not self._pending

    def place_all(self) -> None:
        """Place the blocks still waiting for after the first paint now."""
        if self._pending:
            self._place_pending()

    def _place_now(self, sessions: Iterable[Session]) -> None:
        """Place these sessions now even if the rebuild left them for later."""
        for s in sessions:
            if s.guid in self._pending:
                self._pending.remove(s.guid)
                self._place(s)

    def _place_pending(self) -> None:
        """Place the blocks left for after the first paint (see :meth:`rebuild`)."""
        if not self._pending or self.document is None or self.grid is None:
            self._pending = []
            return
        by_guid = {s.guid: s for s in self.schedule.sessions}
        for g in self._pending:
            s = by_guid.get(g)
            if s is not None and g not in self.blocks and g not in self.bands:
                self._place(s)
        self._pending = []
        self._mark_conflicts()
        self.viewport().update()

    def attach_engine(self) -> None:
        """Mark the blocks in conflict (done just after the first paint, or when asked)."""
        if self.engine is None and self.document is not None and self.grid is not None:
            from planner.ui.timeline.conflicts import TimelineConflicts

            self.engine = TimelineConflicts(self.document)
            self._mark_conflicts()

    def _fitting_width(self, n: int) -> float:
        width = self.viewport().width() if self.isVisible() else self.width() - RULER_W
        return min(max(width / max(n, 1) - 0.5, 150.0), 320.0)

    def _resize_scene(self) -> None:
        assert self.grid is not None
        self.scene().setSceneRect(QRectF(0, 0, max(self.grid.width, 10), self.grid.height + 40))
        self.resetCachedContent()

    def _refresh_chrome(self) -> None:
        self.viewport().update()
        self.header.update()
        self.ruler.update()
        self.corner.update()

    def _people_texts(self, s: Session) -> tuple[str, str]:
        names = self._names
        return (
            ", ".join(names.get(g, "?") for g in s.speakers),
            ", ".join(names.get(g, "?") for g in s.moderators),
        )

    def _content(self, s: Session) -> tuple[str, str, str]:
        """(title, time, people) as a block shows them (made when it is first painted)."""
        if s.start is not None:
            zone = self._zone
            a = s.start.astimezone(zone)
            b = (s.start + timedelta(minutes=s.duration_minutes)).astimezone(zone)
            time_text = f"{a.hour:02d}:{a.minute:02d}–{b.hour:02d}:{b.minute:02d}"
        else:
            time_text = f"{s.duration_minutes} min"
        speakers, mods = self._people_texts(s)
        people = (
            f"{speakers} · mod. {mods}" if speakers and mods else speakers or (f"mod. {mods}" if mods else "")
        )
        return s.title, time_text, people

    def tooltip_of(self, s: Session) -> str:
        """Everything a block may have elided, for its tooltip."""
        speakers, mods = self._people_texts(s)
        tip = [s.title]
        if s.start is not None:
            a = s.start.astimezone(self._zone)
            b = (s.start + timedelta(minutes=s.duration_minutes)).astimezone(self._zone)
            tip.append(f"{a:%a %d %b %H:%M}–{b:%H:%M} · {self.room_names.get(s.room or '', 'no room')}")
        if speakers:
            tip.append(f"Speakers: {speakers}")
        if mods:
            tip.append(f"Moderators: {mods}")
        if s.track:
            tip.append(f"Track: {s.track}")
        if s.checklist:
            tip.append(f"Checklist: {sum(s.checklist.values())}/{len(s.checklist)} done")
        return "\n".join(tip)

    def _place(self, s: Session) -> None:
        """Create, update or remove the item of one session to match it."""
        assert self.grid is not None
        g = s.guid
        if s.start is not None and s.room is None and s.kind == SessionKind.BREAK:
            band = self.bands.get(g)
            if band is None:
                band = BandItem(g, self.style_)
                self.bands[g] = band
                self.scene().addItem(band)
            y = self.grid.y_of(s.start)
            band.set_rect(0, y, self.grid.width, max(self.grid.height_of(s.duration_minutes), 2), s.title)
            band.setToolTip(self.tooltip_of(s))
            self._drop_block(g)
            return
        self._drop_band(g)
        rect = self.grid.rect_of(s)
        if rect is None:
            self._drop_block(g)
            return
        item = self.blocks.get(g)
        if item is None:
            item = BlockItem(g, self.style_)
            item.content = self._content
            self.blocks[g] = item
            self.scene().addItem(item)
        fill, border = self.style_.colours.fill_for(s.track, s.kind)
        done = sum(1 for v in s.checklist.values() if v) if s.checklist else 0
        item.set_session(s, fill, border, (done, len(s.checklist)))
        item.set_rect(*rect)

    def _drop_block(self, guid: str) -> None:
        item = self.blocks.pop(guid, None)
        if item is not None:
            self.scene().removeItem(item)

    def _drop_band(self, guid: str) -> None:
        item = self.bands.pop(guid, None)
        if item is not None:
            self.scene().removeItem(item)

    def on_changed(self, guids: object) -> None:
        """Mirror the document: everything (None) or just the sessions named."""
        if self.document is None or guids is None or self.grid is None:
            self.rebuild()
            return
        assert isinstance(guids, set | frozenset | list | tuple)
        by_guid = {s.guid: s for s in self.schedule.sessions}
        if any(self._outside_bands(by_guid[g]) for g in guids if g in by_guid):
            self.rebuild()  # the days must widen to hold it
            self._place_now(by_guid[g] for g in guids if g in by_guid)  # wherever they are
            return
        for g in guids:
            s = by_guid.get(g)
            if s is None:
                self._drop_block(g)
                self._drop_band(g)
            else:
                self._place(s)
        self._mark_conflicts()

    def _outside_bands(self, s: Session) -> bool:
        """True when a session's time does not fit the day band it falls in."""
        if s.start is None or self.grid is None or not self.grid.days:
            return False
        band = self.grid.band_of_instant(s.start)
        return s.start < band.start or s.start + timedelta(minutes=s.duration_minutes) > band.end

    def _mark_conflicts(self) -> None:
        if self.engine is None:
            return  # attached (and marked) just after the first paint
        marks = self.engine.marks()
        for g, item in self.blocks.items():
            item.set_conflict(marks.get(g))

    # ------------------------------------------------------------ settings
    def set_slot(self, minutes: int) -> None:
        self.slot = minutes
        if self.grid is not None:
            self.grid.set_slot(minutes)
            self.resetCachedContent()
            self.viewport().update()

    def set_visible_rooms(self, guids: Iterable[str] | None) -> None:
        self.visible_rooms = None if guids is None else list(guids)
        self.rebuild()

    def zoom(self, time_factor: float = 1.0, room_factor: float = 1.0) -> None:
        """Zoom in time and/or in room width, keeping the point at the centre in place."""
        if self.grid is None:
            return
        if room_factor != 1.0:
            self.auto_width = False
        centre = self.mapToScene(self.viewport().rect().center())
        instant = self.grid.instant_at(centre.y())
        col_frac = centre.x() / max(self.grid.column_width, 1)
        self.grid.set_zoom(self.grid.px_per_minute * time_factor, self.grid.column_width * room_factor)
        self.px_per_minute = self.grid.px_per_minute
        self.column_width = self.grid.column_width
        self._relayout()
        self.centerOn(QPointF(col_frac * self.grid.column_width, self.grid.y_of(instant)))
        self._refresh_chrome()

    def zoom_in(self) -> None:
        self.zoom(ZOOM_STEP, 1.0)

    def zoom_out(self) -> None:
        self.zoom(1 / ZOOM_STEP, 1.0)

    def _relayout(self) -> None:
        by_guid = {s.guid: s for s in self.schedule.sessions}
        for g in list(self.blocks) + list(self.bands):
            if g in by_guid:
                self._place(by_guid[g])
        self._resize_scene()
        self.update_now_line()

    def jump_to_day(self, day: date) -> None:
        if self.grid is None:
            return
        y = self.grid.day_top(day) - self.grid.day_gap
        self.verticalScrollBar().setValue(int(y))

    def scroll_to_first_session(self) -> None:
        """Scroll to the earliest block (an empty morning shows nothing useful)."""
        top = self._first_session_top()
        if top is not None:
            self.verticalScrollBar().setValue(int(top))

    def update_now_line(self) -> None:
        if self.grid is None or not self.grid.days:
            self.now_line.setVisible(False)
            return
        now = self.clock()
        band = self.grid.band_of_instant(now)
        if not band.start <= now < band.end:
            self.now_line.setVisible(False)
            return
        y = self.grid.y_of(now)
        self.now_line.setPen(QPen(self.style_.colours.now, 2))
        self.now_line.setLine(0, y, self.grid.width, y)
        self.now_line.setVisible(True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.style_ = BlockStyle(self.palette(), self.font())
            if self.document is not None:
                self.rebuild()
        super().changeEvent(event)

    # ------------------------------------------------------------- drawing
    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        rect = QRectF(rect)
        c = self.style_.colours
        painter.fillRect(rect, self.palette().window())
        g = self.grid
        if g is None:
            return
        painter.fillRect(rect.intersected(QRectF(0, 0, g.width, g.height)), c.background)
        first = max(0, int(rect.left() // g.column_width))
        last = min(len(g.rooms), int(rect.right() // g.column_width) + 1)
        for col in range(first, last):
            if col % 2:
                for band in g.days:
                    r = QRectF(col * g.column_width, band.top, g.column_width, band.bottom - band.top)
                    if r.intersects(rect):
                        painter.fillRect(r, c.stripe)
        zone = g.event.zone
        left, right = max(rect.left(), 0), min(rect.right(), g.width)
        hour_pen = QPen(c.hour_line, 1)
        slot_pen = QPen(c.slot_line, 1)
        for y, t in g.slot_lines(rect.top(), rect.bottom()):
            local = t.astimezone(zone)
            painter.setPen(hour_pen if local.minute == 0 else slot_pen)
            painter.drawLine(QPointF(left, y), QPointF(right, y))
        painter.setPen(QPen(c.slot_line, 1))
        for col in range(first, last + 1):
            x = col * g.column_width
            painter.drawLine(QPointF(x, max(rect.top(), 0)), QPointF(x, min(rect.bottom(), g.height)))
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        for i, band in enumerate(g.days):
            r = QRectF(0, band.top - g.day_gap, max(g.width, rect.right()), g.day_gap)
            if not r.intersects(rect):
                continue
            painter.fillRect(r, c.day_band)
            painter.setPen(c.text)
            painter.drawText(
                r.adjusted(8 + max(0.0, rect.left()), 0, 0, 0),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"Day {i + 1} · {band.day:%A %d %B %Y}",
            )

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            item = self.block_at(event.pos())
            if item is not None:
                QToolTip.showText(
                    event.globalPos(), self.tooltip_of(item.session) if item.session else "", self.viewport()
                )
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.grid is None:
            return
        if not self._painted:
            self._painted = True
            self.first_painted.emit()
        if self._pending:
            QTimer.singleShot(0, self, self._place_pending)
        if self._engine_pending:
            # Conflict marks follow right after the first paint: the grid shows at once.
            self._engine_pending = False
            QTimer.singleShot(0, self, self.attach_engine)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        vp = self.viewport().geometry()
        self.header.setGeometry(vp.left(), vp.top() - HEADER_H, vp.width(), HEADER_H)
        self.ruler.setGeometry(vp.left() - RULER_W, vp.top(), RULER_W, vp.height())
        self.corner.setGeometry(vp.left() - RULER_W, vp.top() - HEADER_H, RULER_W, HEADER_H)
        if self.auto_width and self.grid is not None:
            want = self._fitting_width(len(self.grid.rooms))
            if abs(want - self.grid.column_width) > 1:
                self.grid.set_zoom(column_width=want)
                self.column_width = self.grid.column_width
                self._relayout()
                self._refresh_chrome()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if dx:
            self.header.update()
        if dy:
            self.ruler.update()
            self.corner.update()

    # ------------------------------------------------------------ selection
    def _selected_guids(self) -> list[str]:
        return [str(i.data(GUID_ROLE)) for i in self.scene().selectedItems() if isinstance(i, BlockItem)]

    def selected_sessions(self) -> list[Session]:
        if self.document is None:
            return []
        wanted = set(self._selected_guids())
        return [s for s in self.schedule.sessions if s.guid in wanted]

    def _on_selection(self) -> None:
        self.selection_changed.emit(self._selected_guids())

    def block_at(self, view_pos: QPoint) -> BlockItem | None:
        for item in self.items(view_pos):
            if isinstance(item, BlockItem):
                return item
        return None

    def select(self, guids: Iterable[str]) -> None:
        wanted = set(guids)
        self.scene().clearSelection()
        for g in wanted:
            if g in self.blocks:
                self.blocks[g].setSelected(True)

    # -------------------------------------------------------------- preview
    def show_preview(self, proposed: list[Session]) -> None:
        """Ghosts where ``proposed`` would land; clashing blocks and unavailable time shaded."""
        assert self.grid is not None
        self.attach_engine()
        assert self.engine is not None
        c = self.style_.colours
        conflicts = self.engine.preview(proposed) if proposed else []
        self.last_preview = list(conflicts)
        moving = {p.guid for p in proposed}
        worst = None
        clash: set[str] = set()
        for conflict in conflicts:
            sev = conflict.severity
            worst = "error" if sev == "error" or worst == "error" else sev
            clash.update(g for g in conflict.sessions if g not in moving)
        colour = c.ghost if worst is None else (c.conflict if worst == "error" else c.warning)
        while len(self._ghosts) < len(proposed):
            ghost = QGraphicsRectItem()
            ghost.setZValue(40)
            self.scene().addItem(ghost)
            self._ghosts.append(ghost)
        fill = QColor(colour)
        fill.setAlpha(60)
        pen = QPen(colour, 2, Qt.PenStyle.DashLine)
        for ghost, p in zip(self._ghosts, proposed, strict=False):
            rect = self.grid.rect_of(p)
            if rect is None:
                ghost.setVisible(False)
                continue
            ghost.setRect(QRectF(*rect).adjusted(1, 1, -1, -1))
            ghost.setPen(pen)
            ghost.setBrush(fill)
            ghost.setVisible(True)
        for ghost in self._ghosts[len(proposed) :]:
            ghost.setVisible(False)
        self._show_ghost_label(proposed, conflicts, colour)
        for g in self._shaded - clash:
            if g in self.blocks:
                self.blocks[g].set_shaded(False)
        for g in clash - self._shaded:
            if g in self.blocks:
                self.blocks[g].set_shaded(True)
        self._shaded = clash
        self._shade_unavailable(proposed)

    def _show_ghost_label(self, proposed: list[Session], conflicts: list[Conflict], colour: QColor) -> None:
        assert self.grid is not None
        if self._ghost_label is None:
            self._ghost_label = GhostLabel(self.style_)
            self.scene().addItem(self._ghost_label)
        label = self._ghost_label
        p = proposed[0] if proposed else None
        rect = self.grid.rect_of(p) if p is not None else None
        if p is None or p.start is None or rect is None:
            label.setVisible(False)
            return
        zone = self.schedule.event.zone
        end = p.start + timedelta(minutes=p.duration_minutes)
        lines = [
            f"{p.start.astimezone(zone):%a %H:%M}–{end.astimezone(zone):%H:%M} · "
            f"{self.room_names.get(p.room or '', '')}"
        ]
        if len(proposed) > 1:
            lines[0] += f" (+{len(proposed) - 1} more)"
        for c in conflicts[:2]:
            lines.append(f"⚠ {c.message}")
        if len(conflicts) > 2:
            more = len(conflicts) - 2
            lines.append(f"… and {more} more conflict{'s' if more > 1 else ''}")
        label.set_text(lines, colour if conflicts else self.style_.colours.muted)
        h = label.boundingRect().height()
        y = rect[1] - h - 3 if rect[1] - h - 3 > 0 else rect[1] + rect[3] + 3
        x = min(rect[0] + 2, max(0.0, self.grid.width - label.boundingRect().width()))
        label.setPos(x, y)
        label.setVisible(True)

    def _shade_unavailable(self, proposed: list[Session]) -> None:
        """Shade, in each target column, the time its people are not available."""
        assert self.grid is not None
        people = self.schedule.person_by_guid()
        rects: list[QRectF] = []
        for p in proposed:
            if p.start is None or p.room is None:
                continue
            x = self.grid.x_of(p.room)
            if x is None:
                continue
            band = self.grid.band_of_instant(p.start)
            for pg in (*p.speakers, *p.moderators):
                person = people.get(pg)
                if person is None or not person.availability:
                    continue
                cursor = band.start
                for w in sorted(person.availability, key=lambda w: w.start):
                    if w.end <= cursor or w.start >= band.end:
                        continue
                    if w.start > cursor:
                        rects.append(self._time_rect(x, cursor, w.start))
                    cursor = max(cursor, w.end)
                if cursor < band.end:
                    rects.append(self._time_rect(x, cursor, band.end))
        while len(self._shades) < len(rects):
            shade = QGraphicsRectItem()
            shade.setZValue(30)
            shade.setPen(Qt.PenStyle.NoPen)
            self.scene().addItem(shade)
            self._shades.append(shade)
        brush = QBrush(self.style_.colours.shade, Qt.BrushStyle.Dense5Pattern)
        for shade, r in zip(self._shades, rects, strict=False):
            shade.setRect(r)
            shade.setBrush(brush)
            shade.setToolTip("A person in this session is not available here")
            shade.setVisible(True)
        for shade in self._shades[len(rects) :]:
            shade.setVisible(False)

    def _time_rect(self, x: float, lo: datetime, hi: datetime) -> QRectF:
        assert self.grid is not None
        y0, y1 = self.grid.y_of(lo), self.grid.y_of(hi)
        return QRectF(x, y0, self.grid.column_width, max(y1 - y0, 0))

    def clear_preview(self) -> None:
        for ghost in self._ghosts:
            ghost.setVisible(False)
        for shade in self._shades:
            shade.setVisible(False)
        if self._ghost_label is not None:
            self._ghost_label.setVisible(False)
        for g in self._shaded:
            if g in self.blocks:
                self.blocks[g].set_shaded(False)
        self._shaded = set()
        self.last_preview = []

    # -------------------------------------------------------- tray <-> grid
    def is_over_tray(self, global_pos: QPoint) -> bool:
        tray = self.tray
        return bool(
            tray is not None and tray.isVisible() and tray.rect().contains(tray.mapFromGlobal(global_pos))
        )

    def is_over_viewport(self, global_pos: QPoint) -> bool:
        vp = self.viewport()
        return vp.rect().contains(vp.mapFromGlobal(global_pos))

    def set_tray_highlight(self, on: bool) -> None:
        self.tray_highlight.emit(on)

    def begin_tray_drag(self, guid: str) -> None:
        """A session is being dragged out of the tray: show where it would land."""
        if self.document is None or self.grid is None:
            return
        s = next((x for x in self.schedule.sessions if x.guid == guid), None)
        if s is None:
            return
        self.cancel_interaction()
        self.interaction = MoveInteraction(self, [s], guid, QPointF(), QPoint(), from_tray=True)

    def tray_drag_move(self, global_pos: QPoint) -> None:
        if isinstance(self.interaction, MoveInteraction) and self.interaction.from_tray:
            vp_pos = self.viewport().mapFromGlobal(global_pos)
            self._last_view_pos, self._last_global = vp_pos, global_pos
            self.interaction.move(self.mapToScene(vp_pos), vp_pos, global_pos)
            self._update_autoscroll(vp_pos)

    def tray_drag_finish(self, global_pos: QPoint) -> bool:
        inter = self.interaction
        if not (isinstance(inter, MoveInteraction) and inter.from_tray):
            return False
        self.interaction = None
        self._autoscroll.stop()
        vp_pos = self.viewport().mapFromGlobal(global_pos)
        if not self.is_over_viewport(global_pos):
            inter.cancel()
            return False
        return inter.finish(self.mapToScene(vp_pos), vp_pos, global_pos)

    def cancel_interaction(self) -> None:
        if self.interaction is not None:
            self.interaction.cancel()
            self.interaction = None
        self._autoscroll.stop()

    # --------------------------------------------------------------- mouse
    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        item = self.block_at(pos) if self.document is not None else None
        if event.button() == Qt.MouseButton.LeftButton and item is not None:
            self.setFocus()
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                item.setSelected(not item.isSelected())
                event.accept()
                return
            if not item.isSelected():
                self.scene().clearSelection()
                item.setSelected(True)
            scene_pos = self.mapToScene(pos)
            local = item.mapFromScene(scene_pos)
            by_guid = {s.guid: s for s in self.schedule.sessions}
            session = by_guid[item.guid]
            if local.y() >= item.h - EDGE and item.h >= 3 * EDGE and len(self._selected_guids()) == 1:
                self.interaction = ResizeInteraction(self, session, scene_pos, pos)
            else:
                chosen = [by_guid[g] for g in self._selected_guids() if g in by_guid]
                self.interaction = MoveInteraction(self, chosen, item.guid, scene_pos, pos)
            self._last_view_pos = pos
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self.interaction is not None:
            self._last_view_pos = pos
            self._last_global = event.globalPosition().toPoint()
            self.interaction.move(self.mapToScene(pos), pos, self._last_global)
            self._update_autoscroll(pos)
            event.accept()
            return
        if event.buttons() == Qt.MouseButton.NoButton:
            item = self.block_at(pos)
            cursor = Qt.CursorShape.ArrowCursor
            if item is not None:
                local = item.mapFromScene(self.mapToScene(pos))
                cursor = (
                    Qt.CursorShape.SizeVerCursor
                    if local.y() >= item.h - EDGE and item.h >= 3 * EDGE
                    else Qt.CursorShape.OpenHandCursor
                )
            self.viewport().setCursor(cursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.interaction is not None and event.button() == Qt.MouseButton.LeftButton:
            inter = self.interaction
            self.interaction = None
            self._autoscroll.stop()
            pos = event.position().toPoint()
            inter.finish(self.mapToScene(pos), pos, event.globalPosition().toPoint())
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.document is None or self.grid is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        pos = event.position().toPoint()
        self.cancel_interaction()
        item = self.block_at(pos)
        if item is not None:
            self.edit_session(item.guid)
        else:
            sp = self.mapToScene(pos)
            drop = self.grid.drop_at(sp.x(), sp.y())
            if drop.room is not None:
                self.create_session_at(drop.start, drop.room)
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                factor = ZOOM_STEP**steps
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.zoom(1.0, factor)
                else:
                    self.zoom(factor, 1.0)
            event.accept()
            return
        super().wheelEvent(event)

    def _update_autoscroll(self, pos: QPoint) -> None:
        r = self.viewport().rect()
        near = (
            pos.x() < AUTOSCROLL_MARGIN
            or pos.y() < AUTOSCROLL_MARGIN
            or pos.x() > r.width() - AUTOSCROLL_MARGIN
            or pos.y() > r.height() - AUTOSCROLL_MARGIN
        )
        inside = r.adjusted(-80, -80, 80, 80).contains(pos)
        if near and inside:
            if not self._autoscroll.isActive():
                self._autoscroll.start()
        else:
            self._autoscroll.stop()

    def _autoscroll_tick(self) -> None:
        if self.interaction is None:
            self._autoscroll.stop()
            return
        pos, r = self._last_view_pos, self.viewport().rect()

        def speed(d: int) -> int:
            return int(max(2, min(30, (AUTOSCROLL_MARGIN - d) * 0.8)))

        dx = dy = 0
        if pos.x() < AUTOSCROLL_MARGIN:
            dx = -speed(pos.x())
        elif pos.x() > r.width() - AUTOSCROLL_MARGIN:
            dx = speed(r.width() - pos.x())
        if pos.y() < AUTOSCROLL_MARGIN:
            dy = -speed(pos.y())
        elif pos.y() > r.height() - AUTOSCROLL_MARGIN:
            dy = speed(r.height() - pos.y())
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        before = (h.value(), v.value())
        h.setValue(h.value() + dx)
        v.setValue(v.value() + dy)
        if (h.value(), v.value()) == before:
            return
        self.interaction.move(self.mapToScene(pos), pos, self._last_global)

    # ---------------------------------------------------------------- keys
    _KEYS = {
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_Delete,
        Qt.Key.Key_Backspace,
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
        Qt.Key.Key_Plus,
        Qt.Key.Key_Minus,
        Qt.Key.Key_Equal,
        Qt.Key.Key_Escape,
    }

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
                or self._is_redo(event)
                or event.key() in self._KEYS
            )
        ):
            event.accept()
            return True
        return super().event(event)

    @staticmethod
    def _is_redo(event: QKeyEvent) -> bool:
        mods = event.modifiers()
        return (
            event.key() == Qt.Key.Key_Z
            and bool(mods & Qt.KeyboardModifier.ControlModifier)
            and bool(mods & Qt.KeyboardModifier.ShiftModifier)
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        doc = self.document
        if doc is None or self.grid is None:
            super().keyPressEvent(event)
            return
        key = event.key()
        if self._is_redo(event) or event.matches(QKeySequence.StandardKey.Redo):
            doc.undo_stack.redo()
        elif event.matches(QKeySequence.StandardKey.Undo):
            doc.undo_stack.undo()
        elif key == Qt.Key.Key_Escape:
            self.cancel_interaction()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
            chosen = [s for s in self.selected_sessions() if s.start is not None]
            if not chosen:  # nothing selected: the arrows scroll
                super().keyPressEvent(event)
                return
            if chosen:
                slot = self.grid.slot
                if key == Qt.Key.Key_Up:
                    moved = shifted(chosen, minutes=-slot)
                elif key == Qt.Key.Key_Down:
                    moved = shifted(chosen, minutes=slot)
                else:
                    moved = shifted(
                        chosen, rooms=self.grid.rooms, by_rooms=-1 if key == Qt.Key.Key_Left else 1
                    )
                if any((m.start, m.room) != (s.start, s.room) for m, s in zip(moved, chosen, strict=True)):
                    doc.save_sessions(
                        moved,
                        f"Move {chosen[0].title}" if len(chosen) == 1 else f"Move {len(chosen)} sessions",
                    )
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.unschedule([s.guid for s in self.selected_sessions()])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            chosen = self.selected_sessions()
            if chosen:
                self.edit_session(chosen[0].guid)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # ------------------------------------------------------------- editing
    def unschedule(self, guids: list[str]) -> bool:
        return self.document is not None and self.document.unschedule(guids)

    def edit_session(self, guid: str) -> bool:
        if self.document is None:
            return False
        s = next((x for x in self.schedule.sessions if x.guid == guid), None)
        if s is None:
            return False
        result = self.session_editor(copy.deepcopy(s), self.schedule, self)
        if result is None:
            return False
        return self.document.save_sessions([result], f"Edit {result.title}")

    def create_session_at(self, start: datetime, room: str) -> bool:
        if self.document is None or self.grid is None:
            return False
        s = Session(title="New session", start=start, room=room, duration_minutes=max(self.grid.slot, 30))
        result = self.session_editor(s, self.schedule, self)
        if result is None:
            return False
        return self.document.save_sessions([result], f"Create {result.title}")

    def add_person(self, session_guid: str, person_guid: str, moderator: bool = False) -> bool:
        """Make a person a speaker (or moderator) of a session: one undo step."""
        return self.document is not None and self.document.add_person(session_guid, person_guid, moderator)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.document is None or self.grid is None:
            return
        menu = self.build_context_menu(event.pos())
        if menu is not None:
            menu.exec(event.globalPos())

    def build_context_menu(self, view_pos: QPoint) -> QMenu | None:
        """The menu for a block or an empty cell (built apart from showing it, for tests)."""
        assert self.grid is not None
        menu = QMenu(self)
        menu.setObjectName("timelineMenu")
        item = self.block_at(view_pos)
        if item is not None:
            guid = item.guid
            if not item.isSelected():
                self.select([guid])
            menu.addAction("Edit…", lambda: self.edit_session(guid)).setObjectName("actionEditSession")
            menu.addAction("Unschedule", lambda: self.unschedule(self._selected_guids() or [guid]))
            assert self.document is not None
            doc = self.document
            menu.addAction(
                "Delete session",
                lambda: doc.delete_sessions(self._selected_guids() or [guid], "Delete sessions"),
            )
            from planner.ui import live_actions

            menu.addSeparator()
            act = menu.addAction(
                "Schedule rehearsal…", lambda: live_actions.schedule_rehearsal(doc, guid, self)
            )
            act.setObjectName("actionScheduleRehearsal")
            act = menu.addAction("Checklist…", lambda: live_actions.edit_checklist(doc, guid, self))
            act.setObjectName("actionChecklist")
        else:
            sp = self.mapToScene(view_pos)
            drop = self.grid.drop_at(sp.x(), sp.y())
            if drop.room is None:
                return None
            menu.addAction("New session here…", lambda: self.create_session_at(drop.start, drop.room or ""))
        return menu

    # ---------------------------------------------------- people dropped on
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(PERSON_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(PERSON_MIME) and self.block_at(event.position().toPoint()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        data = event.mimeData()
        item = self.block_at(event.position().toPoint())
        if not data.hasFormat(PERSON_MIME) or item is None:
            event.ignore()
            return
        person = bytes(data.data(PERSON_MIME).data()).decode("utf-8").strip()
        mods = event.modifiers() | QApplication.keyboardModifiers()
        moderator = bool(mods & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier))
        if self.add_person(item.guid, person, moderator):
            event.acceptProposedAction()
        else:
            event.ignore()
