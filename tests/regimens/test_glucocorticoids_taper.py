"""check_glucocorticoid_taper: every schedule row at, inside, outside its bounds and missing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.decisions import Decision, TaperStatus
from lupus_nephritis.errors import InputError, OptionError, UnknownRuleSetError
from lupus_nephritis.models import GlucocorticoidDose, TreatmentCourse
from lupus_nephritis.regimens.duration import add_months
from lupus_nephritis.regimens.glucocorticoids.schedule import Anchor, TaperRow, TaperSchedule
from lupus_nephritis.regimens.glucocorticoids.taper import check_glucocorticoid_taper
from lupus_nephritis.registry import RuleKind, get_rule_set, list_rule_sets
from lupus_nephritis.units import Quantity

START = date(2024, 1, 1)

ABOVE, BELOW, ON, NE = (
    TaperStatus.ABOVE.value,
    TaperStatus.BELOW.value,
    TaperStatus.ON_SCHEDULE.value,
    TaperStatus.NOT_EVALUABLE.value,
)


def study_day(n: int) -> date:
    return START + timedelta(days=n - 1)


def week(w: int) -> date:
    return START + timedelta(days=7 * w)


def rec(
    first: date,
    last: date | None,
    mg: str,
    *,
    drug: str = "prednisone",
    route: str | None = "oral",
    unit: str = "mg",
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "start": first.isoformat(),
        "daily_dose": {"value": mg, "unit": unit},
        "drug": drug,
        "route": route,
    }
    if last is not None:
        record["end"] = last.isoformat()
    return record


def course(
    records: list[dict[str, Any]], *, weight: str | None = "70 kg", complete: bool = True
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "start_date": START.isoformat(),
        "glucocorticoids": records,
        "are_glucocorticoid_records_complete": complete,
    }
    if weight is not None:
        data["patient"] = {"weight": weight}
    return data


def on_day(
    rule_set_id: str, at: date, mg: str | None, *, weight: str | None = "70 kg", **kwargs: Any
) -> Decision:
    """The verdict with ``mg`` taken on ``at`` only (records complete), or no record (unknown)."""
    records = [] if mg is None else [rec(at, at, mg)]
    return check_glucocorticoid_taper(
        course(records, weight=weight, complete=mg is not None), rule_set_id, at=at, **kwargs
    )


# ----------------------------------------------------------------------------- KDIGO reduced

KDIGO = "kdigo-2024-gc-reduced"


@pytest.mark.parametrize(
    ("mg", "verdict"),
    [("35", ON), ("34.99", BELOW), ("37.5", ON), ("40", ON), ("40.01", ABOVE)],
)
def test_kdigo_weeks_0_2_at_70_kg_is_35_to_40_mg_with_the_cap(mg: str, verdict: str) -> None:
    decision = on_day(KDIGO, week(1), mg)
    assert decision.verdict == verdict
    assert decision.detail("lower_mg") == Decimal(35)
    assert decision.detail("upper_mg") == Decimal(40)  # min(0.6 x 70 = 42, 40)


def test_kdigo_weeks_0_2_cap_does_not_bind_at_60_kg() -> None:
    assert on_day(KDIGO, week(0), "36", weight="60 kg").verdict == ON
    assert on_day(KDIGO, week(0), "36.01", weight="60 kg").verdict == ABOVE
    assert on_day(KDIGO, week(0), "29.99", weight="60 kg").verdict == BELOW


def test_kdigo_weeks_0_2_at_100_kg_both_bounds_are_the_40_mg_cap() -> None:
    decision = on_day(KDIGO, week(2), "40", weight="100 kg")
    assert decision.verdict == ON
    assert decision.detail("lower_mg") == decision.detail("upper_mg") == Decimal(40)
    assert on_day(KDIGO, week(2), "39.99", weight="100 kg").verdict == BELOW


def test_kdigo_weeks_0_2_first_and_last_day() -> None:
    assert on_day(KDIGO, study_day(1), "40").criterion("weeks-0-2-upper").outcome == "met"
    assert on_day(KDIGO, study_day(21), "40").criterion("weeks-0-2-upper").outcome == "met"
    day_22 = on_day(KDIGO, study_day(22), "40")
    assert day_22.criterion("schedule-row").observed == "weeks 3-4"
    assert day_22.verdict == ABOVE  # 0.4 x 70 = 28 mg


def test_kdigo_missing_weight_is_not_evaluable_with_weight_listed() -> None:
    decision = on_day(KDIGO, week(1), "37.5", weight=None)
    assert decision.verdict == NE
    assert "weight" in decision.missing_inputs


def test_kdigo_missing_weight_above_the_cap_is_still_above() -> None:
    decision = on_day(KDIGO, week(1), "40.01", weight=None)
    assert decision.verdict == ABOVE
    assert decision.detail("difference_mg") == Decimal("0.01")


def test_kdigo_missing_weight_exactly_at_the_cap_is_not_evaluable() -> None:
    # lower bound met (40 >= min(0.5 x w, 40)); upper depends on the weight
    assert on_day(KDIGO, week(1), "40", weight=None).verdict == NE


def test_kdigo_missing_dose_and_weight_lists_both() -> None:
    decision = on_day(KDIGO, week(1), None, weight=None)
    assert decision.missing_inputs == (f"glucocorticoid dose on {week(1).isoformat()}", "weight")


def test_kdigo_missing_dose_is_not_evaluable_with_the_day_listed() -> None:
    decision = on_day(KDIGO, week(1), None)
    assert decision.verdict == NE
    assert decision.missing_inputs == (f"glucocorticoid dose on {week(1).isoformat()}",)


def test_kdigo_weeks_3_4_has_no_cap() -> None:
    # 0.3-0.4 mg/kg at 120 kg = 36-48 mg; no maximum stated for this block
    assert on_day(KDIGO, week(4), "48", weight="120 kg").verdict == ON
    assert on_day(KDIGO, week(4), "48.01", weight="120 kg").verdict == ABOVE
    assert on_day(KDIGO, week(3), "35.99", weight="120 kg").verdict == BELOW


@pytest.mark.parametrize(
    ("first_week", "last_week", "mg"),
    [(5, 6, "15"), (7, 8, "10"), (9, 10, "7.5"), (11, 12, "5"), (13, 24, "2.5")],
)
def test_kdigo_fixed_blocks_exact_dose_is_on_schedule_and_a_hair_off_is_not(
    first_week: int, last_week: int, mg: str
) -> None:
    first, last = week(first_week), week(last_week + 1) - timedelta(days=1)
    for day in (first, last):
        assert on_day(KDIGO, day, mg).verdict == ON
        assert on_day(KDIGO, day, str(Decimal(mg) + Decimal("0.01"))).verdict == ABOVE
        assert on_day(KDIGO, day, str(Decimal(mg) - Decimal("0.01"))).verdict == BELOW
        assert on_day(KDIGO, day, None).verdict == NE


def test_kdigo_from_week_25_below_2_5_is_strict() -> None:
    assert on_day(KDIGO, week(25), "2.49").verdict == ON
    assert on_day(KDIGO, week(25), "2.5").verdict == ABOVE
    assert on_day(KDIGO, week(25), "0").verdict == ON
    assert on_day(KDIGO, week(200), "2.5").verdict == ABOVE  # open-ended
    assert on_day(KDIGO, week(25) - timedelta(days=1), "2.5").verdict == ON  # week 24


def test_kdigo_exactly_2_5_from_week_25_is_above_by_zero_mg() -> None:
    decision = on_day(KDIGO, week(25), "2.5")
    assert decision.detail("difference_mg") == Decimal(0)
    assert decision.criterion("from-week-25-upper").comparator == "<"


def test_kdigo_lower_bounds_ignore_turns_below_into_on_schedule() -> None:
    assert on_day(KDIGO, week(5), "12.5").verdict == BELOW
    assert on_day(KDIGO, week(5), "12.5", lower_bounds="ignore").verdict == ON
    assert on_day(KDIGO, week(5), "17.5", lower_bounds="ignore").verdict == ABOVE


# ----------------------------------------------------------------------------- KDIGO high

HIGH = "kdigo-2024-gc-high"


@pytest.mark.parametrize(
    ("weight", "mg", "verdict"),
    [
        ("70 kg", "56", ON),
        ("70 kg", "55.99", BELOW),
        ("70 kg", "70", ON),
        ("70 kg", "70.01", ABOVE),
        ("100 kg", "80", ON),
        ("100 kg", "80.01", ABOVE),
        ("100 kg", "79.99", BELOW),
    ],
)
def test_kdigo_high_dose_weeks_0_2(weight: str, mg: str, verdict: str) -> None:
    assert on_day(HIGH, week(2), mg, weight=weight).verdict == verdict


def test_kdigo_high_dose_after_week_2_is_not_evaluable_because_not_found() -> None:
    decision = on_day(HIGH, week(3), "40")
    assert decision.verdict == NE
    assert "NOT FOUND" in (decision.criterion("schedule-row").note or "")
    assert decision.missing_inputs == ()


# ----------------------------------------------------------------------------- AURORA 1

AURORA = "aurora-1-gc"


@pytest.mark.parametrize(
    ("mg", "verdict"), [("20", ON), ("19.99", BELOW), ("22.5", ON), ("25", ON), ("25.01", ABOVE)]
)
def test_aurora_day_3_is_20_to_25_mg(mg: str, verdict: str) -> None:
    assert on_day(AURORA, study_day(3), mg).verdict == verdict


def test_aurora_days_2_and_4_have_no_row() -> None:
    assert on_day(AURORA, study_day(2), "20").verdict == NE
    assert on_day(AURORA, study_day(4), "20").verdict == NE
    assert on_day(AURORA, week(16) - timedelta(days=1), "2.5").verdict == NE


@pytest.mark.parametrize(("mg", "verdict"), [("2.5", ON), ("2.51", ABOVE), ("0", ON), ("1", ON)])
def test_aurora_from_week_16_at_most_2_5_mg(mg: str, verdict: str) -> None:
    assert on_day(AURORA, week(16), mg).verdict == verdict
    assert on_day(AURORA, week(52), mg).verdict == verdict


def test_aurora_from_week_16_missing_dose_is_not_evaluable() -> None:
    assert on_day(AURORA, week(16), None).verdict == NE


# ----------------------------------------------------------------------------- REGENCY

REGENCY = "regency-gc"


def test_regency_week_12_at_most_7_5_mg() -> None:
    assert on_day(REGENCY, week(12), "7.5").verdict == ON
    assert on_day(REGENCY, week(12), "7.51").verdict == ABOVE
    assert on_day(REGENCY, week(12), "5").verdict == ON
    assert on_day(REGENCY, week(12), None).verdict == NE
    assert on_day(REGENCY, week(12) - timedelta(days=1), "5").verdict == NE  # before week 12


def test_regency_last_day_of_week_23_still_7_5_then_5_from_week_24() -> None:
    assert on_day(REGENCY, week(24) - timedelta(days=1), "7.5").verdict == ON
    assert on_day(REGENCY, week(24), "7.5").verdict == ABOVE
    assert on_day(REGENCY, week(24), "5").verdict == ON
    assert on_day(REGENCY, week(24), "5.01").verdict == ABOVE
    assert on_day(REGENCY, week(80), "5").verdict == ON


# ----------------------------------------------------------------------------- TULIP-LN

TULIP = "tulip-ln-gc"


def test_tulip_ln_week_12_at_most_10_mg() -> None:
    assert on_day(TULIP, week(12), "10").verdict == ON
    assert on_day(TULIP, week(12), "10.01").verdict == ABOVE
    assert on_day(TULIP, week(12), None).verdict == NE
    assert on_day(TULIP, week(12) - timedelta(days=1), "10").verdict == NE


def test_tulip_ln_weeks_24_52_at_most_7_5_mg_to_the_last_day_of_week_52() -> None:
    assert on_day(TULIP, week(24), "7.5").verdict == ON
    assert on_day(TULIP, week(24), "7.51").verdict == ABOVE
    last = week(53) - timedelta(days=1)
    assert on_day(TULIP, last, "7.5").verdict == ON
    assert on_day(TULIP, last + timedelta(days=1), "7.5").verdict == NE


# ----------------------------------------------------------------------------- NOBILITY

NOBILITY = "nobility-gc"


def test_nobility_from_week_12_at_most_7_5_mg() -> None:
    assert on_day(NOBILITY, week(12), "7.5").verdict == ON
    assert on_day(NOBILITY, week(12), "7.51").verdict == ABOVE
    assert on_day(NOBILITY, week(12), None).verdict == NE
    assert on_day(NOBILITY, week(12) - timedelta(days=1), "7.5").verdict == NE


def test_nobility_starting_dose_is_not_evaluated_by_default() -> None:
    assert on_day(NOBILITY, week(0), "35").verdict == NE


@pytest.mark.parametrize(("mg", "verdict"), [("35", ON), ("35.01", ABOVE), ("34.99", BELOW)])
def test_nobility_starting_dose_0_5_mg_per_kg_with_initial_dose_weeks(
    mg: str, verdict: str
) -> None:
    decision = on_day(NOBILITY, week(1), mg, initial_dose_weeks=2)
    assert decision.verdict == verdict
    assert ("initial_dose_weeks", Decimal(2)) in decision.options
    assert on_day(NOBILITY, week(2), mg, initial_dose_weeks=2).verdict == NE  # week 2 not covered


@pytest.mark.parametrize("bad", [0, -1, "2", True, 1.5])
def test_initial_dose_weeks_must_be_a_positive_integer(bad: object) -> None:
    with pytest.raises(OptionError):
        on_day(NOBILITY, week(1), "35", initial_dose_weeks=bad)


# ----------------------------------------------------------------------------- EULAR 2019

EULAR19 = "eular-2019-gc"
MONTH_6 = add_months(START, 6)
MONTH_3 = add_months(START, 3)


def test_eular_2019_taper_target_at_most_7_5_mg_from_month_6() -> None:
    later = add_months(START, 12)
    assert on_day(EULAR19, MONTH_6, "7.5", maintenance_start=later).verdict == ON
    assert on_day(EULAR19, MONTH_6, "7.51", maintenance_start=later).verdict == ABOVE
    assert on_day(EULAR19, MONTH_6, "7.49", maintenance_start=later).verdict == ON
    assert on_day(EULAR19, MONTH_6, None, maintenance_start=later).verdict == NE


def test_eular_2019_day_before_month_6_has_no_row_by_default() -> None:
    decision = on_day(EULAR19, MONTH_6 - timedelta(days=1), "5", maintenance_start=MONTH_6)
    assert decision.verdict == NE


def test_eular_2019_deadline_reading_earliest_applies_from_month_3() -> None:
    assert on_day(EULAR19, MONTH_3, "7.51", deadline_reading="earliest").verdict == ABOVE
    assert (
        on_day(
            EULAR19,
            MONTH_3 - timedelta(days=1),
            "7.5",
            deadline_reading="earliest",
            maintenance_start=MONTH_6,
        ).verdict
        == NE
    )
    assert on_day(EULAR19, MONTH_3, "7.51").verdict == NE  # latest reading: no row yet


def test_eular_2019_maintenance_ceiling_is_strictly_below_7_5() -> None:
    maintenance = add_months(START, 8)
    at = maintenance + timedelta(days=10)
    assert on_day(EULAR19, at, "7.49", maintenance_start=maintenance).verdict == ON
    assert on_day(EULAR19, at, "7.5", maintenance_start=maintenance).verdict == ABOVE
    # before maintenance, exactly 7.5 meets the inclusive taper target
    before = maintenance - timedelta(days=1)
    assert on_day(EULAR19, before, "7.5", maintenance_start=maintenance).verdict == ON


def test_eular_2019_maintenance_first_day_is_the_maintenance_start() -> None:
    maintenance = add_months(START, 2)
    assert on_day(EULAR19, maintenance, "7.5", maintenance_start=maintenance).verdict == ABOVE
    assert (
        on_day(
            EULAR19, maintenance - timedelta(days=1), "7.5", maintenance_start=maintenance
        ).verdict
        == NE
    )


def test_eular_2019_unknown_maintenance_start_decides_when_both_ceilings_agree() -> None:
    at = add_months(START, 8)
    assert on_day(EULAR19, at, "5").verdict == ON
    assert on_day(EULAR19, at, "10").verdict == ABOVE
    exactly = on_day(EULAR19, at, "7.5")
    assert exactly.verdict == NE
    assert exactly.missing_inputs == ("maintenance_start",)


@pytest.mark.parametrize(
    ("mg", "verdict"), [("21", ON), ("20.99", BELOW), ("35", ON), ("35.01", ABOVE)]
)
def test_eular_2019_starting_dose_0_3_to_0_5_mg_per_kg_with_option(mg: str, verdict: str) -> None:
    decision = on_day(EULAR19, week(0), mg, initial_dose_weeks=4, maintenance_start=MONTH_6)
    assert decision.verdict == verdict


# ----------------------------------------------------------------------------- EULAR 2012

EULAR12 = "eular-2012-gc"


@pytest.mark.parametrize(("mg", "verdict"), [("35", ON), ("35.01", ABOVE), ("34.99", BELOW)])
def test_eular_2012_weeks_0_3_are_0_5_mg_per_kg(mg: str, verdict: str) -> None:
    assert on_day(EULAR12, study_day(1), mg).verdict == verdict
    assert on_day(EULAR12, study_day(28), mg).verdict == verdict


def test_eular_2012_day_29_has_no_row_and_missing_weight_is_listed() -> None:
    assert on_day(EULAR12, study_day(29), "35").verdict == NE
    assert "weight" in on_day(EULAR12, study_day(1), "35", weight=None).missing_inputs


def test_eular_2012_taper_target_at_most_10_mg_by_4_6_months() -> None:
    month_6 = add_months(START, 6)
    assert on_day(EULAR12, month_6, "10").verdict == ON
    assert on_day(EULAR12, month_6, "10.01").verdict == ABOVE
    month_4 = add_months(START, 4)
    assert on_day(EULAR12, month_4, "10.01").verdict == NE
    assert on_day(EULAR12, month_4, "10.01", deadline_reading="earliest").verdict == ABOVE


# ----------------------------------------------------------------------------- EULAR 2023

EULAR23 = "eular-2023-gc-maintenance"


def test_eular_2023_maintenance_at_most_5_mg() -> None:
    maintenance = add_months(START, 6)
    assert on_day(EULAR23, maintenance, "5", maintenance_start=maintenance).verdict == ON
    assert on_day(EULAR23, maintenance, "5.01", maintenance_start=maintenance).verdict == ABOVE
    assert on_day(EULAR23, maintenance, None, maintenance_start=maintenance).verdict == NE


def test_eular_2023_without_maintenance_start_is_not_evaluable() -> None:
    decision = on_day(EULAR23, add_months(START, 9), "5")
    assert decision.verdict == NE
    assert decision.missing_inputs == ("maintenance_start",)


def test_eular_2023_before_maintenance_has_no_row() -> None:
    maintenance = add_months(START, 6)
    assert (
        on_day(EULAR23, maintenance - timedelta(days=1), "5", maintenance_start=maintenance).verdict
        == NE
    )


def test_eular_2023_withdrawal_flag_when_any_dose_remains() -> None:
    maintenance = add_months(START, 6)
    assert (
        "withdrawal-advised-if-possible"
        in on_day(EULAR23, maintenance, "2.5", maintenance_start=maintenance).flags
    )
    assert (
        "withdrawal-advised-if-possible"
        not in on_day(EULAR23, maintenance, "0", maintenance_start=maintenance).flags
    )


# ----------------------------------------------------------------------------- ACR 2024

ACR = "acr-2024-gc"


def test_acr_2024_at_most_5_mg_by_6_months() -> None:
    month_6 = add_months(START, 6)
    assert on_day(ACR, month_6, "5").verdict == ON
    assert on_day(ACR, month_6, "5.01").verdict == ABOVE
    assert on_day(ACR, month_6, None).verdict == NE
    assert on_day(ACR, month_6 - timedelta(days=1), "5").verdict == NE


@pytest.mark.parametrize(
    ("weight", "mg", "verdict"),
    [
        ("70 kg", "35", ON),
        ("70 kg", "35.01", ABOVE),
        ("70 kg", "10", ON),
        ("100 kg", "40", ON),
        ("100 kg", "40.01", ABOVE),
        (None, "40.01", ABOVE),
        (None, "30", NE),
    ],
)
def test_acr_2024_starting_dose_at_most_0_5_mg_per_kg_and_40_mg(
    weight: str | None, mg: str, verdict: str
) -> None:
    assert on_day(ACR, week(1), mg, weight=weight, initial_dose_weeks=4).verdict == verdict


def test_acr_2024_january_31_start_month_6_is_july_31() -> None:
    start = date(2024, 1, 31)
    records = [rec(date(2024, 7, 30), date(2024, 7, 31), "6")]
    data = {
        "start_date": start.isoformat(),
        "glucocorticoids": records,
        "are_glucocorticoid_records_complete": True,
    }
    assert check_glucocorticoid_taper(data, ACR, at=date(2024, 7, 30)).verdict == NE
    assert check_glucocorticoid_taper(data, ACR, at=date(2024, 7, 31)).verdict == ABOVE


# ----------------------------------------------------------------------------- seed review

SEED = "seed-review-2024-gc"


def test_seed_review_maintenance_at_most_5_mg_and_zero_if_possible() -> None:
    maintenance = add_months(START, 4)
    assert on_day(SEED, maintenance, "5", maintenance_start=maintenance).verdict == ON
    decision = on_day(SEED, maintenance, "5.01", maintenance_start=maintenance)
    assert decision.verdict == ABOVE
    assert "withdrawal-advised-if-possible" in decision.flags
    assert on_day(SEED, maintenance, None, maintenance_start=maintenance).verdict == NE
    assert on_day(SEED, maintenance, "5").verdict == NE


# ----------------------------------------------------------------------------- every row, from data


def _bound_mg(threshold: Any, cap: Any, weight: Decimal) -> Decimal:
    value = Decimal(threshold.value) * (1000 if threshold.unit == "g" else 1)
    if threshold.quantity is Quantity.DOSE_PER_KG:
        value = value * weight
        if cap is not None:
            value = min(value, Decimal(cap.value))
    return value


def _row_days(row: TaperRow) -> list[date]:
    first, end = row.span(START)
    last = (end - timedelta(days=1)) if end is not None else first + timedelta(days=13)
    return [first, last]


def _sweep_cases() -> list[tuple[str, str, int]]:
    cases = []
    for rule_set in list_rule_sets(RuleKind.TAPER):
        params: TaperSchedule = rule_set.parameters
        for index, _row in enumerate(params.rows):
            cases.append((rule_set.id, "row", index))
        if params.initial_dose is not None:
            cases.append((rule_set.id, "initial", 0))
    return cases


@pytest.mark.parametrize(("rule_set_id", "what", "index"), _sweep_cases())
def test_every_row_at_inside_outside_and_missing(rule_set_id: str, what: str, index: int) -> None:
    params: TaperSchedule = get_rule_set(rule_set_id).parameters
    if what == "initial":
        assert params.initial_dose is not None
        row = params.initial_dose.as_row(2)
        extra: dict[str, Any] = {"initial_dose_weeks": 2}
    else:
        row = params.rows[index]
        extra = {}
    # maintenance rows: maintenance from day 1; other rows: maintenance far later (not applying)
    far = START + timedelta(days=3650)
    extra["maintenance_start"] = START if row.anchor is Anchor.MAINTENANCE_START else far
    weight = Decimal(70)
    for day in _row_days(row):

        def verdict(mg: Decimal | None, day: date = day) -> str:
            return on_day(rule_set_id, day, None if mg is None else str(mg), **extra).verdict

        if row.upper is not None:
            upper = _bound_mg(row.upper, row.cap, weight)
            at_upper = ON if row.upper.comparator.value == "<=" else ABOVE
            assert verdict(upper) == at_upper, (row.id, day, "at upper")
            assert verdict(upper + Decimal("0.01")) == ABOVE, (row.id, day, "above upper")
        if row.lower is not None:
            lower = _bound_mg(row.lower, row.cap, weight)
            assert verdict(lower) == ON, (row.id, day, "at lower")
            assert verdict(lower - Decimal("0.01")) == BELOW, (row.id, day, "below lower")
        if row.upper is not None and row.lower is not None:
            middle = (
                _bound_mg(row.upper, row.cap, weight) + _bound_mg(row.lower, row.cap, weight)
            ) / 2
            assert verdict(middle) == ON, (row.id, day, "inside")
        elif row.upper is not None:
            inside = _bound_mg(row.upper, row.cap, weight) - Decimal("0.01")
            assert verdict(inside) == ON, (row.id, day, "inside ceiling")
        assert verdict(None) == NE, (row.id, day, "missing")


# ----------------------------------------------------------------------------- the check itself


def test_at_as_int_is_the_nominal_day_of_that_study_week() -> None:
    data = course([rec(week(5), week(6), "15")])
    decision = check_glucocorticoid_taper(data, KDIGO, at=5)
    assert decision.assessed_on == week(5)
    assert decision.detail("study_week") == Decimal(5)
    assert decision.detail("study_day") == Decimal(36)


def test_at_before_start_is_not_evaluable() -> None:
    decision = check_glucocorticoid_taper(course([]), KDIGO, at=START - timedelta(days=1))
    assert decision.verdict == NE
    assert "before study day 1" in (decision.criterion("schedule-row").note or "")


def test_dose_records_without_course_need_a_start_date() -> None:
    records = [rec(week(5), week(6), "15")]
    decision = check_glucocorticoid_taper(
        records, KDIGO, at=week(5), start_date=START, records_complete=True
    )
    assert decision.verdict == ON
    models = [GlucocorticoidDose.model_validate(r) for r in records]
    assert (
        check_glucocorticoid_taper(models, KDIGO, at=week(5), start_date="2024-01-01").verdict == ON
    )
    with pytest.raises(InputError):
        check_glucocorticoid_taper(records, KDIGO, at=week(5))


def test_course_model_and_dict_give_the_same_decision() -> None:
    data = course([rec(week(5), week(6), "20")])
    model = TreatmentCourse.model_validate(data)
    assert check_glucocorticoid_taper(model, KDIGO, at=5) == check_glucocorticoid_taper(
        data, KDIGO, at=5
    )


def test_bad_doses_argument_raises_input_error() -> None:
    with pytest.raises(InputError):
        check_glucocorticoid_taper(42, KDIGO, at=5)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        check_glucocorticoid_taper(course([]), KDIGO, at="not a date")


def test_unknown_schedule_and_wrong_kind_raise() -> None:
    with pytest.raises(UnknownRuleSetError):
        check_glucocorticoid_taper(course([]), "no-such-schedule", at=5)
    with pytest.raises(UnknownRuleSetError):
        check_glucocorticoid_taper(course([]), "kdigo-2024-duration", at=5)


def test_unknown_option_raises_option_error() -> None:
    with pytest.raises(OptionError):
        check_glucocorticoid_taper(course([]), KDIGO, at=5, tolerance="1")
    with pytest.raises(OptionError):
        check_glucocorticoid_taper(course([]), KDIGO, at=5, statistic="median")
    with pytest.raises(OptionError):  # deadline_reading is only declared where needed
        check_glucocorticoid_taper(course([]), KDIGO, at=5, deadline_reading="earliest")


def test_weight_argument_overrides_the_patient_weight_and_accepts_units() -> None:
    data = course([rec(week(1), week(1), "40")], weight="100 kg")
    assert check_glucocorticoid_taper(data, KDIGO, at=1).verdict == ON
    assert check_glucocorticoid_taper(data, KDIGO, at=1, weight_kg="60").verdict == ABOVE
    assert check_glucocorticoid_taper(data, KDIGO, at=1, weight_kg="60 kg").verdict == ABOVE
    pounds = {"value": "132.27735731", "unit": "[lb_av]"}  # 60.000... kg
    assert check_glucocorticoid_taper(data, KDIGO, at=1, weight_kg=pounds).verdict == ABOVE
    with pytest.raises(InputError):
        check_glucocorticoid_taper(data, KDIGO, at=1, weight_kg="-3")


def test_betamethasone_conflict_changes_the_verdict() -> None:
    # 2.25 mg betamethasone = 15 mg prednisone (FDA label) but 18.75 mg (conventional)
    data = course([rec(week(5), week(5), "2.25", drug="betamethasone")])
    assert check_glucocorticoid_taper(data, KDIGO, at=5).verdict == ON
    conventional = check_glucocorticoid_taper(data, KDIGO, at=5, table="conventional")
    assert conventional.verdict == ABOVE
    assert conventional.detail("dose_mg") == Decimal("18.75")
    assert ("equivalence_table", "conventional") in conventional.options
    same = check_glucocorticoid_taper(data, KDIGO, at=5, equivalence_table="conventional")
    assert same == conventional
    with pytest.raises(OptionError):
        check_glucocorticoid_taper(
            data, KDIGO, at=5, table="conventional", equivalence_table="fda-label"
        )


def test_methylprednisolone_is_converted_to_prednisone_equivalents() -> None:
    data = course([rec(week(5), week(5), "12", drug="methylprednisolone")])
    decision = check_glucocorticoid_taper(data, KDIGO, at=5)
    assert decision.detail("dose_mg") == Decimal(15)
    assert decision.verdict == ON


def test_iv_pulses_are_excluded_by_default_and_flagged() -> None:
    records = [
        rec(week(1), week(1), "40"),
        rec(week(1), week(1), "500", drug="methylprednisolone", route="iv"),
    ]
    decision = check_glucocorticoid_taper(course(records), KDIGO, at=1)
    assert decision.verdict == ON
    assert "non-oral-doses-excluded" in decision.flags
    with_pulse = check_glucocorticoid_taper(course(records), KDIGO, at=1, routes="all")
    assert with_pulse.verdict == ABOVE
    assert with_pulse.detail("dose_mg") == Decimal(665)


def test_route_unspecified_records_count_as_oral() -> None:
    data = course([rec(week(5), week(5), "15", route=None)])
    assert check_glucocorticoid_taper(data, KDIGO, at=5).verdict == ON


def test_overlapping_records_add_up() -> None:
    data = course([rec(week(5), week(6), "10"), rec(week(5), week(5), "5")])
    assert check_glucocorticoid_taper(data, KDIGO, at=5).detail("dose_mg") == Decimal(15)


def test_dose_in_grams_is_converted_exactly() -> None:
    data = course([rec(week(5), week(5), "0.015", unit="g")])
    assert check_glucocorticoid_taper(data, KDIGO, at=5).verdict == ON


def test_statistic_mean_and_max_over_7_days() -> None:
    last = week(6) - timedelta(days=1)  # day 42, in weeks 5-6 (15 mg)
    records = [rec(last - timedelta(days=6), last - timedelta(days=1), "14"), rec(last, last, "21")]
    data = course(records)
    assert check_glucocorticoid_taper(data, KDIGO, at=last).detail("dose_mg") == Decimal(21)
    mean = check_glucocorticoid_taper(data, KDIGO, at=last, statistic="mean-7d")
    assert mean.detail("dose_mg") == Decimal(15)  # (6 x 14 + 21) / 7
    assert mean.verdict == ON
    peak = check_glucocorticoid_taper(data, KDIGO, at=last, statistic="max-7d")
    assert peak.detail("dose_mg") == Decimal(21)
    assert peak.verdict == ABOVE


def test_statistic_window_with_an_unknown_day_is_not_evaluable() -> None:
    at = week(6)
    records = [rec(at - timedelta(days=5), at, "15")]  # day at-6 uncovered
    decision = check_glucocorticoid_taper(
        course(records, complete=False), KDIGO, at=at, statistic="mean-7d"
    )
    assert decision.verdict == NE
    missing_day = (at - timedelta(days=6)).isoformat()
    assert decision.missing_inputs == (f"glucocorticoid dose on {missing_day}",)
    assert check_glucocorticoid_taper(course(records, complete=False), KDIGO, at=at).verdict == ON


def test_statistic_window_never_starts_before_day_1() -> None:
    data = course([rec(study_day(1), study_day(2), "40")])
    decision = check_glucocorticoid_taper(data, KDIGO, at=study_day(2), statistic="mean-7d")
    assert decision.detail("dose_mg") == Decimal(40)


def test_since_is_the_first_day_of_the_current_run() -> None:
    records = [
        rec(study_day(1), week(3) - timedelta(days=1), "40"),  # weeks 0-2: 35-40 mg, on
        rec(week(3), week(5) - timedelta(days=1), "25"),  # weeks 3-4: 21-28 mg, on
        rec(week(5), week(7) - timedelta(days=1), "20"),  # weeks 5-6: 15 mg, above
    ]
    decision = check_glucocorticoid_taper(course(records), KDIGO, at=week(6))
    assert decision.verdict == ABOVE
    assert decision.detail("since") == week(5).isoformat()
    assert decision.detail("run_days") == Decimal(8)
    assert decision.detail("difference_mg") == Decimal(5)
    assert "run-start-uncertain" not in decision.flags


def test_since_reaching_an_unknown_day_is_flagged_uncertain() -> None:
    records = [rec(week(5) + timedelta(days=2), week(6), "20")]
    decision = check_glucocorticoid_taper(course(records, complete=False), KDIGO, at=week(6))
    assert decision.verdict == ABOVE
    assert decision.detail("since") == (week(5) + timedelta(days=2)).isoformat()
    assert "run-start-uncertain" in decision.flags


def test_since_reaches_back_to_day_1_for_a_run_from_the_start() -> None:
    data = course([rec(study_day(1), study_day(21), "40")])
    decision = check_glucocorticoid_taper(data, KDIGO, at=study_day(21))
    assert decision.detail("since") == START.isoformat()
    assert decision.detail("run_days") == Decimal(21)


def test_below_difference_is_negative() -> None:
    decision = on_day(KDIGO, week(7), "7.5")
    assert decision.verdict == BELOW
    assert decision.detail("difference_mg") == Decimal("-2.5")


def test_bound_criteria_carry_source_and_observed_and_threshold_mg() -> None:
    decision = on_day(KDIGO, week(1), "42")
    upper = decision.criterion("weeks-0-2-upper")
    assert upper.outcome == "not_met"
    assert upper.observed == Decimal(42)
    assert upper.threshold == Decimal(40)
    assert upper.source_id == "kdigo-2024-ln"
    assert "cap 40 mg" in (upper.note or "")
    assert [e.field for e in upper.evidence] == ["weight"]
    assert decision.criterion("dose").evidence[0].field == "glucocorticoid_dose"


def test_decision_round_trips_through_json() -> None:
    decision = check_glucocorticoid_taper(
        course([rec(week(5), week(6), "20")]), KDIGO, at=week(6), statistic="mean-7d"
    )
    assert Decision.from_json(decision.to_json()) == decision


def test_rule_set_evaluate_without_at_is_not_evaluable() -> None:
    evaluate = get_rule_set(KDIGO).evaluate
    assert evaluate is not None
    decision = evaluate(course([]))
    assert decision.verdict == NE
    assert decision.missing_inputs == ("at",)
    assert evaluate(course([rec(week(5), week(5), "15")]), at=5).verdict == ON


@pytest.mark.parametrize("rule_set_id", sorted(r.id for r in list_rule_sets(RuleKind.TAPER)))
def test_empty_course_is_never_a_positive_verdict(rule_set_id: str) -> None:
    for at in (0, 3, 12, 30, 100):
        decision = check_glucocorticoid_taper(
            {"start_date": START.isoformat()}, rule_set_id, at=at, maintenance_start=START
        )
        assert decision.verdict == NE


# ----------------------------------------------------------------------------- properties

_RANK = {BELOW: 0, ON: 1, ABOVE: 2}
_schedule_days = st.sampled_from(
    [
        (KDIGO, week(1)),
        (KDIGO, week(3)),
        (KDIGO, week(5)),
        (KDIGO, week(30)),
        (HIGH, week(0)),
        (AURORA, study_day(3)),
        (AURORA, week(20)),
        (REGENCY, week(12)),
        (TULIP, week(30)),
        (EULAR12, week(1)),
        (ACR, add_months(START, 7)),
    ]
)
_doses = st.decimals(min_value=0, max_value=120, places=2, allow_nan=False)
_weights = st.decimals(min_value=30, max_value=150, places=1, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(case=_schedule_days, a=_doses, b=_doses, weight=_weights)
def test_verdict_is_monotone_in_the_dose(
    case: tuple[str, date], a: Decimal, b: Decimal, weight: Decimal
) -> None:
    rule_set_id, at = case
    lo, hi = sorted((a, b))
    v_lo = on_day(rule_set_id, at, str(lo), weight=f"{weight} kg").verdict
    v_hi = on_day(rule_set_id, at, str(hi), weight=f"{weight} kg").verdict
    assert _RANK[v_lo] <= _RANK[v_hi]


@settings(max_examples=40, deadline=None)
@given(case=_schedule_days, mg=_doses, weight=_weights)
def test_verdict_is_invariant_to_the_dose_unit(
    case: tuple[str, date], mg: Decimal, weight: Decimal
) -> None:
    rule_set_id, at = case
    in_mg = check_glucocorticoid_taper(
        course([rec(at, at, str(mg))], weight=f"{weight} kg"), rule_set_id, at=at
    )
    in_g = check_glucocorticoid_taper(
        course([rec(at, at, str(mg / 1000), unit="g")], weight=f"{weight} kg"), rule_set_id, at=at
    )
    assert in_mg.verdict == in_g.verdict
    assert in_mg.detail("dose_mg") == in_g.detail("dose_mg")


@settings(max_examples=40, deadline=None)
@given(case=_schedule_days, mg=_doses)
def test_missing_dose_never_gives_a_positive_verdict(case: tuple[str, date], mg: Decimal) -> None:
    rule_set_id, at = case
    # a record on another day only: the assessment day is unknown
    other = at - timedelta(days=1)
    data = course([rec(other, other, str(mg))], complete=False)
    assert check_glucocorticoid_taper(data, rule_set_id, at=at).verdict == NE


def test_week_without_a_source_row_is_not_evaluable_and_flagged_under_kdigo_2024_gc_high() -> None:
    # KDIGO 2024 high-dose rows after weeks 0-2 are NOT FOUND: nothing to compare with
    course = {
        "start_date": "2024-01-01",
        "are_glucocorticoid_records_complete": True,
        "glucocorticoids": [
            {
                "start": "2024-01-01",
                "end": "2024-03-31",
                "daily_dose": "20 mg",
                "drug": "prednisone",
            }
        ],
    }
    decision = check_glucocorticoid_taper(course, "kdigo-2024-gc-high", at=8, weight_kg=70)
    assert decision.verdict == TaperStatus.NOT_EVALUABLE
    assert decision.missing_inputs == ()
    assert "no-schedule-row" in decision.flags
    on_a_row = check_glucocorticoid_taper(course, "kdigo-2024-gc-high", at=1, weight_kg=70)
    assert "no-schedule-row" not in on_a_row.flags
