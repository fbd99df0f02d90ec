"""File › Merge changes…: merge a teammate's share file into the store and show what
changed and which new conflicts the merge made, each with who made it (issue 16).

The window's own edits reach the shared document when it is next opened (a share
export or sync catches it up with the store), so nothing here writes the document."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QListWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from planner.ui.window_api import DialogHost

WIDTH = 760  # wide enough for most lines; longer ones wrap
MIN_HEIGHT = 240


class _HangingIndent(QStyledItemDelegate):
    """A line that starts with spaces (a conflict under "New conflicts: N") is drawn
    indented as a block, its wrapped lines too, not only its first."""

    @staticmethod
    def _indent(option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> int:
        text = str(index.data() or "")
        spaces = len(text) - len(text.lstrip(" "))
        return option.fontMetrics.horizontalAdvance("M") * spaces

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        indent = self._indent(option, index)
        if indent:
            option.text = option.text.lstrip(" ")
            option.rect.setLeft(option.rect.left() + indent)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        indent = self._indent(option, index)
        rect: QRect = option.rect
        if not indent or rect.width() <= indent:
            return size
        # As tall as the text wrapped in the narrower, indented width it is drawn in.
        style = option.widget.style() if option.widget is not None else QApplication.style()
        margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, option, option.widget) + 1)
        text = str(index.data() or "").lstrip(" ")
        fm: QFontMetrics = option.fontMetrics
        box = fm.boundingRect(
            QRect(0, 0, rect.width() - indent - margin, 1 << 20), Qt.TextFlag.TextWordWrap, text
        )
        return QSize(size.width() + indent, max(size.height(), box.height()))


class MergeSummary(QDialog):
    """The report of one merge: the changes by author, replaced moves, new conflicts.
    Long lines (session titles, conflicts) wrap inside the dialog instead of running off
    its right edge; the dialog is as tall as its lines, up to most of the screen."""

    def __init__(self, parent: QWidget | None, title: str, lines: list[str]) -> None:
        super().__init__(parent)
        self.setObjectName("mergeSummary")
        self.setWindowTitle("Merged changes")
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{title.replace('&', '&amp;').replace('<', '&lt;')}</b>")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.lines = QListWidget()
        self.lines.setObjectName("mergeLines")
        self.lines.setWordWrap(True)
        self.lines.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.lines.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lines.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap when the dialog is resized
        self.lines.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.lines.setSpacing(2)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.lines.setItemDelegate(_HangingIndent(self.lines))
        for line in lines:
            self.lines.addItem(line)
        layout.addWidget(self.lines, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setFocus()
        self.setMinimumSize(420, MIN_HEIGHT)
        self.resize(WIDTH, self._height_for(WIDTH))

    def _height_for(self, width: int) -> int:
        """The dialog's height that shows every wrapped line at ``width``, kept between
        MIN_HEIGHT and three quarters of the screen (the list scrolls beyond). The lines are
        measured as wrapped beside a vertical scroll bar, with some padding: at the full
        width they are no taller, so a scroll bar never appears only to make a line wrap
        once more (the view's own size hints do not wrap before it is shown)."""
        view = self.lines
        fm = view.fontMetrics()
        bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        text_width = width - margins.left() - margins.right() - 2 * view.frameWidth() - bar - 16
        rows = 0
        for i in range(view.count()):
            text = view.item(i).text()
            indent = fm.horizontalAdvance("M") * (len(text) - len(text.lstrip(" ")))
            box = fm.boundingRect(
                QRect(0, 0, max(40, text_width - indent), 1 << 20), Qt.TextFlag.TextWordWrap, text.lstrip(" ")
            )
            rows += max(box.height(), fm.height()) + 2 * view.spacing() + 2
        layout.activate()
        chrome = self.sizeHint().height() - view.sizeHint().height()
        want = chrome + rows + 2 * view.frameWidth() + view.spacing()
        screen = self.screen() or QGuiApplication.primaryScreen()
        most = int(screen.availableGeometry().height() * 0.75) if screen is not None else 700
        return max(MIN_HEIGHT, min(want, most))


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
