"""Window items of issue 13: dragging a person across tabs (18), and the rough edges of
item 22."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from planner.app import create_window
from planner.store import Store


def test_a_person_dragged_over_the_schedule_tab_can_be_dropped_on_a_session(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = create_window(db_path)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    w.finish_start()
    people = w.people_view
    w.tabs.setCurrentWidget(people)
    doc = w.document
    person = next(p for p in doc.schedule.people if p.name)
    row = next(r for r, p in enumerate(people.model.people) if p.guid == person.guid)
    mime = people.model.mimeData([people.model.index(row, 0)])  # what a real drag carries

    # The drag reaches the tab bar and rests on "Schedule": the tab switches under it.
    bar = w.tabs.tabBar()
    pos = QPointF(bar.tabRect(0).center())
    actions = Qt.DropAction.CopyAction | Qt.DropAction.LinkAction
    enter = QDragEnterEvent(
        pos.toPoint(), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(bar, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(
        pos.toPoint(), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(bar, move)
    qtbot.waitUntil(lambda: w.tabs.currentIndex() == 0, timeout=3000)

    # ... and the same drag drops on a session of the grid.
    timeline = w.schedule_view.timeline
    timeline.place_all()
    target = next(
        s for s in doc.schedule.sessions if s.guid in timeline.blocks and person.guid not in s.speakers
    )
    block = timeline.blocks[target.guid]
    timeline.centerOn(block)
    QApplication.processEvents()
    centre = timeline.mapFromScene(block.sceneBoundingRect().center())
    found = timeline.block_at(centre)
    assert found is block, (found and found.guid, target.title, centre, timeline.viewport().size())
    assert QApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier  # no Shift: a speaker
    drop = QDropEvent(
        QPointF(centre),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    timeline.dropEvent(drop)
    assert person.guid in doc.session(target.guid).speakers
    with Store.open(db_path) as other:
        assert person.guid in next(s for s in other.load(doc.slug).sessions if s.guid == target.guid).speakers
    w.close()


# ---------------------------------------------------------------- item 22
def make_window(qtbot, db_path: Path, event: str | None = None):  # type: ignore[no-untyped-def]
    w = create_window(db_path, event)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    w.finish_start()
    return w


def test_the_window_reopens_the_event_last_used(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from planner.domain.model import Event, Schedule

    with Store.open(db_path) as store:
        from planner.demo import add_demo

        add_demo(store)
        # An event earlier than the demo: the one the window used to open every time.
        early = store.add_schedule(
            Schedule(Event(name="Early bird", first_day=date(2020, 1, 1), last_day=date(2020, 1, 1)))
        )
    w = make_window(qtbot, db_path)
    first = w.document.slug
    other = next(
        w.event_switcher.itemData(i)
        for i in range(w.event_switcher.count())
        if w.event_switcher.itemData(i) != first
    )
    w.event_switcher.setCurrentIndex(w.event_switcher.findData(other))
    w.event_switcher.activated.emit(w.event_switcher.currentIndex())
    assert w.document.slug == other
    w.close()
    again = make_window(qtbot, db_path)
    assert again.document.slug == other
    again.open_event(early)
    again.close()
    assert make_window(qtbot, db_path).document.slug == early
    # The event last used was deleted: the window opens another one, without a word.
    with Store.open(db_path) as store:
        store.delete_event(early)
    assert make_window(qtbot, db_path).document.slug != early


def test_file_dialogs_remember_their_folder_per_kind(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QWidget

    from planner.ui import export_dialog, import_dialog

    a, b = tmp_path / "schedules", tmp_path / "exports"
    a.mkdir()
    b.mkdir()
    starts: list[str] = []

    def fake_open(parent: object, title: str, start: str, filter_: str) -> tuple[str, str]:
        starts.append(start)
        return str(a / "fosdem.xml"), filter_

    def fake_save(parent: object, title: str, start: str, filter_: str) -> tuple[str, str]:
        starts.append(start)
        return str(b / "out.ics"), "iCalendar (*.ics)"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake_open))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    parent = QWidget()
    qtbot.addWidget(parent)
    import_dialog.choose_import_file(parent)
    import_dialog.choose_import_file(parent)
    assert Path(starts[-1]) == a  # the second import starts where the first one was
    export_dialog.choose_export_file(parent, "gala.xml")
    assert Path(starts[-1]).parent != a  # another kind of dialog keeps its own folder
    export_dialog.choose_export_file(parent, "gala.xml")
    assert Path(starts[-1]) == b / "gala.xml"  # the suggested name, in the folder used last
    import_dialog.choose_import_file(parent)
    assert Path(starts[-1]) == a


def test_an_ampersand_in_a_title_shows_in_menu_texts(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    import copy

    from planner.domain.model import Room

    w = make_window(qtbot, db_path)
    doc = w.document
    s = copy.deepcopy(doc.schedule.sessions[0])
    s.title = "Rock & Roll"
    assert doc.save_sessions([s], "Rename to Rock & Roll")
    assert w.act_undo.text() == "&Undo Rename to Rock && Roll"
    toolbar_undo = next(a for a in w.findChildren(type(w.act_undo)) if a.objectName() == "actionUndoToolbar")
    assert toolbar_undo.toolTip() == "Undo Rename to Rock & Roll"
    doc.undo_stack.undo()
    assert w.act_redo.text() == "&Redo Rename to Rock && Roll" and w.act_redo.isEnabled()
    assert not w.act_undo.isEnabled() and w.act_undo.text() == "&Undo"
    assert doc.save_room(Room(name="Q&A", position=9), "Add room Q&A")
    w.schedule_view.on_changed(None)
    texts = [a.text() for a in w.schedule_view.rooms_menu.actions()]
    assert "Q&&A" in texts


def test_a_new_session_title_is_selected_so_typing_replaces_it(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from planner.domain.model import Session
    from planner.ui.session_dialog import SessionDialog

    w = make_window(qtbot, db_path)
    sched = w.document.schedule
    new = Session(title="New session", start=sched.sessions[0].start, room=sched.rooms[0].guid)
    dialog = SessionDialog(new, sched, w)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.title.hasFocus())
    assert dialog.title.selectedText() == "New session"
    qtbot.keyClicks(dialog.title, "Keynote")
    assert dialog.title.text() == "Keynote"
    dialog.close()
    old = SessionDialog(sched.sessions[0], sched, w)  # an existing title is not thrown away by a key
    qtbot.addWidget(old)
    assert old.title.selectedText() == ""


def test_overlapping_sessions_in_one_room_are_side_by_side(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    import copy

    w = make_window(qtbot, db_path)
    doc, tl = w.document, w.schedule_view.timeline
    tl.place_all()
    room = doc.schedule.rooms[0].guid
    mine = sorted((s for s in doc.schedule.sessions if s.room == room and s.start), key=lambda s: s.start)
    a, b = mine[0], copy.deepcopy(mine[1])
    width = tl.blocks[a.guid].sceneBoundingRect().width()
    b.start = a.start  # b now overlaps a, in a's room
    assert doc.save_sessions([b], "Overlap")
    ra, rb = tl.blocks[a.guid].sceneBoundingRect(), tl.blocks[b.guid].sceneBoundingRect()
    assert not ra.adjusted(1, 1, -1, -1).intersects(rb.adjusted(1, 1, -1, -1))  # neither hides the other
    assert ra.width() < width * 0.6 and rb.width() < width * 0.6
    assert ra.top() == rb.top()
    doc.undo_stack.undo()  # apart again: each has its column back
    assert tl.blocks[a.guid].sceneBoundingRect().width() == width
    assert tl.blocks[b.guid].sceneBoundingRect().width() == width


def test_a_block_moved_by_the_keys_stays_in_view(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = make_window(qtbot, db_path)
    w.resize(900, 500)
    tl = w.schedule_view.timeline
    tl.place_all()
    doc = w.document
    s = min((x for x in doc.schedule.sessions if x.start and x.room), key=lambda x: x.start)
    tl.select([s.guid])
    tl.blocks[s.guid].ensureVisible()
    tl.setFocus()
    QApplication.processEvents()
    for _ in range(40):  # 40 slots down: far below the first screen
        qtbot.keyClick(tl.viewport(), Qt.Key.Key_Down)
        visible = tl.mapToScene(tl.viewport().rect()).boundingRect()
        block = tl.blocks[s.guid].sceneBoundingRect()
        assert visible.intersects(block), (visible, block)
    assert doc.session(s.guid).start > s.start
    visible = tl.mapToScene(tl.viewport().rect()).boundingRect()
    assert visible.contains(tl.blocks[s.guid].sceneBoundingRect().center())
