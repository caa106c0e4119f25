"""Modified PERR / CRR of cohort studies ("modified-perr", "modified-crr")."""

from __future__ import annotations

from typing import Any

import pytest
from _trial_courses import course

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision

PERR = "modified-perr"
CRR = "modified-crr"


def classify(c: dict[str, Any], definition: str, **opts: Any) -> Decision:
    return classify_renal_response(c, definition=definition, **opts)


def verdict(definition: str, **kw: Any) -> str:
    opts = kw.pop("opts", {})
    return classify(course(at_week=104, **kw), definition, **opts).verdict


@pytest.mark.parametrize(
    ("value", "expected"), [("0.7", "complete"), ("0.71", "none"), (None, "not_evaluable")]
)
def test_upcr_at_or_below_0_7_under_modified_perr(value: str | None, expected: str) -> None:
    assert verdict(PERR, upcr_value=value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("0.5", "complete"), ("0.51", "none"), (None, "not_evaluable")]
)
def test_upcr_exactly_0_5_is_complete_under_modified_crr(value: str | None, expected: str) -> None:
    assert verdict(CRR, upcr_value=value) == expected


@pytest.mark.parametrize(("current", "expected"), [("56", "complete"), ("55.9", "none")])
def test_egfr_20_percent_below_the_biopsy_value_passes_modified_perr(
    current: str, expected: str
) -> None:
    assert verdict(PERR, egfr=current, biopsy_egfr="70") == expected


@pytest.mark.parametrize(("current", "expected"), [("72", "complete"), ("71.9", "none")])
def test_egfr_10_percent_below_the_biopsy_value_passes_modified_crr(
    current: str, expected: str
) -> None:
    assert verdict(CRR, egfr=current, biopsy_egfr="80") == expected


@pytest.mark.parametrize(("current", "expected"), [("90", "complete"), ("89.9", "none")])
def test_egfr_floor_90_under_modified_crr(current: str, expected: str) -> None:
    assert verdict(CRR, egfr=current, biopsy_egfr="200") == expected


def test_biopsy_value_missing() -> None:
    assert verdict(PERR, egfr="80", biopsy_egfr=None) == "complete"
    decision = classify(course(at_week=104, egfr="80", biopsy_egfr=None), CRR)
    assert decision.verdict == "not_evaluable"
    assert "biopsy.egfr" in decision.missing_inputs


def test_reference_option_baseline() -> None:
    kw = {"egfr": "72", "biopsy_egfr": "100", "base_egfr": "80"}
    assert verdict(CRR, **kw) == "none"
    assert verdict(CRR, **kw, opts={"reference": "baseline"}) == "complete"


@pytest.mark.parametrize(
    ("protein", "expected"), [("0.7", "complete"), ("0.71", "none"), (None, "not_evaluable")]
)
def test_protein_24h_reading_in_g_per_day_as_published(protein: str | None, expected: str) -> None:
    opts = {"proteinuria_measure": "protein-24h"}
    assert verdict(PERR, upcr_value=None, protein_24h=protein, opts=opts) == expected


def test_upcr_reading_never_uses_the_24h_protein() -> None:
    decision = classify(course(at_week=104, upcr_value=None, protein_24h="0.1"), PERR)
    assert decision.verdict == "not_evaluable"
    assert decision.detail("proteinuria_measure") == "upcr"


@pytest.mark.parametrize(("offset", "expected"), [(14, "complete"), (15, "not_evaluable")])
def test_visit_window_edges_under_modified_perr(offset: int, expected: str) -> None:
    assert verdict(PERR, day_offset=offset) == expected


def test_modified_rule_sets_cite_both_cohorts() -> None:
    decision = classify(course(at_week=104), CRR)
    assert decision.source_ids == ("toronto-hopkins-mperr", "hk-cohort-mperr")
