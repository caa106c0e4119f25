"""BLISS-LN PERR and CRR ("bliss-ln-perr", "bliss-ln-crr")."""

from __future__ import annotations

from typing import Any

import pytest
from _trial_courses import course, event, week

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision

PERR = "bliss-ln-perr"
CRR = "bliss-ln-crr"


def classify(c: dict[str, Any], definition: str, **opts: Any) -> Decision:
    return classify_renal_response(c, definition=definition, **opts)


def verdict(definition: str, **kw: Any) -> str:
    opts = kw.pop("opts", {})
    return classify(course(at_week=104, **kw), definition, **opts).verdict


# ------------------------------------------------------------------------ PERR


@pytest.mark.parametrize(
    ("value", "expected"), [("0.69", "complete"), ("0.7", "complete"), ("0.71", "none")]
)
def test_upcr_around_0_7_under_bliss_ln_perr(value: str, expected: str) -> None:
    assert verdict(PERR, upcr_value=value) == expected


def test_upcr_missing_is_not_evaluable_under_bliss_ln_perr() -> None:
    decision = classify(course(at_week=104, upcr_value=None), PERR)
    assert decision.verdict == "not_evaluable"
    assert "assessment.upcr" in decision.missing_inputs


@pytest.mark.parametrize(
    ("current", "expected"), [("56", "complete"), ("55.9", "none"), ("56.1", "complete")]
)
def test_egfr_exactly_20_percent_below_pre_flare_passes_perr(current: str, expected: str) -> None:
    assert verdict(PERR, egfr=current, pre_flare_egfr="70") == expected


@pytest.mark.parametrize(("current", "expected"), [("60", "complete"), ("59.9", "none")])
def test_egfr_floor_60_under_bliss_ln_perr(current: str, expected: str) -> None:
    assert verdict(PERR, egfr=current, pre_flare_egfr="100") == expected


def test_reference_is_pre_flare_not_baseline() -> None:
    # baseline 70 would pass (20% below), pre-flare 100 fails (44% below)
    kw = {"egfr": "56", "base_egfr": "70", "pre_flare_egfr": "100"}
    assert verdict(PERR, **kw) == "none"
    assert verdict(PERR, **kw, opts={"reference": "baseline"}) == "complete"


def test_missing_pre_flare_is_decided_by_the_floor_alone_when_met() -> None:
    assert verdict(PERR, egfr="80", pre_flare_egfr=None) == "complete"
    decision = classify(course(at_week=104, egfr="55", pre_flare_egfr=None), PERR)
    assert decision.verdict == "not_evaluable"
    assert "pre_flare.egfr" in decision.missing_inputs


def test_treatment_failure_event_fails_perr() -> None:
    assert verdict(PERR, events=[event("treatment_failure", week(104))]) == "none"
    assert verdict(PERR, events=[event("treatment_failure", week(104, 1))]) == "complete"


def test_failure_events_option_adds_rescue_and_prohibited_medication() -> None:
    events = [event("rescue_therapy", week(30))]
    assert verdict(PERR, events=events) == "complete"
    opts = {"failure_events": "treatment-failure-rescue-prohibited"}
    assert verdict(PERR, events=events, opts=opts) == "none"


def test_open_label_extension_reading() -> None:
    c = course(at_week=28, events=[event("prohibited_medication", week(10))])
    opts = {"reference": "baseline", "failure_events": "prohibited-medication", "at": 28}
    assert classify(c, PERR, **opts).verdict == "none"


def test_week_52_key_secondary_via_time_point() -> None:
    c = course(at_week=52)
    assert classify(c, PERR).verdict == "not_evaluable"
    assert classify(c, PERR, time_point="week-52").verdict == "complete"


@pytest.mark.parametrize(("offset", "expected"), [(14, "complete"), (15, "not_evaluable")])
def test_visit_window_edges_under_bliss_ln(offset: int, expected: str) -> None:
    assert verdict(PERR, day_offset=offset) == expected


# ------------------------------------------------------------------------ CRR


@pytest.mark.parametrize(
    ("value", "expected"), [("0.49", "complete"), ("0.5", "none"), ("0.51", "none")]
)
def test_upcr_exactly_0_5_is_not_complete_under_bliss_ln_crr(value: str, expected: str) -> None:
    assert verdict(CRR, upcr_value=value) == expected


@pytest.mark.parametrize(
    ("current", "expected"), [("72", "complete"), ("71.9", "none"), ("72.1", "complete")]
)
def test_egfr_exactly_10_percent_below_pre_flare_passes_crr(current: str, expected: str) -> None:
    assert verdict(CRR, egfr=current, pre_flare_egfr="80") == expected


@pytest.mark.parametrize(("current", "expected"), [("90", "complete"), ("89.9", "none")])
def test_egfr_floor_90_under_bliss_ln_crr(current: str, expected: str) -> None:
    assert verdict(CRR, egfr=current, pre_flare_egfr="120") == expected


def test_crr_egfr_missing_is_not_evaluable() -> None:
    decision = classify(course(at_week=104, egfr=None, creatinine=None), CRR)
    assert decision.verdict == "not_evaluable"
    assert "assessment.egfr" in decision.missing_inputs


def test_crr_decision_details() -> None:
    decision = classify(course(at_week=104), CRR)
    assert decision.rule_set == "bliss-ln-crr@1.0.0"
    assert decision.detail("endpoint") == "complete renal response (CRR)"
    assert decision.detail("reference") == "pre_flare"
    assert Decision.from_json(decision.to_json()) == decision
