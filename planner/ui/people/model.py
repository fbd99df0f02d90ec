"""The people table: a model of the event's people (one row each; rows drag onto session
blocks as ``application/x-planner-person``, the person's guid as UTF-8) and the filter
behind the search box and the role and session filters.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from planner.domain.model import Person, PersonRole, Schedule
from planner.invites.links import active_invite, has_role, role_label, sessions_of

PERSON_MIME = "application/x-planner-person"
COLUMNS = ["Name", "E-mail", "Organisation", "Role", "Time zone", "Sessions", "Invite"]
GUID_ROLE = Qt.ItemDataRole.UserRole + 1


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
