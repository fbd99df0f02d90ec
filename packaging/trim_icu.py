"""Rebuild the bundle's ICU data library with only what Qt asks ICU for.

PySide6's Qt links ICU, whose data library (libicudata.so.73) is 32 MB: every locale's
currency, language, region and unit names, break-iterator dictionaries, transliterators.
Qt calls ICU for four things only: text codecs (ucnv_*), collation (ucol_*, QCollator),
locale-aware case mapping (u_strTo*) and time-zone names (ucal_*). This script keeps the
data those need (converters and their aliases, collation, zone names, the locale tree
with calendars, normalisation) and drops the rest, then rebuilds the library with the
same soname and the same exported symbol (icudt<N>_dat), and checks the result by
running Qt's codec, collation and time-zone calls against it.

    python packaging/trim_icu.py dist/planner/_internal/PySide6/Qt/lib/libicudata.so.73

Needs icupkg (Debian package icu-devtools), readelf, as and ld (binutils).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

# Item trees and files in the ICU data that no Qt call reads.
DROP_DIRS = ("curr/", "lang/", "region/", "unit/", "rbnf/", "brkitr/", "translit/")
DROP_SUFFIXES = (".spp", ".cfu")
DROP_FILES = ("unames.icu",)

CHECK = r"""
from PySide6.QtCore import QCollator, QLocale, QStringConverter, QStringDecoder, QTimeZone, QDateTime
de = QCollator(QLocale("de_DE"))
assert de.compare("Äpfel", "Zebra") < 0, "collation"
sv = QCollator(QLocale("sv_SE"))
assert sv.compare("Ö", "Z") > 0, "Swedish collation"
for codec in ("Shift_JIS", "windows-1252", "ISO-8859-15", "GB18030"):
    assert QStringDecoder(codec).isValid(), codec
assert QLocale("tr_TR").toUpper("i") == "İ", "Turkish case mapping"
tz = QTimeZone(b"Asia/Kolkata")
assert tz.isValid() and tz.displayName(QDateTime.currentDateTime(), QTimeZone.NameType.LongName), "zone name"
print("ICU check passed:", QStringConverter.availableCodecs()[:3], tz.displayName(QDateTime.currentDateTime()))
"""


def run(*cmd: str, **kw: object) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout  # type: ignore[call-overload]


def extract(lib: Path) -> tuple[str, bytes]:
    """The exported data symbol's name and bytes."""
    symbols = run("readelf", "-s", "-W", str(lib))
    m = re.search(r"^\s*\d+:\s+([0-9a-f]+)\s+(\d+|0x[0-9a-f]+)\s+OBJECT\s+GLOBAL\s+\S+\s+\S+\s+(icudt\d+_dat)\s*$",
                  symbols, re.MULTILINE)
    if not m:
        raise SystemExit(f"{lib}: no icudt*_dat symbol")
    value, size, name = int(m.group(1), 16), int(m.group(2), 0), m.group(3)
    blob = lib.read_bytes()
    for line in run("readelf", "-S", "-W", str(lib)).splitlines():
        parts = line.split("]", 1)[-1].split()
        if len(parts) > 4 and parts[0] == ".rodata":
            addr, offset = int(parts[2], 16), int(parts[3], 16)
            start = offset + value - addr
            return name, blob[start:start + size]
    raise SystemExit(f"{lib}: no .rodata section")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    lib = Path(argv[0])
    for tool in ("icupkg", "readelf", "as", "ld"):
        if not shutil.which(tool):
            print(f"trim_icu: {tool} is missing (icupkg: apt-get install icu-devtools); "
                  f"the ICU data stays whole", file=sys.stderr)
            return 0
    before = lib.stat().st_size
    symbol, data = extract(lib)
    with tempfile.TemporaryDirectory(prefix="trim-icu-") as tmp_name:
        tmp = Path(tmp_name)
        dat = tmp / f"{symbol[:-4]}l.dat"
        dat.write_bytes(data)
        items = run("icupkg", "-l", str(dat)).split()
        drop = [i for i in items if i.startswith(DROP_DIRS) or i.endswith(DROP_SUFFIXES) or i in DROP_FILES]
        (tmp / "drop.txt").write_text("\n".join(drop) + "\n")
        # icupkg names the package's item tree after the output file: keep the name.
        (tmp / "out").mkdir()
        trimmed = tmp / "out" / dat.name
        run("icupkg", "-r", str(tmp / "drop.txt"), str(dat), str(trimmed))
        (tmp / "data.s").write_text(
            f'\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n'
            f'{symbol}:\n\t.incbin "{trimmed}"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n')
        run("as", "-o", str(tmp / "data.o"), str(tmp / "data.s"))
        new = tmp / lib.name
        run("ld", "-shared", "-soname", lib.name, "-o", str(new), str(tmp / "data.o"))
        # Check Qt's ICU calls against the new library before it replaces the old one.
        env = dict(os.environ, LD_PRELOAD=str(new), QT_QPA_PLATFORM="offscreen")
        result = subprocess.run([sys.executable, "-c", CHECK], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            print(f"trim_icu: the trimmed ICU data fails Qt's calls; keeping the whole one:\n"
                  f"{result.stderr.strip()}", file=sys.stderr)
            return 1
        print(result.stdout.strip())
        shutil.copyfile(new, lib)
    print(f"trim_icu: {lib.name} {before / 1e6:.1f} MB -> {lib.stat().st_size / 1e6:.1f} MB "
          f"({len(drop)} of {len(items)} items dropped)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
