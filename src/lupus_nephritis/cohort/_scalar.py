"""The scalar path over a cohort: course dicts from the normalised tables, one decision per row.

Used for the rows the vectorised engine hands over (exact tie-breaks, values whose float is
not faithful), for rule sets that are not vectorised yet, and for ``engine="scalar"``. The
course of a subject is built from the *accepted* rows only, exactly as the vectorised engine
sees them, and validated by :class:`~lupus_nephritis.models.TreatmentCourse`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Any

import polars as pl

from lupus_nephritis.cohort._exact import split_key
from lupus_nephritis.cohort._ingest import Cohort, value_for_scalar
from lupus_nephritis.cohort.columns import VISIT_ROLE
from lupus_nephritis.errors import InputError
from lupus_nephritis.models import TreatmentCourse
from lupus_nephritis.registry import RuleSet


def _rows(table: pl.DataFrame, subjects: Collection[str] | None) -> Iterable[dict[str, Any]]:
    if subjects is not None:
        table = table.filter(pl.col("subject").is_in(list(subjects)))
    return table.iter_rows(named=True)


def build_courses(
    cohort: Cohort, subjects: Collection[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Course mappings (``TreatmentCourse`` input) of ``subjects`` (None = every course)."""
    visits: dict[str, dict[tuple[str, date], dict[str, Any]]] = defaultdict(dict)

    def visit(subject: str, role: str, day: date) -> dict[str, Any]:
        entry = visits[subject].get((role, day))
        if entry is None:
            entry = visits[subject][(role, day)] = {"date": day}
        return entry

    for field, table in cohort.measures.items():
        for row in _rows(table, subjects):
            code, conversion = split_key(row["u"])
            measure: dict[str, Any] = {
                "value": value_for_scalar(row["x"], row["text"]),
                "unit": code,
            }
            if conversion is not None:
                measure["conversion"] = conversion
            if field == "upcr" and row["specimen"] is not None and not row["assumed"]:
                measure["specimen"] = row["specimen"]
            visit(row["subject"], row["role"], row["date"])[field] = measure
    for field, table in cohort.flags.items():
        for row in _rows(table, subjects):
            visit(row["subject"], row["role"], row["date"])[field] = row["b"]

    patients = {row["subject"]: row for row in _rows(cohort.patients, subjects)}
    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(cohort.events, subjects):
        events[row["subject"]].append({"type": row["type"], "date": row["date"]})

    courses: dict[str, dict[str, Any]] = {}
    for row in _rows(cohort.courses, subjects):
        subject = row["subject"]
        course: dict[str, Any] = {"start_date": row["start"]}
        if row["spec_fb"] is not None:
            course["default_upcr_specimen"] = row["spec_fb"]
        follow_up = []
        for (role, _day), data in sorted(visits.get(subject, {}).items(), key=lambda kv: kv[0][1]):
            if role == VISIT_ROLE:
                follow_up.append(data)
            else:
                course[role] = data
        course["visits"] = follow_up
        patient = patients.get(subject)
        if patient is not None:
            course["patient"] = _patient(patient)
        if subject in events:
            course["events"] = events[subject]
        courses[subject] = course
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
    """Scalar decisions (:meth:`Decision.to_row` dicts plus ``_aid``) for ``rows``.

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
        items, total=rows.height, enabled=progress, desc=f"{rule_set.key} (scalar)"
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
