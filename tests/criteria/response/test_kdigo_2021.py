from __future__ import annotations

import pytest
from _response_courses import course

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import OptionError
from lupus_nephritis.logic import Outcome

ID = "kdigo-2021"


def classify(data: dict, **options: object) -> Decision:
    return classify_renal_response(data, ID, **options)  # type: ignore[arg-type]


def test_upcr_boundaries_under_kdigo_2021() -> None:
    assert classify(course(cur_upcr="0.499")).verdict == "complete"
    assert classify(course(cur_upcr="0.5")).verdict == "partial"
    assert classify(course(cur_upcr="0.501")).verdict == "partial"
    assert classify(course(cur_upcr=None)).verdict == "not_evaluable"


def test_reduction_exactly_50_percent_is_partial_by_default_under_kdigo_2021() -> None:
    d = classify(course(base_upcr="2", cur_upcr="1"))
    assert d.verdict == "partial"
    assert d.criterion("upcr-reduction").comparator == ">="


def test_reduction_exactly_50_percent_is_none_with_strict_comparator_kdigo_2021() -> None:
    d = classify(course(base_upcr="2", cur_upcr="1"), partial_reduction_comparator=">")
    assert d.verdict == "none"
    assert d.criterion("upcr-reduction").outcome is Outcome.NOT_MET
    assert classify(
        course(base_upcr="2", cur_upcr="0.998"), partial_reduction_comparator=">"
    ).verdict == ("partial")


def test_reduction_just_below_50_percent_is_none_under_kdigo_2021() -> None:
    assert classify(course(base_upcr="2", cur_upcr="1.002")).verdict == "none"


def test_upcr_3_ceiling_under_kdigo_2021() -> None:
    assert classify(course(base_upcr="8", cur_upcr="2.999")).verdict == "partial"
    assert classify(course(base_upcr="8", cur_upcr="3")).verdict == "none"
    assert classify(course(base_upcr="8", cur_upcr="3.001")).verdict == "none"


def test_stability_band_boundaries_under_kdigo_2021() -> None:
    assert classify(course(base_egfr="100", cur_egfr="85")).verdict == "complete"
    assert classify(course(base_egfr="100", cur_egfr="84.9")).verdict == "none"
    assert classify(course(base_egfr="100", cur_egfr="89.9"), stability_band=10).verdict == "none"
    assert classify(course(base_egfr=None)).verdict == "not_evaluable"


def test_kdigo_2021_cites_its_own_guideline() -> None:
    d = classify(course())
    assert d.source_ids == ("kdigo-2021-gd",)
    assert d.criterion("upcr-complete").source_id == "kdigo-2021-gd"
    assert d.rule_set == "kdigo-2021@1.0.0"


def test_invalid_comparator_is_refused_under_kdigo_2021() -> None:
    with pytest.raises(OptionError):
        classify(course(), partial_reduction_comparator="<")


# ------------------------------------------------------------------ review additions


def test_stability_band_10_at_and_inside_under_kdigo_2021() -> None:
    d = classify(course(base_egfr="100", cur_egfr="90"), stability_band=10)
    assert d.criterion("kidney-function").outcome is Outcome.MET
    assert d.verdict == "complete"
    assert classify(course(base_egfr="100", cur_egfr="90.1"), stability_band=10).verdict == (
        "complete"
    )


def test_strict_comparator_just_below_50_percent_is_none_under_kdigo_2021() -> None:
    d = classify(course(base_upcr="2", cur_upcr="1.002"), partial_reduction_comparator=">")
    assert d.criterion("upcr-reduction").outcome is Outcome.NOT_MET
    assert d.verdict == "none"


def test_strict_comparator_with_missing_baseline_is_not_evaluable_under_kdigo_2021() -> None:
    d = classify(course(base_upcr=None, cur_upcr="1"), partial_reduction_comparator=">")
    assert d.verdict == "not_evaluable"
    assert "baseline.upcr" in d.missing_inputs


def test_egfr_improvement_is_never_penalised_under_kdigo_2021() -> None:
    assert classify(course(base_egfr="30", cur_egfr="95"), stability_band=10).verdict == (
        "complete"
    )


def test_spot_upcr_is_flagged_provisional_under_kdigo_2021() -> None:
    d = classify(course(specimen="first_morning"))
    assert d.verdict == "complete"
    assert {"spot-upcr-used", "provisional"} <= set(d.flags)


def test_window_first_and_last_day_under_kdigo_2021() -> None:
    from datetime import timedelta

    from _response_courses import W26, W52

    for offset, expected in ((-28, "complete"), (28, "complete"), (-29, "not_evaluable")):
        assert classify(course(day=W52 + timedelta(days=offset))).verdict == expected
        shifted = course(day=W26 + timedelta(days=offset))
        assert classify(shifted, time_point="month-6").verdict == expected
    assert classify(course(day=W52 + timedelta(days=29))).verdict == "not_evaluable"
