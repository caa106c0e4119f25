"""Hypothesis properties of every biopsy rule set."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from _biopsy_helpers import (
    INDICATED,
    INSUFFICIENT,
    NOT_INDICATED,
    RANK,
    assess,
    findings_dicts,
    raised_dipstick,
    scaled,
    verdict,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.logic import Outcome

PROTEINURIA_RULES = (
    "kdigo-2021-biopsy",
    "kdigo-2024-biopsy",
    "eular-2012-biopsy",
    "eular-2019-biopsy",
    "acr-2012-biopsy",
    "acr-2024-biopsy",
    "seed-review-2024-biopsy",
)

#: Measurement fields whose filling-in must never change a decided verdict, per rule set.
#: Left out: alternative measurements of one fact (24-hour protein vs UPCR vs dipstick, the
#: eGFR vs a reported impairment), which the known ones decide by design.
KLEENE_FIELDS: dict[str, tuple[str, ...]] = {
    "kdigo-2021-biopsy": ("urine_specific_gravity", "acanthocytes", "egfr"),
    "kdigo-2024-biopsy": ("urine_specific_gravity", "acanthocytes"),
    "eular-2012-biopsy": ("protein_24h", "acanthocytes"),
    "eular-2019-biopsy": ("acanthocytes", "egfr", "urine_rbc"),
    "acr-2012-biopsy": ("urine_rbc", "acanthocytes"),
    "acr-2024-biopsy": ("acanthocytes", "urine_rbc"),
    "seed-review-2024-biopsy": ("acanthocytes", "egfr"),
}

FILL: dict[str, Any] = {
    "protein_24h": st.sampled_from(["0.1 g/d", "0.5 g/d", "0.51 g/d", "1.0 g/d", "3 g/d"]),
    "urine_specific_gravity": st.sampled_from(["1.005", "1.010", "1.025"]),
    "acanthocytes": st.sampled_from(["0 %", "4.9 %", "5 %", "20 %"]),
    "egfr": st.sampled_from(
        [
            "30 mL/min/{1.73_m2}",
            "59.9 mL/min/{1.73_m2}",
            "60 mL/min/{1.73_m2}",
            "100 mL/min/{1.73_m2}",
        ]
    ),
    "urine_rbc": st.sampled_from(["0 /[HPF]", "4 /[HPF]", "5 /[HPF]", "40 /[HPF]"]),
}


@pytest.mark.parametrize("rule", PROTEINURIA_RULES)
@settings(max_examples=40)
@given(
    data=findings_dicts(),
    factor=st.sampled_from(["1", "1.01", "1.5", "2", "10"]),
    steps=st.integers(0, 3),
)
def test_more_proteinuria_never_lowers_the_verdict(
    rule: str, data: dict[str, Any], factor: str, steps: int
) -> None:
    base = verdict(data, rule)
    more = verdict(raised_dipstick(scaled(data, factor), steps), rule)
    assert RANK[more] >= RANK[base]
    if base == INDICATED:
        assert more == INDICATED


@pytest.mark.parametrize("rule", PROTEINURIA_RULES)
@settings(max_examples=40)
@given(data=findings_dicts(), choice=st.data())
def test_filling_a_missing_measurement_never_changes_a_decided_verdict(
    rule: str, data: dict[str, Any], choice: st.DataObject
) -> None:
    base = verdict(data, rule)
    missing = [f for f in KLEENE_FIELDS[rule] if f not in data]
    if base == INSUFFICIENT or not missing:
        return
    field = choice.draw(st.sampled_from(missing))
    filled = {**data, field: choice.draw(FILL[field])}
    assert verdict(filled, rule) == base


@pytest.mark.parametrize("rule", PROTEINURIA_RULES)
@settings(max_examples=30)
@given(data=findings_dicts())
def test_verdict_is_the_kleene_disjunction_of_sufficient_criteria(
    rule: str, data: dict[str, Any]
) -> None:
    from _biopsy_helpers import assess

    decision = assess(data, rule)
    sufficient = str(decision.detail("sufficient")).split(", ")
    outcomes = [decision.criterion(i).outcome for i in sufficient]
    if Outcome.MET in outcomes:
        assert decision.verdict == INDICATED
    elif all(o is Outcome.NOT_MET for o in outcomes):
        assert decision.verdict == NOT_INDICATED
        assert decision.missing_inputs == ()
    else:
        assert decision.verdict == INSUFFICIENT
        assert decision.missing_inputs
    fired = decision.detail("fired")
    assert (fired is not None) is (decision.verdict == INDICATED)


@pytest.mark.parametrize("rule", PROTEINURIA_RULES)
@settings(max_examples=40)
@given(
    value=st.decimals(min_value="0", max_value="3", places=3),
    unit=st.sampled_from([("g/g", "1"), ("mg/g", "1000"), ("mg/mg", "1")]),
)
def test_upcr_unit_does_not_change_the_verdict(rule: str, value: Any, unit: Any) -> None:
    from decimal import Decimal

    name, factor = unit
    base = {
        "upcr": f"{value} g/g",
        "is_proteinuria_persistent": True,
        "has_unexplained_decline": False,
    }
    other = dict(base, upcr=f"{format(Decimal(value) * Decimal(factor), 'f')} {name}")
    assert verdict(other, rule) == verdict(base, rule)


#: Exact factors from g/g: 1 g/g = 1000 mg/g = 113.12 mg/mmol = 0.11312 g/mmol (creatinine
#: 113.12 g/mol), so each rescaled value is the same ratio, exactly.
UPCR_UNITS = [
    ("g/g", "1"),
    ("mg/g", "1000"),
    ("mg/mg", "1"),
    ("mg/mmol", "113.12"),
    ("g/mmol", "0.11312"),
]


@pytest.mark.parametrize("rule", PROTEINURIA_RULES)
@settings(max_examples=60)
@given(
    value=st.one_of(
        st.decimals(min_value="0", max_value="3", places=3),
        st.sampled_from(["0.5", "1.0", "0.2", "0.499", "0.501"]).map(Decimal),
    ),
    unit=st.sampled_from(UPCR_UNITS),
    specimen=st.sampled_from([None, "spot", "first_morning", "24h"]),
)
def test_upcr_unit_including_mg_per_mmol_does_not_change_the_verdict(
    rule: str, value: Decimal, unit: tuple[str, str], specimen: str | None
) -> None:
    name, factor = unit
    base = {
        "upcr": {"value": format(value, "f"), "unit": "g/g", "specimen": specimen},
        "previous_upcr": [{"value": format(value, "f"), "unit": "g/g", "specimen": specimen}],
        "dipstick_protein": "negative",
        "has_glomerular_haematuria": True,
        "has_unexplained_decline": False,
    }
    scaled_value = format(value * Decimal(factor), "f")
    other = {
        **base,
        "upcr": {"value": scaled_value, "unit": name, "specimen": specimen},
        "previous_upcr": [{"value": scaled_value, "unit": name, "specimen": specimen}],
    }
    first = assess(base, rule)
    second = assess(other, rule)
    assert second.verdict == first.verdict
    assert second.detail("fired") == first.detail("fired")
    assert second.missing_inputs == first.missing_inputs


EARLIER_RULES = ("eular-2019-biopsy", "eular-2012-biopsy", "acr-2012-biopsy")


@pytest.mark.parametrize("rule", EARLIER_RULES)
@settings(max_examples=50)
@given(
    data=findings_dicts(),
    extra_upcr=st.lists(st.sampled_from(["0.1 g/g", "0.5 g/g", "1.2 g/g"]), max_size=2),
    extra_24h=st.lists(st.sampled_from(["0.1 g/d", "0.5 g/d", "1.2 g/d"]), max_size=2),
)
def test_more_earlier_measurements_never_lower_the_verdict(
    rule: str, data: dict[str, Any], extra_upcr: list[str], extra_24h: list[str]
) -> None:
    # an earlier value below the threshold does not refute persistence (it may be new
    # proteinuria), so adding earlier values can only establish it, never undo a verdict
    base = verdict(data, rule)
    more = {
        **data,
        "previous_upcr": [*data.get("previous_upcr", []), *extra_upcr],
        "previous_protein_24h": [*data.get("previous_protein_24h", []), *extra_24h],
    }
    after = verdict(more, rule)
    assert RANK[after] >= RANK[base]
    if base == INDICATED:
        assert after == INDICATED


@pytest.mark.parametrize("rule", PROTEINURIA_RULES)
@settings(max_examples=50)
@given(data=findings_dicts(), choice=st.data())
def test_a_missing_datum_never_yields_indicated_that_the_datum_would_undo(
    rule: str, data: dict[str, Any], choice: st.DataObject
) -> None:
    # Kleene soundness for the positive verdict: if the findings without one field already
    # indicate a biopsy, knowing that field cannot take the indication away
    if not data:
        return
    dropped = choice.draw(st.sampled_from(sorted(data)))
    partial = {k: v for k, v in data.items() if k != dropped}
    if verdict(partial, rule) == INDICATED:
        assert verdict(data, rule) == INDICATED
