"""Hypothesis strategies for lupus-nephritis inputs, for downstream property-based suites.

Valid inputs (measurements in any accepted unit, visits, patients, treatment courses) and
deliberately invalid values (implausible magnitudes, non-finite numbers) so that downstream
tests can check that their code only ever sees the library's documented errors.

The package registers :func:`_hypothesis_setup_hook` through the ``hypothesis`` entry point, so
``st.from_type(Visit)`` and friends work out of the box. Importing this module imports
hypothesis; the core package never does.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from lupus_nephritis.models import (
    EGFR,
    UPCR,
    Creatinine,
    Patient,
    Protein24h,
    Sex,
    Specimen,
    TreatmentCourse,
    Visit,
)
from lupus_nephritis.units import SPECS, Quantity, convert, fraction_to_decimal


def measure_values(
    quantity: Quantity | str,
    *,
    min_value: str | None = None,
    max_value: str | None = None,
    places: int = 3,
) -> st.SearchStrategy[dict[str, Any]]:
    """``{"value": Decimal, "unit": str}`` dicts for ``quantity``, in any accepted unit.

    Values are drawn in the canonical unit within the plausibility range (or the given
    bounds) and converted exactly to a randomly chosen accepted unit.
    """
    spec = SPECS[Quantity(quantity)]
    lo = Decimal(min_value) if min_value is not None else fraction_to_decimal(spec.plausible_min)
    hi = Decimal(max_value) if max_value is not None else fraction_to_decimal(spec.plausible_max)
    if not spec.zero_allowed and lo == 0:
        lo = Decimal(1).scaleb(-places)

    def build(pair: tuple[Decimal, str]) -> dict[str, Any]:
        value, unit = pair
        converted = convert(value, spec.canonical_unit, unit, quantity=spec.quantity)
        shown = fraction_to_decimal(converted, 28)
        # a conversion that does not terminate is rounded; round towards the drawn value's
        # side of the plausibility range so a boundary draw stays plausible in any unit
        back = Fraction(shown) * spec.factors[unit]
        if back < spec.plausible_min or back > spec.plausible_max:
            with localcontext() as context:
                context.prec = 28
                context.rounding = ROUND_CEILING if back < spec.plausible_min else ROUND_FLOOR
                shown = Decimal(converted.numerator) / Decimal(converted.denominator)
        return {"value": shown, "unit": unit}

    return st.tuples(
        st.decimals(min_value=lo, max_value=hi, places=places),
        st.sampled_from(sorted(spec.factors)),
    ).map(build)


def implausible_values(quantity: Quantity | str) -> st.SearchStrategy[dict[str, Any]]:
    """Measurements above the plausibility range (typical unit mix-ups), in canonical units."""
    spec = SPECS[Quantity(quantity)]
    hi = fraction_to_decimal(spec.plausible_max)
    return st.decimals(min_value=hi + 1, max_value=hi * 1000 + 1, places=2).map(
        lambda v: {"value": v, "unit": spec.canonical_unit}
    )


def non_finite_numbers() -> st.SearchStrategy[float]:
    """NaN and infinities, which every public function must reject with a documented error."""
    return st.sampled_from([float("nan"), float("inf"), float("-inf")])


def upcrs(max_g_per_g: str = "15") -> st.SearchStrategy[UPCR]:
    """Valid :class:`~lupus_nephritis.models.UPCR` measurements with a specimen type."""
    return st.builds(
        lambda m, s: UPCR(value=m["value"], unit=m["unit"], specimen=s),
        measure_values(Quantity.UPCR, max_value=max_g_per_g),
        st.sampled_from(list(Specimen)),
    )


def visits(on: st.SearchStrategy[date] | None = None) -> st.SearchStrategy[Visit]:
    """Visits with any subset of UPCR, 24-h protein, creatinine and eGFR."""
    day = on if on is not None else st.dates(date(2000, 1, 1), date(2040, 12, 31))
    return st.builds(
        Visit,
        date=day,
        upcr=st.none() | upcrs(),
        protein_24h=st.none()
        | measure_values(Quantity.PROTEIN_24H, max_value="15").map(Protein24h.model_validate),
        creatinine=st.none()
        | measure_values(Quantity.CREATININE, min_value="0.3", max_value="8").map(
            Creatinine.model_validate
        ),
        egfr=st.none()
        | measure_values(Quantity.EGFR, min_value="5", max_value="150").map(EGFR.model_validate),
        urine_rbc=st.none(),
        has_red_cell_casts=st.none() | st.booleans(),
    )


def patients() -> st.SearchStrategy[Patient]:
    """Adult patients with sex and age (enough to compute CKD-EPI 2021)."""
    return st.builds(
        Patient,
        sex=st.sampled_from(list(Sex)),
        age_years=st.integers(18, 90).map(Decimal),
    )


def treatment_courses(max_visits: int = 8) -> st.SearchStrategy[TreatmentCourse]:
    """Treatment courses: a start date, a baseline and up to ``max_visits`` later visits."""

    @st.composite
    def build(draw: st.DrawFn) -> TreatmentCourse:
        start = draw(st.dates(date(2005, 1, 1), date(2035, 1, 1)))
        baseline = draw(visits(st.just(start)))
        offsets = draw(st.lists(st.integers(1, 800), max_size=max_visits, unique=True))
        follow_up = [draw(visits(st.just(start + timedelta(days=o)))) for o in sorted(offsets)]
        return TreatmentCourse(
            start_date=start,
            patient=draw(st.none() | patients()),
            baseline=baseline,
            visits=tuple(follow_up),
        )

    return build()


def _hypothesis_setup_hook() -> None:
    """Register strategies for the input models (called by hypothesis' entry point)."""
    st.register_type_strategy(Visit, visits())
    st.register_type_strategy(Patient, patients())
    st.register_type_strategy(TreatmentCourse, treatment_courses())
    st.register_type_strategy(UPCR, upcrs())


__all__ = [
    "implausible_values",
    "measure_values",
    "non_finite_numbers",
    "patients",
    "treatment_courses",
    "upcrs",
    "visits",
]
