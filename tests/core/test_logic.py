from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lupus_nephritis.logic import Outcome, all_of, any_of, negate

M, N, U = Outcome.MET, Outcome.NOT_MET, Outcome.UNKNOWN
outcomes = st.sampled_from(list(Outcome))


@pytest.mark.parametrize(
    ("a", "b", "conj", "disj"),
    [
        (M, M, M, M),
        (M, N, N, M),
        (M, U, U, M),
        (N, N, N, N),
        (N, U, N, U),
        (U, U, U, U),
    ],
)
def test_kleene_truth_tables(a: Outcome, b: Outcome, conj: Outcome, disj: Outcome) -> None:
    assert a & b is conj and b & a is conj
    assert a | b is disj and b | a is disj
    assert all_of([a, b]) is conj
    assert any_of([a, b]) is disj


def test_negation() -> None:
    assert ~M is N and ~N is M and ~U is U
    assert negate(U) is U


def test_empty_conjunction_and_disjunction() -> None:
    assert all_of([]) is M
    assert any_of([]) is N


def test_from_bool_keeps_missing_distinct_from_no() -> None:
    assert Outcome.from_bool(None) is U
    assert Outcome.from_bool(False) is N
    assert Outcome.from_bool(True) is M


def test_operators_reject_other_types() -> None:
    with pytest.raises(TypeError):
        _ = M & True  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = M | 1  # type: ignore[operator]


def test_str_and_is_known() -> None:
    assert str(N) == "not met"
    assert M.is_known and not U.is_known


@given(outcomes, outcomes, outcomes)
def test_kleene_laws(a: Outcome, b: Outcome, c: Outcome) -> None:
    assert a & b is b & a
    assert a | b is b | a
    assert (a & b) & c is a & (b & c)
    assert (a | b) | c is a | (b | c)
    assert a & (b | c) is (a & b) | (a & c)
    assert a | (b & c) is (a | b) & (a | c)
    assert ~(a & b) is ~a | ~b  # De Morgan
    assert ~(a | b) is ~a & ~b
    assert ~~a is a
    assert a & a is a and a | a is a


@given(st.lists(outcomes, max_size=6))
def test_unknown_never_turns_into_met_by_resolution(items: list[Outcome]) -> None:
    """Resolving UNKNOWNs can never contradict a decided result (monotonicity)."""
    conj, disj = all_of(items), any_of(items)
    unknown_positions = [i for i, o in enumerate(items) if o is U]
    for fill in itertools.product([M, N], repeat=len(unknown_positions)):
        resolved = list(items)
        for i, value in zip(unknown_positions, fill, strict=True):
            resolved[i] = value
        if conj is not U:
            assert all_of(resolved) is conj
        if disj is not U:
            assert any_of(resolved) is disj
