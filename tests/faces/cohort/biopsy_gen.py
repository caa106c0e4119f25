"""Random biopsy cohorts (boundary values of every registered biopsy threshold included).

A cohort is plain Python data; :func:`biopsy_frames` turns it into the measurements and
findings tables of ``derive_biopsy_indication`` and :func:`scalar_findings` into one
``BiopsyFindings`` mapping per assessment, independently of the face (rejections decided
here with ``units.canonicalize``; earlier values and the eGFR history gathered here).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import attrs
import polars as pl

from lupus_nephritis.criteria.biopsy._common import add_months
from lupus_nephritis.errors import InputError
from lupus_nephritis.models import DipstickGrade
from lupus_nephritis.registry import RuleKind, list_rule_sets
from lupus_nephritis.thresholds import Threshold
from lupus_nephritis.units import SPECS, Quantity, canonicalize, convert, fraction_to_decimal

MEASURES = {
    "upcr": Quantity.UPCR,
    "protein_24h": Quantity.PROTEIN_24H,
    "egfr": Quantity.EGFR,
    "acanthocytes": Quantity.PERCENT,
    "urine_rbc": Quantity.URINE_RBC,
}
CASTS = ("has_red_cell_casts", "has_white_cell_casts")
STATEMENTS = (
    "is_proteinuria_persistent",
    "has_glomerular_haematuria",
    "is_sediment_confirmed",
    "has_unexplained_decline",
    "has_impaired_kidney_function",
    "are_other_causes_excluded",
    "is_in_remission",
    "is_flare_suspected",
    "has_persistent_abnormalities",
)
GRAVITIES = ["1.005", "1.009", "1.010", "1.011", "1.020", "1.000", "1.060", "1.0101"]


def _thresholds(value: object) -> list[Threshold]:
    if isinstance(value, Threshold):
        return [value]
    if isinstance(value, tuple):
        return [t for item in value for t in _thresholds(item)]
    if attrs.has(type(value)):
        return [t for f in attrs.fields(type(value)) for t in _thresholds(getattr(value, f.name))]
    return []


def boundaries() -> dict[Quantity, list[Fraction]]:
    """Canonical values of every threshold of every registered biopsy rule set."""
    out: dict[Quantity, set[Fraction]] = {}
    for rule_set in list_rule_sets(RuleKind.BIOPSY):
        for threshold in _thresholds(rule_set.parameters):
            out.setdefault(threshold.quantity, set()).add(threshold.canonical)
    return {q: sorted(v) for q, v in out.items()}


#: Option-defined floors the property draws (seed-review-2024-biopsy "any degree").
OPTION_FLOORS = {Quantity.UPCR: ["0.2", "0.3"], Quantity.PROTEIN_24H: ["0.2"]}

BOUNDARIES = boundaries()
for _quantity, _values in OPTION_FLOORS.items():
    BOUNDARIES.setdefault(_quantity, []).extend(Fraction(v) for v in _values)


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
    quantity = MEASURES[field]
    spec = SPECS[quantity]
    roll = rng.random()
    if roll < 0.55 and BOUNDARIES.get(quantity):
        base = rng.choice(BOUNDARIES[quantity])
        nudge = rng.choice([0, 0, 0, Fraction(1, 100), -Fraction(1, 100), Fraction(1, 10**9)])
        canonical = max(Fraction(0), base + nudge)
    elif roll < 0.93:
        lo, hi = float(spec.plausible_min), float(min(spec.plausible_max, 100))
        canonical = Fraction(round(rng.uniform(lo, hi), rng.choice([1, 2, 3])))
    elif roll < 0.97:
        return rng.choice(["-1", "abc"]), spec.canonical_unit
    else:
        canonical = spec.plausible_max * 3 + 1
    return _unit_value(rng, quantity, canonical)


def cohort(rng: random.Random, n_subjects: int = 4) -> list[dict[str, Any]]:
    """Subjects with dated measurements and findings rows."""
    subjects = []
    for index in range(n_subjects):
        start = date(2022, 1, 1) + timedelta(days=rng.randrange(0, 300))
        days = sorted({start + timedelta(days=rng.randrange(0, 200)) for _ in range(3)})
        visits = []
        for day in days:
            visit: dict[str, Any] = {"date": day}
            for field in MEASURES:
                if rng.random() < 0.6:
                    visit[field] = _value(rng, field)
            if "upcr" in visit:
                visit["specimen"] = rng.choice(["24h", "spot", "first_morning", None])
            for cast in CASTS:
                if rng.random() < 0.5:
                    visit[cast] = rng.random() < 0.4
            stated: dict[str, Any] = {}
            if rng.random() < 0.7:
                stated["dipstick_protein"] = rng.choice([g.value for g in DipstickGrade])
            if rng.random() < 0.6:
                stated["urine_specific_gravity"] = rng.choice(GRAVITIES)
            for name in STATEMENTS:
                if rng.random() < 0.45:
                    stated[name] = rng.random() < 0.5
            if rng.random() < 0.15:
                stated["explaining_causes"] = rng.choice(["NSAID", "volume depletion; sepsis"])
            if rng.random() < 0.3:
                six = add_months(day, -6)  # the 6-month boundary of ACR 2024 repeat biopsy
                stated["treatment_start"] = rng.choice(
                    [
                        day,
                        six,
                        six + timedelta(days=1),
                        six - timedelta(days=1),
                        day - timedelta(400),
                    ]
                )
            visit["stated"] = stated
            visits.append(visit)
        subjects.append({"id": f"B{index:02d}", "visits": visits})
    return subjects


def biopsy_frames(data: list[dict[str, Any]]) -> dict[str, pl.DataFrame]:
    """Long measurements (values as text) and the findings table."""
    rows = []
    findings = []
    for s in data:
        for visit in s["visits"]:
            for field in MEASURES:
                if field not in visit:
                    continue
                value, unit = visit[field]
                rows.append(
                    {
                        "USUBJID": s["id"],
                        "ADT": visit["date"],
                        "PARAMCD": field,
                        "AVAL": repr(value) if isinstance(value, float) else str(value),
                        "AVALU": unit,
                        "SPECIMEN": visit.get("specimen") if field == "upcr" else None,
                    }
                )
            for cast in CASTS:
                if cast in visit:
                    rows.append(
                        {
                            "USUBJID": s["id"],
                            "ADT": visit["date"],
                            "PARAMCD": cast,
                            "AVAL": "yes" if visit[cast] else "no",
                            "AVALU": None,
                            "SPECIMEN": None,
                        }
                    )
            stated = visit["stated"]
            if stated:
                findings.append({"USUBJID": s["id"], "ADT": visit["date"], **stated})
    schema = {
        "USUBJID": pl.String,
        "ADT": pl.Date,
        "PARAMCD": pl.String,
        "AVAL": pl.String,
        "AVALU": pl.String,
        "SPECIMEN": pl.String,
    }
    finding_schema: dict[str, Any] = {
        "USUBJID": pl.String,
        "ADT": pl.Date,
        "dipstick_protein": pl.String,
        "urine_specific_gravity": pl.String,
        **dict.fromkeys(STATEMENTS, pl.Boolean),
        "explaining_causes": pl.String,
        "treatment_start": pl.Date,
    }
    return {
        "measurements": pl.DataFrame(rows, schema=schema),
        "findings": pl.DataFrame(findings, schema=finding_schema),
    }


def _accepted(field: str, value: Any, unit: str) -> bool:
    try:
        canonicalize(value, unit, quantity=MEASURES[field])
    except InputError:
        return False
    return True


def _measure(field: str, visit: dict[str, Any]) -> dict[str, Any] | None:
    value, unit = visit[field]
    if not _accepted(field, value, unit):
        return None
    out: dict[str, Any] = {"value": value, "unit": unit}
    if field == "upcr" and visit.get("specimen") is not None:
        out["specimen"] = visit["specimen"]
    return out


def scalar_findings(data: list[dict[str, Any]]) -> dict[tuple[str, date], dict[str, Any]]:
    """``(subject, date)`` -> ``BiopsyFindings`` mapping of every assessment date."""
    out: dict[tuple[str, date], dict[str, Any]] = {}
    for s in data:
        visits = s["visits"]
        for visit in visits:
            day = visit["date"]
            findings: dict[str, Any] = {"assessed_on": day}
            for field in ("upcr", "protein_24h", "urine_rbc", "acanthocytes"):
                if field in visit:
                    measure = _measure(field, visit)
                    if measure is not None:
                        findings[field] = measure
            for cast in CASTS:
                if cast in visit:
                    findings[cast] = visit[cast]
            for field, name in (("upcr", "previous_upcr"), ("protein_24h", "previous_protein_24h")):
                earlier = [
                    m
                    for v in visits
                    if v["date"] < day and field in v
                    for m in [_measure(field, v)]
                    if m is not None
                ]
                if earlier:
                    findings[name] = earlier
            history = [
                {"date": v["date"], "egfr": m}
                for v in visits
                if v["date"] <= day and "egfr" in v
                for m in [_measure("egfr", v)]
                if m is not None
            ]
            if history:
                findings["egfr_history"] = history
                if history[-1]["date"] == day:
                    findings["egfr"] = history[-1]["egfr"]
            stated = dict(visit["stated"])
            if "explaining_causes" in stated:
                stated["explaining_causes"] = [
                    c.strip() for c in stated["explaining_causes"].split(";")
                ]
            findings.update(stated)
            out[(s["id"], day)] = findings
    return out
