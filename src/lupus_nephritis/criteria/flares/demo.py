"""A printable demonstration of the flare rule sets on an embedded course."""

from __future__ import annotations

from typing import Any

from lupus_nephritis.criteria.flares.api import detect_renal_flares

#: A course that responds, then relapses: uPCR 3.2 -> 0.15 g/g, then 1.6 g/g with a
#: creatinine rise of 0.3 mg/dL and active sediment.
DEMO_COURSE: dict[str, Any] = {
    "start_date": "2024-01-08",
    "baseline": {
        "date": "2024-01-08",
        "upcr": "3.2 g/g",
        "creatinine": "1.1 mg/dL",
        "urine_rbc": "40 /[HPF]",
        "has_red_cell_casts": True,
        "has_white_cell_casts": False,
    },
    "visits": [
        {
            "date": "2024-07-08",
            "id": "M6",
            "upcr": "0.4 g/g",
            "creatinine": "0.85 mg/dL",
            "urine_rbc": "3 /[HPF]",
            "has_red_cell_casts": False,
            "has_white_cell_casts": False,
        },
        {
            "date": "2025-01-06",
            "id": "M12",
            "upcr": "0.15 g/g",
            "creatinine": "0.8 mg/dL",
            "urine_rbc": "2 /[HPF]",
            "has_red_cell_casts": False,
            "has_white_cell_casts": False,
        },
        {
            "date": "2025-07-07",
            "id": "M18",
            "upcr": "1.6 g/g",
            "creatinine": "1.1 mg/dL",
            "urine_rbc": "20 /[HPF]",
            "acanthocytes_per_hpf": "3 /[HPF]",
            "has_red_cell_casts": True,
            "has_white_cell_casts": False,
        },
    ],
}


def demo_lines() -> list[str]:
    """Lines showing KDIGO 2012 relapse and AURORA 2 flare detection on one course."""
    lines = ["Renal flare detection on an embedded course (responds, then relapses at M18):"]
    runs: tuple[tuple[str, str | None], ...] = (
        ("kdigo-2012-relapse", None),
        ("kdigo-2012-relapse", "baseline"),
        ("aurora-2-flare", None),
    )
    for definition, reference in runs:
        decision = detect_renal_flares(DEMO_COURSE, definition, reference=reference)
        chosen = decision.detail("reference_rule")
        lines.append(f"- {decision.rule_set} (reference: {chosen}): {decision.verdict}")
        deciding = decision.detail("deciding_visit_date")
        if deciding is not None:
            lines.append(f"    triggered at the visit of {deciding}")
        if decision.flags:
            lines.append(f"    flags: {', '.join(decision.flags)}")
    return lines


__all__ = ["DEMO_COURSE", "demo_lines"]
