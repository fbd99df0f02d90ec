"""Bad files get one clear message naming the problem and the place, fast, and the store
stays as it was."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from planner.cli import main
from planner.interop import InteropError, read
from planner.store import Store

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<schedule><conference><title>&lol9;</title></conference></schedule>
"""


def _truncated(schedules_dir: Path, tmp_path: Path) -> Path:
    data = (schedules_dir / "38c3-schedule-2025-03-04.xml").read_bytes()
    p = tmp_path / "truncated.xml"
    p.write_bytes(data[: len(data) // 2])
    return p


CASES = {
    "truncated": (None, r"truncated\.xml:\d+:\d+: not well-formed XML.*truncated"),
    "wrong root": (
        "<?xml version='1.0'?>\n<html><body/></html>\n",
        r"wrong\.xml:2: the root element is <html>",
    ),
    "billion laughs": (BILLION_LAUGHS, r"laughs\.xml:\d+: the document declares entities"),
    "external entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        "<schedule>&x;</schedule>\n",
        r"xxe\.xml:2: the document declares entities",
    ),
    "csv missing column": ("date,start,room\n2026-05-01,10:00,Main\n", r"missing\.csv:1: .*title"),
    "binary": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        r"binary\.bin:1: this is a binary file",
    ),
    "json without schedule": ('{"foo": 1}', r"nosched\.json:1: .*schedule"),
    "broken json": ('{"schedule": {"conference": ', r"broken\.json:1:\d+: not valid JSON"),
}
FILES = {
    "truncated": "truncated.xml",
    "wrong root": "wrong.xml",
    "billion laughs": "laughs.xml",
    "external entity": "xxe.xml",
    "csv missing column": "missing.csv",
    "binary": "binary.bin",
    "json without schedule": "nosched.json",
    "broken json": "broken.json",
}


@pytest.mark.parametrize("case", list(CASES))
def test_malformed_file_is_refused_clearly(
    case: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    store: Store,
    capsys: pytest.CaptureFixture[str],
) -> None:
    content, pattern = CASES[case]
    if content is None:  # only the truncated real file needs the shared schedules
        path = _truncated(request.getfixturevalue("schedules_dir"), tmp_path)
    else:
        path = tmp_path / FILES[case]
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    t0 = time.perf_counter()
    with pytest.raises(InteropError, match=pattern):
        read(path)
    assert time.perf_counter() - t0 < 1.0
    # the command line says it in one sentence and leaves the store untouched
    before = store.list_events()
    status = main(["--db", str(store.path), "import", str(path)])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("planner: error: ") and "Traceback" not in err
    assert store.list_events() == before
