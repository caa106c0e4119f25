"""TULIP-LN complete renal response ("tulip-ln-crr", "tulip-ln-crr-0-5")."""

from __future__ import annotations

from typing import Any

import pytest
from _trial_courses import course, event, week

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision

CRR = "tulip-ln-crr"
CRR05 = "tulip-ln-crr-0-5"


def classify(c: dict[str, Any], definition: str, **opts: Any) -> Decision:
    return classify_renal_response(c, definition=definition, **opts)


def verdict(definition: str, **kw: Any) -> str:
    return classify(course(at_week=52, **kw), definition).verdict


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.69", "complete"), ("0.7", "complete"), ("0.71", "none"), (None, "not_evaluable")],
)
def test_upcr_at_or_below_0_7_under_tulip_ln(value: str | None, expected: str) -> None:
    assert verdict(CRR, upcr_value=value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("0.5", "complete"), ("0.51", "none"), (None, "not_evaluable")]
)
def test_upcr_at_or_below_0_5_under_tulip_ln_crr_0_5(value: str | None, expected: str) -> None:
    assert verdict(CRR05, upcr_value=value) == expected


@pytest.mark.parametrize(
    ("current", "expected"),
    [("56", "none"), ("56.01", "complete"), ("55.9", "none")],
)
def test_egfr_decrease_exactly_20_percent_fails_under_tulip_ln(current: str, expected: str) -> None:
    # baseline 70: 56 is a decrease of exactly 20% ("no decrease >= 20%")
    assert verdict(CRR, egfr=current, base_egfr="70") == expected


@pytest.mark.parametrize(("current", "expected"), [("60", "complete"), ("59.9", "none")])
def test_egfr_floor_60_under_tulip_ln(current: str, expected: str) -> None:
    assert verdict(CRR, egfr=current, base_egfr="100") == expected


def test_egfr_missing_is_not_evaluable_under_tulip_ln() -> None:
    decision = classify(course(at_week=52, egfr=None, creatinine=None), CRR)
    assert decision.verdict == "not_evaluable"


@pytest.mark.parametrize("kind", ["study_drug_discontinuation", "prohibited_medication"])
def test_discontinuation_or_restricted_medication_fails(kind: str) -> None:
    for definition in (CRR, CRR05):
        assert verdict(definition, events=[event(kind, week(52))]) == "none"
        assert verdict(definition, events=[event(kind, week(52, 1))]) == "complete"


def test_spot_upcr_flagged_under_tulip_ln() -> None:
    decision = classify(course(at_week=52, specimen="spot"), CRR)
    assert "spot-upcr-used" in decision.flags


@pytest.mark.parametrize(("offset", "expected"), [(14, "complete"), (-15, "not_evaluable")])
def test_visit_window_edges_under_tulip_ln(offset: int, expected: str) -> None:
    assert verdict(CRR, day_offset=offset) == expected
