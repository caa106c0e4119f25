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

import pytest
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
@pytest.mark.parametrize("conversion", ["molar-mass", "88.4"])
def test_results_identical_in_any_creatinine_unit(
    conversion: str, definition: str, base_umol: int, cur_umol: int
) -> None:
    # exact pairs: molar mass 1 umol/L = 0.011312 mg/dL; default 1 mg/dL = 88.4 umol/L
    def value(n: int, unit: str) -> str:
        if conversion == "molar-mass":
            return str(n) if unit == "umol/L" else str(n * Decimal("0.011312"))
        mg_dl = Decimal(n) / 100
        return str(mg_dl * Decimal("88.4")) if unit == "umol/L" else str(mg_dl)

    def with_creatinine(unit: str) -> dict:
        return course(
            base_egfr=None,
            cur_egfr=None,
            baseline_extra={"creatinine": {"value": value(base_umol, unit), "unit": unit}},
            visit_extra={"creatinine": {"value": value(cur_umol, unit), "unit": unit}},
            creatinine_conversion=conversion,
        )

    options = {"kidney_function_metric": "creatinine"}
    a = classify_renal_response(with_creatinine("umol/L"), definition, at=AT, **options)
    b = classify_renal_response(with_creatinine("mg/dL"), definition, at=AT, **options)
    assert a.verdict == b.verdict
    assert [c.outcome for c in a.criteria] == [c.outcome for c in b.criteria]


# ------------------------------------------------------------------ review additions


def outcomes(decision: object) -> list[tuple[str, str]]:
    """Every criterion outcome of a decision, depth-first (ids with outcomes)."""
    found: list[tuple[str, str]] = []

    def walk(criterion: object) -> None:
        found.append((criterion.id, criterion.outcome.value))  # type: ignore[attr-defined]
        for child in criterion.children:  # type: ignore[attr-defined]
            walk(child)

    for criterion in decision.criteria:  # type: ignore[attr-defined]
        walk(criterion)
    return found


# exact factors from g/g: 1 g/g = 1 mg/mg = 1000 mg/g = 113.12 mg/mmol = 0.11312 g/mmol
WHOLE_COURSE_UNITS = {
    "g/g": Decimal(1),
    "mg/mg": Decimal(1),
    "mg/g": Decimal(1000),
    "mg/mmol": Decimal("113.12"),
    "g/mmol": Decimal("0.11312"),
}


@settings(max_examples=100)
@given(DEFINITION, UPCR, UPCR, EGFR, EGFR, st.sampled_from(sorted(WHOLE_COURSE_UNITS)))
def test_whole_course_in_any_upcr_unit_gives_the_same_decision(
    definition: str,
    base: Decimal,
    current: Decimal,
    base_egfr: Decimal,
    cur_egfr: Decimal,
    unit: str,
) -> None:
    def build(in_unit: str) -> dict:
        f = WHOLE_COURSE_UNITS[in_unit]
        data = course(
            base_upcr=str(base * f),
            cur_upcr=str(current * f),
            unit=in_unit,
            base_egfr=str(base_egfr),
            cur_egfr=str(cur_egfr),
        )
        data["baseline"]["upcr"]["unit"] = in_unit
        return data

    ref = classify_renal_response(build("g/g"), definition, at=AT)
    other = classify_renal_response(build(unit), definition, at=AT)
    assert other.verdict == ref.verdict
    assert outcomes(other) == outcomes(ref)
    assert other.flags == ref.flags


P24 = st.decimals(min_value="0.05", max_value="12", places=3)


@settings(max_examples=60)
@given(P24, P24, EGFR)
def test_24h_protein_in_g_or_mg_per_day_gives_the_same_decision_under_eular_2019(
    base: Decimal, current: Decimal, cur_egfr: Decimal
) -> None:
    def build(unit: str, factor: Decimal) -> dict:
        return course(
            base_upcr=None,
            cur_upcr=None,
            cur_egfr=str(cur_egfr),
            baseline_extra={"protein_24h": {"value": str(base * factor), "unit": unit}},
            visit_extra={"protein_24h": {"value": str(current * factor), "unit": unit}},
        )

    a = classify_renal_response(build("g/d", Decimal(1)), "eular-2019", at=AT)
    b = classify_renal_response(build("mg/d", Decimal(1000)), "eular-2019", at=AT)
    assert a.verdict == b.verdict and outcomes(a) == outcomes(b)
    c = classify_renal_response(
        build("g/d", Decimal(1)), "acr-2024-provisional", at=AT, proteinuria_unit="mg/d"
    )
    d = classify_renal_response(
        build("mg/d", Decimal(1000)), "acr-2024-provisional", at=AT, proteinuria_unit="mg/d"
    )
    assert c.verdict == d.verdict and outcomes(c) == outcomes(d)


