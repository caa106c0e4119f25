"""Hypothesis properties of every guideline response definition.

* lowering the assessment UPCR never worsens the category;
* raising the assessment eGFR never worsens the category;
* a missing datum never gives a complete (or partial) response: the verdict is not
  evaluable, or "none" when the remaining data already rule out every response;
* removing a datum never turns one known verdict into another known verdict;
* results are identical in any accepted unit (UPCR in g/g, mg/g, mg/mmol; creatinine in
  mg/dL or umol/L).
"""

from __future__ import annotations

from decimal import Decimal

from _response_courses import GUIDELINES, RANK, course
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.criteria.response.api import classify_renal_response

UPCR = st.decimals(min_value="0.05", max_value="12", places=3)
EGFR = st.decimals(min_value="15", max_value="140", places=1)
DEFINITION = st.sampled_from(GUIDELINES)
# kdigo-2024 and the others decide at week 52; EULAR 2019 may move a nephrotic baseline's
# deadline, so every property evaluates explicitly at week 52.
AT = 52


def verdict(data: dict, definition: str, **options: object) -> str:
    return classify_renal_response(data, definition, at=AT, **options).verdict  # type: ignore[arg-type]


@settings(max_examples=100)
@given(DEFINITION, UPCR, UPCR, st.decimals(min_value="0", max_value="1", places=3), EGFR, EGFR)
def test_lowering_upcr_never_worsens_the_category(
    definition: str,
    base: Decimal,
    current: Decimal,
    fraction: Decimal,
    base_egfr: Decimal,
    cur_egfr: Decimal,
) -> None:
    lower = max(Decimal("0"), current * fraction).quantize(Decimal("0.001"))
    kw = {"base_upcr": str(base), "base_egfr": str(base_egfr), "cur_egfr": str(cur_egfr)}
    high = verdict(course(cur_upcr=str(current), **kw), definition)
    low = verdict(course(cur_upcr=str(lower), **kw), definition)
    assert RANK[low] >= RANK[high]


@settings(max_examples=100)
@given(DEFINITION, UPCR, UPCR, EGFR, EGFR, st.decimals(min_value="0", max_value="60", places=1))
def test_raising_egfr_never_worsens_the_category(
    definition: str,
    base: Decimal,
    current: Decimal,
    base_egfr: Decimal,
    cur_egfr: Decimal,
    rise: Decimal,
) -> None:
    kw = {"base_upcr": str(base), "cur_upcr": str(current), "base_egfr": str(base_egfr)}
    before = verdict(course(cur_egfr=str(cur_egfr), **kw), definition)
    after = verdict(course(cur_egfr=str(min(cur_egfr + rise, Decimal(250))), **kw), definition)
    assert RANK[after] >= RANK[before]


FIELDS = ("base_upcr", "cur_upcr", "base_egfr", "cur_egfr")
# data a complete response cannot be established without (EULAR judges GFR against normal,
# so a normal GFR needs no baseline eGFR; no complete response needs the baseline UPCR)
_KDIGO_LIKE = frozenset({"cur_upcr", "base_egfr", "cur_egfr"})
COMPLETE_NEEDS = {
    "kdigo-2024": _KDIGO_LIKE,
    "kdigo-2021": _KDIGO_LIKE,
    "seed-review-2024": _KDIGO_LIKE,
    "acr-2024-provisional": _KDIGO_LIKE,
    "eular-2012": frozenset({"cur_upcr", "cur_egfr"}),
    "eular-2019": frozenset({"cur_upcr", "cur_egfr"}),
}


@settings(max_examples=100)
@given(DEFINITION, UPCR, UPCR, EGFR, EGFR, st.sampled_from(FIELDS))
def test_missing_datum_never_gives_a_response_it_cannot_support(
    definition: str,
    base: Decimal,
    current: Decimal,
    base_egfr: Decimal,
    cur_egfr: Decimal,
    dropped: str,
) -> None:
    values = {
        "base_upcr": str(base),
        "cur_upcr": str(current),
        "base_egfr": str(base_egfr),
        "cur_egfr": str(cur_egfr),
    }
    full = verdict(course(**values), definition)
    values[dropped] = None  # type: ignore[assignment]
    decision = classify_renal_response(course(**values), definition, at=AT)  # type: ignore[arg-type]
    if dropped == "cur_upcr":
        # the assessment UPCR is required by every complete and partial response
        assert decision.verdict in ("not_evaluable", "none")
    assert decision.verdict in ("not_evaluable", full)
    if decision.verdict == "not_evaluable":
        assert decision.missing_inputs
    if dropped in COMPLETE_NEEDS[definition]:
        assert decision.verdict != "complete"
    if dropped == "base_upcr":
        # every partial response here is a reduction from the reference UPCR
        assert decision.verdict != "partial"


@settings(max_examples=60)
@given(DEFINITION)
def test_all_missing_is_not_evaluable(definition: str) -> None:
    decision = classify_renal_response({"start_date": "2024-01-01"}, definition)
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs


# 1 g/g = 1000 mg/g = 113.12 mg/mmol, exact decimal factors
UPCR_UNITS = {"g/g": Decimal(1), "mg/g": Decimal(1000), "mg/mmol": Decimal("113.12")}


@settings(max_examples=100)
@given(DEFINITION, UPCR, UPCR, EGFR, EGFR, st.sampled_from(sorted(UPCR_UNITS)))
def test_results_identical_in_any_upcr_unit(
    definition: str,
    base: Decimal,
    current: Decimal,
    base_egfr: Decimal,
    cur_egfr: Decimal,
    unit: str,
) -> None:
    kw = {"base_upcr": str(base), "base_egfr": str(base_egfr), "cur_egfr": str(cur_egfr)}
    in_g = classify_renal_response(course(cur_upcr=str(current), **kw), definition, at=AT)
    converted = str(current * UPCR_UNITS[unit])
    other = classify_renal_response(course(cur_upcr=converted, unit=unit, **kw), definition, at=AT)
    assert other.verdict == in_g.verdict
    assert [c.outcome for c in other.criteria] == [c.outcome for c in in_g.criteria]


@settings(max_examples=60)
@given(
    st.sampled_from(("kdigo-2024", "kdigo-2021", "acr-2024-provisional")),
    st.integers(min_value=40, max_value=400),
    st.integers(min_value=40, max_value=400),
)
def test_results_identical_in_any_creatinine_unit(
    definition: str, base_umol: int, cur_umol: int
) -> None:
    # 1 umol/L = 0.011312 mg/dL exactly
    factor = Decimal("0.011312")

    def with_creatinine(unit: str) -> dict:
        def value(umol: int) -> str:
            return str(umol) if unit == "umol/L" else str(umol * factor)

        return course(
            base_egfr=None,
            cur_egfr=None,
            baseline_extra={"creatinine": {"value": value(base_umol), "unit": unit}},
            visit_extra={"creatinine": {"value": value(cur_umol), "unit": unit}},
        )

    options = {"kidney_function_metric": "creatinine"}
    a = classify_renal_response(with_creatinine("umol/L"), definition, at=AT, **options)
    b = classify_renal_response(with_creatinine("mg/dL"), definition, at=AT, **options)
    assert a.verdict == b.verdict
    assert [c.outcome for c in a.criteria] == [c.outcome for c in b.criteria]
