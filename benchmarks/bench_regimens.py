"""Per-call cost of the regimen checks added for issue 11 (pulses, belimumab, EU SmPC, safety).

Plain ``timeit`` script. Rows are ``(name, microseconds per call, ratio to the first row)``;
the first row is the taper check at version 1.0.0 (no pulse check) on the glucocorticoid demo
course, so the next row shows what checking the pulse course adds to a taper decision.

Run ``python benchmarks/bench_regimens.py`` or ``python benchmarks/run.py``.
"""

from __future__ import annotations

import sys
import timeit
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

try:
    import lupus_nephritis  # noqa: F401
except ImportError:  # not installed: use the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lupus_nephritis.models import TreatmentCourse
from lupus_nephritis.regimens.belimumab_dosing.api import check_belimumab_dosing
from lupus_nephritis.regimens.eligibility.api import check_regimen_eligibility
from lupus_nephritis.regimens.glucocorticoids.demo import EXAMPLE_COURSE
from lupus_nephritis.regimens.glucocorticoids.taper import (
    check_glucocorticoid_pulses,
    check_glucocorticoid_taper,
)
from lupus_nephritis.regimens.safety.api import check_safety_stop_rules

REPEAT = 5
DAY0 = date(2024, 1, 8)


def _on(days: int) -> str:
    return (DAY0 + timedelta(days=days)).isoformat()


def iv_year() -> list[dict[str, Any]]:
    """A year of intravenous belimumab on the label schedule (16 infusions)."""
    days = [0, 14, 28] + [28 + 28 * k for k in range(1, 14)]
    return [{"date": _on(d), "route": "iv", "dose": "700 mg", "weight": "70 kg"} for d in days]


def sc_year() -> list[dict[str, Any]]:
    """A year of subcutaneous belimumab started as such (52 injections)."""
    return [
        {"date": _on(7 * k), "route": "sc", "dose": "400 mg" if k < 4 else "200 mg"}
        for k in range(52)
    ]


PATIENT: dict[str, Any] = {
    "sex": "female",
    "age_years": 34,
    "egfr": "60 mL/min/{1.73_m2}",
    "isn_rps_classes": "IV+V",
    "blood_pressure": {"systolic": 130, "diastolic": 80, "unit": "mmHg"},
    "has_hypertensive_emergency": False,
    "is_pregnant": False,
    "is_planning_pregnancy": False,
    "is_breastfeeding": False,
    "is_of_childbearing_potential": True,
    "is_using_contraception": True,
    "cyp3a4_inhibitor": "none",
    "takes_strong_cyp3a4_inducer": False,
    "is_live_vaccine_planned": False,
    "hepatic_impairment": "none",
    "hypersensitive_to": [],
    "has_soya_or_peanut_anaphylaxis": False,
}
REGIMEN = {"drugs": ["mmf", "voclosporin", "gc"]}


def _time(func: Callable[[], object], number: int) -> float:
    func()  # warm up (imports, registry, caches)
    return min(timeit.repeat(func, number=number, repeat=REPEAT)) / number * 1e6


def run() -> list[tuple[str, float, float]]:
    """Time every case; rows are ``(name, microseconds per call, ratio to the first row)``."""
    course = TreatmentCourse.model_validate(EXAMPLE_COURSE)
    iv, sc = iv_year(), sc_year()
    assert check_belimumab_dosing(iv).verdict == "on_schedule"
    assert check_belimumab_dosing(sc).verdict == "on_schedule"
    cases: list[tuple[str, Callable[[], object], int]] = [
        (
            "taper check kdigo-2024-gc-reduced@1.0.0, week 12",
            lambda: check_glucocorticoid_taper(course, "kdigo-2024-gc-reduced@1.0.0", at=12),
            200,
        ),
        (
            "taper check kdigo-2024-gc-reduced@1.1.0 (+ pulses)",
            lambda: check_glucocorticoid_taper(course, "kdigo-2024-gc-reduced", at=12),
            200,
        ),
        (
            "check_glucocorticoid_pulses aurora-1-gc",
            lambda: check_glucocorticoid_pulses(course, "aurora-1-gc"),
            500,
        ),
        ("check_belimumab_dosing, 16 IV doses (dicts)", lambda: check_belimumab_dosing(iv), 200),
        ("check_belimumab_dosing, 52 SC doses (dicts)", lambda: check_belimumab_dosing(sc), 100),
        (
            "eligibility us-labels (dicts)",
            lambda: check_regimen_eligibility(REGIMEN, PATIENT, "us-labels"),
            500,
        ),
        (
            "eligibility eu-smpc (dicts)",
            lambda: check_regimen_eligibility(REGIMEN, PATIENT, "eu-smpc"),
            500,
        ),
        (
            "check_safety_stop_rules (every rule, dict)",
            lambda: check_safety_stop_rules({"igg": "2.9 g/L"}),
            1_000,
        ),
    ]
    rows: list[tuple[str, float, float]] = []
    reference = None
    for name, func, number in cases:
        micros = _time(func, number)
        reference = reference or micros
        rows.append((name, micros, micros / reference))
    return rows


if __name__ == "__main__":
    for label, value, ratio in run():
        print(f"{label:52} {value:12.2f} us {ratio:8.2f}x")
