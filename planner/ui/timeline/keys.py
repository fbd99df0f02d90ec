"""The timeline's keys: arrows move the selection by a slot or a room (or scroll when
nothing is selected), Delete unschedules, Return edits, +/- zoom, Escape cancels a
gesture, L pins the selection in time and room (Shift+L to its room; again unpins), and
undo/redo work even where a menu shortcut would take them first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

from planner.domain.model import Pin
from planner.ui.timeline.interactions import shifted

if TYPE_CHECKING:
    from planner.ui.timeline.view import TimelineView

KEYS = {
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
    Qt.Key.Key_L,
}


def is_redo(event: QKeyEvent) -> bool:
    mods = event.modifiers()
    return (
        event.key() == Qt.Key.Key_Z
        and bool(mods & Qt.KeyboardModifier.ControlModifier)
        and bool(mods & Qt.KeyboardModifier.ShiftModifier)
    )


class TimelineKeys:
    """Key handling of one timeline view."""

    def __init__(self, view: TimelineView) -> None:
        self.view = view

    @staticmethod
    def overrides(event: QEvent) -> bool:
        """True for a ShortcutOverride the timeline takes before the window's shortcuts."""
        return (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
                or is_redo(event)
                or event.key() in KEYS
            )
        )

    def keep_in_view(self, guids: list[str]) -> None:
        """Scroll so the blocks just moved by the keys stay in sight (with a margin)."""
        view = self.view
        rect = QRectF()
        for g in guids:
            block = view.blocks.get(g)
            if block is not None:
                rect = rect.united(block.sceneBoundingRect())
        if not rect.isNull():
            view.ensureVisible(rect, 24, 24)

    def press(self, event: QKeyEvent) -> bool:
        """Handle a key press; False when the view's default handling should have it."""
        view = self.view
        doc = view.document
        grid = view.grid
        if doc is None or grid is None:
            return False
        key = event.key()
        if is_redo(event) or event.matches(QKeySequence.StandardKey.Redo):
            doc.undo_stack.redo()
        elif event.matches(QKeySequence.StandardKey.Undo):
            doc.undo_stack.undo()
        elif key == Qt.Key.Key_Escape:
            view.cancel_interaction()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            view.zoom_in()
        elif key == Qt.Key.Key_Minus:
            view.zoom_out()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
            chosen = [s for s in view.selected_sessions() if s.start is not None]
            if not chosen:  # nothing selected: the arrows scroll
                return False
            slot = grid.slot
            if key == Qt.Key.Key_Up:
                moved = shifted(chosen, minutes=-slot)
            elif key == Qt.Key.Key_Down:
                moved = shifted(chosen, minutes=slot)
            else:
                moved = shifted(chosen, rooms=grid.rooms, by_rooms=-1 if key == Qt.Key.Key_Left else 1)
            if any((m.start, m.room) != (s.start, s.room) for m, s in zip(moved, chosen, strict=True)):
                view.editing.move(moved)
                self.keep_in_view([m.guid for m in moved])
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            view.unschedule([s.guid for s in view.selected_sessions()])
        elif key == Qt.Key.Key_L:
            picked = view.selected_guids()
            if not picked:
                return False
            room_only = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            view.editing.toggle_pin(picked, Pin.ROOM if room_only else Pin.FULL)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            chosen = view.selected_sessions()
            if chosen:
                view.edit_session(chosen[0].guid)
        else:
            return False
        event.accept()
        return True
