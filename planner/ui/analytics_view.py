"""Numbers after the event: summary figures, bar charts painted with QPainter (we ship
PySide6-Essentials, without QtCharts) and a table per session. Imports of attendance and
feedback and the PDF report are one click away."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain import analytics as an
from planner.domain.analytics import Attendance, Feedback
from planner.domain.model import DomainError, Schedule
from planner.domain.timegrid import format_local
from planner.errors import UserError
from planner.store.day_record import load_attendance, load_feedback
from planner.text import plural
from planner.ui.file_dialogs import open_file_name, save_file_name
from planner.ui.views import DocumentView

if TYPE_CHECKING:
    from planner.edits import AttendanceEdit, FeedbackEdit

log = logging.getLogger(__name__)

ACCENT = QColor("#2563eb")
ACCENT_2 = QColor("#f59e0b")
LATE = QColor("#dc2626")
ON_TIME = QColor("#16a34a")
MAX_SESSION_BARS = 40  # more bars are a wall, not a chart; the table has every session


class BarChart(QWidget):
    """Horizontal bars with labels. Each row: (label, value, reference or None); the
    reference (a capacity) is drawn as a pale bar behind the value."""

    ROW = 20

    def __init__(
        self,
        title: str,
        color: QColor = ACCENT,
        value_format: str = "{:,.0f}",
        fixed_max: float | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.color = color
        self.value_format = value_format
        self.fixed_max = fixed_max
        self.rows: list[tuple[str, float, float | None]] = []
        self.empty_text = "No numbers yet."
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, float, float | None]], empty_text: str = "") -> None:
        self.rows = rows
        if empty_text:
            self.empty_text = empty_text
        self.updateGeometry()
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 30 + max(1, len(self.rows)) * self.ROW + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        font = p.font()
        bold = p.font()
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(text)
        p.drawText(
            QRectF(0, 0, self.width(), 22),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            self.title,
        )
        p.setFont(font)
        if not self.rows:
            p.setPen(muted)
            p.drawText(QRectF(0, 26, self.width(), self.ROW), Qt.AlignmentFlag.AlignVCenter, self.empty_text)
            p.end()
            return
        fm = p.fontMetrics()
        label_w = min(self.width() * 0.4, max(fm.horizontalAdvance(r[0]) for r in self.rows) + 12)
        value_w = fm.horizontalAdvance("00,000 / 00,000") + 8
        bar_x = label_w
        bar_w = max(10.0, self.width() - label_w - value_w)
        top = self.fixed_max or max(max(v, ref or 0) for _, v, ref in self.rows) or 1
        pale = QColor(self.color)
        pale.setAlpha(45)
        for i, (label, value, ref) in enumerate(self.rows):
            y = 26 + i * self.ROW
            p.setPen(text)
            elided = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(label_w - 10))
            p.drawText(
                QRectF(0, y, label_w - 8, self.ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                elided,
            )
            p.setPen(Qt.PenStyle.NoPen)
            if ref:
                p.setBrush(pale)
                p.drawRoundedRect(QRectF(bar_x, y + 3, bar_w * min(1.0, ref / top), self.ROW - 6), 3, 3)
            p.setBrush(self.color)
            p.drawRoundedRect(QRectF(bar_x, y + 5, bar_w * min(1.0, value / top), self.ROW - 10), 3, 3)
            shown = self.value_format.format(value)
            if ref:
                shown += f" / {ref:,.0f}"
            p.setPen(muted)
            end = bar_x + bar_w * min(1.0, max(value, ref or 0) / top)
            p.drawText(QRectF(end + 4, y, value_w, self.ROW), Qt.AlignmentFlag.AlignVCenter, shown)
        p.end()


class Figure(QFrame):
    """One summary figure: a big number and what it is."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figure")
        self.value = QLabel("–")
        self.value.setObjectName("figureValue")
        f = self.value.font()
        f.setPointSizeF(f.pointSizeF() * 1.9)
        f.setBold(True)
        self.value.setFont(f)
        self.caption = QLabel(caption)
        self.caption.setObjectName("figureCaption")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(self.value)
        lay.addWidget(self.caption)


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v * 100:.0f}%"


