"""Start-up: the Qt application, the main window, the screenshot mode, the error hook."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from planner import APP_NAME, __version__
from planner.logs import log_file
from planner.store import Store

log = logging.getLogger(__name__)

NO_DISPLAY = (
    "planner cannot open a window: no display was found (DISPLAY and WAYLAND_DISPLAY are "
    "unset). Run it in a desktop session, or under a virtual screen with "
    "`xvfb-run planner`, or render the window to a file with `planner --screenshot "
    "FILE.png`, or use the headless commands (`planner --help`)."
)


def _display_available() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal", "vnc"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def ensure_app(offscreen: bool = False):  # type: ignore[no-untyped-def]
    """The one QApplication, created on first use."""
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QApplication.setApplicationName(APP_NAME)
        QApplication.setOrganizationName(APP_NAME)
        QApplication.setApplicationVersion(__version__)
        QApplication.setDesktopFileName("planner")
        from planner.ui.style import app_arguments, apply_style

        app = QApplication(app_arguments(sys.argv[0] if sys.argv else APP_NAME))
        apply_style(app)
        _set_app_icon(app)
    return app


def _set_app_icon(app) -> None:  # type: ignore[no-untyped-def]
    """The window icon, from the hicolor renders of resources/icons/planner.svg."""
    from PySide6.QtGui import QIcon

    from planner.resources import resource_path

    try:
        hicolor = resource_path("icons", "hicolor")
    except FileNotFoundError as exc:
        log.info("no app icon: %s", exc)
        return
    icon = QIcon()
    for png in sorted(hicolor.glob("*/apps/planner.png")):
        icon.addFile(str(png))
    app.setWindowIcon(icon)


def create_window(db_path: Path | str, event: str | None = None):  # type: ignore[no-untyped-def]
    """Build the main window on the store at ``db_path`` without entering the event loop.

    A QApplication must exist or is created. When the store holds no event the demo event
    is added, so the window opens on something real.
    """
    ensure_app()
    from planner.ui.main_window import MainWindow

    store = Store.open(db_path)
    add_demo_if_empty(store)
    window = MainWindow(store, event)
    return window


def add_demo_if_empty(store: Store) -> None:
    if not store.has_events() and not store.read_only:
        from planner.demo import add_demo

        slug = add_demo(store)
        log.info("added the demo event %s to an empty store", slug)


def show_crash_dialog(summary: str, details: str) -> None:
    """The modal box for an uncaught exception; tests replace this function."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "planner: unexpected error", summary)
    box.setObjectName("crashDialog")
    box.setDetailedText(details)
    box.exec()


def handle_uncaught(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an uncaught exception and show it in a dialog. The data is already safe:
    every edit was committed when it was made."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.critical("uncaught exception:\n%s", details)
    summary = (
        f"Something went wrong: {exc_type.__name__}: {exc}\n\nYour edits are saved. "
        f"The details are in the log file:\n{log_file()}"
    )
    try:
        show_crash_dialog(summary, details)
    except Exception:  # the hook itself must never fail
        log.exception("could not show the error dialog")


def install_excepthook() -> None:
    sys.excepthook = handle_uncaught


def screenshot(window, path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    window.resize(*size)
    window.show()
    for _ in range(5):
        QApplication.processEvents()
    window.finish_start()
    QApplication.processEvents()
    pixmap = window.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not pixmap.save(str(path), "PNG"):
        raise OSError(f"cannot write the screenshot to {path}")


@contextmanager
def quiet_size_hints() -> Iterator[None]:
    """Drop the one message Qt's offscreen platform prints for every window it shows
    ("This plugin does not support propagateSizeHints()"); every other message goes
    where it went before."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qFormatLogMessage, qInstallMessageHandler

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if "does not support propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(qFormatLogMessage(mode, context, message), file=sys.stderr, flush=True)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def run_gui(args: argparse.Namespace, db_path: Path) -> int:
    if args.screenshot is not None:
        ensure_app(offscreen=True)
        with quiet_size_hints():
            window = create_window(db_path, args.event)
            screenshot(window, args.screenshot, args.size)
            print(args.screenshot)
            window.close()
        return 0
    if not _display_available():
        print(f"planner: {NO_DISPLAY}", file=sys.stderr)
        return 2
    app = ensure_app()
    install_excepthook()
    window = create_window(db_path, args.event)
    if args.clock is not None:
        window.set_clock(args.clock, args.speed) if hasattr(window, "set_clock") else None
    window.show()
    return int(app.exec())
