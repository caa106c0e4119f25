from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.errors import ImplausibleValueError, InputError, UnitError
from lupus_nephritis.units import (
    CREATININE_MOLAR_MASS_G_PER_MOL,
    SPECS,
    Quantity,
    canonicalize,
    convert,
    factor,
    format_decimal,
    fraction_to_decimal,
    to_decimal,
)

# ---------------------------------------------------------------- boundary policy


def test_float_is_read_as_its_shortest_decimal() -> None:
    assert to_decimal(0.1) == Decimal("0.1")
    assert to_decimal(0.5) == Decimal("0.5")


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), Decimal("NaN")])
def test_non_finite_numbers_are_rejected(bad: object) -> None:
    with pytest.raises(InputError):
        to_decimal(bad)


@pytest.mark.parametrize("bad", [True, False, None, [1], "abc", object()])
def test_non_numbers_are_rejected(bad: object) -> None:
    with pytest.raises(InputError):
        to_decimal(bad)


def test_numeric_strings_are_exact() -> None:
    assert to_decimal(" 0.70 ") == Decimal("0.70")


# ---------------------------------------------------------------- conversion factors


def test_molar_mass_is_113_12() -> None:
    assert Fraction("113.12") == CREATININE_MOLAR_MASS_G_PER_MOL


def test_upcr_mg_per_mmol_uses_exact_molar_mass() -> None:
    # 1 g/g = 113.12 mg/mmol exactly
    assert convert(1, "g/g", "mg/mmol", quantity=Quantity.UPCR) == Fraction("113.12")
    assert convert("113.12", "mg/mmol", "g/g", quantity="upcr") == 1


def test_kdigo_rounded_pair_is_not_equal() -> None:
    # KDIGO prints 0.5 g/g as "50 mg/mmol"; exactly it is 56.56 mg/mmol
    assert convert("0.5", "g/g", "mg/mmol", quantity="upcr") == Fraction("56.56")
    assert convert(50, "mg/mmol", "g/g", quantity="upcr") < Fraction(1, 2)


@pytest.mark.parametrize(
    ("value", "unit", "expected_g_per_g"),
    [
        ("1", "mg/mg", "1"),
        ("500", "mg/g", "0.5"),
        ("0.5", "g/g", "0.5"),
        ("0.11312", "g/mmol", "1"),
    ],
)
def test_upcr_units(value: str, unit: str, expected_g_per_g: str) -> None:
    assert canonicalize(value, unit, quantity="upcr") == Fraction(expected_g_per_g)


def test_creatinine_umol_to_mg_dl() -> None:
    # default: 1 mg/dL = 88.4 umol/L; molar mass: 1 umol/L = 0.011312 mg/dL
    assert convert("88.4", "umol/L", "mg/dL", quantity="creatinine") == 1
    molar = convert(
        "88.4", "umol/L", "mg/dL", quantity="creatinine", creatinine_conversion="molar-mass"
    )
    assert molar == Fraction("88.4") * Fraction("0.011312")
    assert canonicalize("1", "mg/dL", quantity="creatinine") == 1
    assert canonicalize("88.4", "µmol/L", quantity="creatinine") == canonicalize(
        "88.4", "umol/L", quantity="creatinine"
    )


def test_protein_24h_units() -> None:
    assert canonicalize("500", "mg/(24.h)", quantity="protein_24h") == Fraction(1, 2)
    assert canonicalize("0.5", "g/d", quantity="protein_24h") == Fraction(1, 2)


def test_upcr_and_24h_protein_are_not_interconvertible() -> None:
    with pytest.raises(UnitError):
        canonicalize("0.5", "g/d", quantity="upcr")
    with pytest.raises(UnitError):
        canonicalize("0.5", "g/g", quantity="protein_24h")


def test_egfr_unit_aliases() -> None:
    a = canonicalize(60, "mL/min/{1.73_m2}", quantity="egfr")
    b = canonicalize(60, "mL/min/1.73m2", quantity="egfr")
    assert a == b == 60


def test_unknown_unit_names_accepted_units() -> None:
    with pytest.raises(UnitError, match="mg/mmol"):
        canonicalize(1, "mmol/mol", quantity="upcr")


def test_unknown_quantity() -> None:
    with pytest.raises(UnitError):
        factor("nonsense", "g")


# ---------------------------------------------------------------- plausibility ranges

RANGE_CASES = [(q, spec) for q, spec in SPECS.items()]


