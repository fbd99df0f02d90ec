"""File dialogs that remember their folder: one QSettings key per kind of dialog (the
schedule to import, the report to save, ...), so each opens where it was last used."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget


def settings_key(kind: str) -> str:
    return f"fileDialogs/{kind}/folder"


def remembered_folder(kind: str, default: Path | None = None) -> str:
    """The folder this kind of dialog used last (if it still exists), else ``default``."""
    value = QSettings().value(settings_key(kind))
    if isinstance(value, str) and value and Path(value).is_dir():
        return value
    return str(default) if default is not None else ""


def remember_folder(kind: str, chosen: str) -> None:
    """Keep the folder of ``chosen`` (a file or a folder) for the next dialog of ``kind``."""
    if not chosen:
        return
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    QSettings().setValue(settings_key(kind), str(folder))


def _start(kind: str, suggested: str = "", default: Path | None = None) -> str:
    """Where a dialog starts: ``suggested`` (a file name) inside the remembered folder."""
    folder = remembered_folder(kind, default)
    if suggested and Path(suggested).is_absolute():
        return suggested
    if not folder:
        return suggested
    return str(Path(folder) / suggested) if suggested else folder


def open_file_name(
    parent: QWidget | None, kind: str, title: str, filter_: str, default: Path | None = None
) -> str:
    name, _ = QFileDialog.getOpenFileName(parent, title, _start(kind, "", default), filter_)
    remember_folder(kind, name)
    return name


def save_file_name(
    parent: QWidget | None, kind: str, title: str, suggested: str, filter_: str
) -> tuple[str, str]:
    """The file name and the chosen filter ("" and "" when cancelled)."""
    name, chosen = QFileDialog.getSaveFileName(parent, title, _start(kind, suggested), filter_)
    remember_folder(kind, name)
    return name, chosen


def existing_directory(parent: QWidget | None, kind: str, title: str) -> str:
    name = QFileDialog.getExistingDirectory(parent, title, _start(kind))
    if name:
        QSettings().setValue(settings_key(kind), name)
    return name
