"""Quantities, units, exact conversions and plausibility ranges.

The library works with a closed set of quantities (`Quantity`). Each one has a canonical
unit, a set of accepted UCUM unit codes with *exact* (rational) conversion factors, and a
plausibility range in canonical units that catches unit mix-ups at the boundary.

Boundary arithmetic policy
--------------------------
Numbers are decided on the decimal values *as given*:

* a ``float`` is read as the shortest decimal string that round-trips to it (``repr``), so
  ``0.1`` means exactly one tenth, not ``0.1000000000000000055...``;
* ``int``, `decimal.Decimal` and numeric strings are exact already;
* conversions use exact rational factors (`fractions.Fraction`), including the
  creatinine molar mass of 113.12 g/mol, so 68 of a baseline of 80 is exactly 85% and a UPCR
  of ``0.5`` is never "above" ``0.5`` because of a binary artefact.

Serum creatinine in µmol/L
--------------------------
Two conversions to mg/dL are in use (`CreatinineConversion`): the conventional factor
**1 mg/dL = 88.4 µmol/L** stated by the CKD-EPI and KDIGO publications and used by
laboratories (the library default, so that "2.0 mg/dL (176.8 µmol/L)" is one and the same
value), and the molar-mass factor 10 000 / 113.12 = 88.4017 µmol/L (``"molar-mass"``, the
library's first-release behaviour). `SPECS` holds the default factor; the alternative is
data in `CREATININE_UMOL_L_PER_MG_DL` (`creatinine_factor`). A measurement,
course or call can choose the convention (see `lupus_nephritis.models.Creatinine`).
A UPCR in mg/mmol always converts with the molar mass (113.12 mg/mmol per g/g): no source
states a rounded UPCR factor, and KDIGO's mg/mmol pairs are a coarser rounding of their own.

Values are then compared with exact rational arithmetic in the unit the *threshold's source*
states (see `lupus_nephritis.thresholds`).

Two quantities are never silently interconverted: a urine protein-to-creatinine ratio (UPCR)
is a ratio, a 24-hour urine protein is a mass per day.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Mapping
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext
from enum import Enum
from fractions import Fraction
from types import MappingProxyType
from typing import cast

import attrs

from lupus_nephritis.errors import ImplausibleValueError, InputError, UnitError

#: Creatinine molar mass in g/mol (source id ``creatinine-molar-mass``).
CREATININE_MOLAR_MASS_G_PER_MOL = Fraction("113.12")

_F = Fraction


class Quantity(str, Enum):
    """The closed set of quantities lupus nephritis logic needs."""

    UPCR = "upcr"
    PROTEIN_24H = "protein_24h"
    CREATININE = "creatinine"
    CYSTATIN_C = "cystatin_c"
    EGFR = "egfr"
    GLUCOCORTICOID_DOSE = "glucocorticoid_dose"
    WEIGHT = "weight"
    HEIGHT = "height"
    URINE_RBC = "urine_rbc"
    PERCENT = "percent"
    BLOOD_PRESSURE = "blood_pressure"
    AGE = "age"
    DOSE_PER_KG = "dose_per_kg"
    IGG = "igg"


@attrs.frozen(slots=True)
class QuantitySpec:
    """How one quantity is measured, converted and range-checked.

    Attributes:
        quantity: The quantity.
        label: Human label.
        canonical_unit: Unit all computation happens in.
        factors: Accepted unit code -> exact factor to the canonical unit
            (``canonical = value * factor``).
        aliases: Non-UCUM spellings accepted at the boundary -> the UCUM code they mean.
        plausible_min: Lowest plausible value, canonical unit (inclusive).
        plausible_max: Highest plausible value, canonical unit (inclusive).
        zero_allowed: Whether zero is a valid measurement (a UPCR can be 0; a creatinine
            cannot).
        mixup_order: Units to suggest, in order of likelihood, when a value is implausible.
        loinc: LOINC codes that carry this quantity (for FHIR input).
    """

    quantity: Quantity
    label: str
    canonical_unit: str
    factors: Mapping[str, Fraction]
    aliases: Mapping[str, str]
    plausible_min: Fraction
    plausible_max: Fraction
    zero_allowed: bool
    mixup_order: tuple[str, ...]
    loinc: tuple[str, ...] = ()

    def resolve_unit(self, unit: str) -> str:
        """Return the UCUM code for ``unit`` (resolving aliases), or raise `UnitError`."""
        if not isinstance(unit, str):
            raise UnitError(
                f"unit of {self.label}: expected a UCUM code string, got {type(unit).__name__}"
            )
        if unit in self.factors:
            return unit
        alias = self.aliases.get(unit)
        if alias is not None:
            return alias
        accepted = ", ".join(sorted(self.factors))
        raise UnitError(
            f"unit {unit!r} is not accepted for {self.label}; accepted UCUM units: {accepted}"
        )


def _spec(
    quantity: Quantity,
    label: str,
    canonical: str,
    factors: dict[str, Fraction],
    plausible: tuple[str, str],
    *,
    zero_allowed: bool,
    mixups: tuple[str, ...] = (),
    aliases: dict[str, str] | None = None,
    loinc: tuple[str, ...] = (),
) -> QuantitySpec:
    return QuantitySpec(
        quantity=quantity,
        label=label,
        canonical_unit=canonical,
        factors=MappingProxyType(factors),
        aliases=MappingProxyType(aliases or {}),
        plausible_min=_F(plausible[0]),
        plausible_max=_F(plausible[1]),
        zero_allowed=zero_allowed,
        mixup_order=mixups,
        loinc=loinc,
    )


class CreatinineConversion(str, Enum):
    """How a serum creatinine in µmol/L is converted to mg/dL."""

    CONVENTIONAL = "88.4"
    """1 mg/dL = 88.4 µmol/L, the factor the CKD-EPI and KDIGO publications and laboratories
    state (source ``creatinine-si-conversion``); the library default."""
    MOLAR_MASS = "molar-mass"
    """1 mg/dL = 10 000 / 113.12 = 88.4017 µmol/L, from the creatinine molar mass (source
    ``creatinine-molar-mass``); the first release's conversion."""


