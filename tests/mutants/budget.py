"""How many examples a property test tries: fewer while mutmut runs (it sets
``MUTANT_UNDER_TEST`` before it imports the tests), where a mutant dies at its first
failing example and one run per mutant must stay short on a shared machine."""

from __future__ import annotations

import os


def examples(n: int) -> int:
    return max(5, n // 40) if "MUTANT_UNDER_TEST" in os.environ else n
