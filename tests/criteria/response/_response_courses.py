"""Builders of treatment courses (plain dicts) for the guideline response tests.

Values are decimal strings so boundaries are exact. ``START`` is study day 1; ``W52`` is the
nominal date of study week 52 (364 days later), the default assessment point of every
guideline rule set here.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

START = date(2024, 1, 1)
W52 = START + timedelta(days=364)
W26 = START + timedelta(days=182)
EGFR_UNIT = "mL/min/{1.73_m2}"

GUIDELINES = (
    "kdigo-2024",
    "kdigo-2021",
    "eular-2012",
    "eular-2019",
    "seed-review-2024",
    "acr-2024-provisional",
)
RANK = {"none": 1, "partial": 2, "complete": 3}


def upcr(value: str | None, unit: str = "g/g", specimen: str | None = "24h") -> Any:
    if value is None:
        return None
    data: dict[str, Any] = {"value": value, "unit": unit}
    if specimen is not None:
        data["specimen"] = specimen
    return data


def egfr(value: str | None) -> Any:
    return None if value is None else {"value": value, "unit": EGFR_UNIT}


def visit(day: date, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"date": day.isoformat()}
    data.update({k: v for k, v in fields.items() if v is not None})
    return data


def course(
    *,
    base_upcr: str | None = "3",
    cur_upcr: str | None = "0.4",
    base_egfr: str | None = "80",
    cur_egfr: str | None = "80",
    unit: str = "g/g",
    specimen: str | None = "24h",
    base_specimen: str | None = "24h",
    day: date = W52,
    baseline_extra: dict[str, Any] | None = None,
    visit_extra: dict[str, Any] | None = None,
    visits: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    patient: dict[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """A course with a baseline and one follow-up visit (on ``day``, id ``"fu"``)."""
    baseline = visit(
        START,
        id="base",
        upcr=upcr(base_upcr, "g/g", base_specimen),
        egfr=egfr(base_egfr),
        **(baseline_extra or {}),
    )
    follow_up = visit(
        day,
        id="fu",
        upcr=upcr(cur_upcr, unit, specimen),
        egfr=egfr(cur_egfr),
        **(visit_extra or {}),
    )
    data: dict[str, Any] = {
        "start_date": START.isoformat(),
        "baseline": baseline,
        "visits": [follow_up, *(visits or [])],
        "events": events or [],
    }
    if patient is not None:
        data["patient"] = patient
    data.update(top)
    return data
