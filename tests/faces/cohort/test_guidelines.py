"""Cohort rows of eular-2019, seed-review-2024 and modified-perr/crr on hand-made cohorts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest

from lupus_nephritis import TreatmentCourse, classify_renal_response
from lupus_nephritis.cohort import derive_renal_response

START = date(2023, 1, 2)


def _rows(
    subject: str, baseline_upcr: str, visits: list[tuple[int, str, str]]
) -> list[dict[str, Any]]:
    out = [
        {"USUBJID": subject, "ADT": START, "PARAMCD": "upcr", "AVAL": baseline_upcr,
         "AVALU": "g/g", "ROLE": "baseline"},
        {"USUBJID": subject, "ADT": START, "PARAMCD": "egfr", "AVAL": "95",
         "AVALU": "mL/min/{1.73_m2}", "ROLE": "baseline"},
    ]  # fmt: skip
    for week, upcr, egfr in visits:
        day = START + timedelta(weeks=week)
        out.append({"USUBJID": subject, "ADT": day, "PARAMCD": "upcr", "AVAL": upcr,
                    "AVALU": "g/g", "ROLE": "visit"})  # fmt: skip
        out.append({"USUBJID": subject, "ADT": day, "PARAMCD": "egfr", "AVAL": egfr,
                    "AVALU": "mL/min/{1.73_m2}", "ROLE": "visit"})  # fmt: skip
    return out


def _frames() -> tuple[pl.DataFrame, pl.DataFrame]:
    rows = [
        *_rows("nephrotic", "4", [(13, "3", "95"), (26, "1.5", "95"), (52, "0.6", "95"),
                                  (104, "0.3", "95")]),
        *_rows("mild", "1", [(13, "0.8", "95"), (52, "0.5", "95"), (104, "0.2", "95")]),
        *_rows("exact", "3.5", [(52, "0.7", "81")]),
    ]  # fmt: skip
    measurements = pl.DataFrame(rows)
    courses = pl.DataFrame({"USUBJID": ["nephrotic", "mild", "exact"], "TRTSDT": [START] * 3})
    return measurements, courses


def _scalar(measurements: pl.DataFrame, subject: str, name: str, **opts: Any) -> dict[str, Any]:
    course: dict[str, Any] = {"start_date": START, "visits": []}
    for r in measurements.filter(pl.col("USUBJID") == subject).iter_rows(named=True):
        value = {"value": r["AVAL"], "unit": r["AVALU"]}
        if r["ROLE"] == "baseline":
            course.setdefault("baseline", {"date": r["ADT"]})[r["PARAMCD"]] = value
        else:
            visits = course["visits"]
            if not visits or visits[-1]["date"] != r["ADT"]:
                visits.append({"date": r["ADT"]})
            visits[-1][r["PARAMCD"]] = value
    decision = classify_renal_response(TreatmentCourse.model_validate(course), name, **opts)
    return {k: v for k, v in decision.to_row().items() if v is not None}


@pytest.mark.parametrize("deadline", ["month-12", "month-18", "month-24"])
def test_eular_2019_nephrotic_reference_moves_the_default_deadline(deadline: str) -> None:
    measurements, courses = _frames()
    result = derive_renal_response(
        measurements, courses=courses, rule_sets=["eular-2019"], nephrotic_deadline=deadline,
        engine="vectorised",
    )  # fmt: skip
    assert result.scalar_rows.height == 0
    rows = {r["USUBJID"]: r for r in result.decisions.to_dicts()}
    weeks = {"month-12": 52, "month-18": 78, "month-24": 104}[deadline]
    assert rows["nephrotic"]["ADT"] == START + timedelta(weeks=weeks)
    assert rows["nephrotic"]["DTL_nephrotic_baseline"] == "met"
    assert rows["mild"]["ADT"] == START + timedelta(weeks=52)
    # exactly 3.5 g/g is nephrotic-range (>= 3.5)
    assert rows["exact"]["DTL_nephrotic_baseline"] == "met"
    for subject, row in rows.items():
        got = {k: v for k, v in row.items() if v is not None and k != "USUBJID"}
        assert got == _scalar(measurements, subject, "eular-2019", nephrotic_deadline=deadline)


def test_eular_2019_milestones_are_columns_only_when_due() -> None:
    measurements, courses = _frames()
    result = derive_renal_response(
        measurements, courses=courses, rule_sets=["eular-2019"], at=20, engine="vectorised"
    )
    row = result.decisions.filter(pl.col("USUBJID") == "nephrotic").row(0, named=True)
    assert row["CRIT_milestone-month-3"] == "met"  # 4 -> 3 g/g: a 25% reduction, exactly
    assert row["CRIT_milestone-month-6"] is None
    assert row["DTL_milestone_month_6"] == "not due"
    got = {k: v for k, v in row.items() if v is not None and k != "USUBJID"}
    assert got == _scalar(measurements, "nephrotic", "eular-2019", at=20)


@pytest.mark.parametrize("name", ["seed-review-2024", "modified-perr", "modified-crr"])
def test_rows_equal_the_scalar_rows(name: str) -> None:
    measurements, courses = _frames()
    opts: dict[str, Any] = {"reference": "baseline"} if name.startswith("modified") else {}
    result = derive_renal_response(
        measurements, courses=courses, rule_sets=[name], engine="vectorised", **opts
    )
    assert result.scalar_rows.height == 0
    for row in result.decisions.to_dicts():
        got = {k: v for k, v in row.items() if v is not None and k != "USUBJID"}
        assert got == _scalar(measurements, row["USUBJID"], name, **opts)


def test_upcr_exactly_0_5_is_complete_under_seed_review_2024() -> None:
    measurements, courses = _frames()
    result = derive_renal_response(
        measurements, courses=courses, rule_sets=["seed-review-2024"], at=52, engine="vectorised"
    )
    row = result.decisions.filter(pl.col("USUBJID") == "mild").row(0, named=True)
    assert row["CRIT_upcr-complete"] == "met"  # '<= 0.5 g/g' as printed
    assert row["AVALC"] == "complete"
