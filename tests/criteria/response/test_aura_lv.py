"""AURA-LV complete renal remission ("aura-lv")."""

from __future__ import annotations

from typing import Any

import pytest
from _trial_courses import course, event, extra_dose, visit, week

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision

ID = "aura-lv"
FM = "first_morning"


def classify(c: dict[str, Any], **opts: Any) -> Decision:
    return classify_renal_response(c, definition=ID, **opts)


def verdict(**kw: Any) -> str:
    opts = kw.pop("opts", {})
    return classify(course(at_week=24, specimen=FM, **kw), **opts).verdict


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.49", "complete"), ("0.5", "complete"), ("0.51", "none")],
)
def test_upcr_around_0_5_under_aura_lv(value: str, expected: str) -> None:
    assert verdict(upcr_value=value) == expected


def test_upcr_missing_is_not_evaluable_under_aura_lv() -> None:
    decision = classify(course(at_week=24, upcr_value=None))
    assert decision.verdict == "not_evaluable"
    assert "assessment.upcr" in decision.missing_inputs


def test_primary_endpoint_is_week_24_and_week_48_is_selectable() -> None:
    c = course(at_week=48, specimen=FM)
    assert classify(c).verdict == "not_evaluable"
    assert classify(c, time_point="week-48").verdict == "complete"
    assert classify(c, at=48).detail("assessment_point") == "week 48"


def test_steroid_component_is_absent_by_default_and_flagged() -> None:
    heavy = [extra_dose(week(20), week(24), "20")]
    decision = classify(course(at_week=24, specimen=FM, steroid_extra=heavy))
    assert decision.verdict == "complete"
    assert "steroid-component-not-applied" in decision.flags


def test_aurora_1_analogue_steroid_rule_uses_the_8_weeks_before_the_assessment() -> None:
    inside = [extra_dose(week(16), week(16, 2), "8")]
    before = [extra_dose(week(16, -3), week(16, -1), "8")]
    opts = {"steroid_rule": "aurora-1-analogue"}
    assert verdict(steroid_extra=inside, opts=opts) == "none"
    assert verdict(steroid_extra=before, opts=opts) == "complete"


def test_adjudication_is_numeric_only_by_default() -> None:
    later = visit(week(26), egfr="49", upcr_value=None)
    c = course(at_week=24, specimen=FM, egfr="50", extra_visits=[later], adjudicated=False)
    assert classify(c).verdict == "none"
    assert classify(c, adjudication="adjudicated").verdict == "complete"


@pytest.mark.parametrize(("current", "expected"), [("56", "complete"), ("55.9", "none")])
def test_egfr_decrease_exactly_20_percent_passes_under_aura_lv(current: str, expected: str) -> None:
    opts = {"egfr_confirmation": "single-measurement"}
    assert verdict(egfr=current, base_egfr="70", opts=opts) == expected


def test_rescue_fails_the_remission() -> None:
    assert verdict(events=[event("rescue_therapy", week(10))]) == "none"


@pytest.mark.parametrize(("offset", "expected"), [(-14, "complete"), (-15, "not_evaluable")])
def test_visit_window_edges_under_aura_lv(offset: int, expected: str) -> None:
    assert verdict(day_offset=offset) == expected


def test_cites_both_trials() -> None:
    decision = classify(course(at_week=24, specimen=FM))
    assert decision.source_ids == ("aura-lv", "aurora-1")
    assert decision.detail("endpoint_met") is True
