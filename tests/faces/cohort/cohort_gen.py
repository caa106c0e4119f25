"""Random cohorts for the equivalence property (boundary values of every threshold included).

A cohort is plain Python data; :func:`frames` turns it into DataFrames for the cohort face and
:func:`scalar_courses` into course mappings for the scalar path, independently of the face's own
ingestion (rejections are decided here with ``units.canonicalize``).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import polars as pl

from lupus_nephritis.errors import InputError
from lupus_nephritis.models import EventType
from lupus_nephritis.units import SPECS, Quantity, canonicalize, convert, fraction_to_decimal

QUANTITY = {
    "upcr": Quantity.UPCR,
    "protein_24h": Quantity.PROTEIN_24H,
    "creatinine": Quantity.CREATININE,
    "cystatin_c": Quantity.CYSTATIN_C,
    "egfr": Quantity.EGFR,
}

#: Canonical boundary values (thresholds of the vectorised rule sets, plausibility limits).
BOUNDARIES = {
    "upcr": ["0.5", "3", "3.5", "0.442", "0.7", "0", "30", "0.25", str(Fraction(50, 1) / 113)],
    "protein_24h": ["0.5", "0.7", "3.5", "0", "40"],
    "creatinine": ["0.1", "30", "0.7", "0.9", "1"],
    "cystatin_c": ["0.8", "0.1", "15"],
    "egfr": ["90", "81", "60", "0", "250", "85", "100", "76.5"],
}

#: Reference / current pairs at the percent boundaries (50% reduction, 10-20% declines).
PAIRS = [
    ("2", "1"),
    ("100", "85"),
    ("100", "90"),
    ("100", "80"),
    ("90", "81"),
    ("1", "1.15"),
    ("1", "1.1"),
    ("1", "1.2"),
    ("3", "1.5"),
    ("0", "1"),
    ("4", "3"),
]


def _unit_value(rng: random.Random, quantity: Quantity, canonical: Fraction) -> tuple[Any, str]:
    spec = SPECS[quantity]
    unit = rng.choice(sorted(spec.factors))
    value = convert(canonical, spec.canonical_unit, unit, quantity=quantity)
    text = fraction_to_decimal(value, rng.choice([6, 12, 17]))
    style = rng.random()
    if style < 0.45:
        return float(text), unit
    if style < 0.55 and value.denominator == 1:
        return int(value), unit
    return str(text), unit


def _value(rng: random.Random, field: str) -> tuple[Any, str]:
    quantity = QUANTITY[field]
    spec = SPECS[quantity]
    roll = rng.random()
    if roll < 0.45:
        base = Fraction(rng.choice(BOUNDARIES[field]))
        nudge = rng.choice([0, 0, 0, Fraction(1, 100), -Fraction(1, 100), Fraction(1, 10**9)])
        canonical = max(Fraction(0), base + nudge)
    elif roll < 0.9:
        lo, hi = float(spec.plausible_min), float(min(spec.plausible_max, 10))
        canonical = Fraction(round(rng.uniform(lo, hi), rng.choice([1, 2, 3])))
    elif roll < 0.94:
        return rng.choice([float("nan"), None]), spec.canonical_unit  # absent
    elif roll < 0.97:
        return rng.choice(["-1", "abc", "1e400"]), spec.canonical_unit
    else:
        canonical = spec.plausible_max * 3 + 1  # implausible (unit mix-up)
    return _unit_value(rng, quantity, canonical)


def _visit(
    rng: random.Random, day: date, fields: list[str], pair: dict[str, str] | None
) -> dict[str, Any]:
    visit: dict[str, Any] = {"date": day}
    for field in fields:
        if rng.random() < 0.25:
            continue
        if pair is not None and field in pair:
            quantity = QUANTITY[field]
            visit[field] = _unit_value(rng, quantity, Fraction(pair[field]))
        else:
            visit[field] = _value(rng, field)
    if "upcr" in visit:
        visit["specimen"] = rng.choice(["24h", "24h", "spot", "first_morning", None, None])
    if "creatinine" in visit and rng.random() < 0.3:
        visit["conversion"] = rng.choice(["88.4", "molar-mass", "molar-mass", "88"])
    return visit


def cohort(rng: random.Random, n_subjects: int = 4) -> dict[str, Any]:
    """A random cohort: subjects with start dates, patients, visits, references, events."""
    subjects = []
    for index in range(n_subjects):
        start = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 400))
        fields = ["upcr", "protein_24h", "creatinine", "cystatin_c", "egfr"]
        pair_field = rng.choice(["upcr", "egfr", "creatinine", "protein_24h"])
        ref_value, cur_value = rng.choice(PAIRS)
        references = {}
        for role in ("baseline", "pre_flare", "biopsy"):
            if rng.random() < (0.85 if role == "baseline" else 0.3):
                day = start - timedelta(days=rng.randrange(0, 10))
                references[role] = _visit(rng, day, fields, {pair_field: ref_value})
        visits = []
        used: set[date] = set()
        for _ in range(rng.randrange(0, 5)):
            week = rng.choice([13, 26, 52, 52, 52, 78, 104])
            offset = rng.choice([0, 1, -1, 28, -28, 29, -29, 7, -7, 14, 40])
            day = start + timedelta(days=7 * week + offset)
            if day in used:
                continue
            used.add(day)
            visits.append(_visit(rng, day, fields, {pair_field: cur_value}))
        patient: dict[str, Any] = {}
        if rng.random() < 0.85:
            patient["sex"] = rng.choice(["female", "male"])
        age_roll = rng.random()
        if age_roll < 0.5:
            patient["birth_date"] = start - timedelta(days=rng.randrange(365 * 16, 365 * 80))
        elif age_roll < 0.85:
            patient["age_years"] = rng.choice([17, 18, 25, 40, 62.5, "130", 90])
        if rng.random() < 0.3:
            patient["is_black"] = rng.choice([True, False])
        events = []
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            events.append(
                {
                    "type": rng.choice([t.value for t in EventType]),
                    "date": start + timedelta(days=rng.randrange(-30, 420)),
                }
            )
        subjects.append(
            {
                "id": f"S{index:03d}",
                "start": start,
                "conversion": rng.choice([None, None, "88.4", "molar-mass"]),
                "default_specimen": rng.choice([None, None, "24h", "spot", "first_morning"]),
                "patient": patient,
                "references": references,
                "visits": visits,
                "events": events,
            }
        )
    return {
        "subjects": subjects,
        "conversion": rng.choice([None, None, None, "88.4", "molar-mass"]),
        "default_specimen": rng.choice([None, None, None, "24h", "spot"]),
    }


CONVERSIONS = ("88.4", "molar-mass")


def _accepted(field: str, value: Any, unit: str, conversion: str | None = None) -> bool:
    if value is None or (isinstance(value, float) and value != value):
        return False
    try:
        canonicalize(value, unit, quantity=QUANTITY[field], creatinine_conversion=conversion)
    except InputError:
        return False
    return True


def effective_conversion(data: dict[str, Any], subject: dict[str, Any], visit: dict[str, Any]):
    """The conversion of a visit's creatinine: its own, else the call's, else the course's.

    Returns ``(conversion, valid)``; an invalid own conversion rejects the value.
    """
    own = visit.get("conversion")
    if own is not None:
        return own, own in CONVERSIONS
    return data.get("conversion") or subject.get("conversion"), True


def frames(data: dict[str, Any]) -> dict[str, pl.DataFrame]:
    """Long-layout measurements (values as text, to keep every representation) + side tables."""
    rows = []
    for s in data["subjects"]:
        visits = [("visit", v) for v in s["visits"]]
        visits += [(role, v) for role, v in s["references"].items()]
        for role, visit in visits:
            for field in QUANTITY:
                if field not in visit:
                    continue
                value, unit = visit[field]
                rows.append(
                    {
                        "USUBJID": s["id"],
                        "ADT": visit["date"],
                        "PARAMCD": field,
                        "AVAL": None
                        if value is None
                        else (repr(value) if isinstance(value, float) else str(value)),
                        "AVALU": unit,
                        "SPECIMEN": visit.get("specimen") if field == "upcr" else None,
                        "ROLE": role,
                        "CONVERSION": visit.get("conversion") if field == "creatinine" else None,
                    }
                )
    schema = {
        "USUBJID": pl.String,
        "ADT": pl.Date,
        "PARAMCD": pl.String,
        "AVAL": pl.String,
        "AVALU": pl.String,
        "SPECIMEN": pl.String,
        "ROLE": pl.String,
        "CONVERSION": pl.String,
    }
    measurements = pl.DataFrame(rows, schema=schema)
    courses = pl.DataFrame(
        {
            "USUBJID": [s["id"] for s in data["subjects"]],
            "TRTSDT": [s["start"] for s in data["subjects"]],
            "CREATININE_CONVERSION": [s["conversion"] for s in data["subjects"]],
            "DEFAULT_UPCR_SPECIMEN": [s["default_specimen"] for s in data["subjects"]],
        },
        schema={
            "USUBJID": pl.String,
            "TRTSDT": pl.Date,
            "CREATININE_CONVERSION": pl.String,
            "DEFAULT_UPCR_SPECIMEN": pl.String,
        },
    )
    patients = pl.DataFrame(
        [
            {
                "USUBJID": s["id"],
                "SEX": s["patient"].get("sex"),
                "BRTHDT": s["patient"].get("birth_date"),
                "AGE": None if "age_years" not in s["patient"] else str(s["patient"]["age_years"]),
                "IS_BLACK": s["patient"].get("is_black"),
            }
            for s in data["subjects"]
        ],
        schema={
            "USUBJID": pl.String,
            "SEX": pl.String,
            "BRTHDT": pl.Date,
            "AGE": pl.String,
            "IS_BLACK": pl.Boolean,
        },
    )
    events = pl.DataFrame(
        [
            {"USUBJID": s["id"], "ADT": e["date"], "EVENT": e["type"]}
            for s in data["subjects"]
            for e in s["events"]
        ],
        schema={"USUBJID": pl.String, "ADT": pl.Date, "EVENT": pl.String},
    )
    return {
        "measurements": measurements,
        "courses": courses,
        "patients": patients,
        "events": events,
    }


def _measure(
    field: str, visit: dict[str, Any], data: dict[str, Any], subject: dict[str, Any]
) -> dict[str, Any] | None:
    value, unit = visit[field]
    conversion: str | None = None
    if field == "creatinine":
        conversion, valid = effective_conversion(data, subject, visit)
        if not valid:
            return None
    if not _accepted(field, value, unit, conversion):
        return None
    out: dict[str, Any] = {"value": value, "unit": unit}
    if field == "creatinine":
        if visit.get("conversion") is not None:
            out["conversion"] = visit["conversion"]
        elif not _accepted(field, value, unit):
            # plausible only under the course's (or call's) conversion: the scalar model
            # validates a measurement with the default first, so state it on the value
            out["conversion"] = conversion
    if field == "upcr" and visit.get("specimen") is not None:
        out["specimen"] = visit["specimen"]
    return out


def _visit_dict(
    visit: dict[str, Any], data: dict[str, Any], subject: dict[str, Any]
) -> dict[str, Any]:
    out: dict[str, Any] = {"date": visit["date"]}
    for field in QUANTITY:
        if field in visit:
            measure = _measure(field, visit, data, subject)
            if measure is not None:
                out[field] = measure
    return out


def scalar_courses(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Course mappings for the scalar path, built from the generated data directly.

    The call-level choices (``data["conversion"]``, ``data["default_specimen"]``) are not
    in the courses: pass them to ``classify_renal_response``.
    """
    courses = {}
    for s in data["subjects"]:
        course: dict[str, Any] = {
            "start_date": s["start"],
            "visits": [_visit_dict(v, data, s) for v in s["visits"]],
            "events": s["events"],
            "creatinine_conversion": s["conversion"],
            "default_upcr_specimen": s["default_specimen"],
        }
        for role, visit in s["references"].items():
            course[role] = _visit_dict(visit, data, s)
        patient = dict(s["patient"])
        if "age_years" in patient:
            patient["age_years"] = str(patient["age_years"])
        course["patient"] = patient
        courses[s["id"]] = course
    return courses


def decimal(value: Any) -> Decimal:
    return Decimal(str(value))
