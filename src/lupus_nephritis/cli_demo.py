"""Demo lines for the eGFR equations and for one course under every response definition.

Used by ``lupus-nephritis demo``; the course is embedded data (no I/O).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from lupus_nephritis import egfr

_START = date(2024, 1, 8)


def demo_lines() -> list[str]:
    """A 50-year-old man and woman with creatinine 1.1 mg/dL under the adult equations."""
    lines = []
    for sex in ("male", "female"):
        cr2021 = egfr.egfr_ckd_epi_2021(creatinine_mg_dl=1.1, age=50, sex=sex)
        cr2009 = egfr.egfr_ckd_epi_2009(creatinine_mg_dl=1.1, age=50, sex=sex, is_black=False)
        ekfc = egfr.egfr_ekfc_2021(creatinine_mg_dl=1.1, age=50, sex=sex)
        lines.append(
            f"{sex}, 50 y, creatinine 1.1 mg/dL: CKD-EPI 2021 {cr2021:.1f}; "
            f"CKD-EPI 2009 {cr2009:.1f}; EKFC {ekfc:.1f} mL/min/1.73 m2"
        )
    child = egfr.egfr_schwartz_bedside_2009(creatinine_mg_dl=0.4, height_cm=100)
    lines.append(
        f"child, 100 cm, creatinine 0.4 mg/dL: bedside Schwartz {child:.2f} mL/min/1.73 m2"
    )
    return lines


def _visit(week: int, upcr: str, egfr_value: str, creatinine: str, rbc: str) -> dict[str, Any]:
    return {
        "date": (_START + timedelta(days=7 * week)).isoformat(),
        "id": f"week-{week}",
        "upcr": {"value": upcr, "unit": "g/g", "specimen": "24h"},
        "egfr": {"value": egfr_value, "unit": "mL/min/{1.73_m2}"},
        "creatinine": {"value": creatinine, "unit": "mg/dL"},
        "creatinine_uln": {"value": "1.0", "unit": "mg/dL"},
        "urine_rbc": {"value": rbc, "unit": "/[HPF]"},
        "has_red_cell_casts": False,
    }


def _dose(first_week: int, last_week: int, mg: str) -> dict[str, Any]:
    return {
        "start": (_START + timedelta(days=7 * first_week)).isoformat(),
        "end": (_START + timedelta(days=7 * last_week + 6)).isoformat(),
        "daily_dose": {"value": mg, "unit": "mg"},
        "drug": "prednisone",
        "route": "oral",
    }


#: A two-year course: a 24-hour UPCR of 3.4 g/g falling to 0.45 g/g, eGFR 64 -> 58 (9% below
#: baseline, 12% below the pre-flare 66), prednisone 25 mg tapered to 2.5 mg by week 16.
ALL_DEFINITIONS_COURSE: dict[str, Any] = {
    "start_date": _START.isoformat(),
    "patient": {"id": "demo-2", "sex": "female", "age_years": 29},
    "pre_flare": {"date": "2023-09-01", "egfr": {"value": "66", "unit": "mL/min/{1.73_m2}"}},
    "biopsy": {
        "date": "2023-12-20",
        "upcr": {"value": "3.6", "unit": "g/g", "specimen": "24h"},
        "egfr": {"value": "63", "unit": "mL/min/{1.73_m2}"},
    },
    "baseline": {
        **_visit(0, "3.4", "64", "1.12", "30"),
        "protein_24h": {"value": "3.3", "unit": "g/d"},
        "has_red_cell_casts": True,
    },
    "visits": [
        _visit(12, "1.9", "62", "1.15", "12"),
        _visit(24, "1.1", "60", "1.18", "6"),
        _visit(26, "0.95", "60", "1.18", "4"),
        _visit(48, "0.62", "59", "1.2", "3"),
        _visit(52, "0.45", "58", "1.21", "2"),
        _visit(56, "0.44", "59", "1.2", "2"),
        _visit(64, "0.42", "59", "1.2", "1"),
        _visit(76, "0.41", "58", "1.21", "1"),
        _visit(90, "0.43", "59", "1.2", "1"),
        _visit(104, "0.4", "60", "1.18", "1"),
    ],
    "glucocorticoids": [
        _dose(0, 1, "25"),
        _dose(2, 3, "20"),
        _dose(4, 5, "15"),
        _dose(6, 7, "10"),
        _dose(8, 11, "7.5"),
        _dose(12, 15, "5"),
        _dose(16, 104, "2.5"),
    ],
    "are_glucocorticoid_records_complete": True,
    "has_adjudicated_egfr_event": False,
}


def response_lines() -> list[str]:
    """The embedded two-year course under every registered response definition."""
    from lupus_nephritis.criteria.response.api import compare_renal_response

    lines = [
        "One two-year course under every response definition (each at its own default",
        "assessment point): 24-h UPCR 3.4 -> 0.45 g/g at week 52 (0.40 at week 104); eGFR",
        "64 -> 58 (9% below baseline, 12% below the pre-flare 66); prednisone 2.5 mg from week 16.",
        "",
        f"  {'definition':36} {'verdict':14} {'assessed on':12} not met / missing",
    ]
    for decision in compare_renal_response(ALL_DEFINITIONS_COURSE):
        failed = [c.id for c in decision.criteria if c.outcome.value == "not_met"]
        extra = ", ".join(failed) if failed else ""
        if decision.missing_inputs:
            extra += ("; " if extra else "") + "missing " + ", ".join(decision.missing_inputs)
        assessed = decision.assessed_on.isoformat() if decision.assessed_on else "-"
        lines.append(f"  {decision.rule_set:36} {decision.verdict:14} {assessed:12} {extra}")
    return lines
