"""Shared helpers and hypothesis strategies for the biopsy-indication tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from lupus_nephritis.criteria.biopsy.api import assess_biopsy_indication
from lupus_nephritis.decisions import Decision

INDICATED = "indicated"
NOT_INDICATED = "not_indicated"
INSUFFICIENT = "insufficient_data"

#: Order used by the monotonicity properties.
RANK = {NOT_INDICATED: 0, INSUFFICIENT: 1, INDICATED: 2}

#: Every biopsy rule-set id (each is also exercised in its own test module).
ALL_BIOPSY_IDS = (
    "kdigo-2021-biopsy",
    "kdigo-2024-biopsy",
    "eular-2012-biopsy",
    "eular-2019-biopsy",
    "acr-2012-biopsy",
    "acr-2024-biopsy",
    "acr-2024-repeat-biopsy",
    "seed-review-2024-biopsy",
)

NORMAL_EGFR = "95 mL/min/{1.73_m2}"


def assess(findings: dict[str, Any], guideline: str, **options: Any) -> Decision:
    return assess_biopsy_indication(findings, guideline, **options)


def verdict(findings: dict[str, Any], guideline: str, **options: Any) -> str:
    return assess(findings, guideline, **options).verdict


def outcome(decision: Decision, criterion_id: str) -> str:
    return decision.criterion(criterion_id).outcome.value


def no_kidney_signal(**extra: Any) -> dict[str, Any]:
    """Normal, stable, explained-nothing kidney function (every function criterion not met)."""
    data: dict[str, Any] = {
        "egfr": NORMAL_EGFR,
        "has_unexplained_decline": False,
        "has_impaired_kidney_function": False,
    }
    data.update(extra)
    return data


# ----------------------------------------------------------------------------- strategies


def _decimal_text(low: str, high: str, places: int) -> st.SearchStrategy[str]:
    return st.decimals(min_value=low, max_value=high, places=places).map(lambda d: format(d, "f"))


upcr_text = _decimal_text("0", "4", 2)
protein_text = _decimal_text("0", "4", 2)
egfr_text = _decimal_text("5", "130", 1)
percent_text = _decimal_text("0", "40", 1)
grades = st.sampled_from(["negative", "trace", "1+", "2+", "3+", "4+"])
gravities = st.sampled_from(["1.002", "1.005", "1.009", "1.010", "1.011", "1.020", "1.030"])
bools = st.sampled_from([True, False, None])
specimens = st.sampled_from([None, "spot", "first_morning", "24h"])
#: A UPCR as compact text (specimen unreported) or as a mapping with a specimen.
upcr_values: st.SearchStrategy[Any] = st.one_of(
    upcr_text.map(lambda v: f"{v} g/g"),
    st.builds(lambda v, s: {"value": v, "unit": "g/g", "specimen": s}, upcr_text, specimens),
)


@st.composite
def findings_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """Random findings: every measurement and statement optional."""
    data: dict[str, Any] = {}

    def maybe(name: str, strategy: st.SearchStrategy[Any]) -> None:
        if draw(st.booleans()):
            data[name] = draw(strategy)

    maybe("upcr", upcr_values)
    maybe("protein_24h", protein_text.map(lambda v: f"{v} g/d"))
    maybe("dipstick_protein", grades)
    maybe("urine_specific_gravity", gravities)
    maybe("acanthocytes", percent_text.map(lambda v: f"{v} %"))
    maybe("urine_rbc", _decimal_text("0", "30", 0).map(lambda v: f"{v} /[HPF]"))
    maybe("egfr", egfr_text.map(lambda v: f"{v} mL/min/{{1.73_m2}}"))
    maybe("previous_upcr", st.lists(upcr_values, max_size=2))
    maybe("previous_protein_24h", st.lists(protein_text.map(lambda v: f"{v} g/d"), max_size=2))
    for name in (
        "has_red_cell_casts",
        "has_white_cell_casts",
        "is_proteinuria_persistent",
        "has_glomerular_haematuria",
        "is_sediment_confirmed",
        "has_impaired_kidney_function",
    ):
        maybe(name, bools)
    if draw(st.booleans()):
        data["explaining_causes"] = ["volume depletion"]
        maybe("are_other_causes_excluded", st.sampled_from([False, None]))
        maybe("has_unexplained_decline", st.sampled_from([False, None]))
    else:
        maybe("are_other_causes_excluded", bools)
        maybe("has_unexplained_decline", bools)
    return data


def scaled(data: dict[str, Any], factor: str) -> dict[str, Any]:
    """The same findings with UPCR and 24-hour protein multiplied by ``factor`` (>= 1)."""
    from decimal import Decimal

    out = dict(data)
    for name in ("upcr", "protein_24h"):
        if name in out:
            given = out[name]
            if isinstance(given, dict):
                value, unit = given["value"], given["unit"]
            else:
                value, unit = given.split(" ", 1)
            new = format(min(Decimal(value) * Decimal(factor), Decimal("29")), "f")
            out[name] = {**given, "value": new} if isinstance(given, dict) else f"{new} {unit}"
    return out


def raised_dipstick(data: dict[str, Any], steps: int) -> dict[str, Any]:
    order = ["negative", "trace", "1+", "2+", "3+", "4+"]
    out = dict(data)
    if "dipstick_protein" in out:
        index = min(order.index(out["dipstick_protein"]) + steps, len(order) - 1)
        out["dipstick_protein"] = order[index]
    return out
