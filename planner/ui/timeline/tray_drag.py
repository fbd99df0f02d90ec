"""The drag protocol between the "Unscheduled" tray and the grid.

The tray (:mod:`planner.ui.timeline.tray`) starts a drag with :meth:`TrayDrag.begin`,
follows the mouse with :meth:`TrayDrag.move` and ends it with :meth:`TrayDrag.finish`;
the grid shows a ghost while it moves. A block dragged out of the grid onto the tray
asks :meth:`TrayDrag.is_over_tray` and lights the tray up with
:meth:`TrayDrag.set_highlight`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF

from planner.ui.timeline.interactions import MoveInteraction

if TYPE_CHECKING:
    from planner.ui.timeline.view import TimelineView


class TrayDrag:
    """The tray side of one timeline view's gestures."""

    def __init__(self, view: TimelineView) -> None:
        self.view = view

    def is_over_tray(self, global_pos: QPoint) -> bool:
        tray = self.view.tray
        return bool(
            tray is not None and tray.isVisible() and tray.rect().contains(tray.mapFromGlobal(global_pos))
        )

    def is_over_viewport(self, global_pos: QPoint) -> bool:
        vp = self.view.viewport()
        return vp.rect().contains(vp.mapFromGlobal(global_pos))

    def set_highlight(self, on: bool) -> None:
        self.view.tray_highlight.emit(on)

    def begin(self, guid: str) -> None:
        """A session is being dragged out of the tray: show where it would land."""
        view = self.view
        if view.document is None or view.grid is None:
            return
        s = next((x for x in view.schedule.sessions if x.guid == guid), None)
        if s is None:
            return
        view.cancel_interaction()
        view.interaction = MoveInteraction(view, [s], guid, QPointF(), QPoint(), from_tray=True)

    def move(self, global_pos: QPoint) -> None:
        view = self.view
        if isinstance(view.interaction, MoveInteraction) and view.interaction.from_tray:
            vp_pos = view.viewport().mapFromGlobal(global_pos)
            view.autoscroll.follow(vp_pos, global_pos)
            view.interaction.move(view.mapToScene(vp_pos), vp_pos, global_pos)
            view.autoscroll.update(vp_pos)

    def finish(self, global_pos: QPoint) -> bool:
        view = self.view
        inter = view.interaction
        if not (isinstance(inter, MoveInteraction) and inter.from_tray):
            return False
        view.interaction = None
        view.autoscroll.stop()
        vp_pos = view.viewport().mapFromGlobal(global_pos)
        if not self.is_over_viewport(global_pos):
            inter.cancel()
            return False
        return inter.finish(view.mapToScene(vp_pos), vp_pos, global_pos)
