"""Import cost of ``lupus_nephritis`` against ``import pydantic, attrs`` (fresh interpreters).

Each statement runs in a new ``python -c`` process; the cost is the median wall time minus the
median of ``python -c pass`` (interpreter start-up). Also reports the cost of the heavier
first use (loading the input models and every rule set), for transparency.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

STATEMENTS = {
    "python -c pass": "pass",
    "import pydantic, attrs": "import pydantic, attrs",
    "import lupus_nephritis": "import lupus_nephritis",
    "lupus_nephritis + models": "import lupus_nephritis.models",
    "lupus_nephritis + all rule sets": "import lupus_nephritis as l; l.list_rule_sets()",
}


def _median_seconds(statement: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(repeat: int = 15) -> list[tuple[str, float, float]]:
    """Rows of (statement, milliseconds above interpreter start-up, ratio to pydantic+attrs)."""
    raw = {name: _median_seconds(stmt, repeat) for name, stmt in STATEMENTS.items()}
    base = raw["python -c pass"]
    reference = raw["import pydantic, attrs"] - base
    rows = []
    for name, seconds in raw.items():
        if name == "python -c pass":
            continue
        cost = seconds - base
        rows.append((name, cost * 1000, cost / reference if reference > 0 else float("nan")))
    return rows


if __name__ == "__main__":
    print(f"{'statement':36} {'ms':>8} {'x pydantic+attrs':>18}")
    for name, ms, ratio in run():
        print(f"{name:36} {ms:8.1f} {ratio:18.2f}")
