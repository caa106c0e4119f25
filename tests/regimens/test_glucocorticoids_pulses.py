"""IV methylprednisolone pulse courses checked against each schedule's pulse regimens."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lupus_nephritis as ln
from lupus_nephritis.errors import InputError, LupusNephritisError, OptionError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.regimens.glucocorticoids.pulses import PulseStatus
from lupus_nephritis.regimens.glucocorticoids.schedule import PulseSpec, TaperSchedule, dose
from lupus_nephritis.regimens.glucocorticoids.taper import (
    check_glucocorticoid_pulses,
    check_glucocorticoid_taper,
)

START = date(2024, 1, 8)
WITHIN = PulseStatus.WITHIN_RANGE.value
ABOVE = PulseStatus.ABOVE_RANGE.value
BELOW = PulseStatus.BELOW_RANGE.value
OUTSIDE = PulseStatus.OUTSIDE_DAYS.value
NONE = PulseStatus.NO_PULSES.value
UNKNOWN = PulseStatus.NOT_EVALUABLE.value


def day(n: int) -> str:
    """ISO date of study day ``n`` (day 1 is START)."""
    return (START + timedelta(days=n - 1)).isoformat()


def pulse(first: int, last: int | None = None, mg: str = "500", **extra: Any) -> dict[str, Any]:
    record = {
        "start": day(first),
        "end": day(last if last is not None else first),
        "daily_dose": f"{mg} mg",
        "drug": "methylprednisolone",
        "route": "iv",
    }
    record.update(extra)
    return record


def oral(first: int, last: int, mg: str = "20") -> dict[str, Any]:
    return {
        "start": day(first),
        "end": day(last),
        "daily_dose": f"{mg} mg",
        "drug": "prednisone",
        "route": "oral",
    }


def course(
    *records: dict[str, Any], complete: bool = True, weight: str | None = "70 kg"
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "start_date": START.isoformat(),
        "are_glucocorticoid_records_complete": complete,
        "glucocorticoids": list(records),
    }
    if weight is not None:
        data["patient"] = {"weight": weight}
    return data


def verdict(schedule: str, *records: dict[str, Any], **kwargs: Any) -> str:
    complete = kwargs.pop("complete", True)
    weight = kwargs.pop("weight", "70 kg")
    data = course(*records, complete=complete, weight=weight)
    return check_glucocorticoid_pulses(data, schedule, **kwargs).verdict


# ------------------------------------------------------------------ KDIGO 2024 (0.25-0.5 g/day)


def test_kdigo_pulse_exactly_0_5_g_is_within_range_under_kdigo_2024() -> None:
    assert verdict("kdigo-2024-gc-reduced", pulse(1, 3, "500")) == WITHIN


def test_kdigo_pulse_just_above_0_5_g_is_above_range_under_kdigo_2024() -> None:
    d = check_glucocorticoid_pulses(course(pulse(1, 2, "500"), pulse(3, 3, "501")))
    assert d.verdict == ABOVE
    assert d.criterion("mp-pulse-daily-max").outcome is Outcome.NOT_MET
    assert d.criterion("mp-pulse-daily-max").observed == Decimal("0.501")  # g, as the source


def test_kdigo_pulse_exactly_0_25_g_is_within_range_under_kdigo_2024() -> None:
    assert verdict("kdigo-2024-gc-reduced", pulse(1, 3, "250")) == WITHIN


def test_kdigo_pulse_just_below_0_25_g_is_below_range_under_kdigo_2024() -> None:
    d = check_glucocorticoid_pulses(course(pulse(1, 1, "249")), "kdigo-2024-gc-reduced")
    assert d.verdict == BELOW
    assert d.criterion("mp-pulse-daily-min").outcome is Outcome.NOT_MET


def test_kdigo_exactly_3_pulse_days_are_within_up_to_3_days() -> None:
    d = check_glucocorticoid_pulses(course(pulse(1, 3)), "kdigo-2024-gc-high")
    assert d.verdict == WITHIN
    assert d.criterion("mp-pulses-days-max").outcome is Outcome.MET


def test_kdigo_4_pulse_days_exceed_up_to_3_days() -> None:
    d = check_glucocorticoid_pulses(course(pulse(1, 4)), "kdigo-2024-gc-reduced")
    assert d.verdict == ABOVE
    criterion = d.criterion("mp-pulses-days-max")
    assert (criterion.outcome, criterion.observed, criterion.threshold) == (
        Outcome.NOT_MET,
        "4",
        "3",
    )


def test_kdigo_no_pulse_is_no_pulses_because_no_minimum_is_stated() -> None:
    d = check_glucocorticoid_pulses(course(oral(1, 30)), "kdigo-2024-gc-reduced")
    assert d.verdict == NONE
    assert d.criterion("pulse-course").outcome is Outcome.MET


def test_kdigo_pulses_not_consecutive_are_still_within_range() -> None:
    # 'for up to 3 days' is read as a count of pulse days, not a consecutive run
    assert verdict("kdigo-2024-gc-reduced", pulse(1), oral(2, 2), pulse(3), oral(4, 20)) == WITHIN


def test_missing_records_in_the_window_make_the_pulse_course_not_evaluable() -> None:
    d = check_glucocorticoid_pulses(
        course(pulse(1, 3), oral(4, 10), complete=False), "kdigo-2024-gc-reduced"
    )
    assert d.verdict == UNKNOWN
    assert d.missing_inputs == tuple(f"glucocorticoid dose on {day(n)}" for n in range(11, 15))
    assert d.criterion("mp-pulses-days-max").outcome is Outcome.UNKNOWN


def test_a_broken_upper_bound_is_decided_despite_missing_records() -> None:
    d = check_glucocorticoid_pulses(course(pulse(1, 4), complete=False), "kdigo-2024-gc-reduced")
    assert d.verdict == ABOVE
    assert not d.missing_inputs


def test_records_covering_every_window_day_need_no_completeness_flag() -> None:
    assert verdict("kdigo-2024-gc-reduced", pulse(1, 3), oral(4, 14), complete=False) == WITHIN


def test_a_pulse_after_the_window_is_not_part_of_the_initial_course() -> None:
    records = (pulse(1, 3), oral(4, 40), pulse(20, 21))
    assert verdict("kdigo-2024-gc-reduced", *records) == WITHIN
    assert verdict("kdigo-2024-gc-reduced", *records, pulse_window_days=21) == ABOVE


def test_window_edge_day_14_is_inside_and_day_15_outside_by_default() -> None:
    assert verdict("kdigo-2024-gc-reduced", pulse(1, 3), pulse(14)) == ABOVE
    assert verdict("kdigo-2024-gc-reduced", pulse(1, 3), pulse(15)) == WITHIN


def test_screening_pulses_before_day_1_count_only_with_a_lookback() -> None:
    records = (pulse(-1, 0, "1000"), oral(1, 30))
    assert verdict("nobility-gc", *records) == NONE
    d = check_glucocorticoid_pulses(course(*records), "nobility-gc", pulse_lookback_days=2)
    assert d.verdict == WITHIN
    assert d.detail("pulse_window") == "study days -1-14 (2024-01-06 to 2024-01-21)"


def test_the_window_is_open_before_its_last_day_so_the_course_is_not_yet_decided() -> None:
    d = check_glucocorticoid_pulses(course(pulse(1, 2), oral(3, 30)), at=day(3))
    assert d.verdict == UNKNOWN
    assert "pulse-window-open" in d.flags
    assert d.assessed_on == START + timedelta(days=2)
    # the last window day closes it
    assert verdict("kdigo-2024-gc-reduced", pulse(1, 2), oral(3, 30), at=day(14)) == WITHIN


def test_at_can_be_a_study_week() -> None:
    assert verdict("kdigo-2024-gc-reduced", pulse(1, 2), oral(3, 30), at=2) == WITHIN


def test_intravenous_records_of_another_glucocorticoid_are_not_counted() -> None:
    dexa = {"start": day(1), "daily_dose": "20 mg", "drug": "dexamethasone", "route": "iv"}
    d = check_glucocorticoid_pulses(course(dexa, oral(2, 30)), "kdigo-2024-gc-reduced")
    assert d.verdict == NONE
    assert "iv-glucocorticoid-not-pulsed-drug" in d.flags


def test_methylprednisolone_without_a_route_is_not_a_pulse() -> None:
    unrouted = pulse(1, 3)
    del unrouted["route"]
    assert verdict("kdigo-2024-gc-reduced", unrouted) == NONE


def test_two_records_on_one_day_add_up() -> None:
    assert verdict("kdigo-2024-gc-reduced", pulse(1, 1, "250"), pulse(1, 1, "251")) == ABOVE
    assert verdict("kdigo-2024-gc-reduced", pulse(1, 1, "250"), pulse(1, 1, "250")) == WITHIN


def test_a_pulse_dose_in_grams_is_compared_exactly() -> None:
    record = pulse(1, 3)
    record["daily_dose"] = "0.5 g"
    assert verdict("kdigo-2024-gc-reduced", record) == WITHIN


# ------------------------------------------------------------- ACR 2024 (250-1000 mg, 1-3 days)


@pytest.mark.parametrize(
    ("mg", "expected"),
    [("1000", WITHIN), ("1001", ABOVE), ("250", WITHIN), ("249", BELOW), ("600", WITHIN)],
)
def test_acr_2024_pulse_dose_boundaries(mg: str, expected: str) -> None:
    assert verdict("acr-2024-gc", pulse(1, 1, mg)) == expected


@pytest.mark.parametrize(("days", "expected"), [(0, BELOW), (1, WITHIN), (3, WITHIN), (4, ABOVE)])
def test_acr_2024_pulse_day_count_boundaries(days: int, expected: str) -> None:
    records = [pulse(1, days)] if days else [oral(1, 30)]
    assert verdict("acr-2024-gc", *records) == expected


def test_acr_2024_requires_a_pulse_so_none_is_below_range() -> None:
    d = check_glucocorticoid_pulses(course(oral(1, 30)), "acr-2024-gc")
    assert d.criterion("mp-pulses-days-min").outcome is Outcome.NOT_MET


# ------------------------------------------------------------------ EULAR 2012 (3 x 500-750 mg)


@pytest.mark.parametrize(
    ("mg", "expected"), [("750", WITHIN), ("751", ABOVE), ("500", WITHIN), ("499", BELOW)]
)
def test_eular_2012_pulse_dose_boundaries(mg: str, expected: str) -> None:
    assert verdict("eular-2012-gc", pulse(1, 3, mg)) == expected


@pytest.mark.parametrize(("days", "expected"), [(2, BELOW), (3, WITHIN), (4, ABOVE)])
def test_eular_2012_exactly_three_pulses(days: int, expected: str) -> None:
    assert verdict("eular-2012-gc", pulse(1, days)) == expected


def test_eular_2012_pulses_must_be_consecutive() -> None:
    d = check_glucocorticoid_pulses(course(pulse(1, 2), oral(3, 3), pulse(4)), "eular-2012-gc")
    assert d.verdict == OUTSIDE
    assert d.criterion("mp-pulses-consecutive").outcome is Outcome.NOT_MET


def test_eular_2012_a_gap_day_without_a_record_leaves_consecutiveness_unknown() -> None:
    d = check_glucocorticoid_pulses(
        course(pulse(1, 2), pulse(4), oral(5, 20), complete=False), "eular-2012-gc"
    )
    assert d.verdict == UNKNOWN
    assert d.criterion("mp-pulses-consecutive").outcome is Outcome.UNKNOWN


def test_eular_2012_1_0_0_did_not_require_consecutive_pulses() -> None:
    old = ln.get_rule_set("eular-2012-gc@1.0.0").parameters
    assert not old.pulses[0].consecutive
    assert ln.get_rule_set("eular-2012-gc").parameters.pulses[0].consecutive


# ------------------------------------------------------------------ EULAR 2019 (total 500-2500 mg)


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ((pulse(1, 1, "500"),), WITHIN),
        ((pulse(1, 1, "499"),), BELOW),
        ((pulse(1, 1, "1000"), pulse(2, 2, "1000"), pulse(3, 3, "500")), WITHIN),
        ((pulse(1, 1, "1000"), pulse(2, 2, "1000"), pulse(3, 3, "501")), ABOVE),
        ((oral(1, 30),), BELOW),
    ],
)
def test_eular_2019_pulse_total_boundaries(
    records: tuple[dict[str, Any], ...], expected: str
) -> None:
    assert verdict("eular-2019-gc", *records) == expected


def test_eular_2019_total_below_500_mg_is_not_decided_while_window_days_are_unknown() -> None:
    d = check_glucocorticoid_pulses(
        course(pulse(1, 1, "400"), oral(2, 10), complete=False), "eular-2019-gc"
    )
    assert d.criterion("mp-pulse-total-min").outcome is Outcome.UNKNOWN
    assert d.verdict == UNKNOWN
    assert d.missing_inputs == tuple(f"glucocorticoid dose on {day(n)}" for n in range(11, 15))
    # the same course with complete records is below the 500 mg total
    assert verdict("eular-2019-gc", pulse(1, 1, "400"), oral(2, 10)) == BELOW


def test_acr_2024_no_pulse_with_unrecorded_window_days_is_not_evaluable() -> None:
    d = check_glucocorticoid_pulses(course(oral(2, 14), complete=False), "acr-2024-gc")
    assert d.verdict == UNKNOWN
    assert d.missing_inputs == (f"glucocorticoid dose on {day(1)}",)
    assert d.criterion("mp-pulses-days-min").outcome is Outcome.UNKNOWN


def test_eular_2019_total_minimum_is_met_early_even_while_the_window_is_open() -> None:
    d = check_glucocorticoid_pulses(course(pulse(1, 1, "500")), "eular-2019-gc", at=day(1))
    assert d.criterion("mp-pulse-total-min").outcome is Outcome.MET
    assert d.criterion("mp-pulse-total-max").outcome is Outcome.UNKNOWN
    assert d.verdict == UNKNOWN


# ------------------------------------------------------------- AURORA 1 (weight bands, days 1-2)


def test_aurora_1_0_5_g_on_days_1_and_2_is_within_range_at_70_kg() -> None:
    assert verdict("aurora-1-gc", pulse(1, 2, "500"), oral(3, 30)) == WITHIN


def test_aurora_1_weight_exactly_45_kg_takes_the_0_5_g_regimen() -> None:
    assert verdict("aurora-1-gc", pulse(1, 2, "500"), weight="45 kg") == WITHIN
    assert verdict("aurora-1-gc", pulse(1, 2, "250"), weight="45 kg") == BELOW


def test_aurora_1_weight_just_under_45_kg_takes_the_0_25_g_regimen() -> None:
    assert verdict("aurora-1-gc", pulse(1, 2, "250"), weight="44.9 kg") == WITHIN
    assert verdict("aurora-1-gc", pulse(1, 2, "500"), weight="44.9 kg") == ABOVE


@pytest.mark.parametrize(("mg", "expected"), [("499", BELOW), ("500", WITHIN), ("501", ABOVE)])
def test_aurora_1_pulse_exactly_0_5_g_at_45_kg_or_more(mg: str, expected: str) -> None:
    assert verdict("aurora-1-gc", pulse(1, 2, mg), weight="70 kg") == expected


@pytest.mark.parametrize(("mg", "expected"), [("249", BELOW), ("250", WITHIN), ("251", ABOVE)])
def test_aurora_1_pulse_exactly_0_25_g_under_45_kg(mg: str, expected: str) -> None:
    assert verdict("aurora-1-gc", pulse(1, 2, mg), weight="44.9 kg") == expected


def test_aurora_1_a_single_pulse_day_is_below_the_two_days() -> None:
    d = check_glucocorticoid_pulses(course(pulse(1, 1, "500"), oral(2, 30)), "aurora-1-gc")
    assert d.verdict == BELOW
    assert d.criterion("mp-pulses-45-kg-or-more-days-min").outcome is Outcome.NOT_MET


def test_aurora_1_day_2_without_a_record_leaves_the_course_open() -> None:
    d = check_glucocorticoid_pulses(
        course(pulse(1, 1, "500"), oral(3, 30), complete=False), "aurora-1-gc"
    )
    assert d.verdict == UNKNOWN
    assert d.missing_inputs == (f"glucocorticoid dose on {day(2)}",)


def test_aurora_1_without_weight_is_not_evaluable_when_the_bands_disagree() -> None:
    d = check_glucocorticoid_pulses(course(pulse(1, 2, "500"), weight=None), "aurora-1-gc")
    assert d.verdict == UNKNOWN
    assert d.missing_inputs == ("weight",)
    assert len(d.criterion("pulse-course").children) == 2


def test_aurora_1_without_weight_is_decided_when_both_bands_agree() -> None:
    # no pulse at all is below range under both regimens (two pulse days required)
    assert verdict("aurora-1-gc", oral(1, 30), weight=None) == BELOW


def test_aurora_1_weight_argument_overrides_the_course() -> None:
    data = course(pulse(1, 2, "250"), weight=None)
    assert check_glucocorticoid_pulses(data, "aurora-1-gc", weight_kg=40).verdict == WITHIN


def test_aurora_1_a_third_pulse_day_is_above_range() -> None:
    assert verdict("aurora-1-gc", pulse(1, 3, "500")) == ABOVE


def test_aurora_1_pulses_on_days_2_and_3_are_outside_the_stated_days() -> None:
    d = check_glucocorticoid_pulses(course(oral(1, 1), pulse(2, 3, "500")), "aurora-1-gc")
    assert d.verdict == OUTSIDE
    assert d.criterion("mp-pulses-45-kg-or-more-study-days").outcome is Outcome.NOT_MET


# ------------------------------------------------------------------ NOBILITY (optional, 1000 mg)


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ((oral(1, 30),), NONE),
        ((pulse(1, 3, "1000"),), WITHIN),
        ((pulse(1, 1, "999"),), BELOW),
        ((pulse(1, 1, "1001"),), ABOVE),
        ((pulse(1, 4, "1000"),), ABOVE),
    ],
)
def test_nobility_optional_pulses_boundaries(
    records: tuple[dict[str, Any], ...], expected: str
) -> None:
    assert verdict("nobility-gc", *records) == expected


# ------------------------------------------------------------------ option pulse_requirement


@pytest.mark.parametrize(
    ("schedule", "as_stated"),
    [
        ("acr-2024-gc", BELOW),
        ("eular-2012-gc", BELOW),
        ("eular-2019-gc", BELOW),
        ("aurora-1-gc", BELOW),
        ("kdigo-2024-gc-reduced", NONE),
        ("nobility-gc", NONE),
    ],
)
def test_no_pulse_at_all_by_pulse_requirement(schedule: str, as_stated: str) -> None:
    assert verdict(schedule, oral(1, 30)) == as_stated
    assert verdict(schedule, oral(1, 30), pulse_requirement="as-stated") == as_stated
    assert verdict(schedule, oral(1, 30), pulse_requirement="optional") == NONE


def test_optional_pulse_requirement_still_checks_the_pulses_given() -> None:
    # one 500 mg pulse: below the three pulses of EULAR 2012 whether or not they are required
    records = (pulse(1, 1, "500"), oral(2, 30))
    assert verdict("eular-2012-gc", *records, pulse_requirement="optional") == BELOW
    assert verdict("acr-2024-gc", pulse(1, 1, "1001"), pulse_requirement="optional") == ABOVE
    assert verdict("acr-2024-gc", pulse(1, 1, "249"), pulse_requirement="optional") == BELOW


def test_optional_pulse_requirement_is_recorded_and_explained() -> None:
    d = check_glucocorticoid_pulses(
        course(oral(1, 30)), "acr-2024-gc", pulse_requirement="optional"
    )
    assert dict(d.options)["pulse_requirement"] == "optional"
    assert "pulse_requirement='optional'" in (d.criterion("mp-pulses").note or "")
    assert d.criterion("mp-pulses-days-min").outcome is Outcome.MET


def test_optional_pulse_requirement_with_unrecorded_days_is_not_evaluable() -> None:
    data = course(oral(2, 14), complete=False)
    d = check_glucocorticoid_pulses(data, "acr-2024-gc", pulse_requirement="optional")
    assert d.verdict == UNKNOWN


def test_pulse_requirement_rejects_other_values_and_the_1_0_0_versions() -> None:
    with pytest.raises(OptionError):
        check_glucocorticoid_pulses(course(pulse(1, 3)), "acr-2024-gc", pulse_requirement="yes")
    with pytest.raises(OptionError):
        check_glucocorticoid_taper(
            course(pulse(1, 3)), "acr-2024-gc@1.0.0", at=1, pulse_requirement="optional"
        )


# ------------------------------------------------------------------ the taper check carries it


def test_taper_check_adds_the_pulse_course_criterion_and_details() -> None:
    data = course(pulse(1, 4), oral(5, 60, "40"))
    d = check_glucocorticoid_taper(data, "kdigo-2024-gc-reduced", at=1)
    assert d.rule_set == "kdigo-2024-gc-reduced@1.1.0"
    assert d.criterion("pulse-course").outcome is Outcome.NOT_MET
    assert d.detail("pulse_status") == ABOVE
    assert d.detail("pulse_days") == 4
    assert d.detail("pulse_total_mg") == 2000
    assert "pulse-course-above-range" in d.flags
    # the verdict is about the oral dose on the assessment day
    assert d.verdict == "on_schedule"


def test_taper_check_version_1_0_0_has_no_pulse_criterion() -> None:
    data = course(pulse(1, 4), oral(5, 60, "40"))
    d = check_glucocorticoid_taper(data, "kdigo-2024-gc-reduced@1.0.0", at=1)
    assert d.rule_set == "kdigo-2024-gc-reduced@1.0.0"
    assert "pulse-course" not in [c.id for c in d.criteria]
    assert d.detail("pulse_status") is None


def test_taper_check_1_0_0_rejects_the_pulse_options() -> None:
    with pytest.raises(OptionError):
        check_glucocorticoid_taper(
            course(pulse(1, 3)), "kdigo-2024-gc-reduced@1.0.0", at=1, pulse_window_days=7
        )


def test_pulse_check_refuses_a_version_that_does_not_check_pulses() -> None:
    with pytest.raises(InputError, match="latest version"):
        check_glucocorticoid_pulses(course(pulse(1, 3)), "aurora-1-gc@1.0.0")


def test_pulse_check_refuses_a_schedule_without_pulses() -> None:
    with pytest.raises(InputError, match="no pulse regimen"):
        check_glucocorticoid_pulses(course(pulse(1, 3)), "regency-gc")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("pulse_window_days", 0),
        ("pulse_window_days", "14"),
        ("pulse_window_days", 14.0),
        ("pulse_lookback_days", -1),
        ("pulse_lookback_days", True),
    ],
)
def test_pulse_options_must_be_integers_in_range(name: str, value: object) -> None:
    with pytest.raises(OptionError):
        check_glucocorticoid_pulses(course(pulse(1, 3)), **{name: value})


def test_pulse_check_with_dose_records_needs_a_start_date() -> None:
    with pytest.raises(InputError, match="start_date"):
        check_glucocorticoid_pulses([pulse(1, 3)])
    d = check_glucocorticoid_pulses([pulse(1, 3)], start_date=START.isoformat())
    assert d.verdict == UNKNOWN  # no completeness flag: days 4-14 are unknown


def test_pulse_decision_round_trips_through_json() -> None:
    d = check_glucocorticoid_pulses(course(pulse(1, 2, "500"), weight=None), "aurora-1-gc")
    assert ln.Decision.from_json(d.to_json()) == d


def test_the_pulse_spec_rejects_a_non_dose_bound_and_reversed_ranges() -> None:
    weight_bound = dose("w", "w", ">=", "45", "aurora-1")
    object.__setattr__(weight_bound, "quantity", ln.Quantity.WEIGHT)
    with pytest.raises(LupusNephritisError):
        PulseSpec("x", "x", "methylprednisolone", "aurora-1", daily_min=weight_bound)
    with pytest.raises(LupusNephritisError):
        PulseSpec("x", "x", "methylprednisolone", "aurora-1", min_days=3, max_days=2)


def test_a_schedule_that_checks_pulses_needs_a_pulse_regimen() -> None:
    with pytest.raises(LupusNephritisError):
        TaperSchedule(rows=(), gaps="none", checks_pulses=True)


# ------------------------------------------------------------------ properties


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=100, max_value=700), min_size=1, max_size=5))
def test_kdigo_pulse_verdict_matches_an_independent_oracle(doses: list[int]) -> None:
    records = [pulse(i + 1, i + 1, str(mg)) for i, mg in enumerate(doses)]
    above = max(doses) > 500 or len(doses) > 3
    below = min(doses) < 250
    expected = ABOVE if above else BELOW if below else WITHIN
    assert verdict("kdigo-2024-gc-reduced", *records) == expected


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=3), st.sampled_from(["250", "400", "500"]))
def test_one_multi_day_record_equals_the_same_pulses_day_by_day(days: int, mg: str) -> None:
    joined = check_glucocorticoid_pulses(course(pulse(1, days, mg)), "acr-2024-gc")
    split = check_glucocorticoid_pulses(
        course(*(pulse(n, n, mg) for n in range(1, days + 1))), "acr-2024-gc"
    )
    assert joined.verdict == split.verdict == WITHIN
    assert joined.details == split.details
