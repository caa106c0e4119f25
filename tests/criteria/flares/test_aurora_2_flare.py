"""AURORA 2 renal flare: adequate response, buckets, references, missing data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis.criteria.flares.api import detect_renal_flares
from lupus_nephritis.criteria.flares.aurora_2_flare import find_adequate_response
from lupus_nephritis.decisions import Decision
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import TreatmentCourse

ID = "aurora-2-flare"


def course(*upcrs: str | None, baseline: str | None = None) -> dict[str, Any]:
    visits = []
    for n, value in enumerate(upcrs):
        visit: dict[str, Any] = {"date": date(2024, 3 + n, 1).isoformat(), "id": f"v{n + 1}"}
        if value is not None:
            visit["upcr"] = f"{value} mg/mg"
        visits.append(visit)
    data: dict[str, Any] = {"start_date": "2024-01-01", "visits": visits}
    if baseline is not None:
        data["baseline"] = {"date": "2024-01-01", "upcr": f"{baseline} mg/mg"}
    return data


def verdict(*upcrs: str | None, **opts: Any) -> str:
    return detect_renal_flares(course(*upcrs), ID, **opts).verdict


# ------------------------------------------------------------------- adequate response


def test_upcr_exactly_0_7_confirmed_is_an_adequate_response() -> None:
    decision = detect_renal_flares(course("0.7", "0.7", "0.5"), ID)
    assert decision.detail("adequate_response") == "met"
    assert decision.detail("adequate_response_on") == "2024-03-01"


def test_upcr_just_above_0_7_is_no_adequate_response_and_no_flare() -> None:
    decision = detect_renal_flares(course("0.71", "0.8", "2.5"), ID)
    assert decision.verdict == "none"
    assert "no-adequate-response" in decision.flags


def test_unconfirmed_response_is_not_evaluable_by_default() -> None:
    decision = detect_renal_flares(course("1.5", "0.6"), ID)
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs == ("confirming upcr after 2024-04-01",)


def test_single_measurement_option_accepts_an_unconfirmed_response() -> None:
    decision = detect_renal_flares(
        course("0.6", "2.5"), ID, adequate_response_confirmation="single-measurement"
    )
    assert decision.verdict == "flare"


def test_response_not_confirmed_moves_to_the_next_candidate() -> None:
    # 0.6 then 0.9 (not confirmed), then 0.5 and 0.4 (confirmed)
    result = find_adequate_response(
        TreatmentCourse.model_validate(course("0.6", "0.9", "0.5", "0.4")), until=None
    )
    assert result.outcome is Outcome.MET
    assert result.visit is not None and result.visit.id == "v3"


def test_upcr_missing_everywhere_is_not_evaluable_not_a_silent_none() -> None:
    # no UPCR after the baseline: whether an adequate response (and so a flare) happened is
    # unknown, not "no"
    decision = detect_renal_flares(course(None, None), ID)
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs == ("follow-up upcr",)
    assert "no-adequate-response" not in decision.flags
    assert decision.criterion("adequate-response").outcome is Outcome.UNKNOWN


def test_upcr_measured_but_never_at_or_below_0_7_is_no_adequate_response() -> None:
    decision = detect_renal_flares(course("0.71", None, "0.9"), ID)
    assert decision.verdict == "none"
    assert "no-adequate-response" in decision.flags
    assert decision.criterion("adequate-response").outcome is Outcome.NOT_MET


def test_at_before_any_follow_up_upcr_is_not_evaluable() -> None:
    decision = detect_renal_flares(course("0.5", "0.4", "1.5"), ID, at=date(2024, 2, 1))
    assert decision.verdict == "not_evaluable"
    assert decision.missing_inputs == ("follow-up upcr",)


# ------------------------------------------------------------------- buckets


@pytest.mark.parametrize(
    ("nadir", "peak", "expected"),
    [
        ("0.19", "1", "none"),  # low bucket, exactly 1: not above 1
        ("0.19", "1.01", "flare"),  # just above 1
        ("0.19", "0.99", "none"),
        ("0.2", "1.5", "none"),  # 0.2 belongs to the second bucket: needs > 2
        ("0.2", "2", "none"),  # exactly 2
        ("0.2", "2.01", "flare"),
        ("0.5", "1.99", "none"),
        ("0.5", "3", "flare"),
    ],
)
def test_flare_buckets_under_aurora_2(nadir: str, peak: str, expected: str) -> None:
    assert verdict("0.7", nadir, nadir, peak) == expected


def test_flare_is_flagged_as_not_adjudicated() -> None:
    decision = detect_renal_flares(course("0.5", "0.1", "1.2"), ID)
    assert decision.verdict == "flare"
    assert "numeric-rule-not-adjudicated" in decision.flags
    assert decision.detail("deciding_visit_date") == "2024-05-01"
    deciding = decision.criterion("visit-2")
    assert deciding.outcome is Outcome.MET
    bucket = deciding.find("post-response-upcr-low")
    assert bucket is not None
    assert bucket.outcome is Outcome.MET
    assert bucket.observed == Decimal("0.1")


# ------------------------------------------------------------------- reference rules


def test_response_visit_reference_versus_post_response_nadir() -> None:
    # response at 0.6 (second bucket), nadir 0.1 (first bucket), then 1.5
    c = course("0.6", "0.1", "1.5")
    assert detect_renal_flares(c, ID).verdict == "flare"
    assert detect_renal_flares(c, ID, reference="response-visit").verdict == "none"


def test_baseline_reference_uses_the_course_baseline() -> None:
    c = course("0.3", "1.5", baseline="0.1")
    assert detect_renal_flares(c, ID, reference="baseline").verdict == "flare"


def test_baseline_reference_above_1_is_outside_the_buckets_and_not_evaluable() -> None:
    c = course("0.3", "1.5", baseline="1.2")
    decision = detect_renal_flares(c, ID, reference="baseline")
    assert decision.verdict == "not_evaluable"
    assert decision.criterion("flare").outcome is Outcome.UNKNOWN
    lenient = detect_renal_flares(c, ID, reference="baseline", missing_data="measured-only")
    assert lenient.verdict == "none"


def test_baseline_reference_with_exactly_1_is_in_the_second_bucket() -> None:
    c = course("2.01", baseline="1.0")
    assert detect_renal_flares(c, ID, reference="baseline").verdict == "flare"


def test_baseline_reference_missing_is_not_evaluable() -> None:
    decision = detect_renal_flares(course("0.3", "1.5"), ID, reference="baseline")
    assert decision.verdict == "not_evaluable"
    assert any("post-response upcr" in m for m in decision.missing_inputs)


def test_at_excludes_later_visits_first_and_last_day() -> None:
    c = course("0.5", "0.1", "1.5")
    assert detect_renal_flares(c, ID, at=date(2024, 5, 1)).verdict == "flare"
    assert detect_renal_flares(c, ID, at=date(2024, 4, 30)).verdict == "none"


def test_round_trip_and_identity() -> None:
    decision = detect_renal_flares(course("0.5", "0.1", "1.5"), ID)
    assert Decision.from_json(decision.to_json()) == decision
    assert decision.rule_set == "aurora-2-flare@1.0.0"


# ------------------------------------------------------------------- properties


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(st.integers(min_value=0, max_value=400), min_size=2, max_size=6),
    style=st.sampled_from(["mg/mg", "g/g", "mg/g", "mg/mmol"]),
)
def test_verdict_is_identical_in_any_accepted_unit(values: list[int], style: str) -> None:
    as_mg_mg = [Decimal(v) / 100 for v in values]
    factor = {"mg/mg": 1, "g/g": 1, "mg/g": 1000, "mg/mmol": Decimal("113.12")}[style]
    visits = [
        {"date": date(2024, 3 + n, 1).isoformat(), "upcr": f"{v * factor} {style}"}
        for n, v in enumerate(as_mg_mg)
    ]
    reference = detect_renal_flares(course(*[str(v) for v in as_mg_mg]), ID).verdict
    other = detect_renal_flares({"start_date": "2024-01-01", "visits": visits}, ID).verdict
    assert other == reference


@settings(max_examples=60, deadline=None)
@given(peak=st.integers(min_value=0, max_value=500), more=st.integers(min_value=0, max_value=200))
def test_raising_the_later_upcr_never_removes_a_flare(peak: int, more: int) -> None:
    low = Decimal(peak) / 100
    high = low + Decimal(more) / 100
    v_low = verdict("0.5", "0.15", str(low))
    v_high = verdict("0.5", "0.15", str(high))
    if v_low == "flare":
        assert v_high == "flare"


@pytest.mark.parametrize(
    ("nadir", "peak", "expected"),
    [
        ("0", "1.01", "flare"),  # zero post-response UPCR is in the low bucket
        ("0.199", "1.01", "flare"),  # just inside the low bucket
        ("0.201", "1.01", "none"),  # just inside the middle bucket: 1.01 is not > 2
        ("0.201", "2.001", "flare"),
    ],
)
def test_flare_bucket_edges_just_inside_and_outside(nadir: str, peak: str, expected: str) -> None:
    assert verdict("0.7", nadir, nadir, peak) == expected


def test_response_visit_reference_at_exactly_0_2_uses_the_second_bucket() -> None:
    c = course("0.2", "0.2", "1.5")
    assert detect_renal_flares(c, ID, reference="response-visit").verdict == "none"
    c = course("0.2", "0.2", "2.01")
    assert detect_renal_flares(c, ID, reference="response-visit").verdict == "flare"


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(
        st.one_of(st.none(), st.integers(min_value=0, max_value=300)), min_size=1, max_size=6
    )
)
def test_removing_every_upcr_never_gives_a_known_verdict(values: list[int | None]) -> None:
    upcrs = [None if v is None else str(Decimal(v) / 100) for v in values]
    full = detect_renal_flares(course(*upcrs), ID).verdict
    emptied = detect_renal_flares(course(*[None for _ in upcrs]), ID).verdict
    assert emptied == "not_evaluable"
    assert full in ("flare", "none", "not_evaluable")
