"""Cover images: loaded with Pillow, checked, scaled and stored as PNG bytes. No Qt."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from planner.errors import UserError

ACCEPTED = {"PNG", "JPEG", "WEBP", "GIF"}
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 60_000_000  # refuse decompression bombs before decoding
COVER_BOX = (1600, 900)


class CoverError(UserError):
    pass


def load_cover(path: Path) -> bytes:
    """Read an image file and return it as a PNG of at most 1600 x 900 pixels."""
    where = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CoverError(f"cannot read the file ({exc.strerror})", where=where) from exc
    if size == 0:
        raise CoverError("the file is empty", where=where)
    if size > MAX_FILE_BYTES:
        raise CoverError(f"the file is {size // 1_000_000} MB; a cover may be at most 25 MB", where=where)
    try:
        with Image.open(path) as img:
            fmt = img.format or "?"
            if fmt not in ACCEPTED:
                raise CoverError(f"{fmt} images are not accepted; use PNG, JPEG, WebP or GIF", where=where)
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise CoverError(f"the image is {w} x {h} pixels, too large to load safely", where=where)
            if w < 16 or h < 16:
                raise CoverError(f"the image is only {w} x {h} pixels", where=where)
            img.seek(0)  # first frame of an animated GIF
            img.load()
            rgba = img.convert("RGBA")
    except CoverError:
        raise
    except UnidentifiedImageError as exc:
        raise CoverError(
            "this is not an image Pillow can read (PNG, JPEG, WebP or GIF)", where=where
        ) from exc
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise CoverError(f"the image is damaged or cannot be read ({exc})", where=where) from exc
    rgba.thumbnail(COVER_BOX, Image.Resampling.LANCZOS)
    if rgba.getchannel("A").getextrema()[0] == 255:
        rgba = rgba.convert("RGB")  # fully opaque: smaller PNG
    buf = io.BytesIO()
    rgba.save(buf, "PNG")
    return buf.getvalue()
