"""REGENCY endpoints ("regency-crr", "regency-crr-steroid", "regency-upcr-0-8")."""

from __future__ import annotations

from typing import Any

import pytest
from _trial_courses import course, event, extra_dose, week

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision

CRR = "regency-crr"
STEROID = "regency-crr-steroid"
UPCR_08 = "regency-upcr-0-8"


def classify(c: dict[str, Any], definition: str, **opts: Any) -> Decision:
    return classify_renal_response(c, definition=definition, **opts)


def verdict(definition: str, **kw: Any) -> str:
    opts = kw.pop("opts", {})
    return classify(course(at_week=76, **kw), definition, **opts).verdict


@pytest.mark.parametrize(
    ("value", "expected"), [("0.49", "complete"), ("0.5", "none"), (None, "not_evaluable")]
)
def test_upcr_exactly_0_5_is_not_complete_under_regency(value: str | None, expected: str) -> None:
    assert verdict(CRR, upcr_value=value) == expected


def test_spot_upcr_is_used_and_flagged_or_rejected() -> None:
    decision = classify(course(at_week=76, specimen="spot"), CRR)
    assert decision.verdict == "complete"
    assert "spot-upcr-used" in decision.flags
    assert "provisional" in decision.flags
    assert classify(course(at_week=76, specimen="spot"), CRR, spot_upcr="reject").verdict == (
        "not_evaluable"
    )


@pytest.mark.parametrize(
    ("current", "expected"), [("68", "complete"), ("67.9", "none"), ("68.1", "complete")]
)
def test_egfr_at_least_85_percent_of_baseline(current: str, expected: str) -> None:
    assert verdict(CRR, egfr=current, base_egfr="80") == expected


def test_egfr_missing_is_not_evaluable_under_regency() -> None:
    decision = classify(course(at_week=76, egfr=None, creatinine=None), CRR)
    assert decision.verdict == "not_evaluable"
    assert "assessment.egfr" in decision.missing_inputs


@pytest.mark.parametrize("kind", ["rescue_therapy", "treatment_failure", "death", "withdrawal"])
def test_each_intercurrent_event_is_non_response(kind: str) -> None:
    assert verdict(CRR, events=[event(kind, week(76))]) == "none"
    assert verdict(CRR, events=[event(kind, week(76, 1))]) == "complete"


def test_early_withdrawal_is_non_response_even_without_week_76_data() -> None:
    c = course(at_week=40, events=[event("withdrawal", week(40))])
    assert classify(c, CRR).verdict == "none"


# ------------------------------------------------------------------------ steroid secondary


def test_prednisone_exactly_7_5_throughout_is_allowed() -> None:
    assert verdict(STEROID, steroid_mg="7.5") == "complete"


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (week(64), week(64), "none"),  # first day of the span
        (week(76), week(76), "none"),  # last day of the span
        (week(64, -1), week(64, -1), "complete"),  # the day before
        (week(76, 1), week(76, 1), "complete"),  # the day after
    ],
)
def test_one_day_above_7_5_mg_between_weeks_64_and_76(first: Any, last: Any, expected: str) -> None:
    extra = [extra_dose(first, last, "5.1")]  # 2.5 + 5.1 = 7.6 mg
    assert verdict(STEROID, steroid_extra=extra) == expected


def test_unknown_dose_days_make_the_steroid_secondary_not_evaluable() -> None:
    decision = classify(
        course(at_week=76, steroid_mg=None, steroid_records_complete=False), STEROID
    )
    assert decision.verdict == "not_evaluable"
    assert "glucocorticoids" in decision.missing_inputs
    # the primary endpoint does not read doses
    assert verdict(CRR, steroid_mg=None, steroid_records_complete=False) == "complete"


# ------------------------------------------------------------------------ UPCR < 0.8


@pytest.mark.parametrize(
    ("value", "expected"), [("0.79", "complete"), ("0.8", "none"), (None, "not_evaluable")]
)
def test_upcr_below_0_8_under_regency_upcr_0_8(value: str | None, expected: str) -> None:
    assert verdict(UPCR_08, upcr_value=value) == expected


def test_upcr_0_8_endpoint_has_no_egfr_component() -> None:
    assert verdict(UPCR_08, egfr=None, creatinine=None) == "complete"
    assert verdict(UPCR_08, events=[event("death", week(70))]) == "none"


@pytest.mark.parametrize(("offset", "expected"), [(-14, "complete"), (15, "not_evaluable")])
def test_visit_window_edges_under_regency(offset: int, expected: str) -> None:
    assert verdict(CRR, day_offset=offset) == expected


def test_regency_decisions_round_trip() -> None:
    for definition in (CRR, STEROID, UPCR_08):
        decision = classify(course(at_week=76), definition)
        assert decision.detail("endpoint_met") is True
        assert Decision.from_json(decision.to_json()) == decision


def test_endpoint_and_policy_intercurrent_event_criteria_have_distinct_ids() -> None:
    decision = classify(
        course(at_week=76, events=[event("death", week(70))]),
        CRR,
        policy="intercurrent-event-non-responder",
    )
    assert decision.verdict == "none"
    assert decision.criterion("no-endpoint-intercurrent-event").outcome.value == "not_met"
    assert decision.criterion("no-intercurrent-event").outcome.value == "not_met"
    ids = [c.id for c in decision.criteria]
    assert len(ids) == len(set(ids))


def test_treatment_failure_before_the_course_start_is_not_an_intercurrent_event() -> None:
    earlier = [event("treatment_failure", week(0, -1))]
    assert verdict(CRR, events=earlier) == "complete"
    assert verdict(CRR, events=[event("treatment_failure", week(0))]) == "none"  # start day
