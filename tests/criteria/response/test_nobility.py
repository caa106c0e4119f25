"""NOBILITY complete renal response ("nobility-crr")."""

from __future__ import annotations

from typing import Any

import pytest
from _trial_courses import course

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision

ID = "nobility-crr"


def classify(c: dict[str, Any], **opts: Any) -> Decision:
    return classify_renal_response(c, definition=ID, **opts)


def verdict(**kw: Any) -> str:
    opts = kw.pop("opts", {})
    return classify(course(at_week=52, **kw), **opts).verdict


@pytest.mark.parametrize(("value", "expected"), [("0.49", "complete"), ("0.5", "none")])
def test_upcr_exactly_0_5_is_not_complete_under_nobility(value: str, expected: str) -> None:
    assert verdict(upcr_value=value) == expected


def test_upcr_missing_is_not_evaluable_under_nobility() -> None:
    assert verdict(upcr_value=None) == "not_evaluable"


@pytest.mark.parametrize(
    ("rbc", "expected"), [("9.9", "complete"), ("10", "none"), (None, "not_evaluable")]
)
def test_fewer_than_10_rbc_per_hpf(rbc: str | None, expected: str) -> None:
    assert verdict(rbc=rbc) == expected


@pytest.mark.parametrize(
    ("casts", "expected"), [(False, "complete"), (True, "none"), (None, "not_evaluable")]
)
def test_no_red_cell_casts(casts: bool | None, expected: str) -> None:
    assert verdict(red_casts=casts) == expected


@pytest.mark.parametrize(
    ("current", "expected"),
    [("1.035", "complete"), ("1.036", "none"), ("1.0", "complete")],
)
def test_creatinine_at_most_15_percent_above_a_normal_baseline(current: str, expected: str) -> None:
    # baseline 0.9 within ULN 1.1: 1.035 is exactly 15% above
    assert verdict(creatinine=current, base_creatinine="0.9") == expected


def test_creatinine_above_the_uln_fails() -> None:
    assert verdict(creatinine="1.11", base_creatinine="1.05") == "none"
    assert verdict(creatinine="1.1", base_creatinine="1.05") == "complete"


def test_baseline_above_uln_needs_only_the_uln() -> None:
    assert verdict(creatinine="1.1", base_creatinine="1.6") == "complete"
    assert verdict(creatinine="1.11", base_creatinine="1.6") == "none"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [("registry-repaired", "none"), ("uln-only", "complete"), ("lunar-style", "complete")],
)
def test_creatinine_rule_readings_differ(rule: str, expected: str) -> None:
    # 0.8 -> 1.0: within the ULN but 25% above a normal baseline
    c = course(at_week=52, creatinine="1.0", base_creatinine="0.8")
    assert classify(c, creatinine_rule=rule).verdict == expected


def test_lunar_style_accepts_above_uln_within_15_percent_of_normal_baseline() -> None:
    c = course(at_week=52, creatinine="1.2", base_creatinine="1.05")
    assert classify(c, creatinine_rule="lunar-style").verdict == "complete"
    assert classify(c).verdict == "none"


def test_uln_missing_is_not_evaluable() -> None:
    decision = classify(course(at_week=52, uln=None))
    assert decision.verdict == "not_evaluable"
    assert "assessment.creatinine_uln" in decision.missing_inputs


def test_exploratory_time_points() -> None:
    for week_number in (76, 104):
        c = course(at_week=week_number)
        assert classify(c, time_point=f"week-{week_number}").verdict == "complete"
        assert classify(c).verdict == "not_evaluable"


@pytest.mark.parametrize(("offset", "expected"), [(-14, "complete"), (-15, "not_evaluable")])
def test_visit_window_edges_under_nobility(offset: int, expected: str) -> None:
    assert verdict(day_offset=offset) == expected


def test_baseline_exactly_at_the_uln_is_within_normal() -> None:
    # baseline 1.1 = ULN: not 'above the ULN', so the 15% limit applies (and the ULN)
    assert verdict(creatinine="1.1", base_creatinine="1.1") == "complete"
    c = course(at_week=52, creatinine="1.265", base_creatinine="1.1")
    assert classify(c).verdict == "none"  # above the ULN
    assert classify(c, creatinine_rule="lunar-style").verdict == "complete"  # exactly 15%


@pytest.mark.parametrize(("base_creatinine", "expected"), [("1.0", "none"), ("1.01", "complete")])
def test_baseline_creatinine_exactly_at_its_uln_is_not_above_the_uln_under_nobility(
    base_creatinine: str, expected: str
) -> None:
    # baseline ULN 1.0, assessment ULN 1.3: 1.25 is within the ULN but 25% above a baseline
    # of 1.0, so only a baseline strictly above its ULN waives the 15% limit
    c = course(
        at_week=52, creatinine="1.25", uln="1.3", base_creatinine=base_creatinine, base_uln="1.0"
    )
    assert classify(c).verdict == expected
