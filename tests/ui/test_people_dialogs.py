"""The invite dialog, File > Import people and File > Export QR sheet."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QProgressDialog
from pytestqt.qtbot import QtBot

from planner.app import create_window
from planner.invites.links import active_invite
from planner.store import Store
from planner.ui.invite_dialog import InviteDialog
from planner.ui.main_window import MainWindow
from planner.ui.people import import_dialog, qr_sheet
from planner.ui.people.view import PeopleView


@pytest.fixture
def window(qtbot: QtBot, db_path: Path) -> MainWindow:
    w: MainWindow = create_window(db_path)
    qtbot.addWidget(w)
    return w


def person(window, name: str):  # type: ignore[no-untyped-def]
    return next(p for p in window.document.schedule.people if p.name == name)


def test_invite_issue_copy_save_revoke_reissue_undo(window, qtbot, tmp_path: Path, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    amara = person(window, "Amara Okafor")
    dialog = InviteDialog(window, doc, amara.guid)
    qtbot.addWidget(dialog)
    dialog.confirm = lambda *a: True  # type: ignore[method-assign]
    assert dialog.link_edit.text() == "" and not dialog.copy_button.isEnabled()
    assert dialog.reissue_button.text() == "Issue invite"

    assert dialog.reissue()  # issue the first invite
    first = dialog.link_edit.text()
    assert first.startswith("https://events.example.org/winter-gala-2026/register?invite=")
    assert dialog.qr_label.pixmap() is not None and not dialog.qr_label.pixmap().isNull()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == first

    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("H"))
    dialog.ask_save_path = lambda kind, suggested: tmp_path / suggested  # type: ignore[method-assign]
    png = dialog.save_image("png")
    svg = dialog.save_image("svg")
    assert png is not None and png.name == "invite-amara-okafor.png"
    read = zxingcpp.read_barcodes(
        Image.open(io.BytesIO(png.read_bytes())),
        formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode),
    )
    assert [(r.text, r.ec_level) for r in read] == [(first, "H")]
    assert svg is not None and svg.read_text(encoding="utf-8").startswith("<?xml")

    assert dialog.reissue()
    second = dialog.link_edit.text()
    assert second != first and second.startswith("https://")
    with Store.open(db_path) as store:
        sched = store.load(doc.slug)
    inv = active_invite(sched, amara.guid)
    assert inv is not None and second.endswith(inv.token)
    assert sum(i.person == amara.guid and i.active for i in sched.invites) == 1

    assert dialog.revoke()
    assert dialog.link_edit.text() == "" and not dialog.revoke_button.isEnabled()
    assert active_invite(doc.schedule, amara.guid) is None

    doc.undo_stack.undo()  # the revoke
    assert dialog.link_edit.text() == second
    doc.undo_stack.undo()  # the re-issue: the first link is back, the second dead
    assert dialog.link_edit.text() == first
    with Store.open(db_path) as store:
        sched = store.load(doc.slug)
    assert [i.token for i in sched.invites if i.person == amara.guid and i.active] == [
        first.rsplit("=", 1)[1]
    ]


def test_invite_dialog_explains_a_missing_base_url(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    import copy

    doc = window.document
    ev = copy.deepcopy(doc.schedule.event)
    ev.invite_base_url = ""
    assert doc.save_event(ev)
    dialog = InviteDialog(window, doc, person(window, "Amara Okafor").guid)
    qtbot.addWidget(dialog)
    dialog.confirm = lambda *a: True  # type: ignore[method-assign]
    assert dialog.reissue()
    assert "no invite base URL" in dialog.qr_label.text()
    assert not dialog.copy_button.isEnabled() and dialog.revoke_button.isEnabled()


def test_import_people_with_mapping_preview(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    f = tmp_path / "guests.csv"
    f.write_bytes(
        "Teilnehmer;Mail;Firma\nKim Lee;kim@example.org;Acme\nOla;ola@example.org;\n"
        "Kim L.;KIM@example.org;\n".encode("cp1252")
    )
    monkeypatch.setattr(import_dialog, "choose_import_file", lambda parent: f)
    dialog = import_dialog.import_people(window)
    assert dialog is not None
    qtbot.addWidget(dialog)
    # "Teilnehmer" is not a known header: nothing maps to the name, so nothing can be imported.
    assert not dialog.import_button.isEnabled()
    assert "no column is mapped to the name" in dialog.problems.toPlainText()
    dialog.combos["name"].setCurrentIndex(dialog.combos["name"].findText("Teilnehmer"))
    assert dialog.combos["email"].currentText() == "Mail"  # guessed
    assert dialog.import_button.isEnabled()
    assert dialog.preview.rowCount() == 2
    assert "2 added" in dialog.summary.text() and "1 duplicate row merged" in dialog.summary.text()
    dialog.import_button.click()
    doc = window.document
    assert doc is not None
    with Store.open(db_path) as store:
        added = {p.name: p for p in store.load(doc.slug).people}
    assert added["Kim Lee"].organisation == "Acme" and "Ola" in added
    view = window.people_view
    assert isinstance(view, PeopleView)
    assert "Kim Lee" in [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]
    doc.undo_stack.undo()  # the whole import is one step
    assert not {"Kim Lee", "Ola"} & {p.name for p in doc.schedule.people}


def test_import_reports_bad_rows_and_blocks(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "bad.csv"
    f.write_text('name,email\n"Ana\nSilva",ana@example.org\n,x@example.org\n', encoding="utf-8")
    dialog = import_dialog.import_people(window, f)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    assert dialog.problems.toPlainText() == "line 4: the name is empty"
    before = len(window.document.schedule.people)
    dialog.accept()
    assert len(window.document.schedule.people) == before


def test_export_qr_sheet_with_progress(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.invites.test_sheet import decode_sheet

    out = tmp_path / "speakers"
    monkeypatch.setattr(qr_sheet, "choose_sheet_path", lambda parent, suggested: out)
    dialog = qr_sheet.export_qr_sheet(window)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("moderator"))
    assert "get one now" in dialog.count.text()
    dialog.layout_combo.setCurrentIndex(dialog.layout_combo.findData("labels-2x7"))
    dialog.accept()
    pdf = out.with_suffix(".pdf")
    assert pdf.exists()
    doc = window.document
    assert doc is not None
    from planner.invites.links import invite_link, people_with_role

    moderators = people_with_role(doc.schedule, "moderator")
    invites = [active_invite(doc.schedule, p.guid) for p in moderators]
    expected = {invite_link(doc.schedule.event, i.token) for i in invites if i is not None}
    decoded = {t for page in decode_sheet(pdf, "labels-2x7", "a4") for t in page.values()}
    assert decoded == expected and len(decoded) == len(moderators)
    view = window.people_view
    assert isinstance(view, PeopleView)
    col = [view.model.index(r, 6).data() for r in range(view.model.rowCount())]
    assert col.count("active") == len(moderators)


def test_cancelled_sheet_leaves_no_file(window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    out = tmp_path / "x.pdf"
    result = qr_sheet.run_sheet(window, window.document, out, None, "labels-3x8", "a4", "M")
    assert result is None and not out.exists()
