"""The live run of show: per room the session on now and the next one with countdowns,
Start and End buttons that record actual times and status, "delay this room", and an
incident log. Driven by a clock (real, or simulated with ``planner --clock``). A simulated
clock is a rehearsal: it runs on a scratch copy of the event (planner/ui/rehearsal.py).
Before the event, the page says when it starts and shows the first day's plan."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain import checklist
from planner.domain.model import DomainError, Event, Room, Session, SessionStatus, effective_stream_url
from planner.domain.run_of_show import (
    Clock,
    Incident,
    RealClock,
    RoomNow,
    SimulatedClock,
    board,
    can_start_early,
    end_session,
    format_countdown,
    start_session,
)
from planner.domain.timegrid import format_local
from planner.store.day_record import load_incidents
from planner.text import plural
from planner.ui.before_event import BeforeEventPage
from planner.ui.document import EventDocument
from planner.ui.file_dialogs import existing_directory
from planner.ui.rehearsal import BANNER_DETAIL, BANNER_TEXT, Rehearsal
from planner.ui.views import DocumentView

log = logging.getLogger(__name__)

CARD_STYLE = """
QFrame#roomCard { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }
QLabel#roomName { font-weight: bold; }
QLabel#nowTitle { font-weight: bold; }
QLabel#countdown { font-family: monospace; }
QLabel#sectionHead { color: palette(placeholder-text); font-size: 8pt; letter-spacing: 1px; }
QFrame#rehearsalBanner { background: #c2410c; border-radius: 6px; }
QFrame#rehearsalBanner QLabel { color: white; font-weight: bold; }
"""


PILL_STYLES = {
    "live": "background: #dc2626; color: white; border-radius: 4px; padding: 1px 8px; font-weight: bold;",
    "late": "background: #f59e0b; color: black; border-radius: 4px; padding: 1px 8px;",
    "idle": "background: palette(mid); color: palette(base); border-radius: 4px; padding: 1px 8px;",
}


class RoomCard(QFrame):
    """One room: now, next, Start/End and the delay control."""

    def __init__(self, view: RunOfShowView, room: Room) -> None:
        super().__init__(view)
        self.view = view
        self.room = room
        self.setObjectName("roomCard")
        self.setProperty("room", room.guid)
        self.name = QLabel(room.name)
        self.name.setObjectName("roomName")
        f = self.name.font()
        f.setPointSizeF(f.pointSizeF() * 1.25)
        self.name.setFont(f)
        self.pill = QLabel("")
        self.pill.setObjectName("statusPill")
        self.now_head = QLabel("NOW")
        self.now_head.setObjectName("sectionHead")
        self.now_title = QLabel("")
        self.now_title.setObjectName("nowTitle")
        self.now_title.setWordWrap(True)
        self.now_detail = QLabel("")
        self.now_detail.setObjectName("nowDetail")
        self.countdown = QLabel("")
        self.countdown.setObjectName("countdown")
        cf = QFont(self.countdown.font())
        cf.setPointSizeF(cf.pointSizeF() * 1.8)
        cf.setBold(True)
        self.countdown.setFont(cf)
        self.next_head = QLabel("NEXT")
        self.next_head.setObjectName("sectionHead")
        self.next_title = QLabel("")
        self.next_title.setObjectName("nextTitle")
        self.next_title.setWordWrap(True)
        self.next_detail = QLabel("")
        self.next_detail.setObjectName("nextDetail")
        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("startButton")
        self.end_button = QPushButton("End")
        self.end_button.setObjectName("endButton")
        self.delay_spin = QSpinBox()
        self.delay_spin.setObjectName("delayMinutes")
        self.delay_spin.setRange(1, 240)
        self.delay_spin.setValue(5)
        self.delay_spin.setSuffix(" min")
        self.delay_button = QPushButton("Delay room")
        self.delay_button.setObjectName("delayButton")
        self.delay_button.setToolTip("Shift this room's sessions that have not started yet")
        self.checklist_button = QPushButton("Checklist…")
        self.checklist_button.setObjectName("checklistButton")
        self.checklist_button.setToolTip("Tick the tech checklist of the session on now (or the next one)")
        self.checklist_button.clicked.connect(lambda: view.edit_checklist(room.guid))
        # The stream or meeting link of the session on now (else the next one), or its room's.
        self.stream_link = QLabel("")
        self.stream_link.setObjectName("streamLink")
        self.stream_link.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stream_button = QPushButton("Open stream")
        self.stream_button.setObjectName("openStreamButton")
        self.stream_url: str = ""
        self.stream_button.clicked.connect(lambda: view.open_url(self.stream_url))
        self.start_button.clicked.connect(lambda: view.start_room(room.guid))
        self.end_button.clicked.connect(lambda: view.end_room(room.guid))
        self.delay_button.clicked.connect(lambda: view.delay(room.guid, self.delay_spin.value()))

        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.pill)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.end_button)
        buttons.addWidget(self.checklist_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delay_spin)
        buttons.addWidget(self.delay_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.addLayout(top)
        lay.addWidget(self.now_head)
        lay.addWidget(self.now_title)
        lay.addWidget(self.now_detail)
        lay.addWidget(self.countdown)
        lay.addSpacing(6)
        lay.addWidget(self.next_head)
        lay.addWidget(self.next_title)
        lay.addWidget(self.next_detail)
        stream = QHBoxLayout()
        stream.addWidget(self.stream_link, 1)
        stream.addWidget(self.stream_button)
        lay.addLayout(stream)
        lay.addStretch(1)
        lay.addLayout(buttons)

    def _set_pill(self, text: str, kind: str) -> None:
        if self.pill.text() != text or self.pill.property("pill") != kind:
            self.pill.setProperty("pill", kind)
            self.pill.setStyleSheet(PILL_STYLES[kind])
            self.pill.setText(text)

    def show_state(self, state: RoomNow, now: datetime) -> None:
        ev = self.view.event_or_none()
        cur, nxt = state.current, state.next
        if cur is None:
            self.now_title.setText("Nothing on")
            self.now_detail.setText("")
            self.countdown.setText("")
            self._set_pill("idle", "idle")
        else:
            done, total = checklist.progress(cur)
            check = f" · checklist {done}/{total}" if total else ""
            if state.late:
                self._set_pill("due, not started", "late")
                assert cur.start is not None
                self.countdown.setText(f"late {format_countdown(now - cur.start)}")
                self.now_detail.setText(
                    f"planned {format_local(ev, cur.start, '%H:%M')}{check}" if ev else check
                )
            else:
                self._set_pill("LIVE", "live")
                left = state.until_end(now)
                text = format_countdown(left)
                overrun = left is not None and left.total_seconds() < 0
                self.countdown.setText(f"overrun {text.lstrip('-')}" if overrun else f"{text} left")
                started = format_local(ev, cur.actual_start, "%H:%M") if ev else ""
                self.now_detail.setText(f"started {started}{check}")
            self.now_title.setText(cur.title)
        if nxt is None:
            self.next_title.setText("Nothing more today")
            self.next_detail.setText("")
        else:
            self.next_title.setText(nxt.title)
            until = state.until_next(now)
            when = format_local(ev, nxt.start, "%H:%M") if ev else ""
            if until is not None and until.total_seconds() >= 0:
                self.next_detail.setText(f"{when} · starts in {format_countdown(until)}")
            else:
                self.next_detail.setText(f"{when} · due now")
        startable = cur if (cur is not None and cur.status == SessionStatus.SCHEDULED) else None
        if startable is None and cur is None and nxt is not None and can_start_early(nxt, now):
            startable = nxt
        self.start_button.setEnabled(startable is not None)
        self.start_button.setText(f"Start “{_short(startable.title)}”" if startable else "Start")
        self.end_button.setEnabled(cur is not None and cur.status == SessionStatus.LIVE)
        self.checklist_button.setEnabled(cur is not None or nxt is not None)
        target = cur or nxt
        doc = self.view.document
        url = effective_stream_url(target, doc.schedule) if target is not None and doc is not None else ""
        which = "" if target is None else ("now" if target is cur else "next")
        text = f"Stream ({which}): {_short(url, 48)}" if url else ""
        if (
            text != self.stream_link.text()
            or url != self.stream_url
            or self.stream_button.isHidden() != (not url)
        ):
            self.stream_url = url
            self.stream_link.setText(text)
            self.stream_link.setToolTip(url)
            self.stream_button.setToolTip(f"Open {url}" if url else "")
            self.stream_link.setVisible(bool(url))
            self.stream_button.setVisible(bool(url))


CARD_MIN_WIDTH = 560  # the button row's width: fewer columns rather than a sideways scroll
QUIET_HORIZON_HOURS = 3


def _quiet(state: RoomNow, now: datetime) -> bool:
    """Nothing on, and nothing starting within the next few hours."""
    if state.current is not None:
        return False
    until = state.until_next(now)
    return until is None or until > timedelta(hours=QUIET_HORIZON_HOURS)


def _short(text: str, n: int = 22) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


class RunOfShowView(DocumentView):
    # True while a rehearsal (a simulated clock on a scratch copy) runs; the window says so
    # in its title.
    rehearsal_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.real_document: EventDocument | None = None
        self.rehearsal: Rehearsal | None = None
        self.setObjectName("runOfShowView")
        self.setStyleSheet(CARD_STYLE)
        self.clock: Clock = RealClock()
        self.cards: dict[str, RoomCard] = {}
        self._placed: list[str] = []  # the guids of the cards in the grid, in order
        self._placed_cols = 0

        self.clock_label = QLabel("")
        self.clock_label.setObjectName("liveClock")
        f = self.clock_label.font()
        f.setPointSizeF(f.pointSizeF() * 2.2)
        f.setBold(True)
        self.clock_label.setFont(f)
        self.clock_mode = QLabel("")
        self.clock_mode.setObjectName("clockMode")
        self.empty = QLabel("This event has no rooms yet: add rooms and sessions in the Schedule tab.")
        self.empty.setObjectName("liveEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.reminders_button = QPushButton("Speaker reminders…")
        self.reminders_button.setObjectName("remindersButton")
        self.reminders_button.setToolTip(
            "Write a calendar file (.ics, with alarms) for every speaker and "
            "moderator, and a reminders CSV for a mail merge"
        )
        self.reminders_button.clicked.connect(self.export_reminders)
        self.banner = QFrame()
        self.banner.setObjectName("rehearsalBanner")
        self.banner_text = QLabel(BANNER_TEXT)
        self.banner_text.setObjectName("rehearsalBannerText")
        bf = self.banner_text.font()
        bf.setPointSizeF(bf.pointSizeF() * 1.3)
        self.banner_text.setFont(bf)
        self.banner_detail = QLabel("")
        self.banner_detail.setObjectName("rehearsalBannerDetail")
        self.end_rehearsal_button = QPushButton("End rehearsal")
        self.end_rehearsal_button.setObjectName("endRehearsalButton")
        self.end_rehearsal_button.setToolTip("Back to the real clock; the rehearsal's copy is discarded")
        self.end_rehearsal_button.clicked.connect(self.end_rehearsal)
        banner_lay = QHBoxLayout(self.banner)
        banner_lay.setContentsMargins(14, 8, 10, 8)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        texts.addWidget(self.banner_text)
        texts.addWidget(self.banner_detail)
        banner_lay.addLayout(texts, 1)
        banner_lay.addWidget(self.end_rehearsal_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.banner.hide()
        self.before = BeforeEventPage()
        self.before.hide()
        self.before.rehearse.connect(self.rehearse)

        head = QHBoxLayout()
        head.addWidget(self.clock_label)
        head.addSpacing(12)
        head.addWidget(self.clock_mode, 1, Qt.AlignmentFlag.AlignBottom)
        self.quiet_box = QCheckBox("Show quiet rooms")
        self.quiet_box.setObjectName("showQuietRooms")
        self.quiet_box.setToolTip(
            "Rooms with nothing on and nothing in the next "
            f"{QUIET_HORIZON_HOURS} hours are hidden unless this is ticked"
        )
        self.quiet_box.toggled.connect(lambda _=False: self.tick())
        head.addWidget(self.quiet_box, 0, Qt.AlignmentFlag.AlignBottom)
        head.addSpacing(12)
        head.addWidget(self.reminders_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(10)
        self.grid.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        self.cards_scroll = scroll
        scroll.setObjectName("roomCards")
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.grid_host)

        # The incident log.
        self.incident_table = QTableWidget(0, 3)
        self.incident_table.setObjectName("incidentLog")
        self.incident_table.setHorizontalHeaderLabels(["Time", "Room", "What happened"])
        self.incident_table.verticalHeader().setVisible(False)
        self.incident_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.incident_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        hh = self.incident_table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.incident_room = QComboBox()
        self.incident_room.setObjectName("incidentRoom")
        self.incident_room.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.incident_room.setMinimumContentsLength(16)
        self.incident_text = QLineEdit()
        self.incident_text.setObjectName("incidentText")
        self.incident_text.setPlaceholderText("What happened? (Enter logs it with the time)")
        self.incident_button = QPushButton("Log")
        self.incident_button.setObjectName("logIncidentButton")
        self.incident_button.clicked.connect(self.log_incident)
        self.incident_text.returnPressed.connect(self.log_incident)
        entry = QHBoxLayout()
        entry.addWidget(self.incident_room)
        entry.addWidget(self.incident_text, 1)
        entry.addWidget(self.incident_button)
        log_box = QWidget()
        log_lay = QVBoxLayout(log_box)
        log_lay.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Incident log")
        title.setObjectName("sectionHead")
        log_lay.addWidget(title)
        log_lay.addLayout(entry)
        log_lay.addWidget(self.incident_table)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("liveSplitter")
        top = QWidget()
        top_lay = QVBoxLayout(top)
        top_lay.setContentsMargins(0, 0, 0, 0)
        top_lay.addWidget(self.empty)
        top_lay.addWidget(self.before, 1)
        top_lay.addWidget(scroll, 1)
        split.addWidget(top)
        split.addWidget(log_box)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([4000, 1000])

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.addWidget(self.banner)
        lay.addLayout(head)
        lay.addWidget(split, 1)

        self.timer = QTimer(self)
        self.timer.setObjectName("liveTimer")
        self.timer.setInterval(500)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self._show_mode()

    # ------------------------------------------------------------ clock
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.tick()

    def set_document(self, document: EventDocument | None) -> None:
        """The window opened ``document``; a rehearsal of the event before ends."""
        self.real_document = document
        ended = self.rehearsal is not None
        if ended:
            self._discard_rehearsal()
            self.clock = RealClock()
        super().set_document(document)
        if ended:
            self.rehearsal_changed.emit(False)

    def set_clock(self, clock: Clock) -> None:
        """Run on ``clock``. A simulated clock rehearses the day on a scratch copy of the
        event (made now, or kept from a rehearsal already running); the real clock ends a
        rehearsal and discards its copy."""
        if clock.simulated and self.rehearsal is None and self.real_document is not None:
            self.clock = clock
            self.rehearsal = Rehearsal(self.real_document, self)
            self.banner.show()
            super().set_document(self.rehearsal.document)
            self.rehearsal_changed.emit(True)
        elif not clock.simulated and self.rehearsal is not None:
            self.clock = clock
            self._discard_rehearsal()
            super().set_document(self.real_document)
            self.rehearsal_changed.emit(False)
        self.clock = clock
        self._show_mode()
        self.tick()

    def _discard_rehearsal(self) -> None:
        rehearsal, self.rehearsal = self.rehearsal, None
        self.banner.hide()
        if rehearsal is not None:
            if self.document is rehearsal.document:
                super().set_document(None)
            rehearsal.close()

    def rehearse(self, speed: float = 10.0) -> bool:
        """Start a rehearsal of the first day a little before its first session."""
        start = self.before.rehearsal_start()
        if self.real_document is None or start is None:
            return False
        self.set_clock(SimulatedClock(start, speed))
        return True

    def end_rehearsal(self) -> None:
        self.set_clock(RealClock())

    @property
    def rehearsing(self) -> bool:
        return self.rehearsal is not None

    def _show_mode(self) -> None:
        speed = getattr(self.clock, "speed", 1.0)
        zone = f"{self.document.schedule.event.timezone} · " if self.document is not None else ""
        if self.clock.simulated:
            self.clock_mode.setText(f"{zone}simulated clock, ×{speed:g} — rehearsing the day")
            self.banner_detail.setText(BANNER_DETAIL.format(speed=speed))
        else:
            self.clock_mode.setText(f"{zone}real time")

    def now(self) -> datetime:
        return self.clock.now()

    def event_or_none(self) -> Event | None:
        return self.document.schedule.event if self.document is not None else None

    # ------------------------------------------------------------ drawing
    def on_changed(self, guids: object) -> None:
        doc = self.document
        if guids is None:
            self._show_mode()
        rooms = doc.schedule.sorted_rooms() if doc is not None else []
        if doc is not None:
            self.before.show_schedule(doc.schedule)
        if [r.guid for r in rooms] != list(self.cards) or guids is None:
            self._build_cards(rooms)
        self._fill_incidents()
        self.tick()

    def _build_cards(self, rooms: list[Room]) -> None:
        for card in self.cards.values():
            self.grid.removeWidget(card)
            card.hide()
            card.setParent(None)
            card.deleteLater()
        self.cards = {}
        self._placed = []
        for room in rooms:
            card = RoomCard(self, room)
            card.hide()
            self.cards[room.guid] = card
        self.empty.setVisible(self.document is not None and not rooms)
        current = self.incident_room.currentData()
        self.incident_room.clear()
        self.incident_room.addItem("Whole event", None)
        for room in rooms:
            self.incident_room.addItem(room.name, room.guid)
        idx = self.incident_room.findData(current)
        self.incident_room.setCurrentIndex(max(0, idx))

    def tick(self) -> None:
        doc = self.document
        self.reminders_button.setEnabled(doc is not None)
        if not self.isVisible():
            return  # the timer keeps running; a hidden tab need not redraw
        if doc is None:
            self.clock_label.setText("")
            return
        now = self.now()
        self.clock_label.setText(format_local(doc.schedule.event, now, "%a %d %b  %H:%M:%S"))
        shown: list[str] = []
        show_quiet = self.quiet_box.isChecked()
        for state in board(doc.schedule, now):
            card = self.cards.get(state.room.guid)
            if card is None:
                continue
            card.show_state(state, now)  # hidden cards too: their buttons must never be stale
            if show_quiet or not _quiet(state, now):
                shown.append(state.room.guid)
        quiet = len(self.cards) - len(shown)
        self.quiet_box.setText(f"Show quiet rooms ({quiet})" if quiet or show_quiet else "Show quiet rooms")
        self._layout_cards(shown)
        # Nothing to show and the event still ahead: say when it starts instead of a blank page.
        start = self.before.start
        ahead = bool(self.cards) and not shown and start is not None and now < start
        if ahead:
            self.before.tick(now)
        self.before.rehearse_button.setEnabled(not self.rehearsing)
        self.before.setVisible(ahead)
        self.cards_scroll.setVisible(not ahead)

    def _columns(self) -> int:
        width = self.cards_scroll.viewport().width()
        return max(1, min(4, width // CARD_MIN_WIDTH))

    def _layout_cards(self, guids: list[str], force: bool = False) -> None:
        """Place the shown rooms' cards in as many columns as fit; the rest are hidden."""
        cols = self._columns()
        if not force and guids == self._placed and cols == self._placed_cols:
            return
        for g in self._placed:
            card = self.cards.get(g)
            if card is not None:
                self.grid.removeWidget(card)
                card.hide()
        for i, g in enumerate(guids):
            card = self.cards[g]
            self.grid.addWidget(card, i // cols, i % cols)
            card.show()
        for c in range(4):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)
        self._placed, self._placed_cols = list(guids), cols

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._placed and self._columns() != self._placed_cols:
            self._layout_cards(self._placed, force=True)

    def _fill_incidents(self) -> None:
        doc = self.document
        self.incident_table.setRowCount(0)
        if doc is None:
            return
        rooms = doc.schedule.room_by_guid()
        for inc in load_incidents(doc.store, doc.slug):
            row = self.incident_table.rowCount()
            self.incident_table.insertRow(row)
            room = rooms.get(inc.room or "")
            for col, text in enumerate(
                (format_local(doc.schedule.event, inc.at, "%H:%M:%S"), room.name if room else "—", inc.text)
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, inc.guid)
                self.incident_table.setItem(row, col, item)
        self.incident_table.scrollToBottom()

    # ------------------------------------------------------------ actions
    def choose_folder(self, title: str) -> Path | None:
        """Ask for a folder; tests replace this method instead of driving a modal dialog."""
        name = existing_directory(self, "reminders", title)
        return Path(name) if name else None

    def open_url(self, url: str) -> bool:
        """Open a stream or meeting link in the browser; tests replace this method."""
        return bool(url) and QDesktopServices.openUrl(QUrl(url))

    def export_reminders(self) -> Path | None:
        """Write the speakers' and moderators' calendars and the reminders CSV to a folder."""
        from planner.afterwards.reminders import write_reminders

        doc = self.document
        folder = self.choose_folder("Folder for the reminders") if doc is not None else None
        if doc is None or folder is None:
            return None
        try:
            files, csv_path = write_reminders(doc.schedule, folder)
        except OSError as exc:
            doc.error.emit(f"cannot write the reminders to {folder}: {exc.strerror or exc}")
            return None
        self.clock_mode.setText(f"wrote {plural(len(files), 'calendar')} and {csv_path.name} to {folder}")
        QTimer.singleShot(8000, self._show_mode)
        return csv_path

    def _state(self, room_guid: str) -> RoomNow | None:
        if self.document is None:
            return None
        for state in board(self.document.schedule, self.now()):
            if state.room.guid == room_guid:
                return state
        return None

    def _save(self, sessions: list[Session], text: str) -> bool:
        assert self.document is not None
        return self.document.save_sessions(sessions, text)

    def start_room(self, room_guid: str) -> bool:
        """Start the room's session that is due (or, when nothing is on, the next one)."""
        state = self._state(room_guid)
        if state is None:
            return False
        target = state.current
        if target is None and state.next is not None and can_start_early(state.next, self.now()):
            target = state.next
        if target is None or target.status != SessionStatus.SCHEDULED:
            return False
        try:
            started = start_session(target, self.now())
        except DomainError as exc:
            assert self.document is not None
            self.document.error.emit(str(exc))
            return False
        return self._save([started], f"Start {target.title}")

    def end_room(self, room_guid: str) -> bool:
        state = self._state(room_guid)
        if state is None or state.current is None or state.current.status != SessionStatus.LIVE:
            return False
        return self._save([end_session(state.current, self.now())], f"End {state.current.title}")

    def delay(self, room_guid: str, minutes: int) -> bool:
        """Shift the room's sessions that have not started by ``minutes`` and log it: one
        edit (planner.edits.delay_room), one undo step."""
        doc = self.document
        if doc is None:
            return False
        return doc.delay_room(room_guid, minutes, self.now())

    def edit_checklist(self, room_guid: str) -> bool:
        """The checklist of the session on now in the room, or of the next one."""
        from planner.ui.session_prep import edit_checklist

        state = self._state(room_guid)
        target = None if state is None else (state.current or state.next)
        if target is None or self.document is None:
            return False
        return edit_checklist(self.document, target.guid, self)

    def log_incident(self) -> bool:
        text = self.incident_text.text().strip()
        if not text or self.document is None:
            return False
        ok = self._log(Incident(at=self.now(), text=text, room=self.incident_room.currentData()))
        if ok:
            self.incident_text.clear()
        return ok

    def _log(self, incident: Incident) -> bool:
        """Write an incident as an edit (undo takes it out of the log)."""
        doc = self.document
        assert doc is not None
        return doc.log_incident(incident)
