from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.errors import OptionError, UnitError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.thresholds import (
    Comparator,
    Option,
    Threshold,
    combine,
    flag_criterion,
    percent_change,
    percent_of,
    percent_reduction,
    ratio,
    resolve_options,
)
from lupus_nephritis.units import canonicalize, convert

KDIGO_CR = Threshold("upcr", "UPCR below 0.5 g/g", "<", "0.5", "g/g", "upcr", "kdigo-2024-ln")
EULAR_2012_CR = Threshold(
    "upcr", "UPCR below 50 mg/mmol", "<", "50", "mg/mmol", "upcr", "eular-2012-ln"
)
AURORA_CR = Threshold("upcr", "UPCR at or below 0.5", "<=", "0.5", "mg/mg", "upcr", "aurora-1")


def g(value: str) -> Fraction:
    return canonicalize(value, "g/g", quantity="upcr")


@pytest.mark.parametrize(
    ("value", "kdigo", "aurora"),
    [
        ("0.49", Outcome.MET, Outcome.MET),
        ("0.5", Outcome.NOT_MET, Outcome.MET),
        ("0.51", Outcome.NOT_MET, Outcome.NOT_MET),
    ],
)
def test_strict_and_inclusive_comparators_at_the_boundary(
    value: str, kdigo: Outcome, aurora: Outcome
) -> None:
    assert KDIGO_CR.outcome(g(value)) is kdigo
    assert AURORA_CR.outcome(g(value)) is aurora


def test_missing_value_is_unknown_with_a_note() -> None:
    criterion = KDIGO_CR.check(None)
    assert criterion.outcome is Outcome.UNKNOWN
    assert criterion.note == "missing"
    assert criterion.observed is None


def test_threshold_keeps_its_source_unit() -> None:
    # 52 mg/mmol = 0.4597 g/g: below KDIGO's 0.5 g/g but not below EULAR 2012's 50 mg/mmol
    value = canonicalize("52", "mg/mmol", quantity="upcr")
    assert KDIGO_CR.outcome(value) is Outcome.MET
    assert EULAR_2012_CR.outcome(value) is Outcome.NOT_MET
    criterion = EULAR_2012_CR.check(value)
    assert criterion.observed == Decimal("52")
    assert criterion.observed_unit == "mg/mmol"
    assert criterion.threshold == Decimal("50")


def test_exactly_at_a_threshold_given_in_another_unit() -> None:
    # 0.5 g/g expressed exactly in mg/mmol (56.56) is exactly at KDIGO's threshold
    value = canonicalize("56.56", "mg/mmol", quantity="upcr")
    assert KDIGO_CR.outcome(value) is Outcome.NOT_MET
    assert AURORA_CR.outcome(value) is Outcome.MET


def test_threshold_rejects_unit_of_another_quantity() -> None:
    with pytest.raises(UnitError):
        Threshold("x", "x", "<", "0.5", "g/d", "upcr", "kdigo-2024-ln")


def test_describe() -> None:
    assert KDIGO_CR.describe() == "< 0.5 g/g"
    assert Comparator.GE.words == "at or above"


@pytest.mark.parametrize(
    ("baseline", "current", "reduction"),
    [("80", "68", "15"), ("4", "2", "50"), ("3", "3", "0"), ("2", "3", "-50")],
)
def test_percent_reduction_is_exact(baseline: str, current: str, reduction: str) -> None:
    assert percent_reduction(Fraction(baseline), Fraction(current)) == Fraction(reduction)
    assert percent_change(Fraction(baseline), Fraction(current)) == -Fraction(reduction)


def test_68_of_80_is_exactly_85_percent() -> None:
    assert percent_of(Fraction(80), Fraction(68)) == 85
    t = Threshold("egfr-ratio", "eGFR >= 85% of baseline", ">=", "85", "%", "percent", "regency")
    assert t.outcome(percent_of(Fraction(80), Fraction(68))) is Outcome.MET


def test_undefined_percentages_are_none_not_errors() -> None:
    assert percent_reduction(Fraction(0), Fraction(1)) is None
    assert percent_reduction(None, Fraction(1)) is None
    assert percent_of(Fraction(0), Fraction(1)) is None
    assert ratio(Fraction(0), Fraction(1)) is None
    assert ratio(Fraction(2), Fraction(5)) == Fraction(5, 2)


@settings(max_examples=200)
@given(
    st.decimals(min_value="0.01", max_value=20, places=2),
    st.decimals(min_value=0, max_value=100, places=0),
)
def test_boundary_constructed_exactly_never_flips(baseline: Decimal, pct: Decimal) -> None:
    """A current value constructed at exactly pct% reduction is decided as exactly pct%."""
    current = Fraction(baseline) * (100 - Fraction(pct)) / 100
    t_ge = Threshold("r", "r", ">=", pct, "%", "percent", "kdigo-2024-ln")
    t_gt = Threshold("r", "r", ">", pct, "%", "percent", "kdigo-2024-ln")
    reduction = percent_reduction(Fraction(baseline), current)
    assert reduction is not None
    assert t_ge.outcome(reduction) is Outcome.MET
    assert t_gt.outcome(reduction) is Outcome.NOT_MET


@settings(max_examples=200)
@given(st.floats(min_value=0, max_value=30, allow_nan=False))
def test_float_input_decided_on_its_decimal_repr(value: float) -> None:
    canonical = canonicalize(value, "g/g", quantity="upcr")
    assert KDIGO_CR.holds(canonical) is (Decimal(repr(value)) < Decimal("0.5"))


@settings(max_examples=100)
@given(
    st.decimals(min_value=0, max_value=30, places=3), st.sampled_from(["g/g", "mg/g", "mg/mmol"])
)
def test_outcome_is_unit_invariant(value: Decimal, unit: str) -> None:
    canonical = Fraction(value)
    as_unit = convert(value, "g/g", unit, quantity="upcr")
    assert KDIGO_CR.outcome(canonicalize(as_unit, unit, quantity="upcr")) is KDIGO_CR.outcome(
        canonical
    )


def test_flag_criterion() -> None:
    assert (
        flag_criterion("r", "no rescue", False, required=False, source_id="aurora-1").outcome
        is Outcome.MET
    )
    assert (
        flag_criterion("r", "no rescue", True, required=False, source_id="aurora-1").outcome
        is Outcome.NOT_MET
    )
    missing = flag_criterion("r", "no rescue", None, required=False, source_id="aurora-1")
    assert missing.outcome is Outcome.UNKNOWN and missing.note == "missing"


def test_combine() -> None:
    met = KDIGO_CR.check(g("0.1"))
    unknown = KDIGO_CR.check(None)
    assert combine("c", "c", [met, unknown], mode="all").outcome is Outcome.UNKNOWN
    assert combine("c", "c", [met, unknown], mode="any").outcome is Outcome.MET
    assert combine("c", "c", [met, unknown], mode="any").children == (met, unknown)


def test_options_resolution() -> None:
    declared = [Option("band", 15, "stability band", choices=(10, 15), source_id="kdigo-2024-ln")]
    assert resolve_options(declared, {}, rule_set_id="x") == {"band": 15}
    assert resolve_options(declared, {"band": 10}, rule_set_id="x") == {"band": 10}
    with pytest.raises(OptionError, match="not one of"):
        resolve_options(declared, {"band": 20}, rule_set_id="x")
    with pytest.raises(OptionError, match="unknown option"):
        resolve_options(declared, {"bnd": 10}, rule_set_id="x")
