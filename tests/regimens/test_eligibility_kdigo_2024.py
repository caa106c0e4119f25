"""Rule set "kdigo-2024-regimens": listing by phase and class, CNI and belimumab eGFR limits."""

from __future__ import annotations

import pytest
from _regimen_fixtures import check, ctx, egfr, outcome, reg, severity, verdict

from lupus_nephritis.decisions import Eligibility
from lupus_nephritis.errors import OptionError
from lupus_nephritis.logic import Outcome

RS = "kdigo-2024-regimens"
E = Eligibility


@pytest.mark.parametrize(
    "drugs",
    [
        ("mmf", "gc"),
        ("mpa", "gc"),
        ("mmf", "belimumab", "gc"),
        ("mmf", "voclosporin", "gc"),
        ("mmf", "tacrolimus", "gc"),
        ("mpa", "cyclosporine", "gc"),
    ],
)
def test_kdigo_2024_initial_class_iv_options_are_eligible(drugs: tuple[str, ...]) -> None:
    decision = check(RS, reg(*drugs), ctx())
    assert verdict(decision) is E.ELIGIBLE
    assert outcome(decision, "regimen-listed") is Outcome.NOT_MET


def test_kdigo_2024_low_dose_cyclophosphamide_with_belimumab_is_eligible() -> None:
    decision = check(RS, reg("cyc", "belimumab", "gc", scheme="euro_lupus"), ctx())
    assert verdict(decision) is E.ELIGIBLE
    assert decision.detail("matched_option") == "cyclophosphamide+belimumab"


@pytest.mark.parametrize("scheme", ["nih", "oral"])
def test_kdigo_2024_cyclophosphamide_other_than_low_dose_is_caution(scheme: str) -> None:
    decision = check(RS, reg("cyc", "gc", scheme=scheme), ctx())
    assert outcome(decision, "cyclophosphamide-scheme") is Outcome.MET
    assert verdict(decision) is E.CAUTION


def test_kdigo_2024_cyclophosphamide_scheme_missing_is_eligible_pending() -> None:
    decision = check(RS, reg("cyc", "gc"), ctx())
    assert verdict(decision) is E.ELIGIBLE_PENDING
    assert "cyclophosphamide_scheme" in decision.missing_inputs


@pytest.mark.parametrize(
    "drugs",
    [
        ("cyc", "voclosporin", "gc"),
        ("aza", "gc"),
        ("mmf", "rituximab", "gc"),
        ("mmf", "belimumab", "voclosporin", "gc"),
        ("mmf", "anifrolumab", "gc"),
        ("aza", "belimumab", "gc"),
    ],
)
def test_kdigo_2024_unlisted_initial_regimens_are_not_recommended(drugs: tuple[str, ...]) -> None:
    scheme = "euro_lupus" if "cyc" in drugs else None
    decision = check(RS, reg(*drugs, scheme=scheme), ctx())
    assert outcome(decision, "regimen-listed") is Outcome.MET
    assert verdict(decision) is E.NOT_RECOMMENDED


# ---------------------------------------------------------------- CNI eGFR > 45


@pytest.mark.parametrize(
    ("value", "expected"),
    [("44.9", E.NOT_RECOMMENDED), ("45", E.NOT_RECOMMENDED), ("45.1", E.ELIGIBLE)],
)
def test_kdigo_2024_cni_needs_egfr_above_45(value: str, expected: Eligibility) -> None:
    for cni in ("voclosporin", "tacrolimus", "cyclosporine"):
        decision = check(RS, reg("mmf", cni, "gc"), ctx(egfr=egfr(value)))
        assert verdict(decision) is expected, cni


def test_kdigo_2024_cni_egfr_exactly_45_is_not_recommended_and_notes_the_conflict() -> None:
    decision = check(RS, reg("mmf", "tacrolimus", "gc"), ctx(egfr=egfr("45")))
    criterion = decision.criterion("cni-egfr")
    assert criterion.outcome is Outcome.MET
    assert criterion.comparator == "<="
    assert "<= 45" in (criterion.note or "")


def test_kdigo_2024_cni_egfr_missing_is_eligible_pending() -> None:
    decision = check(RS, reg("mmf", "voclosporin", "gc"), ctx(egfr=None))
    assert verdict(decision) is E.ELIGIBLE_PENDING
    assert decision.missing_inputs == ("egfr",)


def test_kdigo_2024_cni_egfr_rule_does_not_apply_without_a_cni() -> None:
    decision = check(RS, reg("mmf", "gc"), ctx(egfr=None))
    assert verdict(decision) is E.ELIGIBLE


# ---------------------------------------------------------------- belimumab eGFR >= 30


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("29.9", E.NOT_RECOMMENDED),
        ("30", E.ELIGIBLE),
        ("30.1", E.ELIGIBLE),
        (None, E.ELIGIBLE_PENDING),
    ],
)
def test_kdigo_2024_belimumab_needs_egfr_30_or_more(
    value: str | None, expected: Eligibility
) -> None:
    decision = check(
        RS, reg("mmf", "belimumab", "gc"), ctx(egfr=None if value is None else egfr(value))
    )
    assert verdict(decision) is expected
    assert severity(decision, "belimumab-egfr") == "not_recommended"


