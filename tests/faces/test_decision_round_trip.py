"""Decisions of every registered rule set round-trip through JSON losslessly.

For each registered rule set (every version) that produces :class:`Decision` objects, real
decisions are made on the embedded examples through the public functions, then serialised
with ``to_json`` and parsed back with ``from_json``: the parsed decision must be equal, serialise
to the same text, and keep the generated summary. Equation and equivalence rule sets return
numbers, not decisions; the test checks that these are the only kinds without decisions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import lupus_nephritis as ln
from lupus_nephritis.cli_demo import ALL_DEFINITIONS_COURSE
from lupus_nephritis.criteria.biopsy.demo import DEMO_FINDINGS
from lupus_nephritis.criteria.flares.demo import DEMO_COURSE as FLARE_COURSE
from lupus_nephritis.criteria.pathology.demo import DEMO_BIOPSY
from lupus_nephritis.criteria.response.examples import example_course
from lupus_nephritis.decisions import Decision
from lupus_nephritis.regimens.demo import EXAMPLE_PATIENT, EXAMPLE_REGIMENS
from lupus_nephritis.regimens.glucocorticoids.demo import EXAMPLE_COURSE as GC_COURSE
from lupus_nephritis.regimens.glucocorticoids.demo import EXAMPLE_DURATION
from lupus_nephritis.registry import RuleKind, RuleSet, list_rule_sets

EGFR = "mL/min/{1.73_m2}"
NUMERIC_KINDS = {RuleKind.EQUATION, RuleKind.EQUIVALENCE}
RULE_SETS = list_rule_sets(all_versions=True)


def _response(rule_set: RuleSet) -> list[Decision]:
    return [
        ln.classify_renal_response(example_course(), rule_set.key),
        ln.classify_renal_response(ALL_DEFINITIONS_COURSE, rule_set.key),
        ln.classify_renal_response(
            {**example_course(), "visits": []}, rule_set.key, policy="not-evaluable"
        ),
    ]


def _flare(rule_set: RuleSet) -> list[Decision]:
    return [
        ln.detect_renal_flares(FLARE_COURSE, rule_set.key),
        ln.detect_renal_flares({**FLARE_COURSE, "visits": []}, rule_set.key),
    ]


def _biopsy(rule_set: RuleSet) -> list[Decision]:
    return [
        ln.assess_biopsy_indication(DEMO_FINDINGS, rule_set.key),
        ln.assess_biopsy_indication({}, rule_set.key),
    ]


def _pathology(rule_set: RuleSet) -> list[Decision]:
    if rule_set.id.startswith("isn-rps"):
        return [
            ln.classify_isn_rps(DEMO_BIOPSY, rule_set.key),
            ln.classify_isn_rps({"glomeruli_total": 5}, rule_set.key),
        ]
    assert rule_set.evaluate is not None
    return [rule_set.evaluate(DEMO_BIOPSY), rule_set.evaluate({"activity": {}})]


def _eligibility(rule_set: RuleSet) -> list[Decision]:
    return [
        ln.check_regimen_eligibility(regimen, EXAMPLE_PATIENT, rule_set=rule_set.key)
        for regimen in EXAMPLE_REGIMENS
    ] + [ln.check_regimen_eligibility({"drugs": ["voclosporin"]}, {}, rule_set=rule_set.key)]


BELIMUMAB_DOSES = [
    {"date": "2024-01-08", "route": "iv", "dose": "700 mg", "weight": "70 kg"},
    {"date": "2024-01-22", "route": "iv", "dose_per_kg": "10 mg/kg"},
    {"date": "2024-02-06", "route": "iv", "dose": "700 mg"},
    {"date": "2024-02-16", "route": "sc", "dose": "200 mg"},
]


def _dosing(rule_set: RuleSet) -> list[Decision]:
    if rule_set.id.startswith("benlysta"):
        check = ln.check_belimumab_dosing(
            BELIMUMAB_DOSES, rule_set=rule_set.key, as_of="2024-03-01"
        )
        empty = ln.check_belimumab_dosing([], rule_set=rule_set.key)
        return [check.overall, *check.doses, empty.overall]
    return [
        ln.voclosporin_dose_action(
            f"80 {EGFR}", f"{current} {EGFR}", rule_set=rule_set.key, current_at="2025-03-03"
        )
        for current in ("75", "58", "56")
    ]


def _taper(rule_set: RuleSet) -> list[Decision]:
    return [
        ln.check_glucocorticoid_taper(GC_COURSE, rule_set.key, at=week, weight_kg=70)
        for week in (1, 12, 30)
    ]


def _duration(rule_set: RuleSet) -> list[Decision]:
    return [
        ln.check_treatment_duration(EXAMPLE_DURATION, rule_set=rule_set.key),
        ln.check_treatment_duration({"start_date": "2024-01-08"}, rule_set=rule_set.key),
    ]


def _algorithm(rule_set: RuleSet) -> list[Decision]:
    after_mmf = {
        **EXAMPLE_PATIENT,
        "prior_regimens": [{"drugs": ["mmf", "gc"], "response": "none"}],
    }
    decisions: list[Decision] = []
    for patient, phase in ((EXAMPLE_PATIENT, "initial"), (after_mmf, "non_response")):
        decisions.extend(ln.suggest_regimens(patient, phase, rule_set.key).candidates)
    return decisions


def _phase(rule_set: RuleSet) -> list[Decision]:
    return [
        ln.classify_treatment_phase(example_course(), rule_set=rule_set.key, prior_regimens=[]),
        ln.classify_treatment_phase(ALL_DEFINITIONS_COURSE, rule_set=rule_set.key),
        ln.classify_treatment_phase({"start_date": "2024-01-01"}, rule_set=rule_set.key),
    ]


def _safety(rule_set: RuleSet) -> list[Decision]:
    labs = [
        {"igg": "2.9 g/L", "date": "2024-03-01"},
        {"igg": "300 mg/dL"},
        {"blood_pressure": {"systolic": 170, "diastolic": 100, "unit": "mmHg"}},
        {},
    ]
    return [ln.check_safety_stop_rule(value, rule_set.key) for value in labs]


MAKERS: dict[RuleKind, Callable[[RuleSet], list[Decision]]] = {
    RuleKind.RESPONSE: _response,
    RuleKind.FLARE: _flare,
    RuleKind.BIOPSY: _biopsy,
    RuleKind.PATHOLOGY: _pathology,
    RuleKind.ELIGIBILITY: _eligibility,
    RuleKind.DOSING: _dosing,
    RuleKind.TAPER: _taper,
    RuleKind.DURATION: _duration,
    RuleKind.ALGORITHM: _algorithm,
    RuleKind.PHASE: _phase,
    RuleKind.SAFETY: _safety,
}


def test_every_kind_is_either_decision_producing_or_numeric() -> None:
    assert set(MAKERS) | NUMERIC_KINDS == set(RuleKind)
    assert not set(MAKERS) & NUMERIC_KINDS


@pytest.mark.parametrize(
    "rule_set", [r for r in RULE_SETS if r.kind not in NUMERIC_KINDS], ids=lambda r: r.key
)
def test_decisions_of_every_rule_set_round_trip_through_json(rule_set: RuleSet) -> None:
    decisions = MAKERS[rule_set.kind](rule_set)
    assert decisions
    for decision in decisions:
        assert isinstance(decision, Decision)
        assert (decision.rule_set_id, decision.rule_set_version) == (
            rule_set.id,
            rule_set.version,
        )
        assert decision.kind == rule_set.kind.value
        text = decision.to_json()
        again = Decision.from_json(text)
        assert again == decision
        assert again.to_json() == text
        assert again.summary == decision.summary
        assert again.to_dict() == decision.to_dict()
        # indented output parses to the same decision, and the text is standard JSON
        assert Decision.from_json(decision.to_json(indent=2)) == decision
        parsed: Any = json.loads(text)
        assert parsed["rule_set_id"] == rule_set.id


EQUATION_ARGUMENTS: dict[str, dict[str, Any]] = {
    "ckd-epi-2021-cr": {"creatinine_mg_dl": 1.1, "age": 50, "sex": "male"},
    "ckd-epi-2021-cr-cys": {
        "creatinine_mg_dl": 1.1,
        "cystatin_c_mg_l": 1.0,
        "age": 50,
        "sex": "female",
    },
    "ckd-epi-2009-cr": {"creatinine_mg_dl": 1.1, "age": 50, "sex": "male", "is_black": False},
    "mdrd-idms": {"creatinine_mg_dl": 1.1, "age": 50, "sex": "male", "is_black": False},
    "ckd-epi-2012-cys": {"cystatin_c_mg_l": 1.0, "age": 50, "sex": "female"},
    "schwartz-bedside-2009": {"creatinine_mg_dl": 0.4, "height_cm": 100},
    "ckid-u25-2021-cr": {"creatinine_mg_dl": 0.6, "height_cm": 150, "age": 12, "sex": "male"},
    "ekfc-2021": {"creatinine_mg_dl": 1.1, "age": 50, "sex": "male"},
}


@pytest.mark.parametrize(
    "rule_set", [r for r in RULE_SETS if r.kind in NUMERIC_KINDS], ids=lambda r: r.key
)
def test_numeric_rule_sets_return_numbers_not_decisions(rule_set: RuleSet) -> None:
    assert rule_set.evaluate is not None
    if rule_set.kind is RuleKind.EQUIVALENCE:
        result = rule_set.evaluate(10, "prednisolone")
        assert result == 10
    else:
        result = rule_set.evaluate(**EQUATION_ARGUMENTS[rule_set.id])
        assert isinstance(result, float)
        assert result > 0
    assert not isinstance(result, Decision)
