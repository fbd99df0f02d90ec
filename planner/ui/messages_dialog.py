"""File › Messages… (drafts with a preview of each, written as .eml files and a CSV; nothing
is sent) and File › Message templates… (the plain-text templates, for this event or for
every event). The drafting is :mod:`planner.messages` (Qt-free)."""

from __future__ import annotations

import copy
import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import Invite
from planner.errors import UserError
from planner.messages import (
    Draft,
    changes_drafts,
    default_sender,
    invite_drafts,
    reminder_drafts,
    sequence_of,
    thanks_drafts,
    write_drafts,
)
from planner.messages.templates import (
    EVENT_KEY,
    FIELDS,
    KINDS,
    default_text,
    load,
    parse,
    user_template_path,
    with_event_template,
)
from planner.text import plural
from planner.ui.window_api import DialogHost
from planner.versions import list_versions, state
from planner.versions.changes import compare

log = logging.getLogger(__name__)

KIND_TITLES = {
    "changes": "Changes since a version",
    "invite": "Invitations (link and QR code)",
    "reminder": "Reminders (sessions and rehearsals)",
    "thanks": "Thanks (speakers, moderators, crew)",
}


class MessagesDialog(QDialog):
    """Choose a kind (and for changes, since which version), look at each message, write them."""

    def __init__(self, host: DialogHost) -> None:
        super().__init__(host.window())
        self.setObjectName("messagesDialog")
        self.setWindowTitle("Messages")
        self.host = host
        doc = host.document
        assert doc is not None
        self.drafts: list[Draft] = []
        self.new_invites: list[Invite] = []
        self.kind = QComboBox(self)
        self.kind.setObjectName("messageKind")
        for k in KINDS:
            self.kind.addItem(KIND_TITLES[k], k)
        self.since = QComboBox(self)
        self.since.setObjectName("messageSince")
        self.versions = list_versions(host.store, doc.slug)
        for v in reversed(self.versions):
            self.since.addItem(f"since version {v.label}", v.number)
        self.kind.activated.connect(lambda _i: self.redraft())
        self.since.activated.connect(lambda _i: self.redraft())
        top = QHBoxLayout()
        top.addWidget(QLabel("Messages"))
        top.addWidget(self.kind)
        top.addWidget(self.since)
        top.addStretch(1)
        self.people = QListWidget(self)
        self.people.setObjectName("messageRecipients")
        self.people.currentRowChanged.connect(self._preview)
        self.header = QLabel("", self)
        self.header.setObjectName("messageHeader")
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header.setWordWrap(True)
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("messagePreview")
        self.body.setReadOnly(True)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.header)
        rv.addWidget(self.body, 1)
        split = QSplitter(self)
        split.addWidget(self.people)
        split.addWidget(right)
        split.setSizes([260, 640])
        self.status = QLabel("", self)
        self.status.setObjectName("messageStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.write_button = buttons.addButton("Write drafts…", QDialogButtonBox.ButtonRole.ActionRole)
        self.write_button.setObjectName("writeDrafts")
        self.write_button.clicked.connect(self.choose_and_write)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(980, 640)
        self.redraft()

    # -------------------------------------------------------------- drafting
    def redraft(self) -> bool:
        doc = self.host.document
        assert doc is not None
        kind = str(self.kind.currentData())
        self.since.setVisible(kind == "changes")
        self.drafts = []
        try:
            template = load(kind, doc.schedule.event)
            schedule = doc.schedule
            if kind == "changes":
                if not self.versions:
                    raise UserError("no version is published yet to compare with (File › Publish version…)")
                number = int(self.since.currentData())
                before = state(self.host.store, doc.slug, number)
                found = compare(before.schedule, schedule)
                seq = sequence_of(None, self.versions[-1].number)
                self.drafts = changes_drafts(before.schedule, schedule, found, template, str(seq), seq)
                note = f"{plural(len(found), 'change')} since version {before.label}"
            elif kind == "invite":
                # Links for people without an invite are made now and kept if the drafts are written.
                trial = copy.copy(schedule)
                trial.invites = list(schedule.invites)
                from planner.invites.links import missing_invites
                from planner.messages import on_programme

                self.new_invites = missing_invites(trial, on_programme(trial))
                self.drafts = invite_drafts(trial, template)
                who = plural(len(self.new_invites), "person", "people")
                note = f"{who} without an invite get one when the drafts are written"
            elif kind == "reminder":
                self.drafts = reminder_drafts(
                    schedule, template, self.versions[-1].number if self.versions else 0
                )
                note = "their sessions and rehearsals, with alarms"
            else:
                self.drafts = thanks_drafts(schedule, template)
                note = "everyone who spoke, moderated or worked on the crew"
        except UserError as exc:
            self.status.setText(str(exc))
            self._fill()
            return False
        self.status.setText(
            f"{plural(len(self.drafts), 'message')}: {note}. Nothing is sent: they are written as files "
            f"for your mail client or a mail merge. Template: {template.source}."
        )
        self._fill()
        return True

    def _fill(self) -> None:
        self.people.clear()
        for d in self.drafts:
            item = QListWidgetItem(d.person.name + ("" if d.person.email else "  (no e-mail)"))
            self.people.addItem(item)
        self.write_button.setEnabled(bool(self.drafts))
        if self.drafts:
            self.people.setCurrentRow(0)
        else:
            self.header.setText("")
            self.body.setPlainText("")

    def _preview(self, row: int) -> None:
        if not 0 <= row < len(self.drafts):
            return
        d = self.drafts[row]
        to = f"{d.person.name} &lt;{d.person.email}&gt;" if d.person.email else "<i>no e-mail address</i>"
        files = []
        if d.ics is not None:
            files.append("calendar (.ics)")
        if d.qr_png is not None:
            files.append("QR code (inline)")
        self.header.setText(
            f"<b>To:</b> {to}<br><b>Subject:</b> {d.subject}"
            + (f"<br><b>With:</b> {', '.join(files)}" if files else "")
        )
        self.body.setPlainText(d.body)

    # -------------------------------------------------------------- writing
    def write_to(self, folder: Path) -> list[Path]:
        doc = self.host.document
        assert doc is not None
        kind = str(self.kind.currentData())
        if (
            kind == "invite"
            and self.new_invites
            and not doc.save_invites(self.new_invites, f"Issue {plural(len(self.new_invites), 'invite')}")
        ):
            return []
        paths, csv_path = write_drafts(self.drafts, folder, default_sender(doc.schedule))
        self.status.setText(
            f"Wrote {plural(len(paths), 'message')} and {csv_path.name} to {folder}. Nothing was sent."
        )
        self.host.statusBar().showMessage(f"Wrote {plural(len(paths), 'draft message')} to {folder}", 5000)
        return paths

    def choose_and_write(self) -> None:
        from planner.ui.file_dialogs import existing_directory

        folder = existing_directory(self, "messages", "Write the drafts into a folder")
        if folder:
            try:
                self.write_to(Path(folder))
            except OSError as exc:
                self.host.show_error(f"{folder}: {exc.strerror or exc}")


def show_messages(host: DialogHost) -> MessagesDialog | None:
    if host.document is None:
        return None
    dialog = MessagesDialog(host)
    dialog.exec()
    return dialog


# ------------------------------------------------------------------ templates
class TemplatesDialog(QDialog):
    """Edit a kind's template for this event (kept in the event, undoable) or for every
    event (the user config dir); checked before it is saved."""

    def __init__(self, host: DialogHost) -> None:
        super().__init__(host.window())
        self.setObjectName("templatesDialog")
        self.setWindowTitle("Message templates")
        self.host = host
        self.kind = QComboBox(self)
        self.kind.setObjectName("templateKind")
        for k in KINDS:
            self.kind.addItem(KIND_TITLES[k], k)
        self.kind.activated.connect(lambda _i: self.show_kind())
        self.source = QLabel("", self)
        self.source.setObjectName("templateSource")
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("templateEditor")
        fields = "\n".join(f"{{{k}}}  {v}" for k, v in FIELDS.items())
        help_ = QLabel(f"A 'Subject:' line, a blank line, the body. Fields:\n{fields}", self)
        help_.setObjectName("templateFields")
        self.status = QLabel("", self)
        self.status.setObjectName("templateStatus")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, name, slot in (
            ("Save for this event", "saveEventTemplate", self.save_for_event),
            ("Save for every event", "saveUserTemplate", self.save_for_user),
            ("Restore the default", "restoreTemplate", self.restore_default),
        ):
            b = QPushButton(text, self)
            b.setObjectName(name)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        top = QHBoxLayout()
        top.addWidget(self.kind)
        top.addWidget(self.source, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        body = QHBoxLayout()
        body.addWidget(self.editor, 3)
        body.addWidget(help_, 2)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(900, 560)
        self.show_kind()

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def show_kind(self) -> None:
        doc = self.host.document
        event = doc.schedule.event if doc is not None else None
        kind = self.current_kind()
        try:
            t = load(kind, event)
            text = _text_of(kind, event)
            self.source.setText(f"From {t.source}")
        except UserError as exc:
            text = _text_of(kind, event)
            self.source.setText(str(exc))
        self.editor.setPlainText(text)
        self.status.setText("")

    def _checked(self) -> str | None:
        text = self.editor.toPlainText()
        try:
            parse(self.current_kind(), text, "the template")
        except UserError as exc:
            self.status.setText(f"Not saved: {exc}")
            return None
        return text

    def save_for_event(self) -> bool:
        doc = self.host.document
        text = self._checked()
        if doc is None or text is None:
            return False
        event = with_event_template(doc.schedule.event, self.current_kind(), text)
        if not doc.save_event(event, "Edit message template"):
            return False
        self.status.setText("Saved for this event.")
        self.show_kind()
        self.status.setText("Saved for this event.")
        return True

    def save_for_user(self) -> bool:
        text = self._checked()
        if text is None:
            return False
        path = user_template_path(self.current_kind())
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.status.setText(f"Saved for every event in {path}.")
        return True

    def restore_default(self) -> None:
        """Drop this event's copy (undoable) and show the default text; the user's file stays."""
        doc = self.host.document
        kind = self.current_kind()
        if doc is not None and kind in (doc.schedule.event.extra.get(EVENT_KEY) or {}):
            doc.save_event(with_event_template(doc.schedule.event, kind, None), "Restore message template")
        self.editor.setPlainText(default_text(kind))
        self.status.setText("The default text is shown; save it to use it.")


def _text_of(kind: str, event: object) -> str:
    own = (getattr(event, "extra", {}).get(EVENT_KEY) or {}).get(kind) if event is not None else None
    if isinstance(own, str) and own.strip():
        return own
    path = user_template_path(kind)
    return path.read_text(encoding="utf-8") if path.is_file() else default_text(kind)


def edit_templates(host: DialogHost) -> TemplatesDialog:
    dialog = TemplatesDialog(host)
    dialog.exec()
    return dialog
