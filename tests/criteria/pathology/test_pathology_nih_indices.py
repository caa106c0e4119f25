"""Modified NIH activity and chronicity indices: bands, weights, range, missing data."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lupus_nephritis.criteria.pathology.api import (
    compute_nih_activity_index,
    compute_nih_chronicity_index,
)
from lupus_nephritis.criteria.pathology.models import KidneyBiopsy
from lupus_nephritis.criteria.pathology.nih_indices import PARAMETERS, score_percent
from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import InputError, OptionError
from lupus_nephritis.registry import get_rule_set

RULE = "nih-activity-chronicity-2018"
ACTIVITY_FIELDS = tuple(i.field for i in PARAMETERS.activity)
CHRONICITY_FIELDS = tuple(i.field for i in PARAMETERS.chronicity)


@pytest.mark.parametrize(
    ("percent", "score"),
    [
        ("0", 0),
        ("0.01", 1),
        ("24.99", 1),
        ("25", 2),
        ("25.01", 2),
        ("49.99", 2),
        ("50", 2),
        ("50.01", 3),
        ("100", 3),
    ],
)
def test_band_edges_25_and_50_both_score_2(percent: str, score: int) -> None:
    assert score_percent(Fraction(percent)) == score


@pytest.mark.parametrize("bad", ["-0.1", "100.1"])
def test_band_scoring_rejects_impossible_percentages(bad: str) -> None:
    with pytest.raises(InputError):
        score_percent(Fraction(bad))


def test_doubled_items_are_fibrinoid_necrosis_and_crescents() -> None:
    weights = {i.field: i.weight for i in PARAMETERS.activity}
    assert weights == {
        "endocapillary_hypercellularity": 1,
        "neutrophils_karyorrhexis": 1,
        "fibrinoid_necrosis": 2,
        "hyaline_deposits": 1,
        "cellular_fibrocellular_crescents": 2,
        "interstitial_inflammation": 1,
    }
    assert all(i.weight == 1 for i in PARAMETERS.chronicity)


def test_maximum_activity_is_24_and_chronicity_is_12() -> None:
    activity = compute_nih_activity_index(dict.fromkeys(ACTIVITY_FIELDS, 3))
    chronicity = compute_nih_chronicity_index(dict.fromkeys(CHRONICITY_FIELDS, 3))
    assert (activity.total, activity.maximum) == (24, 24)
    assert (chronicity.total, chronicity.maximum) == (12, 12)


def test_percentages_and_scores_mix_with_weights() -> None:
    index = compute_nih_activity_index(
        {
            "endocapillary_hypercellularity": "60 %",  # 3
            "neutrophils_karyorrhexis": 1,  # 1
            "fibrinoid_necrosis": "10 %",  # 1 x2
            "hyaline_deposits": 0,  # 0
            "cellular_fibrocellular_crescents": "25 %",  # 2 x2
            "interstitial_inflammation": {"value": "50", "unit": "%"},  # 2
        }
    )
    assert index.total == 3 + 1 + 2 + 0 + 4 + 2
    crescents = next(c for c in index.components if c.id == "cellular-fibrocellular-crescents")
    assert (crescents.score, crescents.weighted, str(crescents.percent)) == (2, 4, "25")


def test_missing_component_gives_no_total_but_bounds() -> None:
    index = compute_nih_chronicity_index(
        {"glomerulosclerosis": 2, "fibrous_crescents": 0, "tubular_atrophy": "30 %"}
    )
    assert index.total is None
    assert not index.is_complete
    assert index.missing == ("interstitial-fibrosis",)
    assert (index.minimum_possible, index.maximum_possible) == (4, 7)
    decision = index.to_decision()
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs == ("chronicity.interstitial_fibrosis",)


def test_no_components_at_all() -> None:
    index = compute_nih_activity_index(KidneyBiopsy())
    assert index.total is None
    assert (index.minimum_possible, index.maximum_possible) == (0, 24)
    assert len(index.missing) == 6


@pytest.mark.parametrize(
    "bad",
    [
        {"fibrinoid_necrosis": 4},
        {"fibrinoid_necrosis": -1},
        {"fibrinoid_necrosis": True},
        {"fibrinoid_necrosis": 1.5},
        {"fibrinoid_necrosis": "120 %"},
        {"fibrinoid_necrosis": "30"},
        {"fibrinoid_necrosis": {"score": 1, "percent": "10 %"}},
        {"fibrinoid_necrosis": {}},
        {"necrosis": 1},
    ],
)
def test_out_of_range_or_malformed_components_are_rejected(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        compute_nih_activity_index(bad)


def test_unsupported_input_type_raises_input_error() -> None:
    with pytest.raises(InputError):
        compute_nih_activity_index([1, 2, 3])  # type: ignore[arg-type]


def test_registered_rule_set_scores_both_indices() -> None:
    rule_set = get_rule_set(RULE)
    assert rule_set.kind.value == "pathology"
    evaluate = rule_set.evaluate
    assert evaluate is not None
    biopsy = {
        "activity": dict.fromkeys(ACTIVITY_FIELDS, 1),
        "chronicity": dict.fromkeys(CHRONICITY_FIELDS, "60 %"),
    }
    decision = evaluate(biopsy)
    assert decision.verdict == "scored"
    assert decision.detail("activity_index") == 8
    assert decision.detail("chronicity_index") == 12
    assert Decision.from_json(decision.to_json()) == decision
    only = evaluate({"activity": biopsy["activity"]}, indices="activity")
    assert only.verdict == "scored"
    assert only.detail("chronicity_index") is None
    with pytest.raises(OptionError):
        evaluate(biopsy, indices="all")


def test_registered_rule_set_with_missing_components_is_not_evaluable() -> None:
    evaluate = get_rule_set(RULE).evaluate
    assert evaluate is not None
    decision = evaluate({"activity": {"fibrinoid_necrosis": 2}})
    assert decision.verdict == "not_evaluable"
    assert "activity.hyaline_deposits" in decision.missing_inputs
    assert "chronicity.tubular_atrophy" in decision.missing_inputs
    assert decision.criterion("fibrinoid-necrosis").observed == 4


component = st.one_of(
    st.integers(0, 3),
    st.decimals(min_value="0", max_value="100", places=2).map(lambda d: f"{d} %"),
)


@settings(max_examples=100)
@given(values=st.fixed_dictionaries(dict.fromkeys(ACTIVITY_FIELDS, component)))
def test_activity_total_is_the_weighted_sum_within_range(values: dict[str, Any]) -> None:
    index = compute_nih_activity_index(values)
    assert index.total is not None
    assert 0 <= index.total <= 24
    scores = [c.score for c in index.components]
    assert all(s is not None and 0 <= s <= 3 for s in scores)
    weights = [i.weight for i in PARAMETERS.activity]
    assert index.total == sum((s or 0) * w for s, w in zip(scores, weights, strict=True))
    assert index.minimum_possible == index.total == index.maximum_possible


@settings(max_examples=100)
@given(
    values=st.dictionaries(st.sampled_from(CHRONICITY_FIELDS), component, max_size=4),
)
def test_chronicity_bounds_contain_every_completion(values: dict[str, Any]) -> None:
    index = compute_nih_chronicity_index(values)
    assert 0 <= index.minimum_possible <= index.maximum_possible <= 12
    low = compute_nih_chronicity_index({f: values.get(f, 0) for f in CHRONICITY_FIELDS})
    high = compute_nih_chronicity_index({f: values.get(f, 3) for f in CHRONICITY_FIELDS})
    assert low.total == index.minimum_possible
    assert high.total == index.maximum_possible
    if len(values) == 4:
        assert index.total == index.minimum_possible


@settings(max_examples=100)
@given(
    low=st.decimals(min_value="0", max_value="100", places=2),
    high=st.decimals(min_value="0", max_value="100", places=2),
)
def test_band_score_is_monotone_in_the_percentage(low: Any, high: Any) -> None:
    low, high = sorted((low, high))
    assert score_percent(Fraction(low)) <= score_percent(Fraction(high))


#: The published weights, typed independently of the library's parameters: fibrinoid
#: necrosis and cellular/fibrocellular crescents count double in the activity index.
PUBLISHED_ACTIVITY_WEIGHTS = {
    "endocapillary_hypercellularity": 1,
    "neutrophils_karyorrhexis": 1,
    "fibrinoid_necrosis": 2,
    "hyaline_deposits": 1,
    "cellular_fibrocellular_crescents": 2,
    "interstitial_inflammation": 1,
}
PUBLISHED_CHRONICITY_FIELDS = {
    "glomerulosclerosis",
    "fibrous_crescents",
    "tubular_atrophy",
    "interstitial_fibrosis",
}


@settings(max_examples=100)
@given(values=st.fixed_dictionaries(dict.fromkeys(PUBLISHED_ACTIVITY_WEIGHTS, st.integers(0, 3))))
def test_activity_total_equals_the_published_weighted_sum(values: dict[str, int]) -> None:
    index = compute_nih_activity_index(values)
    expected = sum(PUBLISHED_ACTIVITY_WEIGHTS[f] * score for f, score in values.items())
    assert index.total == expected
    assert 0 <= expected <= 24
    assert index.maximum == 24


@settings(max_examples=100)
@given(
    values=st.fixed_dictionaries(
        dict.fromkeys(
            sorted(PUBLISHED_CHRONICITY_FIELDS),
            st.one_of(
                st.integers(0, 3),
                st.decimals(min_value="0", max_value="100", places=2).map(lambda d: f"{d} %"),
            ),
        )
    )
)
def test_chronicity_total_is_the_unweighted_sum_within_range(values: dict[str, Any]) -> None:
    assert set(CHRONICITY_FIELDS) == PUBLISHED_CHRONICITY_FIELDS
    index = compute_nih_chronicity_index(values)
    scores = {c.id.replace("-", "_"): c.score for c in index.components}
    assert all(s is not None and 0 <= s <= 3 for s in scores.values())
    assert index.total == sum(s or 0 for s in scores.values())
    assert index.total is not None and 0 <= index.total <= 12
    assert index.maximum == 12
