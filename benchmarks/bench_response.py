"""Per-call cost of renal-response classification relative to a bare hand-written if chain.

Plain ``timeit`` script (no extra dependencies). The reference, ``bare_if_chain``, is a
hand-written KDIGO 2024 classification of the *same dict*: it reads the four numbers as
floats (no units, no validation, no specimen check, no explanation) and returns a category
string. ``bare_exact_chain`` is a fairer hand-written variant that does what a careful
integrator would do by hand: exact decimals, unit conversion of the UPCR, a missing-data
branch. The library row ``classify_renal_response (dict)`` includes pydantic validation of the
whole course, the evaluation and the full explanation (criteria, evidence, decision).

Rows:

* single-visit KDIGO 2024 course from a dict: library vs both bare chains, plus the
  validation-only and evaluation-only parts;
* a 20-visit course (pre-validated) under every guideline response definition, and the
  whole comparison from a dict.

Run ``python benchmarks/bench_response.py`` to print the table, or call :func:`run` to get
``(name, microseconds_per_call, ratio_to_bare_if_chain)`` rows. The target stated for the
project is a ratio of at most 25 for the single-visit dict case.
"""

from __future__ import annotations

import sys
import timeit
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

try:
    import lupus_nephritis  # noqa: F401
except ImportError:  # not installed: use the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lupus_nephritis.criteria.response.api import classify_renal_response, compare_renal_response
from lupus_nephritis.models import TreatmentCourse
from lupus_nephritis.registry import get_rule_set

REPEAT = 5
GUIDELINES = (
    "kdigo-2024",
    "kdigo-2021",
    "eular-2012",
    "eular-2019",
    "seed-review-2024",
    "acr-2024-provisional",
)

SINGLE: dict[str, Any] = {
    "start_date": "2024-01-01",
    "baseline": {
        "date": "2024-01-01",
        "upcr": {"value": "3.2", "unit": "g/g", "specimen": "24h"},
        "egfr": {"value": "80", "unit": "mL/min/{1.73_m2}"},
    },
    "visits": [
        {
            "date": "2024-12-30",
            "upcr": {"value": "0.4", "unit": "g/g", "specimen": "24h"},
            "egfr": {"value": "78", "unit": "mL/min/{1.73_m2}"},
        }
    ],
}


def bare_if_chain(data: dict[str, Any]) -> str:
    """KDIGO 2024 by hand on floats: no units, no validation, no explanation."""
    base, visit = data["baseline"], data["visits"][0]
    u0 = float(base["upcr"]["value"])
    u1 = float(visit["upcr"]["value"])
    e0 = float(base["egfr"]["value"])
    e1 = float(visit["egfr"]["value"])
    stable = (e0 - e1) / e0 * 100 <= 15
    if u1 < 0.5 and stable:
        return "complete"
    if (u0 - u1) / u0 * 100 >= 50 and u1 < 3 and stable:
        return "partial"
    return "none"


_TO_G_PER_G = {"g/g": Decimal(1), "mg/g": Decimal("0.001"), "mg/mmol": 1 / Decimal("113.12")}


def bare_exact_chain(data: dict[str, Any]) -> str:
    """KDIGO 2024 by hand with exact decimals, UPCR unit conversion and a missing branch."""
    base, visit = data.get("baseline") or {}, (data.get("visits") or [{}])[0]
    try:
        u0 = Decimal(base["upcr"]["value"]) * _TO_G_PER_G[base["upcr"]["unit"]]
        u1 = Decimal(visit["upcr"]["value"]) * _TO_G_PER_G[visit["upcr"]["unit"]]
        e0 = Decimal(base["egfr"]["value"])
        e1 = Decimal(visit["egfr"]["value"])
    except KeyError:
        return "not_evaluable"
    stable = (e0 - e1) * 100 <= 15 * e0
    if u1 < Decimal("0.5") and stable:
        return "complete"
    if (u0 - u1) * 100 >= 50 * u0 and u1 < 3 and stable:
        return "partial"
    return "none"


def long_course(visits: int = 20) -> dict[str, Any]:
    """A course with ``visits`` follow-up visits every 4 weeks (UPCR falling, eGFR stable)."""
    start = date(2024, 1, 1)
    rows = []
    for i in range(1, visits + 1):
        upcr = Decimal("3.2") * (Decimal("0.88") ** i)
        rows.append(
            {
                "date": (start + timedelta(days=28 * i)).isoformat(),
                "id": f"week-{4 * i}",
                "upcr": {
                    "value": str(upcr.quantize(Decimal("0.001"))),
                    "unit": "g/g",
                    "specimen": "24h",
                },
                "protein_24h": {
                    "value": str((upcr * Decimal("0.95")).quantize(Decimal("0.001"))),
                    "unit": "g/d",
                },
                "egfr": {"value": str(78 + i % 3), "unit": "mL/min/{1.73_m2}"},
                "creatinine": {"value": "0.95", "unit": "mg/dL"},
            }
        )
    return {
        "start_date": start.isoformat(),
        "patient": {"sex": "female", "age_years": 35},
        "baseline": {
            "date": start.isoformat(),
            "upcr": {"value": "3.2", "unit": "g/g", "specimen": "24h"},
            "protein_24h": {"value": "3.0", "unit": "g/d"},
            "egfr": {"value": "78", "unit": "mL/min/{1.73_m2}"},
        },
        "visits": rows,
    }