#: µmol/L of serum creatinine per mg/dL, exact, under each convention.
CREATININE_UMOL_L_PER_MG_DL: Mapping[CreatinineConversion, Fraction] = MappingProxyType(
    {
        CreatinineConversion.CONVENTIONAL: _F("88.4"),
        CreatinineConversion.MOLAR_MASS: 10000 / CREATININE_MOLAR_MASS_G_PER_MOL,
    }
)

#: The convention used when a measurement, course or call does not choose one.
DEFAULT_CREATININE_CONVERSION = CreatinineConversion.CONVENTIONAL

#: Source id of each convention (see `lupus_nephritis.sources`).
CREATININE_CONVERSION_SOURCES: Mapping[CreatinineConversion, str] = MappingProxyType(
    {
        CreatinineConversion.CONVENTIONAL: "creatinine-si-conversion",
        CreatinineConversion.MOLAR_MASS: "creatinine-molar-mass",
    }
)


def creatinine_factor(conversion: CreatinineConversion | str | None = None) -> Fraction:
    """mg/dL per µmol/L of serum creatinine under ``conversion`` (None: the default).

    Raises:
        UnitError: ``conversion`` is not a `CreatinineConversion` value.
    """
    if conversion is None:
        chosen = DEFAULT_CREATININE_CONVERSION
    else:
        try:
            chosen = CreatinineConversion(conversion)
        except ValueError:
            known = ", ".join(c.value for c in CreatinineConversion)
            raise UnitError(
                f"unknown creatinine conversion {conversion!r}; choose one of {known}"
            ) from None
    return 1 / CREATININE_UMOL_L_PER_MG_DL[chosen]


