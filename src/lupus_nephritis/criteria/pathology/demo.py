"""A printable demonstration of the pathology rule sets on an embedded biopsy."""

from __future__ import annotations

from typing import Any

from lupus_nephritis.criteria.pathology.api import (
    classify_isn_rps,
    compute_nih_activity_index,
    compute_nih_chronicity_index,
)

#: A diffuse proliferative biopsy with membranous deposits: 12 of 20 glomeruli involved
#: (9 globally), active and chronic lesions, NIH components as scores and percentages.
DEMO_BIOPSY: dict[str, Any] = {
    "biopsy_date": "2024-05-10",
    "glomeruli_total": 20,
    "glomeruli_globally_sclerosed": 2,
    "glomeruli_involved": 12,
    "glomeruli_segmental": 3,
    "glomeruli_global": 9,
    "glomeruli_active": 10,
    "glomeruli_chronic": 4,
    "has_mesangial_deposits": True,
    "subepithelial_deposits": "present",
    "activity": {
        "endocapillary_hypercellularity": "60 %",
        "neutrophils_karyorrhexis": 1,
        "fibrinoid_necrosis": "10 %",
        "hyaline_deposits": 0,
        "cellular_fibrocellular_crescents": "25 %",
        "interstitial_inflammation": 1,
    },
    "chronicity": {
        "glomerulosclerosis": 1,
        "fibrous_crescents": 0,
        "tubular_atrophy": "10 %",
        "interstitial_fibrosis": "30 %",
    },
}


def demo_lines() -> list[str]:
    """Lines showing the ISN/RPS class (2003 and 2018) and the NIH indices of one biopsy."""
    lines = [
        "Biopsy: 20 glomeruli, 2 globally sclerosed, 12 involved (9 global, 3 segmental), "
        "active and chronic lesions, subepithelial deposits."
    ]
    for version in ("2003", "2018"):
        decision = classify_isn_rps(DEMO_BIOPSY, version)
        lines.append(f"  ISN/RPS {version}: class {decision.verdict:14} ({decision.rule_set})")
    for index in (
        compute_nih_activity_index(DEMO_BIOPSY["activity"]),
        compute_nih_chronicity_index(DEMO_BIOPSY["chronicity"]),
    ):
        parts = ", ".join(f"{c.id} {c.weighted}" for c in index.components)
        lines.append(f"  NIH {index.index} index {index.total}/{index.maximum}: {parts}")
    return lines


__all__ = ["DEMO_BIOPSY", "demo_lines"]
