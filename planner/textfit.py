"""Fitting text into a width on a PDF page, in time linear in the text.

The QR sheet and the PDF programme cut names and titles to a width with an ellipsis and
wrap them over a few lines. Measuring ``text[:-1]`` again after every character dropped
is quadratic (a name of 10 000 characters took seconds); here each character is
measured once, from a cache of glyph advances (reportlab does not kern, so a string's
width is the sum of its characters'). No Qt.
"""

from __future__ import annotations

import re
from functools import cache

from reportlab.pdfbase import pdfmetrics

ELLIPSIS = "…"
_WORD = re.compile(r"\S+")


@cache
def char_width(ch: str, font: str) -> float:
    """The advance of one character at size 1."""
    return float(pdfmetrics.stringWidth(ch, font, 1000)) / 1000


def width(text: str, font: str, size: float) -> float:
    return size * sum(char_width(ch, font) for ch in text)


def prefix_that_fits(text: str, font: str, size: float, limit: float, start: int = 0) -> int:
    """The largest ``n`` such that ``text[start:n]`` is at most ``limit`` wide (reading
    stops at the first character that does not fit, so the cost is that of the prefix)."""
    used = 0.0
    n = start
    while n < len(text):
        used += size * char_width(text[n], font)
        if used > limit + 1e-9:
            break
        n += 1
    return n


def fit(text: str, font: str, size: float, limit: float) -> str:
    """``text``, or its longest prefix that fits ``limit`` with an ellipsis after it."""
    if prefix_that_fits(text, font, size, limit) == len(text):
        return text
    return ellipsize(text, font, size, limit)


def ellipsize(text: str, font: str, size: float, limit: float) -> str:
    """``text`` ending in an ellipsis, cut so that the whole fits ``limit``."""
    text = text.rstrip()
    room = limit - size * char_width(ELLIPSIS, font)
    n = prefix_that_fits(text, font, size, room) if room > 0 else 0
    return text[:n].rstrip() + ELLIPSIS


def wrap(
    text: str, font: str, size: float, limit: float, max_lines: int, break_words: bool = True
) -> list[str]:
    """``text`` over at most ``max_lines`` lines of at most ``limit`` width, broken at
    spaces; a word wider than a line is cut (``break_words``) or cut with an ellipsis.
    When the text does not fit, the last line ends with an ellipsis. Each word is
    measured once and the work stops at the last line, so the cost is linear."""
    if max_lines <= 0:
        return []
    space = size * char_width(" ", font)
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    words = (m.group() for m in _WORD.finditer(text))  # lazily: the work stops at the last line
    rest = False  # whether some text is left when the lines are full
    for word in words:
        # measured only up to the width of a line: a word of a million characters costs
        # no more than a line's worth
        n = prefix_that_fits(word, font, size, limit)
        w = width(word, font, size) if n == len(word) else limit + 1.0
        if line and used + space + w <= limit + 1e-9:
            line.append(word)
            used += space + w
            continue
        if line:
            lines.append(" ".join(line))
            line, used = [], 0.0
            if len(lines) == max_lines:
                rest = True
                break
        if w <= limit + 1e-9:
            line, used = [word], w
            continue
        if not break_words:
            line, used = [fit(word, font, size, limit)], limit
            continue
        # a word longer than a line: cut it into pieces that fit
        start = 0
        while start < len(word):
            n = max(prefix_that_fits(word, font, size, limit, start), start + 1)
            piece = word[start:n]
            start = n
            if start < len(word):
                lines.append(piece)
                if len(lines) == max_lines:
                    rest = True
                    break
            else:
                line, used = [piece], width(piece, font, size)
        if rest:
            break
    if not rest and line:
        if len(lines) < max_lines:
            lines.append(" ".join(line))
        else:
            rest = True
    if rest and lines:
        lines[-1] = ellipsize(lines[-1], font, size, limit)
    return lines
