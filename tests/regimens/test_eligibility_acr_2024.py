"""Rule set "acr-2024-regimens": triple therapy, the triple choice, CYC forms, pure class V."""

from __future__ import annotations

from decimal import Decimal

import pytest
from _regimen_fixtures import check, ctx, outcome, reg, verdict

from lupus_nephritis.decisions import Eligibility
from lupus_nephritis.logic import Outcome
from lupus_nephritis.units import CREATININE_MOLAR_MASS_G_PER_MOL

RS = "acr-2024-regimens"
E = Eligibility


def upcr(value: str, unit: str = "g/g") -> dict[str, str]:
    return {"value": value, "unit": unit}


@pytest.mark.parametrize(
    ("drugs", "expected"),
    [
        (("mmf", "belimumab", "gc"), E.ELIGIBLE),
        (("mmf", "voclosporin", "gc"), E.ELIGIBLE),
        (("mmf", "tacrolimus", "gc"), E.ELIGIBLE),
        (("mmf", "cyclosporine", "gc"), E.ELIGIBLE),
        (("mmf", "gc"), E.CAUTION),
        (("aza", "gc"), E.NOT_RECOMMENDED),
    ],
)
def test_acr_2024_initial_class_iv(drugs: tuple[str, ...], expected: Eligibility) -> None:
    assert verdict(check(RS, reg(*drugs), ctx())) is expected


def test_acr_2024_cyclophosphamide_belimumab_triple_is_caution_mpaa_preferred() -> None:
    decision = check(RS, reg("cyc", "belimumab", "gc", scheme="euro_lupus"), ctx())
    assert outcome(decision, "regimen-listed") is Outcome.NOT_MET
    assert outcome(decision, "cyclophosphamide-based") is Outcome.MET
    assert verdict(decision) is E.CAUTION


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ("euro_lupus", E.CAUTION),
        ("nih", E.CAUTION),
        ("oral", E.NOT_RECOMMENDED),
        (None, E.ELIGIBLE_PENDING),
    ],
)
def test_acr_2024_cyclophosphamide_forms(scheme: str | None, expected: Eligibility) -> None:
    decision = check(RS, reg("cyc", "belimumab", "gc", scheme=scheme), ctx())
    assert verdict(decision) is expected


# ---------------------------------------------------------------- triple choice: UPCR >= 3 g/g


@pytest.mark.parametrize(
    ("value", "met"),
    [("2.99", Outcome.NOT_MET), ("3", Outcome.MET), ("3.01", Outcome.MET), (None, Outcome.UNKNOWN)],
)
def test_acr_2024_belimumab_triple_with_upcr_3_or_more_is_caution(
    value: str | None, met: Outcome
) -> None:
    decision = check(
        RS, reg("mmf", "belimumab", "gc"), ctx(upcr=None if value is None else upcr(value))
    )
    assert outcome(decision, "triple-choice-proteinuria") is met
    expected = {
        Outcome.MET: E.CAUTION,
        Outcome.NOT_MET: E.ELIGIBLE,
        Outcome.UNKNOWN: E.ELIGIBLE_PENDING,
    }
    assert verdict(decision) is expected[met]


def test_acr_2024_upcr_3_g_per_g_given_in_mg_per_mmol_is_exactly_the_boundary() -> None:
    molar_mass = CREATININE_MOLAR_MASS_G_PER_MOL
    mg_per_mmol = str(Decimal(3) * Decimal(molar_mass.numerator) / Decimal(molar_mass.denominator))
    assert mg_per_mmol == "339.36"
    decision = check(RS, reg("mmf", "belimumab", "gc"), ctx(upcr=upcr(mg_per_mmol, "mg/mmol")))
    assert outcome(decision, "triple-choice-proteinuria") is Outcome.MET
    below = check(RS, reg("mmf", "belimumab", "gc"), ctx(upcr=upcr("339", "mg/mmol")))
    assert outcome(below, "triple-choice-proteinuria") is Outcome.NOT_MET


def test_acr_2024_cni_triple_with_high_upcr_is_favoured() -> None:
    decision = check(RS, reg("mmf", "voclosporin", "gc"), ctx(upcr=upcr("4")))
    assert verdict(decision) is E.ELIGIBLE


