"""A course- or call-level default specimen for UPCRs whose specimen is not reported."""

from __future__ import annotations

from typing import Any

import pytest

from lupus_nephritis import (
    InputError,
    Specimen,
    TreatmentCourse,
    classify_renal_response,
    compare_renal_response,
)
from lupus_nephritis.criteria.response._common import (
    FLAG_PROVISIONAL,
    FLAG_SPECIMEN_ASSUMED,
    FLAG_SPECIMEN_UNREPORTED,
    FLAG_SPOT_UPCR,
)

COURSE: dict[str, Any] = {
    "start_date": "2024-01-08",
    "baseline": {"date": "2024-01-08", "upcr": "3.2 g/g", "egfr": "78 mL/min/{1.73_m2}"},
    "visits": [{"date": "2025-01-06", "upcr": "0.4 g/g", "egfr": "84 mL/min/{1.73_m2}"}],
}


def test_without_a_default_an_unreported_specimen_is_provisional_under_kdigo_2024() -> None:
    decision = classify_renal_response(COURSE, "kdigo-2024")
    assert decision.verdict == "complete"
    assert FLAG_SPECIMEN_UNREPORTED in decision.flags
    assert FLAG_PROVISIONAL in decision.flags


def test_a_course_default_of_24h_is_not_provisional_and_is_flagged_assumed() -> None:
    decision = classify_renal_response({**COURSE, "default_upcr_specimen": "24h"}, "kdigo-2024")
    assert decision.verdict == "complete"
    assert decision.flags == (FLAG_SPECIMEN_ASSUMED,)
    evidence = decision.criterion("upcr-complete").evidence[0]
    assert evidence.note is not None and "assumed" in evidence.note


def test_a_call_level_default_overrides_the_course_default() -> None:
    course = {**COURSE, "default_upcr_specimen": "24h"}
    decision = classify_renal_response(course, "kdigo-2024", default_upcr_specimen="spot")
    assert FLAG_SPOT_UPCR in decision.flags
    assert FLAG_PROVISIONAL in decision.flags
    assert FLAG_SPECIMEN_ASSUMED in decision.flags


def test_a_reported_specimen_always_wins_over_the_default() -> None:
    visit = {**COURSE["visits"][0], "upcr": {"value": "0.4", "unit": "g/g", "specimen": "spot"}}
    course = {**COURSE, "visits": [visit]}
    decision = classify_renal_response(course, "kdigo-2024", default_upcr_specimen="24h")
    assert FLAG_SPOT_UPCR in decision.flags
    # the baseline (unreported) is assumed 24-h, the spot visit is not assumed
    assert FLAG_SPECIMEN_ASSUMED in decision.flags
    upcr = TreatmentCourse.model_validate(course).with_default_upcr_specimen("24h")
    assert upcr.visits[0].upcr is not None
    assert upcr.visits[0].upcr.specimen is Specimen.SPOT
    assert not upcr.visits[0].upcr.is_specimen_assumed
    assert upcr.baseline is not None and upcr.baseline.upcr is not None
    assert upcr.baseline.upcr.is_specimen_assumed


def test_compare_applies_the_default_to_every_definition() -> None:
    decisions = compare_renal_response(
        COURSE, ["kdigo-2024", "kdigo-2021"], default_upcr_specimen="24h"
    )
    assert all(FLAG_PROVISIONAL not in d.flags for d in decisions)
    assert all(FLAG_SPECIMEN_ASSUMED in d.flags for d in decisions)


def test_an_unknown_default_specimen_is_a_documented_error() -> None:
    with pytest.raises(InputError):
        classify_renal_response(COURSE, "kdigo-2024", default_upcr_specimen="urine")
    with pytest.raises(InputError):
        TreatmentCourse.model_validate({**COURSE, "default_upcr_specimen": "urine"})


def test_a_course_with_a_default_round_trips_through_json_keeping_assumed_specimens() -> None:
    course = TreatmentCourse.model_validate({**COURSE, "default_upcr_specimen": "24h"})
    dumped = course.model_dump(mode="json")
    assert dumped["baseline"]["upcr"]["specimen"] is None  # the assumption is not data
    again = TreatmentCourse.model_validate_json(course.model_dump_json())
    assert again == course
    assert again.baseline is not None and again.baseline.upcr is not None
    assert again.baseline.upcr.is_specimen_assumed


def test_no_default_leaves_the_course_unchanged() -> None:
    course = TreatmentCourse.model_validate(COURSE)
    assert course.with_default_upcr_specimen(None) is course
