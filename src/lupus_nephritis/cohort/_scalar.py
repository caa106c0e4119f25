"""The scalar path over a cohort: course dicts from the normalised tables, one decision per row.

Used for the rows the vectorised engine hands over (exact tie-breaks, values whose float is
not faithful), for rule sets that are not vectorised yet, and for ``engine="scalar"``. The
course of a subject is built from the *accepted* rows only, exactly as the vectorised engine
sees them, and validated by `TreatmentCourse`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Any

import polars as pl

from lupus_nephritis.cohort._ingest import value_for_scalar
from lupus_nephritis.cohort._tables import Cohort, value_keys
from lupus_nephritis.cohort.columns import FLAG_FIELDS, VISIT_ROLE
from lupus_nephritis.errors import InputError
from lupus_nephritis.models import TreatmentCourse
from lupus_nephritis.registry import RuleSet


def _rows(table: pl.DataFrame, sids: pl.Series | None) -> Iterable[dict[str, Any]]:
    if sids is not None:
        table = table.filter(pl.col("sid").is_in(sids.implode()))
    return table.iter_rows(named=True)


def _measure(field: str, row: Mapping[str, Any]) -> dict[str, Any]:
    code, conversion = value_keys(field, row["ucode"])
    measure: dict[str, Any] = {"value": value_for_scalar(row["x"], row["text"]), "unit": code}
    if conversion is not None:
        measure["conversion"] = conversion
    if field == "upcr" and row["specimen"] is not None and not row["assumed"]:
        measure["specimen"] = row["specimen"]
    return measure


def build_courses(
    cohort: Cohort, subjects: Collection[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Course mappings (``TreatmentCourse`` input) of ``subjects`` (None = every course).

    Each value is handed over as it was accepted: the text of a value whose float is not
    faithful, the unit code and, for a µmol/L creatinine converted otherwise than by default,
    its conversion; an unreported UPCR specimen is left to the course's
    ``default_upcr_specimen`` (the call's, else the course's), as in the scalar path.
    """
    sids = None if subjects is None else cohort.sids(pl.Series(list(subjects), dtype=pl.String))
    visits: dict[int, dict[tuple[str, date], dict[str, Any]]] = defaultdict(dict)

    def visit(sid: int, role: str, day: date) -> dict[str, Any]:
        entry = visits[sid].get((role, day))
        if entry is None:
            entry = visits[sid][(role, day)] = {"date": day}
        return entry

    for field, table in cohort.visits.items():
        flag = field in FLAG_FIELDS
        for row in _rows(table, sids):
            entry = visit(row["sid"], VISIT_ROLE, row["date"])
            entry[field] = row["b"] if flag else _measure(field, row)
    for field, table in cohort.refs.items():
        flag = field in FLAG_FIELDS
        for row in _rows(table, sids):
            entry = visit(row["sid"], row["role"], row["date"])
            entry[field] = row["b"] if flag else _measure(field, row)

    events: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(cohort.events, sids):
        events[row["sid"]].append({"type": row["type"], "date": row["date"]})

    doses: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(cohort.doses.records, sids):
        record: dict[str, Any] = {
            "start": row["first"],
            "daily_dose": {
                "value": value_for_scalar(row["value"], row["text"]),
                "unit": row["unit"],
            },
            "drug": row["drug"],
        }
        if row["end"] is not None:
            record["end"] = row["end"]
        doses[row["sid"]].append(record)

    courses: dict[str, dict[str, Any]] = {}
    table = cohort.subjects.filter(pl.col("has_course"))
    for row in _rows(table, sids):
        sid = row["sid"]
        course: dict[str, Any] = {"start_date": row["start"]}
        if row["spec_fb"] is not None:
            course["default_upcr_specimen"] = row["spec_fb"]
        follow_up = []
        for (role, _day), data in sorted(visits.get(sid, {}).items(), key=lambda kv: kv[0][1]):
            if role == VISIT_ROLE:
                follow_up.append(data)
            else:
                course[role] = data
        course["visits"] = follow_up
        patient = _patient(row)
        if patient:
            course["patient"] = patient
        if sid in events:
            course["events"] = events[sid]
        if sid in doses:
            course["glucocorticoids"] = doses[sid]
        if row.get("gc_complete") is not None:
            course["are_glucocorticoid_records_complete"] = row["gc_complete"]
        if row.get("adj_egfr") is not None:
            course["has_adjudicated_egfr_event"] = row["adj_egfr"]
        courses[row["subject"]] = course
    return courses


def _patient(row: Mapping[str, Any]) -> dict[str, Any]:
    patient: dict[str, Any] = {}
    if row["sex"] is not None:
        patient["sex"] = row["sex"]
    if row["birth"] is not None:
        patient["birth_date"] = row["birth"]
    age = value_for_scalar(row["age_x"], row["age_text"])
    if age is not None:
        patient["age_years"] = age
    if row["is_black"] is not None:
        patient["is_black"] = row["is_black"]
    return patient


def at_value(kind: str, week: int | None, day: date | None) -> date | int | None:
    """The ``at`` argument of the scalar path for one assessment row."""
    if kind == "week":
        return week
    if kind == "date":
        return day
    return None


def evaluate_rows(
    rule_set: RuleSet,
    options: Mapping[str, Any],
    rows: pl.DataFrame,
    courses: Mapping[str, dict[str, Any]],
    *,
    progress: bool,
) -> tuple[list[dict[str, Any]], list[int]]:
    """Scalar decisions (`Decision.to_row` dicts plus ``_aid``) for ``rows``.

    Returns:
        The rows, and the ``_aid`` of the assessments the scalar path refused (an assessment
        point beyond the calendar for the rule set's own default week).
    """
    from lupus_nephritis.cohort._progress import progress_bar

    if rule_set.evaluate is None:  # pragma: no cover - the contract test forbids it
        raise LookupError(rule_set.key)
    validated: dict[str, TreatmentCourse] = {}
    out: list[dict[str, Any]] = []
    refused: list[int] = []
    items = rows.select("_aid", "subject", "at_kind", "at_week", "at_date").iter_rows()
    for aid, subject, kind, week, day in progress_bar(
        items,
        total=rows.height,
        enabled=progress and rows.height > 0,
        desc=f"{rule_set.key} (scalar)",
    ):
        course = validated.get(subject)
        if course is None:
            course = validated[subject] = TreatmentCourse.model_validate(courses[subject])
        try:
            decision = rule_set.evaluate(course, at=at_value(kind, week, day), **options)
        except InputError:
            refused.append(aid)
            continue
        row = decision.to_row()
        row["_aid"] = aid
        out.append(row)
    return out, refused


__all__ = ["at_value", "build_courses", "evaluate_rows"]