# ---------------------------------------------------------------- class, phase


def test_kdigo_2024_class_unknown_makes_initial_listing_eligible_pending() -> None:
    decision = check(RS, reg("mmf", "belimumab", "gc"), ctx(isn_rps_classes=None))
    assert outcome(decision, "regimen-listed") is Outcome.UNKNOWN
    assert verdict(decision) is E.ELIGIBLE_PENDING
    assert "isn_rps_classes" in decision.missing_inputs


def test_kdigo_2024_unlisted_everywhere_stays_not_recommended_with_class_unknown() -> None:
    decision = check(RS, reg("aza", "belimumab", "gc"), ctx(isn_rps_classes=None))
    assert verdict(decision) is E.NOT_RECOMMENDED


def test_kdigo_2024_pure_class_v_lists_cni_alone_and_flags_missing_thresholds() -> None:
    decision = check(RS, reg("tacrolimus", "gc"), ctx(isn_rps_classes=["V"]))
    assert verdict(decision) is E.ELIGIBLE
    assert "kdigo-class-v-thresholds-not-found" in decision.flags


def test_kdigo_2024_class_ii_has_no_listed_regimen() -> None:
    decision = check(RS, reg("mmf", "gc"), ctx(isn_rps_classes=["II"]))
    assert verdict(decision) is E.NOT_RECOMMENDED
    assert "III, IV and V" in (decision.criterion("regimen-listed").note or "")


def test_kdigo_2024_initial_without_glucocorticoids_is_caution() -> None:
    decision = check(RS, reg("mmf"), ctx())
    assert outcome(decision, "glucocorticoids") is Outcome.MET
    assert verdict(decision) is E.CAUTION


def test_kdigo_2024_maintenance_without_glucocorticoids_is_fine() -> None:
    decision = check(RS, reg("mmf", phase="maintenance"), ctx())
    assert verdict(decision) is E.ELIGIBLE


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, E.CAUTION),
        ({"is_planning_pregnancy": True}, E.ELIGIBLE),
        ({"is_pregnant": True}, E.ELIGIBLE),
        ({"is_mpaa_intolerant": True}, E.ELIGIBLE),
        ({"is_mpaa_intolerant": None}, E.ELIGIBLE_PENDING),
    ],
)
def test_kdigo_2024_azathioprine_maintenance_needs_a_reason(
    overrides: dict[str, object], expected: Eligibility
) -> None:
    decision = check(RS, reg("aza", "gc", phase="maintenance"), ctx(**overrides))
    assert verdict(decision) is expected


def test_kdigo_2024_mmf_in_pregnancy_is_contraindicated_azathioprine_is_the_switch() -> None:
    pregnant = ctx(is_pregnant=True)
    assert verdict(check(RS, reg("mmf", "gc", phase="maintenance"), pregnant)) is (
        E.CONTRAINDICATED
    )
    assert verdict(check(RS, reg("aza", "gc", phase="maintenance"), pregnant)) is E.ELIGIBLE


def test_kdigo_2024_cyclophosphamide_pregnancy_planning_is_not_recommended() -> None:
    decision = check(RS, reg("cyc", "gc", scheme="euro_lupus"), ctx(is_planning_pregnancy=True))
    assert verdict(decision) is E.NOT_RECOMMENDED


def test_kdigo_2024_refractory_anti_cd20_is_caution() -> None:
    for drug in ("rituximab", "obinutuzumab"):
        decision = check(RS, reg("mmf", drug, "gc", phase="refractory"), ctx())
        assert verdict(decision) is E.CAUTION, drug


def test_kdigo_2024_flags_missing_hydroxychloroquine() -> None:
    without = check(RS, reg("mmf", "gc"), ctx())
    with_hcq = check(RS, reg("mmf", "gc", "hcq"), ctx())
    assert "hydroxychloroquine-for-all-patients" in without.flags
    assert "hydroxychloroquine-for-all-patients" not in with_hcq.flags
    assert verdict(with_hcq) is E.ELIGIBLE


def test_kdigo_2024_rejects_options_it_does_not_declare() -> None:
    with pytest.raises(OptionError):
        check(RS, reg("mmf", "gc"), ctx(), blood_pressure_reading="both")
    decision = check(RS, reg("mmf", "gc"), ctx())
    assert dict(decision.options) == {"unknowns": "actionable", "unknown_caution": "not_evaluable"}


def test_kdigo_2024_maintenance_azathioprine_with_belimumab_needs_a_reason_for_azathioprine() -> (
    None
):
    regimen = reg("aza", "belimumab", "gc", phase="maintenance")
    assert verdict(check(RS, regimen, ctx())) is E.CAUTION
    assert verdict(check(RS, regimen, ctx(is_planning_pregnancy=True))) is E.ELIGIBLE
