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
    "urine_rbc": Quantity.URINE_RBC,
    "creatinine_uln": Quantity.CREATININE,
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
    ("1", "1.25"),
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
        responder = rng.random() < 0.2
        for _ in range(rng.randrange(0, 5) + rng.choice([0, 0, 0, 3])):
            week = rng.choice([13, 26, 52, 52, 52, 78, 104, 130, 156])
            if responder and week >= 52:
                continue
            offset = rng.choice([0, 1, -1, 28, -28, 29, -29, 7, -7, 14, 40])
            day = start + timedelta(days=7 * week + offset)
            if day in used:
                continue
            used.add(day)
            visits.append(_visit(rng, day, fields, {pair_field: cur_value}))
        if responder:  # good values through AURORA 2's month 36 (the sustained-CRR paths)
            for week in (52, 78, 104, 130, 156):
                day = start + timedelta(days=7 * week + rng.choice([0, 0, 1, -1, 7]))
                if day in used:
                    continue
                used.add(day)
                good = ["0.5", "0.3", "0.45", "0.3", "0.2", "0.2", "0.4", "0.7", "0.500001"]
                # the AURORA 2 flare edges: nadir < 0.2 or 0.2 to 1.0, then above 1 or 2
                edges = ["0.19", "0.2", "1", "1.000001", "1.01", "2", "2.01", "1.0"]
                upcr = rng.choice(good if rng.random() < 0.8 else edges)
                visit: dict[str, Any] = {
                    "date": day,
                    "upcr": _unit_value(rng, Quantity.UPCR, Fraction(upcr)),
                    "specimen": rng.choice(["first_morning", "first_morning", "24h", None]),
                }
                if rng.random() < 0.9:
                    egfr = rng.choice(["60", "90", "75", "90", "59.9"])
                    visit["egfr"] = _unit_value(rng, Quantity.EGFR, Fraction(egfr))
                visits.append(visit)
            visits.sort(key=lambda v: v["date"])
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
                "responder": responder,
            }
        )
    conversion = rng.choice([None, None, None, "88.4", "molar-mass"])
    for subject in subjects:  # drawn last: the data above is the same as without them
        _trial_data(rng, subject)
    return {
        "subjects": subjects,
        "conversion": conversion,
        "default_specimen": rng.choice([None, None, None, "24h", "spot"]),
    }


#: Assessment weeks of the trial rule sets' defaults and of the property's ``at`` draws.
TRIAL_WEEKS = [52, 52, 24, 26, 48, 60, 76, 78, 104]

#: Day offsets from an assessment point where dose records start: the edges of the steroid
#: windows (8 weeks up to the point: nominal visits, weeks from 0, weeks from 1) and around.
DOSE_OFFSETS = [-64, -63, -62, -57, -56, -55, -30, -9, -7, -3, -2, -1, 0, 1, 5, 6, 7]

#: Record lengths in days (3 consecutive days, 7 days in total are the AURORA clauses).
DOSE_LENGTHS = [1, 1, 2, 3, 3, 4, 6, 7, 8, 20, 60]

#: ``(dose, unit, drug)``: 10 mg prednisone equivalent exactly (prednisone, grams,
#: methylprednisolone 8 mg, dexamethasone 1.5 mg, hydrocortisone 40 mg), just above, just
#: below, halves that add up to 10 on overlapping days, and refused records.
DOSES: list[tuple[Any, str | None, str]] = [
    ("10", "mg", "prednisone"),
    ("7.5", "mg", "prednisone"),  # REGENCY: at most 7.5 mg/day
    ("7.51", "mg", "prednisone"),
    ("6", "mg", "methylprednisolone"),  # = 7.5 mg prednisone
    (10.0, "mg", "prednisolone"),
    ("0.01", "g", "prednisone"),
    ("8", "mg", "methylprednisolone"),
    ("1.5", "mg", "dexamethasone"),
    ("40", "mg", "hydrocortisone"),
    ("10.01", "mg", "prednisone"),
    ("10.000000000000001", "mg", "prednisone"),
    (9.99, "mg", "prednisone"),
    ("5", "mg", "prednisone"),
    ("5.01", "mg", "prednisone"),
    ("6", "mg", "deflazacort"),
    ("12", "mg", "deflazacort"),
    ("0", "mg", "prednisone"),
    ("20", "mg", "prednisone"),
    ("-1", "mg", "prednisone"),
    ("abc", "mg", "prednisone"),
    ("10", "mg/d", "prednisone"),
    ("10", None, "prednisone"),
    ("5000", "mg", "prednisone"),
    ("10", "mg", "aspirin"),
    (None, "mg", "prednisone"),
]

_TRIAL_EVENTS = [
    EventType.RESCUE_THERAPY.value,
    EventType.ADJUDICATED_EGFR_EVENT.value,
    EventType.WITHDRAWAL.value,
    EventType.DEATH.value,
    EventType.TREATMENT_FAILURE.value,
    EventType.PROHIBITED_MEDICATION.value,
    EventType.STUDY_DRUG_DISCONTINUATION.value,
]


