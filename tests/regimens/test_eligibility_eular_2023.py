"""Rule set "eular-2023-regimens": anchors and add-ons, maintenance, pure class V by proteinuria."""

from __future__ import annotations

import pytest
from _regimen_fixtures import check, ctx, outcome, reg, verdict

from lupus_nephritis.decisions import Eligibility
from lupus_nephritis.logic import Outcome

RS = "eular-2023-regimens"
E = Eligibility


@pytest.mark.parametrize(
    ("drugs", "expected"),
    [
        (("mmf", "gc"), E.ELIGIBLE),
        (("mmf", "belimumab", "gc"), E.ELIGIBLE),
        (("mmf", "voclosporin", "gc"), E.ELIGIBLE),
        (("mmf", "tacrolimus", "gc"), E.ELIGIBLE),
        (("mmf", "cyclosporine", "gc"), E.CAUTION),
        (("aza", "gc"), E.NOT_RECOMMENDED),
        (("mmf", "rituximab", "gc"), E.NOT_RECOMMENDED),
    ],
)
def test_eular_2023_initial_class_iv(drugs: tuple[str, ...], expected: Eligibility) -> None:
    assert verdict(check(RS, reg(*drugs), ctx())) is expected


def test_eular_2023_has_no_cni_egfr_limit() -> None:
    decision = check(
        RS, reg("mmf", "voclosporin", "gc"), ctx(egfr={"value": "40", "unit": "mL/min/{1.73_m2}"})
    )
    assert verdict(decision) is E.ELIGIBLE


@pytest.mark.parametrize(
    ("scheme", "expected"), [("euro_lupus", E.ELIGIBLE), ("nih", E.CAUTION), ("oral", E.CAUTION)]
)
def test_eular_2023_cyclophosphamide_scheme(scheme: str, expected: Eligibility) -> None:
    assert verdict(check(RS, reg("cyc", "gc", scheme=scheme), ctx())) is expected


@pytest.mark.parametrize(
    ("drugs", "expected"),
    [
        (("mmf", "gc"), E.ELIGIBLE),
        (("aza", "gc"), E.ELIGIBLE),
        (("mmf", "belimumab", "gc"), E.ELIGIBLE),
        (("aza", "belimumab", "gc"), E.CAUTION),
        (("cyc", "gc"), E.NOT_RECOMMENDED),
    ],
)
def test_eular_2023_maintenance(drugs: tuple[str, ...], expected: Eligibility) -> None:
    scheme = "euro_lupus" if "cyc" in drugs else None
    assert verdict(check(RS, reg(*drugs, phase="maintenance", scheme=scheme), ctx())) is expected


def test_eular_2023_non_response_rituximab_and_switch_are_listed() -> None:
    assert verdict(check(RS, reg("mmf", "rituximab", "gc", phase="non_response"), ctx())) is (
        E.ELIGIBLE
    )
    switched = reg("cyc", "gc", phase="non_response", scheme="euro_lupus")
    assert verdict(check(RS, switched, ctx())) is E.ELIGIBLE


def test_eular_2023_refractory_prefers_rituximab() -> None:
    assert (
        verdict(
            check(RS, reg("cyc", "rituximab", "gc", phase="refractory", scheme="euro_lupus"), ctx())
        )
        is E.ELIGIBLE
    )
    assert verdict(check(RS, reg("mmf", "gc", phase="refractory"), ctx())) is E.CAUTION


# ---------------------------------------------------------------- pure class V: > 1 g/24 h

PURE_V = ["V"]


@pytest.mark.parametrize(
    ("grams", "expected", "met"),
    [
        ("0.9", E.NOT_RECOMMENDED, Outcome.MET),
        ("1", E.NOT_RECOMMENDED, Outcome.MET),
        ("1.1", E.ELIGIBLE, Outcome.NOT_MET),
    ],
)
def test_eular_pure_class_v_needs_proteinuria_above_1_g_per_day(
    grams: str, expected: Eligibility, met: Outcome
) -> None:
    patient = ctx(isn_rps_classes=PURE_V, protein_24h={"value": grams, "unit": "g/d"})
    decision = check(RS, reg("mmf", "gc"), patient)
    assert outcome(decision, "class-v-proteinuria") is met
    assert verdict(decision) is expected


def test_eular_pure_class_v_proteinuria_in_mg_per_day_is_exact() -> None:
    patient = ctx(isn_rps_classes=PURE_V, protein_24h={"value": "1000", "unit": "mg/d"})
    assert verdict(check(RS, reg("mmf", "gc"), patient)) is E.NOT_RECOMMENDED
    patient = ctx(isn_rps_classes=PURE_V, protein_24h={"value": "1001", "unit": "mg/d"})
    assert verdict(check(RS, reg("mmf", "gc"), patient)) is E.ELIGIBLE


def test_eular_pure_class_v_missing_24h_protein_is_eligible_pending_even_with_upcr() -> None:
    patient = ctx(isn_rps_classes=PURE_V, protein_24h=None)
    decision = check(RS, reg("mmf", "gc"), patient)
    assert verdict(decision) is E.ELIGIBLE_PENDING
    assert "protein_24h" in decision.missing_inputs


@pytest.mark.parametrize(
    ("upcr", "expected"),
    [
        ("0.99", E.NOT_RECOMMENDED),
        ("1", E.NOT_RECOMMENDED),
        ("1.01", E.ELIGIBLE),
        (None, E.ELIGIBLE_PENDING),
    ],
)
def test_eular_pure_class_v_upcr_surrogate_option(upcr: str | None, expected: Eligibility) -> None:
    patient = ctx(
        isn_rps_classes=PURE_V,
        protein_24h=None,
        upcr=None if upcr is None else {"value": upcr, "unit": "g/g"},
    )
    decision = check(RS, reg("mmf", "gc"), patient, class_v_proteinuria="upcr_surrogate")
    assert verdict(decision) is expected
    if upcr is not None:
        assert "upcr-used-for-24h-protein" in decision.flags


def test_eular_class_v_rule_does_not_apply_to_class_iv_plus_v() -> None:
    patient = ctx(isn_rps_classes=["IV", "V"], protein_24h={"value": "0.5", "unit": "g/d"})
    decision = check(RS, reg("mmf", "gc"), patient)
    assert verdict(decision) is E.ELIGIBLE
    with pytest.raises(KeyError):
        decision.criterion("class-v-proteinuria")


def test_eular_class_v_rule_with_unknown_class_and_low_proteinuria_is_unknown() -> None:
    patient = ctx(isn_rps_classes=None, protein_24h={"value": "0.5", "unit": "g/d"})
    decision = check(RS, reg("mmf", "gc"), patient)
    assert outcome(decision, "class-v-proteinuria") is Outcome.UNKNOWN
    assert verdict(decision) is E.ELIGIBLE_PENDING


def test_eular_pregnancy_rules_apply() -> None:
    assert verdict(check(RS, reg("mmf", "gc"), ctx(is_pregnant=True))) is E.CONTRAINDICATED
