"""Hypothesis strategies for lupus-nephritis inputs, for downstream property-based suites.

Valid inputs (measurements in any accepted unit, visits, patients, treatment courses) and
deliberately invalid values (implausible magnitudes, non-finite numbers) so that downstream
tests can check that their code only ever sees the library's documented errors.

The package registers `_hypothesis_setup_hook` through the ``hypothesis`` entry point, so
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
    Dose,
    GlucocorticoidDose,
    Patient,
    Protein24h,
    Sex,
    Specimen,
    TreatmentCourse,
    Visit,
)
from lupus_nephritis.steroids import Glucocorticoid
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
        # round towards the inside at the range's edges, so the value stays plausible
        rounding = ROUND_CEILING if value == lo else ROUND_FLOOR if value == hi else None
        return {"value": _rounded(converted, rounding), "unit": unit}

    return st.tuples(
        st.decimals(min_value=lo, max_value=hi, places=places),
        st.sampled_from(sorted(spec.factors)),
    ).map(build)


def _rounded(value: Fraction, rounding: str | None) -> Decimal:
    """``value`` to 28 significant digits (half-even, or the given rounding)."""
    if rounding is None:
        return fraction_to_decimal(value, 28)
    with localcontext() as context:
        context.prec = 28
        context.rounding = rounding
        return Decimal(value.numerator) / Decimal(value.denominator)


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
    """Valid `UPCR` measurements with a specimen type."""
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


#: Study weeks of a typical LN trial or registry schedule (visits are drawn near them).
SCHEDULE_WEEKS: tuple[int, ...] = (2, 4, 8, 12, 16, 20, 24, 26, 36, 44, 48, 52, 64, 76, 78, 104)

#: Weeks most generated courses attend (the 6- and 12-month assessment points).
ASSESSMENT_WEEKS: tuple[int, ...] = (26, 52)

_SPECIMENS = st.sampled_from(
    [Specimen.H24, Specimen.H24, Specimen.FIRST_MORNING, Specimen.SPOT, None]
)


def _upcr_g_per_g(low: str, high: str) -> st.SearchStrategy[Decimal]:
    """UPCR values spread over the thresholds that matter (0.5, 0.7, 0.8, 3 g/g...)."""
    return st.one_of(
        st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=2),
        st.sampled_from(
            [Decimal(v) for v in ("0.3", "0.49", "0.5", "0.51", "0.7", "0.8", "1.5", "2.99", "3")]
        ).filter(lambda v: Decimal(low) <= v <= Decimal(high)),
    )


def _upcr(value: Decimal, unit: str, specimen: Specimen | None) -> UPCR:
    converted = convert(value, "g/g", unit, quantity=Quantity.UPCR)
    return UPCR(value=fraction_to_decimal(converted, 28), unit=unit, specimen=specimen)


@st.composite
def _scheduled_visit(
    draw: st.DrawFn, start: date, week: int, baseline_upcr: Decimal, baseline_egfr: Decimal
) -> Visit:
    day = start + timedelta(days=7 * week + draw(st.integers(-5, 5)))
    # proteinuria falls (or not) from the baseline; most visits record UPCR and eGFR
    fraction = draw(st.sampled_from(["0.05", "0.1", "0.15", "0.3", "0.5", "0.6", "0.9", "1.1"]))
    upcr_value = max(Decimal("0.01"), (baseline_upcr * Decimal(fraction)).quantize(Decimal("0.01")))
    upcr_value = draw(st.just(upcr_value) | _upcr_g_per_g("0.05", "6"))
    change = draw(st.sampled_from(["-30", "-20", "-15", "-10", "0", "5", "10"]))
    egfr_value = max(Decimal(5), baseline_egfr * (100 + Decimal(change)) / 100).quantize(
        Decimal("0.1")
    )
    unit = draw(st.sampled_from(["g/g", "mg/g", "mg/mmol"]))
    return Visit(
        date=day,
        upcr=draw(st.none() | st.just(_upcr(upcr_value, unit, draw(_SPECIMENS))))
        if draw(st.integers(0, 9)) == 0
        else _upcr(upcr_value, unit, draw(_SPECIMENS)),
        egfr=None
        if draw(st.integers(0, 9)) == 0
        else EGFR(value=egfr_value, unit="mL/min/{1.73_m2}"),
    )


def treatment_courses(
    max_visits: int = 8, *, with_glucocorticoids: bool | None = None
) -> st.SearchStrategy[TreatmentCourse]:
    """Realistic treatment courses that reach every response verdict.

    A start date, a baseline (UPCR 0.5-10 g/g, eGFR 30-120) and up to ``max_visits`` visits
    near the study weeks of `SCHEDULE_WEEKS` (within 5 days), where proteinuria falls by
    a varying fraction (or stays), eGFR drifts, units and specimens vary, and a datum is
    occasionally missing. Most courses attend the 6- and 12-month points
    (`ASSESSMENT_WEEKS`). Boundary values (0.5, 0.7, 0.8, 3 g/g...) are drawn often. With
    ``with_glucocorticoids`` (default: either) the course carries complete daily prednisone
    records (a taper to 2.5-12.5 mg/day), which trial endpoints with steroid rules need.
    """

    @st.composite
    def build(draw: st.DrawFn) -> TreatmentCourse:
        start = draw(st.dates(date(2005, 1, 1), date(2035, 1, 1)))
        baseline_upcr = draw(_upcr_g_per_g("0.5", "10"))
        baseline_egfr = draw(st.decimals(min_value=30, max_value=120, places=1))
        unit = draw(st.sampled_from(["g/g", "mg/g", "mg/mmol"]))
        baseline = Visit(
            date=start,
            upcr=_upcr(baseline_upcr, unit, draw(_SPECIMENS)),
            egfr=EGFR(value=baseline_egfr, unit="mL/min/{1.73_m2}"),
        )
        weeks = draw(st.lists(st.sampled_from(SCHEDULE_WEEKS), max_size=max_visits, unique=True))
        # the usual assessment points (6 and 12 months) are mostly attended
        for usual in ASSESSMENT_WEEKS:
            if len(weeks) < max_visits and usual not in weeks and draw(st.integers(0, 9)) > 0:
                weeks.append(usual)
        weeks.sort()
        follow_up: dict[date, Visit] = {}
        for week in weeks:
            visit = draw(_scheduled_visit(start, week, baseline_upcr, baseline_egfr))
            follow_up.setdefault(visit.date, visit)
        doses: tuple[GlucocorticoidDose, ...] = ()
        steroids = draw(st.booleans()) if with_glucocorticoids is None else with_glucocorticoids
        if steroids:
            maintenance = draw(st.sampled_from(["2.5", "5", "7.5", "10", "12.5"]))
            doses = (
                GlucocorticoidDose(
                    start=start,
                    end=start + timedelta(days=111),
                    daily_dose=Dose(value=Decimal(20), unit="mg"),
                    drug=Glucocorticoid.PREDNISONE,
                ),
                GlucocorticoidDose(
                    start=start + timedelta(days=112),
                    end=start + timedelta(days=800),
                    daily_dose=Dose(value=Decimal(maintenance), unit="mg"),
                    drug=Glucocorticoid.PREDNISONE,
                ),
            )
        return TreatmentCourse(
            start_date=start,
            patient=draw(st.none() | patients()),
            baseline=baseline,
            visits=tuple(v for v in follow_up.values() if v.date > start),
            glucocorticoids=doses,
            are_glucocorticoid_records_complete=bool(doses),
        )

    return build()


def _hypothesis_setup_hook() -> None:
    """Register strategies for the input models (called by hypothesis' entry point)."""
    st.register_type_strategy(Visit, visits())
    st.register_type_strategy(Patient, patients())
    st.register_type_strategy(TreatmentCourse, treatment_courses())
    st.register_type_strategy(UPCR, upcrs())


__all__ = [
    "ASSESSMENT_WEEKS",
    "SCHEDULE_WEEKS",
    "implausible_values",
    "measure_values",
    "non_finite_numbers",
    "patients",
    "treatment_courses",
    "upcrs",
    "visits",
]
