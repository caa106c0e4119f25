from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from pydantic import ValidationError

from lupus_nephritis.models import (
    UPCR,
    BloodPressure,
    Creatinine,
    GlucocorticoidDose,
    Patient,
    Specimen,
    TreatmentCourse,
    Visit,
)


def test_measure_from_dict_and_compact_string() -> None:
    a = UPCR.model_validate({"value": 0.8, "unit": "g/g", "specimen": "24h"})
    b = UPCR.model_validate("800 mg/g")
    assert a.canonical == b.canonical == Fraction(4, 5)
    assert a.specimen is Specimen.H24 and b.specimen is None
    assert a.in_unit("mg/g") == 800
    assert str(b) == "800 mg/g"


def test_float_value_is_read_exactly() -> None:
    assert UPCR(value=0.1, unit="g/g").value == Decimal("0.1")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    [
        0.5,
        "0.5",
        {"value": 0.5},
        {"value": "nan", "unit": "g/g"},
        {"value": -1, "unit": "g/g"},
        {"value": 56, "unit": "g/g"},
        {"value": 1, "unit": "g/d"},
        {"value": True, "unit": "g/g"},
        {"value": 1, "unit": "g/g", "extra": 1},
    ],
)
def test_bad_measures_raise_validation_error(bad: object) -> None:
    with pytest.raises(ValidationError):
        UPCR.model_validate(bad)


def test_unit_mixup_message_reaches_the_user() -> None:
    with pytest.raises(ValidationError, match="almost surely umol/L"):
        Creatinine.model_validate({"value": 88, "unit": "mg/dL"})


def test_models_are_frozen() -> None:
    visit = Visit(date=date(2024, 1, 1))
    with pytest.raises(ValidationError):
        visit.id = "x"  # type: ignore[misc]


def test_missing_is_distinct_from_negative() -> None:
    visit = Visit.model_validate({"date": "2024-01-01", "has_red_cell_casts": False})
    assert visit.has_red_cell_casts is False
    assert visit.has_white_cell_casts is None
    assert visit.has_cellular_casts is None
    both = Visit.model_validate(
        {"date": "2024-01-01", "has_red_cell_casts": False, "has_white_cell_casts": False}
    )
    assert both.has_cellular_casts is False
    one = Visit.model_validate({"date": "2024-01-01", "has_white_cell_casts": True})
    assert one.has_cellular_casts is True


def test_specific_gravity_range() -> None:
    with pytest.raises(ValidationError):
        Visit.model_validate({"date": "2024-01-01", "urine_specific_gravity": 1.5})
    assert Visit.model_validate(
        {"date": "2024-01-01", "urine_specific_gravity": "1.005"}
    ).urine_specific_gravity == Decimal("1.005")


def test_blood_pressure() -> None:
    bp = BloodPressure.model_validate({"systolic": 166, "diastolic": 100, "unit": "mm[Hg]"})
    assert bp.systolic == 166
    with pytest.raises(ValidationError):
        BloodPressure.model_validate({"systolic": 80, "diastolic": 100, "unit": "mm[Hg]"})
    with pytest.raises(ValidationError):
        BloodPressure.model_validate({"systolic": 1200, "diastolic": 100, "unit": "mm[Hg]"})


def test_patient_age() -> None:
    p = Patient(birth_date=date(1990, 6, 15))
    assert p.age_on(date(2020, 6, 14)) == 29
    assert p.age_on(date(2020, 6, 15)) == 30
    assert Patient.model_validate({"age_years": 41}).age_on(date(2020, 1, 1)) == 41
    assert Patient().age_on(date(2020, 1, 1)) is None
    with pytest.raises(ValidationError):
        Patient.model_validate({"age_years": 200})


def test_dose_records() -> None:
    dose = GlucocorticoidDose.model_validate(
        {
            "start": "2024-01-01",
            "end": "2024-01-03",
            "daily_dose": "16 mg",
            "drug": "methylprednisolone",
        }
    )
    assert dose.prednisone_mg_per_day() == 20
    assert list(dose.days()) == [date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)]
    with pytest.raises(ValidationError):
        GlucocorticoidDose.model_validate(
            {"start": "2024-01-05", "end": "2024-01-03", "daily_dose": "5 mg", "drug": "prednisone"}
        )


def test_course_sorts_visits_and_round_trips_json() -> None:
    course = TreatmentCourse.model_validate(
        {
            "start_date": "2024-01-01",
            "visits": [
                {"date": "2024-06-01", "upcr": "0.4 g/g"},
                {"date": "2024-03-01", "upcr": "1.2 g/g"},
            ],
            "events": [{"type": "rescue_therapy", "date": "2024-04-01"}],
        }
    )
    assert [v.date.month for v in course.visits] == [3, 6]
    assert course.study_day(date(2024, 1, 1)) == 1
    assert course.events_of("rescue_therapy")[0].date == date(2024, 4, 1)  # type: ignore[arg-type]
    again = TreatmentCourse.model_validate_json(course.model_dump_json())
    assert again == course


def test_json_schema_is_available() -> None:
    schema = TreatmentCourse.model_json_schema()
    text = json.dumps(schema)
    assert "start_date" in text and "UPCR" in text
