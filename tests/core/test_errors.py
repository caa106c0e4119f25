"""One exception family: bad input raises library errors that keep pydantic's details."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

import lupus_nephritis as ln
from lupus_nephritis.errors import (
    ImplausibleValueError,
    ImplausibleValueValidationError,
    InputError,
    InputValidationError,
    LupusNephritisError,
    UnitError,
    UnitValidationError,
    from_pydantic,
)

COURSE: dict[str, Any] = {
    "start_date": "2024-01-01",
    "visits": [{"date": "2024-12-30", "upcr": "0.4 g/g", "egfr": "80 mL/min/{1.73_m2}"}],
}
BAD_UNIT = {**COURSE, "visits": [{"date": "2024-12-30", "upcr": "0.4 g/L"}]}
IMPLAUSIBLE = {**COURSE, "visits": [{"date": "2024-12-30", "upcr": "300 g/g"}]}
UNKNOWN_FIELD = {**COURSE, "visits": [{"date": "2024-12-30", "upcr_typo": "0.4 g/g"}]}


def _raised(call: Callable[[], object]) -> BaseException:
    with pytest.raises(LupusNephritisError) as info:
        call()
    return info.value


def test_a_bad_unit_is_a_library_unit_error_and_a_pydantic_error() -> None:
    error = _raised(lambda: ln.classify_renal_response(BAD_UNIT))
    assert type(error) is UnitValidationError
    assert isinstance(error, UnitError)
    assert isinstance(error, InputError)
    assert isinstance(error, ValidationError)
    assert isinstance(error, ValueError)
    assert error.field == "visits.0.upcr"
    assert error.code == "invalid-unit"
    detail = error.errors()[0]
    assert detail["loc"] == ("visits", 0, "upcr")
    assert "g/L" in detail["msg"]
    assert detail["input"] == "0.4 g/L"
    assert isinstance(detail["ctx"]["error"], UnitError)


def test_an_implausible_value_is_an_implausible_value_error() -> None:
    error = _raised(lambda: ln.classify_renal_response(IMPLAUSIBLE))
    assert type(error) is ImplausibleValueValidationError
    assert isinstance(error, ImplausibleValueError)
    assert not isinstance(error, UnitError)
    assert error.field == "visits.0.upcr"
    assert "almost surely mg/mmol" in str(error)


def test_other_problems_are_plain_input_validation_errors_with_every_field() -> None:
    data = {
        **COURSE,
        "visits": [{"date": "2024-12-30", "upcr_typo": "0.4 g/g", "egfr": "x"}],
    }
    error = _raised(lambda: ln.classify_renal_response(data))
    assert type(error) is InputValidationError
    assert set(error.fields) == {"visits.0.upcr_typo", "visits.0.egfr"}
    assert error.field in error.fields


def test_root_level_problem_has_an_empty_field_path() -> None:
    error = _raised(lambda: ln.TreatmentCourse.model_validate(5))
    assert isinstance(error, InputValidationError)
    assert error.field == ""


@pytest.mark.parametrize(
    "call",
    [
        lambda: ln.UPCR(value="0.4", unit="g/L"),  # type: ignore[arg-type]
        lambda: ln.UPCR.model_validate({"value": "0.4", "unit": "g/L"}),
        lambda: ln.UPCR.model_validate_json('{"value": "0.4", "unit": "g/L"}'),
        lambda: ln.UPCR.model_validate_strings({"value": "0.4", "unit": "g/L"}),
    ],
    ids=["constructor", "model_validate", "model_validate_json", "model_validate_strings"],
)
def test_every_way_into_a_model_raises_the_library_error(call: Callable[[], object]) -> None:
    assert isinstance(_raised(call), UnitValidationError)


@pytest.mark.parametrize(
    "call",
    [
        lambda: ln.classify_renal_response(UNKNOWN_FIELD),
        lambda: ln.compare_renal_response(UNKNOWN_FIELD, ["kdigo-2024"]),
        lambda: ln.detect_renal_flares(UNKNOWN_FIELD),
        lambda: ln.assess_biopsy_indication({"upcr_typo": 1}),
        lambda: ln.classify_isn_rps({"glomeruli_total": "many"}),
        lambda: ln.check_regimen_eligibility({"drugs": ["no-such-drug"]}, {}),
        lambda: ln.check_regimen_eligibility({"drugs": ["voclosporin"]}, {"egfr": "x"}),
        lambda: ln.suggest_regimens({"egfr": "x"}),
        lambda: ln.check_treatment_duration({"start_date": "x"}),
        lambda: ln.check_glucocorticoid_taper(
            [{"start": "2024-01-01", "daily_dose": "5 g/L", "drug": "prednisone"}],
            start_date="2024-01-01",
            at=4,
        ),
    ],
    ids=[
        "classify",
        "compare",
        "flares",
        "biopsy",
        "isn-rps",
        "regimen",
        "patient",
        "suggest",
        "duration",
        "taper",
    ],
)
def test_public_entry_points_raise_input_validation_errors(call: Callable[[], object]) -> None:
    error = _raised(call)
    assert isinstance(error, InputValidationError)
    assert error.errors()


def test_library_validation_errors_pickle_for_worker_processes() -> None:
    error = _raised(lambda: ln.classify_renal_response(BAD_UNIT))
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is UnitValidationError
    assert again.field == "visits.0.upcr"
    assert str(again) == str(error)


def test_from_pydantic_wraps_a_foreign_pydantic_error_once() -> None:
    from pydantic import BaseModel

    class Foreign(BaseModel):
        n: int

    with pytest.raises(ValidationError) as info:
        Foreign.model_validate({"n": "x"})
    foreign = info.value
    wrapped = from_pydantic(foreign)
    assert type(wrapped) is InputValidationError
    assert wrapped.field == "n"
    assert wrapped.errors()[0]["type"] == foreign.errors()[0]["type"] == "int_parsing"
    assert from_pydantic(wrapped) is wrapped


def test_nested_validation_does_not_call_python_initialisers() -> None:
    # the base initialiser is marked as pydantic's own: nested models validate in the core
    assert ln.TreatmentCourse.__pydantic_custom_init__ is False
    assert ln.Visit.__pydantic_custom_init__ is False
