"""Belimumab lupus nephritis dosing checked dose by dose against the BENLYSTA US label."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lupus_nephritis as ln
from lupus_nephritis.errors import InputError, OptionError, UnknownRuleSetError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.regimens.belimumab_dosing.api import check_belimumab_dosing

RULE_SET = "benlysta-us-ln-dosing"
DAY0 = date(2024, 1, 8)
ON = "on_schedule"


def on(day: int) -> str:
    return (DAY0 + timedelta(days=day)).isoformat()


def iv(day: int, mg: str | None = "700", weight: str | None = "70 kg", **extra: Any) -> dict:
    record: dict[str, Any] = {"date": on(day), "route": "iv"}
    if mg is not None:
        record["dose"] = f"{mg} mg"
    if weight is not None:
        record["weight"] = weight
    record.update(extra)
    return record


def sc(day: int, mg: str | None = "200") -> dict:
    record: dict[str, Any] = {"date": on(day), "route": "sc"}
    if mg is not None:
        record["dose"] = f"{mg} mg"
    return record


def statuses(doses: list[dict], **kwargs: Any) -> list[str]:
    return [d.verdict for d in check_belimumab_dosing(doses, **kwargs).doses]


IV_SCHEDULE = [0, 14, 28, 56, 84]  # 2-week intervals for 3 doses, then 4-weekly
SC_START = [0, 7, 14, 21, 28, 35]  # 400 mg x 4, then 200 mg, weekly


def test_iv_schedule_exactly_per_label_is_on_schedule() -> None:
    check = check_belimumab_dosing([iv(d) for d in IV_SCHEDULE])
    assert check.verdict == ON
    assert [d.verdict for d in check.doses] == [ON] * 5
    assert [d.detail("phase") for d in check.doses] == ["iv-loading"] * 3 + ["iv-maintenance"] * 2
    assert check.overall.rule_set == "benlysta-us-ln-dosing@1.0.0"


# ------------------------------------------------------------------ IV dose (10 mg/kg)


def test_iv_dose_exactly_10_mg_per_kg_is_correct() -> None:
    (dose,) = check_belimumab_dosing([iv(0, "700")]).doses
    assert dose.verdict == ON
    assert dose.detail("dose_mg_per_kg") == 10
    assert dose.criterion("iv-dose-lower").outcome is Outcome.MET
    assert dose.criterion("iv-dose-upper").outcome is Outcome.MET


@pytest.mark.parametrize("mg", ["699", "701"])
def test_iv_dose_just_off_10_mg_per_kg_is_a_wrong_dose(mg: str) -> None:
    assert statuses([iv(0, mg)]) == ["wrong_dose"]


@pytest.mark.parametrize(("per_kg", "expected"), [("10", ON), ("10.1", "wrong_dose")])
def test_iv_dose_recorded_per_kg_needs_no_weight(per_kg: str, expected: str) -> None:
    record = {"date": on(0), "route": "iv", "dose_per_kg": f"{per_kg} mg/kg"}
    assert statuses([record]) == [expected]


def test_iv_dose_in_mg_without_weight_is_not_evaluable() -> None:
    check = check_belimumab_dosing([iv(0, "700", weight=None)])
    assert check.verdict == "not_evaluable"
    assert check.doses[0].missing_inputs == (f"weight on {on(0)}",)
    assert check.overall.missing_inputs == (f"weight on {on(0)}",)
    assert check.doses[0].criterion("dose").outcome is Outcome.UNKNOWN


def test_weight_argument_serves_records_without_a_weight() -> None:
    assert statuses([iv(0, "650", weight=None)], weight_kg="65 kg") == [ON]
    assert statuses([iv(0, "650", weight=None)], weight_kg=65) == [ON]
    # the record's own weight wins over the argument
    assert statuses([iv(0, "700")], weight_kg=65) == [ON]


def test_a_record_without_any_dose_is_not_evaluable() -> None:
    check = check_belimumab_dosing([iv(0, None)])
    assert check.doses[0].verdict == "not_evaluable"
    assert check.doses[0].missing_inputs == (f"dose on {on(0)}",)


@pytest.mark.parametrize(("mg", "expected"), [("735", ON), ("736", "wrong_dose"), ("665", ON)])
def test_dose_tolerance_widens_the_10_mg_per_kg_bounds(mg: str, expected: str) -> None:
    assert statuses([iv(0, mg)], dose_tolerance_percent=5) == [expected]


def test_dose_just_below_the_widened_lower_bound_is_wrong() -> None:
    assert statuses([iv(0, "664")], dose_tolerance_percent=5) == ["wrong_dose"]


# ------------------------------------------------------------------ IV timing


@pytest.mark.parametrize(("day", "expected"), [(13, "early"), (14, ON), (15, "late")])
def test_second_iv_dose_2_weeks_after_the_first(day: int, expected: str) -> None:
    assert statuses([iv(0), iv(day)])[-1] == expected


@pytest.mark.parametrize(("day", "expected"), [(55, "early"), (56, ON), (57, "late")])
def test_fourth_iv_dose_4_weeks_after_the_third(day: int, expected: str) -> None:
    assert statuses([iv(0), iv(14), iv(28), iv(day)])[-1] == expected


def test_fourth_iv_dose_at_2_weeks_is_early_because_loading_ended_with_dose_3() -> None:
    check = check_belimumab_dosing([iv(0), iv(14), iv(28), iv(42)])
    fourth = check.doses[-1]
    assert fourth.verdict == "early"
    assert (fourth.detail("interval_days"), fourth.detail("expected_days")) == (14, 28)


@pytest.mark.parametrize(("day", "expected"), [(11, "early"), (12, ON), (16, ON), (17, "late")])
def test_timing_tolerance_widens_each_interval_both_ways(day: int, expected: str) -> None:
    assert statuses([iv(0), iv(day)], timing_tolerance_days=2)[-1] == expected


def test_timing_reference_previous_dose_versus_schedule() -> None:
    doses = [iv(0), iv(17), iv(28)]  # dose 2 three days late, dose 3 on its nominal day
    assert statuses(doses) == [ON, "late", "early"]
    assert statuses(doses, timing_reference="schedule") == [ON, "late", ON]


# ------------------------------------------------------------------ SC started as such


def test_sc_start_400_mg_weekly_for_4_doses_then_200_mg() -> None:
    doses = [sc(d, "400" if i < 4 else "200") for i, d in enumerate(SC_START)]
    check = check_belimumab_dosing(doses)
    assert check.verdict == ON
    assert [d.detail("phase") for d in check.doses] == ["sc-loading"] * 4 + ["sc-maintenance"] * 2


def test_fifth_sc_dose_of_400_mg_is_a_wrong_dose() -> None:
    doses = [sc(d, "400") for d in SC_START[:5]]
    assert statuses(doses)[-1] == "wrong_dose"


def test_fourth_sc_dose_of_200_mg_is_a_wrong_dose() -> None:
    doses = [sc(0, "400"), sc(7, "400"), sc(14, "400"), sc(21, "200")]
    assert statuses(doses)[-1] == "wrong_dose"


@pytest.mark.parametrize(
    ("mg", "expected"), [("399", "wrong_dose"), ("400", ON), ("401", "wrong_dose")]
)
def test_sc_loading_dose_exactly_400_mg(mg: str, expected: str) -> None:
    check = check_belimumab_dosing([sc(0, mg)])
    assert [d.verdict for d in check.doses] == [expected]
    lower, upper = check.doses[0].criterion("dose").children
    assert (lower.id, lower.comparator, str(lower.threshold)) == (
        "sc-loading-dose-lower",
        ">=",
        "400",
    )
    assert (upper.id, upper.comparator, str(upper.threshold)) == (
        "sc-loading-dose-upper",
        "<=",
        "400",
    )


@pytest.mark.parametrize(
    ("mg", "expected"), [("199", "wrong_dose"), ("200", ON), ("201", "wrong_dose")]
)
def test_sc_maintenance_dose_exactly_200_mg(mg: str, expected: str) -> None:
    doses = [sc(d, "400") for d in SC_START[:4]] + [sc(SC_START[4], mg)]
    check = check_belimumab_dosing(doses)
    assert check.doses[-1].verdict == expected
    assert check.doses[-1].detail("phase") == "sc-maintenance"


def test_sc_record_without_a_dose_is_not_evaluable_but_its_timing_is_checked() -> None:
    check = check_belimumab_dosing([sc(0, "400"), sc(7, None)])
    second = check.doses[-1]
    assert second.verdict == "not_evaluable"
    assert second.missing_inputs == (f"dose on {on(7)}",)
    assert second.criterion("timing").outcome is Outcome.MET
    # a missing dose does not hide a timing deviation
    assert statuses([sc(0, "400"), sc(9, None)])[-1] == "late"


def test_two_200_mg_injections_on_one_day_are_the_400_mg_dose() -> None:
    check = check_belimumab_dosing([sc(0), sc(0), sc(7, "400")])
    assert [d.verdict for d in check.doses] == [ON, ON]
    assert check.doses[0].detail("dose_mg") == 400
    assert len(check.doses[0].criterion("dose").children[0].evidence) == 2


@pytest.mark.parametrize(("day", "expected"), [(6, "early"), (7, ON), (8, "late")])
def test_sc_doses_are_weekly(day: int, expected: str) -> None:
    assert statuses([sc(0, "400"), sc(day, "400")])[-1] == expected


def test_sc_dose_per_kg_is_refused() -> None:
    with pytest.raises(ln.InputValidationError):
        check_belimumab_dosing([{"date": on(0), "route": "sc", "dose_per_kg": "3 mg/kg"}])


# ------------------------------------------------------------------ IV to SC switch


@pytest.mark.parametrize(("day", "expected"), [(20, "early"), (21, ON), (28, ON), (29, "late")])
def test_first_sc_dose_1_to_2_weeks_after_the_last_iv_dose(day: int, expected: str) -> None:
    check = check_belimumab_dosing([iv(0), iv(14), sc(day)])
    assert check.doses[-1].verdict == expected
    assert check.doses[-1].detail("days_after_last_iv") == day - 14


def test_switch_after_a_single_iv_dose_is_early() -> None:
    check = check_belimumab_dosing([iv(0), sc(7)])
    switch = check.doses[-1]
    assert switch.verdict == "early"
    assert switch.criterion("iv-to-sc-after-iv-doses").outcome is Outcome.NOT_MET


def test_sc_doses_after_a_switch_are_200_mg_by_default() -> None:
    assert statuses([iv(0), iv(14), sc(21, "400")])[-1] == "wrong_dose"
    doses = [iv(0), iv(14), sc(21, "400"), sc(28, "400"), sc(35, "400"), sc(42, "400")]
    assert statuses(doses, sc_dose_after_iv="loading")[2:] == [ON] * 4


def test_timing_tolerance_does_not_widen_the_label_switch_window() -> None:
    assert statuses([iv(0), iv(14), sc(29)], timing_tolerance_days=3)[-1] == "late"


def test_sc_after_a_switch_is_weekly() -> None:
    assert statuses([iv(0), iv(14), sc(21), sc(28), sc(36)]) == [ON, ON, ON, ON, "late"]


def test_return_from_sc_to_iv_is_not_covered_by_the_label() -> None:
    check = check_belimumab_dosing([iv(0), iv(14), sc(21), iv(28)])
    back = check.doses[-1]
    assert back.verdict == "not_evaluable"
    assert "sc-to-iv-return-not-covered" in back.flags
    assert back.criterion("dose").outcome is Outcome.MET  # its dose is still checked
    assert "next_dose_due" not in dict(check.overall.details)


# ------------------------------------------------------------------ the course


def test_next_dose_exactly_on_its_due_day_is_not_overdue() -> None:
    check = check_belimumab_dosing([iv(0), iv(14)], as_of=on(28))
    assert check.verdict == ON
    assert check.overall.detail("next_dose_due") == on(28)
    assert check.overall.criterion("next-dose").outcome is Outcome.MET


def test_next_dose_a_day_past_due_is_overdue() -> None:
    check = check_belimumab_dosing([iv(0), iv(14)], as_of=on(29))
    assert check.verdict == "deviation"
    assert "next-dose-overdue" in check.overall.flags


def test_next_dose_after_the_third_iv_dose_is_due_4_weeks_later() -> None:
    check = check_belimumab_dosing([iv(0), iv(14), iv(28)], as_of=on(56))
    assert (check.verdict, check.overall.detail("next_dose_due")) == (ON, on(56))


def test_as_of_before_the_last_dose_is_refused() -> None:
    with pytest.raises(InputError, match="before the last dose"):
        check_belimumab_dosing([iv(0), iv(14)], as_of=on(10))


def test_no_doses_is_not_evaluable() -> None:
    check = check_belimumab_dosing([])
    assert check.verdict == "not_evaluable"
    assert check.overall.missing_inputs == ("belimumab doses",)
    assert check.doses == ()


def test_overall_criteria_are_prefixed_per_dose() -> None:
    check = check_belimumab_dosing([iv(0), iv(15)])
    assert [c.id for c in check.overall.criteria] == ["dose-1", "dose-2"]
    assert check.overall.criterion("dose-2-timing").outcome is Outcome.NOT_MET
    assert check.overall.detail("doses_late") == 1
    assert check.overall.detail("doses_on_schedule") == 1


def test_a_deviation_outranks_an_unknown_dose() -> None:
    check = check_belimumab_dosing([iv(0), iv(14, weight=None), iv(29)])
    assert [d.verdict for d in check.doses] == [ON, "not_evaluable", "late"]
    assert check.verdict == "deviation"
    assert check.overall.missing_inputs == ()


def test_records_in_any_order_give_the_same_check() -> None:
    doses = [iv(0), iv(14), iv(28), sc(35), sc(42)]
    shuffled = doses[:]
    random.Random(3).shuffle(shuffled)
    assert check_belimumab_dosing(shuffled) == check_belimumab_dosing(doses)


def test_both_routes_on_one_day_are_refused() -> None:
    with pytest.raises(InputError, match="one day"):
        check_belimumab_dosing([iv(0), sc(0)])


def test_mg_and_mg_per_kg_on_one_day_are_refused() -> None:
    per_kg = {"date": on(0), "route": "iv", "dose_per_kg": "5 mg/kg"}
    with pytest.raises(InputError, match="mg/kg"):
        check_belimumab_dosing([iv(0, "350"), per_kg])


def test_a_record_with_both_mg_and_mg_per_kg_is_refused() -> None:
    with pytest.raises(ln.InputValidationError):
        check_belimumab_dosing([iv(0, dose_per_kg="10 mg/kg")])


@pytest.mark.parametrize(
    "options",
    [
        {"timing_tolerance_days": -1},
        {"timing_tolerance_days": 1.5},
        {"dose_tolerance_percent": 51},
        {"dose_tolerance_percent": True},
        {"dose_tolerance_percent": "x"},
        {"timing_reference": "calendar"},
        {"no_such_option": 1},
    ],
)
def test_bad_options_raise_option_error(options: dict[str, Any]) -> None:
    with pytest.raises(OptionError):
        check_belimumab_dosing([iv(0)], **options)


def test_only_belimumab_dosing_rule_sets_are_accepted() -> None:
    with pytest.raises(UnknownRuleSetError):
        check_belimumab_dosing([iv(0)], rule_set="lupkynis-us-egfr-dosing")
    with pytest.raises(UnknownRuleSetError):
        ln.voclosporin_dose_action(None, None, rule_set=RULE_SET)
    with pytest.raises(UnknownRuleSetError):
        check_belimumab_dosing([iv(0)], rule_set=3)  # type: ignore[arg-type]


def test_doses_must_be_a_list() -> None:
    with pytest.raises(InputError):
        check_belimumab_dosing("2024-01-08")


def test_decisions_round_trip_through_json() -> None:
    check = check_belimumab_dosing([iv(0), iv(14), sc(21)], as_of=on(30))
    for decision in (check.overall, *check.doses):
        assert ln.Decision.from_json(decision.to_json()) == decision


def test_parameters_are_cited_to_the_us_label() -> None:
    params = ln.get_rule_set(RULE_SET).parameters
    assert params.iv_loading_interval.days == 14
    assert params.iv_maintenance_interval.days == 28
    assert params.sc_interval.days == 7
    assert (params.switch_earliest.days, params.switch_latest.days) == (7, 14)
    assert params.switch_min_iv_doses.count == 2
    assert params.sc_loading_doses.count == 4
    assert str(params.iv_dose_lower.value) == "10"
    assert str(params.sc_loading_dose_upper.value) == "400"
    assert {params.source_id, params.sc_interval.source_id} == {"benlysta-uspi"}


# ------------------------------------------------------------------ properties


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=1, max_value=8), st.integers(min_value=40, max_value=150))
def test_a_perfect_iv_course_is_on_schedule_at_any_weight(count: int, kg: int) -> None:
    days = [0, 14, 28] + [28 + 28 * k for k in range(1, 6)]
    doses = [iv(d, str(10 * kg), f"{kg} kg") for d in days[:count]]
    check = check_belimumab_dosing(doses)
    assert check.verdict == ON


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=1, max_value=4), st.integers(min_value=-5, max_value=5))
def test_shifting_one_iv_dose_makes_it_early_or_late_by_the_shift(index: int, shift: int) -> None:
    days = IV_SCHEDULE[:]
    days[index] += shift
    result = statuses([iv(d) for d in days])
    expected = ON if shift == 0 else "early" if shift < 0 else "late"
    assert result[index] == expected
    assert all(r == ON for r in result[:index])
