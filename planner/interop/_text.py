"""Descriptions arrive as HTML (FOSDEM, LCA), Markdown or plain text (CCC). The domain
keeps readable text; the HTML an import brought is kept beside it so that exports can
write it back while the text is unchanged."""

from __future__ import annotations

import logging
import re
from html import unescape
from html.parser import HTMLParser

log = logging.getLogger(__name__)

_TAG = re.compile(r"</?(p|br|div|ul|ol|li|a|em|strong|b|i|code|pre|h[1-6]|span|blockquote)\b[^>]*>", re.I)
_BLOCK = {"p", "div", "ul", "ol", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}


def looks_like_html(text: str) -> bool:
    return bool(text) and "<" in text and _TAG.search(text) is not None


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.href: str | None = None
        self.link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.out.append("\n\n")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n• ")
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK:
            self.out.append("\n\n")
        elif tag == "a" and self.href:
            text = "".join(self.link_text).strip()
            if self.href not in text:
                self.out.append(f" ({self.href})")
            self.href = None

    def handle_data(self, data: str) -> None:
        self.out.append(data)
        if self.href is not None:
            self.link_text.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # a broken fragment: fall back to stripping tags
        return unescape(re.sub(r"<[^>]+>", "", html)).strip()
    text = "".join(parser.out)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