class AnalyticsView(DocumentView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analyticsView")
        self.setStyleSheet(
            "QFrame#figure { border-top: 2px solid #2563eb; }"
            "QLabel#figureCaption { color: palette(placeholder-text); }"
        )
        self.attendance: list[Attendance] = []
        self.feedback: list[Feedback] = []
        self._dirty = True

        self.import_attendance_button = QPushButton("Import attendance…")
        self.import_attendance_button.setObjectName("importAttendanceButton")
        self.import_feedback_button = QPushButton("Import feedback…")
        self.import_feedback_button.setObjectName("importFeedbackButton")
        self.report_button = QPushButton("Export report (PDF)…")
        self.report_button.setObjectName("exportReportButton")
        self.import_attendance_button.clicked.connect(self.import_attendance)
        self.import_feedback_button.clicked.connect(self.import_feedback)
        self.report_button.clicked.connect(self.export_report)
        self.note = QLabel("")
        self.note.setObjectName("analyticsNote")
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        for b in (self.import_attendance_button, self.import_feedback_button, self.report_button):
            bar.addWidget(b)

        self.figures = {
            k: Figure(c)
            for k, c in (
                ("attended", "attended"),
                ("registered", "registered"),
                ("no_shows", "no-shows"),
                ("fill", "mean fill rate"),
                ("rating", "mean rating"),
                ("on_time", "started on time"),
            )
        }
        figs = QHBoxLayout()
        for f in self.figures.values():
            figs.addWidget(f)

        self.room_chart = BarChart("Attendance per room (mean per session) against capacity")
        self.session_chart = BarChart("Attendance per session against capacity")
        self.track_chart = BarChart("Mean rating by track", ACCENT_2, "{:.1f}", fixed_max=5)
        self.hour_chart = BarChart("Mean rating by start hour", ACCENT_2, "{:.1f}", fixed_max=5)
        self.delay_chart = BarChart("Minutes late at the start (planned against actual)", LATE, "{:+.0f}")
        self.country_chart = BarChart("Audience by country")
        self.org_chart = BarChart("Audience by organisation")
        self.role_chart = BarChart("People by role", ACCENT_2)
        for c, name in (
            (self.room_chart, "roomChart"),
            (self.session_chart, "sessionChart"),
            (self.track_chart, "trackChart"),
            (self.hour_chart, "hourChart"),
            (self.delay_chart, "delayChart"),
            (self.country_chart, "countryChart"),
            (self.org_chart, "organisationChart"),
            (self.role_chart, "roleChart"),
        ):
            c.setObjectName(name)

        self.table = QTableWidget(0, 10)
        self.table.setObjectName("sessionNumbers")
        self.table.setHorizontalHeaderLabels(
            [
                "Session",
                "Room",
                "Start",
                "Capacity",
                "Registered",
                "Attended",
                "Fill",
                "No-shows",
                "Peak",
                "Rating",
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        body = QWidget()
        grid = QGridLayout(body)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(14)
        top = Qt.AlignmentFlag.AlignTop
        grid.addLayout(figs, 0, 0, 1, 2)
        grid.addWidget(self.room_chart, 1, 0, top)
        grid.addWidget(self.track_chart, 1, 1, top)
        grid.addWidget(self.session_chart, 2, 0, top)
        right = QVBoxLayout()
        right.addWidget(self.hour_chart)
        right.addWidget(self.delay_chart)
        right.addStretch(1)
        grid.addLayout(right, 2, 1)
        grid.addWidget(self.country_chart, 3, 0, top)
        aud = QVBoxLayout()
        aud.addWidget(self.org_chart)
        aud.addWidget(self.role_chart)
        aud.addStretch(1)
        grid.addLayout(aud, 3, 1)
        grid.addWidget(self.table, 4, 0, 1, 2)
        grid.setRowStretch(5, 1)
        scroll = QScrollArea()
        scroll.setObjectName("analyticsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.addLayout(bar)
        lay.addWidget(scroll, 1)

    # ------------------------------------------------------------ drawing
    def on_changed(self, guids: object) -> None:
        doc = self.document
        enabled = doc is not None
        for b in (self.import_attendance_button, self.import_feedback_button, self.report_button):
            b.setEnabled(enabled)
        if doc is None:
            self.attendance, self.feedback = [], []
        elif guids is None or not self.attendance:
            self.attendance = load_attendance(doc.store, doc.slug)
            self.feedback = load_feedback(doc.store, doc.slug)
        self.refresh()

    def reload_numbers(self) -> None:
        if self.document is not None:
            self.attendance = load_attendance(self.document.store, self.document.slug)
            self.feedback = load_feedback(self.document.store, self.document.slug)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Recompute and redraw; while the tab is hidden this waits until it is shown."""
        doc = self.document
        if doc is None:
            return
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        sched = doc.schedule
        rows = an.session_numbers(sched, self.attendance, self.feedback)
        summ = an.summary(sched, rows, self.feedback)
        self.note.setText(
            f"{plural(summ.sessions_with_numbers, 'session')} with numbers · {plural(summ.ratings, 'rating')}"
            if rows
            else "No numbers yet: import the attendance and feedback exports after the event."
        )
        values = {
            "attended": f"{summ.attended:,}",
            "registered": f"{summ.registered:,}",
            "no_shows": f"{summ.no_shows:,}",
            "fill": _pct(summ.fill_rate),
            "rating": "–" if summ.mean_rating is None else f"{summ.mean_rating:.2f}",
            "on_time": _pct(summ.on_time_share),
        }
        for k, v in values.items():
            self.figures[k].value.setText(v)
        no_att = "No attendance imported yet."
        rooms = [r for r in an.room_numbers(sched, rows) if r.sessions and r.attended]
        self.room_chart.set_rows(
            [
                (
                    an.no_limit_label(r.name, r.capacity),
                    r.attended / r.sessions,
                    float(r.capacity or 0) or None,
                )
                for r in rooms
            ],
            no_att,
        )
        with_att = [r for r in rows if r.attended or r.registered]
        self.session_chart.title = "Attendance per session against capacity"
        if len(with_att) > MAX_SESSION_BARS:
            self.session_chart.title += f" (the {MAX_SESSION_BARS} best attended of {len(with_att)})"
            with_att = sorted(with_att, key=lambda r: -r.attended)[:MAX_SESSION_BARS]
        self.session_chart.set_rows(
            [
                (
                    an.no_limit_label(r.session.title, r.capacity),
                    float(r.attended),
                    float(r.capacity or 0) or None,
                )
                for r in with_att
            ],
            no_att,
        )
        no_fb = "No feedback imported yet."
        self.track_chart.set_rows(
            [(f"{t} ({n})", m, None) for t, m, n in an.ratings_by_track(sched, self.feedback)], no_fb
        )
        self.hour_chart.set_rows(
            [(f"{h} ({n})", m, None) for h, m, n in an.ratings_by_hour(sched, self.feedback)], no_fb
        )
        delays = an.start_delays(sched)
        self.delay_chart.set_rows(
            [(d.session.title, max(0.0, d.minutes), None) for d in delays],
            "No session was started in the run of show yet.",
        )
        aud = an.audience(sched)
        self.country_chart.set_rows([(k, float(v), None) for k, v in aud.by_country], "No people yet.")
        self.org_chart.set_rows([(k, float(v), None) for k, v in aud.by_organisation], "No people yet.")
        self.role_chart.set_rows([(k, float(v), None) for k, v in aud.by_role], "No people yet.")
        self._fill_table(rows)

    def _fill_table(self, rows: list[an.SessionNumbers]) -> None:
        assert self.document is not None
        ev = self.document.schedule.event
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells: list[tuple[str, float | str]] = [
                (r.session.title, r.session.title),
                (r.room_name, r.room_name),
                (
                    format_local(ev, r.session.start, "%H:%M"),
                    r.session.start.isoformat() if r.session.start else "",
                ),
                # "no limit" sorts above every capacity
                (an.capacity_text(r.capacity), float(r.capacity) if r.capacity else math.inf),
                (f"{r.registered:,}", float(r.registered)),
                (f"{r.attended:,}", float(r.attended)),
                (_pct(r.fill_rate), float(r.fill_rate or 0)),
                (f"{r.no_shows:,}", float(r.no_shows)),
                ("–" if r.peak_viewers is None else f"{r.peak_viewers:,}", float(r.peak_viewers or 0)),
                ("–" if r.rating is None else f"{r.rating:.1f} ({r.ratings})", float(r.rating or 0)),
            ]
            for col, (text, key) in enumerate(cells):
                item = _SortItem(text, key)
                if col >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, col, item)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        # Tall enough for every row: the page scrolls, not the table inside it.
        height = self.table.horizontalHeader().height() + 4
        height += sum(self.table.rowHeight(i) for i in range(self.table.rowCount()))
        self.table.setFixedHeight(max(120, height))

    # ------------------------------------------------------------ actions
    def choose_file(self, title: str, filter_: str, save: bool = False, suggested: str = "") -> Path | None:
        """Ask for a file; tests replace this method instead of driving a modal dialog."""
        if save:
            name, _ = save_file_name(self, "report", title, suggested, filter_)
        else:
            name = open_file_name(self, "afterwards-import", title, filter_)
        return Path(name) if name else None

    def _report_error(self, message: str) -> None:
        if self.document is not None:
            self.document.error.emit(message)

    def import_attendance(self) -> bool:
        from planner import edits
        from planner.afterwards import attendance

        return self._import(
            "Import attendance",
            attendance.read,
            lambda rows: edits.import_attendance(self.attendance, rows),
            "Imported the attendance of {sessions} from {name}.",
        )

    def import_feedback(self) -> bool:
        from planner import edits
        from planner.afterwards import feedback

        return self._import(
            "Import feedback",
            feedback.read,
            lambda items: edits.import_feedback(self.feedback, items),
            "Imported {ratings} from {name}; they replace the ratings imported before.",
        )

    def _import(
        self,
        title: str,
        read: Callable[[Path, Schedule], Any],
        make_edit: Callable[[Any], AttendanceEdit | FeedbackEdit],
        done: str,
    ) -> bool:
        """Ask for a CSV, read it against the event, apply it as one edit; say what came in."""
        doc = self.document
        path = self.choose_file(title, "CSV files (*.csv);;All files (*)") if doc else None
        if doc is None or path is None:
            return False
        try:
            rows = list(read(path, doc.schedule))
            edit = make_edit(rows)
        except (UserError, DomainError) as exc:
            self._report_error(str(exc))
            return False
        if not doc.push(edit):
            return False
        n = len(rows)
        self.reload_numbers()
        self.note.setText(
            done.format(sessions=plural(n, "session"), ratings=plural(n, "rating"), name=path.name)
        )
        return True

    def export_report(self) -> Path | None:
        from planner.afterwards.report import ReportData, write_report

        doc = self.document
        if doc is None:
            return None
        path = self.choose_file(
            "Export the post-event report", "PDF files (*.pdf)", save=True, suggested=f"{doc.slug}-report.pdf"
        )
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a big event takes a second or two
        try:
            write_report(ReportData(doc.schedule, self.attendance, self.feedback), path)
        except OSError as exc:
            self._report_error(f"cannot write {path}: {exc.strerror or exc}")
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self.note.setText(f"Wrote {path}")
        return path


class _SortItem(QTableWidgetItem):
    """A cell that sorts by a key (numbers as numbers) and shows text."""

    def __init__(self, text: str, key: float | str) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, _SortItem) and type(self.key) is type(other.key):
            return self.key < other.key  # type: ignore[operator]
        return super().__lt__(other)
