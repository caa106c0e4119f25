"""check_regimen_eligibility and check_regimens (the table), with hypothesis properties."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from _regimen_fixtures import CLEAN, ctx, egfr, reg, verdict
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.decisions import Decision, Eligibility
from lupus_nephritis.errors import InputError, OptionError, UnknownRuleSetError
from lupus_nephritis.regimens.eligibility._common import rank
from lupus_nephritis.regimens.eligibility.api import (
    DEFAULT_TABLE_RULE_SETS,
    check_regimen_eligibility,
    check_regimens,
)
from lupus_nephritis.registry import list_rule_sets

E = Eligibility
ELIGIBILITY_IDS = (
    "us-labels",
    "kdigo-2024-regimens",
    "eular-2023-regimens",
    "acr-2024-regimens",
    "seed-review-2024-regimens",
)


def test_every_eligibility_rule_set_is_registered() -> None:
    ids = {r.id for r in list_rule_sets("eligibility")}
    assert set(ELIGIBILITY_IDS) <= ids
    assert set(DEFAULT_TABLE_RULE_SETS) == set(ELIGIBILITY_IDS)


def test_default_rule_set_is_kdigo_and_accepts_plain_dicts() -> None:
    decision = check_regimen_eligibility({"drugs": ["mmf", "gc"]}, CLEAN)
    assert decision.rule_set_id == "kdigo-2024-regimens"
    assert decision.kind == "eligibility"
    assert verdict(decision) is E.ELIGIBLE


def test_id_at_version_selects_the_version() -> None:
    decision = check_regimen_eligibility(reg("mmf", "gc"), ctx(), "us-labels@1.0.0")
    assert decision.rule_set == "us-labels@1.0.0"


def test_unknown_or_wrong_kind_rule_set_is_rejected() -> None:
    with pytest.raises(UnknownRuleSetError):
        check_regimen_eligibility(reg("mmf"), ctx(), "no-such-rule-set")
    with pytest.raises(UnknownRuleSetError):
        check_regimen_eligibility(reg("mmf"), ctx(), "lupkynis-us-egfr-dosing")


def test_nothing_known_is_pending_never_eligible() -> None:
    for rule_set in ELIGIBILITY_IDS:
        decision = check_regimen_eligibility(reg("mmf", "belimumab", "gc"), None, rule_set)
        assert verdict(decision) is E.ELIGIBLE_PENDING, rule_set
        assert decision.missing_inputs, rule_set
        assert decision.facts_to_confirm, rule_set
        assert set(decision.facts_to_confirm) <= set(decision.missing_inputs), rule_set


def test_nothing_known_is_not_evaluable_under_the_strict_reading_and_version_1_0_0() -> None:
    for rule_set in ELIGIBILITY_IDS:
        regimen = reg("mmf", "belimumab", "gc")
        strict = check_regimen_eligibility(regimen, None, rule_set, unknowns="strict")
        legacy = check_regimen_eligibility(regimen, None, f"{rule_set}@1.0.0")
        assert verdict(strict) is verdict(legacy) is E.NOT_EVALUABLE, rule_set
        assert legacy.rule_set == f"{rule_set}@1.0.0"
        assert legacy.criteria == strict.criteria
        assert strict.facts_to_confirm == ()


def test_table_rows_columns_and_lines() -> None:
    table = check_regimens(
        [reg("mmf", "voclosporin", "gc"), {"drugs": ["mmf", "belimumab", "gc"]}],
        ctx(egfr=egfr("45")),
        rule_sets=("us-labels", "seed-review-2024-regimens"),
    )
    assert table.rule_sets == ("us-labels@1.1.0", "seed-review-2024-regimens@1.1.0")
    assert table.verdict(0, "us-labels") is E.NOT_RECOMMENDED
    assert table.verdict("MMF + voclosporin + GC", "seed-review-2024-regimens") is E.ELIGIBLE
    assert table.verdict(1, "us-labels@1.1.0") is E.ELIGIBLE
    lines = table.lines()
    assert lines[0].split() == ["regimen", "us-labels", "seed-review-2024-regimens"]
    assert any("not recommended" in line for line in lines)
    data = table.to_dict()
    assert len(data["rows"]) == 2
    assert data["rows"][0]["decisions"][0]["verdict"] == "not_recommended"


def test_table_errors() -> None:
    table = check_regimens([reg("mmf", "gc")], ctx(), rule_sets=("us-labels",))
    with pytest.raises(InputError):
        table.decision(5, "us-labels")
    with pytest.raises(InputError):
        table.decision("AZA + GC", "us-labels")
    with pytest.raises(InputError):
        table.decision(0, "acr-2024-regimens")
    with pytest.raises(InputError, match="not columns"):
        check_regimens(
            [reg("mmf")], ctx(), rule_sets=("us-labels",), options={"acr-2024-regimens": {}}
        )


def test_table_passes_options_per_rule_set() -> None:
    patient = ctx(blood_pressure={"systolic": "170", "diastolic": "90", "unit": "mmHg"})
    regimen = reg("mmf", "voclosporin", "gc")
    default = check_regimens([regimen], patient, rule_sets=("us-labels",))
    both = check_regimens(
        [regimen],
        patient,
        rule_sets=("us-labels",),
        options={"us-labels": {"blood_pressure_reading": "both"}},
    )
    assert default.verdict(0, "us-labels") is E.NOT_RECOMMENDED
    assert both.verdict(0, "us-labels") is E.ELIGIBLE


# ------------------------------------------------------------------------------- properties

VOCLOSPORIN_RULE_SETS = ("us-labels", "kdigo-2024-regimens", "seed-review-2024-regimens")
egfr_values = st.decimals(min_value=0, max_value=150, places=1)


@settings(max_examples=60)
@given(low=egfr_values, high=egfr_values, rule_set=st.sampled_from(VOCLOSPORIN_RULE_SETS))
def test_a_lower_egfr_never_makes_voclosporin_more_eligible(
    low: Decimal, high: Decimal, rule_set: str
) -> None:
    low, high = min(low, high), max(low, high)
    regimen = reg("mmf", "voclosporin", "gc")
    at_low = verdict(check_regimen_eligibility(regimen, ctx(egfr=egfr(str(low))), rule_set))
    at_high = verdict(check_regimen_eligibility(regimen, ctx(egfr=egfr(str(high))), rule_set))
    assert rank(at_low) >= rank(at_high)


@settings(max_examples=40)
@given(low=egfr_values, high=egfr_values)
def test_a_lower_egfr_never_makes_belimumab_more_eligible_under_kdigo(
    low: Decimal, high: Decimal
) -> None:
    low, high = min(low, high), max(low, high)
    regimen = reg("mmf", "belimumab", "gc")
    at_low = verdict(check_regimen_eligibility(regimen, ctx(egfr=egfr(str(low)))))
    at_high = verdict(check_regimen_eligibility(regimen, ctx(egfr=egfr(str(high)))))
    assert rank(at_low) >= rank(at_high)


REMOVABLE = sorted(set(CLEAN) - {"sex"})
REGIMENS = (
    reg("mmf", "voclosporin", "gc"),
    reg("mmf", "belimumab", "gc"),
    reg("cyc", "belimumab", "gc", scheme="euro_lupus"),
    reg("aza", "gc", phase="maintenance"),
    reg("mmf", "obinutuzumab", "gc", phase="refractory"),
)
TRIGGERS: dict[str, Any] = {
    "is_pregnant": True,
    "cyp3a4_inhibitor": "moderate",
    "egfr": egfr("40"),
    "has_extrarenal_activity": True,
    "upcr": {"value": "3.5", "unit": "g/g"},
    "tpmt": "heterozygous",
}


@settings(max_examples=80)
@given(
    removed=st.sets(st.sampled_from(REMOVABLE), max_size=4),
    triggered=st.sets(st.sampled_from(sorted(TRIGGERS)), max_size=2),
    regimen=st.sampled_from(REGIMENS),
    rule_set=st.sampled_from(ELIGIBILITY_IDS),
)
def test_missing_data_never_gives_a_better_verdict(
    removed: set[str], triggered: set[str], regimen: Any, rule_set: str
) -> None:
    base = {**CLEAN, **{k: TRIGGERS[k] for k in triggered}}
    partial_data = {**base, **dict.fromkeys(removed)}
    full = verdict(check_regimen_eligibility(regimen, base, rule_set, unknowns="strict"))
    strict = verdict(check_regimen_eligibility(regimen, partial_data, rule_set, unknowns="strict"))
    assert strict in (full, E.NOT_EVALUABLE)
    # the actionable reading: the certain verdict, or pending confirmation - never better
    actionable = check_regimen_eligibility(regimen, partial_data, rule_set)
    if strict is not E.NOT_EVALUABLE:
        assert verdict(actionable) is strict
    elif verdict(actionable) is not E.ELIGIBLE_PENDING:
        assert verdict(actionable) in (E.NOT_RECOMMENDED, E.CONTRAINDICATED)
        assert rank(verdict(actionable)) <= rank(full)
    assert verdict(actionable) is not E.ELIGIBLE or full is E.ELIGIBLE


@settings(max_examples=40)
@given(value=st.decimals(min_value=Decimal("0.1"), max_value=10, places=3))
def test_acr_verdict_is_unit_invariant_for_upcr(value: Decimal) -> None:
    regimen = reg("mmf", "belimumab", "gc")
    in_g = ctx(upcr={"value": str(value), "unit": "g/g"})
    in_mg = ctx(upcr={"value": str(value * 1000), "unit": "mg/g"})
    a = check_regimen_eligibility(regimen, in_g, "acr-2024-regimens")
    b = check_regimen_eligibility(regimen, in_mg, "acr-2024-regimens")
    assert a.verdict == b.verdict


@settings(max_examples=30)
@given(
    regimen=st.sampled_from(REGIMENS),
    rule_set=st.sampled_from(ELIGIBILITY_IDS),
    removed=st.sets(st.sampled_from(REMOVABLE), max_size=3),
)
def test_eligibility_decisions_round_trip_through_json(
    regimen: Any, rule_set: str, removed: set[str]
) -> None:
    decision = check_regimen_eligibility(regimen, {**CLEAN, **dict.fromkeys(removed)}, rule_set)
    assert Decision.from_json(decision.to_json()) == decision


def test_rule_set_must_be_a_string() -> None:
    from lupus_nephritis.regimens.algorithm import suggest_regimens
    from lupus_nephritis.regimens.voclosporin_dosing.api import voclosporin_dose_action

    with pytest.raises(UnknownRuleSetError):
        check_regimen_eligibility(reg("mmf"), ctx(), 42)  # type: ignore[arg-type]
    with pytest.raises(UnknownRuleSetError):
        check_regimens([reg("mmf")], ctx(), rule_sets=(None,))  # type: ignore[arg-type]
    with pytest.raises(UnknownRuleSetError):
        voclosporin_dose_action(egfr("50"), egfr("40"), rule_set=None)  # type: ignore[arg-type]
    with pytest.raises(UnknownRuleSetError):
        suggest_regimens(ctx(), rule_set=1)  # type: ignore[arg-type]


def test_check_regimens_accepts_a_single_rule_set_id() -> None:
    table = check_regimens([reg("mmf", "gc")], ctx(), rule_sets="us-labels")
    assert table.rule_sets == ("us-labels@1.1.0",)


# ------------------------------------------------------- voclosporin and eGFR, every rule set

VOCLOSPORIN_REGIMENS = (
    reg("mmf", "voclosporin", "gc"),
    reg("mpa", "voclosporin", "gc"),
    reg("mmf", "voclosporin"),
    reg("mmf", "voclosporin", "belimumab", "gc"),
    reg("aza", "voclosporin", "gc", phase="maintenance"),
    reg("mmf", "voclosporin", "gc", phase="maintenance"),
    reg("cyc", "voclosporin", "gc", scheme="euro_lupus"),
    reg("mmf", "voclosporin", "rituximab", "gc", phase="refractory"),
)
OTHER_INPUTS = sorted(set(CLEAN) - {"sex", "egfr"})


def _range(decision: Decision) -> tuple[int, int]:
    return (
        rank(E(str(decision.detail("best_case")))),
        rank(E(str(decision.detail("worst_case")))),
    )


@settings(max_examples=100)
@given(
    low=egfr_values,
    high=egfr_values,
    rule_set=st.sampled_from(ELIGIBILITY_IDS),
    regimen=st.sampled_from(VOCLOSPORIN_REGIMENS),
    removed=st.sets(st.sampled_from(OTHER_INPUTS), max_size=4),
    triggered=st.sets(st.sampled_from(sorted(set(TRIGGERS) - {"egfr"})), max_size=2),
    unknown_caution=st.sampled_from(("not_evaluable", "flag")),
    unknowns=st.sampled_from(("actionable", "strict")),
)
def test_a_lower_egfr_never_makes_voclosporin_more_eligible_under_any_rule_set(
    low: Decimal,
    high: Decimal,
    rule_set: str,
    regimen: Any,
    removed: set[str],
    triggered: set[str],
    unknown_caution: str,
    unknowns: str,
) -> None:
    low, high = min(low, high), max(low, high)
    base = {**CLEAN, **{k: TRIGGERS[k] for k in triggered}, **dict.fromkeys(removed)}

    def at(value: Decimal) -> Decision:
        patient = {**base, "egfr": egfr(str(value))}
        return check_regimen_eligibility(
            regimen, patient, rule_set, unknown_caution=unknown_caution, unknowns=unknowns
        )

    at_low, at_high = at(low), at(high)
    best_low, worst_low = _range(at_low)
    best_high, worst_high = _range(at_high)
    assert best_low >= best_high
    assert worst_low >= worst_high
    undecided = (E.NOT_EVALUABLE, E.ELIGIBLE_PENDING)
    if verdict(at_high) not in undecided:
        assert verdict(at_low) is not E.NOT_EVALUABLE
        if verdict(at_low) is not E.ELIGIBLE_PENDING:
            assert rank(verdict(at_low)) >= rank(verdict(at_high))


@pytest.mark.parametrize(
    ("rule_set", "value", "expected"),
    [
        ("us-labels", "45", E.NOT_RECOMMENDED),
        ("us-labels", "45.01", E.ELIGIBLE),
        ("kdigo-2024-regimens", "45", E.NOT_RECOMMENDED),
        ("kdigo-2024-regimens", "45.01", E.ELIGIBLE),
        ("seed-review-2024-regimens", "44.99", E.NOT_RECOMMENDED),
        ("seed-review-2024-regimens", "45", E.ELIGIBLE),
        ("eular-2023-regimens", "20", E.ELIGIBLE),
        ("acr-2024-regimens", "20", E.ELIGIBLE),
    ],
)
def test_voclosporin_egfr_45_boundary_per_rule_set(
    rule_set: str, value: str, expected: Eligibility
) -> None:
    regimen = reg("mmf", "voclosporin", "gc")
    decision = check_regimen_eligibility(regimen, ctx(egfr=egfr(value)), rule_set)
    assert verdict(decision) is expected


@settings(max_examples=50)
@given(
    value=st.decimals(min_value=0, max_value=150, places=2),
    alias=st.sampled_from(("mL/min/1.73m2", "mL/min/1.73 m2", "mL/min/{1.73m2}")),
    rule_set=st.sampled_from(ELIGIBILITY_IDS),
)
def test_egfr_unit_spellings_give_the_same_decision(
    value: Decimal, alias: str, rule_set: str
) -> None:
    regimen = reg("mmf", "voclosporin", "gc")
    canonical = check_regimen_eligibility(regimen, ctx(egfr=egfr(str(value))), rule_set)
    spelled = check_regimen_eligibility(
        regimen, ctx(egfr={"value": str(value), "unit": alias}), rule_set
    )
    assert spelled.verdict == canonical.verdict
    assert [c.outcome for c in spelled.criteria] == [c.outcome for c in canonical.criteria]


@settings(max_examples=50)
@given(value=st.decimals(min_value=Decimal("0.01"), max_value=10, places=2))
def test_acr_verdict_is_unit_invariant_for_upcr_in_mg_per_mmol(value: Decimal) -> None:
    regimen = reg("mmf", "belimumab", "gc")
    in_g = ctx(upcr={"value": str(value), "unit": "g/g"})
    in_mmol = ctx(upcr={"value": str(value * Decimal("113.12")), "unit": "mg/mmol"})
    a = check_regimen_eligibility(regimen, in_g, "acr-2024-regimens")
    b = check_regimen_eligibility(regimen, in_mmol, "acr-2024-regimens")
    assert a.verdict == b.verdict
    assert a.criterion("triple-choice-proteinuria").outcome == (
        b.criterion("triple-choice-proteinuria").outcome
    )


@settings(max_examples=40)
@given(value=st.decimals(min_value=0, max_value=10, places=3))
def test_eular_class_v_verdict_is_unit_invariant_for_24h_protein(value: Decimal) -> None:
    regimen = reg("mmf", "gc")
    grams = ctx(isn_rps_classes=["V"], protein_24h={"value": str(value), "unit": "g/d"})
    milligrams = ctx(
        isn_rps_classes=["V"], protein_24h={"value": str(value * 1000), "unit": "mg/d"}
    )
    a = check_regimen_eligibility(regimen, grams, "eular-2023-regimens")
    b = check_regimen_eligibility(regimen, milligrams, "eular-2023-regimens")
    assert a.verdict == b.verdict


# ------------------------------------------------------- unknown_caution option


def test_unknown_live_vaccine_plan_is_pending_by_default_under_us_labels() -> None:
    decision = check_regimen_eligibility(
        reg("mmf", "voclosporin", "gc"), ctx(is_live_vaccine_planned=None), "us-labels"
    )
    assert verdict(decision) is E.ELIGIBLE_PENDING
    assert decision.missing_inputs == ("is_live_vaccine_planned",)
    assert decision.facts_to_confirm == ("is_live_vaccine_planned",)
    assert "pending:voclosporin-live-vaccine" in decision.flags
    assert decision.detail("best_case") == "eligible"
    assert decision.detail("worst_case") == "caution"
    assert dict(decision.options)["unknown_caution"] == "not_evaluable"
    assert "unknown_caution=not_evaluable" in (decision.policy or "")
    assert "unknowns=actionable" in (decision.policy or "")


def test_unknown_live_vaccine_plan_is_not_evaluable_under_the_strict_reading() -> None:
    decision = check_regimen_eligibility(
        reg("mmf", "voclosporin", "gc"),
        ctx(is_live_vaccine_planned=None),
        "us-labels",
        unknowns="strict",
    )
    assert verdict(decision) is E.NOT_EVALUABLE
    assert decision.missing_inputs == ("is_live_vaccine_planned",)
    assert not any(f.startswith("pending:") for f in decision.flags)


def test_unknown_live_vaccine_plan_is_eligible_with_a_flag_under_unknown_caution_flag() -> None:
    decision = check_regimen_eligibility(
        reg("mmf", "voclosporin", "gc"),
        ctx(is_live_vaccine_planned=None),
        "us-labels",
        unknown_caution="flag",
    )
    assert verdict(decision) is E.ELIGIBLE
    assert "unverified-caution:voclosporin-live-vaccine" in decision.flags
    assert decision.missing_inputs == ("is_live_vaccine_planned",)
    assert decision.detail("worst_case") == "caution"
    assert "unknown_caution=flag" in (decision.policy or "")


def test_unknown_caution_flag_never_lets_a_worse_unknown_pass() -> None:
    decision = check_regimen_eligibility(
        reg("mmf", "voclosporin", "gc"),
        ctx(is_live_vaccine_planned=None, is_pregnant=None),
        "us-labels",
        unknown_caution="flag",
    )
    # the pregnancy question still has to be answered; only the caution-level one passes
    assert verdict(decision) is E.ELIGIBLE_PENDING
    assert decision.facts_to_confirm == ("is_pregnant",)
    unverified = [f for f in decision.flags if f.startswith("unverified-caution")]
    assert unverified == ["unverified-caution:voclosporin-live-vaccine"]
    strict = check_regimen_eligibility(
        reg("mmf", "voclosporin", "gc"),
        ctx(is_live_vaccine_planned=None, is_pregnant=None),
        "us-labels",
        unknown_caution="flag",
        unknowns="strict",
    )
    assert verdict(strict) is E.NOT_EVALUABLE
    assert not any(f.startswith("unverified-caution") for f in strict.flags)


def test_unknown_caution_flag_under_acr_for_unknown_extrarenal_activity() -> None:
    regimen = reg("mmf", "voclosporin", "gc")
    patient = ctx(has_extrarenal_activity=None)
    strict = check_regimen_eligibility(regimen, patient, "acr-2024-regimens")
    lenient = check_regimen_eligibility(
        regimen, patient, "acr-2024-regimens", unknown_caution="flag"
    )
    assert verdict(strict) is E.ELIGIBLE_PENDING
    assert verdict(lenient) is E.ELIGIBLE
    assert "unverified-caution:triple-choice-extrarenal" in lenient.flags


@pytest.mark.parametrize("rule_set", ELIGIBILITY_IDS)
def test_every_eligibility_rule_set_declares_unknown_caution(rule_set: str) -> None:
    from lupus_nephritis.registry import get_rule_set

    option = get_rule_set(rule_set).option("unknown_caution")
    assert option.default == "not_evaluable"
    with pytest.raises(OptionError):
        check_regimen_eligibility(reg("mmf", "gc"), ctx(), rule_set, unknown_caution="ignore")


def test_check_regimens_passes_unknown_caution_per_rule_set() -> None:
    table = check_regimens(
        [reg("mmf", "voclosporin", "gc")],
        ctx(is_live_vaccine_planned=None),
        rule_sets=("us-labels",),
        options={"us-labels": {"unknown_caution": "flag"}},
    )
    assert table.verdict(0, "us-labels") is E.ELIGIBLE


@settings(max_examples=80)
@given(
    removed=st.sets(st.sampled_from(REMOVABLE), max_size=4),
    triggered=st.sets(st.sampled_from(sorted(TRIGGERS)), max_size=2),
    regimen=st.sampled_from(REGIMENS + VOCLOSPORIN_REGIMENS),
    rule_set=st.sampled_from(ELIGIBILITY_IDS),
)
def test_unknown_caution_flag_differs_from_default_only_by_unverified_caution(
    removed: set[str], triggered: set[str], regimen: Any, rule_set: str
) -> None:
    patient = {**CLEAN, **{k: TRIGGERS[k] for k in triggered}, **dict.fromkeys(removed)}
    strict = check_regimen_eligibility(regimen, patient, rule_set, unknowns="strict")
    lenient = check_regimen_eligibility(
        regimen, patient, rule_set, unknown_caution="flag", unknowns="strict"
    )
    unverified = [f for f in lenient.flags if f.startswith("unverified-caution:")]
    if verdict(lenient) is verdict(strict):
        assert not unverified
    else:
        assert verdict(strict) is E.NOT_EVALUABLE
        assert verdict(lenient) is E.ELIGIBLE
        assert unverified
        assert strict.detail("worst_case") == "caution"
    assert lenient.missing_inputs == strict.missing_inputs
    # actionable reading: the flag option only moves caution-level facts out of to_confirm
    pending_default = check_regimen_eligibility(regimen, patient, rule_set)
    pending_flag = check_regimen_eligibility(regimen, patient, rule_set, unknown_caution="flag")
    assert set(pending_flag.facts_to_confirm) <= set(pending_default.facts_to_confirm)
    moved = {f.split(":", 1)[1] for f in pending_flag.flags if f.startswith("unverified-caution:")}
    for criterion_id in moved:
        assert pending_flag.detail(f"severity.{criterion_id}") == "caution"
    assert pending_flag.missing_inputs == pending_default.missing_inputs


# ------------------------------------------------------- hostile inputs


NAN_EGFR = {"value": float("nan"), "unit": "mL/min/{1.73_m2}"}


@pytest.mark.parametrize(
    "patient",
    [
        {"egfr": NAN_EGFR},
        {"egfr": "nan mL/min/{1.73_m2}"},
        {"egfr": {"value": -1, "unit": "mL/min/{1.73_m2}"}},
        {"egfr": {"value": 50, "unit": "mg/dL"}},
        {"egfr": 50},
        {"egfr": {"value": True, "unit": "mL/min/{1.73_m2}"}},
        {"upcr": "50 g/g"},
        {"age_years": float("nan")},
        {"age_years": -3},
        {"blood_pressure": {"systolic": 80, "diastolic": 120, "unit": "mmHg"}},
        {"isn_rps_classes": "VII"},
        {"isn_rps_classes": []},
        {"hypersensitive_to": ["penicillin"]},
        {"prior_regimens": "mmf"},
        {"sex": "male", "is_pregnant": True},
        {"no_such_field": 1},
        [],
        "patient",
    ],
)
def test_hostile_patient_inputs_raise_validation_errors(patient: Any) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        check_regimen_eligibility(reg("mmf", "voclosporin", "gc"), patient, "us-labels")


@pytest.mark.parametrize(
    "regimen",
    [
        {"drugs": ["foo"]},
        {"drugs": [1]},
        {"drugs": None},
        {"drugs": []},
        {"drugs": ["mmf", "mmf"]},
        {"drugs": ["mmf"], "cyclophosphamide_scheme": "nih"},
        {"drugs": ["mmf"], "phase": "induction-ish"},
        None,
        "mmf",
    ],
)
def test_hostile_regimen_inputs_raise_validation_errors(regimen: Any) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        check_regimen_eligibility(regimen, ctx(), "us-labels")


@pytest.mark.parametrize(
    "rule_set", ["nope", "", "@", "us-labels@9.9.9", "lupkynis-us-egfr-dosing"]
)
def test_unknown_or_wrong_rule_set_ids_raise_unknown_rule_set_error(rule_set: str) -> None:
    with pytest.raises(UnknownRuleSetError):
        check_regimen_eligibility(reg("mmf", "gc"), ctx(), rule_set)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"options": {"us-labels": 5}}, InputError),
        ({"options": "us-labels"}, InputError),
        ({"options": {"us-labels": {1: "x"}}}, InputError),
        ({"options": {"us-labels": {"colour": "red"}}}, OptionError),
        ({"rule_sets": 5}, UnknownRuleSetError),
        ({"rule_sets": None}, UnknownRuleSetError),
        ({"rule_sets": {"us-labels": 1}}, UnknownRuleSetError),
    ],
)
def test_check_regimens_rejects_malformed_arguments(kwargs: dict[str, Any], error: type) -> None:
    arguments: dict[str, Any] = {"rule_sets": ("us-labels",), **kwargs}
    with pytest.raises(error):
        check_regimens([reg("mmf", "gc")], ctx(), **arguments)


@pytest.mark.parametrize("regimens", [5, None, "mmf", {"drugs": ["mmf"]}])
def test_check_regimens_needs_a_list_of_regimens(regimens: Any) -> None:
    with pytest.raises(InputError):
        check_regimens(regimens, ctx())


@pytest.mark.parametrize("patient", [0, "", [1]])
def test_check_regimens_refuses_a_patient_that_is_not_a_mapping(patient: Any) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        check_regimens([reg("mmf", "gc")], patient)
