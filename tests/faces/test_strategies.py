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