# 1 mg/mmol (protein per creatinine) = 1 mg / 113.12 mg = 1/113.12 g/g
_MG_PER_MMOL = 1 / CREATININE_MOLAR_MASS_G_PER_MOL
# 1 umol/L creatinine in mg/dL under the default convention (1/88.4)
_UMOL_L_TO_MG_DL = creatinine_factor()

SPECS: Mapping[Quantity, QuantitySpec] = MappingProxyType(
    {
        Quantity.UPCR: _spec(
            Quantity.UPCR,
            "urine protein-to-creatinine ratio",
            "g/g",
            {
                "g/g": _F(1),
                "mg/mg": _F(1),
                "mg/g": _F(1, 1000),
                "mg/mmol": _MG_PER_MMOL,
                "g/mmol": 1000 * _MG_PER_MMOL,
            },
            ("0", "30"),
            zero_allowed=True,
            mixups=("mg/mmol", "mg/g"),
            aliases={
                "g/g{creat}": "g/g",
                "mg/mg{creat}": "mg/mg",
                "mg/g{creat}": "mg/g",
                "mg/mmol{creat}": "mg/mmol",
                "g/mmol{creat}": "g/mmol",
            },
            loinc=("2890-2", "34366-5", "40486-3"),
        ),
        Quantity.PROTEIN_24H: _spec(
            Quantity.PROTEIN_24H,
            "24-hour urine protein",
            "g/d",
            {"g/d": _F(1), "mg/d": _F(1, 1000), "g/(24.h)": _F(1), "mg/(24.h)": _F(1, 1000)},
            ("0", "40"),
            zero_allowed=True,
            mixups=("mg/d",),
            aliases={"g/24.h": "g/(24.h)", "mg/24.h": "mg/(24.h)"},
            loinc=("2889-4",),
        ),
        Quantity.CREATININE: _spec(
            Quantity.CREATININE,
            "serum creatinine",
            "mg/dL",
            {"mg/dL": _F(1), "umol/L": _UMOL_L_TO_MG_DL},
            ("0.1", "30"),
            zero_allowed=False,
            mixups=("umol/L", "mg/dL"),
            aliases={"µmol/L": "umol/L", "μmol/L": "umol/L"},
            loinc=("2160-0", "38483-4", "14682-9"),
        ),
        Quantity.CYSTATIN_C: _spec(
            Quantity.CYSTATIN_C,
            "serum cystatin C",
            "mg/L",
            {"mg/L": _F(1)},
            ("0.1", "15"),
            zero_allowed=False,
            loinc=("33863-2",),
        ),
        Quantity.EGFR: _spec(
            Quantity.EGFR,
            "estimated glomerular filtration rate",
            "mL/min/{1.73_m2}",
            {"mL/min/{1.73_m2}": _F(1)},
            ("0", "250"),
            zero_allowed=True,
            aliases={
                "mL/min/1.73m2": "mL/min/{1.73_m2}",
                "mL/min/1.73 m2": "mL/min/{1.73_m2}",
                "mL/min/1.73m^2": "mL/min/{1.73_m2}",
                "mL/min/{1.73m2}": "mL/min/{1.73_m2}",
            },
            loinc=(
                "98979-8",
                "98980-6",
                "50210-4",
                "62238-1",
                "88293-6",
                "88294-4",
                "33914-3",
                "48642-3",
                "48643-1",
                "69405-9",
            ),
        ),
        Quantity.GLUCOCORTICOID_DOSE: _spec(
            Quantity.GLUCOCORTICOID_DOSE,
            "glucocorticoid dose",
            "mg",
            {"mg": _F(1), "g": _F(1000)},
            ("0", "3000"),
            zero_allowed=True,
            mixups=("mg",),
        ),
        Quantity.WEIGHT: _spec(
            Quantity.WEIGHT,
            "body weight",
            "kg",
            {"kg": _F(1), "g": _F(1, 1000), "[lb_av]": _F("0.45359237")},
            ("0.5", "400"),
            zero_allowed=False,
            mixups=("g", "[lb_av]"),
        ),
        Quantity.HEIGHT: _spec(
            Quantity.HEIGHT,
            "body height",
            "cm",
            {"cm": _F(1), "m": _F(100)},
            ("30", "250"),
            zero_allowed=False,
            mixups=("m",),
        ),
        Quantity.URINE_RBC: _spec(
            Quantity.URINE_RBC,
            "urine red blood cells per high-power field",
            "/[HPF]",
            {"/[HPF]": _F(1)},
            ("0", "10000"),
            zero_allowed=True,
            aliases={"/hpf": "/[HPF]", "/HPF": "/[HPF]", "RBC/hpf": "/[HPF]"},
            loinc=("13945-1",),
        ),
        Quantity.PERCENT: _spec(
            Quantity.PERCENT,
            "percentage",
            "%",
            {"%": _F(1)},
            ("0", "100"),
            zero_allowed=True,
        ),
        Quantity.BLOOD_PRESSURE: _spec(
            Quantity.BLOOD_PRESSURE,
            "blood pressure",
            "mm[Hg]",
            {"mm[Hg]": _F(1)},
            ("20", "350"),
            zero_allowed=False,
            aliases={"mmHg": "mm[Hg]"},
            loinc=("85354-9", "8480-6", "8462-4"),
        ),
        Quantity.AGE: _spec(
            Quantity.AGE,
            "age",
            "a",
            {"a": _F(1), "mo": _F(1, 12)},
            ("0", "130"),
            zero_allowed=True,
        ),
        Quantity.DOSE_PER_KG: _spec(
            Quantity.DOSE_PER_KG,
            "dose per kilogram of body weight",
            "mg/kg",
            {"mg/kg": _F(1), "g/kg": _F(1000)},
            ("0", "100"),
            zero_allowed=True,
        ),
        Quantity.IGG: _spec(
            Quantity.IGG,
            "serum immunoglobulin G",
            "g/L",
            {"g/L": _F(1), "mg/dL": _F(1, 100), "mg/L": _F(1, 1000)},
            ("0", "150"),
            zero_allowed=True,
            mixups=("mg/dL", "mg/L", "g/L"),
        ),
    }
)


