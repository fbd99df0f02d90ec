"""Schedule › Arrange…: place, repair or rebuild the open event, shown before it is applied.

The search runs in a worker thread on a copy of the schedule, so the window stays
responsive; Stop ends it early and keeps the best schedule found so far. The proposal is
drawn on the grid (:mod:`planner.ui.timeline.proposal`) and listed (changes, and what
stayed unplaced with why). Apply saves every change as one undo step; Discard changes
nothing.
"""

from __future__ import annotations

import copy
import logging
import threading
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import Schedule
from planner.domain.timegrid import format_local

if TYPE_CHECKING:
    from planner.domain.arrange import Proposal
    from planner.ui.document import EventDocument
    from planner.ui.timeline.view import TimelineView

log = logging.getLogger(__name__)

MODES = [
    ("place", "Place the unscheduled sessions"),
    ("repair", "Repair the conflicts (move as little as possible)"),
    ("rebuild", "Rebuild the schedule (everything not pinned)"),
]
SCOPES = [
    ("event", "The whole event"),
    ("day", "One day"),
    ("rooms", "Chosen rooms"),
    ("selection", "The selected sessions"),
]


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    widget.setObjectName(name)
    return widget


def apply_proposal(document: EventDocument, proposal: Proposal) -> bool:
    """The one write of arranging in the window: every change, one undo step."""
    if not proposal.sessions:
        return False
    n = len(proposal.sessions)
    return document.save_sessions(proposal.sessions, f"Arrange ({proposal.mode}): {n} sessions")


