"""check_regimen_eligibility and check_regimens (the table), with hypothesis properties."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from _regimen_fixtures import CLEAN, ctx, egfr, reg, verdict
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.decisions import Decision, Eligibility
from lupus_nephritis.errors import InputError, UnknownRuleSetError
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


def test_nothing_known_is_not_evaluable_never_eligible() -> None:
    for rule_set in ELIGIBILITY_IDS:
        decision = check_regimen_eligibility(reg("mmf", "belimumab", "gc"), None, rule_set)
        assert verdict(decision) is E.NOT_EVALUABLE, rule_set
        assert decision.missing_inputs, rule_set


def test_table_rows_columns_and_lines() -> None:
    table = check_regimens(
        [reg("mmf", "voclosporin", "gc"), {"drugs": ["mmf", "belimumab", "gc"]}],
        ctx(egfr=egfr("45")),
        rule_sets=("us-labels", "seed-review-2024-regimens"),
    )
    assert table.rule_sets == ("us-labels@1.0.0", "seed-review-2024-regimens@1.0.0")
    assert table.verdict(0, "us-labels") is E.NOT_RECOMMENDED
    assert table.verdict("MMF + voclosporin + GC", "seed-review-2024-regimens") is E.ELIGIBLE
    assert table.verdict(1, "us-labels@1.0.0") is E.ELIGIBLE
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
    full = verdict(check_regimen_eligibility(regimen, base, rule_set))
    partial = verdict(
        check_regimen_eligibility(regimen, {**base, **dict.fromkeys(removed)}, rule_set)
    )
    assert partial in (full, E.NOT_EVALUABLE)


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
    assert table.rule_sets == ("us-labels@1.0.0",)