def late_response_course() -> TreatmentCourse:
    """20 visits every 4 weeks; no response until the last visit (week 80): a late response.

    The late-response report re-applies the definition at every UPCR visit up to week 52.
    """
    start = date(2024, 1, 1)
    egfr = {"value": "80", "unit": "mL/min/{1.73_m2}"}
    visits = [
        {
            "date": (start + timedelta(weeks=4 * i)).isoformat(),
            "upcr": {"value": "0.3" if i == 20 else "2.5", "unit": "g/g", "specimen": "24h"},
            "egfr": egfr,
        }
        for i in range(1, 21)
    ]
    return TreatmentCourse.model_validate(
        {
            "start_date": start.isoformat(),
            "baseline": {
                "date": start.isoformat(),
                "upcr": {"value": "3", "unit": "g/g", "specimen": "24h"},
                "egfr": egfr,
            },
            "visits": visits,
        }
    )


def _time(func: Callable[[], object], number: int) -> float:
    """Best microseconds per call over REPEAT rounds of ``number`` calls."""
    func()  # warm up (imports, discovery, caches)
    return min(timeit.repeat(func, number=number, repeat=REPEAT)) / number * 1e6


def run() -> list[tuple[str, float, float]]:
    """Time every case; rows are ``(name, microseconds per call, ratio to bare_if_chain)``."""
    assert bare_if_chain(SINGLE) == bare_exact_chain(SINGLE) == "complete"
    assert classify_renal_response(SINGLE, "kdigo-2024").verdict == "complete"
    model = TreatmentCourse.model_validate(SINGLE)
    kdigo = get_rule_set("kdigo-2024")
    assert kdigo.evaluate is not None
    evaluate = kdigo.evaluate
    long_dict = long_course()
    long_model = TreatmentCourse.model_validate(long_dict)

    cases: list[tuple[str, Callable[[], object], int]] = [
        ("bare_if_chain (reference)", lambda: bare_if_chain(SINGLE), 100_000),
        ("bare_exact_chain", lambda: bare_exact_chain(SINGLE), 50_000),
        (
            "classify_renal_response kdigo-2024, 1 visit, from dict",
            lambda: classify_renal_response(SINGLE, "kdigo-2024"),
            1_000,
        ),
        (
            "  of which: TreatmentCourse validation",
            lambda: TreatmentCourse.model_validate(SINGLE),
            2_000,
        ),
        ("  of which: evaluation + trace (model)", lambda: evaluate(model), 1_000),
    ]
    for rule_set_id in GUIDELINES:
        rule_set = get_rule_set(rule_set_id)
        assert rule_set.evaluate is not None
        fn = rule_set.evaluate
        cases.append((f"{rule_set_id}, 20 visits (model)", lambda fn=fn: fn(long_model), 200))
    aurora_dict = {
        **long_dict,
        "glucocorticoids": [
            {
                "start": long_dict["start_date"],
                "end": (date(2024, 1, 1) + timedelta(days=28 * 20)).isoformat(),
                "daily_dose": {"value": "5", "unit": "mg"},
                "drug": "prednisone",
            }
        ],
        "are_glucocorticoid_records_complete": True,
        "has_adjudicated_egfr_event": False,
    }
    aurora_model = TreatmentCourse.model_validate(aurora_dict)
    assert classify_renal_response(aurora_model, "aurora-1").verdict == "partial"
    cases.append(
        (
            "aurora-1, 20 visits + daily doses (model)",
            lambda: classify_renal_response(aurora_model, "aurora-1"),
            200,
        )
    )
    cases.append(
        (
            "aurora-1, 20 visits + daily doses, from dict",
            lambda: classify_renal_response(aurora_dict, "aurora-1"),
            200,
        )
    )
    cases.append(
        (
            "compare_renal_response, 6 guidelines, 20 visits, from dict",
            lambda: compare_renal_response(long_dict, GUIDELINES),
            50,
        )
    )
    late_model = late_response_course()
    late = classify_renal_response(late_model, "kdigo-2024", at=80)
    assert late.verdict == "complete"
    assert late.detail("late_response") is True
    cases.append(
        (
            "kdigo-2024, 20 visits, late response at week 80 (model)",
            lambda: classify_renal_response(late_model, "kdigo-2024", at=80),
            20,
        )
    )
    cases.append(
        (
            "  same, kdigo-2024@1.0.0 (no late-response report)",
            lambda: classify_renal_response(late_model, "kdigo-2024@1.0.0", at=80),
            200,
        )
    )
    rows: list[tuple[str, float, float]] = []
    reference = None
    for name, func, number in cases:
        micro = _time(func, number)
        if reference is None:
            reference = micro
        rows.append((name, micro, micro / reference))
    return rows


def main() -> None:
    """Print the table."""
    rows = run()
    width = max(len(name) for name, _, _ in rows)
    print(f"{'case'.ljust(width)}  {'us/call':>10}  {'x bare':>8}")
    for name, micro, ratio in rows:
        print(f"{name.ljust(width)}  {micro:10.2f}  {ratio:8.1f}")


if __name__ == "__main__":
    main()