class ArrangeWorker(QThread):
    """Runs :func:`planner.domain.arrange.arrange` away from the window's thread."""

    progressed = Signal(float, str)
    finished_with = Signal(object)  # a Proposal, or an Exception

    def __init__(self, schedule: Schedule, options: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schedule = schedule
        self.options = options
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            from planner.domain.arrange import arrange

            result: object = arrange(
                self.schedule,
                progress=lambda f, what: self.progressed.emit(f, what),
                stop=self.stop,
                **self.options,
            )
        except Exception as exc:  # shown as a sentence; the event is untouched
            log.exception("arranging failed")
            result = exc
        self.finished_with.emit(result)


class ArrangeDialog(QDialog):
    def __init__(
        self, document: EventDocument, timeline: TimelineView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("arrangeDialog")
        self.setWindowTitle("Arrange")
        self.document = document
        self.timeline = timeline
        self.worker: ArrangeWorker | None = None
        self.proposal: Proposal | None = None
        self._index_at_run = -1

        self.mode = named(QComboBox(), "modeCombo")
        for key, text in MODES:
            self.mode.addItem(text, key)
        self.scope = named(QComboBox(), "scopeCombo")
        for key, text in SCOPES:
            self.scope.addItem(text, key)
        self.day = named(QComboBox(), "dayCombo")
        event = document.schedule.event
        for d in event.days:
            self.day.addItem(d.strftime("%a %d %b %Y"), d)
        self.rooms = named(QListWidget(), "roomList")
        for room in document.schedule.sorted_rooms():
            item = QListWidgetItem(room.name)
            item.setData(Qt.ItemDataRole.UserRole, room.guid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.rooms.addItem(item)
        self.rooms.setMaximumHeight(110)
        self.seconds = named(QSpinBox(), "timeSpin")
        self.seconds.setRange(1, 600)
        self.seconds.setValue(10)
        self.seconds.setSuffix(" s")
        form = QFormLayout()
        form.addRow("What", self.mode)
        form.addRow("Where", self.scope)
        form.addRow("Day", self.day)
        form.addRow("Rooms", self.rooms)
        form.addRow("Time limit", self.seconds)

        self.progress = named(QProgressBar(), "arrangeProgress")
        self.progress.setRange(0, 100)
        self.status = named(QLabel("Choose what to arrange, then Arrange."), "arrangeStatus")
        self.status.setWordWrap(True)
        self.changes = named(QListWidget(), "changesList")
        self.unplaced = named(QListWidget(), "unplacedList")
        self.unplaced.setWordWrap(True)

        self.run_button = named(QPushButton("Arrange"), "runButton")
        self.stop_button = named(QPushButton("Stop"), "stopButton")
        self.apply_button = named(QPushButton("Apply"), "applyButton")
        self.discard_button = named(QPushButton("Discard"), "discardButton")
        self.stop_button.setToolTip("End the search now and keep the best schedule found so far")
        self.run_button.clicked.connect(self.run)
        self.stop_button.clicked.connect(self.stop)
        self.apply_button.clicked.connect(self.apply)
        self.discard_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.run_button, self.stop_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.discard_button, self.apply_button):
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(QLabel("Changes (drawn on the grid):"))
        layout.addWidget(self.changes, 2)
        layout.addWidget(QLabel("Not placed, and why:"))
        layout.addWidget(self.unplaced, 1)
        layout.addLayout(buttons)
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self._scope_changed()
        self._set_running(False)
        self.resize(560, 640)

    # ---------------------------------------------------------------- scope
    def _scope_changed(self) -> None:
        key = self.scope.currentData()
        self.day.setEnabled(key == "day")
        self.rooms.setEnabled(key == "rooms")

    def options(self) -> dict[str, Any]:
        """The keyword arguments of :func:`arrange` that the form chose."""
        opts: dict[str, Any] = {"mode": self.mode.currentData(), "time_limit": float(self.seconds.value())}
        key = self.scope.currentData()
        if key == "day":
            opts["days"] = [self.day.currentData()]
        elif key == "rooms":
            opts["rooms"] = [
                self.rooms.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.rooms.count())
                if self.rooms.item(i).checkState() == Qt.CheckState.Checked
            ]
        elif key == "selection":
            opts["scope"] = self.timeline.selected_guids()
        return opts

    # ------------------------------------------------------------------ run
    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.apply_button.setEnabled(not running and bool(self.proposal and self.proposal.sessions))
        for w in (self.mode, self.scope, self.seconds):
            w.setEnabled(not running)

    def run(self) -> None:
        opts = self.options()
        if opts.get("rooms") == [] or opts.get("scope") == []:
            self.status.setText("Choose at least one room (or select sessions on the grid) first.")
            return
        self.timeline.clear_proposal()
        self.proposal = None
        self.changes.clear()
        self.unplaced.clear()
        self.progress.setValue(0)
        self.status.setText("Arranging…")
        self._index_at_run = self.document.undo_stack.index()
        self.worker = ArrangeWorker(copy.deepcopy(self.document.schedule), opts, self)
        self.worker.progressed.connect(self._progressed)
        self.worker.finished_with.connect(self._finished)
        self._set_running(True)
        self.worker.start()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop.set()
            self.status.setText("Stopping: keeping the best schedule found so far…")

    def _progressed(self, fraction: float, what: str) -> None:
        self.progress.setValue(int(fraction * 100))
        self.status.setText(what)

    def _finished(self, result: object) -> None:
        if self.worker is not None:
            self.worker.wait()
            self.worker = None
        if isinstance(result, Exception):
            self.status.setText(f"Arranging failed: {result}")
            self._set_running(False)
            return
        proposal: Proposal = result  # type: ignore[assignment]
        self.proposal = proposal
        self.progress.setValue(100)
        self._fill_lists(proposal)
        self.timeline.show_proposal(proposal.sessions)
        how = (
            "optimal"
            if proposal.optimal
            else "stopped: the best so far"
            if proposal.stopped
            else "the best found"
        )
        text = (
            f"{len(proposal.moved)} moved, {len(proposal.placed)} placed, "
            f"{len(proposal.unplaced)} not placed in {proposal.seconds:.1f} s ({how})."
        )
        if proposal.errors_left:
            text += f" {len(proposal.errors_left)} error conflicts would remain."
        if not proposal.sessions:
            text += " Nothing to change."
        self.status.setText(text)
        self._set_running(False)

    def _fill_lists(self, proposal: Proposal) -> None:
        event = self.document.schedule.event
        names = {r.guid: r.name for r in self.document.schedule.rooms}

        def where(start: object, room: str | None) -> str:
            if start is None:
                return "unscheduled"
            return f"{format_local(event, start, '%a %H:%M')} {names.get(room or '', '?')}"  # type: ignore[arg-type]

        for c in proposal.changes:
            verb = "Place" if c.old_start is None else "Move"
            text = f"{verb} “{c.title}”: "
            text += (
                where(c.new_start, c.new_room)
                if c.old_start is None
                else (f"{where(c.old_start, c.old_room)} → {where(c.new_start, c.new_room)}")
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, c.guid)
            self.changes.addItem(item)
        for u in proposal.unplaced:
            item = QListWidgetItem(f"“{u.title}”: {u.reason}")
            item.setData(Qt.ItemDataRole.UserRole, u.guid)
            self.unplaced.addItem(item)

    # ---------------------------------------------------------- apply / discard
    def apply(self) -> None:
        if self.proposal is None:
            return
        if self.document.undo_stack.index() != self._index_at_run:
            QMessageBox.information(
                self, "Arrange", "The event changed while arranging: arrange again to see a fresh proposal."
            )
            return
        self.timeline.clear_proposal()
        if apply_proposal(self.document, self.proposal):
            self.accept()

    def done(self, result: int) -> None:
        """Closing in any way stops a search still running and takes the drawing away."""
        if self.worker is not None:
            self.worker.finished_with.disconnect(self._finished)
            self.worker.progressed.disconnect(self._progressed)
            self.worker.stop.set()
            self.worker.wait()
            self.worker = None
        self.timeline.clear_proposal()
        super().done(result)
