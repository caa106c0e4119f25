"""Treatment duration: KDIGO 2024 (36 months), EULAR 2023 (3 years after response), ACR 2024."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import InputError, OptionError, UnknownRuleSetError
from lupus_nephritis.regimens.duration import (
    DurationStatus,
    ImmunosuppressionCourse,
    add_months,
    check_treatment_duration,
    months_elapsed,
)
from lupus_nephritis.registry import RuleKind, get_rule_set

KDIGO = "kdigo-2024-duration"
EULAR = "eular-2023-duration"
ACR = "acr-2024-duration"

CONTINUE, SUFFICIENT, BEYOND, NA, NE = (
    DurationStatus.CONTINUE.value,
    DurationStatus.SUFFICIENT.value,
    DurationStatus.BEYOND_RECOMMENDED.value,
    DurationStatus.NOT_APPLICABLE.value,
    DurationStatus.NOT_EVALUABLE.value,
)

START = date(2021, 3, 15)
DAY = timedelta(days=1)


def course(**fields: Any) -> dict[str, Any]:
    return {"start_date": START.isoformat(), **fields}


def response(on: date, kind: str | None) -> dict[str, Any]:
    return {"date": on.isoformat(), "type": kind}


# ----------------------------------------------------------------------------- calendar


def test_add_months_clamps_to_the_end_of_shorter_months() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 1, 31), 2) == date(2024, 3, 31)
    assert add_months(date(2020, 2, 29), 36) == date(2023, 2, 28)
    assert add_months(date(2024, 5, 15), -5) == date(2023, 12, 15)


def test_add_months_rejects_non_integers_and_out_of_calendar() -> None:
    with pytest.raises(InputError):
        add_months(date(2024, 1, 1), 1.5)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        add_months(date(9999, 12, 1), 1)


def test_months_elapsed_is_exact_on_anniversaries_and_fractional_between() -> None:
    assert months_elapsed(START, add_months(START, 36)) == 36
    assert months_elapsed(START, add_months(START, 36) - DAY) == 35 + Fraction(28, 29)
    assert months_elapsed(date(2024, 1, 31), date(2024, 2, 29)) == 1
    assert months_elapsed(date(2024, 1, 31), date(2024, 2, 28)) == Fraction(28, 29)
    assert months_elapsed(START, START) == 0
    with pytest.raises(InputError):
        months_elapsed(START, START - DAY)


dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@settings(max_examples=100, deadline=None)
@given(first=dates, months=st.integers(min_value=0, max_value=400))
def test_months_elapsed_inverts_add_months(first: date, months: int) -> None:
    assert months_elapsed(first, add_months(first, months)) == months


@settings(max_examples=100, deadline=None)
@given(
    first=dates,
    a=st.integers(min_value=0, max_value=4000),
    b=st.integers(min_value=0, max_value=4000),
)
def test_months_elapsed_is_monotone(first: date, a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    assert months_elapsed(first, first + timedelta(days=lo)) <= months_elapsed(
        first, first + timedelta(days=hi)
    )
    if lo < hi:
        assert months_elapsed(first, first + timedelta(days=lo)) < months_elapsed(
            first, first + timedelta(days=hi)
        )


@settings(max_examples=100, deadline=None)
@given(first=dates, days=st.integers(min_value=0, max_value=4000))
def test_whole_months_reached_agree_with_add_months(first: date, days: int) -> None:
    last = first + timedelta(days=days)
    whole = int(months_elapsed(first, last))  # floor, non-negative
    assert add_months(first, whole) <= last < add_months(first, whole + 1)


# ----------------------------------------------------------------------------- KDIGO


def test_kdigo_35_months_and_a_bit_is_continue() -> None:
    decision = check_treatment_duration(course(), KDIGO, at=add_months(START, 36) - DAY)
    assert decision.verdict == CONTINUE
    assert decision.criterion("total-duration").outcome == "not_met"


def test_kdigo_exactly_36_months_is_sufficient() -> None:
    decision = check_treatment_duration(course(), KDIGO, at=add_months(START, 36))
    assert decision.verdict == SUFFICIENT
    criterion = decision.criterion("total-duration")
    assert criterion.observed == Decimal(36)
    assert criterion.threshold == Decimal(36)
    assert criterion.threshold_unit == "mo"
    assert criterion.comparator == ">="
    assert criterion.source_id == "kdigo-2024-ln"
    assert decision.detail("minimum_reached_on") == "2024-03-15"


def test_kdigo_inside_well_beyond_36_months_is_sufficient() -> None:
    assert check_treatment_duration(course(), KDIGO, at="2026-01-01").verdict == SUFFICIENT


def test_kdigo_missing_evaluation_date_is_not_evaluable() -> None:
    decision = check_treatment_duration(course(), KDIGO)
    assert decision.verdict == NE
    assert decision.missing_inputs == ("at",)


def test_kdigo_counts_from_start_without_response_dates() -> None:
    decision = check_treatment_duration(course(responses=[]), KDIGO, at=add_months(START, 36))
    assert decision.verdict == SUFFICIENT
    assert decision.detail("count_from") == START.isoformat()


def test_kdigo_leap_day_start_reaches_36_months_on_february_28() -> None:
    data = {"start_date": "2020-02-29"}
    assert check_treatment_duration(data, KDIGO, at="2023-02-27").verdict == CONTINUE
    assert check_treatment_duration(data, KDIGO, at="2023-02-28").verdict == SUFFICIENT


def test_planned_stop_date_is_the_default_evaluation_date() -> None:
    early = course(
        planned_stop_date=(add_months(START, 30)).isoformat(),
        assessment_date=(add_months(START, 40)).isoformat(),
    )
    decision = check_treatment_duration(early, KDIGO)
    assert decision.verdict == CONTINUE
    assert decision.detail("evaluated_at") == "planned_stop_date"
    late = course(assessment_date=(add_months(START, 40)).isoformat())
    assert check_treatment_duration(late, KDIGO).verdict == SUFFICIENT
    assert check_treatment_duration(early, KDIGO, at=add_months(START, 40)).verdict == SUFFICIENT


def test_kdigo_phase_months_are_reported() -> None:
    data = course(maintenance_start=add_months(START, 6).isoformat())
    decision = check_treatment_duration(data, KDIGO, at=add_months(START, 36))
    assert decision.detail("initial_phase_months") == Decimal(6)
    assert decision.detail("maintenance_months") == Decimal(30)


def test_kdigo_gc_withdrawal_after_12_months_of_complete_response() -> None:
    cr = date(2022, 1, 10)
    data = course(responses=[response(cr, "complete")], are_responses_complete=True)
    before = check_treatment_duration(data, KDIGO, at=add_months(cr, 12) - DAY)
    at = check_treatment_duration(data, KDIGO, at=add_months(cr, 12))
    assert before.criterion("gc-withdrawal-considered").outcome == "not_met"
    assert at.criterion("gc-withdrawal-considered").outcome == "met"
    assert before.verdict == at.verdict == CONTINUE  # informational only
    unknown = check_treatment_duration(course(), KDIGO, at=add_months(cr, 12))
    assert unknown.criterion("gc-withdrawal-considered").outcome == "unknown"
    none_yet = check_treatment_duration(course(are_responses_complete=True), KDIGO, at="2023-01-01")
    assert none_yet.criterion("gc-withdrawal-considered").outcome == "not_met"


def test_evaluation_before_start_raises() -> None:
    with pytest.raises(InputError):
        check_treatment_duration(course(), KDIGO, at=START - DAY)
    with pytest.raises(InputError):
        check_treatment_duration(course(), KDIGO, at="15/03/2021")


# ----------------------------------------------------------------------------- EULAR 2023

RESPONSE = date(2022, 6, 1)


def test_eular_3_years_after_response_exactly_is_sufficient() -> None:
    data = course(responses=[response(RESPONSE, "partial")], are_responses_complete=True)
    assert check_treatment_duration(data, EULAR, at=date(2025, 5, 31)).verdict == CONTINUE
    decision = check_treatment_duration(data, EULAR, at=date(2025, 6, 1))
    assert decision.verdict == SUFFICIENT
    assert decision.detail("count_from") == RESPONSE.isoformat()
    assert decision.criterion("duration-after-response").source_id == "eular-2023-sle"
    assert check_treatment_duration(data, EULAR, at=date(2026, 1, 1)).verdict == SUFFICIENT


def test_eular_response_dates_unknown_is_not_evaluable() -> None:
    decision = check_treatment_duration(course(), EULAR, at="2026-01-01")
    assert decision.verdict == NE
    assert decision.missing_inputs == ("renal response date",)


def test_eular_no_response_yet_with_complete_records_is_continue() -> None:
    decision = check_treatment_duration(course(are_responses_complete=True), EULAR, at="2030-01-01")
    assert decision.verdict == CONTINUE


def test_eular_response_after_the_evaluation_date_is_ignored() -> None:
    data = course(responses=[response(date(2027, 1, 1), "complete")], are_responses_complete=True)
    assert check_treatment_duration(data, EULAR, at="2026-01-01").verdict == CONTINUE


def test_eular_response_type_complete_counts_from_first_complete_response() -> None:
    data = course(
        responses=[response(RESPONSE, "partial"), response(date(2023, 1, 1), "complete")],
        are_responses_complete=True,
    )
    at = date(2025, 6, 1)
    assert check_treatment_duration(data, EULAR, at=at).verdict == SUFFICIENT
    strict = check_treatment_duration(data, EULAR, at=at, response_type="complete")
    assert strict.verdict == CONTINUE
    assert strict.detail("count_from") == "2023-01-01"
    assert ("response_type", "complete") in strict.options


def test_eular_untyped_response_decides_only_when_both_readings_agree() -> None:
    data = course(
        responses=[response(date(2022, 1, 1), None), response(date(2023, 1, 1), "complete")],
        are_responses_complete=True,
    )
    kwargs = {"response_type": "complete"}
    assert check_treatment_duration(data, EULAR, at="2024-12-31", **kwargs).verdict == CONTINUE
    uncertain = check_treatment_duration(data, EULAR, at="2025-06-01", **kwargs)
    assert uncertain.verdict == NE
    assert uncertain.missing_inputs == ("renal response type",)
    assert check_treatment_duration(data, EULAR, at="2026-01-01", **kwargs).verdict == SUFFICIENT


def test_eular_complete_response_unknown_with_incomplete_records() -> None:
    data = course(responses=[response(RESPONSE, "partial")])
    decision = check_treatment_duration(data, EULAR, at="2030-01-01", response_type="complete")
    assert decision.verdict == NE


def test_eular_bad_option_raises() -> None:
    with pytest.raises(OptionError):
        check_treatment_duration(course(), EULAR, at="2025-01-01", response_type="partial")
    with pytest.raises(OptionError):
        check_treatment_duration(course(), KDIGO, at="2025-01-01", response_type="any")


# ----------------------------------------------------------------------------- ACR 2024

ACR_START = date(2020, 1, 15)


def acr_course(**fields: Any) -> dict[str, Any]:
    return {
        "start_date": ACR_START.isoformat(),
        "responses": [response(date(2020, 9, 1), "complete")],
        **fields,
    }


@pytest.mark.parametrize(
    ("at", "verdict"),
    [
        (date(2023, 1, 14), CONTINUE),
        (date(2023, 1, 15), SUFFICIENT),
        (date(2024, 6, 1), SUFFICIENT),
        (date(2025, 1, 15), SUFFICIENT),
        (date(2025, 1, 16), BEYOND),
    ],
)
def test_acr_3_to_5_years_for_complete_responders(at: date, verdict: str) -> None:
    decision = check_treatment_duration(acr_course(), ACR, at=at)
    assert decision.verdict == verdict


def test_acr_window_details_and_criteria() -> None:
    decision = check_treatment_duration(acr_course(), ACR, at=date(2025, 1, 16))
    assert decision.detail("minimum_reached_on") == "2023-01-15"
    assert decision.detail("window_ends_on") == "2025-01-15"
    assert decision.criterion("maximum-total-duration").outcome == "not_met"
    assert decision.criterion("complete-response").outcome == "met"


def test_acr_no_complete_response_is_not_applicable() -> None:
    data = acr_course(
        responses=[response(date(2020, 9, 1), "partial")], are_responses_complete=True
    )
    assert check_treatment_duration(data, ACR, at="2024-01-01").verdict == NA


def test_acr_responses_unknown_is_not_evaluable() -> None:
    data = {"start_date": ACR_START.isoformat()}
    decision = check_treatment_duration(data, ACR, at="2024-01-01")
    assert decision.verdict == NE
    assert decision.missing_inputs == ("renal response",)
    partial = acr_course(responses=[response(date(2020, 9, 1), "partial")])
    assert check_treatment_duration(partial, ACR, at="2024-01-01").verdict == NE
    untyped = acr_course(responses=[response(date(2020, 9, 1), None)], are_responses_complete=True)
    assert check_treatment_duration(untyped, ACR, at="2024-01-01").verdict == NE


def test_acr_complete_response_after_evaluation_is_not_counted() -> None:
    data = acr_course(
        responses=[response(date(2024, 6, 1), "complete")], are_responses_complete=True
    )
    assert check_treatment_duration(data, ACR, at="2024-01-01").verdict == NA
    assert check_treatment_duration(data, ACR, at="2024-06-01").verdict == SUFFICIENT


# ----------------------------------------------------------------------------- inputs, registry


def test_input_model_validates_date_order_and_fields() -> None:
    with pytest.raises(ValidationError):
        ImmunosuppressionCourse.model_validate(
            course(responses=[response(START - DAY, "complete")])
        )
    with pytest.raises(ValidationError):
        ImmunosuppressionCourse.model_validate(course(planned_stop_date="2020-01-01"))
    with pytest.raises(ValidationError):
        ImmunosuppressionCourse.model_validate(course(maintenance_start="2020-01-01"))
    with pytest.raises(ValidationError):
        ImmunosuppressionCourse.model_validate(course(stop="2024-01-01"))
    with pytest.raises(ValidationError):
        ImmunosuppressionCourse.model_validate(course(responses=[response(START, "remission")]))
    with pytest.raises(InputError):
        check_treatment_duration(["not", "a", "course"], KDIGO)  # type: ignore[arg-type]


def test_responses_are_kept_sorted() -> None:
    model = ImmunosuppressionCourse.model_validate(
        course(
            responses=[
                response(date(2023, 1, 1), "complete"),
                response(date(2022, 1, 1), "partial"),
            ]
        )
    )
    assert [r.date for r in model.responses] == [date(2022, 1, 1), date(2023, 1, 1)]


def test_model_and_dict_give_the_same_decision() -> None:
    data = course(responses=[response(RESPONSE, "complete")])
    model = ImmunosuppressionCourse.model_validate(data)
    for rule_set_id in (KDIGO, EULAR, ACR):
        assert check_treatment_duration(
            model, rule_set_id, at="2025-01-01"
        ) == check_treatment_duration(data, rule_set_id, at="2025-01-01")


def test_rule_sets_are_registered_as_duration_and_evaluate_works() -> None:
    for rule_set_id in (KDIGO, EULAR, ACR):
        rule_set = get_rule_set(rule_set_id)
        assert rule_set.kind is RuleKind.DURATION
        assert rule_set.evaluate is not None
        assert rule_set.evaluate(course(), at="2025-01-01").rule_set_id == rule_set_id
    with pytest.raises(UnknownRuleSetError):
        check_treatment_duration(course(), "kdigo-2024-gc-reduced", at="2025-01-01")


def test_duration_decision_round_trips_through_json() -> None:
    decision = check_treatment_duration(acr_course(), ACR, at=date(2024, 2, 29))
    assert Decision.from_json(decision.to_json()) == decision


@settings(max_examples=60, deadline=None)
@given(days=st.integers(min_value=0, max_value=3000), rule_set_id=st.sampled_from([EULAR, ACR]))
def test_missing_response_dates_never_give_a_positive_verdict(days: int, rule_set_id: str) -> None:
    at = START + timedelta(days=days)
    decision = check_treatment_duration(course(), rule_set_id, at=at)
    assert decision.verdict in (CONTINUE, NE)
    if rule_set_id == ACR or at >= add_months(START, 36):
        # ACR: whether a CRR was reached is unknown; EULAR: the 3 years may have passed
        assert decision.verdict == NE
    else:
        # fewer than 3 years since the treatment start: 3 years after a response cannot
        # have passed, whenever the response was
        assert decision.verdict == CONTINUE


_ORDER = {CONTINUE: 0, SUFFICIENT: 1, BEYOND: 2}


@settings(max_examples=60, deadline=None)
@given(
    a=st.integers(min_value=240, max_value=4000),
    b=st.integers(min_value=240, max_value=4000),
    rule_set_id=st.sampled_from([KDIGO, EULAR, ACR]),
)
def test_verdict_is_monotone_in_the_evaluation_date(a: int, b: int, rule_set_id: str) -> None:
    data = acr_course(are_responses_complete=True)
    lo, hi = sorted((a, b))
    v_lo = check_treatment_duration(data, rule_set_id, at=ACR_START + timedelta(days=lo)).verdict
    v_hi = check_treatment_duration(data, rule_set_id, at=ACR_START + timedelta(days=hi)).verdict
    assert _ORDER[v_lo] <= _ORDER[v_hi]


# ----------------------------------------------------------------------------- review additions


def test_eular_incomplete_responses_recorded_response_is_only_the_latest_possible_start() -> None:
    # responses not marked complete: an unrecorded response may precede the recorded one
    data = course(responses=[response(RESPONSE, "partial")])
    before = check_treatment_duration(data, EULAR, at=add_months(START, 36) - DAY)
    assert before.verdict == CONTINUE  # not 3 years even since the treatment start
    uncertain = check_treatment_duration(data, EULAR, at=add_months(START, 36))
    assert uncertain.verdict == NE
    assert uncertain.missing_inputs == ("renal response date",)
    assert uncertain.detail("count_from_earliest") == START.isoformat()
    assert uncertain.detail("count_from_latest") == RESPONSE.isoformat()
    assert uncertain.criterion("duration-after-response").outcome == "unknown"
    last_uncertain = check_treatment_duration(data, EULAR, at=add_months(RESPONSE, 36) - DAY)
    assert last_uncertain.verdict == NE
    assert check_treatment_duration(data, EULAR, at=add_months(RESPONSE, 36)).verdict == SUFFICIENT


def test_eular_incomplete_responses_without_any_recorded_is_continue_in_the_first_3_years() -> None:
    assert check_treatment_duration(course(), EULAR, at=add_months(START, 36) - DAY).verdict == (
        CONTINUE
    )
    assert check_treatment_duration(course(), EULAR, at=add_months(START, 36)).verdict == NE


def test_eular_response_on_the_treatment_start_is_exact_even_if_not_marked_complete() -> None:
    data = course(responses=[response(START, "complete")])
    decision = check_treatment_duration(data, EULAR, at=add_months(START, 36) - DAY)
    assert decision.verdict == CONTINUE
    assert decision.detail("count_from") == START.isoformat()


def test_eular_leap_day_response_reaches_3_years_on_february_28() -> None:
    data = {
        "start_date": "2024-01-10",
        "responses": [response(date(2024, 2, 29), "complete")],
        "are_responses_complete": True,
    }
    assert check_treatment_duration(data, EULAR, at="2027-02-27").verdict == CONTINUE
    assert check_treatment_duration(data, EULAR, at="2027-02-28").verdict == SUFFICIENT


def test_acr_leap_day_start_window_ends_on_february_28_five_years_later() -> None:
    data = {
        "start_date": "2020-02-29",
        "responses": [response(date(2020, 10, 1), "complete")],
    }
    assert check_treatment_duration(data, ACR, at="2023-02-27").verdict == CONTINUE
    assert check_treatment_duration(data, ACR, at="2023-02-28").verdict == SUFFICIENT
    assert check_treatment_duration(data, ACR, at="2025-02-28").verdict == SUFFICIENT
    assert check_treatment_duration(data, ACR, at="2025-03-01").verdict == BEYOND


def test_kdigo_gc_withdrawal_with_incomplete_responses_is_three_valued() -> None:
    cr = date(2022, 1, 10)
    data = course(responses=[response(cr, "complete")])  # not marked complete
    early = check_treatment_duration(data, KDIGO, at=add_months(START, 12) - DAY)
    assert early.criterion("gc-withdrawal-considered").outcome == "not_met"
    between = check_treatment_duration(data, KDIGO, at=add_months(START, 12))
    assert between.criterion("gc-withdrawal-considered").outcome == "unknown"
    reached = check_treatment_duration(data, KDIGO, at=add_months(cr, 12))
    assert reached.criterion("gc-withdrawal-considered").outcome == "met"
    assert early.verdict == between.verdict == reached.verdict == CONTINUE  # informational


def test_evaluation_date_may_be_a_midnight_datetime_but_not_a_time_of_day() -> None:
    midnight = datetime(2024, 3, 15)
    assert check_treatment_duration(course(), KDIGO, at=midnight).verdict == SUFFICIENT
    with pytest.raises(InputError):
        check_treatment_duration(course(), KDIGO, at=datetime(2024, 3, 15, 8, 30))


@pytest.mark.parametrize("bad", [None, 36, ["kdigo-2024-duration"], {"id": KDIGO}])
def test_non_string_rule_set_is_an_unknown_rule_set(bad: object) -> None:
    with pytest.raises(UnknownRuleSetError):
        check_treatment_duration(course(), bad, at="2025-01-01")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad_course",
    [
        {"start_date": "2021-03-15", "responses": [{"date": "2021-04-01", "type": "cr"}]},
        {"start_date": "2021-03-15", "responses": None},
        {"start_date": "not a date"},
        {"start_date": "2021-03-15", "assessment_date": "2021-03-14"},
        {},
    ],
)
def test_invalid_course_dicts_raise_validation_errors(bad_course: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        check_treatment_duration(bad_course, KDIGO, at="2025-01-01")


def test_evaluation_at_the_end_of_the_calendar_raises_input_error() -> None:
    with pytest.raises(InputError):
        check_treatment_duration({"start_date": "9999-12-01"}, KDIGO, at="9999-12-31")


_TIME_ORDER = {CONTINUE: 0, NE: 1, SUFFICIENT: 2}


@settings(max_examples=60, deadline=None)
@given(
    a=st.integers(min_value=0, max_value=3000),
    b=st.integers(min_value=0, max_value=3000),
    first=st.integers(min_value=0, max_value=1500),
    response_type=st.sampled_from(["any", "complete"]),
)
def test_eular_verdict_never_goes_back_in_time_with_incomplete_responses(
    a: int, b: int, first: int, response_type: str
) -> None:
    # continue -> not evaluable -> sufficient as time passes, never backwards
    data = course(responses=[response(START + timedelta(days=first), "complete")])
    lo, hi = sorted((a, b))
    v_lo = check_treatment_duration(
        data, EULAR, at=START + timedelta(days=lo), response_type=response_type
    ).verdict
    v_hi = check_treatment_duration(
        data, EULAR, at=START + timedelta(days=hi), response_type=response_type
    ).verdict
    assert _TIME_ORDER[v_lo] <= _TIME_ORDER[v_hi]