def spec_for(quantity: Quantity | str) -> QuantitySpec:
    """Return the `QuantitySpec` of ``quantity``.

    Raises:
        UnitError: ``quantity`` is not one of `Quantity`.
    """
    try:
        # str-valued enum: a plain string key finds the member's entry directly
        spec = cast("Mapping[object, QuantitySpec]", SPECS).get(quantity)
    except TypeError:  # unhashable
        spec = None
    if spec is None:
        raise UnitError(f"unknown quantity {quantity!r}")
    return spec


#: Largest decimal exponent (in absolute value) accepted from a string or Decimal: well beyond
#: the range of a binary double and any measurement. It keeps exact rational arithmetic on
#: hostile input (``"1e999999999"`` would be a billion-digit integer) bounded.
MAX_DECIMAL_EXPONENT = 1000


def to_decimal(value: object, *, what: str = "value") -> Decimal:
    """Read a number under the boundary policy, rejecting what is not a finite number.

    Accepted, each read exactly as the decimal it denotes:

    * ``float`` (and subclasses such as ``numpy.float64``): the shortest decimal that
      round-trips to it (``repr``), so ``0.1`` is one tenth;
    * other binary floating types (``numpy.float32``, ``numpy.float16``, ``numpy.longdouble``):
      the shortest decimal that round-trips *in their own precision* (NumPy's ``str``), so
      ``numpy.float32(0.1)`` is one tenth too;
    * ``int`` and integer types with ``__index__`` (``numpy.int64``, ``numpy.uint8``...);
    * `decimal.Decimal`, `fractions.Fraction` and other `numbers.Rational`
      types; numeric strings;
    * any other `numbers.Real` (or object with ``__float__``) through its float value.

    Booleans (``bool``, ``numpy.bool_``), NaN, infinities, and strings or Decimals whose
    magnitude lies beyond ``1e±1000`` (`MAX_DECIMAL_EXPONENT`) are rejected.

    Raises:
        InputError: ``value`` is not a finite number.
    """
    kind = type(value)
    if kind is float:
        return _from_float(cast(float, value), what)
    if kind is int:
        return Decimal(cast(int, value))
    if kind is str:
        return _from_text(cast(str, value), what)
    if kind is Decimal:
        return _bounded(cast(Decimal, value), value, what)
    if kind is Fraction:
        return fraction_to_decimal(cast(Fraction, value))
    return _from_other(value, what)


