"""Published versions in the window: File › Publish version…, the Changes panel (what
changed since the last published version, with marks on the grid's blocks) and a past
version shown read-only beside the current grid.

The work is done by :mod:`planner.versions` (Qt-free); this module shows it.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QPainterPath, QPen, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGraphicsPathItem,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import Schedule
from planner.text import plural
from planner.ui.document import EventDocument
from planner.ui.timeline.view import TimelineView
from planner.ui.window_api import DialogHost
from planner.versions import State, list_versions, publish, state
from planner.versions.changes import SessionChange, compare, describe

log = logging.getLogger(__name__)

MARK_COLOUR = QColor("#e8710a")
KIND_LABELS = {
    "added": "Added",
    "removed": "Removed",
    "moved": "Moved",
    "retimed": "Retimed",
    "lengthened": "Length",
    "renamed": "Renamed",
    "people": "People",
    "cancelled": "Cancelled",
}


class SnapshotDocument(EventDocument):
    """A past version as a document the grid can show; every edit is refused."""

    def __init__(self, schedule: Schedule, slug: str, parent: QObject | None = None) -> None:
        QObject.__init__(self, parent)  # not EventDocument's: nothing is loaded from the store
        self.store = None  # type: ignore[assignment]
        self.slug = slug
        self.schedule = schedule
        self.undo_stack = QUndoStack(self)
        self._conflict_engine = None
        self.changed.connect(self._sync_conflicts)

    def push(self, command: object) -> bool:
        self.error.emit("A published version cannot be changed: edit the current schedule instead.")
        return False

    def reload(self) -> None:
        pass


# ------------------------------------------------------------------ publish
class PublishDialog(QDialog):
    def __init__(self, host: DialogHost) -> None:
        super().__init__(host.window())
        self.setObjectName("publishDialog")
        self.setWindowTitle("Publish version")
        self.host = host
        doc = host.document
        assert doc is not None
        versions = list_versions(host.store, doc.slug)
        self.number = (versions[-1].number if versions else 0) + 1
        if versions:
            before = state(host.store, doc.slug, versions[-1].number).schedule
            n = len(compare(before, doc.schedule))
            since = f"{plural(n, 'change')} since version {versions[-1].label}."
        else:
            since = "This will be the first published version."
        form = QFormLayout(self)
        form.addRow(QLabel(f"Freeze the schedule as version {self.number}. {since}"))
        self.name = QLineEdit(self)
        self.name.setObjectName("versionName")
        self.name.setPlaceholderText("optional, e.g. Final")
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("versionNotes")
        self.notes.setPlaceholderText("what this version is about (shown in the changelog)")
        self.notes.setFixedHeight(80)
        form.addRow("Name", self.name)
        form.addRow("Notes", self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton("Publish", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def publish(self) -> bool:
        doc = self.host.document
        assert doc is not None
        try:
            info = publish(self.host.store, doc.slug, self.name.text(), self.notes.toPlainText())
        except Exception as exc:  # a store error: one sentence
            from planner.errors import UserError

            if not isinstance(exc, UserError):
                raise
            self.host.show_error(str(exc))
            return False
        self.host.statusBar().showMessage(f"Published version {info.label}", 5000)
        return True


def publish_version(host: DialogHost) -> bool:
    """File › Publish version…: ask for a name and notes, publish; True when published."""
    if host.document is None:
        return False
    dialog = PublishDialog(host)
    return bool(dialog.exec() == QDialog.DialogCode.Accepted and dialog.publish())


# ------------------------------------------------------------------ changes panel
class ChangesPanel(QWidget):
    """What changed since the last published version; marks the changed blocks on a grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changesPanel")
        self.document: EventDocument | None = None
        self.timeline: TimelineView | None = None
        self.base: State | None = None  # the last published version
        self.changes: list[SessionChange] = []
        self._marks: dict[str, QGraphicsPathItem] = {}
        self.summary = QLabel("", self)
        self.summary.setObjectName("changesSummary")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("changesTree")
        self.tree.setHeaderLabels(["Change", "Session", "Before", "After"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(self._reveal)
        self.tree.itemDoubleClicked.connect(self._reveal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)

    def set_document(self, document: EventDocument | None, timeline: TimelineView | None = None) -> None:
        if self.document is not None:
            try:
                self.document.changed.disconnect(self.later)
            except (RuntimeError, TypeError):
                pass
        self.document, self.timeline = document, timeline
        self.base = None
        if document is not None:
            document.changed.connect(self.later)
        self.reload_base()

    def reload_base(self) -> None:
        """Read the last published version again (after a publish)."""
        doc = self.document
        self.base = None
        if doc is not None and doc.store is not None:
            versions = list_versions(doc.store, doc.slug)
            if versions:
                self.base = state(doc.store, doc.slug, versions[-1].number)
        self.refresh()

    def later(self, _guids: object = None) -> None:
        self._timer.start()

    def refresh(self) -> None:
        self.tree.clear()
        doc = self.document
        if doc is None or self.base is None:
            self.changes = []
            self.summary.setText("No version published yet (File › Publish version…)." if doc else "")
            self._mark()
            return
        self.changes = compare(self.base.schedule, doc.schedule)
        n = len(self.changes)
        self.summary.setText(
            f"{plural(n, 'change')} since version {self.base.label}" if n else
            f"No change since version {self.base.label}"
        )  # fmt: skip
        zone = doc.schedule.event.zone
        for c in self.changes:
            before, after = _shown(c.before, zone), _shown(c.after, zone)
            item = QTreeWidgetItem([KIND_LABELS[c.kind], c.title, before, after])
            item.setData(0, Qt.ItemDataRole.UserRole, c.guid)
            item.setToolTip(1, describe(c, zone))
            self.tree.addTopLevelItem(item)
        for i in range(4):
            self.tree.resizeColumnToContents(i)
        self._mark()

    def _mark(self) -> None:
        """A corner mark on each changed block of the grid, its tooltip saying what changed."""
        for mark in self._marks.values():
            if shiboken6.isValid(mark) and mark.scene() is not None:
                mark.scene().removeItem(mark)
        self._marks = {}
        if self.timeline is None or self.timeline.document is not self.document:
            return
        zone = self.document.schedule.event.zone if self.document else None
        lines: dict[str, list[str]] = {}
        for c in self.changes:
            lines.setdefault(c.guid, []).append(describe(c, zone))
        blocks = self.timeline.blocks
        for guid, text in lines.items():
            block = blocks.get(guid)
            if block is None:
                continue
            path = QPainterPath()
            w = block.w
            path.moveTo(w - 16, 0)
            path.lineTo(w, 0)
            path.lineTo(w, 16)
            path.closeSubpath()
            mark = QGraphicsPathItem(path, block)
            mark.setBrush(QBrush(MARK_COLOUR))
            mark.setPen(QPen(Qt.PenStyle.NoPen))
            mark.setToolTip("Since the last published version:\n" + "\n".join(text))
            mark.setData(1, "change-mark")
            self._marks[guid] = mark

    @property
    def marked(self) -> set[str]:
        return {g for g, m in self._marks.items() if shiboken6.isValid(m)}

    def _reveal(self, item: QTreeWidgetItem) -> None:
        guid = item.data(0, Qt.ItemDataRole.UserRole)
        if self.timeline is not None and guid in self.timeline.blocks:
            self.timeline.select([guid])
            self.timeline.centerOn(self.timeline.blocks[guid])


def _shown(value: object, zone: object) -> str:
    from datetime import datetime

    if value is None:
        return ""
    if isinstance(value, dict):
        start = datetime.fromisoformat(value["start"]).astimezone(zone)  # type: ignore[arg-type]
        return f"{start:%a %H:%M}, {value['room']}, {value['duration']} min"
    if isinstance(value, list):
        return ", ".join(str(x) for x in value)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        try:
            return f"{datetime.fromisoformat(value).astimezone(zone):%a %d %b %H:%M}"  # type: ignore[arg-type]
        except ValueError:
            return value
    if isinstance(value, int):
        return f"{value} min"
    return str(value)


# ------------------------------------------------------------------ a version beside now
class CompareWindow(QWidget):
    """A past version (read-only) beside the current schedule, scrolled together."""

    def __init__(self, host: DialogHost) -> None:
        super().__init__(host.window(), Qt.WindowType.Window)
        self.setObjectName("compareWindow")
        self.host = host
        doc = host.document
        assert doc is not None
        self.setWindowTitle(f"{doc.schedule.event.name}: a published version beside now")
        self.versions = list_versions(host.store, doc.slug)
        self.combo = QComboBox(self)
        self.combo.setObjectName("versionCombo")
        for v in reversed(self.versions):
            self.combo.addItem(
                f"Version {v.label} ({v.at.astimezone(doc.schedule.event.zone):%d %b %H:%M})", v.number
            )
        self.combo.activated.connect(lambda _i: self.show_version(int(self.combo.currentData())))
        self.note = QLabel("", self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.combo)
        top.addWidget(self.note, 1)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        top.addWidget(close)
        self.past = TimelineView(self)
        self.past.setObjectName("pastTimeline")
        self.now = TimelineView(self)
        self.now.setObjectName("currentTimeline")
        self.left = QWidget(self)
        lv = QVBoxLayout(self.left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.past_label = QLabel("", self.left)
        lv.addWidget(self.past_label)
        lv.addWidget(self.past)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(QLabel("<b>Now</b> (changed sessions marked)", right))
        rv.addWidget(self.now)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.now.set_document(doc)
        self.marks = ChangesPanel(self)
        self.marks.hide()
        # The current grid follows the window's edits; the marks follow them too.
        doc.changed.connect(self.now.on_changed)
        doc.changed.connect(self.marks.later)
        self._doc = doc
        self.past.verticalScrollBar().valueChanged.connect(self.now.verticalScrollBar().setValue)
        self.now.verticalScrollBar().valueChanged.connect(self.past.verticalScrollBar().setValue)
        self.resize(1400, 800)
        if self.versions:
            self.show_version(self.versions[-1].number)

    def closeEvent(self, event: QCloseEvent) -> None:
        for slot in (self.now.on_changed, self.marks.later):
            try:
                self._doc.changed.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        super().closeEvent(event)

    def show_version(self, number: int) -> None:
        doc = self.host.document
        assert doc is not None
        st = state(self.host.store, doc.slug, number)
        self.snapshot = SnapshotDocument(st.schedule, doc.slug, self)
        self.snapshot.error.connect(self.host.show_error)
        self.past.set_document(self.snapshot)
        self.past_label.setText(f"<b>Version {st.label}</b> (read-only)")
        idx = self.combo.findData(number)
        if idx >= 0:
            self.combo.setCurrentIndex(idx)
        self.now.place_all()
        self.past.place_all()
        self.marks.document, self.marks.timeline, self.marks.base = doc, self.now, st
        self.marks.refresh()
        n = len(self.marks.changes)
        self.note.setText(f"{plural(n, 'change')} from version {st.label} to now")
        self.now.scroll_to_first_session()
        self.past.verticalScrollBar().setValue(self.now.verticalScrollBar().value())


def compare_versions(host: DialogHost) -> CompareWindow | None:
    """View › Compare with a version…: None (and a message) when nothing is published."""
    doc = host.document
    if doc is None:
        return None
    if not list_versions(host.store, doc.slug):
        host.show_error("No version of this event is published yet (File › Publish version…).")
        return None
    window = CompareWindow(host)
    window.show()
    return window
