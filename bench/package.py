"""Sizes of the standalone package and start-up of the frozen program beside the source.

Run `make package` first (without a package it times the source tree only), then:

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/package.py

Prints the one-folder bundle's size, the .deb's and the tarball's, and the median wall
time of `planner --version` and `planner --screenshot` run from the bundle and from the
source tree (`python -m planner`). Goals: bundle under 120 MB, frozen start-up no slower
than from source.
"""

from __future__ import annotations

import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUNDLE_GOAL_MB = 120.0


def tree_size(path: Path) -> int:
    """Bytes of the regular files under ``path`` (symbolic links not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mb(n: int) -> float:
    return n / 1_000_000


def timed(cmd: list[str], env: dict[str, str], runs: int) -> float:
    """Median wall time in seconds of ``runs`` runs of ``cmd`` (after one warm-up)."""
    subprocess.run(cmd, env=env, check=True, capture_output=True, cwd=ROOT)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    bundle = DIST / "planner"
    debs = sorted(DIST.glob("planner_*_amd64.deb"))
    tars = sorted(DIST.glob("planner-*-linux-x86_64.tar.gz"))
    packaged = (bundle / "planner").exists() and bool(debs)
    if packaged:
        bundle_mb = mb(tree_size(bundle))
        print(f"bundle dist/planner/            {bundle_mb:7.1f} MB  (goal < {BUNDLE_GOAL_MB:.0f} MB)")
        print(f"debian package {debs[-1].name:<17} {mb(debs[-1].stat().st_size):7.1f} MB")
        if tars:
            print(f"tarball {tars[-1].name:<24} {mb(tars[-1].stat().st_size):7.1f} MB")
    else:
        print("no package in dist/ (`make package` builds it): sizes and frozen start-up not measured")

    with tempfile.TemporaryDirectory(prefix="planner-bench-") as tmp:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            HOME=tmp,
            XDG_DATA_HOME=f"{tmp}/data",
            XDG_STATE_HOME=f"{tmp}/state",
            XDG_CONFIG_HOME=f"{tmp}/config",
            XDG_CACHE_HOME=f"{tmp}/cache",
            PLANNER_DB=f"{tmp}/bench.sqlite",
        )
        frozen = [str(bundle / "planner")]
        source = [sys.executable, "-m", "planner"]
        rows = [
            ("--version", ["--version"], 7),
            ("--screenshot (offscreen)", ["--screenshot", f"{tmp}/shot.png"], 3),
        ]
        print(f"{'start-up, median':<28} {'frozen':>9} {'source':>9}")
        slower = []
        for label, args, runs in rows:
            t_source = timed(source + args, env, runs)
            if not packaged:
                print(f"{label:<28} {'-':>9} {t_source:8.3f}s")
                continue
            t_frozen = timed(frozen + args, env, runs)
            print(f"{label:<28} {t_frozen:8.3f}s {t_source:8.3f}s")
            if t_frozen > t_source * 1.05:
                slower.append(label)
    if packaged:
        print("bundle size goal:", "met" if bundle_mb < BUNDLE_GOAL_MB else "MISSED")
        print("start-up goal:", "met" if not slower else "MISSED for " + ", ".join(slower))
    return 0


if __name__ == "__main__":
    sys.exit(main())
