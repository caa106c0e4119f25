"""ALMS induction response ("alms-response")."""

from __future__ import annotations

from typing import Any

import pytest
from _trial_courses import course

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import OptionError
from lupus_nephritis.logic import Outcome

ID = "alms-response"


def classify(c: dict[str, Any], **opts: Any) -> Decision:
    return classify_renal_response(c, definition=ID, **opts)


def verdict(**kw: Any) -> str:
    opts = kw.pop("opts", {})
    return classify(course(at_week=24, **kw), **opts).verdict


@pytest.mark.parametrize(
    ("current", "expected"), [("2.99", "complete"), ("3", "none"), (None, "not_evaluable")]
)
def test_nephrotic_baseline_needs_upcr_below_3(current: str | None, expected: str) -> None:
    assert verdict(base_upcr="3", upcr_value=current) == expected  # 3 is nephrotic by default


@pytest.mark.parametrize(
    ("current", "expected"), [("1.495", "complete"), ("1.496", "none"), ("1.4", "complete")]
)
def test_subnephrotic_baseline_needs_a_50_percent_reduction(current: str, expected: str) -> None:
    assert verdict(base_upcr="2.99", upcr_value=current) == expected


def test_nephrotic_threshold_option_moves_the_branch() -> None:
    kw = {"base_upcr": "3.2", "upcr_value": "2.5"}
    assert verdict(**kw) == "complete"
    assert verdict(**kw, opts={"nephrotic_threshold": "3.5"}) == "none"
    with pytest.raises(OptionError):
        verdict(**kw, opts={"nephrotic_threshold": "4"})


@pytest.mark.parametrize(("base", "opts"), [("3", {}), ("3.5", {"nephrotic_threshold": "3.5"})])
def test_baseline_upcr_exactly_at_the_cut_is_nephrotic_not_subnephrotic_under_alms(
    base: str, opts: dict[str, Any]
) -> None:
    # the verdict cannot tell (the nephrotic branch decides), so the trace pins the comparator
    decision = classify(course(at_week=24, base_upcr=base, upcr_value="1"), **opts)
    assert decision.verdict == "complete"
    assert decision.criterion("baseline-nephrotic").outcome is Outcome.MET
    assert decision.criterion("baseline-subnephrotic").outcome is Outcome.NOT_MET


def test_baseline_upcr_missing_is_not_evaluable() -> None:
    decision = classify(course(at_week=24, base_upcr=None, upcr_value="1"))
    assert decision.verdict == "not_evaluable"
    assert "baseline.upcr" in decision.missing_inputs


@pytest.mark.parametrize(
    ("current", "band", "expected"),
    [
        ("1.25", 25, "complete"),  # exactly 25% rise
        ("1.26", 25, "none"),
        ("1.1", 10, "complete"),  # exactly 10% with the strict band
        ("1.11", 10, "none"),
        ("0.7", 10, "complete"),  # improvement always passes
    ],
)
def test_creatinine_stabilisation_band(current: str, band: int, expected: str) -> None:
    kw = {"creatinine": current, "base_creatinine": "1.0", "uln": "2"}
    assert verdict(**kw, opts={"creatinine_band": band}) == expected


def test_creatinine_missing_is_not_evaluable_under_alms() -> None:
    assert verdict(creatinine=None) == "not_evaluable"


@pytest.mark.parametrize(("offset", "expected"), [(-14, "complete"), (15, "not_evaluable")])
def test_visit_window_edges_under_alms(offset: int, expected: str) -> None:
    assert verdict(day_offset=offset) == expected


def test_alms_endpoint_detail() -> None:
    decision = classify(course(at_week=24))
    assert decision.detail("endpoint") == "ALMS induction response"
    assert decision.detail("assessment_point") == "week 24"


def test_baseline_creatinine_missing_is_not_evaluable_under_alms() -> None:
    decision = classify(course(at_week=24, base_creatinine=None))
    assert decision.verdict == "not_evaluable"
    assert "baseline.creatinine" in decision.missing_inputs


def test_nephrotic_branch_ignores_the_reduction_and_subnephrotic_ignores_the_target() -> None:
    # nephrotic baseline 6: UPCR 2.9 (< 3) is a response although reduced by only 52%
    assert verdict(base_upcr="6", upcr_value="2.9") == "complete"
    # subnephrotic baseline 1: UPCR 0.6 (< 3) is no response (reduced by only 40%)
    assert verdict(base_upcr="1", upcr_value="0.6") == "none"


def test_creatinine_band_default_is_documented_as_a_library_default_by_analogy() -> None:
    from lupus_nephritis.registry import get_rule_set

    rule_set = get_rule_set(ID)
    option = next(o for o in rule_set.options if o.name == "creatinine_band")
    assert option.default == 25
    assert "NOT FOUND" in option.description
    assert "LIBRARY DEFAULT BY ANALOGY" in option.description
    assert ("creatinine_band", 25) in classify(course(at_week=24)).options
