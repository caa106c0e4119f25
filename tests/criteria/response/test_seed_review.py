from __future__ import annotations

import pytest
from _response_courses import W26, course

from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import OptionError
from lupus_nephritis.logic import Outcome

ID = "seed-review-2024"


def classify(data: dict, **options: object) -> Decision:
    return classify_renal_response(data, ID, **options)  # type: ignore[arg-type]


def test_upcr_exactly_0_5_is_complete_under_seed_review_2024() -> None:
    # the review states <= 0.5 (printed "mg/g", read as g/g)
    d = classify(course(cur_upcr="0.5"))
    assert d.verdict == "complete"
    assert d.criterion("upcr-complete").comparator == "<="
    assert d.criterion("upcr-complete").threshold_unit == "g/g"


def test_upcr_just_below_0_5_is_complete_under_seed_review_2024() -> None:
    assert classify(course(cur_upcr="0.499")).verdict == "complete"


def test_upcr_just_above_0_5_is_none_under_seed_review_2024() -> None:
    d = classify(course(cur_upcr="0.501"))
    assert d.verdict == "none"
    assert "partial-response-not-defined" in d.flags


def test_upcr_missing_is_not_evaluable_under_seed_review_2024() -> None:
    d = classify(course(cur_upcr=None))
    assert d.verdict == "not_evaluable"
    assert d.missing_inputs == ("assessment.upcr",)
    assert "partial-response-not-defined" not in d.flags


def test_egfr_band_20_boundaries_under_seed_review_2024() -> None:
    assert classify(course(base_egfr="100", cur_egfr="80")).verdict == "complete"
    assert classify(course(base_egfr="100", cur_egfr="79.9")).verdict == "none"
    assert classify(course(base_egfr="100", cur_egfr="80.1")).verdict == "complete"
    assert classify(course(base_egfr="100", cur_egfr="130")).verdict == "complete"


def test_egfr_band_10_boundaries_under_seed_review_2024() -> None:
    assert classify(course(base_egfr="100", cur_egfr="90"), stability_band=10).verdict == (
        "complete"
    )
    d = classify(course(base_egfr="100", cur_egfr="89.9"), stability_band=10)
    assert d.criterion("egfr-stable").outcome is Outcome.NOT_MET


def test_missing_egfr_is_not_evaluable_under_seed_review_2024() -> None:
    assert classify(course(base_egfr=None)).verdict == "not_evaluable"
    assert classify(course(cur_egfr=None)).verdict == "not_evaluable"


def test_seed_review_has_no_partial_response() -> None:
    d = classify(course(base_upcr="8", cur_upcr="1"))  # a KDIGO partial response
    assert d.verdict == "none"
    assert classify_renal_response(course(base_upcr="8", cur_upcr="1"), "kdigo-2024").verdict == (
        "partial"
    )


def test_month_6_time_point_under_seed_review_2024() -> None:
    assert classify(course(day=W26), time_point="month-6").verdict == "complete"


def test_invalid_band_is_refused_under_seed_review_2024() -> None:
    with pytest.raises(OptionError):
        classify(course(), stability_band=15)


# ------------------------------------------------------------------ review additions


def test_egfr_band_10_just_inside_under_seed_review_2024() -> None:
    d = classify(course(base_egfr="100", cur_egfr="90.1"), stability_band=10)
    assert d.criterion("egfr-stable").outcome is Outcome.MET
    assert d.verdict == "complete"


def test_upcr_in_mg_per_mmol_at_the_boundary_under_seed_review_2024() -> None:
    # 0.5 g/g = 56.56 mg/mmol exactly: <= holds at 56.56, not at 56.57
    assert classify(course(cur_upcr="56.56", unit="mg/mmol")).verdict == "complete"
    assert classify(course(cur_upcr="56.57", unit="mg/mmol")).verdict == "none"


def test_zero_reference_egfr_is_flagged_under_seed_review_2024() -> None:
    d = classify(course(base_egfr="0", cur_egfr="50"))
    assert d.verdict == "not_evaluable"
    assert "reference-zero" in d.flags


def test_seed_review_notes_explain_the_section_2_partial_wording() -> None:
    from lupus_nephritis.registry import get_rule_set

    notes = " ".join(get_rule_set(ID).notes)
    assert "section 2.6.4 states only a complete response" in notes
    assert "paraphrases KDIGO 2021 and EULAR 2019" in notes


def test_window_first_and_last_day_under_seed_review_2024() -> None:
    from datetime import timedelta

    from _response_courses import W52

    for offset, expected in ((-28, "complete"), (28, "complete"), (29, "not_evaluable")):
        assert classify(course(day=W52 + timedelta(days=offset))).verdict == expected
