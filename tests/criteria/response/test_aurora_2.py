"""AURORA 2 adequate response, good renal outcome and sustained CRR."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from _trial_courses import RANK, START, course, event, visit, week
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import InputError

ADEQUATE = "aurora-2-adequate-response"
GOOD = "aurora-2-good-renal-outcome"
SUSTAINED = "aurora-2-sustained-crr"
FM = "first_morning"


def series(*values: str | None, start_week: int = 12, step: int = 12) -> dict[str, Any]:
    """A course with UPCR values at weeks 12, 24, 36, ... (eGFR 80 throughout)."""
    visits = [
        visit(week(start_week + n * step), upcr_value=v, specimen=FM) for n, v in enumerate(values)
    ]
    data = course(at_week=start_week, upcr_value=values[0], specimen=FM)
    data["visits"] = visits
    return data


def classify(c: dict[str, Any], definition: str, **opts: Any) -> Decision:
    return classify_renal_response(c, definition=definition, **opts)


# ------------------------------------------------------------------------ adequate response


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (("1.5", "0.7", "0.7"), "complete"),  # exactly 0.7, confirmed
        (("1.5", "0.71", "0.69"), "not_evaluable"),  # 0.69 not yet confirmed
        (("1.5", "0.71", "0.8"), "none"),
        (("1.5", "0.6", "0.9", "0.8"), "none"),  # never confirmed
    ],
)
def test_adequate_response_threshold_0_7(values: tuple[str, ...], expected: str) -> None:
    assert classify(series(*values), ADEQUATE).verdict == expected


def test_adequate_response_single_measurement_option() -> None:
    c = series("1.5", "0.71", "0.69")
    assert classify(c, ADEQUATE, adequate_response_confirmation="single-measurement").verdict == (
        "complete"
    )


def test_adequate_response_missing_upcr_everywhere_is_not_evaluable() -> None:
    decision = classify(series(None, None), ADEQUATE)
    assert decision.verdict == "not_evaluable"
    assert "follow-up upcr" in decision.missing_inputs
    assert classify(series(None, None), ADEQUATE, policy="non-responder").verdict == "none"


def test_adequate_response_upcr_just_inside_0_7_and_confirmed() -> None:
    assert classify(series("1.5", "0.69", "0.69"), ADEQUATE).verdict == "complete"


def test_good_renal_outcome_without_any_follow_up_upcr_is_not_evaluable() -> None:
    decision = classify(series(None, None, None), GOOD)
    assert decision.verdict == "not_evaluable"
    assert decision.detail("endpoint_met") is None


def test_adequate_response_at_limits_the_period_first_and_last_day() -> None:
    c = series("1.5", "0.6", "0.5")  # confirmed at week 36
    assert classify(c, ADEQUATE, at=week(36)).verdict == "complete"
    assert classify(c, ADEQUATE, at=week(36, -1)).verdict == "not_evaluable"
    assert classify(c, ADEQUATE).detail("assessment_point") == "week 156"


# ------------------------------------------------------------------------ good renal outcome


def test_good_renal_outcome_without_flare() -> None:
    decision = classify(series("1.5", "0.5", "0.15", "0.4"), GOOD)
    assert decision.verdict == "complete"
    assert decision.detail("endpoint_met") is True


@pytest.mark.parametrize(("peak", "expected"), [("1.01", "none"), ("1", "complete")])
def test_good_renal_outcome_fails_with_a_flare_above_1_from_a_nadir_below_0_2(
    peak: str, expected: str
) -> None:
    decision = classify(series("1.5", "0.5", "0.15", peak), GOOD)
    assert decision.verdict == expected
    if expected == "none":
        assert "numeric-rule-not-adjudicated" in decision.flags


def test_good_renal_outcome_flare_reference_option() -> None:
    c = series("0.6", "0.5", "0.1", "1.5")
    assert classify(c, GOOD).verdict == "none"
    assert classify(c, GOOD, flare_reference="response-visit").verdict == "complete"


def test_good_renal_outcome_needs_an_adequate_response() -> None:
    assert classify(series("1.5", "0.9", "0.8"), GOOD).verdict == "none"


def test_good_renal_outcome_flare_after_the_period_is_ignored() -> None:
    c = series("1.5", "0.5", "0.15", "2.5")  # flare at week 48
    assert classify(c, GOOD, at=week(48, -1)).verdict == "complete"
    assert classify(c, GOOD, at=week(48)).verdict == "none"


# ------------------------------------------------------------------------ sustained CRR


def sustained_course(*later: str | None, month_36: bool = True, **kw: Any) -> dict[str, Any]:
    visits = [visit(week(60 + 12 * n), upcr_value=v, specimen=FM) for n, v in enumerate(later)]
    if month_36:
        visits.append(visit(week(156), upcr_value="0.2", specimen=FM))
    return course(at_week=52, specimen=FM, extra_visits=visits, **kw)


def test_sustained_crr_maintained_through_month_36() -> None:
    decision = classify(sustained_course("0.4", "0.5", "0.3"), SUSTAINED)
    assert decision.verdict == "complete"
    assert decision.detail("trial_status") == "sustained"
    assert decision.detail("later_visits_assessed") == 4


def test_sustained_crr_lost_at_a_later_visit_with_upcr_just_above_0_5() -> None:
    decision = classify(sustained_course("0.4", "0.51", "0.3"), SUSTAINED)
    assert decision.verdict == "none"
    assert decision.detail("trial_status") == "not sustained"


def test_sustained_crr_missing_upcr_at_a_later_visit_is_unknown() -> None:
    decision = classify(sustained_course("0.4", None, "0.3"), SUSTAINED)
    assert decision.verdict == "not_evaluable"
    assert decision.detail("trial_status") == "unknown"


def test_sustained_crr_without_a_month_36_visit_is_unknown() -> None:
    decision = classify(sustained_course("0.4", "0.3", month_36=False), SUSTAINED)
    assert decision.verdict == "not_evaluable"
    assert "end.upcr" in decision.missing_inputs


def test_sustained_crr_fails_without_crr_at_month_12() -> None:
    c = sustained_course("0.4")
    c["visits"][0]["upcr"]["value"] = "0.51"
    assert classify(c, SUSTAINED).verdict == "none"


def test_sustained_crr_fails_with_rescue_after_month_12() -> None:
    c = sustained_course("0.4", events=[event("rescue_therapy", week(100))])
    assert classify(c, SUSTAINED).verdict == "none"


@pytest.mark.parametrize(
    ("offset", "expected"), [(-14, "complete"), (14, "complete"), (15, "not_evaluable")]
)
def test_sustained_crr_end_of_period_window_edges(offset: int, expected: str) -> None:
    c = sustained_course("0.4", month_36=False)
    c["visits"].append(visit(week(156, offset), upcr_value="0.3", specimen=FM))
    assert classify(c, SUSTAINED).verdict == expected


def test_sustained_crr_end_visit_in_the_window_is_itself_assessed() -> None:
    c = sustained_course("0.4", month_36=False)
    c["visits"].append(visit(week(156, 10), upcr_value="0.6", specimen=FM))
    assert classify(c, SUSTAINED).verdict == "none"


def test_sustained_crr_end_before_month_12_is_refused() -> None:
    c = sustained_course("0.4")
    with pytest.raises(InputError):
        classify(c, SUSTAINED, at=51)
    with pytest.raises(InputError):
        classify(c, SUSTAINED, at=week(52, -1))


def test_sustained_crr_end_exactly_at_month_12_is_the_month_12_crr_alone() -> None:
    decision = classify(sustained_course("0.4"), SUSTAINED, at=52)
    assert decision.verdict == "complete"
    assert decision.detail("later_visits_assessed") == 0


def test_sustained_crr_rescue_before_the_course_start_is_not_counted() -> None:
    c = sustained_course("0.4", events=[event("rescue_therapy", week(0, -30))])
    assert classify(c, SUSTAINED).verdict == "complete"


def test_sustained_crr_policy_non_responder_imputes_unknown() -> None:
    decision = classify(sustained_course("0.4", None), SUSTAINED, policy="non-responder")
    assert decision.verdict == "none"
    assert "missing-data-non-responder" in decision.flags


def test_round_trip_of_every_aurora_2_decision() -> None:
    c = sustained_course("0.4")
    for definition in (ADEQUATE, GOOD, SUSTAINED):
        decision = classify(c, definition)
        assert Decision.from_json(decision.to_json()) == decision
        assert decision.rule_set_id == definition


# ------------------------------------------------------------------------ properties

VALUES = st.integers(min_value=0, max_value=300).map(lambda n: str(Decimal(n) / 100))


@settings(max_examples=40)
@given(a=VALUES, b=VALUES, definition=st.sampled_from([ADEQUATE, GOOD, SUSTAINED]))
def test_lowering_the_last_upcr_never_worsens_a_known_category(
    a: str, b: str, definition: str
) -> None:
    low, high = sorted((a, b), key=Decimal)

    def run(last: str) -> str:
        c = sustained_course("0.4", "0.3")
        c["visits"][-1]["upcr"]["value"] = last
        return classify(c, definition).verdict

    v_low, v_high = run(low), run(high)
    if "not_evaluable" not in (v_low, v_high):
        assert RANK[v_low] >= RANK[v_high]


@settings(max_examples=30)
@given(position=st.integers(min_value=0, max_value=3))
def test_missing_upcr_never_gives_a_sustained_response(position: int) -> None:
    c = sustained_course("0.4", "0.3", "0.2")
    del c["visits"][position]["upcr"]
    assert classify(c, SUSTAINED).verdict != "complete"
    assert START.isoformat() == c["start_date"]
