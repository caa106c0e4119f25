"""Invariants shared by every trial response definition assessed at one point.

For each definition the builder's default course meets the endpoint at the definition's
default week; each property moves one datum.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from _trial_courses import RANK, course
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.criteria.response.api import classify_renal_response

WEEKS = {
    "aurora-1": 52,
    "aura-lv": 24,
    "bliss-ln-perr": 104,
    "bliss-ln-crr": 104,
    "nobility-crr": 52,
    "regency-crr": 76,
    "regency-crr-steroid": 76,
    "regency-upcr-0-8": 76,
    "lunar-crr": 52,
    "tulip-ln-crr": 52,
    "tulip-ln-crr-0-5": 52,
    "alms-response": 24,
    "modified-perr": 104,
    "modified-crr": 104,
}
DEFINITIONS = sorted(WEEKS)


def run(definition: str, **kw: Any) -> str:
    c = course(at_week=WEEKS[definition], **kw)
    return classify_renal_response(c, definition=definition).verdict


@pytest.mark.parametrize("definition", DEFINITIONS)
def test_template_course_meets_every_trial_endpoint(definition: str) -> None:
    assert run(definition) == "complete"


@pytest.mark.parametrize("definition", DEFINITIONS)
def test_missing_upcr_gives_not_evaluable_never_complete(definition: str) -> None:
    assert run(definition, upcr_value=None) == "not_evaluable"


EGFR_DEFINITIONS = [d for d in DEFINITIONS if d not in ("nobility-crr", "lunar-crr")]
EGFR_DEFINITIONS = [d for d in EGFR_DEFINITIONS if d not in ("alms-response", "regency-upcr-0-8")]


@pytest.mark.parametrize("definition", EGFR_DEFINITIONS)
def test_missing_kidney_function_gives_not_evaluable(definition: str) -> None:
    assert run(definition, egfr=None, creatinine=None) == "not_evaluable"


@pytest.mark.parametrize("definition", ["nobility-crr", "lunar-crr", "alms-response"])
def test_missing_creatinine_gives_not_evaluable(definition: str) -> None:
    assert run(definition, creatinine=None) == "not_evaluable"


UPCRS = st.integers(min_value=0, max_value=500).map(lambda n: str(Decimal(n) / 100))


@settings(max_examples=60)
@given(definition=st.sampled_from(DEFINITIONS), a=UPCRS, b=UPCRS)
def test_lowering_upcr_never_worsens_the_category(definition: str, a: str, b: str) -> None:
    low, high = sorted((a, b), key=Decimal)
    v_low, v_high = run(definition, upcr_value=low), run(definition, upcr_value=high)
    assert "not_evaluable" not in (v_low, v_high)
    assert RANK[v_low] >= RANK[v_high]


EGFRS = st.integers(min_value=50, max_value=1500).map(lambda n: str(Decimal(n) / 10))


@settings(max_examples=60)
@given(definition=st.sampled_from(DEFINITIONS), a=EGFRS, b=EGFRS)
def test_raising_egfr_never_worsens_a_known_category(definition: str, a: str, b: str) -> None:
    low, high = sorted((a, b), key=Decimal)
    kw = {"base_egfr": "90", "pre_flare_egfr": "90", "biopsy_egfr": "90", "adjudicated": True}
    v_low, v_high = run(definition, egfr=low, **kw), run(definition, egfr=high, **kw)
    if "not_evaluable" not in (v_low, v_high):
        assert RANK[v_high] >= RANK[v_low]
    if v_low != "not_evaluable":
        assert v_high != "not_evaluable"


@settings(max_examples=60)
@given(
    definition=st.sampled_from(DEFINITIONS),
    value=UPCRS,
    unit=st.sampled_from(["g/g", "mg/g", "mg/mmol"]),
    umol=st.integers(min_value=40, max_value=200),
)
def test_results_are_identical_in_any_accepted_unit(
    definition: str, value: str, unit: str, umol: int
) -> None:
    factor = {"g/g": Decimal(1), "mg/g": Decimal(1000), "mg/mmol": Decimal("113.12")}[unit]
    mg_dl = str(Decimal(umol) * Decimal("0.011312"))
    as_mg_mg = run(definition, upcr_value=value, creatinine=mg_dl)
    other = course(at_week=WEEKS[definition], upcr_value=str(Decimal(value) * factor), unit=unit)
    other["visits"][0]["creatinine"] = {"value": str(umol), "unit": "umol/L"}
    assert classify_renal_response(other, definition=definition).verdict == as_mg_mg


FIELDS = ["upcr", "egfr", "creatinine", "creatinine_uln", "urine_rbc", "has_red_cell_casts"]


@settings(max_examples=80)
@given(
    definition=st.sampled_from(DEFINITIONS),
    fields=st.sets(st.sampled_from(FIELDS), min_size=1, max_size=3),
    upcr_value=UPCRS,
    egfr=EGFRS,
)
def test_missing_data_never_gives_a_verdict_the_data_contradict(
    definition: str, fields: set[str], upcr_value: str, egfr: str
) -> None:
    full = course(at_week=WEEKS[definition], upcr_value=upcr_value, egfr=egfr)
    partial = course(at_week=WEEKS[definition], upcr_value=upcr_value, egfr=egfr)
    for field in fields:
        partial["visits"][0].pop(field, None)
    v_full = classify_renal_response(full, definition=definition).verdict
    v_partial = classify_renal_response(partial, definition=definition).verdict
    assert v_partial in ("not_evaluable", v_full)
