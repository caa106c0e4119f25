"""Exact comparisons on float columns: how the frame reproduces the scalar boundary policy.

The scalar path decides every comparison on the decimal value *as given* (a float is read as
its shortest repr), converted with exact rational unit factors. The frame keeps each given
value as a float64 ``x`` plus a flag saying whether ``x`` is *faithful*: the scalar path's
decimal ``d`` is the shortest repr of ``x`` (always true for float input; true for decimal text
with at most 15 significant digits in the normal float range). Two facts make the frame exact:

1. **One value against a threshold.** For a faithful ``x`` and a threshold ``R`` expressed in
   the value's own unit (``R = T_canonical / factor(unit)``, an exact rational), rounding to
   nearest is monotone, so ``x < float(R)`` implies ``d < R`` and ``x > float(R)`` implies
   ``d > R``. When ``x == float(R)`` and ``R`` is a decimal of at most 15 significant digits,
   ``d == R`` (two such decimals never share a double). Only ``x == float(R)`` with ``R`` not
   such a decimal is left *unresolved* (e.g. a creatinine in umol/L exactly at the double
   nearest a mg/dL cut-off); the caller decides it exactly.
2. **Everything else** (percent changes of two values, computed eGFR) is evaluated in float64
   and accepted only where the margin exceeds `TOLERANCE` times the magnitudes
   involved; a row within that band is *ambiguous* and is decided by the scalar path itself
   (exact rationals). The float error of these expressions is a few units in the last place
   (about 1e-15 relative); the band is 2**-36 (about 1.5e-11) relative, so floats never decide
   a boundary.
"""

from __future__ import annotations

from fractions import Fraction

import polars as pl

from lupus_nephritis.thresholds import Comparator
from lupus_nephritis.units import (
    DEFAULT_CREATININE_CONVERSION,
    CreatinineConversion,
    Quantity,
    creatinine_factor,
    spec_for,
)

_UMOL_L = "umol/L"

#: Relative band within which a float margin is not trusted (the row is decided exactly).
TOLERANCE = 2.0**-36

#: Most significant digits a decimal may have for float equality to mean decimal equality.
FAITHFUL_DIGITS = 15

#: Smallest positive normal double: below it a decimal's float is not faithful.
MIN_NORMAL = 2.2250738585072014e-308


def is_short_decimal(value: Fraction, digits: int = FAITHFUL_DIGITS) -> bool:
    """Whether ``value`` is a finite decimal with at most ``digits`` significant digits."""
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return False
    places = max(twos, fives)
    scaled = abs(value.numerator * 10**places // value.denominator)
    text = str(scaled).rstrip("0") or "0"
    return len(text) <= digits and (value == 0 or abs(float(value)) >= MIN_NORMAL)


#: Separator of a unit key that names a conversion convention (``"umol/L@molar-mass"``).
CONVENTION_SEPARATOR = "@"


def convention_key(code: str, conversion: CreatinineConversion) -> str:
    """The unit key of a creatinine in ``code`` converted with ``conversion``.

    The default convention keeps the plain UCUM code (its factor is the one in
    `lupus_nephritis.units.SPECS`); another one is ``"umol/L@molar-mass"``.
    """
    if code != _UMOL_L or conversion is DEFAULT_CREATININE_CONVERSION:
        return code
    return f"{code}{CONVENTION_SEPARATOR}{conversion.value}"


def split_key(key: str) -> tuple[str, str | None]:
    """``(UCUM code, conversion value or None)`` of a unit key."""
    code, _, conversion = key.partition(CONVENTION_SEPARATOR)
    return code, conversion or None


def unit_factors(quantity: Quantity) -> dict[str, Fraction]:
    """Exact factor to the canonical unit of every unit key of ``quantity``.

    The accepted UCUM codes with their `SPECS` factors, and for
    serum creatinine in µmol/L one key per other conversion convention, with the factor of
    `lupus_nephritis.units.creatinine_factor` (the units module is the only source).
    """
    spec = spec_for(quantity)
    out = dict(spec.factors)
    if quantity is Quantity.CREATININE:
        for conversion in CreatinineConversion:
            key = convention_key(_UMOL_L, conversion)
            out.setdefault(key, creatinine_factor(conversion))
    return out


def targets_by_unit(quantity: Quantity, target: Fraction) -> dict[str, tuple[float, bool]]:
    """``target`` (canonical unit) expressed in each unit key: ``(float, is_short)``."""
    out: dict[str, tuple[float, bool]] = {}
    for code, unit_factor in unit_factors(quantity).items():
        exact = target / unit_factor
        out[code] = (float(exact), is_short_decimal(exact))
    return out


def _per_unit(unit: pl.Expr, mapping: dict[str, object], dtype: pl.DataType) -> pl.Expr:
    return unit.replace_strict(
        list(mapping), list(mapping.values()), default=None, return_dtype=dtype
    )


def signed_given(
    x: pl.Expr, unit: pl.Expr, quantity: Quantity, target: Fraction
) -> tuple[pl.Expr, pl.Expr]:
    """Exact sign of ``d - target/factor(unit)`` for a faithful given value ``x``.

    Returns:
        ``(sign, unresolved)``: ``sign`` is -1, 0 or 1 (Int8); ``unresolved`` is true where
        the float tie does not settle the decimal comparison (see the module docstring).
    """
    mapping = targets_by_unit(quantity, target)
    ref = _per_unit(unit, {k: v[0] for k, v in mapping.items()}, pl.Float64())
    short = _per_unit(unit, {k: v[1] for k, v in mapping.items()}, pl.Boolean())
    sign = pl.when(x < ref).then(-1).when(x > ref).then(1).otherwise(0).cast(pl.Int8)
    unresolved = (x == ref) & ~short
    return sign, unresolved


def holds(comparator: Comparator, sign: pl.Expr) -> pl.Expr:
    """``observed <op> threshold`` from the sign of ``observed - threshold``."""
    if comparator is Comparator.LT:
        return sign < 0
    if comparator is Comparator.LE:
        return sign <= 0
    if comparator is Comparator.GT:
        return sign > 0
    return sign >= 0


def float_sign(margin: pl.Expr, scale: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Sign of a float ``margin`` and whether it is within the tolerance band of ``scale``."""
    sign = pl.when(margin < 0).then(-1).when(margin > 0).then(1).otherwise(0).cast(pl.Int8)
    ambiguous = margin.abs() <= scale.abs() * TOLERANCE
    return sign, ambiguous


__all__ = [
    "CONVENTION_SEPARATOR",
    "FAITHFUL_DIGITS",
    "MIN_NORMAL",
    "TOLERANCE",
    "convention_key",
    "float_sign",
    "holds",
    "is_short_decimal",
    "signed_given",
    "split_key",
    "targets_by_unit",
    "unit_factors",
]
