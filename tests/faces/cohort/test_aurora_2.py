"""AURORA 2 in the cohort face: the span-of-visits endpoints, case by case, as the scalar path.

One subject per case: the adequate response (UPCR at, just above and just below 0.7 mg/mg,
confirmed by the next UPCR or not, only after the baseline, none measured), the good renal
outcome (flares at and around the bucket edges, under each post-response reference), and the
sustained CRR (the month-12 response, every later visit at and around UPCR 0.5 mg/mg, a
visit without a kidney-function value, the end of the period matched or not, rescue after
month 12, a period ending before month 12). Every row is compared with the scalar path and
the decisive values are asserted.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest

from lupus_nephritis import TreatmentCourse, classify_renal_response
from lupus_nephritis.cohort import derive_renal_response, vectorised_rule_sets
from lupus_nephritis.cohort._scalar import build_courses
from lupus_nephritis.cohort._tables import ingest
from lupus_nephritis.cohort.columns import Columns
from lupus_nephritis.errors import InputError

START = date(2021, 1, 4)
EGFR = "mL/min/{1.73_m2}"


def week(n: int, days: int = 0) -> date:
    return START + timedelta(weeks=n, days=days)


#: subject -> visits ``(date, upcr or None, egfr or None)`` and events ``(type, date)``.
CASES: dict[str, dict[str, Any]] = {
    # adequate response
    "adequate-0.7-confirmed": {"visits": [(week(12), "0.7", "90"), (week(24), "0.6", "90")]},
    "adequate-0.71-then-0.7-confirmed": {
        "visits": [(week(12), "0.71", "90"), (week(24), "0.7", "90"), (week(36), "0.2", "90")]
    },
    "adequate-unconfirmed-last": {"visits": [(week(12), "2", "90"), (week(24), "0.69", "90")]},
    "adequate-broken-then-never": {
        "visits": [(week(12), "0.5", "90"), (week(24), "0.71", "90"), (week(36), "0.8", "90")]
    },
    "adequate-on-baseline-day-only": {"visits": [(START, "0.3", "90")]},
    "no-follow-up-upcr": {"visits": [(week(12), None, "90")]},
    # good renal outcome (flare after the adequate response, onset at week 12)
    "flare-nadir-0.19-then-1.01": {
        "visits": [(week(12), "0.5", "90"), (week(24), "0.19", "90"), (week(36), "1.01", "90")]
    },
    "no-flare-nadir-0.19-then-1": {
        "visits": [(week(12), "0.5", "90"), (week(24), "0.19", "90"), (week(36), "1", "90")]
    },
    "no-flare-nadir-0.2-then-2": {
        "visits": [(week(12), "0.5", "90"), (week(24), "0.2", "90"), (week(36), "2", "90")]
    },
    "flare-nadir-0.2-then-2.01": {
        "visits": [(week(12), "0.5", "90"), (week(24), "0.2", "90"), (week(36), "2.01", "90")]
    },
    "flare-response-visit-0.6-then-1.5": {
        # nadir 0.1 (< 0.2: above 1 is a flare); response visit 0.6 (above 2 needed)
        "visits": [(week(12), "0.6", "90"), (week(24), "0.1", "90"), (week(36), "1.5", "90")]
    },
    # sustained CRR
    "sustained": {
        "visits": [
            (week(52), "0.5", "90"),
            (week(78), "0.3", "90"),
            (week(104), "0.2", "60"),
            (week(156), "0.5", "85"),
        ]
    },
    "not-sustained-0.51-at-week-104": {
        "visits": [
            (week(52), "0.4", "90"),
            (week(78), "0.3", "90"),
            (week(104), "0.51", "90"),
            (week(156), "0.2", "90"),
        ]
    },
    "unknown-later-visit-without-upcr": {
        "visits": [
            (week(52), "0.4", "90"),
            (week(78), None, "90"),
            (week(156), "0.2", "90"),
        ]
    },
    "unknown-no-visit-at-the-end": {
        "visits": [(week(52), "0.4", "90"), (week(78), "0.3", "90")],
    },
    "rescue-after-month-12": {
        "visits": [(week(52), "0.4", "90"), (week(156), "0.3", "90")],
        "events": [("rescue_therapy", week(60))],
    },
    "month-12-not-met": {
        "visits": [(week(52), "0.6", "90"), (week(78), "0.3", "90"), (week(156), "0.3", "90")]
    },
}


def _tables() -> dict[str, pl.DataFrame]:
    rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for subject, case in CASES.items():
        for param, value, unit in (("upcr", "3", "mg/mg"), ("egfr", "95", EGFR)):
            rows.append(
                {"USUBJID": subject, "ADT": START, "PARAMCD": param, "AVAL": value,
                 "AVALU": unit, "SPECIMEN": "first_morning" if param == "upcr" else None,
                 "ROLE": "baseline"}
            )  # fmt: skip
        for day, upcr, egfr in case["visits"]:
            if upcr is not None:
                rows.append(
                    {"USUBJID": subject, "ADT": day, "PARAMCD": "upcr", "AVAL": upcr,
                     "AVALU": "mg/mg", "SPECIMEN": "first_morning", "ROLE": "visit"}
                )  # fmt: skip
            if egfr is not None:
                rows.append(
                    {"USUBJID": subject, "ADT": day, "PARAMCD": "egfr", "AVAL": egfr,
                     "AVALU": EGFR, "SPECIMEN": None, "ROLE": "visit"}
                )  # fmt: skip
        for kind, day in case.get("events", []):
            events.append({"USUBJID": subject, "ADT": day, "EVENT": kind})
    return {
        "measurements": pl.DataFrame(rows),
        "events": pl.DataFrame(events),
        "courses": pl.DataFrame(
            {
                "USUBJID": list(CASES),
                "TRTSDT": [START] * len(CASES),
                "GC_RECORDS_COMPLETE": [True] * len(CASES),
                "ADJUDICATED_EGFR_EVENT": [False] * len(CASES),
            }
        ),
    }


TABLES = _tables()

COURSES = {
    s: TreatmentCourse.model_validate(c)
    for s, c in build_courses(
        ingest(
            TABLES["measurements"],
            Columns(),
            courses=TABLES["courses"],
            events=TABLES["events"],
        )
    ).items()
}


def _run(rule_set: str, at: Any = None, **options: Any) -> Any:
    return derive_renal_response(
        TABLES["measurements"],
        courses=TABLES["courses"],
        events=TABLES["events"],
        rule_sets=[rule_set],
        options={rule_set: options},
        at=at,
        engine="vectorised",
    )


def _rows(result: Any) -> dict[str, dict[str, Any]]:
    return {
        r["USUBJID"]: {k: v for k, v in r.items() if v is not None and k != "USUBJID"}
        for r in result.decisions.iter_rows(named=True)
    }


def _scalar(subject: str, rule_set: str, at: Any = None, **options: Any) -> dict[str, Any]:
    row = classify_renal_response(COURSES[subject], rule_set, at=at, **options).to_row()
    return {k: v for k, v in row.items() if v is not None}


def test_the_aurora_2_endpoints_over_visits_are_vectorised() -> None:
    keys = set(vectorised_rule_sets())
    assert {
        "aurora-2-adequate-response@1.0.0",
        "aurora-2-sustained-crr@1.1.0",
        "aurora-2-sustained-crr@1.0.0",
    } <= keys
    assert "aurora-2-good-renal-outcome@1.0.0" in keys


ADEQUATE_OPTIONS = [
    {},
    {"adequate_response_confirmation": "single-measurement"},
    {"policy": "non-responder"},
]


@pytest.mark.parametrize("options", ADEQUATE_OPTIONS)
@pytest.mark.parametrize("at", [None, 24, 30])
def test_adequate_response_rows_equal_the_scalar_rows(options: dict[str, Any], at: Any) -> None:
    result = _run("aurora-2-adequate-response", at=at, **options)
    assert result.scalar_rows.height == 0
    rows = _rows(result)
    for subject in CASES:
        assert rows[subject] == _scalar(subject, "aurora-2-adequate-response", at, **options), (
            subject
        )


def test_adequate_response_boundaries() -> None:
    rows = _rows(_run("aurora-2-adequate-response"))
    first = rows["adequate-0.7-confirmed"]
    assert first["AVALC"] == "complete"  # 0.7 is "at or below 0.7", confirmed by 0.6
    assert first["DTL_adequate_response_on"] == week(12).isoformat()
    assert first["CRIT_adequate-response-confirmed"] == "met"
    later = rows["adequate-0.71-then-0.7-confirmed"]
    assert later["DTL_adequate_response_on"] == week(24).isoformat()  # 0.71 does not qualify
    pending = rows["adequate-unconfirmed-last"]
    assert pending["AVALC"] == "not_evaluable"
    assert pending["MISSING"] == f"confirming upcr after {week(24).isoformat()}"
    assert pending["CRIT_adequate-response-confirmed"] == "unknown"
    broken = rows["adequate-broken-then-never"]
    assert broken["AVALC"] == "none"
    assert "CRIT_adequate-response-upcr" not in broken  # the scalar tree has no child there
    # a UPCR on the baseline day is not a follow-up measurement
    assert rows["adequate-on-baseline-day-only"]["MISSING"] == "follow-up upcr"
    assert rows["no-follow-up-upcr"]["AVALC"] == "not_evaluable"
    single = _rows(
        _run("aurora-2-adequate-response", adequate_response_confirmation="single-measurement")
    )
    assert single["adequate-unconfirmed-last"]["AVALC"] == "complete"
    assert "CRIT_adequate-response-confirmed" not in single["adequate-unconfirmed-last"]


GOOD_OPTIONS = [
    {},
    {"flare_reference": "response-visit"},
    {"flare_reference": "baseline", "policy": "non-responder"},
    {"adequate_response_confirmation": "single-measurement"},
]


@pytest.mark.parametrize("options", GOOD_OPTIONS)
@pytest.mark.parametrize("at", [None, 30])
def test_good_renal_outcome_rows_equal_the_scalar_rows(options: dict[str, Any], at: Any) -> None:
    result = _run("aurora-2-good-renal-outcome", at=at, **options)
    assert result.scalar_rows.height == 0
    rows = _rows(result)
    for subject in CASES:
        assert rows[subject] == _scalar(subject, "aurora-2-good-renal-outcome", at, **options), (
            subject
        )


def test_good_renal_outcome_flare_buckets() -> None:
    rows = _rows(_run("aurora-2-good-renal-outcome"))
    flare = rows["flare-nadir-0.19-then-1.01"]
    assert flare["AVALC"] == "none"
    assert flare["CRIT_no-renal-flare"] == "not_met"
    assert flare["CRIT_visit-2"] == "met"  # week 36 after the nadir 0.19: 1.01 > 1
    assert flare["FLAGS"] == "numeric-rule-not-adjudicated"
    # UPCR 1 is not above 1; 2 is not above 2 (nadir 0.2 is in the 0.2-1.0 bucket)
    assert rows["no-flare-nadir-0.19-then-1"]["AVALC"] == "complete"
    assert rows["no-flare-nadir-0.2-then-2"]["AVALC"] == "complete"
    assert rows["flare-nadir-0.2-then-2.01"]["CRIT_flare-from-mid"] == "not_met"  # visit 1
    assert rows["flare-nadir-0.2-then-2.01"]["CRIT_visit-2"] == "met"
    assert rows["flare-response-visit-0.6-then-1.5"]["CRIT_no-renal-flare"] == "not_met"
    by_visit = _rows(_run("aurora-2-good-renal-outcome", flare_reference="response-visit"))
    assert by_visit["flare-response-visit-0.6-then-1.5"]["AVALC"] == "complete"
    # the course baseline UPCR (3 mg/mg) is above both buckets: undecidable at every visit
    baseline = _rows(_run("aurora-2-good-renal-outcome", flare_reference="baseline"))
    row = baseline["flare-nadir-0.19-then-1.01"]
    assert row["AVALC"] == "not_evaluable"
    assert f"post-response upcr within the buckets (visit {week(24).isoformat()})" in row[
        "MISSING"
    ].split(", ")
    # no adequate response: no flare by definition, and no good outcome
    assert rows["adequate-broken-then-never"]["CRIT_no-renal-flare"] == "met"
    assert rows["adequate-broken-then-never"]["AVALC"] == "none"


SUSTAINED_OPTIONS = [
    {},
    {"visit_matching": "last_observation", "spot_upcr": "reject"},
    {"egfr_confirmation": "single-measurement", "adjudication": "numeric-only"},
    {"policy": "intercurrent-event-non-responder", "exposure_window": "whole-weeks"},
]


@pytest.mark.parametrize("rule_set", ["aurora-2-sustained-crr", "aurora-2-sustained-crr@1.0.0"])
@pytest.mark.parametrize("options", SUSTAINED_OPTIONS)
@pytest.mark.parametrize("at", [None, 104])
def test_sustained_crr_rows_equal_the_scalar_rows(
    rule_set: str, options: dict[str, Any], at: Any
) -> None:
    if rule_set.endswith("@1.0.0"):
        options = {k: v for k, v in options.items() if k != "exposure_window"}
    result = _run(rule_set, at=at, **options)
    assert result.scalar_rows.height == 0
    rows = _rows(result)
    for subject in CASES:
        assert rows[subject] == _scalar(subject, rule_set, at, **options), subject


def test_sustained_crr_verdicts_and_visit_criteria() -> None:
    rows = _rows(_run("aurora-2-sustained-crr"))
    sustained = rows["sustained"]
    assert sustained["AVALC"] == "complete"
    assert sustained["DTL_later_visits_assessed"] == "3"
    assert [sustained[f"CRIT_visit-{k}"] for k in (1, 2, 3)] == ["met"] * 3
    assert "CRIT_visit-4" not in sustained
    failed = rows["not-sustained-0.51-at-week-104"]
    assert failed["AVALC"] == "none"
    assert failed["CRIT_visit-2"] == "not_met"  # week 104: 0.51 > 0.5
    assert failed["DTL_trial_status"] == "not sustained"
    unknown = rows["unknown-later-visit-without-upcr"]
    assert unknown["AVALC"] == "not_evaluable"
    assert unknown["CRIT_visit-1"] == "unknown"
    assert unknown["MISSING"] == f"visit-{week(78).isoformat()}.upcr"
    assert rows["unknown-no-visit-at-the-end"]["MISSING"] == "end.upcr"
    assert rows["rescue-after-month-12"]["CRIT_no-rescue-through-end"] == "not_met"
    assert rows["rescue-after-month-12"]["CRIT_no-rescue"] == "met"  # month 12: none yet
    assert rows["month-12-not-met"]["CRIT_crr-month-12"] == "not_met"


def test_a_period_ending_before_month_12_is_refused_as_by_the_scalar_path() -> None:
    result = _run("aurora-2-sustained-crr", at=26)
    assert result.decisions.height == 0
    reasons = set(result.rejected.get_column("REASON").to_list())
    assert reasons == {"assessment-out-of-range"}
    assert result.rejected.height == len(CASES)
    with pytest.raises(InputError, match="before it"):
        classify_renal_response(COURSES["sustained"], "aurora-2-sustained-crr", at=26)
