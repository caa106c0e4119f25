from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.decisions import (
    Criterion,
    Decision,
    Evidence,
    ResponseCategory,
    dumps,
    loads,
)
from lupus_nephritis.errors import InputError
from lupus_nephritis.logic import Outcome


def _criterion(observed: object = Decimal("0.8")) -> Criterion:
    return Criterion(
        id="upcr",
        label="UPCR below 0.5 g/g",
        outcome=Outcome.NOT_MET,
        observed=observed,
        observed_unit="g/g",
        comparator="<",
        threshold=Decimal("0.5"),
        threshold_unit="g/g",
        source_id="kdigo-2024-ln",
        evidence=[Evidence("upcr", date(2024, 3, 1), "v2", Decimal("0.8"), "g/g", "24h")],
    )


def test_decision_summary_is_generated_from_criteria() -> None:
    decision = Decision(
        "kdigo-2024", "1.0.0", "response", ResponseCategory.NONE, [_criterion()], ["egfr"]
    )
    assert decision.summary == (
        "kdigo-2024@1.0.0: none - UPCR below 0.5 g/g (0.8 g/g < 0.5 g/g): not met (missing: egfr)"
    )
    assert decision.verdict == ResponseCategory.NONE
    assert decision.rule_set == "kdigo-2024@1.0.0"


def test_criterion_lookup_and_details() -> None:
    child = _criterion()
    parent = Criterion("kidney", "kidney function", Outcome.UNKNOWN, children=[child])
    decision = Decision("x", "1.0.0", "response", "none", [parent], details={"baseline": 3})
    assert decision.criterion("upcr") is child
    assert decision.detail("baseline") == Decimal(3)
    assert decision.detail("absent") is None
    with pytest.raises(KeyError):
        decision.criterion("nope")


def test_decisions_are_immutable() -> None:
    decision = Decision("x", "1.0.0", "response", "none")
    with pytest.raises(AttributeError):
        decision.verdict = "complete"  # type: ignore[misc]


def test_json_round_trip_is_lossless_and_exact() -> None:
    decision = Decision(
        "aurora-1",
        "1.0.0",
        "response",
        ResponseCategory.COMPLETE,
        [_criterion(Fraction(1, 3)), _criterion(True), _criterion("class IV")],
        missing_inputs=("x",),
        flags=("spot-upcr-used",),
        policy="non-responder",
        options={"band": Decimal("15"), "method": "window", "strict": False},
        assessed_on=date(2025, 1, 1),
        details={"ratio": Decimal("0.85")},
        source_ids=("aurora-1",),
        subject="voclosporin",
    )
    text = decision.to_json()
    assert '"ratio": 0.85' in text
    assert '"observed": 0.333333333333' in text
    again = Decision.from_json(text)
    assert again == decision
    assert again.to_json() == text
    assert Decision.from_json(decision.to_json(indent=2)) == decision


def test_json_is_deterministic() -> None:
    a = Decision("x", "1.0.0", "response", "none", [_criterion()]).to_json()
    b = Decision("x", "1.0.0", "response", "none", [_criterion()]).to_json()
    assert a == b


def test_unsupported_values_raise_documented_error() -> None:
    with pytest.raises(InputError):
        Criterion("a", "a", Outcome.MET, observed=object())  # type: ignore[arg-type]
    with pytest.raises(InputError):
        dumps({"a": object()})


def test_loads_reads_numbers_as_decimal() -> None:
    assert loads('{"a": 0.1, "b": 2}') == {"a": Decimal("0.1"), "b": Decimal(2)}


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=10),
    st.decimals(allow_nan=False, allow_infinity=False, places=6, min_value=-1e6, max_value=1e6),
    st.fractions(max_denominator=1000).filter(lambda f: abs(f) < 10**6),
)


@settings(max_examples=100)
@given(scalars, scalars, st.lists(st.sampled_from(list(Outcome)), max_size=3))
def test_round_trip_property(observed: object, threshold: object, outs: list[Outcome]) -> None:
    criteria = [
        Criterion(f"c{i}", f"label {i}", o, observed=observed, threshold=threshold)
        for i, o in enumerate(outs)
    ]
    decision = Decision("x", "1.2.3", "response", "partial", criteria)
    assert Decision.from_json(decision.to_json()) == decision


