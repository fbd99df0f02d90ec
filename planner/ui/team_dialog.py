"""File › Merge changes…: merge a teammate's share file into the store and show what
changed and which new conflicts the merge made, each with who made it (issue 16).

The window's own edits reach the shared document when it is next opened (a share
export or sync catches it up with the store), so nothing here writes the document."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from planner.ui.window_api import DialogHost


class MergeSummary(QDialog):
    """The report of one merge: the changes by author, replaced moves, new conflicts."""

    def __init__(self, parent: QWidget | None, title: str, lines: list[str]) -> None:
        super().__init__(parent)
        self.setObjectName("mergeSummary")
        self.setWindowTitle("Merged changes")
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{title}</b>")
        layout.addWidget(heading)
        self.lines = QListWidget()
        self.lines.setObjectName("mergeLines")
        for line in lines:
            self.lines.addItem(line)
        layout.addWidget(self.lines)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(720, 360)


def merge_file(host: DialogHost, path: Path) -> MergeSummary | None:
    """Merge ``path`` into the host's store (into the open event when it shares the
    file's document, else into the event that does, else as a new event) and show the
    summary. Refusals are shown as errors; nothing changes then."""
    from planner.team import sharefile
    from planner.team.mirror import TeamError
    from planner.team.replica import merge_new

    try:
        share = sharefile.read(path)
        if share.kind != "update":
            raise TeamError(f"{path.name} is a state file, not a teammate's changes")
        _replica, report = merge_new(host.store, share.payload, None, share.doc)
    except TeamError as exc:
        host.show_error(str(exc))
        return None
    host.refresh_events(report.slug)
    dialog = MergeSummary(host.window(), f"Merged {path.name} into {report.slug}", report.lines())
    dialog.show()
    return dialog


def merge_changes(host: DialogHost) -> MergeSummary | None:
    from planner.ui.file_dialogs import open_file_name

    name = open_file_name(
        host.window(), "share", "Merge a teammate's changes", "Share files (*.share);;All files (*)"
    )
    return merge_file(host, Path(name)) if name else None