@pytest.mark.parametrize(
    ("extrarenal", "expected"),
    [(True, E.CAUTION), (False, E.ELIGIBLE), (None, E.ELIGIBLE_PENDING)],
)
def test_acr_2024_cni_triple_with_extrarenal_activity(
    extrarenal: bool | None, expected: Eligibility
) -> None:
    decision = check(RS, reg("mmf", "tacrolimus", "gc"), ctx(has_extrarenal_activity=extrarenal))
    assert verdict(decision) is expected


def test_acr_2024_belimumab_triple_with_extrarenal_activity_is_favoured() -> None:
    decision = check(RS, reg("mmf", "belimumab", "gc"), ctx(has_extrarenal_activity=True))
    assert verdict(decision) is E.ELIGIBLE


def test_acr_2024_triple_choice_does_not_apply_to_pure_class_v() -> None:
    decision = check(
        RS, reg("mmf", "tacrolimus", "gc"), ctx(isn_rps_classes=["V"], has_extrarenal_activity=True)
    )
    with pytest.raises(KeyError):
        decision.criterion("triple-choice-extrarenal")


# ---------------------------------------------------------------- pure class V: UPCR >= 1 g/g

PURE_V = ["V"]


@pytest.mark.parametrize(
    ("value", "single", "triple"),
    [
        ("0.99", E.ELIGIBLE, E.CAUTION),
        ("1", E.CAUTION, E.ELIGIBLE),
        ("1.01", E.CAUTION, E.ELIGIBLE),
        (None, E.ELIGIBLE_PENDING, E.ELIGIBLE_PENDING),
    ],
)
def test_acr_2024_pure_class_v_regimen_by_upcr_1(
    value: str | None, single: Eligibility, triple: Eligibility
) -> None:
    patient = ctx(isn_rps_classes=PURE_V, upcr=None if value is None else upcr(value))
    assert verdict(check(RS, reg("mmf", "gc"), patient)) is single
    assert verdict(check(RS, reg("mmf", "tacrolimus", "gc"), patient)) is triple


def test_acr_2024_pure_class_v_low_proteinuria_allows_glucocorticoids_alone() -> None:
    patient = ctx(isn_rps_classes=PURE_V, upcr=upcr("0.6"))
    assert verdict(check(RS, reg("gc"), patient)) is E.ELIGIBLE
    assert verdict(check(RS, reg("aza"), patient)) is E.ELIGIBLE


def test_acr_2024_pure_class_v_hydroxychloroquine_alone_is_not_glucocorticoids_alone() -> None:
    patient = ctx(isn_rps_classes=PURE_V, upcr=upcr("0.6"))
    decision = check(RS, reg("hcq"), patient)
    assert outcome(decision, "regimen-listed") is Outcome.MET
    assert verdict(decision) is E.NOT_RECOMMENDED
    assert check(RS, reg("gc", "hcq"), patient).detail("matched_option") == "glucocorticoids-alone"


def test_acr_2024_class_iv_without_glucocorticoids_is_caution() -> None:
    assert verdict(check(RS, reg("mmf", "belimumab"), ctx())) is E.CAUTION


# ---------------------------------------------------------------- later phases


@pytest.mark.parametrize(
    ("drugs", "expected"),
    [
        (("mmf", "gc"), E.ELIGIBLE),
        (("aza", "gc"), E.CAUTION),
        (("mmf", "belimumab", "gc"), E.ELIGIBLE),
        (("mmf", "voclosporin", "gc"), E.ELIGIBLE),
    ],
)
def test_acr_2024_maintenance(drugs: tuple[str, ...], expected: Eligibility) -> None:
    assert verdict(check(RS, reg(*drugs, phase="maintenance"), ctx())) is expected


def test_acr_2024_inadequate_response_lists_triples_and_anti_cd20_add_on() -> None:
    assert verdict(check(RS, reg("mmf", "gc", phase="non_response"), ctx())) is E.NOT_RECOMMENDED
    triple = reg("mmf", "belimumab", "obinutuzumab", "gc", phase="non_response")
    assert verdict(check(RS, triple, ctx())) is E.ELIGIBLE


def test_acr_2024_refractory_options() -> None:
    for drugs in (("mmf", "rituximab", "gc"), ("mmf", "belimumab", "voclosporin", "gc")):
        assert verdict(check(RS, reg(*drugs, phase="refractory"), ctx())) is E.ELIGIBLE
