"""Hostile inputs and cross-schedule invariants of the glucocorticoid checks.

Every failure of a public function must be a pydantic ``ValidationError`` or a
``lupus_nephritis.errors`` error, never a TypeError/KeyError/OverflowError; and the verdicts
obey invariants for every registered taper schedule (monotone in the dose, invariant to the
drug the dose is expressed in, unknown weight never decided as if known).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lupus_nephritis.decisions import TaperStatus
from lupus_nephritis.errors import (
    InputError,
    LupusNephritisError,
    OptionError,
    UnknownRuleSetError,
)
from lupus_nephritis.regimens.glucocorticoids.equivalence import (
    convert_glucocorticoid_dose,
    equivalence_rule_set,
)
from lupus_nephritis.regimens.glucocorticoids.schedule import Anchor, TaperSchedule
from lupus_nephritis.regimens.glucocorticoids.taper import (
    ExposureStatus,
    check_glucocorticoid_exposure,
    check_glucocorticoid_taper,
    cumulative_glucocorticoid_exposure,
)
from lupus_nephritis.registry import RuleKind, get_rule_set, list_rule_sets
from lupus_nephritis.steroids import Glucocorticoid

START = date(2024, 1, 1)
ABOVE, BELOW, ON, NE = (
    TaperStatus.ABOVE.value,
    TaperStatus.BELOW.value,
    TaperStatus.ON_SCHEDULE.value,
    TaperStatus.NOT_EVALUABLE.value,
)
KDIGO = "kdigo-2024-gc-reduced"


def rec(first: date, last: date, mg: str, *, drug: str = "prednisone") -> dict[str, Any]:
    return {
        "start": first.isoformat(),
        "end": last.isoformat(),
        "daily_dose": {"value": mg, "unit": "mg"},
        "drug": drug,
        "route": "oral",
    }


def course(records: list[dict[str, Any]], *, weight: str | None = "70 kg") -> dict[str, Any]:
    data: dict[str, Any] = {
        "start_date": START.isoformat(),
        "glucocorticoids": records,
        "are_glucocorticoid_records_complete": True,
    }
    if weight is not None:
        data["patient"] = {"weight": weight}
    return data


RECORD = rec(date(2024, 1, 10), date(2024, 1, 20), "15")

# ----------------------------------------------------------------------------- hostile inputs

HOSTILE: dict[str, tuple[Callable[[], object], type[Exception]]] = {
    "dose unit per kg": (
        lambda: check_glucocorticoid_taper(
            course([{**RECORD, "daily_dose": "15 mg/kg"}]), KDIGO, at=1
        ),
        ValidationError,
    ),
    "dose unit unknown": (
        lambda: check_glucocorticoid_taper(
            course([{**RECORD, "daily_dose": {"value": "15", "unit": "mcg"}}]), KDIGO, at=1
        ),
        ValidationError,
    ),
    "dose NaN": (
        lambda: check_glucocorticoid_taper(
            course([{**RECORD, "daily_dose": {"value": float("nan"), "unit": "mg"}}]), KDIGO, at=1
        ),
        ValidationError,
    ),
    "dose bare number": (
        lambda: check_glucocorticoid_taper(course([{**RECORD, "daily_dose": 15}]), KDIGO, at=1),
        ValidationError,
    ),
    "record ends before it starts": (
        lambda: check_glucocorticoid_taper(course([{**RECORD, "end": "2024-01-01"}]), KDIGO, at=1),
        ValidationError,
    ),
    "unknown drug": (
        lambda: check_glucocorticoid_taper(course([{**RECORD, "drug": "cortisol"}]), KDIGO, at=1),
        ValidationError,
    ),
    "record list of junk": (
        lambda: check_glucocorticoid_taper([1, None], KDIGO, at=1, start_date=START),
        ValidationError,
    ),
    "empty record list without start date": (
        lambda: check_glucocorticoid_taper([], KDIGO, at=1),
        InputError,
    ),
    "at is a float": (lambda: check_glucocorticoid_taper(course([]), KDIGO, at=1.5), InputError),
    "at is a huge week": (
        lambda: check_glucocorticoid_taper(course([]), KDIGO, at=10**9),
        InputError,
    ),
    "at is a datetime with a time": (
        lambda: check_glucocorticoid_taper(course([]), KDIGO, at=datetime(2024, 1, 15, 9)),
        InputError,
    ),
    "at is the end of the calendar": (
        lambda: check_glucocorticoid_taper(course([]), KDIGO, at="9999-12-31"),
        InputError,
    ),
    "schedule is None": (
        lambda: check_glucocorticoid_taper(course([]), None, at=1),  # type: ignore[arg-type]
        UnknownRuleSetError,
    ),
    "schedule is an int": (
        lambda: check_glucocorticoid_taper(course([]), 5, at=1),  # type: ignore[arg-type]
        UnknownRuleSetError,
    ),
    "unknown schedule": (
        lambda: check_glucocorticoid_taper(course([]), "kdigo-2099-gc", at=1),
        UnknownRuleSetError,
    ),
    "unknown option": (
        lambda: check_glucocorticoid_taper(course([]), KDIGO, at=1, tolerance="1"),
        OptionError,
    ),
    "unhashable table": (
        lambda: check_glucocorticoid_taper(course([]), KDIGO, at=1, table=["x"]),  # type: ignore[arg-type]
        OptionError,
    ),
    "records_complete is a string": (
        lambda: check_glucocorticoid_taper(
            [RECORD],
            KDIGO,
            at=1,
            start_date=START,
            records_complete="no",  # type: ignore[arg-type]
        ),
        InputError,
    ),
    "maintenance before the treatment start": (
        lambda: check_glucocorticoid_taper(
            course([]), "eular-2023-gc-maintenance", at=1, maintenance_start="2023-12-31"
        ),
        InputError,
    ),
    "initial_dose_weeks beyond the calendar": (
        lambda: check_glucocorticoid_taper(
            course([]), "acr-2024-gc", at=1, initial_dose_weeks=10**7
        ),
        InputError,
    ),
    "weight NaN": (
        lambda: check_glucocorticoid_taper(course([]), KDIGO, at=1, weight_kg=float("nan")),
        InputError,
    ),
    "weight in stones": (
        lambda: check_glucocorticoid_taper(course([]), KDIGO, at=1, weight_kg="11 st"),
        ValidationError,
    ),
    "evaluate without at, unknown keyword": (
        lambda: _evaluate(KDIGO)(course([]), tolerance="1"),
        OptionError,
    ),
    "evaluate without at, bad initial_dose_weeks": (
        lambda: _evaluate("acr-2024-gc")(course([]), initial_dose_weeks="4"),
        OptionError,
    ),
    "exposure rule is None": (
        lambda: check_glucocorticoid_exposure(course([]), None),  # type: ignore[arg-type]
        UnknownRuleSetError,
    ),
    "exposure window ends before it starts": (
        lambda: check_glucocorticoid_exposure(
            course([]), "aurora-1-gc", first="2024-02-01", last="2024-01-01"
        ),
        InputError,
    ),
    "exposure window at the end of the calendar": (
        lambda: check_glucocorticoid_exposure(
            course([]), "aurora-1-gc", first="9999-12-01", last="9999-12-31"
        ),
        InputError,
    ),
    "exposure weeks beyond the calendar": (
        lambda: check_glucocorticoid_exposure({"start_date": "9999-06-01"}, "aurora-1-gc"),
        InputError,
    ),
    "exposure records_complete is an int": (
        lambda: check_glucocorticoid_exposure(course([]), "aurora-1-gc", records_complete=1),  # type: ignore[arg-type]
        InputError,
    ),
    "cumulative table unhashable": (
        lambda: cumulative_glucocorticoid_exposure([], first=START, last=START, table=["x"]),  # type: ignore[arg-type]
        OptionError,
    ),
    "cumulative first is a datetime with a time": (
        lambda: cumulative_glucocorticoid_exposure([], first=datetime(2024, 1, 1, 12), last=START),
        InputError,
    ),
    "cumulative doses None": (
        lambda: cumulative_glucocorticoid_exposure(None, first=START, last=START),  # type: ignore[arg-type]
        InputError,
    ),
    "convert NaN": (
        lambda: convert_glucocorticoid_dose(float("nan"), "prednisone", "dexamethasone"),
        InputError,
    ),
    "convert infinity": (
        lambda: convert_glucocorticoid_dose(Decimal("Infinity"), "prednisone", "dexamethasone"),
        InputError,
    ),
    "convert None": (
        lambda: convert_glucocorticoid_dose(None, "prednisone", "dexamethasone"),
        InputError,
    ),
    "convert a dose with a unit string": (
        lambda: convert_glucocorticoid_dose("5 mg", "prednisone", "dexamethasone"),
        InputError,
    ),
    "convert a boolean": (
        lambda: convert_glucocorticoid_dose(True, "prednisone", "dexamethasone"),
        InputError,
    ),
    "convert unhashable drug": (
        lambda: convert_glucocorticoid_dose(5, ["prednisone"], "dexamethasone"),  # type: ignore[arg-type]
        OptionError,
    ),
    "convert unhashable table": (
        lambda: convert_glucocorticoid_dose(5, "prednisone", "dexamethasone", table=["x"]),  # type: ignore[arg-type]
        OptionError,
    ),
    "equivalence rule set of an unhashable table": (
        lambda: equivalence_rule_set(["x"]),  # type: ignore[arg-type]
        OptionError,
    ),
}


def _evaluate(rule_set_id: str) -> Callable[..., Any]:
    evaluate = get_rule_set(rule_set_id).evaluate
    assert evaluate is not None
    return evaluate


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_raises_a_package_or_validation_error(case: str) -> None:
    call, expected = HOSTILE[case]
    with pytest.raises(expected) as raised:
        call()
    assert isinstance(raised.value, (ValidationError, LupusNephritisError))


def test_at_as_a_midnight_datetime_is_that_date() -> None:
    data = course([rec(date(2024, 2, 5), date(2024, 2, 5), "15")])
    as_datetime = check_glucocorticoid_taper(data, KDIGO, at=datetime(2024, 2, 5))
    assert as_datetime == check_glucocorticoid_taper(data, KDIGO, at=date(2024, 2, 5))
    assert as_datetime.verdict == ON


def test_negative_study_week_is_before_day_1_and_not_evaluable() -> None:
    decision = check_glucocorticoid_taper(course([]), KDIGO, at=-1)
    assert decision.verdict == NE
    assert decision.detail("study_day") == Decimal(-6)


def test_duplicated_record_is_counted_twice_as_overlapping_records_add_up() -> None:
    day = START + timedelta(days=35)  # week 5: 15 mg/day
    once = course([rec(day, day, "7.5")])
    twice = course([rec(day, day, "7.5"), rec(day, day, "7.5")])
    assert check_glucocorticoid_taper(once, KDIGO, at=day).verdict == BELOW
    assert check_glucocorticoid_taper(twice, KDIGO, at=day).detail("dose_mg") == Decimal(15)
    total = cumulative_glucocorticoid_exposure(twice, first=day, last=day)
    assert total.total_mg == 15


def test_empty_record_list_is_unknown_unless_complete() -> None:
    unknown = cumulative_glucocorticoid_exposure([], first=START, last=START)
    assert unknown.total_mg is None
    assert unknown.unknown_days == (START,)
    zero = cumulative_glucocorticoid_exposure([], first=START, last=START, records_complete=True)
    assert zero.total_mg == 0
    exposure = check_glucocorticoid_exposure([], "aurora-1-gc", start_date=START)
    assert exposure.verdict == ExposureStatus.NOT_EVALUABLE.value
    complete = check_glucocorticoid_exposure(
        [], "aurora-1-gc", start_date=START, records_complete=True
    )
    assert complete.verdict == ExposureStatus.NOT_EXCEEDED.value


def test_evaluate_without_at_accepts_the_checks_own_keywords() -> None:
    decision = _evaluate(KDIGO)(course([]), weight_kg="70", table="conventional")
    assert decision.verdict == NE
    assert decision.missing_inputs == ("at",)
    assert ("equivalence_table", "conventional") in decision.options


# ----------------------------------------------------------------------------- weight


def test_kdigo_weeks_3_4_without_weight_is_not_evaluable_even_at_a_high_dose() -> None:
    # 0.3-0.4 mg/kg/day has no stated cap: without the weight no dose is surely above it
    day = START + timedelta(days=7 * 3)
    data = course([rec(day, day, "200")], weight=None)
    decision = check_glucocorticoid_taper(data, KDIGO, at=day)
    assert decision.verdict == NE
    assert decision.missing_inputs == ("weight",)


def test_kdigo_weeks_0_2_without_weight_a_hair_above_the_cap_is_above() -> None:
    day = START + timedelta(days=20)  # study day 21, last day of weeks 0-2
    data = course([rec(day, day, "40.001")], weight=None)
    decision = check_glucocorticoid_taper(data, KDIGO, at=day)
    assert decision.verdict == ABOVE
    assert decision.missing_inputs == ()


# ----------------------------------------------------------------------------- properties


def _days(rule_set_id: str) -> list[tuple[str, date, dict[str, Any]]]:
    params: TaperSchedule = get_rule_set(rule_set_id).parameters
    cases = []
    for row in params.rows:
        first, end = row.span(START)
        last = end - timedelta(days=1) if end is not None else first + timedelta(days=100)
        extra: dict[str, Any] = {}
        if row.anchor is Anchor.MAINTENANCE_START:
            extra["maintenance_start"] = START
        for day in (first, last):
            cases.append((rule_set_id, day, extra))
    return cases


_CASES = [c for r in list_rule_sets(RuleKind.TAPER) for c in _days(r.id)]
_cases = st.sampled_from(_CASES)
_mg = st.decimals(min_value=0, max_value=150, places=3, allow_nan=False, allow_infinity=False)
_weight = st.one_of(
    st.none(), st.decimals(min_value=30, max_value=160, places=1, allow_nan=False).map(str)
)


def _verdict(
    case: tuple[str, date, dict[str, Any]],
    mg: Decimal,
    weight: str | None,
    drug: str = "prednisone",
) -> str:
    rule_set_id, day, extra = case
    data = course(
        [rec(day, day, str(mg), drug=drug)], weight=None if weight is None else f"{weight} kg"
    )
    return check_glucocorticoid_taper(data, rule_set_id, at=day, **extra).verdict


@settings(max_examples=100, deadline=None)
@given(case=_cases, a=_mg, b=_mg, weight=_weight)
def test_more_dose_never_moves_a_verdict_downwards_in_any_schedule(
    case: tuple[str, date, dict[str, Any]], a: Decimal, b: Decimal, weight: str | None
) -> None:
    lo, hi = sorted((a, b))
    v_lo, v_hi = _verdict(case, lo, weight), _verdict(case, hi, weight)
    if v_lo == ABOVE:
        assert v_hi == ABOVE
    if v_hi == BELOW:
        assert v_lo == BELOW
    assert not (v_lo == ON and v_hi == BELOW)


@settings(max_examples=60, deadline=None)
@given(case=_cases, mg=_mg, weight=_weight)
def test_missing_weight_never_contradicts_the_verdict_with_the_weight(
    case: tuple[str, date, dict[str, Any]], mg: Decimal, weight: str | None
) -> None:
    # a verdict decided without the weight holds for every weight
    without = _verdict(case, mg, None)
    if without != NE and weight is not None:
        assert _verdict(case, mg, weight) == without


@settings(max_examples=60, deadline=None)
@given(
    case=_cases,
    mg=_mg,
    drug=st.sampled_from([g.value for g in Glucocorticoid]),
    table=st.sampled_from(["fda-label", "conventional"]),
)
def test_verdict_is_invariant_to_the_drug_the_dose_is_expressed_in(
    case: tuple[str, date, dict[str, Any]], mg: Decimal, drug: str, table: str
) -> None:
    rule_set_id, day, extra = case
    amount = convert_glucocorticoid_dose(mg, "prednisone", drug, table=table)
    if amount.denominator != 1 and (amount * 10**12).denominator != 1:
        return  # not a terminating decimal: a record cannot state it exactly
    as_drug = course(
        [rec(day, day, format(Decimal(amount.numerator) / amount.denominator, "f"), drug=drug)]
    )
    as_prednisone = course([rec(day, day, str(mg))])
    d_drug = check_glucocorticoid_taper(as_drug, rule_set_id, at=day, table=table, **extra)
    d_pred = check_glucocorticoid_taper(as_prednisone, rule_set_id, at=day, table=table, **extra)
    assert d_drug.detail("dose_mg") == d_pred.detail("dose_mg")
    assert d_drug.verdict == d_pred.verdict


@settings(max_examples=60, deadline=None)
@given(
    a=_mg,
    b=_mg,
    k=st.integers(min_value=0, max_value=20),
    source=st.sampled_from(list(Glucocorticoid)),
    target=st.sampled_from(list(Glucocorticoid)),
    table=st.sampled_from(["fda-label", "conventional"]),
)
def test_convert_glucocorticoid_dose_is_linear_and_invertible(
    a: Decimal,
    b: Decimal,
    k: int,
    source: Glucocorticoid,
    target: Glucocorticoid,
    table: str,
) -> None:
    def f(x: object) -> Fraction:
        return convert_glucocorticoid_dose(x, source, target, table=table)

    assert f(a + b) == f(a) + f(b)
    assert f(k * a) == k * f(a)
    assert convert_glucocorticoid_dose(f(a), target, source, table=table) == Fraction(a)
    evaluate = equivalence_rule_set(table).evaluate
    assert evaluate is not None
    assert evaluate(a, source) == convert_glucocorticoid_dose(a, source, "prednisone", table=table)
