"""What the timeline draws: session blocks, break bands, the colours they use."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from planner.domain.model import Pin, Session, SessionKind

log = logging.getLogger(__name__)

GUID_ROLE = 0  # item.data(0) holds the session's guid


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


KIND_HUES = {SessionKind.BREAK: -1, SessionKind.REHEARSAL: 40}


@dataclass(slots=True)
class Colours:
    """The timeline's palette, chosen from the widget palette (light or dark)."""

    dark: bool
    background: QColor
    stripe: QColor
    hour_line: QColor
    slot_line: QColor
    day_band: QColor
    text: QColor
    muted: QColor
    conflict: QColor
    warning: QColor
    now: QColor
    ghost: QColor
    shade: QColor
    selection: QColor
    # A teammate's hand: the frame and tag of a session someone else is dragging.
    teammate: QColor = field(default_factory=lambda: QColor(124, 58, 237))
    _fills: dict[tuple[str, SessionKind], tuple[QColor, QColor]] = field(default_factory=dict)
    # Hues of the tracks whose colour the schedule file gave (Event.extra["track_colours"]).
    track_hues: dict[str, int] = field(default_factory=dict)

    def use_track_colours(self, colours: dict[str, str]) -> None:
        """Take each track's hue from the colour its file gave; lightness and saturation
        stay ours, so text reads the same on every block, light palette or dark."""
        hues = {}
        for track, value in (colours or {}).items():
            c = QColor(str(value))
            if c.isValid() and c.hslHue() >= 0:  # greys have no hue
                hues[track] = c.hslHue()
        if hues != self.track_hues:
            self.track_hues = hues
            self._fills.clear()

    @classmethod
    def from_palette(cls, palette: QPalette) -> Colours:
        dark = is_dark(palette)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        if dark:
            return cls(
                True,
                base,
                base.lighter(118),
                QColor(255, 255, 255, 60),
                QColor(255, 255, 255, 22),
                QColor(60, 66, 80),
                text,
                QColor(170, 176, 186),
                QColor(255, 95, 90),
                QColor(240, 180, 60),
                QColor(255, 80, 80),
                QColor(120, 190, 255),
                QColor(255, 80, 70, 70),
                palette.color(QPalette.ColorRole.Highlight).lighter(130),
                QColor(190, 160, 255),
            )
        return cls(
            False,
            base,
            base.darker(104),
            QColor(0, 0, 0, 55),
            QColor(0, 0, 0, 18),
            QColor(225, 230, 240),
            text,
            QColor(90, 96, 106),
            QColor(205, 35, 35),
            QColor(210, 130, 0),
            QColor(230, 30, 30),
            QColor(30, 110, 220),
            QColor(230, 40, 40, 55),
            palette.color(QPalette.ColorRole.Highlight),
        )

    def fill_for(self, key: str, kind: SessionKind) -> tuple[QColor, QColor]:
        """(fill, border) for a track or kind; the same key always gets the same hue."""
        cached = self._fills.get((key, kind))
        if cached is None:
            cached = self._fills[(key, kind)] = self._fill_for(key, kind)
        return cached

    def _fill_for(self, key: str, kind: SessionKind) -> tuple[QColor, QColor]:
        if kind == SessionKind.BREAK:
            return (
                (QColor(70, 74, 82), QColor(110, 114, 122))
                if self.dark
                else (QColor(226, 228, 232), QColor(170, 174, 182))
            )
        hue = KIND_HUES.get(kind)
        if hue is None:
            hue = self.track_hues.get(key)
        if hue is None:
            hue = zlib.crc32((key or kind.value).encode()) % 360
        if self.dark:
            return QColor.fromHslF(hue / 360, 0.38, 0.30), QColor.fromHslF(hue / 360, 0.50, 0.55)
        return QColor.fromHslF(hue / 360, 0.62, 0.88), QColor.fromHslF(hue / 360, 0.45, 0.55)


class Fonts:
    """Fonts and metrics shared by every block (measured once)."""

    def __init__(self, base: QFont) -> None:
        self.title = QFont(base)
        self.title.setBold(True)
        self.body = QFont(base)
        self.body.setPointSizeF(max(7.0, base.pointSizeF() - 1))
        self.title_metrics = QFontMetricsF(self.title)
        self.body_metrics = QFontMetricsF(self.body)
        self.title_h = self.title_metrics.height()
        self.body_h = self.body_metrics.height()


def _plain_content(s: Session) -> tuple[str, str, str]:
    return s.title, "", ""


