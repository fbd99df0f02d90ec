"""The conflicts panel: every conflict of the open event in a table with filters.

It reads the document's shared :class:`~planner.domain.conflicts.ConflictEngine`
(``EventDocument.conflict_engine``). Clicking a row asks the window to select and reveal
its sessions (``reveal_sessions``); the counts of open errors and warnings go to the
status bar (``counts_changed``). A conflict can be acknowledged with a note and reopened
(each one undo step), and the rules' severities are chosen per event in a small dialog.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.domain.conflicts import (
    DEFAULT_SEVERITIES,
    ERROR,
    OFF,
    RULE_TITLES,
    RULES,
    TRAVEL_BUFFER_KEY,
    WARNING,
    Conflict,
    severity_of,
    travel_buffer_minutes,
)
from planner.domain.model import Event
from planner.text import plural
from planner.ui.views import DocumentView

log = logging.getLogger(__name__)

COLUMNS = ("Severity", "Rule", "When", "Sessions", "People", "Note", "Message")
ERROR_COLOUR = QColor("#c62828")
WARNING_COLOUR = QColor("#b26a00")
ACK_COLOUR = QColor("#7a7a7a")
ConflictRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class ConflictsModel(QAbstractTableModel):
    """The conflicts as rows; titles and times are resolved once per reset."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflicts: list[Conflict] = []
        self._rows: list[tuple[str, ...]] = []

    def set_conflicts(self, conflicts: list[Conflict], titles: dict[str, str], event: Event | None) -> None:
        self.beginResetModel()
        self.conflicts = conflicts
        zone = event.zone if event is not None else None
        rows: list[tuple[str, ...]] = []
        for c in conflicts:
            start = c.start.astimezone(zone) if zone else c.start
            end = c.end.astimezone(zone) if zone else c.end
            when = f"{start:%a %H:%M}–{end:%H:%M}"
            sessions = " · ".join(titles.get(g, g) for g in c.sessions)
            severity = c.severity + (" (acknowledged)" if c.acknowledged else "")
            rows.append((severity, c.rule, when, sessions, ", ".join(c.people), c.note, c.message))
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self.conflicts[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole and col == 1:
                return RULE_TITLES.get(c.rule, c.rule)
            return self._rows[index.row()][col]
        if role == ConflictRole:
            return c
        if role == Qt.ItemDataRole.ForegroundRole:
            if c.acknowledged:
                return QBrush(ACK_COLOUR)
            if col == 0:
                return QBrush(ERROR_COLOUR if c.severity == ERROR else WARNING_COLOUR)
        if role == Qt.ItemDataRole.FontRole and (c.acknowledged or col == 0):
            font = QFont()
            font.setItalic(c.acknowledged)
            font.setBold(col == 0 and not c.acknowledged)
            return font
        if role == Qt.ItemDataRole.UserRole:  # sort key
            if col == 0:
                return (c.acknowledged, 0 if c.severity == ERROR else 1)
            if col == 2:
                return c.start.timestamp()
            return self._rows[index.row()][col].casefold()
        return None


class ConflictsFilter(QSortFilterProxyModel):
    """Filters by severity, rule and acknowledged state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.severity = ""  # "", "error", "warning"
        self.rule = ""  # "" or a rule id
        self.acknowledged = "open"  # "open", "acknowledged", "all"
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_filters(self, severity: str, rule: str, acknowledged: str) -> None:
        self.beginFilterChange()
        self.severity, self.rule, self.acknowledged = severity, rule, acknowledged
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ConflictsModel)
        c = model.conflicts[source_row]
        if self.severity and c.severity != self.severity:
            return False
        if self.rule and c.rule != self.rule:
            return False
        if self.acknowledged == "open" and c.acknowledged:
            return False
        return not (self.acknowledged == "acknowledged" and not c.acknowledged)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(Qt.ItemDataRole.UserRole), right.data(Qt.ItemDataRole.UserRole)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


class RuleSettingsDialog(QDialog):
    """Each rule's severity for one event, and the travel buffer between rooms."""

    def __init__(self, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ruleSettingsDialog")
        self.setWindowTitle("Conflict rules")
        intro = QLabel(
            f"How each rule counts in {event.name}. Errors fail <i>planner check</i>; "
            "warnings are shown; rules turned off are not checked.",
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for rule in RULES:
            combo = QComboBox(self)
            combo.setObjectName(f"severity-{rule}")
            for value, text in ((ERROR, "Error"), (WARNING, "Warning"), (OFF, "Off")):
                combo.addItem(text, value)
            combo.setCurrentIndex(combo.findData(severity_of(event, rule)))
            default = DEFAULT_SEVERITIES[rule]
            combo.setToolTip(f"{rule} (default: {default})")
            self.combos[rule] = combo
            form.addRow(RULE_TITLES[rule], combo)
        self.travel = QSpinBox(self)
        self.travel.setObjectName("travelBuffer")
        self.travel.setRange(0, 240)
        self.travel.setSuffix(" min")
        self.travel.setValue(travel_buffer_minutes(event))
        self.travel.setToolTip("Time a person needs between sessions in two different physical rooms")
        form.addRow("Travel between physical rooms", self.travel)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def restore_defaults(self) -> None:
        for rule, combo in self.combos.items():
            combo.setCurrentIndex(combo.findData(DEFAULT_SEVERITIES[rule]))
        self.travel.setValue(0)

    def severities(self) -> dict[str, str]:
        """The chosen settings as stored in ``Event.rule_severities`` (defaults left out)."""
        chosen = {
            rule: str(combo.currentData())
            for rule, combo in self.combos.items()
            if combo.currentData() != DEFAULT_SEVERITIES[rule]
        }
        if self.travel.value():
            chosen[TRAVEL_BUFFER_KEY] = str(self.travel.value())
        return chosen


class ConflictsPanel(DocumentView):
    # errors, warnings: the window shows them in the status bar
    counts_changed = Signal(int, int)
    # guids of sessions to select and reveal in the schedule
    reveal_sessions = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsPanel")
        self.model = ConflictsModel(self)
        self.proxy = ConflictsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.severity_filter = QComboBox(self)
        self.severity_filter.setObjectName("severityFilter")
        for text, value in (("All severities", ""), ("Errors", ERROR), ("Warnings", WARNING)):
            self.severity_filter.addItem(text, value)
        self.rule_filter = QComboBox(self)
        self.rule_filter.setObjectName("ruleFilter")
        self.rule_filter.addItem("All rules", "")
        for rule in RULES:
            self.rule_filter.addItem(rule, rule)
            self.rule_filter.setItemData(
                self.rule_filter.count() - 1, RULE_TITLES[rule], Qt.ItemDataRole.ToolTipRole
            )
        self.ack_filter = QComboBox(self)
        self.ack_filter.setObjectName("acknowledgedFilter")
        for text, value in (
            ("Open", "open"),
            ("Acknowledged", "acknowledged"),
            ("Open and acknowledged", "all"),
        ):
            self.ack_filter.addItem(text, value)
        for combo in (self.severity_filter, self.rule_filter, self.ack_filter):
            combo.currentIndexChanged.connect(self._apply_filters)

        self.ack_button = QPushButton("Acknowledge…", self)
        self.ack_button.setObjectName("acknowledgeButton")
        self.ack_button.setToolTip(
            "Accept the selected conflicts with a note: they stay listed but stop nagging"
        )
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.reopen_button = QPushButton("Reopen", self)
        self.reopen_button.setObjectName("reopenButton")
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.rules_button = QPushButton("Rules…", self)
        self.rules_button.setObjectName("rulesButton")
        self.rules_button.setToolTip("Choose each rule's severity for this event")
        self.rules_button.clicked.connect(self.edit_rules)
        self.summary = QLabel(self)
        self.summary.setObjectName("conflictSummary")

        bar = QHBoxLayout()
        bar.addWidget(self.severity_filter)
        bar.addWidget(self.rule_filter)
        bar.addWidget(self.ack_filter)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.ack_button)
        bar.addWidget(self.reopen_button)
        bar.addWidget(self.rules_button)

        self.table = QTableView(self)
        self.table.setObjectName("conflictsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for col, width in enumerate((140, 160, 110, 280, 120, 120)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.empty = QLabel(self)
        self.empty.setObjectName("conflictsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
        self._counts: tuple[int, int] | None = None
        self.on_changed(None)

    # ------------------------------------------------------------------ mirroring
    def on_changed(self, guids: object) -> None:
        doc = self.document
        if doc is None:
            self.model.set_conflicts([], {}, None)
            self._emit_counts(0, 0)
        else:
            engine = doc.conflict_engine
            titles = {s.guid: s.title for s in doc.schedule.sessions}
            self.model.set_conflicts(engine.conflicts(), titles, doc.schedule.event)
            self._emit_counts(*engine.counts())
        self._update_view()

    def _emit_counts(self, errors: int, warnings: int) -> None:
        self._counts = (errors, warnings)
        self.counts_changed.emit(errors, warnings)

    def _apply_filters(self) -> None:
        self.proxy.set_filters(
            str(self.severity_filter.currentData()),
            str(self.rule_filter.currentData()),
            str(self.ack_filter.currentData()),
        )
        self._update_view()

    def _update_view(self) -> None:
        total = len(self.model.conflicts)
        shown = self.proxy.rowCount()
        acked = sum(1 for c in self.model.conflicts if c.acknowledged)
        errors, warnings = self._counts or (0, 0)
        if self.document is None:
            self.empty.setText("No event open.")
        elif total == 0:
            self.empty.setText("No conflicts: no two sessions clash and every rule is met.")
        else:
            self.empty.setText("No conflict matches these filters.")
        self.pages.setCurrentWidget(self.table if shown else self.empty)
        self.summary.setText(
            f"{plural(errors, 'error')}, {plural(warnings, 'warning')} open · {acked} acknowledged"
            + (f" · showing {shown}" if shown != total else "")
        )
        self.summary.setVisible(self.document is not None)
        self.rules_button.setEnabled(self.document is not None)
        self._update_buttons()

    def _update_buttons(self, *args: object) -> None:
        chosen = self.selected_conflicts()
        self.ack_button.setEnabled(any(not c.acknowledged for c in chosen))
        self.reopen_button.setEnabled(any(c.acknowledged for c in chosen))

    # ------------------------------------------------------------------ reading
    def visible_conflicts(self) -> list[Conflict]:
        """The conflicts in the table, in the order shown."""
        return [self.proxy.index(r, 0).data(ConflictRole) for r in range(self.proxy.rowCount())]

    def selected_conflicts(self) -> list[Conflict]:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return [r.data(ConflictRole) for r in sorted(rows, key=lambda i: i.row())]

    def _on_clicked(self, index: QModelIndex) -> None:
        c = index.data(ConflictRole)
        if isinstance(c, Conflict):
            self.reveal_sessions.emit(list(c.sessions))

    # ------------------------------------------------------------------ editing
    def ask_note(self, conflicts: list[Conflict]) -> str | None:
        """Ask why these conflicts are fine; None when cancelled (tests replace this)."""
        text, ok = QInputDialog.getMultiLineText(
            self,
            "Acknowledge conflict",
            f"Why is this fine? ({plural(len(conflicts), 'conflict')})\n" + conflicts[0].message,
            "",
        )
        return text if ok else None

    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a modal dialog; True when accepted (tests replace this)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def acknowledge_selected(self) -> None:
        doc = self.document
        chosen = [c for c in self.selected_conflicts() if not c.acknowledged]
        if doc is None or not chosen:
            return
        note = self.ask_note(chosen)
        if note is None:
            return
        doc.acknowledge_conflicts([c.key for c in chosen], note.strip())

    def reopen_selected(self) -> None:
        doc = self.document
        chosen = [c for c in self.selected_conflicts() if c.acknowledged]
        if doc is None or not chosen:
            return
        doc.unacknowledge_conflicts([c.key for c in chosen])

    def edit_rules(self) -> None:
        doc = self.document
        if doc is None:
            return
        dialog = RuleSettingsDialog(doc.schedule.event, self)
        try:
            if not self.run_dialog(dialog):
                return
            event = copy.deepcopy(doc.schedule.event)
            event.rule_severities = dialog.severities()
            if event.rule_severities != doc.schedule.event.rule_severities:
                doc.save_event(event, "Change conflict rules")
        finally:
            dialog.deleteLater()
