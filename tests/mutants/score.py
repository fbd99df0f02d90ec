"""Mutation testing with mutmut, one module at a time, and the score per module.

    python tests/mutants/score.py --run [--fresh] [MODULE...]   run mutmut, then the scores
    python tests/mutants/score.py [MODULE...]         print the scores of the last runs

MODULE is a dotted name (``planner.domain.analytics``); without one, every module that
``[tool.mutmut] only_mutate`` in pyproject.toml lists. Each run is ``nice``d with one
worker (the machine is shared); mutmut runs only the tests that call the mutated
function. The score is killed over all mutants, where a timeout counts as killed and a
mutant that no test reaches counts as surviving. Exit status 1 when a module is below
GOAL.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MUTMUT = Path(sys.executable).with_name("mutmut")
GOAL = 0.85
KILLED = {"killed", "timeout", "caught by type check"}


def configured_modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    return [p.removesuffix(".py").replace("/", ".") for p in config["only_mutate"]]


def run(module: str, fresh: bool) -> int:
    """Run mutmut on the module's mutants that are not killed yet (all with ``fresh``,
    or when the module was never run): a killed mutant stays killed as tests are added,
    and mutmut itself forgets the results of a function whose code changed."""
    names = (
        []
        if fresh
        else [name for name, status in statuses() if name.startswith(f"{module}.x") and status not in KILLED]
    )
    if not fresh and not names and any(name.startswith(f"{module}.x") for name, _ in statuses()):
        print(f"mutmut: {module}: every mutant is killed", flush=True)
        return 0
    print(f"mutmut: {module} ({len(names) or 'all'} mutants)", flush=True)
    cmd = ["nice", "-n", "15", str(MUTMUT), "run", "--max-children", "1", *(names or [f"{module}.*"])]
    proc = subprocess.run(cmd, cwd=ROOT, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    return proc.returncode


def statuses() -> list[tuple[str, str]]:
    """(mutant, status) from ``mutmut results --all true``."""
    if not (ROOT / "mutants").is_dir():
        return []
    proc = subprocess.run(
        [str(MUTMUT), "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    out = []
    for line in proc.stdout.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and "__mutmut_" in name:
            out.append((name, status.strip()))
    return out


def results() -> dict[str, Counter[str]]:
    """Status counts per module."""
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for name, status in statuses():
        m = re.match(r"(\S+?)\.x[_ǁ]", name)
        if m:
            by_module[m.group(1)][status] += 1
    return by_module


def main(argv: list[str]) -> int:
    do_run = "--run" in argv
    fresh = "--fresh" in argv
    modules = [a for a in argv if not a.startswith("--")] or configured_modules()
    if do_run:
        for module in modules:
            if run(module, fresh) != 0:
                print(f"mutmut failed on {module}", file=sys.stderr)
                return 1
    counts = results()
    below = False
    print(f"{'module':34s} {'killed':>7s} {'total':>6s} {'score':>6s}  not killed")
    for module in modules:
        c = counts.get(module, Counter())
        total = sum(c.values())
        killed = sum(n for status, n in c.items() if status in KILLED)
        rest = ", ".join(f"{n} {status}" for status, n in sorted(c.items()) if status not in KILLED)
        if total == 0:
            print(f"{module:34s} {'-':>7s} {'-':>6s} {'-':>6s}  not run yet")
            below = True
            continue
        score = killed / total
        below |= score < GOAL
        print(f"{module:34s} {killed:7d} {total:6d} {score:6.1%}  {rest}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