@settings(max_examples=60)
@given(
    DEFINITION,
    UPCR,
    st.integers(min_value=40, max_value=400),
    st.integers(min_value=40, max_value=400),
)
def test_egfr_computed_from_creatinine_in_either_unit_gives_the_same_decision(
    definition: str, current: Decimal, base_umol: int, cur_umol: int
) -> None:
    def build(unit: str) -> dict:
        def value(umol: int) -> str:
            return str(umol) if unit == "umol/L" else str(umol * Decimal("0.011312"))

        return course(
            cur_upcr=str(current),
            base_egfr=None,
            cur_egfr=None,
            baseline_extra={"creatinine": {"value": value(base_umol), "unit": unit}},
            visit_extra={"creatinine": {"value": value(cur_umol), "unit": unit}},
            patient={"sex": "female", "age_years": "35"},
            creatinine_conversion="molar-mass",  # 0.011312 mg/dL per umol/L exactly
        )

    a = classify_renal_response(build("umol/L"), definition, at=AT)
    b = classify_renal_response(build("mg/dL"), definition, at=AT)
    assert a.verdict == b.verdict and outcomes(a) == outcomes(b)
    assert "egfr-computed" in a.flags


@settings(max_examples=100)
@given(DEFINITION, UPCR, UPCR, EGFR, EGFR, st.decimals(min_value="0", max_value="60", places=1))
def test_lowering_the_reference_egfr_never_worsens_the_category(
    definition: str,
    base: Decimal,
    current: Decimal,
    base_egfr: Decimal,
    cur_egfr: Decimal,
    drop: Decimal,
) -> None:
    kw = {"base_upcr": str(base), "cur_upcr": str(current), "cur_egfr": str(cur_egfr)}
    before = verdict(course(base_egfr=str(base_egfr), **kw), definition)
    lower = max(base_egfr - drop, Decimal("1"))
    after = verdict(course(base_egfr=str(lower), **kw), definition)
    assert RANK[after] >= RANK[before]


@settings(max_examples=100)
@given(DEFINITION, UPCR, UPCR, EGFR, EGFR, st.decimals(min_value="0", max_value="10", places=3))
def test_raising_the_reference_upcr_never_worsens_the_category(
    definition: str,
    base: Decimal,
    current: Decimal,
    base_egfr: Decimal,
    cur_egfr: Decimal,
    rise: Decimal,
) -> None:
    kw = {"cur_upcr": str(current), "base_egfr": str(base_egfr), "cur_egfr": str(cur_egfr)}
    before = verdict(course(base_upcr=str(base), **kw), definition)
    after = verdict(course(base_upcr=str(min(base + rise, Decimal(30))), **kw), definition)
    assert RANK[after] >= RANK[before]


@settings(max_examples=60)
@given(
    st.sampled_from(("kdigo-2024", "kdigo-2021", "acr-2024-provisional")),
    UPCR,
    st.integers(min_value=40, max_value=400),
    st.integers(min_value=40, max_value=400),
    st.integers(min_value=0, max_value=300),
)
def test_lowering_creatinine_never_worsens_the_category(
    definition: str, current: Decimal, base_umol: int, cur_umol: int, drop: int
) -> None:
    def build(cur: int) -> dict:
        return course(
            cur_upcr=str(current),
            base_egfr=None,
            cur_egfr=None,
            baseline_extra={"creatinine": {"value": str(base_umol), "unit": "umol/L"}},
            visit_extra={"creatinine": {"value": str(cur), "unit": "umol/L"}},
        )

    options = {"kidney_function_metric": "creatinine"}
    before = verdict(build(cur_umol), definition, **options)
    after = verdict(build(max(cur_umol - drop, 10)), definition, **options)
    assert RANK[after] >= RANK[before]


@settings(max_examples=100)
@given(DEFINITION, UPCR, UPCR, EGFR, EGFR, st.integers(min_value=-28, max_value=28))
def test_a_visit_anywhere_in_the_window_counts_as_at_the_point(
    definition: str,
    base: Decimal,
    current: Decimal,
    base_egfr: Decimal,
    cur_egfr: Decimal,
    offset: int,
) -> None:
    from datetime import timedelta

    from _response_courses import W52

    kw = {
        "base_upcr": str(base),
        "cur_upcr": str(current),
        "base_egfr": str(base_egfr),
        "cur_egfr": str(cur_egfr),
    }
    exact = verdict(course(**kw), definition)
    shifted = verdict(course(day=W52 + timedelta(days=offset), **kw), definition)
    assert shifted == exact


def _option_values(definition: str) -> st.SearchStrategy[dict[str, object]]:
    from lupus_nephritis.registry import get_rule_set

    declared = [o for o in get_rule_set(definition).options if o.choices]
    return st.fixed_dictionaries({o.name: st.sampled_from(o.choices) for o in declared})  # type: ignore[arg-type]


@settings(max_examples=100)
@given(st.data(), DEFINITION, UPCR, UPCR, EGFR, EGFR, st.sampled_from(("cur_upcr", "cur_egfr")))
def test_missing_assessment_datum_never_gives_a_response_under_any_options(
    data: st.DataObject,
    definition: str,
    base: Decimal,
    current: Decimal,
    base_egfr: Decimal,
    cur_egfr: Decimal,
    dropped: str,
) -> None:
    options = data.draw(_option_values(definition))
    values = {
        "base_upcr": str(base),
        "cur_upcr": str(current),
        "base_egfr": str(base_egfr),
        "cur_egfr": str(cur_egfr),
    }
    values[dropped] = None  # type: ignore[assignment]
    decision = classify_renal_response(course(**values), definition, at=AT, **options)  # type: ignore[arg-type]
    assert decision.verdict in ("not_evaluable", "none")
    if decision.verdict == "not_evaluable":
        assert decision.missing_inputs
