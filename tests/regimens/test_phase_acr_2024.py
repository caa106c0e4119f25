"""ACR 2024 treatment step ("acr-2024-phase"): inadequate response and refractory disease.

Course: baseline 24-hour UPCR 3 g/g; one follow-up visit whose UPCR decides the KDIGO 2024
response (0.3 -> complete, 1.2 -> partial, 2.5 -> none). Week 26 is day 183, week 52 day 365.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from lupus_nephritis import classify_renal_response, classify_treatment_phase, suggest_regimens
from lupus_nephritis.errors import InputError, OptionError, UnknownRuleSetError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.regimens.algorithm import FLAG_PHASE_DIFFERS

ID = "acr-2024-phase"
START = date(2024, 1, 1)
W26 = START + timedelta(weeks=26)
W52 = START + timedelta(weeks=52)
EGFR = "mL/min/{1.73_m2}"
FAILED = {"drugs": ["mmf", "gc"], "response": "none"}


def course(upcr: str | None = "2.5", day: date = W52, egfr: str | None = "80") -> dict[str, Any]:
    visit: dict[str, Any] = {"date": day.isoformat()}
    if upcr is not None:
        visit["upcr"] = {"value": upcr, "unit": "g/g", "specimen": "24h"}
    if egfr is not None:
        visit["egfr"] = f"{egfr} {EGFR}"
    return {
        "start_date": START.isoformat(),
        "baseline": {
            "date": START.isoformat(),
            "upcr": {"value": "3", "unit": "g/g", "specimen": "24h"},
            "egfr": f"80 {EGFR}",
        },
        "visits": [visit],
    }


def phase(upcr: str | None = "2.5", day: date = W52, **kw: Any) -> Any:
    kw.setdefault("prior_regimens", [])
    return classify_treatment_phase(course(upcr, day), at=day, **kw)


# ------------------------------------------------------------------ at least a partial response


@pytest.mark.parametrize(("upcr", "expected"), [("0.3", "maintenance"), ("1.2", "maintenance")])
def test_at_least_a_partial_response_moves_on_to_maintenance(upcr: str, expected: str) -> None:
    decision = phase(upcr)
    assert decision.verdict == expected
    assert decision.criterion("at-least-partial-response").outcome is Outcome.MET
    assert decision.rule_set == "acr-2024-phase@1.1.0"


def test_partial_response_exactly_at_50_percent_is_adequate() -> None:
    assert phase("1.5").verdict == "maintenance"  # 50% reduction from 3 g/g
    assert phase("1.5001").verdict == "non_response"


def test_adequate_response_does_not_need_the_earlier_courses() -> None:
    assert phase("1.2", prior_regimens=None).verdict == "maintenance"


# ------------------------------------------------------------------ the 6-12 month deadline


def test_no_partial_response_exactly_at_month_12_is_an_inadequate_response() -> None:
    decision = phase("2.5", W52)
    assert decision.verdict == "non_response"
    assert decision.criterion("response-deadline-reached").outcome is Outcome.MET
    assert decision.detail("response_deadline") == W52.isoformat()


def test_no_partial_response_the_day_before_month_12_continues_initial_therapy() -> None:
    decision = phase("2.5", W52 - timedelta(days=1))
    assert decision.verdict == "initial"
    assert decision.flags == ("no-partial-response-yet", "inadequate-under-the-earliest-reading")


def test_no_partial_response_before_month_6_is_only_not_yet_due() -> None:
    decision = phase("2.5", W26 - timedelta(days=1))
    assert decision.verdict == "initial"
    assert decision.flags == ("no-partial-response-yet",)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(W26 - timedelta(days=1), "initial"), (W26, "non_response"), (W52, "non_response")],
)
def test_month_6_reading_of_the_deadline(day: date, expected: str) -> None:
    assert phase("2.5", day, response_deadline="month-6").verdict == expected


def test_undecidable_response_is_not_evaluable_with_its_missing_inputs() -> None:
    decision = classify_treatment_phase(course("1.2", egfr=None), at=W52, prior_regimens=[])
    assert decision.verdict == "not_evaluable"
    assert "response.assessment.egfr" in decision.missing_inputs
    assert decision.criterion("at-least-partial-response").outcome is Outcome.UNKNOWN


def test_all_missing_course_is_not_evaluable() -> None:
    decision = classify_treatment_phase({"start_date": "2024-01-01"})
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs


# ------------------------------------------------------------------ refractory: two failed courses


@pytest.mark.parametrize(
    ("prior", "expected"),
    [
        ([], "non_response"),  # this is the first failed course
        ([FAILED], "refractory"),  # exactly two failed courses
        ([FAILED, FAILED], "refractory"),
        ([{**FAILED, "response": "partial"}], "non_response"),
    ],
)
def test_failed_courses_count_for_refractory_disease(
    prior: list[dict[str, Any]], expected: str
) -> None:
    decision = phase("2.5", prior_regimens=prior)
    assert decision.verdict == expected
    assert decision.criterion("earlier-failed-courses").outcome is (
        Outcome.MET if expected == "refractory" else Outcome.NOT_MET
    )


def test_unknown_earlier_courses_leave_the_step_undecided() -> None:
    none_recorded = phase("2.5", prior_regimens=None)
    assert none_recorded.verdict == "not_evaluable"
    assert "prior_regimens" in none_recorded.missing_inputs
    unassessed = phase("2.5", prior_regimens=[{"drugs": ["mmf", "gc"]}])
    assert unassessed.verdict == "not_evaluable"
    assert "prior_regimens.response" in unassessed.missing_inputs
    # one unassessed course cannot matter once a failed one is recorded
    assert phase("2.5", prior_regimens=[FAILED, {"drugs": ["cyclophosphamide"]}]).verdict == (
        "refractory"
    )


# ------------------------------------------------------------------ the response decision


def test_a_response_decision_can_be_passed() -> None:
    data = course("1.2", W52)
    response = classify_renal_response(data, "eular-2019")
    decision = classify_treatment_phase(data, response, prior_regimens=[])
    assert decision.detail("response_rule_set") == response.rule_set
    assert decision.verdict == (
        "maintenance"
        if response.verdict in ("complete", "partial")
        else ("non_response" if response.verdict == "none" else "not_evaluable")
    )
    again = classify_treatment_phase(data, response.to_dict(), prior_regimens=[])
    assert again.verdict == decision.verdict


def test_a_single_endpoint_trial_decision_is_refused() -> None:
    data = course("1.2", W52)
    with pytest.raises(InputError, match="at least a"):
        classify_treatment_phase(data, classify_renal_response(data, "regency-crr"))
    with pytest.raises(InputError):
        classify_treatment_phase(data, "partial")


def test_at_is_only_for_a_computed_response() -> None:
    data = course("1.2", W52)
    with pytest.raises(InputError, match="at"):
        classify_treatment_phase(data, classify_renal_response(data), at=52)


def test_response_definition_option() -> None:
    decision = phase("1.2", response_definition="kdigo-2021")
    assert decision.detail("response_rule_set") == "kdigo-2021@1.0.0"
    with pytest.raises(OptionError):
        phase("1.2", response_definition="aurora-1")
    with pytest.raises(OptionError):
        phase("1.2", response_deadline="month-9")


def test_only_phase_rule_sets_are_accepted() -> None:
    with pytest.raises(UnknownRuleSetError):
        classify_treatment_phase(course(), rule_set="kdigo-2024")
    with pytest.raises(InputError):
        classify_treatment_phase(course(), prior_regimens="mmf")


# ------------------------------------------------------------------ feeding suggest_regimens

PATIENT: dict[str, Any] = {"isn_rps_classes": ["IV"], "prior_regimens": [FAILED]}


def test_the_derived_phase_feeds_the_algorithm() -> None:
    decision = phase("2.5")
    result = suggest_regimens(PATIENT, rule_set="acr-2024-algorithm", phase_decision=decision)
    assert result.phase.value == "non_response"
    assert result.phase_source == "derived"
    assert result.flags == ()
    assert result.to_dict()["phase_decision"]["verdict"] == "non_response"
    assert any("phase: derived" in line for line in result.lines())


def test_an_explicit_phase_wins_and_a_disagreement_is_flagged() -> None:
    decision = phase("2.5")  # non_response
    result = suggest_regimens(
        PATIENT, "refractory", rule_set="acr-2024-algorithm", phase_decision=decision
    )
    assert result.phase.value == "refractory"
    assert result.phase_source == "explicit"
    assert result.flags == (FLAG_PHASE_DIFFERS,)
    same = suggest_regimens(
        PATIENT, "non_response", rule_set="acr-2024-algorithm", phase_decision=decision
    )
    assert same.flags == ()


def test_an_undecided_phase_needs_an_explicit_one() -> None:
    undecided = phase("2.5", prior_regimens=None)
    with pytest.raises(InputError, match="prior_regimens"):
        suggest_regimens(PATIENT, rule_set="acr-2024-algorithm", phase_decision=undecided)
    explicit = suggest_regimens(
        PATIENT, "non_response", rule_set="acr-2024-algorithm", phase_decision=undecided
    )
    assert explicit.flags == () and explicit.phase_source == "explicit"


def test_without_phase_or_decision_the_step_is_initial() -> None:
    result = suggest_regimens(PATIENT, rule_set="acr-2024-algorithm")
    assert result.phase.value == "initial"
    assert result.phase_source == "default"


# ------------------------------------------------------------------ response before the deadline


def test_no_partial_response_exactly_at_month_6_is_flagged_under_the_earliest_reading() -> None:
    decision = phase("2.5", W26)
    assert decision.verdict == "initial"
    assert decision.flags == ("no-partial-response-yet", "inadequate-under-the-earliest-reading")


@pytest.mark.parametrize("upcr", ["0.3", "1.2"])
def test_adequate_response_before_the_deadline_is_maintenance_and_flagged(upcr: str) -> None:
    decision = phase(upcr, W26)
    assert decision.verdict == "maintenance"
    assert decision.flags == ("adequate-response-before-deadline",)
    assert decision.rule_set == "acr-2024-phase@1.1.0"


@pytest.mark.parametrize(
    ("day", "expected"),
    [(W52 - timedelta(days=1), "initial"), (W52, "maintenance")],
)
def test_early_response_initial_continues_until_the_deadline(day: date, expected: str) -> None:
    decision = phase("1.2", day, early_response="initial")
    assert decision.verdict == expected
    flagged = "adequate-response-before-deadline" in decision.flags
    assert flagged is (expected == "initial")


def test_early_response_follows_the_chosen_deadline() -> None:
    before_month_6 = phase("1.2", W26 - timedelta(days=1), early_response="initial")
    assert before_month_6.verdict == "initial"
    at_month_6 = phase("1.2", W26, early_response="initial", response_deadline="month-6")
    assert at_month_6.verdict == "maintenance"
    assert at_month_6.flags == ()


def test_adequate_response_at_or_after_the_deadline_is_not_flagged() -> None:
    assert phase("1.2", W52).flags == ()


def test_first_release_of_the_phase_rule_set_has_no_early_response_option() -> None:
    decision = classify_treatment_phase(
        course("1.2", W26), rule_set="acr-2024-phase@1.0.0", at=W26, prior_regimens=[]
    )
    assert decision.verdict == "maintenance"
    assert decision.flags == ()
    assert decision.rule_set == "acr-2024-phase@1.0.0"
    with pytest.raises(OptionError):
        classify_treatment_phase(
            course("1.2", W26),
            rule_set="acr-2024-phase@1.0.0",
            at=W26,
            prior_regimens=[],
            early_response="initial",
        )
