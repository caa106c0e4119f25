"""LUNAR complete renal response ("lunar-crr")."""

from __future__ import annotations

from typing import Any

import pytest
from _trial_courses import course

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision

ID = "lunar-crr"


def classify(c: dict[str, Any], **opts: Any) -> Decision:
    return classify_renal_response(c, definition=ID, **opts)


def verdict(**kw: Any) -> str:
    return classify(course(at_week=52, **kw)).verdict


@pytest.mark.parametrize(
    ("value", "expected"), [("0.49", "complete"), ("0.5", "none"), (None, "not_evaluable")]
)
def test_upcr_below_0_5_under_lunar(value: str | None, expected: str) -> None:
    assert verdict(upcr_value=value) == expected


@pytest.mark.parametrize(
    ("rbc", "expected"), [("4.9", "complete"), ("5", "none"), (None, "not_evaluable")]
)
def test_fewer_than_5_rbc_per_hpf_under_lunar(rbc: str | None, expected: str) -> None:
    assert verdict(rbc=rbc) == expected


def test_red_cell_casts_fail_lunar() -> None:
    assert verdict(red_casts=True) == "none"
    assert verdict(red_casts=None) == "not_evaluable"


@pytest.mark.parametrize(
    ("current", "baseline", "expected"),
    [
        ("1.1", "0.5", "complete"),  # at the ULN: passes whatever the rise
        ("1.15", "1.0", "complete"),  # above the ULN, exactly 15% above a normal baseline
        ("1.151", "1.0", "none"),  # just beyond 15%
        ("1.2", "1.5", "none"),  # above the ULN, baseline not normal
    ],
)
def test_creatinine_uln_or_within_15_percent_of_a_normal_baseline(
    current: str, baseline: str, expected: str
) -> None:
    assert verdict(creatinine=current, base_creatinine=baseline) == expected


def test_creatinine_missing_is_not_evaluable_under_lunar() -> None:
    decision = classify(course(at_week=52, creatinine=None))
    assert decision.verdict == "not_evaluable"
    assert "assessment.creatinine" in decision.missing_inputs


def test_uln_missing_decided_by_the_baseline_branch() -> None:
    # ULN at the visit missing, but creatinine unchanged from a normal baseline
    assert verdict(uln=None, creatinine="0.9", base_creatinine="0.9") == "complete"


@pytest.mark.parametrize(("offset", "expected"), [(14, "complete"), (15, "not_evaluable")])
def test_visit_window_edges_under_lunar(offset: int, expected: str) -> None:
    assert verdict(day_offset=offset) == expected


def test_lunar_decision_identity() -> None:
    decision = classify(course(at_week=52))
    assert decision.rule_set == "lunar-crr@1.0.0"
    assert Decision.from_json(decision.to_json()) == decision


def test_baseline_exactly_at_the_uln_counts_as_normal_under_lunar() -> None:
    assert verdict(creatinine="1.265", base_creatinine="1.1") == "complete"  # exactly 15%
    assert verdict(creatinine="1.266", base_creatinine="1.1") == "none"
    assert verdict(creatinine="1.2", base_creatinine="1.1", base_uln="1.09") == "none"