def _from_float(value: float, what: str) -> Decimal:
    if not math.isfinite(value):
        raise InputError(f"{what}: {value!r} is not a finite number")
    # float.__repr__, not repr(): a subclass (numpy.float64) may print itself differently;
    # a finite double is within MAX_DECIMAL_EXPONENT by construction
    return Decimal(float.__repr__(value))


def _from_text(value: str, what: str) -> Decimal:
    try:
        parsed = Decimal(value.strip())
    except (InvalidOperation, ValueError):
        raise InputError(f"{what}: {value!r} is not a number") from None
    return _bounded(parsed, value, what)


def _bounded(number: Decimal, given: object, what: str) -> Decimal:
    if not number.is_finite():
        raise InputError(f"{what}: {given!r} is not a finite number")
    if number and abs(number.adjusted()) > MAX_DECIMAL_EXPONENT:
        raise InputError(
            f"{what}: {given!r} is out of range (magnitude beyond 1e±{MAX_DECIMAL_EXPONENT})"
        )
    return number


def as_integer(value: object) -> int | None:
    """``value`` as an ``int`` when it is an integer type (``int``, ``numpy.int64``...), else None.

    Booleans (``bool``, ``numpy.bool_``) are not integers here; neither are floats, even
    integral ones (a study week given as ``52.0`` is refused rather than guessed).
    """
    if type(value) is int:
        return value
    if _is_boolean(value) or isinstance(value, (float, str, bytes, Decimal, Fraction)):
        return None
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except Exception:
        return None


def _is_boolean(value: object) -> bool:
    if isinstance(value, bool):
        return True
    kind = type(value)
    return kind.__module__ == "numpy" and kind.__name__ in ("bool_", "bool")


def _from_other(value: object, what: str) -> Decimal:
    """Subclasses and foreign number types (NumPy scalars, other Real/Rational types)."""
    if _is_boolean(value):
        raise InputError(f"{what}: expected a number, got a boolean ({value!r})")
    if isinstance(value, float):
        return _from_float(value, what)
    if isinstance(value, int):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        return _bounded(Decimal(value), value, what)
    if isinstance(value, Fraction):
        return fraction_to_decimal(Fraction(value))
    if isinstance(value, numbers.Rational):
        try:
            exact = Fraction(int(value.numerator), int(value.denominator))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            raise InputError(f"{what}: {value!r} is not a finite number") from None
        return to_decimal(exact, what=what)
    try:
        index = operator.index(value)  # type: ignore[arg-type]
    except Exception:
        index = None
    if index is not None:
        return Decimal(index)
    if _is_numpy_floating(value):
        return _from_numpy_float(value, what)
    if isinstance(value, numbers.Real) or hasattr(type(value), "__float__"):
        try:
            as_float = float(value)  # type: ignore[arg-type]
        except Exception:
            raise InputError(f"{what}: {value!r} is not a number") from None
        return _from_float(as_float, what)
    raise InputError(f"{what}: expected a number, got {type(value).__name__}")


def is_binary_float_scalar(value: object) -> bool:
    """Whether ``value`` is a NumPy floating scalar other than ``float64`` (float32, ...).

    Such a value is read as the shortest decimal that round-trips in its own precision
    (see `to_decimal`), not through its exact binary value.
    """
    return not isinstance(value, float) and _is_numpy_floating(value)


