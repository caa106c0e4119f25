"""NumPy (and other foreign) numbers are read exactly, like the Python number they denote."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

import lupus_nephritis as ln
from lupus_nephritis.errors import InputError
from lupus_nephritis.units import as_integer, canonicalize, to_decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (np.float64(84.0), Decimal("84.0")),
        (np.float64(0.1), Decimal("0.1")),
        (np.float32(0.1), Decimal("0.1")),  # its own shortest decimal, not 0.100000001490116
        (np.float16(0.5), Decimal("0.5")),
        (np.longdouble("0.1"), Decimal("0.1")),
        (np.int64(52), Decimal(52)),
        (np.int8(-3), Decimal(-3)),
        (np.uint16(7), Decimal(7)),
        (Fraction(1, 4), Decimal("0.25")),
    ],
    ids=repr,
)
def test_foreign_numbers_are_read_as_the_decimal_they_denote(value: Any, expected: Decimal) -> None:
    assert to_decimal(value) == expected


@pytest.mark.parametrize(
    "value",
    [np.True_, np.False_, np.float64("nan"), np.float32("inf"), np.float64("-inf")],
    ids=repr,
)
def test_foreign_booleans_and_non_finite_numbers_are_refused(value: Any) -> None:
    with pytest.raises(InputError):
        to_decimal(value)


def test_integer_types_are_integers_but_floats_and_booleans_are_not() -> None:
    assert as_integer(np.int64(52)) == 52
    assert type(as_integer(np.int64(52))) is int
    assert as_integer(np.float64(52.0)) is None
    assert as_integer(np.True_) is None
    assert as_integer(True) is None
    assert as_integer("52") is None


def test_numpy_values_classify_a_course_exactly_like_python_values() -> None:
    def course(upcr: Any, egfr: Any, base: Any) -> dict[str, Any]:
        return {
            "start_date": "2024-01-08",
            "baseline": {
                "date": "2024-01-08",
                "upcr": {"value": base, "unit": "g/g"},
                "egfr": {"value": egfr, "unit": "mL/min/{1.73_m2}"},
            },
            "visits": [
                {
                    "date": "2025-01-06",
                    "upcr": {"value": upcr, "unit": "g/g"},
                    "egfr": {"value": egfr, "unit": "mL/min/{1.73_m2}"},
                }
            ],
        }

    plain = ln.classify_renal_response(course(0.5, 84.0, 3.2))
    numpy = ln.classify_renal_response(
        course(np.float32(0.5), np.float64(84.0), np.float32(3.2)), at=np.int64(52)
    )
    assert numpy.verdict == plain.verdict == "partial"  # 0.5 is not < 0.5
    assert [c.outcome for c in numpy.criteria] == [c.outcome for c in plain.criteria]
    assert numpy.criterion("upcr-complete").observed == Decimal("0.5")


def test_numpy_creatinine_gives_the_same_egfr_as_its_decimal() -> None:
    expected = ln.egfr_ckd_epi_2021(creatinine_mg_dl=1.1, age=50, sex="male")
    got = ln.egfr_ckd_epi_2021(creatinine_mg_dl=np.float32(1.1), age=np.int64(50), sex="male")
    assert got == expected


def test_canonicalize_with_numpy_values_and_unhashable_arguments() -> None:
    # default conversion 1 mg/dL = 88.4 umol/L: 176.8 umol/L is exactly 2 mg/dL
    assert canonicalize(np.float64(176.8), "umol/L", quantity="creatinine") == 2
    assert (
        canonicalize(
            np.float64(176.8), "umol/L", quantity="creatinine", creatinine_conversion="molar-mass"
        )
        == Fraction("176.8") * Fraction("113.12") / 10000
    )
    with pytest.raises(ln.UnitError):
        canonicalize(1, ["g/g"], quantity="upcr")  # type: ignore[arg-type]
    with pytest.raises(ln.UnitError):
        ln.convert(1, "g/g", "mg/g", quantity={"upcr"})  # type: ignore[arg-type]


def test_a_numpy_value_as_a_bare_measurement_names_the_missing_unit() -> None:
    with pytest.raises(ln.InputValidationError) as info:
        ln.UPCR.model_validate(np.float64(0.4))
    assert "units are never assumed" in str(info.value)


def test_numpy_values_are_stored_in_decisions_as_decimals() -> None:
    criterion = ln.Criterion("x", "x", "met", observed=np.float32(0.1), threshold=np.int64(3))
    assert criterion.observed == Decimal("0.1")
    assert criterion.threshold == Decimal(3)


def test_huge_decimal_strings_are_refused_quickly() -> None:
    with pytest.raises(InputError):
        to_decimal("1e999999999")
    with pytest.raises(InputError):
        canonicalize("1e-999999999", "g/g", quantity="upcr")
    assert to_decimal("1e-400") == Decimal("1e-400")  # within the bound: still exact
