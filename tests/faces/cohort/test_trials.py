"""AURORA 1 in the cohort face: the boundary cases of its rules, each equal to the scalar path.

One small cohort, one subject per case (steroid rule at and around 10 mg/day, 3 consecutive
days and 7 days in total, the window edges under every ``exposure_window`` reading, unknown
dose days; rescue on and after the assessment day; the eGFR failure confirmed or not at the
next eGFR visit, adjudicated or not), evaluated once per option set.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest

from lupus_nephritis import TreatmentCourse, classify_renal_response
from lupus_nephritis.cohort import derive_renal_response
from lupus_nephritis.cohort._scalar import build_courses
from lupus_nephritis.cohort._tables import ingest
from lupus_nephritis.cohort.columns import Columns

START = date(2024, 1, 1)
T = START + timedelta(days=364)  # week 52
EGFR = "mL/min/{1.73_m2}"


def _day(offset: int) -> date:
    return T + timedelta(days=offset)


#: subject -> (dose records (first offset, last offset, dose, unit, drug), records complete,
#: events (type, offset), eGFR at week 52, later eGFR visits (offset, eGFR or creatinine),
#: adjudicated eGFR event flag).
CASES: dict[str, dict[str, Any]] = {
    "gc-10-mg-8-days": {"doses": [(-10, -3, "10", "mg", "prednisone")]},
    "gc-10.01-mg-3-days": {"doses": [(-10, -8, "10.01", "mg", "prednisone")]},
    "gc-10.01-mg-2-days": {"doses": [(-10, -9, "10.01", "mg", "prednisone")]},
    "gc-10.01-mg-7-separate-days": {
        "doses": [(-2 * i, -2 * i, "10.01", "mg", "prednisone") for i in range(7)]
    },
    "gc-10.01-mg-6-separate-days": {
        "doses": [(-2 * i, -2 * i, "10.01", "mg", "prednisone") for i in range(6)]
    },
    "gc-methylprednisolone-8-mg-5-days": {"doses": [(-6, -2, "8", "mg", "methylprednisolone")]},
    "gc-two-5-mg-records-overlap-3-days": {
        "doses": [(-6, -4, "5", "mg", "prednisone"), (-6, -4, "5.01", "mg", "prednisone")]
    },
    # 20 mg on days t-57..t-55: 2 days in [t-56, t] (nominal visits), 3 in [t-63, t-1]
    "gc-window-start-edge": {"doses": [(-57, -55, "20", "mg", "prednisone")]},
    # 20 mg on days t..t+2: 1 day in [t-56, t], 3 in [t-56, t+6] (whole weeks from 0)
    "gc-window-end-edge": {"doses": [(0, 2, "20", "mg", "prednisone")]},
    "gc-records-incomplete": {"doses": [(-30, -20, "5", "mg", "prednisone")], "complete": False},
    "gc-incomplete-but-breached": {
        "doses": [(-5, -3, "20", "mg", "prednisone")],
        "complete": False,
    },
    "rescue-on-the-assessment-day": {"events": [("rescue_therapy", 0)]},
    "rescue-the-day-after": {"events": [("rescue_therapy", 1)]},
    "egfr-failure-confirmed-adjudicated": {
        "egfr": "50",
        "later": [(28, "egfr", "50")],
        "events": [("adjudicated_egfr_event", -100)],
    },
    "egfr-failure-confirmed-not-adjudicated": {
        "egfr": "50",
        "later": [(28, "egfr", "50")],
        "adjudicated": None,
    },
    "egfr-failure-not-confirmed": {
        "egfr": "50",
        "later": [(28, "egfr", "85")],
        "adjudicated": True,
    },
    "egfr-failure-no-later-visit": {"egfr": "50", "adjudicated": True},
    "egfr-decline-exactly-20-percent": {"egfr": "80", "later": [(28, "egfr", "50")]},
    # the next visit has only a creatinine at the plausibility limit (2652 umol/L = 30 mg/dL):
    # whether its eGFR is computable is a float question, so the row goes to the scalar path
    "egfr-confirmation-at-plausibility-edge": {
        "egfr": "50",
        "later": [(28, "creatinine", "2652"), (56, "egfr", "50")],
        "adjudicated": True,
    },
}


def _tables() -> dict[str, pl.DataFrame]:
    rows: list[dict[str, Any]] = []
    doses: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    courses: list[dict[str, Any]] = []

    def row(subject: str, day: date, param: str, value: str, unit: str, role: str) -> None:
        specimen = "first_morning" if param == "upcr" else None
        rows.append(
            {"USUBJID": subject, "ADT": day, "PARAMCD": param, "AVAL": value, "AVALU": unit,
             "SPECIMEN": specimen, "ROLE": role}
        )  # fmt: skip

    for subject, case in CASES.items():
        row(subject, START, "upcr", "3", "mg/mg", "baseline")
        row(subject, START, "egfr", "100", EGFR, "baseline")
        row(subject, T, "upcr", "0.3", "mg/mg", "visit")
        row(subject, T, "egfr", case.get("egfr", "90"), EGFR, "visit")
        for offset, param, value in case.get("later", []):
            unit = "umol/L" if param == "creatinine" else EGFR
            row(subject, _day(offset), param, value, unit, "visit")
        for first, last, dose, unit, drug in case.get("doses", []):
            doses.append(
                {"USUBJID": subject, "ASTDT": _day(first), "AENDT": _day(last), "DOSE": dose,
                 "DOSEU": unit, "DRUG": drug}
            )  # fmt: skip
        for kind, offset in case.get("events", []):
            events.append({"USUBJID": subject, "ADT": _day(offset), "EVENT": kind})
        courses.append(
            {"USUBJID": subject, "TRTSDT": START,
             "GC_RECORDS_COMPLETE": case.get("complete", True),
             "ADJUDICATED_EGFR_EVENT": case.get("adjudicated", False)}
        )  # fmt: skip
    # refused dose records (one per reason), on a subject of its own
    for dose, unit, drug, first, last in (
        ("10", "mg", "aspirin", 0, 0),
        ("10", "mg/d", "prednisone", 0, 0),
        ("-1", "mg", "prednisone", 0, 0),
        ("10", "mg", "prednisone", 0, -1),
        (None, "mg", "prednisone", 0, 0),
    ):
        doses.append(
            {"USUBJID": "gc-10-mg-8-days", "ASTDT": _day(first), "AENDT": _day(last),
             "DOSE": dose, "DOSEU": unit, "DRUG": drug}
        )  # fmt: skip
    return {
        "measurements": pl.DataFrame(rows),
        "doses": pl.DataFrame(doses, schema_overrides={"DOSE": pl.String}),
        "events": pl.DataFrame(events),
        "courses": pl.DataFrame(courses, schema_overrides={"ADJUDICATED_EGFR_EVENT": pl.Boolean}),
        "patients": pl.DataFrame(
            {"USUBJID": list(CASES), "SEX": ["female"] * len(CASES), "AGE": [40] * len(CASES)}
        ),
    }


TABLES = _tables()


def _run(**options: Any) -> Any:
    return derive_renal_response(
        TABLES["measurements"],
        courses=TABLES["courses"],
        doses=TABLES["doses"],
        events=TABLES["events"],
        patients=TABLES["patients"],
        rule_sets=["aurora-1"],
        options={"aurora-1": options},
    )


def _courses() -> dict[str, TreatmentCourse]:
    cohort = ingest(
        TABLES["measurements"],
        Columns(),
        courses=TABLES["courses"],
        doses=TABLES["doses"],
        events=TABLES["events"],
        patients=TABLES["patients"],
    )
    return {s: TreatmentCourse.model_validate(c) for s, c in build_courses(cohort).items()}


COURSES = _courses()


def _scalar(subject: str, **options: Any) -> dict[str, Any]:
    row = classify_renal_response(COURSES[subject], "aurora-1", **options).to_row()
    return {k: v for k, v in row.items() if v is not None}


def test_course_built_from_the_tables_carries_the_dose_records() -> None:
    course = COURSES["gc-two-5-mg-records-overlap-3-days"]
    assert [str(d.daily_dose.value) for d in course.glucocorticoids] == ["5", "5.01"]
    assert course.are_glucocorticoid_records_complete is True
    assert COURSES["egfr-failure-not-confirmed"].has_adjudicated_egfr_event is True


OPTION_SETS = [
    {},
    {"exposure_window": "whole-weeks"},
    {"exposure_window": "whole-weeks-from-1"},
    {"egfr_confirmation": "single-measurement", "adjudication": "numeric-only"},
    {"policy": "non-responder", "partial_response_unknown": "none"},
]


@pytest.fixture(scope="module", params=range(len(OPTION_SETS)))
def evaluated(request: Any) -> tuple[dict[str, Any], dict[str, dict[str, Any]], Any]:
    options = OPTION_SETS[request.param]
    result = _run(**options)
    rows = {
        r["USUBJID"]: {k: v for k, v in r.items() if v is not None and k != "USUBJID"}
        for r in result.decisions.iter_rows(named=True)
    }
    return options, rows, result


def test_every_case_row_equals_the_scalar_row(evaluated: Any) -> None:
    options, rows, _ = evaluated
    for subject in CASES:
        assert rows[subject] == _scalar(subject, **options), subject


def test_only_the_plausibility_edge_row_goes_to_the_scalar_path(evaluated: Any) -> None:
    options, _, result = evaluated
    handed = set(result.scalar_rows.get_column("USUBJID").to_list())
    confirmation = options.get("egfr_confirmation", "next-measurement") == "next-measurement"
    assert handed == ({"egfr-confirmation-at-plausibility-edge"} if confirmation else set())
    reasons = set(result.scalar_rows.get_column("REASON").to_list())
    assert reasons <= {"exact-tie-break"}


def _default_rows() -> dict[str, dict[str, Any]]:
    result = _run()
    return {r["USUBJID"]: r for r in result.decisions.iter_rows(named=True)}


DEFAULT = _default_rows()


@pytest.mark.parametrize(
    ("subject", "steroid_ok", "verdict"),
    [
        ("gc-10-mg-8-days", "met", "complete"),  # exactly 10 mg is not above 10
        ("gc-10.01-mg-3-days", "not_met", "partial"),
        ("gc-10.01-mg-2-days", "met", "complete"),
        ("gc-10.01-mg-7-separate-days", "not_met", "partial"),
        ("gc-10.01-mg-6-separate-days", "met", "complete"),
        ("gc-methylprednisolone-8-mg-5-days", "met", "complete"),  # 8 x 1.25 = 10 exactly
        ("gc-two-5-mg-records-overlap-3-days", "not_met", "partial"),  # 10.01 on 3 days
        ("gc-window-start-edge", "met", "complete"),
        ("gc-window-end-edge", "met", "complete"),
        ("gc-records-incomplete", "unknown", "not_evaluable"),
        ("gc-incomplete-but-breached", "not_met", "partial"),
    ],
)
def test_steroid_rule_boundaries_under_aurora_1(
    subject: str, steroid_ok: str, verdict: str
) -> None:
    row = DEFAULT[subject]
    assert (row["CRIT_steroid-rule"], row["AVALC"]) == (steroid_ok, verdict)
    assert ("glucocorticoids" in row["MISSING"]) is (steroid_ok == "unknown")


def test_steroid_window_edges_follow_the_exposure_window_reading() -> None:
    weeks_from_1 = {r["USUBJID"]: r for r in _run(exposure_window="whole-weeks-from-1")
                    .decisions.iter_rows(named=True)}  # fmt: skip
    whole = {r["USUBJID"]: r for r in _run(exposure_window="whole-weeks")
             .decisions.iter_rows(named=True)}  # fmt: skip
    assert weeks_from_1["gc-window-start-edge"]["CRIT_steroid-rule"] == "not_met"
    assert weeks_from_1["gc-window-end-edge"]["CRIT_steroid-rule"] == "met"  # ends at t-1
    assert whole["gc-window-end-edge"]["CRIT_steroid-rule"] == "not_met"
    assert whole["gc-window-start-edge"]["CRIT_steroid-rule"] == "met"


def test_rescue_counts_up_to_the_assessment_day_only() -> None:
    assert DEFAULT["rescue-on-the-assessment-day"]["CRIT_no-rescue"] == "not_met"
    assert DEFAULT["rescue-the-day-after"]["CRIT_no-rescue"] == "met"
    assert DEFAULT["rescue-the-day-after"]["AVALC"] == "complete"


@pytest.mark.parametrize(
    ("subject", "not_confirmed", "kidney"),
    [
        ("egfr-failure-confirmed-adjudicated", "not_met", "not_met"),
        ("egfr-failure-confirmed-not-adjudicated", "not_met", "unknown"),
        ("egfr-failure-not-confirmed", "met", "met"),
        ("egfr-failure-no-later-visit", "unknown", "unknown"),
        ("egfr-decline-exactly-20-percent", "met", "met"),  # a decline of 20% passes
    ],
)
def test_egfr_confirmation_and_adjudication_under_aurora_1(
    subject: str, not_confirmed: str, kidney: str
) -> None:
    row = DEFAULT[subject]
    assert (row["CRIT_egfr-failure-not-confirmed"], row["CRIT_kidney-function"]) == (
        not_confirmed,
        kidney,
    )
    missing = row["MISSING"]
    assert ("confirmation.egfr" in missing) is (subject == "egfr-failure-no-later-visit")
    assert ("course.has_adjudicated_egfr_event" in missing) is (
        subject == "egfr-failure-confirmed-not-adjudicated"
    )


def test_refused_dose_records_are_reported_with_their_reason() -> None:
    result = _run()
    rejected = result.rejected.filter(pl.col("SOURCE") == "doses")
    assert sorted(rejected.get_column("REASON").to_list()) == sorted(
        ["drug-unknown", "unit-unknown", "negative", "dose-end-before-start", "dose-missing"]
    )


def test_vectorised_rule_sets_lists_every_compiled_trial_endpoint() -> None:
    from lupus_nephritis.cohort import vectorised_rule_sets
    from lupus_nephritis.cohort._response import COMPILERS

    listed = vectorised_rule_sets()
    assert listed == sorted(COMPILERS)
    assert {"aurora-1@3.0.0", "bliss-ln-perr@1.0.0", "tulip-ln-crr-0-5@1.0.0"} <= set(listed)
    assert "aurora-2-sustained-crr@1.1.0" in listed  # over a span of visits (_aurora_2)
    assert "aurora-2-good-renal-outcome@1.0.0" in listed
    # every registered response rule set, in every version, has a compiler
    from lupus_nephritis import list_rule_sets

    response = {r.key for r in list_rule_sets("response", all_versions=True)}
    assert response == set(listed)
