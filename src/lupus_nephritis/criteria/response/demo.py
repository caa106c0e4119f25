"""Demo of the renal-response engine on the embedded example course.

`demo_lines` returns printable lines: the example course, its verdict under every
guideline definition side by side, the full explanation of the KDIGO 2024 decision, and two
variations (a trial-style missing-data policy, and a spot UPCR where a 24-hour PCR is asked).
"""

from __future__ import annotations

from lupus_nephritis.criteria.response.api import (
    ResponseComparison,
    classify_renal_response,
    compare_renal_response,
    explain_decision,
)
from lupus_nephritis.criteria.response.examples import example_course

#: The guideline definitions shown by the demo (trial definitions live in their own modules).
GUIDELINE_DEFINITIONS: tuple[str, ...] = (
    "kdigo-2024",
    "kdigo-2021",
    "eular-2012",
    "eular-2019",
    "seed-review-2024",
    "acr-2024-provisional",
)


def demo_lines() -> list[str]:
    """Printable lines showing renal-response classification on the embedded example."""
    course = example_course()
    lines = [
        "Renal response: one course, every guideline definition",
        "",
        "Example: 24-hour UPCR 3.2 g/g at baseline -> 52 mg/mmol (0.46 g/g) at week 52; "
        "eGFR 78 -> 84.",
        "",
    ]
    decisions = compare_renal_response(course, GUIDELINE_DEFINITIONS)
    lines += ResponseComparison(decisions).lines()
    lines += [
        "",
        "Why they differ: 0.46 g/g is below KDIGO's 0.5 g/g, but 52 mg/mmol is not below "
        "EULAR 2012's 50 mg/mmol (0.442 g/g).",
        "",
    ]
    lines += explain_decision(decisions[0])

    withdrawn = example_course()
    withdrawn["visits"] = withdrawn["visits"][:3]
    withdrawn["events"] = [{"type": "withdrawal", "date": "2024-08-01"}]
    lines += ["", "Withdrawn after week 26 (no week-52 data):"]
    for policy in ("not-evaluable", "non-responder"):
        decision = classify_renal_response(withdrawn, "kdigo-2024", policy=policy)
        missing = ", ".join(decision.missing_inputs) or "-"
        lines.append(
            f"  policy={policy}: {decision.verdict} (missing: {missing}; "
            f"flags: {', '.join(decision.flags) or '-'})"
        )

    spot = example_course()
    spot["visits"][-1]["upcr"]["specimen"] = "spot"
    decision = classify_renal_response(spot, "kdigo-2024")
    lines += [
        "",
        "Same week-52 value from a spot urine (KDIGO asks for a 24-hour collection):",
        f"  {decision.verdict}, flags: {', '.join(decision.flags)}",
    ]
    return lines


__all__ = ["GUIDELINE_DEFINITIONS", "demo_lines"]
