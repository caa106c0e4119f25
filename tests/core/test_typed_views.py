"""Typed views of decisions: trial endpoint met, structured suggestions, pending facts."""

from __future__ import annotations

from typing import Any

import pytest

from lupus_nephritis import (
    Decision,
    DrugName,
    Suggestion,
    SuggestionStatus,
    classify_renal_response,
    suggest_regimens,
)

EGFR = "mL/min/{1.73_m2}"


def _aurora_course(upcr: str) -> dict[str, Any]:
    return {
        "start_date": "2024-01-01",
        "patient": {"sex": "female", "age_years": 35},
        "baseline": {
            "date": "2024-01-01",
            "upcr": {"value": "3", "unit": "mg/mg", "specimen": "first_morning"},
            "egfr": f"80 {EGFR}",
        },
        "visits": [
            {
                "date": "2024-12-30",
                "upcr": {"value": upcr, "unit": "mg/mg", "specimen": "first_morning"},
                "egfr": f"82 {EGFR}",
            }
        ],
        "are_glucocorticoid_records_complete": True,
        "glucocorticoids": [
            {
                "start": "2024-01-01",
                "end": "2024-12-31",
                "daily_dose": "2.5 mg",
                "drug": "prednisone",
            }
        ],
    }


@pytest.mark.parametrize(("upcr", "met"), [("0.5", True), ("0.51", False)])
def test_trial_endpoint_met_is_a_typed_boolean(upcr: str, met: bool) -> None:
    decision = classify_renal_response(_aurora_course(upcr), "aurora-1")
    assert decision.endpoint_met is met
    assert decision.detail("endpoint") is not None
    assert Decision.from_json(decision.to_json()).endpoint_met is met


def test_endpoint_met_is_none_when_not_evaluable_or_not_a_trial_endpoint() -> None:
    undecided = classify_renal_response({"start_date": "2024-01-01"}, "aurora-1")
    assert undecided.verdict == "not_evaluable"
    assert undecided.endpoint_met is None
    guideline = classify_renal_response(_aurora_course("0.3"), "kdigo-2024")
    assert guideline.endpoint_met is None


def test_suggestions_carry_structured_regimens_with_drug_names() -> None:
    result = suggest_regimens({"egfr": f"62 {EGFR}"}, rule_set="kdigo-2024-algorithm")
    suggestions = result.suggestions
    assert len(suggestions) == len(result.candidates) > 0
    for suggestion, decision in zip(suggestions, result.candidates, strict=True):
        assert isinstance(suggestion, Suggestion)
        assert suggestion.decision is decision
        assert suggestion.regimen.label == decision.subject
        assert all(isinstance(d, DrugName) for d in suggestion.drugs)
        assert suggestion.status is SuggestionStatus(decision.verdict)
    voclosporin = next(s for s in suggestions if DrugName.VOCLOSPORIN in s.drugs)
    assert DrugName.MYCOPHENOLATE_MOFETIL in voclosporin.drugs
    data = result.to_dict()
    assert [r["drugs"] for r in data["regimens"]] == [
        [d.value for d in s.drugs] for s in suggestions
    ]


def test_earlier_algorithm_version_keeps_structured_regimens() -> None:
    result = suggest_regimens({}, rule_set="kdigo-2024-algorithm@1.0.0")
    assert result.rule_set == "kdigo-2024-algorithm@1.0.0"
    assert all(c.rule_set == "kdigo-2024-algorithm@1.0.0" for c in result.candidates)
    assert len(result.suggestions) == len(result.candidates)
