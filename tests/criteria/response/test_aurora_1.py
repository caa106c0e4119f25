"""AURORA 1 complete and partial renal response ("aurora-1")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from _trial_courses import (
    RANK,
    course,
    event,
    extra_dose,
    visit,
    week,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import OptionError
from lupus_nephritis.logic import Outcome

ID = "aurora-1"
FM = "first_morning"


def classify(c: dict[str, Any], **opts: Any) -> Decision:
    return classify_renal_response(c, definition=ID, **opts)


def verdict(**kw: Any) -> str:
    opts = kw.pop("opts", {})
    return classify(course(specimen=FM, **kw), **opts).verdict


# ------------------------------------------------------------------------ UPCR <= 0.5


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.49", "complete"), ("0.5", "complete"), ("0.51", "partial")],
)
def test_upcr_around_0_5_under_aurora_1(value: str, expected: str) -> None:
    assert verdict(upcr_value=value) == expected


def test_upcr_exactly_0_5_in_mg_per_mmol_is_complete_under_aurora_1() -> None:
    # 0.5 mg/mg = 56.56 mg/mmol exactly (creatinine 113.12 g/mol)
    assert verdict(upcr_value="56.56", unit="mg/mmol") == "complete"
    assert verdict(upcr_value="56.57", unit="mg/mmol") == "partial"


def test_upcr_missing_is_not_evaluable_with_the_input_listed() -> None:
    decision = classify(course(upcr_value=None, specimen=FM))
    assert decision.verdict == "not_evaluable"
    assert "assessment.upcr" in decision.missing_inputs


# ------------------------------------------------------------------------ eGFR component

NUMERIC = {"adjudication": "numeric-only", "egfr_confirmation": "single-measurement"}


def test_egfr_exactly_60_passes_even_with_a_large_decrease() -> None:
    assert verdict(egfr="60", base_egfr="100", opts=NUMERIC) == "complete"


def test_egfr_just_below_60_with_decrease_above_20_percent_fails_numerically() -> None:
    assert verdict(egfr="59.9", base_egfr="100", opts=NUMERIC) == "partial"


@pytest.mark.parametrize(
    ("current", "expected"),
    [("56", "complete"), ("55.9", "partial"), ("56.1", "complete")],
)
def test_egfr_decrease_exactly_20_percent_passes_under_aurora_1(
    current: str, expected: str
) -> None:
    # baseline 70: 56 is a decrease of exactly 20%
    assert verdict(egfr=current, base_egfr="70", opts=NUMERIC) == expected


def test_egfr_missing_is_not_evaluable() -> None:
    decision = classify(
        course(egfr=None, creatinine=None, specimen=FM), adjudication="numeric-only"
    )
    assert decision.verdict == "not_evaluable"
    assert "assessment.egfr" in decision.missing_inputs


def test_egfr_computed_from_creatinine_when_not_reported() -> None:
    decision = classify(course(egfr=None, creatinine="0.8", specimen=FM))
    assert decision.verdict == "complete"
    assert "egfr-computed" in decision.flags


def _failing(**kw: Any) -> dict[str, Any]:
    return course(egfr="50", base_egfr="80", specimen=FM, **kw)


def test_unconfirmed_numeric_failure_without_next_measurement_is_not_evaluable() -> None:
    decision = classify(_failing(), adjudication="numeric-only")
    assert decision.verdict == "not_evaluable"
    assert "confirmation.egfr" in decision.missing_inputs


def test_numeric_failure_confirmed_at_the_next_measurement_fails() -> None:
    later = visit(week(54), egfr="49", upcr_value=None)
    assert classify(_failing(extra_visits=[later]), adjudication="numeric-only").verdict == (
        "partial"
    )


def test_numeric_failure_not_present_at_the_next_measurement_passes() -> None:
    later = visit(week(54), egfr="65", upcr_value=None)
    decision = classify(_failing(extra_visits=[later]), adjudication="numeric-only")
    assert decision.verdict == "complete"
    assert decision.criterion("egfr-failure-not-confirmed").outcome is Outcome.MET


@pytest.mark.parametrize(
    ("adjudicated", "expected"),
    [(False, "complete"), (True, "partial"), (None, "not_evaluable")],
)
def test_adjudication_decides_a_confirmed_numeric_failure(
    adjudicated: bool | None, expected: str
) -> None:
    later = visit(week(54), egfr="49", upcr_value=None)
    decision = classify(_failing(extra_visits=[later], adjudicated=adjudicated))
    assert decision.verdict == expected
    if adjudicated is None:
        assert "course.has_adjudicated_egfr_event" in decision.missing_inputs


def test_adjudicated_event_recorded_as_a_dated_event_fails_the_component() -> None:
    later = visit(week(54), egfr="49", upcr_value=None)
    events = [event("adjudicated_egfr_event", week(50))]
    assert classify(_failing(extra_visits=[later], events=events)).verdict == "partial"


def test_adjudicated_false_passes_without_any_egfr() -> None:
    c = course(egfr=None, creatinine=None, specimen=FM, adjudicated=False)
    assert classify(c).verdict == "complete"


# ------------------------------------------------------------------------ rescue


def test_rescue_on_the_assessment_day_fails() -> None:
    assert verdict(events=[event("rescue_therapy", week(52))]) == "partial"


def test_rescue_after_the_assessment_does_not_count() -> None:
    assert verdict(events=[event("rescue_therapy", week(52, 1))]) == "complete"


# ------------------------------------------------------------------------ steroid rule


def _steroid(first: Any, last: Any, mg: str) -> list[dict[str, Any]]:
    return [extra_dose(first, last, mg)]


def test_prednisone_exactly_10_mg_does_not_breach() -> None:
    # background 2.5 mg + 7.5 mg = 10 mg/day for the whole window
    assert verdict(steroid_extra=_steroid(week(44), week(52), "7.5")) == "complete"


def test_prednisone_above_10_mg_on_3_consecutive_days_fails() -> None:
    assert verdict(steroid_extra=_steroid(week(48), week(48, 2), "7.6")) == "partial"


def test_prednisone_above_10_mg_on_2_consecutive_days_passes() -> None:
    assert verdict(steroid_extra=_steroid(week(48), week(48, 1), "7.6")) == "complete"


def test_prednisone_above_10_mg_on_7_separate_days_fails_and_6_passes() -> None:
    seven = [extra_dose(week(45 + n), week(45 + n), "8") for n in range(7)]
    assert verdict(steroid_extra=seven) == "partial"
    assert verdict(steroid_extra=seven[:6]) == "complete"


def test_steroid_window_first_day_is_week_44() -> None:
    assert verdict(steroid_extra=_steroid(week(44), week(44, 2), "8")) == "partial"
    assert verdict(steroid_extra=_steroid(week(44, -3), week(44, -1), "8")) == "complete"
    # only one of the three days falls in the window
    assert verdict(steroid_extra=_steroid(week(44, -2), week(44), "8")) == "complete"


def test_steroid_window_last_day_is_the_assessment() -> None:
    assert verdict(steroid_extra=_steroid(week(52, -2), week(52), "8")) == "partial"
    assert verdict(steroid_extra=_steroid(week(52, 1), week(52, 3), "8")) == "complete"


def test_steroid_records_incomplete_leave_the_rule_unknown() -> None:
    decision = classify(course(specimen=FM, steroid_mg=None, steroid_records_complete=False))
    assert decision.verdict == "not_evaluable"
    assert "glucocorticoids" in decision.missing_inputs


# ------------------------------------------------------------------------ partial response


@pytest.mark.parametrize(
    ("current", "comparator", "expected"),
    [
        ("1", ">=", "partial"),  # exactly 50% from 2
        ("1", ">", "none"),
        ("1.001", ">=", "none"),
        ("0.999", ">", "partial"),
    ],
)
def test_partial_response_reduction_of_50_percent(
    current: str, comparator: str, expected: str
) -> None:
    c = course(base_upcr="2", upcr_value=current, specimen=FM)
    assert classify(c, partial_reduction_comparator=comparator).verdict == expected


# --------------------------------------- primary endpoint decided without a partial response
#
# The complete renal response is the primary endpoint: decided "not met", endpoint_met is False
# even when the partial response (secondary) cannot be computed for want of a baseline UPCR.
# The category (partial or none) is then undecided: not_evaluable by default; option
# partial_response_unknown="none" (and aurora-1@2.0.0) count it as none.

NO_BASE = {"base_upcr": None, "specimen": FM}
AS_NONE = {"partial_response_unknown": "none"}


def _primary_decided(decision: Decision, verdict: str = "not_evaluable") -> None:
    assert decision.verdict == verdict
    assert decision.detail("endpoint_met") is False
    assert decision.endpoint_met is False
    assert decision.detail("partial_response_met") is None
    assert "partial-response-not-evaluable" in decision.flags
    assert "baseline.upcr" in decision.missing_inputs
    assert decision.criterion("complete").outcome is Outcome.NOT_MET
    assert decision.criterion("partial").outcome is Outcome.UNKNOWN


@pytest.mark.parametrize("current", ["0.51", "0.8"])
def test_upcr_above_0_5_with_baseline_upcr_missing_is_not_evaluable_under_aurora_1(
    current: str,
) -> None:
    decision = classify(course(upcr_value=current, **NO_BASE))
    _primary_decided(decision)
    assert decision.rule_set == "aurora-1@3.0.0"


@pytest.mark.parametrize("current", ["0.51", "0.8"])
def test_upcr_above_0_5_with_baseline_upcr_missing_is_none_when_counted_as_none(
    current: str,
) -> None:
    _primary_decided(classify(course(upcr_value=current, **NO_BASE), **AS_NONE), "none")


@pytest.mark.parametrize("current", ["0.51", "0.8"])
def test_upcr_above_0_5_with_baseline_upcr_missing_is_none_under_aurora_1_2_0_0(
    current: str,
) -> None:
    decision = classify_renal_response(course(upcr_value=current, **NO_BASE), "aurora-1@2.0.0")
    _primary_decided(decision, "none")
    assert decision.rule_set == "aurora-1@2.0.0"


def test_low_upcr_with_a_steroid_breach_and_no_baseline_is_not_called_no_response() -> None:
    # UPCR 0.3 (eligibility needed >= 1.5): the partial response is unknown, not "not met"
    breach = _steroid(week(48), week(48, 2), "8")
    decision = classify(course(upcr_value="0.3", steroid_extra=breach, **NO_BASE))
    _primary_decided(decision)
    assert decision.criterion("steroid-rule").outcome is Outcome.NOT_MET


def test_non_responder_policy_counts_the_undecided_partial_response_as_none() -> None:
    decision = classify(course(upcr_value="0.8", **NO_BASE), policy="non-responder")
    _primary_decided(decision, "none")
    assert "missing-data-non-responder" in decision.flags


def test_partial_response_unknown_option_is_not_in_aurora_1_2_0_0() -> None:
    with pytest.raises(OptionError):
        classify_renal_response(course(**NO_BASE), "aurora-1@2.0.0", **AS_NONE)
    with pytest.raises(OptionError):
        classify(course(**NO_BASE), partial_response_unknown="partial")


def test_upcr_exactly_0_5_with_baseline_upcr_missing_is_complete_under_aurora_1() -> None:
    decision = classify(course(upcr_value="0.5", **NO_BASE))
    assert decision.verdict == "complete"
    assert decision.endpoint_met is True
    assert "partial-response-not-evaluable" not in decision.flags


def test_upcr_missing_and_baseline_upcr_missing_is_not_evaluable_under_aurora_1() -> None:
    for options in ({}, AS_NONE):
        decision = classify(course(upcr_value=None, **NO_BASE), **options)
        assert decision.verdict == "not_evaluable"
        assert decision.detail("endpoint_met") is None
        assert "partial-response-not-evaluable" not in decision.flags
        assert {"assessment.upcr", "baseline.upcr"} <= set(decision.missing_inputs)


def test_egfr_failure_with_baseline_upcr_missing_decides_the_primary_endpoint() -> None:
    c = course(egfr="50", base_egfr="100", **NO_BASE)
    decision = classify(c, **NUMERIC)
    _primary_decided(decision)
    assert decision.criterion("kidney-function").outcome is Outcome.NOT_MET
    _primary_decided(classify(c, **NUMERIC, **AS_NONE), "none")


def test_confirmed_egfr_failure_with_baseline_upcr_missing_decides_the_primary_endpoint() -> None:
    confirming = visit(week(56), egfr="50", upcr_value=None)
    c = course(egfr="50", base_egfr="100", extra_visits=[confirming], **NO_BASE)
    _primary_decided(classify(c, adjudication="numeric-only"))
    _primary_decided(classify(c, adjudication="numeric-only", **AS_NONE), "none")


def test_unconfirmed_egfr_failure_with_baseline_upcr_missing_is_not_evaluable() -> None:
    # no later eGFR: the failure cannot be confirmed, so the primary endpoint is undecided
    c = course(egfr="50", base_egfr="100", **NO_BASE)
    for options in ({}, AS_NONE):
        decision = classify(c, adjudication="numeric-only", **options)
        assert decision.verdict == "not_evaluable"
        assert decision.endpoint_met is None
        assert "partial-response-not-evaluable" not in decision.flags


def test_steroid_breach_with_baseline_upcr_missing_decides_the_primary_endpoint() -> None:
    breach = _steroid(week(48), week(48, 2), "8")
    _primary_decided(classify(course(steroid_extra=breach, **NO_BASE)))
    _primary_decided(classify(course(steroid_extra=breach, **NO_BASE), **AS_NONE), "none")


def test_steroid_just_within_the_rule_with_baseline_upcr_missing_is_complete() -> None:
    two_days = _steroid(week(48), week(48, 1), "8")
    assert classify(course(steroid_extra=two_days, **NO_BASE)).verdict == "complete"


def test_rescue_with_baseline_upcr_missing_decides_the_primary_endpoint() -> None:
    rescue = [event("rescue_therapy", week(52))]
    _primary_decided(classify(course(events=rescue, **NO_BASE)))
    _primary_decided(classify(course(events=rescue, **NO_BASE), **AS_NONE), "none")


def test_first_release_leaves_an_undecided_partial_response_not_evaluable() -> None:
    decision = classify_renal_response(course(upcr_value="0.8", **NO_BASE), "aurora-1@1.0.0")
    assert decision.verdict == "not_evaluable"
    assert decision.rule_set == "aurora-1@1.0.0"
    assert decision.detail("endpoint_met") is None
    assert "partial-response-not-evaluable" not in decision.flags
    assert decision.detail("partial_response_met") is None
    assert "baseline.upcr" in decision.missing_inputs


def test_all_three_versions_stay_selectable_and_the_latest_is_3_0_0() -> None:
    from lupus_nephritis.registry import get_rule_set, list_rule_sets

    assert get_rule_set(ID).version == "3.0.0"
    versions = {r.version for r in list_rule_sets(all_versions=True) if r.id == ID}
    assert versions == {"1.0.0", "2.0.0", "3.0.0"}
    for old in ("1.0.0", "2.0.0"):
        assert get_rule_set(f"{ID}@{old}").notes[0].startswith("Superseded by version 3.0.0: ")


def test_partial_response_met_detail_under_aurora_1() -> None:
    met = classify(course(base_upcr="2", upcr_value="1", specimen=FM))
    assert met.verdict == "partial"
    assert met.detail("partial_response_met") is True
    not_met = classify(course(base_upcr="2", upcr_value="1.5", specimen=FM))
    assert not_met.verdict == "none"
    assert not_met.detail("partial_response_met") is False
    assert "partial-response-not-evaluable" not in not_met.flags


# ------------------------------------------------------------------------ windows, points


@pytest.mark.parametrize(("offset", "expected"), [(-14, "complete"), (14, "complete")])
def test_visit_window_first_and_last_day(offset: int, expected: str) -> None:
    assert verdict(day_offset=offset) == expected


@pytest.mark.parametrize("offset", [-15, 15])
def test_visit_outside_the_window_is_not_evaluable(offset: int) -> None:
    assert verdict(day_offset=offset) == "not_evaluable"


def test_week_24_secondary_endpoint_via_at_and_time_point() -> None:
    c = course(at_week=24, specimen=FM)
    assert classify(c, at=24).verdict == "complete"
    assert classify(c, time_point="week-24").verdict == "complete"
    assert classify(c).verdict == "not_evaluable"  # no week-52 visit


def test_other_specimen_is_flagged_or_rejected() -> None:
    c = course(specimen="24h")
    assert "upcr-specimen-mismatch" in classify(c).flags
    assert classify(c, spot_upcr="reject").verdict == "not_evaluable"


def test_withdrawal_policy_non_responder_reproduces_the_itt_convention() -> None:
    c = course(day_offset=-100, specimen=FM, events=[event("withdrawal", week(38))])
    assert classify(c).verdict == "not_evaluable"
    decision = classify(c, policy="non-responder")
    assert decision.verdict == "none"
    assert decision.policy == "non-responder"
    assert "intercurrent-event-non-responder" in decision.flags


def test_unknown_option_is_rejected() -> None:
    with pytest.raises(OptionError):
        classify(course(), stability_band=10)


def test_decision_identity_and_json_round_trip() -> None:
    decision = classify(course(specimen=FM))
    assert decision.rule_set == "aurora-1@3.0.0"
    assert decision.detail("endpoint_met") is True
    assert Decision.from_json(decision.to_json()) == decision


# ------------------------------------------------------------------------ properties

VALUES = st.integers(min_value=0, max_value=400).map(lambda n: str(Decimal(n) / 100))


@settings(max_examples=50)
@given(a=VALUES, b=VALUES)
def test_lowering_upcr_never_worsens_the_category(a: str, b: str) -> None:
    low, high = sorted((a, b), key=Decimal)
    v_low, v_high = verdict(upcr_value=low), verdict(upcr_value=high)
    assert RANK[v_low] >= RANK[v_high]


@settings(max_examples=60)
@given(
    current=st.one_of(st.none(), VALUES),
    base=st.one_of(st.none(), st.just("0"), VALUES),
    breach=st.booleans(),
)
def test_partial_response_unknown_only_decides_the_undecided_partial_case(
    current: str | None, base: str | None, breach: bool
) -> None:
    extra = _steroid(week(48), week(48, 2), "8") if breach else []
    c = course(upcr_value=current, base_upcr=base, specimen=FM, steroid_extra=extra)
    default, counted = classify(c), classify(c, **AS_NONE)
    assert default.endpoint_met == counted.endpoint_met
    assert (
        default.endpoint_met
        == {
            Outcome.MET: True,
            Outcome.NOT_MET: False,
            Outcome.UNKNOWN: None,
        }[default.criterion("complete").outcome]
    )
    undecided = "partial-response-not-evaluable" in default.flags
    if undecided:
        assert (default.verdict, counted.verdict) == ("not_evaluable", "none")
        assert default.endpoint_met is False
    else:
        assert default.verdict == counted.verdict


EGFRS = st.integers(min_value=100, max_value=1200).map(lambda n: str(Decimal(n) / 10))


@settings(max_examples=50)
@given(a=EGFRS, b=EGFRS)
def test_raising_egfr_never_worsens_the_category(a: str, b: str) -> None:
    low, high = sorted((a, b), key=Decimal)
    v = [verdict(egfr=x, base_egfr="90", opts=NUMERIC) for x in (low, high)]
    assert RANK[v[1]] >= RANK[v[0]]


@settings(max_examples=50)
@given(value=VALUES, unit=st.sampled_from(["mg/mg", "g/g", "mg/g", "mg/mmol"]))
def test_results_are_identical_in_any_upcr_unit(value: str, unit: str) -> None:
    factor = {"mg/mg": 1, "g/g": 1, "mg/g": 1000, "mg/mmol": Decimal("113.12")}[unit]
    converted = str(Decimal(value) * factor)
    assert verdict(upcr_value=converted, unit=unit) == verdict(upcr_value=value)


def test_baseline_egfr_missing_is_decided_by_the_floor_when_met() -> None:
    assert verdict(base_egfr=None, base_creatinine=None, egfr="80") == "complete"
    c = course(base_egfr=None, base_creatinine=None, egfr="50", specimen=FM)
    decision = classify(c, adjudication="numeric-only")
    assert decision.verdict == "not_evaluable"
    assert "baseline.egfr" in decision.missing_inputs


def test_classify_accepts_a_validated_model_and_a_study_week() -> None:
    from lupus_nephritis.models import TreatmentCourse

    model = TreatmentCourse.model_validate(course(specimen=FM))
    assert classify_renal_response(model, definition=ID, at=52) == classify(course(specimen=FM))


def test_adjudicated_event_dated_before_the_course_start_does_not_fail_the_component() -> None:
    later = visit(week(54), egfr="49", upcr_value=None)
    before = [event("adjudicated_egfr_event", week(0, -1))]
    decision = classify(_failing(extra_visits=[later], events=before))
    assert decision.verdict == "not_evaluable"  # falls back to has_adjudicated_egfr_event=None
    on_start = [event("adjudicated_egfr_event", week(0))]
    assert classify(_failing(extra_visits=[later], events=on_start)).verdict == "partial"


def test_rescue_before_the_course_start_does_not_count() -> None:
    assert verdict(events=[event("rescue_therapy", week(0, -1))]) == "complete"
    assert verdict(events=[event("rescue_therapy", week(0))]) == "partial"


def test_zero_baseline_upcr_leaves_the_partial_response_unknown_and_flagged() -> None:
    # the complete response is decided not met (0.8 > 0.5): the primary endpoint is decided,
    # the partial response (a reduction from zero) is not
    decision = classify(course(base_upcr="0", upcr_value="0.8", specimen=FM))
    assert decision.verdict == "not_evaluable"
    assert decision.endpoint_met is False
    assert {"reference-zero", "partial-response-not-evaluable"} <= set(decision.flags)
    assert decision.criterion("partial").outcome is Outcome.UNKNOWN
    counted = classify(course(base_upcr="0", upcr_value="0.8", specimen=FM), **AS_NONE)
    assert counted.verdict == "none"
    first = classify_renal_response(
        course(base_upcr="0", upcr_value="0.8", specimen=FM), "aurora-1@1.0.0"
    )
    assert first.verdict == "not_evaluable"


def test_complete_label_is_read_from_the_parameters() -> None:
    decision = classify(course(specimen=FM))
    assert decision.criterion("complete").label.startswith(
        "Complete renal response: UPCR <= 0.5 mg/mg"
    )


@pytest.mark.parametrize(
    ("current", "base", "expected"),
    [
        ("55", "65", "complete"),  # below 60 but only 15.4% down: one numeric failure only
        ("70", "100", "complete"),  # 30% down but at least 60: one numeric failure only
        ("56", "70", "complete"),  # below 60 and exactly 20% down: the decrease passes
        ("55.9", "70", "partial"),  # both numeric failures (confirmed) + adjudicated event
    ],
)
def test_failing_the_egfr_component_needs_both_numeric_failures_and_an_adjudicated_event(
    current: str, base: str, expected: str
) -> None:
    later = visit(week(54), egfr=current, upcr_value=None)  # confirms whatever the value shows
    c = course(egfr=current, base_egfr=base, specimen=FM, extra_visits=[later], adjudicated=True)
    decision = classify(c)
    assert decision.verdict == expected
    assert decision.options == classify(c, adjudication="adjudicated").options