@pytest.mark.parametrize(("quantity", "spec"), RANGE_CASES, ids=[q.value for q, _ in RANGE_CASES])
def test_plausibility_range_boundaries(quantity: Quantity, spec: object) -> None:
    from lupus_nephritis.units import QuantitySpec

    assert isinstance(spec, QuantitySpec)
    unit = spec.canonical_unit
    hi = spec.plausible_max
    # exactly at the upper bound: accepted; just above: rejected
    assert canonicalize(fraction_to_decimal(hi), unit, quantity=quantity) == hi
    with pytest.raises(ImplausibleValueError):
        canonicalize(fraction_to_decimal(hi) + Decimal("0.001"), unit, quantity=quantity)
    lo = spec.plausible_min
    if lo > 0:
        assert canonicalize(fraction_to_decimal(lo), unit, quantity=quantity) == lo
        with pytest.raises(ImplausibleValueError):
            canonicalize(fraction_to_decimal(lo) - Decimal("0.001"), unit, quantity=quantity)
    # negative values are always errors
    with pytest.raises(InputError):
        canonicalize(-1, unit, quantity=quantity)
    # zero: allowed or an error, as declared
    if spec.zero_allowed:
        assert canonicalize(0, unit, quantity=quantity) == 0
    else:
        with pytest.raises(InputError):
            canonicalize(0, unit, quantity=quantity)


def test_upcr_56_g_per_g_is_almost_surely_mg_per_mmol() -> None:
    with pytest.raises(ImplausibleValueError, match=r"almost surely mg/mmol"):
        canonicalize(56, "g/g", quantity="upcr")


def test_creatinine_88_mg_dl_is_almost_surely_umol() -> None:
    with pytest.raises(ImplausibleValueError, match=r"almost surely umol/L"):
        canonicalize(88, "mg/dL", quantity="creatinine")


def test_tiny_umol_creatinine_suggests_mg_dl() -> None:
    with pytest.raises(ImplausibleValueError, match=r"mg/dL"):
        canonicalize("1.1", "umol/L", quantity="creatinine")


def test_height_in_metres_given_as_cm() -> None:
    with pytest.raises(ImplausibleValueError, match=r"almost surely m "):
        canonicalize("1.7", "cm", quantity="height")


def test_message_without_candidate() -> None:
    with pytest.raises(ImplausibleValueError, match="check the value"):
        canonicalize(251, "mL/min/{1.73_m2}", quantity="egfr")


# ---------------------------------------------------------------- formatting


def test_format_decimal() -> None:
    assert format_decimal(Decimal("0.500")) == "0.5"
    assert format_decimal(Fraction(1, 3)) == "0.333333"
    assert format_decimal(100) == "100"
    assert format_decimal(Decimal("1E+2")) == "100"


def test_fraction_to_decimal_caps_precision() -> None:
    assert fraction_to_decimal(Fraction(1, 3)) == Decimal("0.333333333333")
    assert fraction_to_decimal(Fraction(17, 20)) == Decimal("0.85")
    assert fraction_to_decimal(Fraction(0)) == 0


# ---------------------------------------------------------------- properties

UPCR_UNITS = ["g/g", "mg/mg", "mg/g", "mg/mmol", "g/mmol"]


@settings(max_examples=100)
@given(
    st.decimals(min_value=0, max_value=30, places=4, allow_nan=False),
    st.sampled_from(UPCR_UNITS),
    st.sampled_from(UPCR_UNITS),
)
def test_conversion_round_trips_exactly(value: Decimal, a: str, b: str) -> None:
    there = convert(value, a, b, quantity="upcr")
    back = convert(there, b, a, quantity="upcr")
    assert back == Fraction(value)


@settings(max_examples=100)
@given(st.decimals(min_value="0.1", max_value=30, places=3), st.sampled_from(["mg/dL", "umol/L"]))
def test_canonical_value_is_unit_invariant(value: Decimal, unit: str) -> None:
    as_unit = convert(value, "mg/dL", unit, quantity="creatinine")
    assert canonicalize(as_unit, unit, quantity="creatinine") == Fraction(value)


@settings(max_examples=200)
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.text()))
def test_canonicalize_raises_only_documented_errors(value: object) -> None:
    try:
        result = canonicalize(value, "g/g", quantity="upcr")
    except InputError:
        return
    assert 0 <= result <= 30


def test_huge_values_give_a_clean_implausibility_error() -> None:
    with pytest.raises(ImplausibleValueError):
        canonicalize("1e400", "g/g", quantity="upcr")
    assert fraction_to_decimal(Fraction(10**400, 3)) == Decimal("3.33333333333E+399")
