"""QR images: PNG decodes to the link, SVG holds exactly the code's modules."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from PIL import Image

from planner.errors import UserError
from planner.invites.qr import ErrorCorrection, png_bytes, qr_matrix, svg_text

LINK = "https://events.example.org/winter-gala-2026/register?invite=Bpn9jdtyZLPH-A_Cbk3nfg"


@pytest.mark.parametrize("level", list(ErrorCorrection))
def test_png_decodes_at_every_level(level: ErrorCorrection) -> None:
    img = Image.open(io.BytesIO(png_bytes(LINK, level)))
    assert img.format == "PNG"
    results = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    assert [r.text for r in results] == [LINK]
    assert results[0].ec_level == level.value


def test_higher_levels_need_more_modules() -> None:
    sizes = [len(qr_matrix(LINK, lv)) for lv in "LMQH"]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]


def test_svg_draws_exactly_the_dark_modules() -> None:
    m = qr_matrix(LINK, "Q")
    svg = svg_text(LINK, "Q", border=4)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("viewBox") == f"0 0 {len(m) + 8} {len(m) + 8}"
    path = root.find(f"{ns}path")
    assert path is not None
    drawn = [[False] * len(m) for _ in m]
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path.get("d", "")):
        for dx in range(int(w)):
            drawn[int(y) - 4][int(x) - 4 + dx] = True
    assert drawn == m


def test_a_link_too_long_for_a_code_is_a_clear_error() -> None:
    with pytest.raises(UserError, match="too long for a QR code"):
        qr_matrix("https://x.org/" + "a" * 5000, "H")


@pytest.mark.parametrize("level", list(ErrorCorrection))
def test_the_fast_matrix_is_the_code_qrcode_itself_makes(level: ErrorCorrection) -> None:
    """Same version, same mask choice, same modules as QRCode.make(fit=True), from the
    smallest versions to ones that carry version information (7 and up)."""
    import random

    from planner.invites.qr import _fast_matrix, _plain_matrix

    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
    versions = set()
    for length in (1, 12, 40, 90, 160, 300):
        for _ in range(3):
            text = "https://x.org/?t=" + "".join(rng.choice(alphabet) for _ in range(length))
            fast = _fast_matrix(text, level)
            assert fast == _plain_matrix(text, level)
            versions.add((len(fast) - 17) // 4)
    assert min(versions) <= 3 and max(versions) >= 7
