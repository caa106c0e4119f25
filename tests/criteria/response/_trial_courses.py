"""Builders of treatment courses (plain dicts) for the trial response tests.

Values are decimal strings so boundaries are exact. ``START`` is study day 1 and ``week(n)``
the nominal date of study week ``n`` (``START + 7n`` days), the assessment point of the trial
definitions. Every builder returns a course that *meets* the definition under test unless a
keyword changes it, so each test moves exactly one datum.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

START = date(2024, 1, 1)
EGFR_UNIT = "mL/min/{1.73_m2}"
RANK = {"none": 0, "partial": 1, "complete": 2}


def week(n: int, days: int = 0) -> date:
    return START + timedelta(days=7 * n + days)


def upcr(value: str | None, unit: str = "mg/mg", specimen: str | None = "24h") -> Any:
    if value is None:
        return None
    data: dict[str, Any] = {"value": value, "unit": unit}
    if specimen is not None:
        data["specimen"] = specimen
    return data


def measure(value: str | None, unit: str) -> Any:
    return None if value is None else {"value": value, "unit": unit}


def visit(
    day: date,
    *,
    id: str | None = None,
    upcr_value: str | None = "0.3",
    unit: str = "mg/mg",
    specimen: str | None = "24h",
    egfr: str | None = "80",
    creatinine: str | None = "0.9",
    uln: str | None = "1.1",
    rbc: str | None = "2",
    red_casts: bool | None = False,
    protein_24h: str | None = "0.3",
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "date": day.isoformat(),
        "id": id,
        "upcr": upcr(upcr_value, unit, specimen),
        "egfr": measure(egfr, EGFR_UNIT),
        "creatinine": measure(creatinine, "mg/dL"),
        "creatinine_uln": measure(uln, "mg/dL"),
        "urine_rbc": measure(rbc, "/[HPF]"),
        "has_red_cell_casts": red_casts,
        "protein_24h": measure(protein_24h, "g/d"),
    }
    return {k: v for k, v in data.items() if v is not None}


def course(
    *,
    at_week: int = 52,
    upcr_value: str | None = "0.3",
    unit: str = "mg/mg",
    specimen: str | None = "24h",
    egfr: str | None = "80",
    creatinine: str | None = "0.9",
    uln: str | None = "1.1",
    rbc: str | None = "2",
    red_casts: bool | None = False,
    protein_24h: str | None = "0.3",
    day_offset: int = 0,
    base_upcr: str | None = "3",
    base_egfr: str | None = "80",
    base_creatinine: str | None = "0.9",
    base_uln: str | None = "1.1",
    pre_flare_egfr: str | None = "80",
    biopsy_egfr: str | None = "80",
    extra_visits: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    steroid_mg: str | None = "2.5",
    steroid_records_complete: bool = True,
    steroid_extra: list[dict[str, Any]] | None = None,
    adjudicated: bool | None = None,
    patient: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A baseline plus one assessment visit (id ``"fu"``) at ``week(at_week) + day_offset``."""
    baseline = visit(
        START,
        id="base",
        upcr_value=base_upcr,
        egfr=base_egfr,
        creatinine=base_creatinine,
        uln=base_uln,
        rbc="30",
        red_casts=True,
        protein_24h="3",
    )
    follow_up = visit(
        week(at_week, day_offset),
        id="fu",
        upcr_value=upcr_value,
        unit=unit,
        specimen=specimen,
        egfr=egfr,
        creatinine=creatinine,
        uln=uln,
        rbc=rbc,
        red_casts=red_casts,
        protein_24h=protein_24h,
    )
    glucocorticoids: list[dict[str, Any]] = []
    if steroid_mg is not None:
        glucocorticoids.append(
            {
                "start": START.isoformat(),
                "end": week(200).isoformat(),
                "daily_dose": {"value": steroid_mg, "unit": "mg"},
                "drug": "prednisone",
            }
        )
    glucocorticoids.extend(steroid_extra or [])
    data: dict[str, Any] = {
        "start_date": START.isoformat(),
        "patient": patient or {"sex": "female", "age_years": "35"},
        "baseline": baseline,
        "visits": [follow_up, *(extra_visits or [])],
        "glucocorticoids": glucocorticoids,
        "are_glucocorticoid_records_complete": steroid_records_complete,
        "events": events or [],
    }
    if pre_flare_egfr is not None:
        data["pre_flare"] = {
            "date": (START - timedelta(days=30)).isoformat(),
            "egfr": measure(pre_flare_egfr, EGFR_UNIT),
        }
    if biopsy_egfr is not None:
        data["biopsy"] = {
            "date": (START - timedelta(days=10)).isoformat(),
            "egfr": measure(biopsy_egfr, EGFR_UNIT),
        }
    if adjudicated is not None:
        data["has_adjudicated_egfr_event"] = adjudicated
    return data


def event(kind: str, day: date) -> dict[str, Any]:
    return {"type": kind, "date": day.isoformat()}


def extra_dose(first: date, last: date, mg: str) -> dict[str, Any]:
    return {
        "start": first.isoformat(),
        "end": last.isoformat(),
        "daily_dose": {"value": mg, "unit": "mg"},
        "drug": "prednisone",
    }
