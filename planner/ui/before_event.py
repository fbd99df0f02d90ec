"""The run of show before the event: when it starts (in the event's zone, with a
countdown), the first day's plan, and the way into a rehearsal on a simulated clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import Schedule, Session
from planner.domain.run_of_show import format_countdown
from planner.domain.timegrid import day_window, event_day_of, format_local, nearest_event_day

REHEARSAL_SPEEDS = (1, 2, 5, 10, 30, 60)
REHEARSAL_LEAD = timedelta(minutes=15)  # the rehearsal clock starts this long before the first session


def event_start(schedule: Schedule) -> datetime:
    """When the event starts: its first session, or the first day's opening."""
    starts = [s.start for s in schedule.sessions if s.start is not None]
    return min(starts) if starts else day_window(schedule.event, schedule.event.first_day)[0]


def first_day_plan(schedule: Schedule) -> list[Session]:
    """The sessions of the event's first day with sessions, by start and room."""
    ev = schedule.event
    timed = [s for s in schedule.sessions if s.start is not None]
    if not timed:
        return []
    day = nearest_event_day(ev, event_start(schedule))
    order = {r.guid: r.position for r in schedule.rooms}
    plan = [s for s in timed if event_day_of(ev, s.start) == day]  # type: ignore[arg-type]
    return sorted(plan, key=lambda s: (s.start, order.get(s.room or "", 1 << 30), s.title))


def until_text(delta: timedelta) -> str:
    """``in 3 days 4 h 05 min`` (seconds only in the last hour, as a countdown)."""
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        return "now"
    if seconds < 3600:
        return f"in {format_countdown(delta)}"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(f"{days} day" if days == 1 else f"{days} days")
    parts.append(f"{hours} h {minutes:02d} min")
    return "in " + " ".join(parts)


class BeforeEventPage(QWidget):
    """Shown instead of an empty board while nothing is on yet and the event lies ahead."""

    rehearse = Signal(float)  # the chosen speed of the simulated clock

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("beforeEvent")
        self.headline = QLabel("")
        self.headline.setObjectName("eventStarts")
        self.headline.setWordWrap(True)
        f = self.headline.font()
        f.setPointSizeF(f.pointSizeF() * 1.5)
        f.setBold(True)
        self.headline.setFont(f)
        self.countdown = QLabel("")
        self.countdown.setObjectName("eventCountdown")
        cf = self.countdown.font()
        cf.setPointSizeF(cf.pointSizeF() * 1.3)
        self.countdown.setFont(cf)
        self.plan_head = QLabel("")
        self.plan_head.setObjectName("sectionHead")
        self.plan = QTableWidget(0, 3)
        self.plan.setObjectName("firstDayPlan")
        self.plan.setHorizontalHeaderLabels(["Time", "Room", "Session"])
        self.plan.verticalHeader().setVisible(False)
        self.plan.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.plan.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        hh = self.plan.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.speed = QComboBox()
        self.speed.setObjectName("rehearsalSpeed")
        for factor in REHEARSAL_SPEEDS:
            self.speed.addItem("real speed" if factor == 1 else f"×{factor}", float(factor))
        self.speed.setCurrentIndex(REHEARSAL_SPEEDS.index(10))
        self.speed.setToolTip("How fast the rehearsal clock runs")
        self.rehearse_button = QPushButton("Rehearse the day on a simulated clock")
        self.rehearse_button.setObjectName("rehearseButton")
        self.rehearse_button.setToolTip(
            "Run the first day on a simulated clock: Start, End, Delay and the incident log work "
            "on a scratch copy of the event that is discarded at the end"
        )
        self.rehearse_button.clicked.connect(lambda: self.rehearse.emit(float(self.speed.currentData())))
        rehearse = QHBoxLayout()
        rehearse.addWidget(self.rehearse_button)
        rehearse.addWidget(QLabel("at"))
        rehearse.addWidget(self.speed)
        rehearse.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addWidget(self.headline)
        lay.addWidget(self.countdown)
        lay.addSpacing(6)
        lay.addLayout(rehearse)
        lay.addSpacing(10)
        lay.addWidget(self.plan_head)
        lay.addWidget(self.plan, 1)
        self._start: datetime | None = None

    def show_schedule(self, schedule: Schedule) -> None:
        """Fill the headline and the plan from ``schedule``."""
        ev = schedule.event
        self._start = event_start(schedule)
        zone = ev.timezone
        self.headline.setText(
            f"{ev.name} starts on {format_local(ev, self._start, '%A %d %B %Y at %H:%M')} ({zone})"
        )
        plan = first_day_plan(schedule)
        rooms = schedule.room_by_guid()
        day = format_local(ev, plan[0].start, "%A %d %B") if plan else ""
        self.plan_head.setText(f"THE FIRST DAY'S PLAN · {day.upper()}" if plan else "NO SESSIONS PLANNED YET")
        self.plan.setRowCount(len(plan))
        for row, s in enumerate(plan):
            room = rooms.get(s.room or "")
            end = format_local(ev, s.end, "%H:%M") if s.end is not None else ""
            cells = (f"{format_local(ev, s.start, '%H:%M')}–{end}", room.name if room else "—", s.title)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, s.guid)
                self.plan.setItem(row, col, item)

    @property
    def start(self) -> datetime | None:
        """When the event starts (None until an event is shown)."""
        return self._start

    def rehearsal_start(self) -> datetime | None:
        """Where the rehearsal clock starts: a little before the first session."""
        return None if self._start is None else self._start - REHEARSAL_LEAD

    def tick(self, now: datetime) -> None:
        if self._start is not None:
            self.countdown.setText(f"The first session starts {until_text(self._start - now)}")
