"""Rule set "seed-review-2024-regimens": Figure 2 footnotes and section 2.6 combinations."""

from __future__ import annotations

import pytest
from _regimen_fixtures import check, ctx, egfr, outcome, reg, severity, verdict

from lupus_nephritis.decisions import Eligibility
from lupus_nephritis.logic import Outcome

RS = "seed-review-2024-regimens"
E = Eligibility


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("44.9", E.NOT_RECOMMENDED),
        ("45", E.ELIGIBLE),
        ("45.1", E.ELIGIBLE),
        (None, E.ELIGIBLE_PENDING),
    ],
)
def test_seed_voclosporin_gfr_below_45_boundary(value: str | None, expected: Eligibility) -> None:
    patient = ctx(egfr=None if value is None else egfr(value))
    assert verdict(check(RS, reg("mmf", "voclosporin", "gc"), patient)) is expected


def test_seed_and_label_disagree_at_exactly_45() -> None:
    patient = ctx(egfr=egfr("45"))
    regimen = reg("mmf", "voclosporin", "gc")
    assert verdict(check(RS, regimen, patient)) is E.ELIGIBLE
    assert verdict(check("us-labels", regimen, patient)) is E.NOT_RECOMMENDED


@pytest.mark.parametrize("partner", ["mpa", "aza"])
def test_seed_voclosporin_only_with_mmf(partner: str) -> None:
    decision = check(RS, reg(partner, "voclosporin", "gc"), ctx())
    assert outcome(decision, "voclosporin-without-mmf") is Outcome.MET
    assert verdict(decision) is E.NOT_RECOMMENDED


def test_seed_voclosporin_with_cyclophosphamide_is_not_recommended() -> None:
    decision = check(RS, reg("cyc", "voclosporin", "gc", scheme="euro_lupus"), ctx())
    assert verdict(decision) is E.NOT_RECOMMENDED


@pytest.mark.parametrize(
    ("drugs", "phase", "expected"),
    [
        (("mmf", "belimumab", "gc"), "initial", E.ELIGIBLE),
        (("cyc", "belimumab", "gc"), "initial", E.ELIGIBLE),
        (("aza", "belimumab", "gc"), "initial", E.NOT_RECOMMENDED),
        (("aza", "belimumab", "gc"), "maintenance", E.ELIGIBLE),
        (("mmf", "voclosporin", "gc"), "maintenance", E.ELIGIBLE),
        (("mmf", "tacrolimus", "gc"), "initial", E.CAUTION),
        (("mmf", "obinutuzumab", "gc"), "initial", E.NOT_RECOMMENDED),
    ],
)
def test_seed_phase_combinations(drugs: tuple[str, ...], phase: str, expected: Eligibility) -> None:
    scheme = "euro_lupus" if "cyc" in drugs else None
    assert verdict(check(RS, reg(*drugs, phase=phase, scheme=scheme), ctx())) is expected


def test_seed_belimumab_with_cni_is_caution_minimal_data() -> None:
    decision = check(RS, reg("mmf", "voclosporin", "belimumab", "gc", phase="refractory"), ctx())
    assert outcome(decision, "belimumab-with-cni") is Outcome.MET
    assert severity(decision, "belimumab-with-cni") == "caution"
    assert verdict(decision) is E.CAUTION


@pytest.mark.parametrize(
    ("drugs", "expected"),
    [
        (("cyc", "gc"), E.ELIGIBLE),
        (("mmf", "rituximab", "gc"), E.ELIGIBLE),
        (("mmf", "tacrolimus", "gc"), E.ELIGIBLE),
        (("mmf", "belimumab", "rituximab", "gc"), E.CAUTION),
    ],
)
def test_seed_refractory_options(drugs: tuple[str, ...], expected: Eligibility) -> None:
    scheme = "euro_lupus" if "cyc" in drugs else None
    assert verdict(check(RS, reg(*drugs, phase="refractory", scheme=scheme), ctx())) is expected


def test_seed_figure_is_not_split_by_class() -> None:
    assert verdict(check(RS, reg("mmf", "gc"), ctx(isn_rps_classes=None))) is E.ELIGIBLE_PENDING
    assert verdict(check(RS, reg("mmf", "gc"), ctx(isn_rps_classes=["V"]))) is E.ELIGIBLE
