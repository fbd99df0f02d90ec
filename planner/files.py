"""Writing files whole or not at all. No Qt."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def written_whole(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block ends without an error the
    temporary file replaces ``path`` in one step (``os.replace``), else it is removed.

    A crash or a failed export therefore never leaves half a file, and never destroys an
    earlier file of the same name. A symbolic link stays a link: the file it points to is
    replaced (``--out /dev/stdout`` or a link into a web root replaced the link itself).
    """
    shown = Path(path)
    target = Path(os.path.realpath(shown)) if os.path.islink(shown) else shown
    try:
        mode = os.stat(shown).st_mode
    except OSError:
        mode = None  # absent (or unreadable: the write itself will say why)
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder; give a file name", str(shown))
    if mode is not None and not stat.S_ISREG(mode):
        # /dev/full, /dev/null, a pipe: replacing it would put a file where a device was.
        raise OSError(
            errno.EINVAL, "is not a regular file (a device or a pipe); give a file name", str(shown)
        )
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        yield tmp
        with open(tmp, "rb+") as fh:  # on disk before it takes the name
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        if exc.filename in (str(tmp), tmp):  # the user named the target, not our scratch file
            raise OSError(exc.errno, exc.strerror, str(shown)) from exc
        raise
    finally:
        tmp.unlink(missing_ok=True)