def test_str_enum_observed_value_is_stored_as_its_plain_value() -> None:
    class Level(str, Enum):
        NONE = "none"

    criterion = Criterion(id="c", label="Level", outcome=Outcome.NOT_MET, observed=Level.NONE)
    assert type(criterion.observed) is str
    assert criterion.observed == "none"
    assert "(none)" in criterion.describe()
    decision = Decision(
        rule_set_id="x",
        rule_set_version="1.0.0",
        kind="eligibility",
        verdict="eligible",
        criteria=(criterion,),
    )
    again = Decision.from_json(decision.to_json())
    assert again.summary == decision.summary


@pytest.mark.parametrize(
    "text",
    [
        "nope",
        "{}",
        "[]",
        '{"rule_set_id": "a"}',
        '{"rule_set_id": "a", "rule_set_version": "1.0.0", "kind": "k", "verdict": "v",'
        ' "criteria": [{"id": "x"}]}',
        '{"rule_set_id": "a", "rule_set_version": "1.0.0", "kind": "k", "verdict": "v",'
        ' "assessed_on": "not-a-date"}',
    ],
)
def test_malformed_decision_json_raises_input_error(text: str) -> None:
    with pytest.raises(InputError):
        Decision.from_json(text)


def test_unknown_criterion_id_raises_package_error_that_is_also_a_key_error() -> None:
    from lupus_nephritis.errors import LupusNephritisError, UnknownCriterionError

    decision = Decision(
        rule_set_id="x",
        rule_set_version="1.0.0",
        kind="response",
        verdict="none",
        criteria=(_criterion(),),
    )
    assert decision.criterion("upcr").id == "upcr"
    with pytest.raises(UnknownCriterionError) as caught:
        decision.criterion("no-such-criterion")
    assert isinstance(caught.value, LupusNephritisError)
    assert isinstance(caught.value, KeyError)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"id": "a"},
        {"id": "a", "label": "b", "outcome": "no-such-outcome"},
        {"id": "a", "label": "b", "outcome": "met", "evidence": [{"bogus": 1}]},
    ],
)
def test_malformed_criterion_mapping_raises_input_error(data: dict[str, object]) -> None:
    with pytest.raises(InputError):
        Criterion.from_dict(data)


def test_summary_shows_the_values_of_composite_criteria() -> None:
    child = _criterion()
    parent = Criterion(
        "complete", "Complete response", Outcome.NOT_MET, comparator="all", children=[child]
    )
    decision = Decision("kdigo-2024", "1.0.0", "response", "none", [parent])
    assert decision.summary == (
        "kdigo-2024@1.0.0: none - Complete response: not met "
        "[UPCR below 0.5 g/g (0.8 g/g < 0.5 g/g): not met]"
    )
    assert parent.summarize().endswith("(0.8 g/g < 0.5 g/g): not met]")


def test_to_row_has_one_text_column_per_detail_after_the_criteria() -> None:
    decision = Decision(
        rule_set_id="kdigo-2024",
        rule_set_version="1.1.0",
        kind="response",
        verdict=ResponseCategory.COMPLETE,
        criteria=[_criterion()],
        details={
            "late_response": True,
            "on_time": False,
            "first_response_on": "2025-03-01",
            "visits": Decimal("1E+1"),
            "unknown": None,
        },
    )
    row = decision.to_row()
    assert list(row)[-6:] == [
        "CRIT_upcr",
        "DTL_late_response",
        "DTL_on_time",
        "DTL_first_response_on",
        "DTL_visits",
        "DTL_unknown",
    ]
    assert row["DTL_late_response"] == "true"
    assert row["DTL_on_time"] == "false"
    assert row["DTL_first_response_on"] == "2025-03-01"
    assert row["DTL_visits"] == "10"
    assert row["DTL_unknown"] is None
