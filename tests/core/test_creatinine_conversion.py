"""Serum creatinine in umol/L: the '88.4' (default) and 'molar-mass' conversions.

Boundary pairs: 2.0 mg/dL = 176.8 umol/L exactly under '88.4', while under 'molar-mass'
176.8 umol/L is 1.9999616 mg/dL (just below 2.0). Each layer is checked: units, the input
models (measurement, course, call), an eGFR equation, a creatinine threshold (the KDIGO 2012
flare band 'reference below 2.0 mg/dL') and the evidence of a decision.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from lupus_nephritis.criteria.flares.api import detect_renal_flares
from lupus_nephritis.criteria.response.api import classify_renal_response
from lupus_nephritis.errors import (
    ImplausibleValueValidationError,
    InputError,
    LupusNephritisError,
    UnitError,
)
from lupus_nephritis.models import Creatinine, TreatmentCourse
from lupus_nephritis.sources import SOURCES
from lupus_nephritis.units import (
    CREATININE_CONVERSION_SOURCES,
    CREATININE_UMOL_L_PER_MG_DL,
    DEFAULT_CREATININE_CONVERSION,
    SPECS,
    CreatinineConversion,
    Quantity,
    canonicalize,
    convert,
    creatinine_factor,
)

MOLAR = "molar-mass"


# ------------------------------------------------------------------------------ units


def test_default_conversion_is_88_4_and_specs_hold_it() -> None:
    assert DEFAULT_CREATININE_CONVERSION is CreatinineConversion.CONVENTIONAL
    assert CREATININE_UMOL_L_PER_MG_DL[CreatinineConversion.CONVENTIONAL] == Fraction("88.4")
    assert CREATININE_UMOL_L_PER_MG_DL[CreatinineConversion.MOLAR_MASS] == Fraction(
        10000
    ) / Fraction("113.12")
    # the DataFrame path reads SPECS: it follows the default
    assert SPECS[Quantity.CREATININE].factors["umol/L"] == Fraction(1) / Fraction("88.4")
    assert creatinine_factor() == creatinine_factor("88.4") == Fraction(5, 442)
    assert creatinine_factor(MOLAR) == Fraction("0.011312")
    assert all(s in SOURCES for s in CREATININE_CONVERSION_SOURCES.values())


@pytest.mark.parametrize(
    ("umol", "conversion", "relation"),
    [
        ("176.8", None, "equal"),
        ("176.8", "88.4", "equal"),
        ("176.8", MOLAR, "below"),
        ("176.79", None, "below"),
        ("176.81", None, "above"),
        ("176.81", MOLAR, "above"),  # 2.00012 mg/dL
    ],
)
def test_2_0_mg_dl_against_176_8_umol_l(umol: str, conversion: str | None, relation: str) -> None:
    value = canonicalize(umol, "umol/L", quantity="creatinine", creatinine_conversion=conversion)
    expected = {"equal": value == 2, "below": value < 2, "above": value > 2}
    assert expected[relation]


def test_convert_both_ways_under_each_conversion() -> None:
    assert convert("2", "mg/dL", "umol/L", quantity="creatinine") == Fraction("176.8")
    back = convert("2", "mg/dL", "umol/L", quantity="creatinine", creatinine_conversion=MOLAR)
    assert back == 2 / Fraction("0.011312")


def test_conversion_leaves_other_quantities_and_mg_dl_alone() -> None:
    assert canonicalize("2", "mg/dL", quantity="creatinine", creatinine_conversion=MOLAR) == 2
    # a UPCR in mg/mmol always converts with the molar mass (113.12 mg/mmol per g/g)
    for conversion in (None, "88.4", MOLAR):
        upcr = canonicalize("56.56", "mg/mmol", quantity="upcr", creatinine_conversion=conversion)
        assert upcr == Fraction(1, 2)


def test_unknown_conversion_is_a_unit_error() -> None:
    with pytest.raises(UnitError, match="molar-mass"):
        canonicalize("100", "umol/L", quantity="creatinine", creatinine_conversion="exact")
    with pytest.raises(UnitError):
        creatinine_factor("exact")


# ------------------------------------------------------------------------------ models


def test_a_measurement_chooses_its_own_conversion() -> None:
    assert Creatinine(value="176.8", unit="umol/L").canonical == 2
    measured = Creatinine(value="176.8", unit="umol/L", conversion=MOLAR)
    assert measured.canonical == Fraction("176.8") * Fraction("0.011312")
    assert measured.effective_conversion is CreatinineConversion.MOLAR_MASS
    assert measured.is_in_umol_l and not measured.is_conversion_assumed
    assert Creatinine(value="2", unit="mg/dL", conversion=MOLAR).canonical == 2


def test_an_unknown_measurement_conversion_is_a_documented_error() -> None:
    with pytest.raises(LupusNephritisError):
        Creatinine.model_validate({"value": "176.8", "unit": "umol/L", "conversion": "exact"})


def _course(**top: Any) -> dict[str, Any]:
    return {
        "start_date": "2024-01-01",
        "visits": [
            {"date": "2024-06-01", "creatinine": "176.8 umol/L"},
            {
                "date": "2024-07-01",
                "creatinine": {"value": "176.8", "unit": "umol/L", "conversion": "88.4"},
                "creatinine_uln": "97.24 umol/L",
            },
        ],
        **top,
    }


def test_course_level_conversion_fills_unchosen_creatinines_only() -> None:
    course = TreatmentCourse.model_validate(_course(creatinine_conversion=MOLAR))
    first, second = course.visits
    assert first.creatinine is not None and second.creatinine is not None
    assert first.creatinine.canonical < 2 and first.creatinine.is_conversion_assumed
    assert second.creatinine.canonical == 2  # the measurement's own choice wins
    assert second.creatinine_uln is not None and second.creatinine_uln.is_conversion_assumed
    # the assumed conversion is not dumped as data; re-validating gives the same course
    dumped = course.model_dump(mode="json")
    assert dumped["visits"][0]["creatinine"]["conversion"] is None
    assert TreatmentCourse.model_validate(dumped) == course


def test_call_level_conversion_overrides_the_course_level_one() -> None:
    course = TreatmentCourse.model_validate(_course(creatinine_conversion=MOLAR))
    again = course.with_creatinine_conversion("88.4")
    assert again.visits[0].creatinine is not None
    assert again.visits[0].creatinine.canonical == 2
    assert course.with_creatinine_conversion(None) is course
    with pytest.raises(InputError):
        course.with_creatinine_conversion("exact")


def _edge_course() -> dict[str, Any]:
    # 8.84 umol/L is exactly 0.1 mg/dL (the plausibility floor) under '88.4', below it
    # (0.099998 mg/dL) under 'molar-mass'
    return {
        "start_date": "2024-01-01",
        "creatinine_conversion": MOLAR,
        "visits": [{"date": "2024-06-01", "creatinine": "8.84 umol/L", "upcr": "0.3 g/g"}],
    }


def test_a_dict_course_is_validated_with_the_call_level_conversion() -> None:
    # the call's choice overrides the course's before plausibility is judged
    for call in (classify_renal_response, detect_renal_flares):
        decision = call(_edge_course(), creatinine_conversion="88.4")
        assert decision.rule_set_id
    with pytest.raises(ImplausibleValueValidationError):
        classify_renal_response(_edge_course())
    with pytest.raises(ImplausibleValueValidationError):
        detect_renal_flares(_edge_course())
    with pytest.raises(InputError):
        classify_renal_response(_edge_course(), creatinine_conversion="exact")


def test_a_dict_course_is_validated_with_the_call_level_specimen() -> None:
    course = {"start_date": "2024-01-01", "visits": [{"date": "2024-12-30", "upcr": "0.3 g/g"}]}
    decision = classify_renal_response(course, "kdigo-2024", default_upcr_specimen="24h")
    assert "upcr-specimen-assumed" in decision.flags
    with pytest.raises(InputError):
        classify_renal_response(course, default_upcr_specimen="urine")


# ------------------------------------------------------------------------------ rules


def _flare(reference: str, index: str, **call: Any) -> str:
    quiet = {
        "upcr": "300 mg/g",
        "urine_rbc": "2 /[HPF]",
        "acanthocytes_per_hpf": "0 /[HPF]",
        "has_red_cell_casts": False,
        "has_white_cell_casts": False,
    }
    data = {
        "start_date": "2024-01-01",
        "visits": [
            {"date": "2024-07-01", **quiet, "creatinine": reference},
            {"date": "2025-01-01", **quiet, "creatinine": index},
        ],
    }
    return detect_renal_flares(data, "kdigo-2012-relapse", **call).verdict


def test_kdigo_2012_reference_exactly_2_0_mg_dl_in_umol_l_is_in_the_upper_band() -> None:
    # rise of 0.30 mg/dL: moderate from a reference below 2.0, nothing from 2.0 or more
    assert _flare("2.0 mg/dL", "2.3 mg/dL") == "none"
    assert _flare("176.8 umol/L", "203.32 umol/L") == "none"  # 2.0 -> 2.3 mg/dL under 88.4
    assert _flare("1.99 mg/dL", "2.29 mg/dL") == "moderate"


def test_kdigo_2012_molar_mass_conversion_moves_176_8_umol_l_below_2_0() -> None:
    assert _flare("176.8 umol/L", "203.32 umol/L", creatinine_conversion=MOLAR) == "moderate"
    assert _flare("176.7 umol/L", "203.22 umol/L") == "moderate"  # just below 2.0 either way


def test_kdigo_2012_missing_reference_creatinine_is_reported_whatever_the_conversion() -> None:
    for conversion in (None, MOLAR):
        data = {
            "start_date": "2024-01-01",
            "visits": [
                {"date": "2024-07-01", "upcr": "300 mg/g"},
                {"date": "2025-01-01", "upcr": "300 mg/g", "creatinine": "203.32 umol/L"},
            ],
        }
        decision = detect_renal_flares(data, creatinine_conversion=conversion)
        assert decision.verdict == "not_evaluable"
        assert any("reference creatinine" in m for m in decision.missing_inputs)


def _egfr_course(creatinine: str, **top: Any) -> dict[str, Any]:
    return {
        "start_date": "2024-01-01",
        "patient": {"sex": "male", "age_years": "50"},
        "baseline": {"date": "2024-01-01", "upcr": "3 g/g", "creatinine": creatinine},
        "visits": [{"date": "2024-12-30", "upcr": "0.3 g/g", "creatinine": creatinine}],
        **top,
    }


def test_egfr_computed_from_176_8_umol_l_equals_2_0_mg_dl_under_the_default() -> None:
    a = classify_renal_response(_egfr_course("176.8 umol/L"), "kdigo-2024")
    b = classify_renal_response(_egfr_course("2.0 mg/dL"), "kdigo-2024")
    egfr_a = a.criterion("kidney-function").evidence
    egfr_b = b.criterion("kidney-function").evidence
    assert [e.value for e in egfr_a] == [e.value for e in egfr_b]
    assert "creatinine_conversion '88.4'" in (egfr_a[0].note or "")
    molar = classify_renal_response(
        _egfr_course("176.8 umol/L"), "kdigo-2024", creatinine_conversion=MOLAR
    )
    evidence = molar.criterion("kidney-function").evidence
    assert evidence[0].value is not None and egfr_a[0].value is not None
    assert evidence[0].value > egfr_a[0].value  # lower creatinine, higher eGFR
    assert "creatinine_conversion 'molar-mass'" in (evidence[0].note or "")


def test_creatinine_metric_evidence_names_the_conversion() -> None:
    decision = classify_renal_response(
        _egfr_course("176.8 umol/L"), "kdigo-2024", kidney_function_metric="creatinine"
    )
    notes = [e.note for e in decision.criterion("kidney-function").evidence]
    assert any(n and "88.4 umol/L per mg/dL" in n for n in notes)
    in_mg = classify_renal_response(
        _egfr_course("2.0 mg/dL"), "kdigo-2024", kidney_function_metric="creatinine"
    )
    assert all(e.note is None for e in in_mg.criterion("kidney-function").evidence)


def test_compare_renal_response_passes_the_conversion_to_every_definition() -> None:
    from lupus_nephritis.criteria.response.api import compare_renal_response

    decisions = compare_renal_response(
        _egfr_course("176.8 umol/L"), ["kdigo-2024", "kdigo-2021"], creatinine_conversion=MOLAR
    )
    for decision in decisions:
        notes = [e.note or "" for e in decision.criterion("kidney-function").evidence]
        assert any("molar-mass" in n for n in notes)
