"""Input models for regimens: drug aliases, regimen validation, patient context."""

from __future__ import annotations

import pytest
from _regimen_fixtures import CLEAN, ctx
from pydantic import ValidationError

from lupus_nephritis.decisions import ResponseCategory
from lupus_nephritis.regimens.models import (
    CyclophosphamideScheme,
    DrugName,
    IsnRpsClass,
    PatientContext,
    PriorRegimen,
    Regimen,
    TreatmentPhase,
    parse_drug,
)


@pytest.mark.parametrize(
    ("alias", "drug"),
    [
        ("mmf", DrugName.MYCOPHENOLATE_MOFETIL),
        ("MPA", DrugName.MYCOPHENOLIC_ACID),
        ("Voclosporin", DrugName.VOCLOSPORIN),
        ("cyc", DrugName.CYCLOPHOSPHAMIDE),
        ("gc", DrugName.GLUCOCORTICOIDS),
        ("hydroxychloroquine", DrugName.HYDROXYCHLOROQUINE),
        (DrugName.RITUXIMAB, DrugName.RITUXIMAB),
    ],
)
def test_drug_aliases(alias: object, drug: DrugName) -> None:
    assert parse_drug(alias) is drug


def test_unknown_drug_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="unknown drug"):
        Regimen.model_validate({"drugs": ["mmf", "aspirin"]})


def test_regimen_rejects_repeats_empty_and_stray_scheme() -> None:
    with pytest.raises(ValidationError):
        Regimen.model_validate({"drugs": ["mmf", "mycophenolate_mofetil"]})
    with pytest.raises(ValidationError):
        Regimen.model_validate({"drugs": []})
    with pytest.raises(ValidationError):
        Regimen.model_validate({"drugs": ["mmf"], "cyclophosphamide_scheme": "nih"})
    with pytest.raises(ValidationError):
        Regimen.model_validate({"drugs": ["mmf"], "dose": "2 g"})


def test_regimen_label_and_defaults() -> None:
    regimen = Regimen.model_validate(
        {"drugs": ["cyc", "belimumab", "gc"], "cyclophosphamide_scheme": "euro_lupus"}
    )
    assert regimen.phase is TreatmentPhase.INITIAL
    assert regimen.cyclophosphamide_scheme is CyclophosphamideScheme.EURO_LUPUS
    assert regimen.label == "CYC (euro_lupus) + belimumab + GC"
    assert Regimen.model_validate({"drugs": "mmf", "name": "MMF alone"}).label == "MMF alone"
    assert regimen.has(DrugName.BELIMUMAB)
    assert not regimen.has(DrugName.VOCLOSPORIN)


def test_regimen_round_trips_through_json() -> None:
    regimen = Regimen.model_validate({"drugs": ["mmf", "voclosporin"], "phase": "maintenance"})
    assert Regimen.model_validate_json(regimen.model_dump_json()) == regimen


def test_phase_initial_type() -> None:
    assert TreatmentPhase.REFRACTORY.is_initial_type
    assert TreatmentPhase.NON_RESPONSE.is_initial_type
    assert not TreatmentPhase.MAINTENANCE.is_initial_type


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("IV+V", (IsnRpsClass.IV, IsnRpsClass.V)),
        ("V, III", (IsnRpsClass.III, IsnRpsClass.V)),
        (["IV", "IV"], (IsnRpsClass.IV,)),
    ],
)
def test_isn_rps_classes_parse_and_sort(given: object, expected: tuple[IsnRpsClass, ...]) -> None:
    assert ctx(isn_rps_classes=given).isn_rps_classes == expected


def test_isn_rps_classes_empty_or_unknown_is_rejected() -> None:
    with pytest.raises(ValidationError):
        ctx(isn_rps_classes=[])
    with pytest.raises(ValidationError):
        ctx(isn_rps_classes="VII")


def test_patient_context_rejects_bare_numbers_and_implausible_values() -> None:
    with pytest.raises(ValidationError, match="bare number"):
        ctx(egfr=45)
    with pytest.raises(ValidationError):
        ctx(upcr={"value": "60", "unit": "g/g"})
    with pytest.raises(ValidationError):
        ctx(age_years=-1)
    with pytest.raises(ValidationError):
        ctx(no_such_field=True)


def test_pregnancy_for_a_male_patient() -> None:
    with pytest.raises(ValidationError):
        ctx(sex="male", is_pregnant=True)
    male = ctx(sex="male", is_pregnant=None, is_breastfeeding=None)
    assert male.pregnant is False
    assert male.breastfeeding is False
    unknown = ctx(sex=None, is_pregnant=None)
    assert unknown.pregnant is None


def test_prior_regimens_and_last_regimen() -> None:
    patient = ctx(
        prior_regimens=[
            {"drugs": ["cyc", "gc"], "cyclophosphamide_scheme": "euro_lupus", "response": "none"},
            {"drugs": ["mmf", "gc"], "response": "not_evaluable"},
        ]
    )
    assert patient.prior_regimens is not None
    last = patient.last_regimen
    assert isinstance(last, PriorRegimen)
    assert last.response is None
    assert patient.prior_regimens[0].response is ResponseCategory.NONE
    assert ctx(prior_regimens=None).last_regimen is None
    assert ctx(prior_regimens=[]).last_regimen is None


def test_hypersensitivity_accepts_aliases() -> None:
    assert ctx(hypersensitive_to=["cyc"]).hypersensitive_to == (DrugName.CYCLOPHOSPHAMIDE,)


def test_patient_context_json_schema_and_round_trip() -> None:
    patient = PatientContext.model_validate(CLEAN)
    assert PatientContext.model_validate_json(patient.model_dump_json()) == patient
    schema = PatientContext.model_json_schema()
    assert "cyp3a4_inhibitor" in schema["properties"]
