"""Today's conventions on the cohort face: creatinine conversion, assumed specimens, details.

Each test compares the frame with the scalar path on a small hand-made cohort, at the case
that the convention changes.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import polars as pl
import pytest

from lupus_nephritis import TreatmentCourse, classify_renal_response
from lupus_nephritis import egfr as E  # noqa: N812
from lupus_nephritis.cohort import derive_egfr, derive_renal_response
from lupus_nephritis.errors import InputError
from lupus_nephritis.units import creatinine_factor

START = date(2024, 1, 1)
EGFR_UNIT = "mL/min/{1.73_m2}"


def _week(week: int, offset: int = 0) -> date:
    return START + timedelta(days=7 * week + offset)


def _long(rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    """Rows ``(date, role, parameter, value, unit[, specimen[, conversion]])`` of subject p1."""
    full = [(*r, None, None)[:7] for r in rows]
    return pl.DataFrame(
        {
            "USUBJID": ["p1"] * len(full),
            "ADT": [r[0] for r in full],
            "ROLE": [r[1] for r in full],
            "PARAMCD": [r[2] for r in full],
            "AVAL": [str(r[3]) for r in full],
            "AVALU": [r[4] for r in full],
            "SPECIMEN": [r[5] for r in full],
            "CONVERSION": [r[6] for r in full],
        },
        schema={
            "USUBJID": pl.String,
            "ADT": pl.Date,
            "ROLE": pl.String,
            "PARAMCD": pl.String,
            "AVAL": pl.String,
            "AVALU": pl.String,
            "SPECIMEN": pl.String,
            "CONVERSION": pl.String,
        },
    )


def _courses(**extra: Any) -> pl.DataFrame:
    return pl.DataFrame(
        {"USUBJID": ["p1"], "TRTSDT": [START], **{k: [v] for k, v in extra.items()}}
    )


def _same_as_scalar(result: Any, course: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    row = result.decisions.row(0, named=True)
    rule_set = kwargs.pop("rule_set", "kdigo-2024")
    expected = classify_renal_response(
        TreatmentCourse.model_validate(course), rule_set, **kwargs
    ).to_row()
    got = {k: v for k, v in row.items() if v is not None and k != "USUBJID"}
    assert got == {k: v for k, v in expected.items() if v is not None}
    return row


# ----------------------------------------------------------------------------- creatinine


def test_creatinine_2652_05_umol_l_is_plausible_only_under_the_molar_mass_conversion() -> None:
    # 2652.05 / 88.4 = 30.0006 mg/dL (implausible); / 88.4017 = 29.99999 mg/dL (plausible)
    m = _long([(_week(52), "visit", "creatinine", "2652.05", "umol/L")])
    default = derive_renal_response(m, courses=_courses())
    assert default.rejected.get_column("REASON").to_list() == ["implausible"]
    course_level = derive_renal_response(m, courses=_courses(CREATININE_CONVERSION="molar-mass"))
    assert course_level.rejected.height == 0
    call_level = derive_renal_response(m, courses=_courses(), creatinine_conversion="molar-mass")
    assert call_level.rejected.height == 0


def test_a_values_own_conversion_wins_over_the_call_and_the_course() -> None:
    m = _long([(_week(52), "visit", "creatinine", "2652.05", "umol/L", None, "88.4")])
    result = derive_renal_response(
        m,
        courses=_courses(CREATININE_CONVERSION="molar-mass"),
        creatinine_conversion="molar-mass",
    )
    assert result.rejected.get_column("REASON").to_list() == ["implausible"]


def test_unknown_conversions_are_reported_not_guessed() -> None:
    m = _long([(_week(52), "visit", "creatinine", "100", "umol/L", None, "88")])
    result = derive_renal_response(m, courses=_courses(CREATININE_CONVERSION="113"))
    reasons = sorted(result.rejected.get_column("REASON").to_list())
    assert reasons == ["conversion-unknown", "conversion-unknown"]
    with pytest.raises(InputError):
        derive_renal_response(m, courses=_courses(), creatinine_conversion="88")


@pytest.mark.parametrize("conversion", [None, "88.4", "molar-mass"])
def test_computed_egfr_from_umol_l_follows_the_conversion_like_the_scalar_path(
    conversion: str | None,
) -> None:
    # baseline eGFR reported; the week-52 eGFR is computed from 150 umol/L creatinine
    m = _long(
        [
            (START, "baseline", "upcr", "3", "g/g", "24h"),
            (START, "baseline", "egfr", "50", EGFR_UNIT),
            (_week(52), "visit", "upcr", "0.4", "g/g", "24h"),
            (_week(52), "visit", "creatinine", "150", "umol/L"),
        ]
    )
    patients = pl.DataFrame({"USUBJID": ["p1"], "SEX": ["female"], "AGE": [40]})
    result = derive_renal_response(
        m, courses=_courses(), patients=patients, creatinine_conversion=conversion
    )
    course = {
        "start_date": START,
        "patient": {"sex": "female", "age_years": 40},
        "baseline": {
            "date": START,
            "upcr": {"value": "3", "unit": "g/g", "specimen": "24h"},
            "egfr": {"value": "50", "unit": EGFR_UNIT},
        },
        "visits": [
            {
                "date": _week(52),
                "upcr": {"value": "0.4", "unit": "g/g", "specimen": "24h"},
                "creatinine": {"value": "150", "unit": "umol/L"},
            }
        ],
    }
    row = _same_as_scalar(result, course, creatinine_conversion=conversion)
    assert "egfr-computed" in row["FLAGS"]


def test_derive_egfr_converts_umol_l_with_the_chosen_conversion() -> None:
    frame = pl.DataFrame(
        {
            "creatinine": [150.0, 150.0, 150.0],
            "creatinine_UNIT": ["umol/L"] * 3,
            "creatinine_CONVERSION": [None, "88.4", None],
            "age": [40.0] * 3,
            "sex": ["female"] * 3,
        }
    )
    out = derive_egfr(frame, creatinine_conversion="molar-mass")
    values = out.get_column("EGFR").to_list()
    for value, conversion in zip(values, ["molar-mass", "88.4", "molar-mass"], strict=True):
        scr = float(Fraction(150) * creatinine_factor(conversion))
        expected = E.egfr_ckd_epi_2021(creatinine_mg_dl=scr, age=40.0, sex="female")
        assert value == pytest.approx(expected, rel=1e-14)
    assert values[0] != values[1]


def test_derive_egfr_mdrd_idms_equals_the_scalar_equation_bit_for_bit() -> None:
    import random

    rng = random.Random(5)
    rows = [
        {
            "creatinine": round(rng.uniform(0.1, 29.9), rng.choice([1, 2, 5])),
            "age": float(rng.randrange(10, 135)),
            "sex": rng.choice(["female", "male"]),
            "is_black": rng.choice([True, False]),
        }
        for _ in range(300)
    ]
    out = derive_egfr(pl.DataFrame(rows), equation="mdrd-idms", units={"creatinine": "mg/dL"})
    for row, value in zip(rows, out.get_column("EGFR").to_list(), strict=True):
        try:
            expected = E.egfr_mdrd_idms(
                creatinine_mg_dl=row["creatinine"],
                age=row["age"],
                sex=row["sex"],
                is_black=row["is_black"],
            )
        except Exception:
            expected = None
        assert value == expected


# ----------------------------------------------------------------------------- specimens


def _upcr_course(specimen: str | None, default: str | None) -> tuple[pl.DataFrame, dict]:
    m = _long(
        [
            (START, "baseline", "upcr", "3", "g/g", "24h"),
            (START, "baseline", "egfr", "90", EGFR_UNIT),
            (_week(52), "visit", "upcr", "0.4", "g/g", specimen),
            (_week(52), "visit", "egfr", "88", EGFR_UNIT),
        ]
    )
    upcr: dict[str, Any] = {"value": "0.4", "unit": "g/g"}
    if specimen is not None:
        upcr["specimen"] = specimen
    course = {
        "start_date": START,
        "default_upcr_specimen": default,
        "baseline": {
            "date": START,
            "upcr": {"value": "3", "unit": "g/g", "specimen": "24h"},
            "egfr": {"value": "90", "unit": EGFR_UNIT},
        },
        "visits": [{"date": _week(52), "upcr": upcr, "egfr": {"value": "88", "unit": EGFR_UNIT}}],
    }
    return m, course


@pytest.mark.parametrize("spot_upcr", ["flag", "reject"])
def test_an_unreported_specimen_assumed_24h_counts_as_24h_and_is_flagged_assumed(
    spot_upcr: str,
) -> None:
    m, course = _upcr_course(None, "24h")
    result = derive_renal_response(
        m, courses=_courses(DEFAULT_UPCR_SPECIMEN="24h"), spot_upcr=spot_upcr
    )
    row = _same_as_scalar(result, course, spot_upcr=spot_upcr)
    assert row["AVALC"] == "complete"
    assert row["FLAGS"] == "upcr-specimen-assumed"
    assert result.engines == {"kdigo-2024@1.1.0": "vectorised"}


def test_the_calls_default_specimen_overrides_the_courses_and_a_reported_one_wins() -> None:
    m, course = _upcr_course(None, "24h")
    result = derive_renal_response(
        m, courses=_courses(DEFAULT_UPCR_SPECIMEN="24h"), default_upcr_specimen="spot"
    )
    row = _same_as_scalar(result, course, default_upcr_specimen="spot")
    assert row["FLAGS"].split(", ") == [
        "spot-upcr-used",
        "provisional",
        "upcr-specimen-assumed",
        "upcr-specimen-differs-from-reference",
    ]
    reported, course = _upcr_course("24h", None)
    result = derive_renal_response(reported, courses=_courses(), default_upcr_specimen="spot")
    assert _same_as_scalar(result, course, default_upcr_specimen="spot")["FLAGS"] == ""


def test_an_unknown_default_specimen_on_a_course_is_reported() -> None:
    m, _ = _upcr_course(None, None)
    result = derive_renal_response(m, courses=_courses(DEFAULT_UPCR_SPECIMEN="morning"))
    assert result.rejected.get_column("REASON").to_list() == ["specimen-unknown"]
    assert "upcr-specimen-unreported" in result.decisions.get_column("FLAGS")[0]


# ----------------------------------------------------------------------------- late response


def _late_cohort(week78_upcr: str) -> tuple[pl.DataFrame, dict]:
    visits = [(26, "2.0"), (52, "1.2"), (65, "0.9"), (78, week78_upcr)]
    rows: list[tuple[Any, ...]] = [
        (START, "baseline", "upcr", "3", "g/g", "24h"),
        (START, "baseline", "egfr", "90", EGFR_UNIT),
    ]
    course_visits = []
    for week, value in visits:
        rows.append((_week(week), "visit", "upcr", value, "g/g", "24h"))
        rows.append((_week(week), "visit", "egfr", "88", EGFR_UNIT))
        course_visits.append(
            {
                "date": _week(week),
                "upcr": {"value": value, "unit": "g/g", "specimen": "24h"},
                "egfr": {"value": "88", "unit": EGFR_UNIT},
            }
        )
    course = {
        "start_date": START,
        "baseline": {
            "date": START,
            "upcr": {"value": "3", "unit": "g/g", "specimen": "24h"},
            "egfr": {"value": "90", "unit": EGFR_UNIT},
        },
        "visits": course_visits,
    }
    return _long(rows), course


def test_a_complete_response_first_reached_at_week_78_is_late() -> None:
    m, course = _late_cohort("0.4")
    result = derive_renal_response(m, courses=_courses(), at=78)
    row = _same_as_scalar(result, course, at=78)
    assert row["AVALC"] == "complete"
    assert row["FLAGS"] == "late-response"
    assert row["DTL_late_response"] == "true"
    assert row["DTL_first_response_on"] == _week(78).isoformat()
    assert row["DTL_response_window_end"] == _week(52).isoformat()
    assert result.scalar_rows.height == 0


def test_a_partial_response_reached_by_week_52_is_not_late_at_week_78() -> None:
    # week 52: UPCR 1.2 = 60% reduction and below 3 -> partial already within the window
    m, course = _late_cohort("1.0")
    result = derive_renal_response(m, courses=_courses(), at=78)
    row = _same_as_scalar(result, course, at=78)
    assert row["AVALC"] == "partial"
    assert row["DTL_late_response"] == "false"
    assert row["DTL_first_response_on"] == _week(52).isoformat()  # week 26: 33% only


def test_kdigo_2024_first_release_is_still_vectorised_without_the_report() -> None:
    m, course = _late_cohort("0.4")
    result = derive_renal_response(m, courses=_courses(), at=78, rule_sets="kdigo-2024@1.0.0")
    row = _same_as_scalar(result, course, at=78, rule_set="kdigo-2024@1.0.0")
    assert row["FLAGS"] == ""
    assert result.engines == {"kdigo-2024@1.0.0": "vectorised"}


@pytest.mark.parametrize("rule_sets", [[], ()])
def test_an_empty_rule_set_list_is_an_input_error(rule_sets: list[str]) -> None:
    m = _long([(_week(52), "visit", "upcr", "0.3", "g/g", "24h", None)])
    with pytest.raises(InputError, match="at least one"):
        derive_renal_response(m, courses=_courses(), rule_sets=rule_sets)
