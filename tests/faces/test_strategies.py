from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lupus_nephritis.errors import InputError
from lupus_nephritis.models import UPCR, Creatinine, TreatmentCourse, Visit
from lupus_nephritis.strategies import (
    implausible_values,
    measure_values,
    non_finite_numbers,
    treatment_courses,
    upcrs,
)
from lupus_nephritis.units import to_decimal


@settings(max_examples=50)
@given(measure_values("creatinine"))
def test_measure_values_are_valid_in_any_accepted_unit(data: dict[str, object]) -> None:
    assert Creatinine.model_validate(data).canonical > 0


@settings(max_examples=50)
@given(implausible_values("upcr"))
def test_implausible_values_are_rejected(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        UPCR.model_validate(data)


@settings(max_examples=20)
@given(non_finite_numbers())
def test_non_finite_numbers_are_rejected(value: float) -> None:
    with pytest.raises(InputError):
        to_decimal(value)


@settings(max_examples=30)
@given(upcrs())
def test_upcrs_have_a_specimen(upcr: UPCR) -> None:
    assert upcr.specimen is not None


@settings(max_examples=20)
@given(treatment_courses(max_visits=4))
def test_courses_are_valid_and_round_trip(course: TreatmentCourse) -> None:
    assert TreatmentCourse.model_validate_json(course.model_dump_json()) == course
    assert all(v.date > course.start_date for v in course.visits)


@settings(max_examples=20)
@given(st.from_type(Visit))
def test_entry_point_registers_type_strategies(visit: Visit) -> None:
    assert isinstance(visit, Visit)


VERDICTS = ("complete", "partial", "none", "not_evaluable")


@pytest.mark.parametrize(
    ("definition", "verdict"),
    [
        *(("kdigo-2024", v) for v in VERDICTS),
        *(("aurora-1", v) for v in VERDICTS),
        # a single-endpoint trial definition: met (complete) or not met (none)
        *(("bliss-ln-perr", v) for v in ("complete", "none", "not_evaluable")),
    ],
)
def test_course_strategy_reaches_every_verdict(definition: str, verdict: str) -> None:
    from hypothesis import HealthCheck, Phase, find

    from lupus_nephritis import classify_renal_response

    course = find(
        treatment_courses(),
        lambda c: classify_renal_response(c, definition).verdict == verdict,
        settings=settings(
            max_examples=500,
            derandomize=True,
            database=None,
            phases=(Phase.generate,),  # any example will do: no shrinking
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert classify_renal_response(course, definition).verdict == verdict
