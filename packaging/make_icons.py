"""Render the app icon (resources/icons/planner.svg) into the hicolor PNG sizes, a
Windows .ico and a macOS .icns. Run once after editing the SVG; the renders are committed:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int, out: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        raise OSError(f"cannot write {out}")


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "planner.svg"))
    if not renderer.isValid():
        raise SystemExit("resources/icons/planner.svg is not a valid SVG")
    for size in SIZES:
        out = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "planner.png"
        render(renderer, size, out)
        print(out.relative_to(ROOT))
    big = Image.open(ICONS / "hicolor" / "512x512" / "apps" / "planner.png")
    big.save(ICONS / "planner.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(ICONS / "planner.icns")
    print("resources/icons/planner.ico", "resources/icons/planner.icns")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
