"""Run-time hook of the frozen planner on Linux, in place of PyInstaller's PySide6 hook.

PyInstaller's hook imports PySide6.QtCore at start-up (to check for an embedded
qt.conf), which loads Qt and ICU before main() runs: about 50 ms that `planner --version`
and every headless command would pay. PySide6 from PyPI registers its own qt.conf when
QtCore is first imported, so all that is left to do here is to point Qt at the bundle's
plugins."""

import os
import sys

os.environ["QT_PLUGIN_PATH"] = os.path.join(sys._MEIPASS, "PySide6", "Qt", "plugins")  # type: ignore[attr-defined]
