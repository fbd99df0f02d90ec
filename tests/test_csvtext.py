"""The one reader of CSV text that every import shares."""

from __future__ import annotations

import codecs

from planner.csvtext import decode, detect_delimiter


def test_encodings() -> None:
    text = "name;Café\nZoë;1\n"
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == (text, "utf-16")
    assert decode(text.encode("cp1252")) == (text, "cp1252")
    # A BOM file with a broken byte does not raise: the byte becomes U+FFFD.
    assert decode(codecs.BOM_UTF8 + b"a,\xff\n") == ("a,\ufffd\n", "utf-8-sig")


def test_separators() -> None:
    assert detect_delimiter("a;b;c\n1;2;3\n") == ";"
    assert detect_delimiter("a\tb\n1\t2\n") == "\t"
    assert detect_delimiter('title,description\n"x","one; two; three"\n') == ","
    assert detect_delimiter("single\n") == ","
