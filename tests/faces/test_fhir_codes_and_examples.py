"""The FHIR code tables are cited and consistent; every example validates as FHIR R4(B)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _fhir_fixtures import EXAMPLES, ROOT

from lupus_nephritis.fhir import codes as fhir_codes
from lupus_nephritis.fhir import read_fhir
from lupus_nephritis.sources import SOURCES
from lupus_nephritis.units import SPECS, Quantity

OFFICIAL = Path(__file__).resolve().parent / "fhir_official"


def test_every_quantity_loinc_code_of_the_unit_specs_is_mapped() -> None:
    for quantity, spec in SPECS.items():
        for code in spec.loinc:
            assert fhir_codes.OBSERVATION_CODES[code].quantity is quantity


def test_every_mapped_quantity_code_comes_from_the_unit_specs() -> None:
    for code, item in fhir_codes.OBSERVATION_CODES.items():
        if item.quantity is not None:
            assert code in SPECS[item.quantity].loinc


def test_equation_annotations_only_on_egfr_codes_and_specimens_only_on_upcr_codes() -> None:
    for item in fhir_codes.OBSERVATION_CODES.values():
        if item.equation is not None:
            assert item.quantity is Quantity.EGFR
        if item.specimen is not None:
            assert item.quantity is Quantity.UPCR


def test_every_mapping_row_cites_a_registered_source() -> None:
    rows = fhir_codes.mapping_rows()
    assert len(rows) > 60
    for _kind, _system, code, meaning, target, source_id in rows:
        assert code and meaning and target
        assert source_id in SOURCES, source_id


def test_no_code_maps_to_two_drugs_and_names_are_lowercase() -> None:
    assert all(name == name.lower() for name in fhir_codes.DRUG_NAMES)
    assert all(name == name.lower() for name in fhir_codes.STRONG_CYP3A4_INHIBITORS)
    assert set(fhir_codes.DRUG_NAMES).isdisjoint(fhir_codes.AMBIGUOUS_DRUG_NAMES)


def test_loinc_codes_have_the_loinc_check_digit_shape() -> None:
    import re

    for code in fhir_codes.OBSERVATION_CODES:
        assert re.fullmatch(r"\d{1,7}-\d", code)
        body, check = code.split("-")
        assert int(check) == loinc_check_digit(body), code


def loinc_check_digit(body: str) -> int:
    """LOINC's mod-10 check digit (Luhn-style, as LOINC documents it)."""
    digits = [int(d) for d in body]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 0:
            doubled = digit * 2
            total += doubled // 10 + doubled % 10
        else:
            total += digit
    return (10 - total % 10) % 10


# ----------------------------------------------------------------------------- validation


def fhir_files() -> list[Path]:
    return sorted([*EXAMPLES.rglob("*.json"), *OFFICIAL.glob("*.json")])


def validate_r4(resource: dict[str, Any]) -> None:
    from fhir.resources.R4B import get_fhir_model_class

    get_fhir_model_class(resource["resourceType"]).model_validate(resource)


@pytest.mark.parametrize("path", fhir_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_validates_with_fhir_resources(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    if "hook" in data:  # a CDS Hooks request: validate the FHIR inside it
        validate_r4(data["context"]["draftOrders"])
        for value in data["prefetch"].values():
            if value is not None:
                validate_r4(value)
    else:
        validate_r4(data)


def test_the_example_bundle_is_what_the_docs_say() -> None:
    data = read_fhir(json.loads((EXAMPLES / "fhir" / "ln-patient-bundle.json").read_text()))
    assert len(data.visits) == 3 and len(data.glucocorticoids) == 7
    assert data.unmapped == ()


def load(name: str) -> dict[str, Any]:
    return json.loads((OFFICIAL / name).read_text(encoding="utf-8"))


def test_the_specification_blood_pressure_example_is_read() -> None:
    data = read_fhir(load("observation-blood-pressure.json"))
    pressure = data.visits[0].blood_pressure
    assert pressure is not None and (pressure.systolic, pressure.diastolic) == (107, 60)
    assert str(data.visits[0].date) == "2012-09-17"


def test_the_specification_creatinine_coded_in_snomed_only_is_reported_not_guessed() -> None:
    data = read_fhir(load("observation-f204-creatinine.json"))
    assert data.visits == ()
    assert data.unmapped[0].reason == "no LOINC code the reader maps"
    assert data.unmapped[0].code == "http://snomed.info/sct|365756002"


def test_the_specification_egfr_example_is_read_without_an_equation() -> None:
    data = read_fhir(load("observation-f205-egfr.json"))
    reading = data.visits[0].egfr
    assert reading is not None and reading.value == 54 and reading.equation is None
    assert str(data.visits[0].date) == "2013-04-04"  # from `issued`
