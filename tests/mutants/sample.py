"""A seeded random sample of each module's mutants, run with mutmut, and killed/sampled.

    python -m tests.mutants.sample [--rerun] N MODULE...

MODULE is a dotted name (``planner.interop.ics``). On a shared two-core machine a whole
interop reader (600 to 1,600 mutants at about two seconds each) takes longer than a
session has, so this gives an estimate with its sample size. Each module runs ``nice``d
with one worker, like score.py; the sampled mutants are run again whatever their status,
so the figure is for today's tests; with ``--rerun`` only those not killed yet are run
(a killed mutant stays killed as tests are added, and mutmut forgets the results of a
function whose code changed). The same seed picks the same mutants every time.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys

from tests.mutants.score import KILLED, MUTMUT, ROOT, statuses

SEED = 12


def sample(module: str, n: int) -> list[str]:
    """``n`` of the module's mutants (all of them if it has fewer), by the fixed seed."""
    pool = sorted(name for name, _ in statuses() if name.startswith(f"{module}.x"))
    return sorted(random.Random(SEED).sample(pool, min(n, len(pool))))


def main(argv: list[str]) -> int:
    rerun = "--rerun" in argv
    args = [a for a in argv if a != "--rerun"]
    n, modules = int(args[0]), args[1:]
    for module in modules:
        names = sample(module, n)
        if not names:
            print(f"{module}: no mutants (run score.py --run {module} once to generate them)")
            continue
        status = dict(statuses())
        todo = [name for name in names if status.get(name) not in KILLED] if rerun else names
        cmd = ["nice", "-n", "15", str(MUTMUT), "run", "--max-children", "1", *todo]
        if todo:
            subprocess.run(cmd, cwd=ROOT, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), check=False)
        status = dict(statuses())
        left = [name for name in names if status.get(name) not in KILLED]
        killed = len(names) - len(left)
        print(f"{module}: {killed}/{len(names)} sampled mutants killed ({killed / len(names):.0%})")
        for name in left:
            print(f"    {name}: {status.get(name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
