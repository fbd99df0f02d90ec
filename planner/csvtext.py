"""Reading the text of a CSV file as spreadsheets write it: the encoding (UTF-8 with or
without BOM, UTF-16 with BOM, else Windows-1252) and the separator. No Qt.

Every CSV import (schedules, people, attendance, feedback) reads through here, so they
all accept the same files.
"""

from __future__ import annotations

import codecs
import csv

SEPARATORS = ",;\t|"


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with. Never raises: bytes that do
    not decode become U+FFFD, which the row checks then report where they stand."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; those become U+FFFD, never an error.
        return data.decode("cp1252", errors="replace"), "cp1252"


def detect_delimiter(text: str, candidates: str = SEPARATORS) -> str:
    """The separator of the header line and first rows: what csv.Sniffer finds among
    ``candidates``, else the candidate the header line holds most of, else a comma."""
    sample = text[:16384]
    try:
        return csv.Sniffer().sniff(sample, delimiters=candidates).delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        counts = {d: header.count(d) for d in candidates}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","