class BlockItem(QGraphicsItem):
    """One scheduled session. Holds no data of its own beyond what it paints; the scene
    sets it from the document (its guid in ``data(0)``)."""

    PAD = 4.0
    # Makes (title, time, people, tooltip) of a session; the view sets its own.
    content: Callable[[Session], tuple[str, str, str]] = staticmethod(_plain_content)

    def __init__(self, guid: str, style: BlockStyle) -> None:
        super().__init__()
        self.setData(GUID_ROLE, guid)
        self.guid = guid
        self.style = style
        self.w = 10.0
        self.h = 10.0
        self.session: Session | None = None
        self._texts: tuple[str, str, str] | None = None
        self.kind = SessionKind.TALK
        self.fill = QColor()
        self.border = QColor()
        self.conflict: str | None = None  # severity of a conflict it is in
        self.shaded = False  # clashes with the drag in progress
        self.checklist: tuple[int, int] = (0, 0)
        self.held_by: str | None = None  # the teammate dragging it right now (live editing)
        self._lines: list[tuple[QFont, str, QColor]] | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)

    def set_session(self, session: Session, fill: QColor, border: QColor, checklist: tuple[int, int]) -> None:
        """Point the block at the session's current state; its texts are laid out lazily,
        at the first paint (most of a big schedule is never on screen)."""
        self.session = session
        self.kind, self.fill, self.border, self.checklist = session.kind, fill, border, checklist
        self._texts = None
        self._lines = None
        self.update()

    def texts(self) -> tuple[str, str, str]:
        """(title, time, people), made on first use."""
        if self._texts is None:
            self._texts = self.content(self.session) if self.session is not None else ("", "", "")
        return self._texts

    def set_rect(self, x: float, y: float, w: float, h: float) -> None:
        if (w, h) != (self.w, self.h):
            self.prepareGeometryChange()
            self.w, self.h = w, h
            self._lines = None
        self.setPos(x, y)

    def set_conflict(self, severity: str | None) -> None:
        if severity != self.conflict:
            self.conflict = severity
            self.update()

    def set_shaded(self, shaded: bool) -> None:
        if shaded != self.shaded:
            self.shaded = shaded
            self.update()

    def set_held_by(self, name: str | None) -> None:
        """Mark the block as being dragged by teammate ``name`` (None: by no one)."""
        if name != self.held_by:
            self.held_by = name
            self.update()

    def held_text(self) -> str:
        return f"{self.held_by} is moving this" if self.held_by else ""

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.w, self.h)

    def _layout(self) -> list[tuple[QFont, str, QColor]]:
        """The elided lines that fit the block, cached until its size or content changes."""
        if self._lines is not None:
            return self._lines
        f = self.style.fonts
        c = self.style.colours
        width = self.w - 2 * self.PAD - (self._checklist_width() if self.checklist[1] else 0)
        avail = self.h - 2 * self.PAD + 2
        lines: list[tuple[QFont, str, QColor]] = []
        title, time_text, people_text = self.texts()
        if width > 8 and avail >= f.title_h * 0.8:
            el = Qt.TextElideMode.ElideRight
            lines.append((f.title, f.title_metrics.elidedText(title, el, width), c.text))
            avail -= f.title_h
            for text in (time_text, people_text):
                if text and avail >= f.body_h:
                    lines.append(
                        (f.body, f.body_metrics.elidedText(text, el, self.w - 2 * self.PAD), c.muted)
                    )
                    avail -= f.body_h
        self._lines = lines
        return lines

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        c = self.style.colours
        r = QRectF(1, 1, self.w - 2, self.h - 2)
        painter.setPen(QPen(self.border, 1))
        painter.setBrush(self.fill)
        painter.drawRoundedRect(r, 3, 3)
        if self.kind == SessionKind.BREAK:
            painter.setBrush(QBrush(self.border, Qt.BrushStyle.BDiagPattern))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(r, 3, 3)
        if self.shaded:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(c.conflict, Qt.BrushStyle.FDiagPattern))
            painter.drawRoundedRect(r, 3, 3)
        if self.conflict is not None:
            # An error gets a red frame and stripe; a warning only a quieter stripe.
            colour = c.conflict if self.conflict == "error" else c.warning
            if self.conflict == "error":
                painter.setPen(QPen(colour, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
            painter.fillRect(QRectF(1, 1, 4, self.h - 2), colour)
        if self.isSelected():
            painter.setPen(QPen(c.selection, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(r.adjusted(1, 1, -1, -1), 3, 3)
        y = self.PAD
        fonts = self.style.fonts
        for font, text, colour in self._layout():
            metrics = fonts.title_metrics if font is fonts.title else fonts.body_metrics
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(QPointF(self.PAD + (2 if self.conflict else 0), y + metrics.ascent()), text)
            y += metrics.height()
        done, total = self.checklist
        if total and self.h >= 14 and self.w >= 40:
            self._paint_checklist(painter, done, total)
        if self.session is not None and self.session.pin and self.h >= 14 and self.w >= 24:
            self._paint_lock(painter, full=self.session.pin == Pin.FULL)
        if self.held_by:
            self._paint_held(painter)

    def _paint_held(self, painter: QPainter) -> None:
        """A dashed frame in the teammate colour and, where it fits, a tag with the name."""
        c = self.style.colours
        painter.setPen(QPen(c.teammate, 2.5, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(2, 2, self.w - 4, self.h - 4), 3, 3)
        fm = self.style.fonts.body_metrics
        if self.h < fm.height() + 6 or self.w < 40:
            return
        text = fm.elidedText(self.held_text(), Qt.TextElideMode.ElideRight, self.w - 16)
        tag = QRectF(4, self.h - fm.height() - 6, fm.horizontalAdvance(text) + 8, fm.height() + 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(c.teammate)
        painter.drawRoundedRect(tag, 3, 3)
        painter.setFont(self.style.fonts.body)
        painter.setPen(QColor(255, 255, 255) if not c.dark else QColor(20, 10, 40))
        painter.drawText(QPointF(tag.left() + 4, tag.top() + 1 + fm.ascent()), text)

    def _paint_lock(self, painter: QPainter, full: bool) -> None:
        """A padlock at the bottom right: filled when pinned in time and room, an outline
        when pinned to its room only."""
        c = self.style.colours
        body = QRectF(self.w - 15, self.h - 11, 10, 7)
        painter.setPen(QPen(c.text, 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(QRectF(body.left() + 2, body.top() - 5, 6, 9), 0, 180 * 16)
        painter.setBrush(c.text if full else Qt.BrushStyle.NoBrush)
        painter.drawRect(body)

    def _checklist_text(self) -> str:
        return f"{self.checklist[0]}/{self.checklist[1]}"

    def _checklist_width(self) -> float:
        return 22 + self.style.fonts.body_metrics.horizontalAdvance(self._checklist_text()) + 3

    def _paint_checklist(self, painter: QPainter, done: int, total: int) -> None:
        """A small ring and "done/total" at the top right: the tech checklist's progress."""
        c = self.style.colours
        d = 12.0
        box = QRectF(self.w - d - 5, 4, d, d)
        fm = self.style.fonts.body_metrics
        text = self._checklist_text()
        if self.w >= 90:
            painter.setFont(self.style.fonts.body)
            painter.setPen(c.muted)
            painter.drawText(
                QPointF(box.left() - 3 - fm.horizontalAdvance(text), box.center().y() + fm.ascent() / 2 - 1),
                text,
            )
        painter.setPen(QPen(c.muted, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(box)
        if done:
            ok = QColor(40, 160, 80) if not c.dark else QColor(90, 210, 120)
            painter.setPen(QPen(ok, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            painter.drawArc(box, 90 * 16, -int(360 * 16 * done / total))


class BlockStyle:
    """Colours and fonts every block shares (one object, swapped on a palette change)."""

    def __init__(self, palette: QPalette, font: QFont) -> None:
        self.colours = Colours.from_palette(palette)
        self.fonts = Fonts(font)


class BandItem(QGraphicsItem):
    """A break with a time but no room: a band across every column."""

    def __init__(self, guid: str, style: BlockStyle) -> None:
        super().__init__()
        self.setData(GUID_ROLE, guid)
        self.guid = guid
        self.style = style
        self.w = 10.0
        self.h = 10.0
        self.title = ""
        self.setZValue(-1)

    def set_rect(self, x: float, y: float, w: float, h: float, title: str) -> None:
        self.prepareGeometryChange()
        self.w, self.h, self.title = w, h, title
        self.setPos(x, y)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.w, self.h)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        c = self.style.colours
        fill, border = c.fill_for("", SessionKind.BREAK)
        fill.setAlpha(150)
        painter.fillRect(self.boundingRect(), fill)
        painter.fillRect(self.boundingRect(), QBrush(border, Qt.BrushStyle.BDiagPattern))
        painter.setPen(c.muted)
        painter.setFont(self.style.fonts.body)
        painter.drawText(
            self.boundingRect().adjusted(6, 0, -6, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.title,
        )


class GhostLabel(QGraphicsItem):
    """Where a drag would land and what it would clash with: a small boxed note."""

    MAX_W = 440.0

    def __init__(self, style: BlockStyle) -> None:
        super().__init__()
        self.style = style
        self.lines: list[str] = []
        self.colour = QColor()
        self.size = QRectF()
        self.setZValue(60)

    def set_text(self, lines: list[str], colour: QColor) -> None:
        fm = self.style.fonts.title_metrics
        el = Qt.TextElideMode.ElideRight
        self.prepareGeometryChange()
        self.lines = [fm.elidedText(t, el, self.MAX_W - 12) for t in lines]
        self.colour = colour
        w = max((fm.horizontalAdvance(t) for t in self.lines), default=0) + 12
        self.size = QRectF(0, 0, w, fm.height() * len(self.lines) + 6)
        self.update()

    def boundingRect(self) -> QRectF:
        return self.size

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        c = self.style.colours
        fm = self.style.fonts.title_metrics
        painter.setPen(QPen(self.colour, 1.5))
        painter.setBrush(c.background)
        painter.drawRoundedRect(self.size.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.setFont(self.style.fonts.title)
        y = 3 + fm.ascent()
        for i, line in enumerate(self.lines):
            painter.setPen(c.text if i == 0 else self.colour)
            painter.drawText(QPointF(6, y), line)
            y += fm.height()
