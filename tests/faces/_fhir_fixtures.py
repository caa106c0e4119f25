"""Builders of FHIR R4 JSON resources for the FHIR-reader and CDS tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
PATIENT = "Patient/p1"


def patient(gender: str | None = "female", birth_date: str | None = "1990-04-12") -> dict[str, Any]:
    resource: dict[str, Any] = {"resourceType": "Patient", "id": "p1"}
    if gender is not None:
        resource["gender"] = gender
    if birth_date is not None:
        resource["birthDate"] = birth_date
    return resource


def quantity_obs(
    ident: str,
    loinc: str,
    day: str,
    value: Any,
    unit: str | None,
    *,
    status: str = "final",
    system: str | None = UCUM,
    unit_text: str | None = None,
    comparator: str | None = None,
) -> dict[str, Any]:
    quantity: dict[str, Any] = {"value": value}
    if unit is not None:
        quantity["code"] = unit
        if system is not None:
            quantity["system"] = system
    if unit_text is not None:
        quantity["unit"] = unit_text
    if comparator is not None:
        quantity["comparator"] = comparator
    return {
        "resourceType": "Observation",
        "id": ident,
        "status": status,
        "code": {"coding": [{"system": LOINC, "code": loinc}]},
        "subject": {"reference": PATIENT},
        "effectiveDateTime": day,
        "valueQuantity": quantity,
    }


def upcr(
    ident: str, day: str, value: Any, unit: str = "g/g", loinc: str = "2890-2"
) -> dict[str, Any]:
    return quantity_obs(ident, loinc, day, value, unit)


def egfr(ident: str, day: str, value: Any, loinc: str = "98979-8") -> dict[str, Any]:
    return quantity_obs(ident, loinc, day, value, "mL/min/{1.73_m2}")


def bp_panel(ident: str, day: str, systolic: Any, diastolic: Any) -> dict[str, Any]:
    def part(code: str, value: Any) -> dict[str, Any]:
        return {
            "code": {"coding": [{"system": LOINC, "code": code}]},
            "valueQuantity": {"value": value, "unit": "mmHg", "system": UCUM, "code": "mm[Hg]"},
        }

    return {
        "resourceType": "Observation",
        "id": ident,
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "85354-9"}]},
        "subject": {"reference": PATIENT},
        "effectiveDateTime": day,
        "component": [part("8480-6", systolic), part("8462-4", diastolic)],
    }


def coded_obs(ident: str, loinc: str, day: str, system: str, code: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": ident,
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": loinc}]},
        "subject": {"reference": PATIENT},
        "effectiveDateTime": day,
        "valueCodeableConcept": {"coding": [{"system": system, "code": code}]},
    }


def condition(
    ident: str,
    code: str,
    *,
    system: str = SNOMED,
    clinical: str = "active",
    onset: str | None = None,
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "id": ident,
        "clinicalStatus": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                    "code": clinical,
                }
            ]
        },
        "code": {"coding": [{"system": system, "code": code}]},
        "subject": {"reference": PATIENT},
    }
    if onset is not None:
        resource["onsetDateTime"] = onset
    return resource


def medication_request(
    ident: str,
    medication: dict[str, Any],
    *,
    status: str = "active",
    start: str | None = "2024-01-08",
    end: str | None = None,
    dose: tuple[Any, str] | None = None,
    frequency: int | None = 1,
    period: Any = 1,
    period_unit: str | None = "d",
    route: str | None = None,
) -> dict[str, Any]:
    dosage: dict[str, Any] = {}
    repeat: dict[str, Any] = {}
    if start is not None:
        bounds: dict[str, Any] = {"start": start}
        if end is not None:
            bounds["end"] = end
        repeat["boundsPeriod"] = bounds
    if frequency is not None:
        repeat["frequency"] = frequency
    if period is not None:
        repeat["period"] = period
    if period_unit is not None:
        repeat["periodUnit"] = period_unit
    if repeat:
        dosage["timing"] = {"repeat": repeat}
    if dose is not None:
        dosage["doseAndRate"] = [
            {"doseQuantity": {"value": dose[0], "unit": dose[1], "system": UCUM, "code": dose[1]}}
        ]
    if route is not None:
        dosage["route"] = {"coding": [{"system": SNOMED, "code": route}]}
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "id": ident,
        "status": status,
        "intent": "proposal" if status == "draft" else "order",
        "medicationCodeableConcept": medication,
        "subject": {"reference": PATIENT},
    }
    if dosage:
        resource["dosageInstruction"] = [dosage]
    return resource


def rx(code: str) -> dict[str, Any]:
    return {"coding": [{"system": RXNORM, "code": code}]}


def named(text: str) -> dict[str, Any]:
    return {"text": text}


def administration(ident: str, day: str, dose_mg: Any, code: str = "6902") -> dict[str, Any]:
    return {
        "resourceType": "MedicationAdministration",
        "id": ident,
        "status": "completed",
        "medicationCodeableConcept": rx(code),
        "subject": {"reference": PATIENT},
        "effectiveDateTime": day,
        "dosage": {
            "route": {"coding": [{"system": SNOMED, "code": "47625008"}]},
            "dose": {"value": dose_mg, "unit": "mg", "system": UCUM, "code": "mg"},
        },
    }


def bundle(*resources: dict[str, Any], kind: str = "collection") -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": kind,
        "entry": [
            {"fullUrl": f"urn:uuid:{r['resourceType'].lower()}-{r.get('id', i)}", "resource": r}
            for i, r in enumerate(resources)
        ],
    }


def example_bundle() -> dict[str, Any]:
    return json.loads((EXAMPLES / "fhir" / "ln-patient-bundle.json").read_text(encoding="utf-8"))
