"""Run every benchmark and print one table: ``python benchmarks/run.py``.

Benchmarks measure; they never assert. Targets (from the issues): scalar eGFR <= 1.5x a bare
hand-written CKD-EPI 2021; ``import lupus_nephritis`` <= 1.3x ``import pydantic, attrs``;
single-visit KDIGO 2024 classification from a dict <= 25x a bare if chain.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

MODULES = (
    "bench_egfr",
    "bench_import",
    "bench_response",
    "bench_regimens",
    "bench_cohort",
    "bench_fhir",
)


def main() -> None:
    """Run each benchmark module's ``run()`` and print its rows."""
    for name in MODULES:
        if not (HERE / f"{name}.py").exists():
            continue
        module = importlib.import_module(name)
        print(f"== {name}")
        for row in module.run():
            label, value, ratio = row
            print(f"  {label:48} {value:12.2f} {ratio:8.2f}x")
        print()


if __name__ == "__main__":
    main()