def _is_numpy_floating(value: object) -> bool:
    kind = type(value)
    return kind.__module__ == "numpy" and getattr(getattr(value, "dtype", None), "kind", "") == "f"


def _from_numpy_float(value: object, what: str) -> Decimal:
    # NumPy prints a float32/float16/longdouble as the shortest decimal that round-trips in
    # its own precision (Dragon4), the same policy as repr() for a Python float.
    text = str(value)
    try:
        parsed = Decimal(text)
    except (InvalidOperation, ValueError):
        raise InputError(f"{what}: {value!r} is not a finite number") from None
    return _bounded(parsed, value, what)


def to_fraction(value: object, *, what: str = "value") -> Fraction:
    """Like `to_decimal`, returning an exact `Fraction`."""
    if isinstance(value, Fraction):
        return value
    return Fraction(to_decimal(value, what=what))


_SIGNIFICANT = 12


def fraction_to_decimal(value: Fraction, significant: int = _SIGNIFICANT) -> Decimal:
    """Render an exact fraction as a Decimal (exact when it fits, else rounded half-even).

    Results carry at most ``significant`` significant digits, so they survive a JSON round
    trip through a binary float unchanged.
    """
    if value == 0:
        return Decimal(0)
    with localcontext() as context:
        context.prec = significant
        context.rounding = ROUND_HALF_EVEN
        context.Emax = MAX_EMAX
        context.Emin = MIN_EMIN
        result = Decimal(value.numerator) / Decimal(value.denominator)
    return tidy_decimal(result, significant)


def tidy_decimal(value: Decimal, significant: int = _SIGNIFICANT) -> Decimal:
    """Strip trailing zeros (without switching to exponent notation) and cap precision."""
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # pragma: no cover - NaN/inf are rejected upstream
        return value
    if len(digits) <= significant and (exponent == 0 or (exponent < 0 and digits[-1] != 0)):
        return value  # already tidy: an integer, or a decimal without trailing zeros
    if value == value.to_integral_value():
        return value.to_integral_value() if exponent < 0 else value
    if len(digits) > significant:
        value = fraction_to_decimal(Fraction(value), significant)
    return value.normalize()


