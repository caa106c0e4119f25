"""A printable demonstration of the trial response definitions on one embedded course."""

from __future__ import annotations

from typing import Any

from lupus_nephritis.criteria.response.api import compare_renal_response
from lupus_nephritis.decisions import Criterion, Decision
from lupus_nephritis.logic import Outcome

#: The trial rule sets, in the order the demo prints them.
TRIAL_DEFINITIONS: tuple[str, ...] = (
    "aurora-1",
    "aura-lv",
    "aurora-2-adequate-response",
    "aurora-2-good-renal-outcome",
    "aurora-2-sustained-crr",
    "bliss-ln-perr",
    "bliss-ln-crr",
    "nobility-crr",
    "regency-crr",
    "regency-crr-steroid",
    "regency-upcr-0-8",
    "lunar-crr",
    "tulip-ln-crr",
    "tulip-ln-crr-0-5",
    "alms-response",
    "modified-perr",
    "modified-crr",
)


def _visit(day: str, visit_id: str) -> dict[str, Any]:
    return {
        "date": day,
        "id": visit_id,
        "upcr": {"value": "0.5", "unit": "mg/mg", "specimen": "24h"},
        "egfr": {"value": "56", "unit": "mL/min/{1.73_m2}"},
        "creatinine": "1.0 mg/dL",
        "creatinine_uln": "1.1 mg/dL",
        "urine_rbc": "2 /[HPF]",
        "has_red_cell_casts": False,
    }


#: UPCR exactly 0.5 mg/mg at every visit; eGFR 56, exactly 20% below the baseline, pre-flare
#: and biopsy value of 70 (and below 60). The definitions disagree on exactly these edges.
DEMO_COURSE: dict[str, Any] = {
    "start_date": "2024-01-01",
    "patient": {"sex": "female", "age_years": "34"},
    "biopsy": {"date": "2023-12-20", "egfr": "70 mL/min/{1.73_m2}"},
    "pre_flare": {"date": "2023-11-01", "egfr": "70 mL/min/{1.73_m2}"},
    "baseline": {
        "date": "2024-01-01",
        "upcr": {"value": "3.1", "unit": "mg/mg", "specimen": "24h"},
        "egfr": "70 mL/min/{1.73_m2}",
        "creatinine": "0.95 mg/dL",
        "creatinine_uln": "1.1 mg/dL",
        "urine_rbc": "40 /[HPF]",
        "has_red_cell_casts": True,
    },
    "visits": [
        _visit("2024-06-17", "W24"),
        _visit("2024-12-02", "W48"),
        _visit("2024-12-30", "W52"),
        _visit("2025-06-16", "W76"),
        _visit("2025-12-29", "W104"),
        _visit("2026-12-28", "W156"),
    ],
    "glucocorticoids": [
        {"start": "2024-01-03", "end": "2027-01-31", "daily_dose": "5 mg", "drug": "prednisone"}
    ],
    "are_glucocorticoid_records_complete": True,
}


def _failed(decision: Decision) -> list[str]:
    top: Criterion = decision.criteria[0]
    return [c.id for c in top.children if c.outcome is Outcome.NOT_MET]


def demo_lines() -> list[str]:
    """Lines classifying one course under every trial definition, side by side."""
    lines = [
        "Trial renal-response definitions on one course: UPCR exactly 0.5 mg/mg at every",
        "visit; eGFR 56, exactly 20% below the baseline / pre-flare / biopsy value of 70:",
    ]
    for decision in compare_renal_response(DEMO_COURSE, TRIAL_DEFINITIONS):
        line = f"- {decision.rule_set}: {decision.verdict}"
        failed = _failed(decision)
        if failed:
            line += f" (not met: {', '.join(failed)})"
        lines.append(line)
    return lines


__all__ = ["DEMO_COURSE", "TRIAL_DEFINITIONS", "demo_lines"]
