"""Safety stop rules: the APRIL-LN IgG threshold and the voclosporin blood-pressure rule."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lupus_nephritis as ln
from lupus_nephritis.errors import (
    ImplausibleValueError,
    InputError,
    LupusNephritisError,
    OptionError,
    UnitError,
    UnknownRuleSetError,
)
from lupus_nephritis.logic import Outcome
from lupus_nephritis.regimens.safety.api import (
    check_safety_stop_rule,
    check_safety_stop_rules,
    list_stop_rules_not_found,
)
from lupus_nephritis.regimens.safety.engine import SafetyLabs, StopCriterion
from lupus_nephritis.sources import SOURCES
from lupus_nephritis.thresholds import Threshold

IGG = "april-ln-igg-stop"
BP = "lupkynis-us-bp-stop"


def bp(systolic: int, diastolic: int) -> dict[str, Any]:
    return {"blood_pressure": {"systolic": systolic, "diastolic": diastolic, "unit": "mmHg"}}


# ------------------------------------------------------------------ APRIL-LN: IgG below 3 g/L


@pytest.mark.parametrize(
    ("igg", "expected"),
    [
        ("2.99 g/L", "stop"),
        ("3 g/L", "continue"),
        ("3.01 g/L", "continue"),
        ("0 g/L", "stop"),
        ("299 mg/dL", "stop"),
        ("300 mg/dL", "continue"),
        ("2999 mg/L", "stop"),
        ("3000 mg/L", "continue"),
    ],
)
def test_igg_below_3_g_per_l_stops_atacicept_under_april_ln(igg: str, expected: str) -> None:
    decision = check_safety_stop_rule({"igg": igg}, IGG)
    assert decision.verdict == expected
    assert decision.rule_set == "april-ln-igg-stop@1.0.0"


def test_igg_exactly_3_g_per_l_is_not_below_the_april_ln_threshold() -> None:
    decision = check_safety_stop_rule({"igg": "3 g/L", "date": "2024-03-01"}, IGG)
    criterion = decision.criterion("igg-below-3")
    assert (criterion.comparator, criterion.threshold, criterion.threshold_unit) == (
        "<",
        Decimal("3"),
        "g/L",
    )
    assert criterion.outcome is Outcome.NOT_MET
    assert criterion.source_id == "april-ln"
    assert decision.assessed_on is not None and decision.assessed_on.isoformat() == "2024-03-01"
    assert decision.detail("drug") == "atacicept"


def test_missing_igg_is_not_evaluable_under_april_ln() -> None:
    decision = check_safety_stop_rule({}, IGG)
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs == ("igg",)
    assert check_safety_stop_rule(None, IGG).verdict == "not_evaluable"


def test_igg_in_mg_per_dl_entered_as_g_per_l_is_an_implausible_value() -> None:
    with pytest.raises(ImplausibleValueError, match="mg/dL"):
        check_safety_stop_rule({"igg": "700 g/L"}, IGG)


def test_igg_without_unit_or_with_a_wrong_unit_is_refused() -> None:
    with pytest.raises(ln.InputValidationError):
        check_safety_stop_rule({"igg": 2.5}, IGG)
    with pytest.raises(UnitError):
        check_safety_stop_rule({"igg": "2.5 g/dL"}, IGG)


# ------------------------------------------------------------------ voclosporin: > 165/105 mmHg


@pytest.mark.parametrize(
    ("systolic", "diastolic", "either", "both"),
    [
        (165, 105, "continue", "continue"),
        (166, 100, "stop", "continue"),
        (150, 106, "stop", "continue"),
        (166, 106, "stop", "stop"),
        (120, 80, "continue", "continue"),
    ],
)
def test_blood_pressure_above_165_105_stops_voclosporin(
    systolic: int, diastolic: int, either: str, both: str
) -> None:
    labs = bp(systolic, diastolic)
    assert check_safety_stop_rule(labs, BP).verdict == either
    assert check_safety_stop_rule(labs, BP, blood_pressure_reading="both").verdict == both


def test_missing_blood_pressure_is_not_evaluable_for_voclosporin() -> None:
    decision = check_safety_stop_rule({"igg": "8 g/L"}, BP)
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs == ("blood_pressure",)


def test_blood_pressure_rule_names_its_action_and_source() -> None:
    decision = check_safety_stop_rule(bp(170, 110), BP)
    assert decision.detail("action") == "discontinue voclosporin and start antihypertensive therapy"
    assert decision.criterion("stop-rule").children[0].source_id == "lupkynis-hcp-dosing"


# ------------------------------------------------------------------ every rule, options, errors


def test_all_rules_at_once_and_by_drug() -> None:
    labs = {"igg": "2.5 g/L", **bp(120, 80)}
    assert [d.verdict for d in check_safety_stop_rules(labs)] == ["stop", "continue"]
    (atacicept,) = check_safety_stop_rules(labs, drug="atacicept")
    assert atacicept.rule_set_id == IGG
    (vcs,) = check_safety_stop_rules(labs, drug="vcs")  # a catalogue alias
    assert vcs.rule_set_id == BP
    assert check_safety_stop_rules(labs, drug="obinutuzumab") == ()


def test_drug_must_be_a_name() -> None:
    with pytest.raises(InputError):
        check_safety_stop_rules({}, drug=3)


def test_only_safety_rule_sets_are_accepted() -> None:
    with pytest.raises(UnknownRuleSetError):
        check_safety_stop_rule({}, "us-labels")
    with pytest.raises(UnknownRuleSetError):
        check_safety_stop_rule({}, 1)  # type: ignore[arg-type]


def test_unknown_options_are_refused() -> None:
    with pytest.raises(OptionError):
        check_safety_stop_rule({}, IGG, blood_pressure_reading="both")
    with pytest.raises(OptionError):
        check_safety_stop_rule({}, BP, blood_pressure_reading="systolic")


def test_stop_rules_not_found_are_listed_with_known_sources() -> None:
    missing = list_stop_rules_not_found()
    drugs = {m.drug for m in missing}
    assert {"obinutuzumab", "rituximab", "belimumab", "atacicept"} <= drugs
    for item in missing:
        assert all(s in SOURCES for s in item.source_ids)


def test_a_stop_criterion_must_read_a_value_of_its_quantity() -> None:
    threshold = Threshold("x", "x", "<", "3", "g/L", "igg", "april-ln")
    with pytest.raises(LupusNephritisError):
        StopCriterion(threshold, "systolic")


def test_safety_labs_model_is_strict() -> None:
    with pytest.raises(ln.InputValidationError):
        SafetyLabs.model_validate({"igg": "3 g/L", "crp": "5 mg/L"})


def test_decisions_round_trip_through_json() -> None:
    for labs, rule_set in (({"igg": "2.9 g/L"}, IGG), (bp(170, 90), BP), ({}, BP)):
        decision = check_safety_stop_rule(labs, rule_set)
        assert ln.Decision.from_json(decision.to_json()) == decision


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=0, max_value=20, places=2, allow_nan=False))
def test_igg_verdict_is_the_same_in_every_unit(value: Decimal) -> None:
    in_g = check_safety_stop_rule({"igg": f"{value} g/L"}, IGG).verdict
    in_mg_dl = check_safety_stop_rule({"igg": f"{value * 100} mg/dL"}, IGG).verdict
    assert in_g == in_mg_dl == ("stop" if value < 3 else "continue")