def format_decimal(value: Decimal | Fraction | int | float) -> str:
    """Format a number for human text: plain notation, no trailing zeros."""
    if isinstance(value, Fraction):
        value = fraction_to_decimal(value, 6)
    elif not isinstance(value, Decimal):
        value = to_decimal(value)
    else:
        value = tidy_decimal(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def factor(quantity: Quantity | str, unit: str) -> Fraction:
    """Exact factor that converts ``unit`` to the quantity's canonical unit."""
    spec = spec_for(quantity)
    return spec.factors[spec.resolve_unit(unit)]


def _factor(
    spec: QuantitySpec, code: str, creatinine_conversion: CreatinineConversion | str | None
) -> Fraction:
    if (
        creatinine_conversion is not None
        and spec.quantity is Quantity.CREATININE
        and code == "umol/L"
    ):
        return creatinine_factor(creatinine_conversion)
    return spec.factors[code]


def convert(
    value: object,
    from_unit: str,
    to_unit: str,
    *,
    quantity: Quantity | str,
    creatinine_conversion: CreatinineConversion | str | None = None,
) -> Fraction:
    """Convert ``value`` exactly between two accepted units of one quantity.

    Args:
        value: The number to convert (``int``, ``float``, ``Decimal``, ``Fraction`` or a
            numeric string; finite).
        from_unit: The unit ``value`` is in.
        to_unit: The unit to convert to.
        quantity: The quantity both units belong to (a `Quantity` or its value).
        creatinine_conversion: For serum creatinine in µmol/L, the convention
            (`CreatinineConversion`; None: the default, 88.4 µmol/L per mg/dL).

    Returns:
        The converted value as an exact `Fraction`.

    Raises:
        UnitError: ``quantity`` is unknown, either unit is not accepted for it, or the
            creatinine conversion is unknown.
        InputError: ``value`` is not a finite number.
    """
    spec = spec_for(quantity)
    source = _factor(spec, spec.resolve_unit(from_unit), creatinine_conversion)
    target = _factor(spec, spec.resolve_unit(to_unit), creatinine_conversion)
    return to_fraction(value) * source / target


def canonicalize(
    value: object,
    unit: str,
    *,
    quantity: Quantity | str,
    what: str | None = None,
    creatinine_conversion: CreatinineConversion | str | None = None,
) -> Fraction:
    """Validate a measurement and return it exactly in the canonical unit.

    Checks, in order: the value is a finite number; it is not negative; it is not zero when
    the quantity forbids zero; the unit is accepted; the canonical value lies within the
    plausibility range. An implausible value raises `ImplausibleValueError` whose
    message names the likely unit mix-up.

    Args:
        value: The measured number (``int``, ``float``, ``Decimal``, ``Fraction`` or a
            numeric string; finite).
        unit: The unit ``value`` is in (one of the quantity's accepted units).
        quantity: The quantity measured (a `Quantity` or its value).
        what: Label used in error messages (default: the quantity's label).
        creatinine_conversion: For serum creatinine in µmol/L, the convention
            (`CreatinineConversion`; None: the default, 88.4 µmol/L per mg/dL).

    Returns:
        The value in the quantity's canonical unit, as an exact `Fraction`.

    Raises:
        InputError: ``value`` is not a finite number, is negative, or is zero where the
            quantity forbids zero.
        UnitError: ``quantity`` is unknown, ``unit`` is not accepted for it, or the
            creatinine conversion is unknown.
        ImplausibleValueError: The canonical value lies outside the plausibility range.
    """
    spec = spec_for(quantity)
    label = what or spec.label
    number = to_fraction(value, what=label)
    if number < 0:
        raise InputError(f"{label}: {format_decimal(number)} is negative")
    if number == 0 and not spec.zero_allowed:
        raise InputError(f"{label}: must be greater than zero")
    code = spec.resolve_unit(unit)
    canonical = number * _factor(spec, code, creatinine_conversion)
    if spec.plausible_min <= canonical <= spec.plausible_max:
        return canonical
    raise ImplausibleValueError(_implausible_message(spec, number, code, canonical, label))


def _implausible_message(
    spec: QuantitySpec, number: Fraction, code: str, canonical: Fraction, label: str
) -> str:
    lo = format_decimal(spec.plausible_min)
    hi = format_decimal(spec.plausible_max)
    head = (
        f"{label} of {format_decimal(number)} {code} is implausible "
        f"(plausible range {lo}-{hi} {spec.canonical_unit})"
    )
    candidates: list[str] = []
    for alt in spec.mixup_order:
        if alt == code:
            continue
        as_alt = number * spec.factors[alt]
        if spec.plausible_min <= as_alt <= spec.plausible_max and as_alt != canonical:
            candidates.append(f"{alt} (= {format_decimal(as_alt)} {spec.canonical_unit})")
    if not candidates:
        return head + "; check the value and its unit"
    text = head + f"; it is almost surely {candidates[0]}"
    if len(candidates) > 1:
        text += ", or possibly " + ", ".join(candidates[1:])
    return text


__all__ = [
    "CREATININE_CONVERSION_SOURCES",
    "CREATININE_MOLAR_MASS_G_PER_MOL",
    "CREATININE_UMOL_L_PER_MG_DL",
    "DEFAULT_CREATININE_CONVERSION",
    "MAX_DECIMAL_EXPONENT",
    "SPECS",
    "CreatinineConversion",
    "Quantity",
    "QuantitySpec",
    "as_integer",
    "canonicalize",
    "convert",
    "creatinine_factor",
    "factor",
    "format_decimal",
    "fraction_to_decimal",
    "is_binary_float_scalar",
    "spec_for",
    "tidy_decimal",
    "to_decimal",
    "to_fraction",
]
