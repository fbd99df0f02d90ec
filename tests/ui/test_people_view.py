"""The people view, the person dialog and its week grid, driven through real widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from planner.app import create_window
from planner.domain.model import PersonRole
from planner.store import Store
from planner.ui.people.model import PERSON_MIME
from planner.ui.people.person_dialog import PersonDialog
from planner.ui.people.view import PeopleView


@pytest.fixture
def window(qtbot, db_path: Path):  # type: ignore[no-untyped-def]
    w = create_window(db_path)
    qtbot.addWidget(w)
    w.tabs.setCurrentWidget(w.people_view)
    return w


def names(view: PeopleView) -> list[str]:
    return [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]


def test_table_search_and_filters(window) -> None:  # type: ignore[no-untyped-def]
    view: PeopleView = window.people_view
    assert len(names(view)) == len(window.document.schedule.people)
    assert names(view) == sorted(names(view), key=str.casefold)
    view.search.setText("vienna gala")  # organisation
    assert names(view) == ["Lukas Huber"]
    view.search.setText("")
    view.role_filter.setCurrentIndex(view.role_filter.findData("speaker"))
    speakers = names(view)
    assert "Maria Rossi" in speakers  # an attendee who speaks in a session
    assert "Lukas Huber" not in speakers
    view.role_filter.setCurrentIndex(0)
    sched = window.document.schedule
    panel = next(s for s in sched.sessions if s.title == "Panel: Directing for Small Screens")
    view.session_filter.setCurrentIndex(view.session_filter.findData(panel.guid))
    by_guid = sched.person_by_guid()
    assert sorted(names(view)) == sorted(by_guid[g].name for g in panel.speakers + panel.moderators)
    view.session_filter.setCurrentIndex(view.session_filter.findData(""))
    in_sessions = {g for s in sched.sessions for g in s.speakers + s.moderators}
    idle = sorted((p.name for p in sched.people if p.guid not in in_sessions), key=str.casefold)
    assert "Lukas Huber" in idle and names(view) == idle
    assert f"{len(idle)} of {len(sched.people)}" in view.count_label.text()


def test_rows_drag_the_persons_guid(window) -> None:  # type: ignore[no-untyped-def]
    view: PeopleView = window.people_view
    idx = view.proxy.index(0, 0)
    src = view.proxy.mapToSource(idx)
    assert view.model.flags(src) & Qt.ItemFlag.ItemIsDragEnabled
    mime = view.model.mimeData([src])
    assert mime.hasFormat(PERSON_MIME)
    guid = bytes(mime.data(PERSON_MIME).data()).decode("utf-8")
    assert guid == view.model.person_at(src.row()).guid
    assert guid in window.document.schedule.person_by_guid()


def test_add_person_is_saved_and_undoable(window, db_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    view: PeopleView = window.people_view

    def fill(dialog: QDialog) -> bool:
        assert isinstance(dialog, PersonDialog)
        dialog.name_edit.setText("  Nia   Brown ")
        dialog.email_edit.setText("nia@example")  # not an address: refused, dialog stays
        dialog.accept()
        assert "not an e-mail address" in dialog.error_label.text()
        dialog.email_edit.setText("nia@example.org")
        dialog.tz_combo.setCurrentText("America/Chicago")
        dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("crew"))
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    view.run_dialog = fill  # type: ignore[method-assign]
    assert view.add_person()
    with Store.open(db_path) as store:
        saved = {p.name: p for p in store.load(window.document.slug).people}
    assert saved["Nia Brown"].role == PersonRole.CREW
    assert saved["Nia Brown"].timezone == "America/Chicago"
    assert view.selected_guids() == [saved["Nia Brown"].guid]
    window.document.undo_stack.undo()
    with Store.open(db_path) as store:
        assert "Nia Brown" not in {p.name for p in store.load(window.document.slug).people}
    assert "Nia Brown" not in names(view)


def test_week_grid_paints_availability(window, qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    view: PeopleView = window.people_view
    view.select_guids([p.guid for p in window.document.schedule.people if p.name == "Lukas Huber"])

    def paint(dialog: QDialog) -> bool:
        assert isinstance(dialog, PersonDialog)
        grid = dialog.grid
        dialog.show()
        a = grid.cell_rect(0, 2).center()
        b = grid.cell_rect(0, 5).center()
        qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=a)
        for y in range(a.y(), b.y() + 1, 4):
            qtbot.mouseMove(grid, QPoint(a.x(), y))
        qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=b)
        assert {(0, r) for r in range(2, 6)} <= grid.cells
        dialog.accept()
        return True

    view.run_dialog = paint  # type: ignore[method-assign]
    assert view.edit_selected()
    with Store.open(db_path) as store:
        lukas = next(p for p in store.load(window.document.slug).people if p.name == "Lukas Huber")
    ev = window.document.schedule.event
    assert len(lukas.availability) == 1
    w = lukas.availability[0]
    local = w.start.astimezone(ev.zone)
    grid_step = 30 if ev.day_end_minute - ev.day_start_minute <= 720 else 60
    assert local.hour * 60 + local.minute == ev.day_start_minute + 2 * grid_step
    assert (w.end - w.start).total_seconds() == 4 * grid_step * 60


def test_untouched_grid_keeps_odd_windows(window) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from planner.domain.model import Interval, Person
    from planner.domain.timegrid import local_instant

    ev = window.document.schedule.event
    start = local_instant(ev, ev.first_day, ev.day_start_minute + 7)
    p = Person("Odd", availability=[Interval(start, start + timedelta(minutes=13))])
    dialog = PersonDialog(window, ev, p)
    assert dialog.build().availability == p.availability
    dialog.grid.clear()
    assert dialog.build().availability == []


def test_remove_drops_people_from_sessions_and_undo_restores(  # type: ignore[no-untyped-def]
    window, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view: PeopleView = window.people_view
    sched = window.document.schedule
    amara = next(p for p in sched.people if p.name == "Amara Okafor")
    view.select_guids([amara.guid])
    asked: list[str] = []

    def confirm(title: str, question: str) -> bool:
        asked.append(question)
        return True

    monkeypatch.setattr(view, "confirm", confirm)
    assert view.remove_selected()
    assert "Amara Okafor" in asked[0]
    assert all(amara.guid not in s.speakers for s in window.document.schedule.sessions)
    window.document.undo_stack.undo()
    with Store.open(db_path) as store:
        back = store.load(window.document.slug)
    assert any(amara.guid in s.speakers for s in back.sessions)
    assert "Amara Okafor" in names(view)
