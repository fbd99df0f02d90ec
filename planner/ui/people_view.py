"""People of the event: a table with search and filters, the person dialog with a small
week grid for availability, File > Import people with a column-mapping preview, and
File > Export QR sheet with progress and cancel.

Rows can be dragged (MIME type ``application/x-planner-person``, the person's guid as
UTF-8) onto session blocks in the schedule grid.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import (
    DomainError,
    Event,
    Interval,
    Person,
    PersonRole,
    Schedule,
    timezone_names,
)
from planner.domain.timegrid import local_instant
from planner.errors import UserError
from planner.invites.links import active_invite, has_role, people_with_role, role_label, sessions_of
from planner.invites.people_csv import (
    FIELD_LABELS,
    FIELDS,
    ImportPlan,
    Table,
    guess_mapping,
    plan_import,
    read_table,
)
from planner.invites.qr import ErrorCorrection
from planner.invites.sheet import DEFAULT_LAYOUT, LAYOUTS, SheetCancelledError, SheetResult
from planner.text import noun, plural
from planner.ui.document import EventDocument
from planner.ui.views import DocumentView

if TYPE_CHECKING:
    from planner.ui.main_window import MainWindow

log = logging.getLogger(__name__)

PERSON_MIME = "application/x-planner-person"
COLUMNS = ["Name", "E-mail", "Organisation", "Role", "Time zone", "Sessions", "Invite"]
GUID_ROLE = Qt.ItemDataRole.UserRole + 1


# ====================================================================== table model
class PeopleModel(QAbstractTableModel):
    """The people of the schedule as rows; drags carry the person's guid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schedule: Schedule | None = None
        self.people: list[Person] = []
        self._sessions: dict[str, list[str]] = {}
        self._session_guids: dict[str, set[str]] = {}
        self._roles: dict[str, str] = {}

    def set_schedule(self, schedule: Schedule | None) -> None:
        self.beginResetModel()
        self.schedule = schedule
        self.people = sorted(schedule.people, key=lambda p: p.name.casefold()) if schedule else []
        self._sessions, self._session_guids, self._roles = {}, {}, {}
        if schedule is not None:
            for p in self.people:
                ss = sessions_of(schedule, p.guid)
                self._sessions[p.guid] = [s.title for s in ss]
                self._session_guids[p.guid] = {s.guid for s in ss}
                self._roles[p.guid] = role_label(schedule, p)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def person_at(self, row: int) -> Person:
        return self.people[row]

    def sessions_of(self, guid: str) -> set[str]:
        return self._session_guids.get(guid, set())

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        p = self.people[index.row()]
        col = index.column()
        if role == GUID_ROLE:
            return p.guid
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return p.name
            if col == 1:
                return p.email
            if col == 2:
                return p.organisation
            if col == 3:
                return self._roles.get(p.guid, p.role.value)
            if col == 4:
                return p.timezone
            if col == 5:
                titles = self._sessions.get(p.guid, [])
                if role == Qt.ItemDataRole.ToolTipRole:
                    return "\n".join(titles) or None
                return "; ".join(titles)
            if col == 6:
                assert self.schedule is not None
                return "active" if active_invite(self.schedule, p.guid) else "—"
        if role == Qt.ItemDataRole.ForegroundRole and col == 6:
            assert self.schedule is not None
            if active_invite(self.schedule, p.guid) is None:
                return QColor("#888888")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [PERSON_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        """The dragged person (the first row of the selection) as its guid in UTF-8."""
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            guid = self.people[rows[0]].guid
            mime.setData(PERSON_MIME, guid.encode("utf-8"))
            mime.setText(self.people[rows[0]].name)
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction


class PeopleFilter(QSortFilterProxyModel):
    """Search text (name, e-mail, organisation), a role and a session."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.role: PersonRole | None = None
        self.session: str | None = None  # a session guid, "" for "in no session", None for any
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filters(self, text: str, role: PersonRole | None, session: str | None) -> None:
        # Qt 6.10 replaced invalidateFilter() by a begin/end pair around the change.
        modern = hasattr(self, "beginFilterChange")
        if modern:
            self.beginFilterChange()
        self.text, self.role, self.session = text.strip().casefold(), role, session
        if modern:
            self.endFilterChange()
        else:
            self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PeopleModel)
        p = model.person_at(source_row)
        if self.text and not any(self.text in v.casefold() for v in (p.name, p.email, p.organisation)):
            return False
        if (
            self.role is not None
            and model.schedule is not None
            and not has_role(model.schedule, p, self.role)
        ):
            return False
        if self.session is not None:
            mine = model.sessions_of(p.guid)
            if self.session == "" and mine:
                return False
            if self.session and self.session not in mine:
                return False
        return True


# ====================================================================== week grid
class WeekGrid(QWidget):
    """Availability on a small grid: a column per event day, a row per half hour (or
    hour) of the event's day window. Click or drag to paint cells available, or to clear
    them when the first cell was already available. No cell painted means always
    available. Windows that do not fall on cells are kept until the grid is edited."""

    def __init__(self, event: Event, windows: list[Interval], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("availabilityGrid")
        self.ev = event
        self.days: list[date] = event.days[:14]
        span = event.day_end_minute - event.day_start_minute
        self.step = 30 if span <= 12 * 60 else 60
        self.rows = max(1, -(-span // self.step))
        self.original = list(windows)
        self.edited = False
        self.cells: set[tuple[int, int]] = set()
        for d in range(len(self.days)):
            for r in range(self.rows):
                cell = self.cell_interval(d, r)
                if any(w.contains(cell) for w in windows):
                    self.cells.add((d, r))
        self._paint_value: bool | None = None
        self.left, self.top, self.ch = 44, 20, 12
        self.cw = max(44, min(110, 400 // max(1, len(self.days))))
        self.setMinimumSize(self.sizeHint())
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setToolTip("Drag over the hours the person is available; leave empty for always")

    def sizeHint(self) -> QSize:
        return QSize(self.left + self.cw * len(self.days) + 2, self.top + self.ch * self.rows + 2)

    def cell_interval(self, d: int, r: int) -> Interval:
        m0 = self.ev.day_start_minute + r * self.step
        m1 = min(m0 + self.step, self.ev.day_end_minute)
        return Interval(local_instant(self.ev, self.days[d], m0), local_instant(self.ev, self.days[d], m1))

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        d = (pos.x() - self.left) // self.cw
        r = (pos.y() - self.top) // self.ch
        if pos.x() < self.left or pos.y() < self.top or not (0 <= d < len(self.days) and 0 <= r < self.rows):
            return None
        return int(d), int(r)

    def cell_rect(self, d: int, r: int) -> QRect:
        return QRect(self.left + d * self.cw, self.top + r * self.ch, self.cw, self.ch)

    def set_cell(self, d: int, r: int, on: bool) -> None:
        self.edited = True
        if on:
            self.cells.add((d, r))
        else:
            self.cells.discard((d, r))
        self.update(self.cell_rect(d, r))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if cell is None:
            return
        self._paint_value = cell not in self.cells
        self.set_cell(*cell, self._paint_value)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if cell is not None and self._paint_value is not None:
            self.set_cell(*cell, self._paint_value)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._paint_value = None

    def clear(self) -> None:
        self.edited = True
        self.cells.clear()
        self.update()

    def windows(self) -> list[Interval]:
        """The painted cells as windows, runs of cells in one day merged."""
        if not self.edited:
            return list(self.original)
        out: list[Interval] = []
        for d in range(len(self.days)):
            r = 0
            while r < self.rows:
                if (d, r) in self.cells:
                    start = r
                    while r < self.rows and (d, r) in self.cells:
                        r += 1
                    out.append(Interval(self.cell_interval(d, start).start, self.cell_interval(d, r - 1).end))
                else:
                    r += 1
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        on = QColor("#3b82c4")
        grid = pal.mid().color()
        f = p.font()
        f.setPointSizeF(max(7.0, f.pointSizeF() * 0.8))
        p.setFont(f)
        for d, day in enumerate(self.days):
            p.setPen(pal.text().color())
            p.drawText(
                QRect(self.left + d * self.cw, 0, self.cw, self.top - 2),
                Qt.AlignmentFlag.AlignCenter,
                day.strftime("%a %d"),
            )
        for r in range(self.rows):
            m = self.ev.day_start_minute + r * self.step
            if m % 60 == 0:
                p.setPen(pal.text().color())
                p.drawText(
                    QRect(0, self.top + r * self.ch - 6, self.left - 6, 12),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    f"{(m // 60) % 24:02d}:00",
                )
            for d in range(len(self.days)):
                rect = self.cell_rect(d, r)
                if (d, r) in self.cells:
                    p.fillRect(rect, on)
                p.setPen(grid)
                p.drawRect(rect)
        p.end()


# ====================================================================== person dialog
class PersonDialog(QDialog):
    """Add or edit one person. The result is :meth:`result_person` after accept."""

    def __init__(self, parent: QWidget | None, event: Event, person: Person | None) -> None:
        super().__init__(parent)
        self.setObjectName("personDialog")
        self.setWindowTitle("Edit person" if person else "Add person")
        self.original = person
        p = person or Person(name="")
        self.name_edit = QLineEdit(p.name)
        self.name_edit.setObjectName("personName")
        self.email_edit = QLineEdit(p.email)
        self.email_edit.setObjectName("personEmail")
        self.org_edit = QLineEdit(p.organisation)
        self.org_edit.setObjectName("personOrganisation")
        self.tz_combo = QComboBox()
        self.tz_combo.setObjectName("personTimezone")
        self.tz_combo.setEditable(True)
        self.tz_combo.addItem("")
        self.tz_combo.addItems(timezone_names())
        self.tz_combo.setCurrentText(p.timezone)
        completer = QCompleter(timezone_names(), self.tz_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tz_combo.setCompleter(completer)
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("personRole")
        for r in PersonRole:
            self.role_combo.addItem(r.value.capitalize(), r.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(p.role.value))
        self.grid = WeekGrid(event, p.availability, self)
        clear = QPushButton("Always available")
        clear.setObjectName("personAlwaysAvailable")
        clear.clicked.connect(self.grid.clear)
        self.error_label = QLabel()
        self.error_label.setObjectName("personError")
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&E-mail:", self.email_edit)
        form.addRow("&Organisation:", self.org_edit)
        form.addRow("&Time zone:", self.tz_combo)
        form.addRow("&Role:", self.role_combo)
        grid_box = QVBoxLayout()
        grid_box.addWidget(self.grid)
        note = QLabel(f"Times in the event's zone ({event.timezone}). Empty means always available.")
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        grid_box.addWidget(note)
        grid_box.addWidget(clear, alignment=Qt.AlignmentFlag.AlignLeft)
        form.addRow("Available:", grid_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._result: Person | None = None

    def build(self) -> Person:
        base = self.original
        p = Person(
            name=" ".join(self.name_edit.text().split()),
            email=self.email_edit.text().strip(),
            organisation=self.org_edit.text().strip(),
            timezone=self.tz_combo.currentText().strip(),
            role=PersonRole(self.role_combo.currentData()),
            availability=self.grid.windows(),
        )
        if base is not None:
            p.guid = base.guid
            p.extra = dict(base.extra)
        return p

    def accept(self) -> None:
        try:
            p = self.build()
            p.validate()
        except DomainError as exc:
            self.error_label.setText(f"{exc.field.capitalize()}: {exc.message}")
            return
        self._result = p
        super().accept()

    def result_person(self) -> Person | None:
        return self._result


# ====================================================================== the view
class PeopleView(DocumentView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("peopleView")
        self.model = PeopleModel(self)
        self.proxy = PeopleFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setObjectName("peopleSearch")
        self.search.setPlaceholderText("Search name, e-mail or organisation")
        self.search.setClearButtonEnabled(True)
        self.role_filter = QComboBox()
        self.role_filter.setObjectName("peopleRoleFilter")
        self.role_filter.addItem("All roles", None)
        for r in PersonRole:
            self.role_filter.addItem(r.value.capitalize() + "s", r.value)
        self.session_filter = QComboBox()
        self.session_filter.setObjectName("peopleSessionFilter")
        self.session_filter.setMinimumWidth(220)
        self.session_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.session_filter.setMinimumContentsLength(24)
        self.add_button = QPushButton("Add…")
        self.add_button.setObjectName("peopleAdd")
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName("peopleEdit")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("peopleRemove")
        self.invite_button = QPushButton("Invite…")
        self.invite_button.setObjectName("peopleInvite")
        self.invite_button.setToolTip("The person's invite link and QR code")
        self.count_label = QLabel()
        self.count_label.setObjectName("peopleCount")

        self.table = QTableView()
        self.table.setObjectName("peopleTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for col, width in enumerate([190, 230, 190, 150, 140, 320, 70]):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

        self.empty_label = QLabel("No people yet. Add them one by one, or File > Import people… from a CSV.")
        self.empty_label.setObjectName("peopleEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setVisible(False)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        bar.addWidget(self.role_filter)
        bar.addWidget(self.session_filter, 1)
        bar.addSpacing(12)
        for b in (self.add_button, self.edit_button, self.remove_button, self.invite_button):
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.count_label)

        self.search.textChanged.connect(self.apply_filters)
        self.role_filter.currentIndexChanged.connect(self.apply_filters)
        self.session_filter.currentIndexChanged.connect(self.apply_filters)
        self.add_button.clicked.connect(self.add_person)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.invite_button.clicked.connect(self.open_invite)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    # ------------------------------------------------------------ mirror the document
    def on_changed(self, guids: object) -> None:
        doc = self.document
        selected = self.selected_guids()
        self.model.set_schedule(doc.schedule if doc else None)
        self._fill_session_filter()
        self.apply_filters()
        if selected:
            self.select_guids(selected)
        self._update_buttons()

    def _fill_session_filter(self) -> None:
        current = self.session_filter.currentData()
        self.session_filter.blockSignals(True)
        self.session_filter.clear()
        self.session_filter.addItem("All sessions", None)
        self.session_filter.addItem("In no session", "")
        if self.document is not None:
            from planner.domain.timegrid import format_local

            ev = self.document.schedule.event
            for s in sorted(
                self.document.schedule.sessions,
                key=lambda s: (s.start is None, s.start.timestamp() if s.start else 0.0, s.title.casefold()),
            ):
                if s.speakers or s.moderators:
                    when = format_local(ev, s.start, "%a %H:%M") if s.start else "unscheduled"
                    self.session_filter.addItem(f"{s.title}  ({when})", s.guid)
        idx = self.session_filter.findData(current)
        self.session_filter.setCurrentIndex(idx if idx >= 0 and current is not None else 0)
        self.session_filter.blockSignals(False)

    def apply_filters(self) -> None:
        role = self.role_filter.currentData()
        self.proxy.set_filters(
            self.search.text(), PersonRole(role) if role else None, self.session_filter.currentData()
        )
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.table.setVisible(total > 0)
        self.empty_label.setVisible(total == 0 and self.document is not None)
        if self.document is None:
            self.count_label.setText("")
        elif shown == total:
            self.count_label.setText(
                f"{plural(total, 'person', 'people')}. "
                "Drag a row onto a session in the schedule to assign them."
            )
        else:
            self.count_label.setText(f"{shown} of {plural(total, 'person', 'people')} shown")

    # ------------------------------------------------------------ selection
    def selected_guids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(GUID_ROLE) for r in rows]

    def select_guids(self, guids: list[str]) -> None:
        sel = self.table.selectionModel()
        sel.clearSelection()
        wanted = set(guids)
        for r in range(self.proxy.rowCount()):
            idx = self.proxy.index(r, 0)
            if idx.data(GUID_ROLE) in wanted:
                sel.select(idx, sel.SelectionFlag.Select | sel.SelectionFlag.Rows)

    def _update_buttons(self) -> None:
        n = len(self.selected_guids()) if self.document else 0
        self.add_button.setEnabled(self.document is not None)
        self.edit_button.setEnabled(n == 1)
        self.invite_button.setEnabled(n == 1)
        self.remove_button.setEnabled(n >= 1)

    # ------------------------------------------------------------ prompts (tests replace)
    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a modal dialog; tests replace this to fill in and accept the dialog."""
        return bool(dialog.exec())

    def confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------ edits
    def add_person(self) -> bool:
        if self.document is None:
            return False
        dialog = PersonDialog(self, self.document.schedule.event, None)
        if not self.run_dialog(dialog) or dialog.result_person() is None:
            return False
        p = dialog.result_person()
        assert p is not None
        ok = self.document.save_people([p], f"Add {p.name}")
        if ok:
            self.select_guids([p.guid])
        return ok

    def edit_selected(self) -> bool:
        guids = self.selected_guids()
        if self.document is None or len(guids) != 1:
            return False
        person = self.document.schedule.person_by_guid()[guids[0]]
        dialog = PersonDialog(self, self.document.schedule.event, person)
        if not self.run_dialog(dialog) or dialog.result_person() is None:
            return False
        p = dialog.result_person()
        assert p is not None
        return self.document.save_people([p], f"Edit {p.name}")

    def remove_selected(self) -> bool:
        guids = self.selected_guids()
        if self.document is None or not guids:
            return False
        people = self.document.schedule.person_by_guid()
        names = [people[g].name for g in guids]
        what = names[0] if len(names) == 1 else f"{len(names)} people"
        if not self.confirm(
            "Remove people", f"Remove {what}? They leave their sessions too (Edit > Undo brings them back)."
        ):
            return False
        return self.document.delete_people(guids, f"Remove {what}")

    def open_invite(self) -> QDialog | None:
        guids = self.selected_guids()
        if self.document is None or len(guids) != 1:
            return None
        from planner.ui.invite_dialog import InviteDialog

        dialog = InviteDialog(self, self.document, guids[0])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


# ====================================================================== import
def choose_import_file(parent: QWidget) -> Path | None:
    """The CSV to import; tests replace this function."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import people", "", "CSV files (*.csv *.txt);;All files (*)"
    )
    return Path(name) if name else None


class ImportPeopleDialog(QDialog):
    """The column mapping with a live preview of the first rows and every rejected row.
    Import stays disabled while any row would be rejected (all or nothing)."""

    PREVIEW_ROWS = 25

    def __init__(self, parent: QWidget | None, document: EventDocument, path: Path) -> None:
        super().__init__(parent)
        self.setObjectName("importPeopleDialog")
        self.setWindowTitle(f"Import people: {path.name}")
        self.resize(900, 620)
        self.document = document
        self.path = path
        self.table: Table = read_table(path.read_bytes(), str(path))
        self.plan = ImportPlan()
        enc = {
            "utf-8-sig": "UTF-8 (with BOM)",
            "utf-8": "UTF-8",
            "utf-16": "UTF-16",
            "cp1252": "Windows-1252",
        }.get(self.table.encoding, self.table.encoding)
        sep = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(
            self.table.delimiter, repr(self.table.delimiter)
        )
        info = QLabel(
            f"{plural(len(self.table.rows), 'row')}, {enc}, separated by {sep}. "
            "Choose which column holds what:"
        )
        info.setObjectName("importInfo")
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("importDefaultRole")
        for r in PersonRole:
            self.role_combo.addItem(r.value.capitalize(), r.value)
        self.role_combo.setCurrentIndex(self.role_combo.findData(PersonRole.ATTENDEE.value))

        guessed = guess_mapping(self.table.header)
        self.combos: dict[str, QComboBox] = {}
        mapping_form = QFormLayout()
        grid = QHBoxLayout()
        left, right = QFormLayout(), QFormLayout()
        for n, f in enumerate(FIELDS):
            combo = QComboBox()
            combo.setObjectName(f"map_{f}")
            combo.addItem("— not imported —", None)
            for i, h in enumerate(self.table.header):
                combo.addItem(h or f"(column {i + 1})", i)
            combo.setCurrentIndex(combo.findData(guessed[f]) if f in guessed else 0)
            combo.currentIndexChanged.connect(self.update_preview)
            self.combos[f] = combo
            (left if n % 2 == 0 else right).addRow(FIELD_LABELS[f] + ":", combo)
        grid.addLayout(left)
        grid.addSpacing(24)
        grid.addLayout(right)
        mapping_form.addRow("Role when none is given:", self.role_combo)
        self.role_combo.currentIndexChanged.connect(self.update_preview)

        self.preview = QTableWidget()
        self.preview.setObjectName("importPreview")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.problems = QPlainTextEdit()
        self.problems.setObjectName("importProblems")
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(120)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importPeopleButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addLayout(grid)
        layout.addLayout(mapping_form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.update_preview()

    def mapping(self) -> dict[str, int]:
        return {f: c.currentData() for f, c in self.combos.items() if c.currentData() is not None}

    def update_preview(self) -> None:
        role = PersonRole(self.role_combo.currentData())
        self.plan = plan_import(self.table, self.mapping(), self.document.schedule.people, role)
        people = self.plan.people[: self.PREVIEW_ROWS]
        cols = ["Name", "E-mail", "Organisation", "Time zone", "Role"]
        self.preview.clear()
        self.preview.setColumnCount(len(cols))
        self.preview.setHorizontalHeaderLabels(cols)
        self.preview.setRowCount(len(people))
        existing = {p.guid for p in self.document.schedule.people}
        for r, p in enumerate(people):
            for c, v in enumerate([p.name, p.email, p.organisation, p.timezone, p.role.value]):
                item = QTableWidgetItem(v.replace("\n", " ⏎ "))
                if p.guid in existing:
                    item.setToolTip("updates a person already in the event")
                    item.setForeground(QColor("#1f5fa8"))
                self.preview.setItem(r, c, item)
        self.preview.resizeColumnsToContents()
        if self.plan.ok:
            more = f" (first {self.PREVIEW_ROWS} shown)" if len(self.plan.people) > self.PREVIEW_ROWS else ""
            self.summary.setText(f"Ready: {self.plan.summary()}{more}.")
            self.summary.setStyleSheet("")
            self.problems.setPlainText("")
            self.problems.setVisible(False)
        else:
            n = len(self.plan.rejects)
            self.summary.setText(
                f"{n} {'row' if n == 1 else 'rows'} cannot be imported; fix the file or the "
                "mapping (nothing is imported while any row is rejected):"
            )
            self.summary.setStyleSheet("color: #b3261e;")
            self.problems.setPlainText("\n".join(str(r) for r in self.plan.rejects))
            self.problems.setVisible(True)
        self.import_button.setEnabled(self.plan.ok and bool(self.plan.people))

    def accept(self) -> None:
        if not self.plan.ok or not self.plan.people:
            return
        if self.document.save_people(self.plan.people, f"Import people from {self.path.name}"):
            super().accept()


def import_people(window: MainWindow, path: Path | None = None) -> ImportPeopleDialog | None:
    """File > Import people: choose a CSV, then map and preview in a dialog (not blocking)."""
    doc = window.document
    if doc is None:
        return None
    path = path or choose_import_file(window)
    if path is None:
        return None
    try:
        dialog = ImportPeopleDialog(window, doc, path)
    except (UserError, OSError) as exc:
        QMessageBox.warning(
            window,
            "Import people",
            str(exc) if isinstance(exc, UserError) else f"Cannot read {path}: {exc.strerror or exc}",
        )
        return None
    dialog.accepted.connect(
        lambda: window.statusBar().showMessage(f"Imported from {path.name}: {dialog.plan.summary()}", 8000)
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


# ====================================================================== QR sheet
def choose_sheet_path(parent: QWidget, suggested: str) -> Path | None:
    """Where to save the sheet; tests replace this function."""
    name, _ = QFileDialog.getSaveFileName(parent, "Export QR sheet", suggested, "PDF (*.pdf)")
    return Path(name) if name else None


class QrSheetDialog(QDialog):
    """Who goes on the sheet and how it is laid out."""

    def __init__(self, parent: QWidget | None, document: EventDocument) -> None:
        super().__init__(parent)
        self.setObjectName("qrSheetDialog")
        self.setWindowTitle("Export QR sheet")
        self.document = document
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("sheetRole")
        self.role_combo.addItem("Everyone", None)
        for r in PersonRole:
            self.role_combo.addItem(r.value.capitalize() + "s", r.value)
        self.layout_combo = QComboBox()
        self.layout_combo.setObjectName("sheetLayout")
        for name, lay in LAYOUTS.items():
            self.layout_combo.addItem(lay.description, name)
        self.layout_combo.setCurrentIndex(self.layout_combo.findData(DEFAULT_LAYOUT))
        self.paper_combo = QComboBox()
        self.paper_combo.setObjectName("sheetPaper")
        self.paper_combo.addItem("A4", "a4")
        self.paper_combo.addItem("US Letter", "letter")
        self.level_combo = QComboBox()
        self.level_combo.setObjectName("sheetLevel")
        for lv in ErrorCorrection:
            self.level_combo.addItem(lv.label, lv.value)
        self.level_combo.setCurrentIndex(1)
        self.count = QLabel()
        self.count.setObjectName("sheetCount")
        self.role_combo.currentIndexChanged.connect(self._count)
        form = QFormLayout(self)
        form.addRow("People:", self.role_combo)
        form.addRow("Layout:", self.layout_combo)
        form.addRow("Paper:", self.paper_combo)
        form.addRow("Error correction:", self.level_combo)
        form.addRow("", self.count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        b = buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        b.setObjectName("sheetExport")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._count()

    @property
    def role(self) -> PersonRole | None:
        r = self.role_combo.currentData()
        return PersonRole(r) if r else None

    def _count(self) -> None:
        n = len(people_with_role(self.document.schedule, self.role))
        missing = sum(
            active_invite(self.document.schedule, p.guid) is None
            for p in people_with_role(self.document.schedule, self.role)
        )
        text = plural(n, "person", "people")
        if missing:
            text += f"; {missing} without an invite {noun(missing, 'gets', 'get')} one now"
        self.count.setText(text)


def run_sheet(
    window: QWidget,
    document: EventDocument,
    path: Path,
    role: PersonRole | None,
    layout: str,
    paper: str,
    level: str,
) -> SheetResult | None:
    """Write the sheet with a progress dialog whose Cancel stops it (no file is left)."""
    from planner.invites.service import make_sheet

    progress = QProgressDialog("Drawing QR codes…", "Cancel", 0, 100, window)
    progress.setObjectName("sheetProgress")
    progress.setWindowTitle("Export QR sheet")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    progress.setValue(0)

    def on_progress(done: int, total: int) -> None:
        progress.setMaximum(max(total, 1))
        progress.setValue(done)
        progress.setLabelText(f"Drawing QR codes… {done // 2} of {total // 2}")
        QApplication.processEvents()

    known = {i.token for i in document.schedule.invites}
    try:
        result = make_sheet(
            path,
            document.store,
            document.slug,
            role,
            layout,
            paper,
            level,
            progress=on_progress,
            cancelled=progress.wasCanceled,
            schedule=document.schedule,
        )
    except SheetCancelledError:
        log.info("QR sheet cancelled")
        return None
    except UserError as exc:
        QMessageBox.warning(window, "Export QR sheet", str(exc))
        return None
    except OSError as exc:
        QMessageBox.warning(window, "Export QR sheet", f"Cannot write {path}: {exc.strerror or exc}")
        return None
    finally:
        progress.close()
        progress.deleteLater()
        # Invites issued for the sheet were saved; let the views show them.
        new = {i.person for i in document.schedule.invites if i.token not in known}
        if new:
            document.changed.emit(new)
    return result


def export_qr_sheet(window: MainWindow) -> QrSheetDialog | None:
    """File > Export QR sheet: options, a file name, then the sheet with progress."""
    doc = window.document
    if doc is None:
        return None
    dialog = QrSheetDialog(window, doc)

    def go() -> None:
        suggested = f"{doc.slug}-{dialog.layout_combo.currentData()}.pdf"
        path = choose_sheet_path(window, suggested)
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        result = run_sheet(
            window,
            doc,
            path,
            dialog.role,
            dialog.layout_combo.currentData(),
            dialog.paper_combo.currentData(),
            dialog.level_combo.currentData(),
        )
        if result is not None:
            window.statusBar().showMessage(
                f"Wrote {plural(result.codes, 'code')} on {plural(result.pages, 'page')} to {path.name}", 8000
            )

    dialog.accepted.connect(go)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
