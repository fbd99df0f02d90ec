"""The main window: menus, the event switcher, the empty state and the event's views."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from planner import __version__
from planner.store import Store, StoreError
from planner.ui.document import EventDocument
from planner.ui.schedule_view import ScheduleView
from planner.ui.style import menu_text, plain_text
from planner.ui.views import DocumentView

if TYPE_CHECKING:
    from planner.ui.collaborate import LiveLink
    from planner.ui.conflicts_panel import ConflictsPanel
    from planner.ui.versions_view import ChangesPanel

log = logging.getLogger(__name__)


class EmptyState(QWidget):
    """What a new user sees: an invitation to create or import an event."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("emptyState")
        title = QLabel("Plan your first event")
        title.setObjectName("emptyTitle")
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.8)
        f.setBold(True)
        title.setFont(f)
        text = QLabel(
            "An event has days, rooms that run in parallel, and sessions on a timeline.\n"
            "Create one from scratch, bring in a schedule from pretalx, frab or a spreadsheet,\n"
            "or look around in a demo gala first."
        )
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.create_button = QPushButton("Create event…")
        self.create_button.setObjectName("createEventButton")
        self.create_button.setDefault(True)
        self.import_button = QPushButton("Import schedule…")
        self.import_button.setObjectName("importButton")
        self.demo_button = QPushButton("Add demo event")
        self.demo_button.setObjectName("demoButton")
        for b in (self.create_button, self.import_button, self.demo_button):
            b.setMinimumHeight(36)
            b.setMinimumWidth(170)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.create_button, self.import_button, self.demo_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addSpacing(12)
        layout.addWidget(text, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addSpacing(24)
        layout.addLayout(buttons)
        layout.addStretch(3)
        self.create_button.clicked.connect(window.new_event)
        self.import_button.clicked.connect(window.import_schedule)
        self.demo_button.clicked.connect(window.add_demo)


class EventTabs(QTabWidget):
    """The event's tabs. ``setCurrentWidget`` also takes a view inside a tab page (the
    lazily built views sit inside a :class:`LazyTab`). A drag held over a tab switches to
    it, so a person dragged from the People tab can be dropped on a session in the grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        bar = self.tabBar()
        bar.setAcceptDrops(True)
        bar.setChangeCurrentOnDrag(True)

    def setCurrentWidget(self, widget: QWidget) -> None:
        page: QWidget | None = widget
        while page is not None and self.indexOf(page) < 0:
            page = page.parentWidget()
        super().setCurrentWidget(page if page is not None else widget)


def unique_keys(sequences: list[QKeySequence]) -> list[QKeySequence]:
    """``sequences`` without empties and repeats, in order (a repeat makes a shortcut ambiguous)."""
    seen: set[str] = set()
    out: list[QKeySequence] = []
    for seq in sequences:
        text = seq.toString(QKeySequence.SequenceFormat.PortableText)
        if text and text not in seen:
            seen.add(text)
            out.append(seq)
    return out


TabFactory = Callable[[QWidget], DocumentView]
"""Builds a tab's view (given its parent): imports the view's module on first use."""


def people_tab(parent: QWidget) -> DocumentView:
    from planner.ui.people.view import PeopleView

    return PeopleView(parent)


def run_of_show_tab(parent: QWidget) -> DocumentView:
    from planner.ui.run_of_show_view import RunOfShowView

    view = RunOfShowView(parent)
    window = parent.window()
    if isinstance(window, MainWindow):  # a rehearsal shows in the window's title
        view.rehearsal_changed.connect(lambda _on: window.update_title())
    return view


def analytics_tab(parent: QWidget) -> DocumentView:
    from planner.ui.analytics_view import AnalyticsView

    return AnalyticsView(parent)


class LazyTab(QWidget):
    """A tab whose view is built on first use; until then it keeps the document."""

    def __init__(self, factory: TabFactory, parent: QWidget) -> None:
        super().__init__(parent)
        self._factory = factory
        self._view: DocumentView | None = None
        self._document: EventDocument | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def view(self) -> DocumentView:
        if self._view is None:
            self._view = self._factory(self)
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self._view)
            self._view.set_document(self._document)
        return self._view

    @property
    def built_view(self) -> DocumentView | None:
        """The view if it was built, else None (without building it)."""
        return self._view

    def set_document(self, document: EventDocument | None) -> None:
        self._document = document
        if self._view is not None:
            self._view.set_document(document)


class MainWindow(QMainWindow):
    def __init__(self, store: Store, event: str | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.store = store
        self.document: EventDocument | None = None
        self.live_link: LiveLink | None = None  # File › Collaborate…
        self.live_label: QLabel | None = None
        self.undo_group = QUndoGroup(self)
        self.setWindowTitle("planner")
        self.resize(1400, 900)

        self.stack = QStackedWidget(self)
        self.stack.setObjectName("centralStack")
        self.empty_state = EmptyState(self)
        self.tabs = EventTabs(self)
        self.tabs.setObjectName("eventTabs")
        self.tabs.setDocumentMode(True)
        self.schedule_view = ScheduleView(self)
        self.tabs.addTab(self.schedule_view, "Schedule")
        # The other tabs are built when first shown (or asked for): their modules and
        # Qt classes cost start-up time that the first paint does not need.
        self._lazy: dict[str, LazyTab] = {}
        tabs: tuple[tuple[str, str, TabFactory], ...] = (
            ("people_view", "People", people_tab),
            ("run_of_show_view", "Run of show", run_of_show_tab),
            ("analytics_view", "Analytics", analytics_tab),
        )
        for attr, title, factory in tabs:
            tab = LazyTab(factory, self)
            tab.setObjectName(f"{attr}Tab")
            self._lazy[attr] = tab
            self.tabs.addTab(tab, title)
        self.tabs.currentChanged.connect(self._build_current_tab)
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)

        # The panel is built just after the first paint (see finish_start): its check of
        # the whole event, its table and its module are not what the first paint needs.
        self._conflicts_panel: ConflictsPanel | None = None
        self.conflicts_dock = QDockWidget("Conflicts", self)
        self.conflicts_dock.setObjectName("conflictsDock")
        placeholder = QLabel("Checking the schedule for conflicts…", self.conflicts_dock)
        placeholder.setObjectName("conflictsPending")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.conflicts_dock.setWidget(placeholder)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.conflicts_dock)
        # A modest strip by default: the schedule is what the window is for.
        self.resizeDocks([self.conflicts_dock], [190], Qt.Orientation.Vertical)
        # What changed since the last published version: built when first shown.
        self.changes_dock = QDockWidget("Changes", self)
        self.changes_dock.setObjectName("changesDock")
        self.changes_dock.setWidget(QLabel("", self.changes_dock))
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.changes_dock)
        self.tabifyDockWidget(self.conflicts_dock, self.changes_dock)
        self.conflicts_dock.raise_()
        self._changes_panel: ChangesPanel | None = None
        self.changes_dock.visibilityChanged.connect(lambda on: on and self.changes_panel)

        self.views: list[DocumentView | LazyTab] = [
            self.schedule_view,
            *self._lazy.values(),
        ]

        self.event_switcher = QComboBox(self)
        self.event_switcher.setObjectName("eventSwitcher")
        self.event_switcher.setMinimumWidth(260)
        self.event_switcher.setToolTip("Switch to another event")
        self.event_switcher.setPlaceholderText("No events yet")
        self.event_switcher.activated.connect(self._on_switch)

        self.conflict_status = QLabel("")
        self.conflict_status.setObjectName("conflictStatus")
        self.conflict_status.setContentsMargins(8, 0, 8, 0)
        self.statusBar().addPermanentWidget(self.conflict_status)
        if store.read_only:  # a read-only file or file system: reading works, edits are refused
            read_only = QLabel(f"Read-only: {store.path.name} cannot be written, edits are impossible")
            read_only.setObjectName("readOnlyStatus")
            read_only.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(read_only)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._restore_geometry()
        # Two-stage start: the first paint shows the event; the conflict check of the
        # whole event fills the panel and the status bar just after it (finish_start).
        self._started = False
        self._finish_posted = False
        self.refresh_events(select=event, prefer=self._last_event())
        QTimer.singleShot(0, self, self._finish_if_unshown)

    # ------------------------------------------------------------ start-up
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._started and not self._finish_posted:
            self._finish_posted = True
            QTimer.singleShot(0, self, self.finish_start)

    def _finish_if_unshown(self) -> None:
        # A window built but not shown (a script, a test) finishes at the first turn of
        # the event loop; a shown one after its first paint (paintEvent).
        if not self.isVisible():
            self.finish_start()

    def finish_start(self) -> None:
        """Do now what start-up left for just after the first paint: the conflict check
        of the open event (panel, status bar, marks) and the blocks not placed yet."""
        if self._started:
            return
        self._started = True
        _ = self.conflicts_panel  # built and filled
        self.schedule_view.timeline.place_all()
        self.schedule_view.timeline.attach_engine()

    @property
    def conflicts_panel(self) -> ConflictsPanel:
        """The conflicts dock's panel, built on first use (just after the first paint)."""
        if self._conflicts_panel is None:
            from planner.ui.conflicts_panel import ConflictsPanel

            panel = ConflictsPanel(self.conflicts_dock)
            panel.counts_changed.connect(self._show_conflict_counts)
            panel.reveal_sessions.connect(self._reveal_sessions)
            old = self.conflicts_dock.widget()
            self.conflicts_dock.setWidget(panel)
            if old is not None:
                old.deleteLater()
            self._conflicts_panel = panel
            panel.set_document(self.document)
        return self._conflicts_panel

    # ------------------------------------------------------------ lazy tabs
    @property
    def people_view(self) -> DocumentView:
        return self._lazy["people_view"].view()

    @property
    def run_of_show_view(self) -> DocumentView:
        return self._lazy["run_of_show_view"].view()

    @property
    def analytics_view(self) -> DocumentView:
        return self._lazy["analytics_view"].view()

    def _build_current_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if isinstance(widget, LazyTab):
            widget.view()

    # ------------------------------------------------------------ construction
    def _action(
        self,
        text: str,
        name: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        a = QAction(text, self)
        a.setObjectName(name)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(slot)
        return a

    def _undo_action(self, text: str, name: str, slot: Callable[[], None]) -> QAction:
        a = QAction(text, self)
        a.setObjectName(name)
        a.setEnabled(False)
        a.triggered.connect(lambda _=False: slot())
        return a

    @staticmethod
    def _set_undo_text(action: QAction, prefix: str, text: str) -> None:
        action.setText(f"{prefix} {menu_text(text)}" if text else prefix)

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.act_new = self._action("&New event…", "actionNewEvent", self.new_event, keys.New)
        self.act_edit_event = self._action("&Event settings…", "actionEditEvent", self.edit_event, "Ctrl+E")
        self.act_rooms = self._action("&Rooms…", "actionRooms", self.edit_rooms, "Ctrl+R")
        self.act_import = self._action("&Import schedule…", "actionImport", self.import_schedule, keys.Open)
        self.act_export = self._action(
            "E&xport schedule…", "actionExport", self.export_schedule, "Ctrl+Shift+E"
        )
        self.act_import_people = self._action("Import &people…", "actionImportPeople", self.import_people)
        self.act_qr_sheet = self._action("Export &QR sheet…", "actionQrSheet", self.export_qr_sheet)
        self.act_demo = self._action("Add &demo event", "actionDemo", self.add_demo)
        self.act_delete_event = self._action("&Delete event…", "actionDeleteEvent", self.delete_event)
        self.act_publish = self._action("Publish &version…", "actionPublish", self.publish_version)
        self.act_compare = self._action("&Compare with a version…", "actionCompare", self.compare_versions)
        self.act_messages = self._action("&Messages…", "actionMessages", self.show_messages)
        self.act_templates = self._action("Message &templates…", "actionTemplates", self.edit_templates)
        self.act_quit = self._action("&Quit", "actionQuit", self.close, keys.Quit)
        self.act_merge = self._action("&Merge changes…", "actionMergeChanges", self.merge_changes)
        self.act_collaborate = self._action("Co&llaborate…", "actionCollaborate", self.collaborate)
        self.act_leave = self._action("Stop collaborating", "actionStopCollaborating", self.leave_relay)
        self.act_leave.setEnabled(False)
        # Undo and Redo say what they undo ("Undo Move Rock & Roll"): built here rather than by
        # QUndoGroup.createUndoAction, which would show the "&" of a title as a mnemonic.
        self.act_undo = self._undo_action("&Undo", "actionUndo", self.undo_group.undo)
        self.undo_group.canUndoChanged.connect(self.act_undo.setEnabled)
        self.undo_group.undoTextChanged.connect(lambda t: self._set_undo_text(self.act_undo, "&Undo", t))
        self.act_undo.setShortcut(QKeySequence(keys.Undo))
        self.act_redo = self._undo_action("&Redo", "actionRedo", self.undo_group.redo)
        self.undo_group.canRedoChanged.connect(self.act_redo.setEnabled)
        self.undo_group.redoTextChanged.connect(lambda t: self._set_undo_text(self.act_redo, "&Redo", t))
        # The platform's Redo keys often include Ctrl+Shift+Z already: a key bound twice is
        # "ambiguous" to Qt and does nothing at all.
        self.act_redo.setShortcuts(
            unique_keys([QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(keys.Redo)])
        )
        self.act_about = self._action("&About planner", "actionAbout", self.about)
        self.act_reload = self._action(
            "&Reload from the database", "actionReload", self.reload_event, keys.Refresh
        )
        self.act_history = self._action("&History…", "actionHistory", self.show_history, "Ctrl+H")
        self.act_arrange = self._action("&Arrange…", "actionArrange", self.arrange, "Ctrl+Shift+A")
        self.event_actions = [
            self.act_arrange,
            self.act_reload,
            self.act_history,
            self.act_edit_event,
            self.act_rooms,
            self.act_export,
            self.act_import_people,
            self.act_qr_sheet,
            self.act_delete_event,
            self.act_publish,
            self.act_compare,
            self.act_messages,
            self.act_templates,
        ]

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("&File")
        m.setObjectName("menuFile")
        for a in (self.act_new, self.act_import, self.act_demo):
            m.addAction(a)
        m.addSeparator()
        for a in (self.act_edit_event, self.act_rooms, self.act_import_people):
            m.addAction(a)
        m.addSeparator()
        for a in (self.act_export, self.act_qr_sheet, self.act_merge, self.act_collaborate, self.act_leave):
            m.addAction(a)
        m.addSeparator()
        for a in (self.act_publish, self.act_messages, self.act_templates):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.act_delete_event)
        m.addSeparator()
        m.addAction(self.act_quit)
        m = mb.addMenu("&Edit")
        m.setObjectName("menuEdit")
        m.addAction(self.act_undo)
        m.addAction(self.act_redo)
        m = mb.addMenu("&Schedule")
        m.setObjectName("menuSchedule")
        m.addAction(self.act_arrange)
        m = mb.addMenu("&View")
        m.setObjectName("menuView")
        for i, name in enumerate(["Schedule", "People", "Run of show", "Analytics"]):
            a = self._action(
                name, f"actionView{i}", lambda _=False, i=i: self.tabs.setCurrentIndex(i), f"Ctrl+{i + 1}"
            )
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.conflicts_dock.toggleViewAction())
        m.addAction(self.changes_dock.toggleViewAction())
        m.addAction(self.act_compare)
        m.addSeparator()
        m.addAction(self.act_history)
        m.addAction(self.act_reload)
        m = mb.addMenu("&Help")
        m.setObjectName("menuHelp")
        m.addAction(self.act_about)

    def arrange(self) -> None:
        """Schedule › Arrange…: the dialog, beside the grid that shows its proposal."""
        if self.document is None:
            return
        from planner.ui.arrange_dialog import ArrangeDialog

        self.tabs.setCurrentWidget(self.schedule_view)
        dialog = ArrangeDialog(self.document, self.schedule_view.timeline, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def _build_toolbar(self) -> None:
        tb = QToolBar("Event", self)
        tb.setObjectName("eventToolbar")
        tb.setMovable(False)
        tb.setContentsMargins(4, 0, 4, 0)
        layout = tb.layout()
        if layout is not None:
            layout.setSpacing(6)
        tb.addWidget(QLabel(" Event: "))
        tb.addWidget(self.event_switcher)
        tb.addSeparator()
        tb.addAction(self.act_edit_event)
        tb.addAction(self.act_rooms)
        tb.addSeparator()
        # The menu's actions say what they undo ("Undo Move 3 sessions"); the toolbar keeps
        # short labels so that it does not jump about, with the full text as a tooltip.
        for action, label in ((self.act_undo, "Undo"), (self.act_redo, "Redo")):
            short = QAction(label, self)
            short.setObjectName(f"{action.objectName()}Toolbar")
            short.triggered.connect(action.trigger)

            def sync(short: QAction = short, action: QAction = action) -> None:
                short.setEnabled(action.isEnabled())
                short.setToolTip(plain_text(action.text()) or short.text())

            action.changed.connect(sync)
            sync()
            tb.addAction(short)
        self.addToolBar(tb)

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geo = settings.value("mainWindow/geometry")
        if geo is not None:
            self.restoreGeometry(geo)

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("mainWindow/geometry", self.saveGeometry())
        self.leave_relay()
        super().closeEvent(event)

    # ------------------------------------------------------------ events
    def _last_event_key(self) -> str:
        # One per store file: another store's slugs mean other events.
        return f"lastEvent/{self.store.path.resolve().as_posix()}"

    def _last_event(self) -> str | None:
        """The event open when this store was last used in the window."""
        value = QSettings().value(self._last_event_key())
        return value if isinstance(value, str) and value else None

    def refresh_events(self, select: str | None = None, prefer: str | None = None) -> None:
        """Fill the switcher from the store and open ``select`` (or keep the current, or
        ``prefer`` when it is there: the event last used)."""
        current = select or (self.document.slug if self.document else None) or prefer
        events = self.store.list_events()
        self.event_switcher.blockSignals(True)
        self.event_switcher.clear()
        for e in events:
            self.event_switcher.addItem(f"{e.name}  ({e.first_day:%d %b %Y})", e.slug)
        self.event_switcher.blockSignals(False)
        slugs = [e.slug for e in events]
        if not slugs:
            self.open_event(None)
        elif current in slugs:
            self.open_event(current)
        else:
            if current is not None and select is not None and current == select:
                log.warning("no event %r; opening %r", current, slugs[0])
            self.open_event(slugs[0])

    def open_event(self, slug: str | None) -> None:
        if slug is None:
            self.document = None
            self.stack.setCurrentWidget(self.empty_state)
            self.conflicts_dock.hide()
            self.setWindowTitle("planner")
        else:
            doc = EventDocument(self.store, slug, self)
            doc.error.connect(self.show_error)
            doc.changed.connect(self._on_document_changed)
            self.undo_group.addStack(doc.undo_stack)
            self.undo_group.setActiveStack(doc.undo_stack)
            if self.document is not None:
                self.undo_group.removeStack(self.document.undo_stack)
            was_empty = self.document is None
            self.document = doc
            QSettings().setValue(self._last_event_key(), slug)
            self.stack.setCurrentWidget(self.tabs)
            if was_empty:
                self.conflicts_dock.show()
            idx = self.event_switcher.findData(slug)
            if idx >= 0:
                self.event_switcher.setCurrentIndex(idx)
            self.update_title()
        for a in self.event_actions:
            a.setEnabled(self.document is not None)
        self.event_switcher.setEnabled(self.event_switcher.count() > 0)
        for v in self.views:
            v.set_document(self.document)
        if self._conflicts_panel is not None:
            self._conflicts_panel.set_document(self.document)
        if self._changes_panel is not None:
            self._changes_panel.set_document(self.document, self.schedule_view.timeline)

    @property
    def changes_panel(self) -> ChangesPanel:
        """The Changes dock's panel, built on first use."""
        if self._changes_panel is None:
            from planner.ui.versions_view import ChangesPanel

            self._changes_panel = ChangesPanel(self.changes_dock)
            self.changes_dock.setWidget(self._changes_panel)
            self._changes_panel.set_document(self.document, self.schedule_view.timeline)
        return self._changes_panel

    def publish_version(self) -> None:
        from planner.ui.versions_view import publish_version

        if publish_version(self):
            self.changes_panel.reload_base()
            self.changes_dock.show()
            self.changes_dock.raise_()

    def compare_versions(self) -> None:
        from planner.ui.versions_view import compare_versions

        self._compare_window = compare_versions(self)

    def show_messages(self) -> None:
        from planner.ui.messages_dialog import show_messages

        show_messages(self)

    def edit_templates(self) -> None:
        from planner.ui.messages_dialog import edit_templates

        edit_templates(self)

    def _on_switch(self, index: int) -> None:
        slug = self.event_switcher.itemData(index)
        if slug and (self.document is None or slug != self.document.slug):
            self.open_event(slug)

    def _on_document_changed(self, guids: object) -> None:
        if guids is None and self.document is not None:
            # The open event is the switcher's current item; its name or slug may have
            # changed (an edit, or its undo).
            idx = self.event_switcher.currentIndex()
            ev = self.document.schedule.event
            if idx >= 0:
                self.event_switcher.setItemText(idx, f"{ev.name}  ({ev.first_day:%d %b %Y})")
                self.event_switcher.setItemData(idx, self.document.slug)
            self.update_title()

    def setWindowTitle(self, title: str) -> None:
        super().setWindowTitle(f"{title} (read-only)" if self.store.read_only else title)

    def update_title(self) -> None:
        """The event's name; "Rehearsal — " before it while the run of show rehearses."""
        if self.document is not None:
            rehearsing = getattr(self._lazy["run_of_show_view"].built_view, "rehearsing", False)
            prefix = "Rehearsal — " if rehearsing else ""
            self.setWindowTitle(f"{prefix}{self.document.schedule.event.name} — planner")

    def _show_conflict_counts(self, errors: int, warnings: int) -> None:
        if self.document is None:
            self.conflict_status.setText("")  # no event, nothing to count
        elif errors == 0 and warnings == 0:
            self.conflict_status.setText("No conflicts")
        else:
            from planner.text import plural

            self.conflict_status.setText(f"{plural(errors, 'error')}, {plural(warnings, 'warning')}")

    def _reveal_sessions(self, guids: list[str]) -> None:
        """A conflict was clicked: show the Schedule tab and let it select and scroll to
        ``guids`` (through its ``reveal_sessions(guids)``, when it has one)."""
        self.tabs.setCurrentWidget(self.schedule_view)
        reveal = getattr(self.schedule_view, "reveal_sessions", None)
        if callable(reveal):
            reveal(guids)

    # ------------------------------------------------------------ commands
    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, "planner", message)

    def new_event(self) -> None:
        from planner.ui.event_dialog import EventDialog

        dialog = EventDialog(self, None)
        if dialog.exec():
            event = dialog.result_event()
            from planner.domain.model import Schedule

            try:
                slug = self.store.add_schedule(Schedule(event))
            except StoreError as exc:
                self.show_error(str(exc))
                return
            self.refresh_events(slug)
            self.statusBar().showMessage(f"Created {event.name}", 5000)

    def edit_event(self) -> None:
        if self.document is None:
            return
        from planner.ui.event_dialog import EventDialog

        dialog = EventDialog(self, self.document.schedule.event)
        if dialog.exec():
            self.document.save_event(dialog.result_event())

    def edit_rooms(self) -> None:
        if self.document is None:
            return
        from planner.ui.rooms_dialog import RoomsDialog

        RoomsDialog(self, self.document).exec()

    def show_history(self) -> QDialog | None:
        """View › History: the open event's edit log (a window beside this one)."""
        from planner.ui.history_view import show_history

        if self.document is None:
            return None
        self.history_dialog = show_history(self, self.document)
        return self.history_dialog

    def merge_changes(self) -> None:
        """File › Merge changes…: a teammate's share file (planner.ui.team_dialog)."""
        from planner.ui.team_dialog import merge_changes

        self.merge_dialog = merge_changes(self)
        if self.merge_dialog is not None:
            self.reload_event()

    def collaborate(self) -> None:
        """File › Collaborate…: join the open event (or a teammate's) on a relay."""
        from planner.ui.collaborate import CollaborateDialog

        dialog = CollaborateDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            name = dialog.author.text().strip() or None
            self.join_relay(dialog.url.text().strip(), dialog.secret.text().strip(), name)

    def join_relay(self, url: str, secret: str, author: str | None = None) -> None:
        """Keep an event in step with the relay at ``url`` (planner.ui.collaborate); who
        is connected shows in the status bar."""
        from planner.errors import UserError
        from planner.ui.collaborate import join

        self.leave_relay()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # joining fetches the event
        try:
            link = join(self, url, secret, author)
        except UserError as exc:
            QApplication.restoreOverrideCursor()
            self.show_error(str(exc))
            return
        QApplication.restoreOverrideCursor()
        if self.live_label is None:
            self.live_label = QLabel()
            self.live_label.setObjectName("liveStatus")
            self.statusBar().addPermanentWidget(self.live_label)
        link.status.connect(self.live_label.setText)
        label = self.live_label
        link.status.connect(lambda _text: label.setToolTip(link.last_error))
        timeline = self.schedule_view.timeline
        link.teammates.connect(timeline.mark_teammates)
        timeline.dragging.connect(link.set_dragging)
        self.live_link = link
        self.act_leave.setEnabled(True)
        link.start()

    def leave_relay(self) -> None:
        """Stop being live (the window closes, or joins another relay)."""
        link, self.live_link = self.live_link, None
        if link is None:
            return
        timeline = self.schedule_view.timeline
        link.teammates.disconnect(timeline.mark_teammates)
        timeline.dragging.disconnect(link.set_dragging)
        timeline.mark_teammates([])
        link.stop()
        self.act_leave.setEnabled(False)
        if self.live_label is not None:
            self.live_label.setText("Not live")

    def reload_event(self) -> None:
        """Read the open event again (after `planner attendance import` and the like ran
        beside the window). The undo history is dropped: it describes the older state."""
        if self.document is None:
            return
        self.document.undo_stack.clear()
        self.document.reload()
        self.statusBar().showMessage("Reloaded from the database", 4000)

    def add_demo(self) -> None:
        from planner.demo import add_demo

        slug = add_demo(self.store)
        self.refresh_events(slug)

    def delete_event(self) -> None:
        if self.document is None:
            return
        name = self.document.schedule.event.name
        answer = self.ask(
            "Delete event",
            f"Delete “{name}” with all its rooms, sessions and people? This cannot be undone.",
        )
        if answer:
            slug = self.document.slug
            self.open_event(None)
            self.store.delete_event(slug)
            self.refresh_events()

    def ask(self, title: str, question: str) -> bool:
        """A yes/no question; tests replace this method instead of clicking a modal box."""
        box = QMessageBox.question(
            self,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return box == QMessageBox.StandardButton.Yes

    def import_schedule(self) -> None:
        from planner.ui.import_dialog import import_schedule

        import_schedule(self)

    def export_schedule(self) -> None:
        from planner.ui.export_dialog import export_schedule

        export_schedule(self)

    def import_people(self) -> None:
        from planner.ui.people.import_dialog import import_people

        import_people(self)

    def export_qr_sheet(self) -> None:
        from planner.ui.people.qr_sheet import export_qr_sheet

        export_qr_sheet(self)

    def set_clock(self, start: datetime, speed: float = 1.0) -> None:
        """Drive the run of show from a simulated clock (``planner --clock ISO --speed F``);
        a time without an offset is read in the open event's zone."""
        from planner.domain.run_of_show import SimulatedClock, clock_start

        if self.document is not None:
            start = clock_start(self.document.schedule.event, start)
        elif start.tzinfo is None:
            start = start.replace(tzinfo=UTC)
        self.run_of_show_view.set_clock(SimulatedClock(start, speed))  # type: ignore[attr-defined]
        self.tabs.setCurrentWidget(self._lazy["run_of_show_view"])

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About planner",
            f"<h3>planner {__version__}</h3><p>Plan virtual and hybrid events with sessions "
            "in parallel rooms, offline on your own laptop.</p>"
            f"<p>Database: <code>{self.store.path}</code></p>",
        )
