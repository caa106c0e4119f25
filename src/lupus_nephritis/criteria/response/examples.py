"""Embedded example treatment course for the demo and the documentation (pure data).

A woman aged 34 with class IV lupus nephritis starts induction therapy on 2024-01-08 (study
day 1). Proteinuria falls from a 24-hour UPCR of 3.2 g/g to 0.46 g/g at week 52 while her
eGFR recovers from 78 to 84 mL/min/1.73 m2. The week-52 UPCR is the interesting part:
0.46 g/g is below KDIGO's 0.5 g/g but equals 52 mg/mmol, above EULAR 2012's 50 mg/mmol, so
the definitions disagree.

`example_course` returns a fresh copy of the plain-dict course, ready for
``classify_renal_response`` or ``TreatmentCourse.model_validate``.
"""

from __future__ import annotations

import copy
from typing import Any

EXAMPLE_COURSE: dict[str, Any] = {
    "start_date": "2024-01-08",
    "patient": {"id": "example-1", "sex": "female", "age_years": 34},
    "baseline": {
        "date": "2024-01-08",
        "id": "baseline",
        "upcr": {"value": "3.2", "unit": "g/g", "specimen": "24h"},
        "protein_24h": {"value": "3.1", "unit": "g/d"},
        "egfr": {"value": "78", "unit": "mL/min/{1.73_m2}"},
        "creatinine": {"value": "0.98", "unit": "mg/dL"},
        "urine_rbc": {"value": "25", "unit": "/[HPF]"},
        "has_red_cell_casts": True,
    },
    "visits": [
        {
            "date": "2024-02-05",
            "id": "week-4",
            "upcr": {"value": "2.6", "unit": "g/g", "specimen": "spot"},
            "egfr": {"value": "80", "unit": "mL/min/{1.73_m2}"},
        },
        {
            "date": "2024-04-01",
            "id": "week-12",
            "upcr": {"value": "1.9", "unit": "g/g", "specimen": "24h"},
            "protein_24h": {"value": "1.8", "unit": "g/d"},
            "egfr": {"value": "81", "unit": "mL/min/{1.73_m2}"},
        },
        {
            "date": "2024-07-08",
            "id": "week-26",
            "upcr": {"value": "1.1", "unit": "g/g", "specimen": "24h"},
            "protein_24h": {"value": "1.05", "unit": "g/d"},
            "egfr": {"value": "83", "unit": "mL/min/{1.73_m2}"},
            "urine_rbc": {"value": "8", "unit": "/[HPF]"},
            "has_red_cell_casts": False,
        },
        {
            "date": "2024-10-07",
            "id": "week-39",
            "upcr": {"value": "0.7", "unit": "g/g", "specimen": "24h"},
            "egfr": {"value": "82", "unit": "mL/min/{1.73_m2}"},
        },
        {
            "date": "2025-01-06",
            "id": "week-52",
            "upcr": {"value": "52", "unit": "mg/mmol", "specimen": "24h"},
            "protein_24h": {"value": "0.62", "unit": "g/d"},
            "egfr": {"value": "84", "unit": "mL/min/{1.73_m2}"},
            "creatinine": {"value": "0.92", "unit": "mg/dL"},
            "creatinine_uln": {"value": "1.1", "unit": "mg/dL"},
            "urine_rbc": {"value": "3", "unit": "/[HPF]"},
            "has_red_cell_casts": False,
        },
    ],
    "glucocorticoids": [
        {"start": "2024-01-08", "end": "2024-02-04", "daily_dose": "40 mg", "drug": "prednisone"},
        {"start": "2024-02-05", "end": "2024-04-28", "daily_dose": "20 mg", "drug": "prednisone"},
        {"start": "2024-04-29", "end": "2024-07-21", "daily_dose": "7.5 mg", "drug": "prednisone"},
        {"start": "2024-07-22", "end": "2025-01-06", "daily_dose": "5 mg", "drug": "prednisone"},
    ],
    "are_glucocorticoid_records_complete": True,
    "events": [],
}


def example_course() -> dict[str, Any]:
    """A fresh copy of `EXAMPLE_COURSE` (safe to modify)."""
    return copy.deepcopy(EXAMPLE_COURSE)


__all__ = ["EXAMPLE_COURSE", "example_course"]
