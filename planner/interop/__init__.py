"""Schedules in and out: frab XML, schedule.json (and schedule2), iCalendar, CSV, PDF.

The common API::

    result = read(path, format=None, tz=None, progress=None)   # -> ImportResult
    store.add_schedule(result.schedule)                        # one transaction
    write(schedule, path, "frab-xml")

Readers are tolerant (real files break their own schemas) and say in the report what they
adjusted and what they refused; writers are strict (what we write validates). No Qt here.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Callable
from pathlib import Path

from planner.domain.model import Schedule
from planner.files import written_whole
from planner.interop.builder import ImportReport, ImportResult, InteropError, Progress

log = logging.getLogger(__name__)

__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "ImportReport",
    "ImportResult",
    "InteropError",
    "Progress",
    "detect_format",
    "read",
    "write",
]

IMPORT_FORMATS = ("frab-xml", "schedule-json", "ics", "csv")
EXPORT_FORMATS = ("frab-xml", "schedule-json", "ics", "csv", "pdf")
MAX_BYTES = 200 * 1024 * 1024

# Kept for code written against the first draft of this API.
ImportError_ = InteropError


def _load(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise InteropError("no such file", where=str(path)) from exc
    if path.is_dir():
        raise InteropError("this is a folder, not a schedule file", where=str(path))
    if size > MAX_BYTES:
        raise InteropError(
            f"the file is {size // (1024 * 1024)} MB; schedules larger than "
            f"{MAX_BYTES // (1024 * 1024)} MB are refused",
            where=str(path),
        )
    return path.read_bytes()


# UTF-32 first: its little-endian mark begins with UTF-16's
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])[^"']*(["'])""")


def _narrowed(data: bytes, name: str) -> bytes:
    """A file in UTF-16 or UTF-32 with a byte order mark (Excel's "Unicode text", Windows
    editors, some exporters) as UTF-8 with a mark, which every reader takes; an XML
    declaration's encoding is changed to match. Other bytes are returned unchanged."""
    encoding = next((enc for bom, enc in _WIDE_BOMS if data.startswith(bom)), None)
    if encoding is None:
        return data
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, "replace").count("\n") + 1
        label = encoding.upper()
        raise InteropError(
            f"the file starts with a {label} byte order mark but is not valid {label} text",
            where=f"{name}:{line}",
        ) from exc
    text = _XML_ENCODING.sub(r"\g<1>UTF-8\g<2>", text.lstrip("\ufeff"), count=1)
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def _sniff(data: bytes, name: str) -> str:
    head = data[:4096]
    if b"\x00" in head[:1024] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InteropError(
            "this is a binary file, not a schedule (frab XML, schedule.json, iCalendar or CSV)",
            where=f"{name}:1",
        )
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        return "frab-xml"
    if text.startswith((b"{", b"[")):
        return "schedule-json"
    if text.upper().startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    # Text with separators on its first line: a CSV with a header row.
    first = text.split(b"\n", 1)[0]
    if any(sep in first for sep in (b",", b";", b"\t")):
        return "csv"
    raise InteropError(
        "the format cannot be recognised from the content (expected frab XML, "
        "schedule.json, iCalendar or CSV with a header row); give --format",
        where=f"{name}:1",
    )


def detect_format(path: Path | str) -> str:
    """``frab-xml``, ``schedule-json``, ``ics`` or ``csv``, judged from the content."""
    p = Path(path)
    return _sniff(_narrowed(_load(p), p.name)[:4096], p.name)


def read(
    path: Path | str,
    format: str | None = None,
    tz: str | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> ImportResult:
    """Read a schedule file into a validated Schedule and a report of what was adjusted.

    ``progress(done, total)`` is called now and then; when it returns ``False`` the read
    stops with an InteropError ("cancelled"). Raises InteropError for a file that cannot
    be read, naming the file, the line and the element or field.
    """
    p = Path(path)
    data = _narrowed(_load(p), p.name)
    fmt = format or _sniff(data, p.name)
    if fmt == "schedule2":
        fmt = "schedule-json"
    if fmt not in IMPORT_FORMATS:
        raise InteropError(f"unknown import format {fmt!r} (one of {', '.join(IMPORT_FORMATS)})")
    if fmt == "frab-xml":
        from planner.interop import frab_xml

        result = frab_xml.read(p, data, tz=tz, progress=progress)
    elif fmt == "schedule-json":
        from planner.interop import schedule_json

        result = schedule_json.read(p, data, tz=tz, progress=progress)
    elif fmt == "ics":
        from planner.interop import ics

        result = ics.read(p, data, tz=tz, progress=progress)
    else:
        from planner.interop import csv_format

        # the reader gets the one reference to the bytes, so that it can let them go once
        # decoded (a 50 MB file need not be held twice while its rows are built)
        held = [data]
        del data
        result = csv_format.read(p, held.pop(), tz=tz, progress=progress)
    log.info(
        "read %s as %s: %d sessions, %d rooms, %d people",
        p.name,
        fmt,
        len(result.schedule.sessions),
        len(result.schedule.rooms),
        len(result.schedule.people),
    )
    return result


def write(schedule: Schedule, path: Path | str, format: str, **options: object) -> None:
    """Write ``schedule`` to ``path`` in ``format`` (one of EXPORT_FORMATS).

    Options: ``pagesize`` ("A4" or "Letter") for pdf; ``room`` (a room guid) or
    ``person`` (a person guid) to narrow an ics export.
    """
    p = Path(path)
    if format not in EXPORT_FORMATS:
        raise InteropError(f"unknown export format {format!r} (one of {', '.join(EXPORT_FORMATS)})")
    with written_whole(p) as tmp:
        if format == "frab-xml":
            from planner.interop import frab_xml

            frab_xml.write(schedule, tmp)
        elif format == "schedule-json":
            from planner.interop import schedule_json

            schedule_json.write(schedule, tmp)
        elif format == "ics":
            from planner.interop import ics

            ics.write(schedule, tmp, **options)  # type: ignore[arg-type]
        elif format == "csv":
            from planner.interop import csv_format

            csv_format.write(schedule, tmp)
        else:
            from planner.interop import pdf_programme

            pdf_programme.write(schedule, tmp, **options)  # type: ignore[arg-type]
    log.info("wrote %s as %s", p, format)