def _trial_data(rng: random.Random, subject: dict[str, Any]) -> None:
    """Dose records, the course flags and events on the trial boundaries of ``subject``."""
    start = subject["start"]
    doses = []
    for _ in range(rng.choice([0, 1, 2, 3, 4, 6])):
        point = start + timedelta(weeks=rng.choice(TRIAL_WEEKS))
        first = point + timedelta(days=rng.choice(DOSE_OFFSETS))
        length = rng.choice(DOSE_LENGTHS)
        end: date | None = first + timedelta(days=length - 1)
        roll = rng.random()
        if roll < 0.2 and length == 1:
            end = None
        elif roll < 0.04:
            end = first - timedelta(days=1)  # ends before it starts: refused
        value, unit, drug = rng.choice(DOSES)
        doses.append({"start": first, "end": end, "dose": value, "unit": unit, "drug": drug})
    subject["doses"] = doses
    # sediment and creatinine ULN (NOBILITY, LUNAR...): counts at < 5 / < 10 per HPF, ULNs
    # that put the creatinine at 100% of it; casts yes / no / unknown / unparseable
    for visit in [*subject["visits"], *subject["references"].values()]:
        if rng.random() < 0.8:
            rbc = Fraction(rng.choice(["10", "5", "9.99", "4.99", "0", "12", "10.01", "5.01"]))
            visit["urine_rbc"] = _unit_value(rng, Quantity.URINE_RBC, rbc)
        if rng.random() < 0.8:
            uln = rng.choice(["1", "1.15", "0.9", "1.1", "0.7", "1.3", "0.8"])
            visit["creatinine_uln"] = (rng.choice([uln, float(uln)]), "mg/dL")
        if rng.random() < 0.8:
            visit["has_red_cell_casts"] = rng.choice([True, False, False, "maybe"])
    subject["gc_complete"] = rng.choice([None, None, True, False])
    subject["adj_egfr"] = rng.choice([None, None, True, False])
    if subject.get("responder"):
        subject["gc_complete"] = rng.choice([True, True, None])
    for _ in range(rng.choice([0, 0, 1, 2])):
        point = start + timedelta(weeks=rng.choice(TRIAL_WEEKS))
        day = rng.choice([point - timedelta(days=1), point, point + timedelta(days=1), start,
                          start - timedelta(days=1)])  # fmt: skip
        subject["events"].append({"type": rng.choice(_TRIAL_EVENTS), "date": day})


def dose_accepted(record: dict[str, Any]) -> bool:
    """Whether the scalar model takes a generated dose record (checked with the library)."""
    from lupus_nephritis.steroids import Glucocorticoid

    if record["dose"] is None or record["unit"] is None:
        return False
    if record["end"] is not None and record["end"] < record["start"]:
        return False
    try:
        Glucocorticoid(record["drug"])
        canonicalize(record["dose"], record["unit"], quantity=Quantity.GLUCOCORTICOID_DOSE)
    except (InputError, ValueError):
        return False
    return True


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
            if "has_red_cell_casts" in visit:
                rows.append(
                    {"USUBJID": s["id"], "ADT": visit["date"], "PARAMCD": "has_red_cell_casts",
                     "AVAL": str(visit["has_red_cell_casts"]).lower(), "AVALU": None,
                     "SPECIMEN": None, "ROLE": role, "CONVERSION": None}
                )  # fmt: skip
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
            "GC_RECORDS_COMPLETE": [s.get("gc_complete") for s in data["subjects"]],
            "ADJUDICATED_EGFR_EVENT": [s.get("adj_egfr") for s in data["subjects"]],
        },
        schema={
            "USUBJID": pl.String,
            "TRTSDT": pl.Date,
            "CREATININE_CONVERSION": pl.String,
            "DEFAULT_UPCR_SPECIMEN": pl.String,
            "GC_RECORDS_COMPLETE": pl.Boolean,
            "ADJUDICATED_EGFR_EVENT": pl.Boolean,
        },
    )
    doses = pl.DataFrame(
        [
            {
                "USUBJID": s["id"],
                "ASTDT": d["start"],
                "AENDT": d["end"],
                "DOSE": None
                if d["dose"] is None
                else (repr(d["dose"]) if isinstance(d["dose"], float) else str(d["dose"])),
                "DOSEU": d["unit"],
                "DRUG": d["drug"],
            }
            for s in data["subjects"]
            for d in s.get("doses", [])
        ],
        schema={
            "USUBJID": pl.String,
            "ASTDT": pl.Date,
            "AENDT": pl.Date,
            "DOSE": pl.String,
            "DOSEU": pl.String,
            "DRUG": pl.String,
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
        "doses": doses,
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
        elif not _accepted(field, value, unit) or (
            conversion is not None and conversion != subject.get("conversion")
        ):
            # plausible only under the course's (or call's) conversion: the scalar model
            # validates a measurement with the default first, so state it on the value; the
            # call's conversion, when it differs from the course's, is stated too (the model
            # validates the course's before the call overrides it)
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
    if visit.get("has_red_cell_casts") in (True, False):
        out["has_red_cell_casts"] = visit["has_red_cell_casts"]
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
        records = []
        for d in s.get("doses", []):
            if not dose_accepted(d):
                continue
            record = {
                "start": d["start"],
                "daily_dose": {"value": d["dose"], "unit": d["unit"]},
                "drug": d["drug"],
            }
            if d["end"] is not None:
                record["end"] = d["end"]
            records.append(record)
        course["glucocorticoids"] = records
        if s.get("gc_complete") is not None:
            course["are_glucocorticoid_records_complete"] = s["gc_complete"]
        if s.get("adj_egfr") is not None:
            course["has_adjudicated_egfr_event"] = s["adj_egfr"]
        patient = dict(s["patient"])
        if "age_years" in patient:
            patient["age_years"] = str(patient["age_years"])
        course["patient"] = patient
        courses[s["id"]] = course
    return courses


def decimal(value: Any) -> Decimal:
    return Decimal(str(value))
