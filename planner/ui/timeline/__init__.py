"""The timeline grid: sessions as blocks in parallel room columns, edited by gestures."""

from planner.ui.timeline.view import TimelineView

__all__ = ["TimelineView"]
