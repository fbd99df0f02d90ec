"""The timeline: a QGraphicsView of sessions in room columns, time running down.

:class:`TimelineView` is the public widget; it is composed of small parts, each in its
own module of :mod:`planner.ui.timeline`:

- :mod:`~planner.ui.timeline.scene_sync`: the scene mirrors the document (blocks placed
  by the one :class:`~planner.domain.grid.Grid`, the deferred placement after the first
  paint, conflict marks);
- :mod:`~planner.ui.timeline.chrome`: the room header, time ruler and corner in the
  view's margins, pinned while the scene scrolls;
- :mod:`~planner.ui.timeline.interactions`: mouse gestures (small objects) and autoscroll;
- :mod:`~planner.ui.timeline.preview`: the drag preview (ghosts, conflict shading);
- :mod:`~planner.ui.timeline.tray_drag`: the drag protocol with the "Unscheduled" tray;
- :mod:`~planner.ui.timeline.keys`: keyboard handling;
- :mod:`~planner.ui.timeline.editing`: every change the timeline makes to the event.

Each gesture ends in one undoable write made by the editing module, and the document's
``changed`` signal (with the guids that changed) moves just those blocks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
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
    QGraphicsScene,
    QGraphicsView,
    QMenu,
    QToolTip,
    QWidget,
)

from planner.domain.grid import Grid
from planner.domain.model import Schedule, Session, utcnow
from planner.ui.document import EventDocument
from planner.ui.timeline.chrome import HEADER_H, RULER_W, Corner, Header, Ruler
from planner.ui.timeline.editing import TimelineEditing
from planner.ui.timeline.interactions import (
    AUTOSCROLL_MARGIN,
    Autoscroll,
    Interaction,
    MoveInteraction,
    ResizeInteraction,
)
from planner.ui.timeline.items import GUID_ROLE, BandItem, BlockItem, BlockStyle
from planner.ui.timeline.keys import TimelineKeys
from planner.ui.timeline.preview import DragPreview
from planner.ui.timeline.proposal import ProposalOverlay
from planner.ui.timeline.scene_sync import SceneSync
from planner.ui.timeline.tray_drag import TrayDrag

if TYPE_CHECKING:  # the conflict engine is imported when first used: after the first paint
    from planner.domain.conflicts import Conflict
    from planner.team.live import Teammate
    from planner.ui.timeline.conflicts import TimelineConflicts

__all__ = [
    "AUTOSCROLL_MARGIN",
    "EDGE",
    "HEADER_H",
    "PERSON_MIME",
    "RULER_W",
    "ZOOM_STEP",
    "SessionEditor",
    "TimelineView",
]

log = logging.getLogger(__name__)

PERSON_MIME = "application/x-planner-person"
EDGE = 6.0  # pixels at a block's bottom that grab its edge for resizing
ZOOM_STEP = 1.25

SessionEditor = Callable[[Session, Schedule, QWidget], "Session | None"]


def _default_editor(session: Session, schedule: Schedule, parent: QWidget) -> Session | None:
    from planner.ui.session_dialog import edit_session

    return edit_session(session, schedule, parent)


class TimelineView(QGraphicsView):
    """The schedule as a grid of rooms and time; see the module docstring."""

    selection_changed = Signal(list)  # guids
    # The sessions a gesture of this window is moving or resizing (empty: it ended).
    dragging = Signal(list)
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
        self._announced: list[str] = []  # what `dragging` last said
        self.held_by: dict[str, str] = {}  # guid → the teammate dragging it (live editing)
        self.engine_pending = False  # conflict marks wait for the first paint
        self._painted = False

        # The parts (see the module docstring).
        self.scene_sync = SceneSync(self)
        self.preview = DragPreview(self)
        self.proposal = ProposalOverlay(self)
        self.tray_drag = TrayDrag(self)
        self.keys = TimelineKeys(self)
        self.editing = TimelineEditing(self)
        self.autoscroll = Autoscroll(self)

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
        self.header = Header(self)
        self.ruler = Ruler(self)
        self.corner = Corner(self)
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

    # ------------------------------------------------------------- building
    @property
    def schedule(self) -> Schedule:
        assert self.document is not None
        return self.document.schedule

    @property
    def blocks(self) -> dict[str, BlockItem]:
        """The block of each placed session, by guid."""
        return self.scene_sync.blocks

    @property
    def bands(self) -> dict[str, BandItem]:
        """The band of each placed room-less break, by guid."""
        return self.scene_sync.bands

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
        self.scene_sync.rebuild()

    @property
    def all_placed(self) -> bool:
        """False while blocks left for after the first paint are still to be placed."""
        return not self.scene_sync.pending

    def place_all(self) -> None:
        """Place the blocks still waiting for after the first paint now."""
        if self.scene_sync.pending:
            self.scene_sync.place_pending()

    def attach_engine(self) -> None:
        """Mark the blocks in conflict (done just after the first paint, or when asked)."""
        self.scene_sync.attach_engine()

    def on_changed(self, guids: object) -> None:
        """Mirror the document: everything (None) or just the sessions named."""
        self.scene_sync.on_changed(guids)

    def tooltip_of(self, s: Session) -> str:
        """Everything a block may have elided, for its tooltip."""
        return self.scene_sync.tooltip_of(s)

    def fitting_width(self, n: int) -> float:
        """The column width that fits ``n`` rooms to the view (within bounds)."""
        width = self.viewport().width() if self.isVisible() else self.width() - RULER_W
        return min(max(width / max(n, 1) - 0.5, 150.0), 320.0)

    def refresh_chrome(self) -> None:
        self.viewport().update()
        self.header.update()
        self.ruler.update()
        self.corner.update()

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
        self.scene_sync.relayout()
        self.centerOn(QPointF(col_frac * self.grid.column_width, self.grid.y_of(instant)))
        self.refresh_chrome()

    def zoom_in(self) -> None:
        self.zoom(ZOOM_STEP, 1.0)

    def zoom_out(self) -> None:
        self.zoom(1 / ZOOM_STEP, 1.0)

    def jump_to_day(self, day: date) -> None:
        if self.grid is None:
            return
        y = self.grid.day_top(day) - self.grid.day_gap
        self.verticalScrollBar().setValue(int(y))

    def scroll_to_first_session(self) -> None:
        """Scroll to the earliest block (an empty morning shows nothing useful)."""
        top = self.scene_sync.first_session_top()
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
        if self.scene_sync.pending:
            QTimer.singleShot(0, self, self.scene_sync.place_pending)
        if self.engine_pending:
            # Conflict marks follow right after the first paint: the grid shows at once.
            self.engine_pending = False
            QTimer.singleShot(0, self, self.attach_engine)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        vp = self.viewport().geometry()
        self.header.setGeometry(vp.left(), vp.top() - HEADER_H, vp.width(), HEADER_H)
        self.ruler.setGeometry(vp.left() - RULER_W, vp.top(), RULER_W, vp.height())
        self.corner.setGeometry(vp.left() - RULER_W, vp.top() - HEADER_H, RULER_W, HEADER_H)
        if self.auto_width and self.grid is not None:
            want = self.fitting_width(len(self.grid.rooms))
            if abs(want - self.grid.column_width) > 1:
                self.grid.set_zoom(column_width=want)
                self.column_width = self.grid.column_width
                self.scene_sync.relayout()
                self.refresh_chrome()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if dx:
            self.header.update()
        if dy:
            self.ruler.update()
            self.corner.update()

    # ------------------------------------------------------------ selection
    def selected_guids(self) -> list[str]:
        return [str(i.data(GUID_ROLE)) for i in self.scene().selectedItems() if isinstance(i, BlockItem)]

    def selected_sessions(self) -> list[Session]:
        if self.document is None:
            return []
        wanted = set(self.selected_guids())
        return [s for s in self.schedule.sessions if s.guid in wanted]

    def _on_selection(self) -> None:
        self.selection_changed.emit(self.selected_guids())

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
    @property
    def last_preview(self) -> list[Conflict]:
        """The conflicts the current drag would cause."""
        return self.preview.last

    def show_preview(self, proposed: list[Session]) -> None:
        """Ghosts where ``proposed`` would land; clashing blocks and unavailable time shaded."""
        self.preview.show(proposed)

    def clear_preview(self) -> None:
        self.preview.clear()

    def show_proposal(self, sessions: list[Session]) -> int:
        """Draw what arranging proposes (nothing changes); see :mod:`.proposal`."""
        return self.proposal.show(sessions)

    def clear_proposal(self) -> None:
        self.proposal.clear()

    # -------------------------------------------------------- tray <-> grid
    def is_over_tray(self, global_pos: QPoint) -> bool:
        return self.tray_drag.is_over_tray(global_pos)

    def is_over_viewport(self, global_pos: QPoint) -> bool:
        return self.tray_drag.is_over_viewport(global_pos)

    def set_tray_highlight(self, on: bool) -> None:
        self.tray_drag.set_highlight(on)

    def begin_tray_drag(self, guid: str) -> None:
        """A session is being dragged out of the tray: show where it would land."""
        self.tray_drag.begin(guid)

    def tray_drag_move(self, global_pos: QPoint) -> None:
        self.tray_drag.move(global_pos)

    def tray_drag_finish(self, global_pos: QPoint) -> bool:
        return self.tray_drag.finish(global_pos)

    def cancel_interaction(self) -> None:
        if self.interaction is not None:
            self.interaction.cancel()
            self.interaction = None
        self.autoscroll.stop()
        self._announce([])

    def _announce(self, guids: list[str]) -> None:
        if guids != self._announced:
            self._announced = guids
            self.dragging.emit(guids)

    def mark_teammates(self, teammates: Sequence[Teammate]) -> None:
        """Mark the sessions teammates are dragging; an empty list clears every mark."""
        held: dict[str, str] = {}
        for mate in teammates:
            for g in mate.dragging:
                held.setdefault(g, mate.name)
        if held == self.held_by:
            return
        self.held_by = held
        for g, item in self.blocks.items():
            item.set_held_by(held.get(g))

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
            if local.y() >= item.h - EDGE and item.h >= 3 * EDGE and len(self.selected_guids()) == 1:
                self.interaction = ResizeInteraction(self, session, scene_pos, pos)
            else:
                chosen = [by_guid[g] for g in self.selected_guids() if g in by_guid]
                self.interaction = MoveInteraction(self, chosen, item.guid, scene_pos, pos)
            self.autoscroll.last_view_pos = pos
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self.interaction is not None:
            self.autoscroll.follow(pos, event.globalPosition().toPoint())
            self.interaction.move(self.mapToScene(pos), pos, self.autoscroll.last_global)
            self.autoscroll.update(pos)
            if self.interaction is not None and self.interaction.started:
                self._announce(self.interaction.guids())
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
            self.autoscroll.stop()
            pos = event.position().toPoint()
            inter.finish(self.mapToScene(pos), pos, event.globalPosition().toPoint())
            self._announce([])
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

    # ---------------------------------------------------------------- keys
    def event(self, event: QEvent) -> bool:
        if TimelineKeys.overrides(event):  # (called while QGraphicsView.__init__ runs, too)
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.keys.press(event):
            super().keyPressEvent(event)

    # ------------------------------------------------------------- editing
    def unschedule(self, guids: list[str]) -> bool:
        return self.editing.unschedule(guids)

    def edit_session(self, guid: str) -> bool:
        return self.editing.edit_session(guid)

    def create_session_at(self, start: datetime, room: str) -> bool:
        return self.editing.create_session_at(start, room)

    def add_person(self, session_guid: str, person_guid: str, moderator: bool = False) -> bool:
        """Make a person a speaker (or moderator) of a session: one undo step."""
        return self.editing.add_person(session_guid, person_guid, moderator)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.document is None or self.grid is None:
            return
        menu = self.build_context_menu(event.pos())
        if menu is not None:
            menu.exec(event.globalPos())

    def build_context_menu(self, view_pos: QPoint) -> QMenu | None:
        """The menu for a block or an empty cell (built apart from showing it, for tests)."""
        return self.editing.context_menu(view_pos)

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
