"""A printable demonstration of the biopsy-indication rule sets on embedded findings."""

from __future__ import annotations

from typing import Any

from lupus_nephritis.criteria.biopsy.api import assess_biopsy_indication

#: A first-morning UPCR of exactly 500 mg/g, repeated, with glomerular haematuria, normal and
#: stable kidney function: the guidelines disagree at the boundary.
DEMO_FINDINGS: dict[str, Any] = {
    "assessed_on": "2024-05-02",
    "upcr": {"value": "500", "unit": "mg/g", "specimen": "first_morning"},
    "previous_upcr": [{"value": "620", "unit": "mg/g", "specimen": "first_morning"}],
    "dipstick_protein": "1+",
    "urine_specific_gravity": "1.006",
    "acanthocytes": "8 %",
    "has_red_cell_casts": False,
    "has_white_cell_casts": False,
    "egfr": "94 mL/min/{1.73_m2}",
    "has_impaired_kidney_function": False,
    "has_unexplained_decline": False,
}

_RUNS = ("kdigo-2024", "eular-2019", "acr-2024", "seed-review-2024")


def demo_lines() -> list[str]:
    """Lines showing one set of findings assessed under four biopsy rule sets."""
    lines = [
        "Findings: first-morning UPCR 500 mg/g (earlier 620 mg/g), dipstick 1+ at specific "
        "gravity 1.006, acanthocytes 8%, eGFR 94 (normal for age), no unexplained decline.",
    ]
    for name in _RUNS:
        decision = assess_biopsy_indication(DEMO_FINDINGS, name)
        fired = decision.detail("fired")
        line = f"  {decision.rule_set:32} {decision.verdict.replace('_', ' ')}"
        if fired:
            line += f" (fired: {fired})"
        if decision.missing_inputs:
            line += f" (missing: {', '.join(decision.missing_inputs)})"
        if decision.flags:
            line += f" [flags: {', '.join(decision.flags)}]"
        lines.append(line)
    lines.append(
        "  EULAR compares '>= 500 mg/g', ACR 2024 '> 0.5 g/g': exactly 500 mg/g splits them."
    )
    return lines


__all__ = ["DEMO_FINDINGS", "demo_lines"]
