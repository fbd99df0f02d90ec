"""The People tab: the table with search and filters, and add, edit, remove and invite
buttons."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import PersonRole
from planner.text import plural
from planner.ui.people.model import GUID_ROLE, PeopleFilter, PeopleModel
from planner.ui.people.person_dialog import PersonDialog
from planner.ui.views import DocumentView

log = logging.getLogger(__name__)


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
