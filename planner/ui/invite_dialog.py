"""A person's invite: the link with Copy, the QR code at a chosen error-correction
level, saved as PNG or SVG, and revoke / re-issue (each one undo step)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import Invite, Person
from planner.errors import UserError
from planner.invites.links import active_invite, invite_link, role_label, sessions_of
from planner.invites.qr import ErrorCorrection, png_bytes, qr_matrix, svg_text
from planner.invites.service import reissue
from planner.ui.document import EventDocument
from planner.ui.file_dialogs import save_file_name

log = logging.getLogger(__name__)

QR_PREVIEW_PX = 260


class InviteDialog(QDialog):
    """Shows and manages one person's invite. Prompts go through :meth:`ask_save_path`
    and :meth:`confirm`, which tests replace."""

    def __init__(self, parent: QWidget | None, document: EventDocument, person_guid: str) -> None:
        super().__init__(parent)
        self.setObjectName("inviteDialog")
        self.document = document
        self.person_guid = person_guid
        self.setWindowTitle("Invite")
        self.setMinimumWidth(520)

        self.title = QLabel()
        self.title.setObjectName("inviteTitle")
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        self.title.setFont(f)
        self.details = QLabel()
        self.details.setObjectName("inviteDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.link_edit = QLineEdit()
        self.link_edit.setObjectName("inviteLink")
        self.link_edit.setReadOnly(True)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setObjectName("inviteCopy")
        self.copy_button.setToolTip("Copy the link to the clipboard")
        self.copy_button.clicked.connect(self.copy_link)
        link_row = QHBoxLayout()
        link_row.addWidget(self.link_edit, 1)
        link_row.addWidget(self.copy_button)

        self.level_combo = QComboBox()
        self.level_combo.setObjectName("inviteLevel")
        for lv in ErrorCorrection:
            self.level_combo.addItem(lv.label, lv.value)
        self.level_combo.setCurrentIndex(self.level_combo.findData("M"))
        self.level_combo.setToolTip(
            "How much of the printed code may be damaged or covered and "
            "still scan; higher levels make denser codes"
        )
        self.level_combo.currentIndexChanged.connect(self.refresh)

        self.qr_label = QLabel()
        self.qr_label.setObjectName("inviteQr")
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_label.setMinimumSize(QR_PREVIEW_PX + 16, QR_PREVIEW_PX + 16)
        self.qr_label.setStyleSheet("background: white; border: 1px solid palette(mid);")

        self.status = QLabel()
        self.status.setObjectName("inviteStatus")
        self.status.setWordWrap(True)

        self.save_png_button = QPushButton("Save PNG…")
        self.save_png_button.setObjectName("inviteSavePng")
        self.save_png_button.clicked.connect(lambda: self.save_image("png"))
        self.save_svg_button = QPushButton("Save SVG…")
        self.save_svg_button.setObjectName("inviteSaveSvg")
        self.save_svg_button.clicked.connect(lambda: self.save_image("svg"))
        self.revoke_button = QPushButton("Revoke")
        self.revoke_button.setObjectName("inviteRevoke")
        self.revoke_button.setToolTip("Stop this link from working")
        self.revoke_button.clicked.connect(self.revoke)
        self.reissue_button = QPushButton("Re-issue")
        self.reissue_button.setObjectName("inviteReissue")
        self.reissue_button.setToolTip("Revoke this link and make a new one")
        self.reissue_button.clicked.connect(self.reissue)

        form = QFormLayout()
        form.addRow("Link:", link_row)
        form.addRow("Error correction:", self.level_combo)
        actions = QHBoxLayout()
        for b in (self.save_png_button, self.save_svg_button):
            actions.addWidget(b)
        actions.addStretch(1)
        for b in (self.revoke_button, self.reissue_button):
            actions.addWidget(b)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.qr_label, 1)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        layout.addWidget(buttons)
        document.changed.connect(self._on_changed)
        self.refresh()

    # ------------------------------------------------------------ state
    @property
    def person(self) -> Person | None:
        return self.document.schedule.person_by_guid().get(self.person_guid)

    @property
    def invite(self) -> Invite | None:
        return active_invite(self.document.schedule, self.person_guid)

    @property
    def level(self) -> ErrorCorrection:
        return ErrorCorrection(self.level_combo.currentData())

    def link(self) -> str | None:
        inv = self.invite
        if inv is None:
            return None
        return invite_link(self.document.schedule.event, inv.token)

    def _on_changed(self, guids: object) -> None:
        if guids is None or (isinstance(guids, set) and self.person_guid in guids):
            self.refresh()

    def refresh(self) -> None:
        person = self.person
        if person is None:
            self.title.setText("This person was removed")
            for w in (
                self.copy_button,
                self.save_png_button,
                self.save_svg_button,
                self.revoke_button,
                self.reissue_button,
            ):
                w.setEnabled(False)
            return
        self.setWindowTitle(f"Invite: {person.name}")
        self.title.setText(person.name)
        sched = self.document.schedule
        sessions = [s.title for s in sessions_of(sched, person.guid)]
        lines = [role_label(sched, person)]
        if person.email:
            lines.append(person.email)
        if sessions:
            lines.append("Sessions: " + "; ".join(sessions))
        self.details.setText("\n".join(lines))
        inv = self.invite
        try:
            link = self.link()
            error = ""
        except UserError as exc:
            link, error = None, str(exc)
        has_link = link is not None
        self.link_edit.setText(link or "")
        self.link_edit.setCursorPosition(0)  # show where the link goes, not its token's end
        self.link_edit.setPlaceholderText("no active invite" if inv is None else "")
        for w in (self.copy_button, self.save_png_button, self.save_svg_button):
            w.setEnabled(has_link)
        self.revoke_button.setEnabled(inv is not None)
        self.reissue_button.setText("Re-issue" if inv is not None else "Issue invite")
        if link is not None:
            # A whole number of pixels a module, so that the preview stays crisp.
            box = max(2, QR_PREVIEW_PX // (len(qr_matrix(link, self.level)) + 8))
            pix = QPixmap()
            pix.loadFromData(png_bytes(link, self.level, box_size=box))
            self.qr_label.setPixmap(pix)
            self.qr_label.setText("")
            assert inv is not None
            self.status.setText(
                f"Issued {inv.created.astimezone(self.document.schedule.event.zone):%d %b %Y %H:%M}. "
                "Anyone with this link can register as this person."
            )
        else:
            self.qr_label.setPixmap(QPixmap())
            self.qr_label.setText(error or "No active invite.\nIssue one to get a link and a QR code.")
            self.qr_label.setWordWrap(True)
            self.status.setText("" if inv is None else error)

    # ------------------------------------------------------------ actions
    def copy_link(self) -> None:
        link = self.link_edit.text()
        if link:
            QGuiApplication.clipboard().setText(link)
            self.status.setText("Link copied.")

    def ask_save_path(self, kind: str, suggested: str) -> Path | None:
        """Where to save the image; tests replace this method."""
        name, _ = save_file_name(
            self, "qr-code", f"Save QR code as {kind.upper()}", suggested, f"{kind.upper()} image (*.{kind})"
        )
        return Path(name) if name else None

    def confirm(self, title: str, question: str) -> bool:
        """A yes/no question; tests replace this method."""
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def save_image(self, kind: str) -> Path | None:
        link, person = self.link_edit.text(), self.person
        if not link or person is None:
            return None
        from planner.domain.model import slugify

        path = self.ask_save_path(kind, f"invite-{slugify(person.name, 'person')}.{kind}")
        if path is None:
            return None
        if path.suffix.lower() != f".{kind}":
            path = path.with_suffix(f".{kind}")
        try:
            if kind == "png":
                path.write_bytes(png_bytes(link, self.level))
            else:
                path.write_text(svg_text(link, self.level), encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(self, "Save QR code", f"Cannot write {path}: {exc.strerror or exc}")
            return None
        self.status.setText(f"Saved {path.name}.")
        return path

    def revoke(self) -> bool:
        inv, person = self.invite, self.person
        if inv is None or person is None:
            return False
        if not self.confirm("Revoke invite", f"Revoke {person.name}'s link? It stops working at once."):
            return False
        from planner.invites.links import revoke

        return self.document.save_invites([revoke(inv)], f"Revoke invite of {person.name}")

    def reissue(self) -> bool:
        person = self.person
        if person is None:
            return False
        had = self.invite is not None
        if had and not self.confirm(
            "Re-issue invite", f"Give {person.name} a new link? The current one stops working."
        ):
            return False
        old, new = reissue(self.document.schedule, person.guid)
        changes = ([old] if old is not None else []) + [new]
        text = f"Re-issue invite of {person.name}" if had else f"Issue invite to {person.name}"
        return self.document.save_invites(changes, text)
