"""Demo for ``lupus-nephritis demo``: regimen eligibility, voclosporin dosing, the algorithm.

`demo_lines` runs the library on an embedded example patient (eGFR exactly 45, where the
voclosporin label, KDIGO 2024 and the seed review disagree) and returns printable lines.
"""

from __future__ import annotations

from typing import Any

from lupus_nephritis.regimens.algorithm import suggest_regimens
from lupus_nephritis.regimens.catalogue import mmf_to_mpa
from lupus_nephritis.regimens.eligibility.api import check_regimens
from lupus_nephritis.regimens.models import PatientContext, Regimen
from lupus_nephritis.regimens.voclosporin_dosing.api import voclosporin_dose_action
from lupus_nephritis.units import format_decimal

EGFR_UNIT = "mL/min/{1.73_m2}"

EXAMPLE_PATIENT: dict[str, Any] = {
    "id": "demo-1",
    "sex": "female",
    "age_years": 34,
    "egfr": f"45 {EGFR_UNIT}",
    "upcr": "3.2 g/g",
    "isn_rps_classes": "IV+V",
    "blood_pressure": {"systolic": 138, "diastolic": 88, "unit": "mm[Hg]"},
    "has_hypertensive_emergency": False,
    "is_pregnant": False,
    "is_planning_pregnancy": False,
    "is_breastfeeding": False,
    "cyp3a4_inhibitor": "none",
    "takes_strong_cyp3a4_inducer": False,
    "is_live_vaccine_planned": False,
    "tpmt": "normal",
    "nudt15": "normal",
    "has_severe_active_cns_lupus": False,
    "hepatic_impairment": "none",
    "has_extrarenal_activity": True,
    "is_mpaa_intolerant": False,
    "hypersensitive_to": [],
    "prior_regimens": [],
    "is_adherence_confirmed": True,
}
"""The embedded example: a 34-year-old woman with class IV+V LN, eGFR 45, UPCR 3.2 g/g."""

EXAMPLE_REGIMENS: tuple[dict[str, Any], ...] = (
    {"drugs": ["mmf", "gc"]},
    {"drugs": ["mmf", "belimumab", "gc"]},
    {"drugs": ["mmf", "voclosporin", "gc"]},
    {"drugs": ["mmf", "tacrolimus", "gc"]},
    {"drugs": ["cyc", "belimumab", "gc"], "cyclophosphamide_scheme": "euro_lupus"},
    {"drugs": ["cyc", "voclosporin", "gc"], "cyclophosphamide_scheme": "euro_lupus"},
    {"drugs": ["cyc", "gc"], "cyclophosphamide_scheme": "oral"},
)
"""Initial regimens compared in the demo."""


def demo_lines() -> list[str]:
    """Printable lines: an eligibility table, one explained verdict, dosing and the algorithm."""
    patient = PatientContext.model_validate(EXAMPLE_PATIENT)
    lines = [
        "Patient: woman, 34 y, ISN/RPS IV+V, eGFR 45 mL/min/1.73 m2, UPCR 3.2 g/g, "
        "BP 138/88 mmHg, extrarenal activity",
        "",
        "Initial regimens (rows) under each rule set (columns); * = the decision carries flags:",
    ]
    table = check_regimens(EXAMPLE_REGIMENS, patient)
    lines += ["  " + line for line in table.lines()]
    voclosporin = Regimen.model_validate(EXAMPLE_REGIMENS[2]).label
    lines += ["", f"Why {voclosporin} differs at eGFR exactly 45:"]
    for rule_set in ("us-labels", "kdigo-2024-regimens", "seed-review-2024-regimens"):
        decision = table.decision(voclosporin, rule_set)
        for criterion_id in ("voclosporin-baseline-egfr", "cni-egfr", "voclosporin-gfr"):
            try:
                criterion = decision.criterion(criterion_id)
            except KeyError:
                continue
            lines.append(
                f"  {decision.rule_set}: {decision.verdict.replace('_', ' ')} - "
                f"{criterion.describe()} [{criterion.source_id}]"
            )
    lines += ["", "Voclosporin eGFR dose modification (baseline 80 mL/min/1.73 m2):"]
    for current in ("62", "58", "56"):
        decision = voclosporin_dose_action(f"80 {EGFR_UNIT}", f"{current} {EGFR_UNIT}")
        decrease = decision.detail("percent_decrease")
        lines.append(
            f"  US, eGFR {current} ({decrease}% lower): {decision.verdict} - "
            f"{decision.detail('instruction')}"
        )
    eu = voclosporin_dose_action(
        f"80 {EGFR_UNIT}",
        f"58 {EGFR_UNIT}",
        rule_set="lupkynis-eu-egfr-dosing",
        current_at="2025-03-03",
    )
    lines.append(f"  EU, eGFR 58 without a confirmatory assessment: {eu.verdict}")
    confirmed = voclosporin_dose_action(
        f"80 {EGFR_UNIT}",
        f"58 {EGFR_UNIT}",
        rule_set="lupkynis-eu-egfr-dosing",
        current_at="2025-03-03T08:00",
        confirmation_egfr=f"57 {EGFR_UNIT}",
        confirmation_at="2025-03-04T09:00",
    )
    lines.append(f"  EU, confirmed 25 h later at eGFR 57: {confirmed.verdict}")
    lines += ["", f"MMF 2000 mg/day ~ mycophenolic acid {format_decimal(mmf_to_mpa(2000))} mg/day"]
    after_mmf = PatientContext.model_validate(
        {**EXAMPLE_PATIENT, "prior_regimens": [{"drugs": ["mmf", "gc"], "response": "none"}]}
    )
    suggestions = suggest_regimens(after_mmf, phase="non_response")
    lines += ["", "Algorithm, non-response after MMF (seed review, Figure 2 and section 2.6.4):"]
    for decision in suggestions.candidates:
        lines.append(f"  {decision.subject}: {decision.verdict.replace('_', ' ')}")
    lines.append("  (options with reasons, not a prescription)")
    return lines


__all__ = ["EXAMPLE_PATIENT", "EXAMPLE_REGIMENS", "demo_lines"]
