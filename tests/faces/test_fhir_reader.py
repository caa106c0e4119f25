"""The FHIR reader: every mapping rule, every skip reason, and the scalar path as the oracle."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal

import pytest
from _fhir_fixtures import (
    LOINC,
    RXNORM,
    SNOMED,
    administration,
    bp_panel,
    bundle,
    coded_obs,
    condition,
    egfr,
    example_bundle,
    medication_request,
    named,
    patient,
    quantity_obs,
    rx,
    upcr,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from lupus_nephritis import classify_renal_response, compare_renal_response
from lupus_nephritis.errors import InputError
from lupus_nephritis.fhir import codes as fhir_codes
from lupus_nephritis.fhir import course_from_fhir, read_fhir
from lupus_nephritis.models import Specimen, TreatmentCourse
from lupus_nephritis.regimens.models import Cyp3a4Inhibition, DrugName, IsnRpsClass
from lupus_nephritis.steroids import Glucocorticoid
from lupus_nephritis.units import SPECS


def reasons(data: object) -> list[str]:
    return [u.reason for u in read_fhir(data).unmapped]


# ----------------------------------------------------------------------------- input shapes


def test_a_bundle_a_list_and_a_single_resource_are_read_alike() -> None:
    resources = [patient(), upcr("u1", "2024-01-08", "0.8")]
    from_bundle = read_fhir(bundle(*resources))
    from_list = read_fhir(resources)
    assert from_bundle.visits == from_list.visits
    assert read_fhir(upcr("u1", "2024-01-08", "0.8")).visits == from_list.visits


def test_nested_bundles_are_flattened() -> None:
    inner = bundle(upcr("u1", "2024-01-08", "0.8"), kind="searchset")
    data = read_fhir(bundle(patient(), inner))
    assert data.visits[0].upcr is not None


@pytest.mark.parametrize("bad", ["text", 3, None, b"{}"])
def test_non_json_objects_are_an_input_error(bad: object) -> None:
    with pytest.raises(InputError, match="expected a Bundle"):
        read_fhir(bad)


def test_an_item_without_resource_type_is_reported() -> None:
    data = read_fhir([{"id": "x"}])
    assert data.unmapped[0].reason == "not a FHIR resource (no resourceType)"


def test_several_patients_are_refused() -> None:
    other = patient()
    other["id"] = "p2"
    with pytest.raises(InputError, match="several patients"):
        read_fhir([patient(), other])


def test_a_resource_about_another_patient_is_reported_and_not_used() -> None:
    observation = upcr("u1", "2024-01-08", "0.8")
    observation["subject"] = {"reference": "Patient/someone-else"}
    data = read_fhir([patient(), observation])
    assert data.visits == ()
    assert "not the bundle's patient" in data.unmapped[0].reason


def test_absolute_subject_references_match_the_patient() -> None:
    observation = upcr("u1", "2024-01-08", "0.8")
    observation["subject"] = {"reference": "https://ehr.example/fhir/Patient/p1"}
    assert read_fhir([patient(), observation]).visits[0].upcr is not None


def test_unread_resource_types_are_reported() -> None:
    data = read_fhir([{"resourceType": "Encounter", "id": "e1"}])
    assert data.unmapped[0].resource == "Encounter/e1"
    assert "not read" in data.unmapped[0].reason


# ----------------------------------------------------------------------------- Patient


def test_patient_sex_and_birth_date_are_read() -> None:
    data = read_fhir([patient("male", "1980-02-29")])
    assert data.patient is not None
    assert data.patient.sex is not None and data.patient.sex.value == "male"
    assert data.patient.birth_date == date(1980, 2, 29)


@pytest.mark.parametrize("gender", ["other", "unknown"])
def test_a_gender_the_equations_do_not_use_leaves_sex_unknown(gender: str) -> None:
    data = read_fhir([patient(gender)])
    assert data.patient is not None and data.patient.sex is None
    assert data.unmapped[0].path == "gender"


@pytest.mark.parametrize("birth", ["1980", "1980-05"])
def test_a_partial_birth_date_is_reported_never_imputed(birth: str) -> None:
    data = read_fhir([patient(birth_date=birth)])
    assert data.patient is not None and data.patient.birth_date is None
    assert "partial date" in data.unmapped[0].reason


# ----------------------------------------------------------------------------- observations


QUANTITY_CASES = [
    (code, item.target, SPECS[item.quantity].canonical_unit)
    for code, item in fhir_codes.OBSERVATION_CODES.items()
    if item.quantity is not None and item.target not in ("blood_pressure", "systolic", "diastolic")
]


@pytest.mark.parametrize(("loinc", "field", "unit"), QUANTITY_CASES)
def test_every_quantity_loinc_code_fills_its_visit_field(loinc: str, field: str, unit: str) -> None:
    value = "1" if field not in ("egfr", "urine_rbc") else "60"
    data = read_fhir([quantity_obs("o1", loinc, "2024-03-01", value, unit)])
    measure = getattr(data.visits[0], field)
    assert measure is not None and measure.unit == unit and measure.value == Decimal(value)
    assert data.resources_for(field, date(2024, 3, 1)) == ("Observation/o1",)


def test_the_unit_text_is_used_when_there_is_no_ucum_code() -> None:
    observation = quantity_obs("c1", "2160-0", "2024-03-01", 88.4, None, unit_text="µmol/L")
    data = read_fhir([observation])
    assert data.visits[0].creatinine is not None
    assert data.visits[0].creatinine.unit == "umol/L"


def test_a_non_ucum_unit_code_falls_back_to_the_unit_text() -> None:
    observation = quantity_obs(
        "c1", "2160-0", "2024-03-01", 1.1, "258814008", system=SNOMED, unit_text="mg/dL"
    )
    assert read_fhir([observation]).visits[0].creatinine is not None


def test_a_unit_that_is_not_accepted_is_reported_with_the_unit() -> None:
    data = read_fhir([quantity_obs("u1", "2890-2", "2024-03-01", 0.8, "g/L")])
    assert data.visits == ()
    item = data.unmapped[0]
    assert item.unit == "g/L" and item.code == f"{LOINC}|2890-2"
    assert "not an accepted UCUM unit" in item.reason


def test_a_value_without_a_unit_is_reported_because_units_are_never_assumed() -> None:
    data = read_fhir([quantity_obs("u1", "2890-2", "2024-03-01", 0.8, None)])
    assert "units are never assumed" in data.unmapped[0].reason


@pytest.mark.parametrize("comparator", ["<", ">", "<=", ">="])
def test_a_censored_value_is_reported(comparator: str) -> None:
    observation = quantity_obs("u1", "2890-2", "2024-03-01", 0.1, "g/g", comparator=comparator)
    data = read_fhir([observation])
    assert data.visits == () and "censored" in data.unmapped[0].reason


def test_an_implausible_value_is_reported_with_the_likely_mix_up() -> None:
    data = read_fhir([quantity_obs("c1", "2160-0", "2024-03-01", 88, "mg/dL")])
    assert data.visits == ()
    assert "umol/L" in data.unmapped[0].reason


@pytest.mark.parametrize("status", ["preliminary", "registered", "cancelled", "entered-in-error"])
def test_observations_that_are_not_final_are_reported(status: str) -> None:
    data = read_fhir([upcr("u1", "2024-03-01", "0.8") | {"status": status}])
    assert data.visits == () and f"status {status!r}" in data.unmapped[0].reason


@pytest.mark.parametrize("status", ["final", "amended", "corrected"])
def test_final_amended_and_corrected_observations_are_read(status: str) -> None:
    assert read_fhir([upcr("u1", "2024-03-01", "0.8") | {"status": status}]).visits


def test_an_unknown_loinc_code_is_reported_with_the_code() -> None:
    data = read_fhir([quantity_obs("x", "1234-5", "2024-03-01", 1, "mg/dL")])
    assert data.unmapped[0].code == f"{LOINC}|1234-5"
    assert data.unmapped[0].reason == "no LOINC code the reader maps"


def test_a_value_without_value_quantity_is_reported() -> None:
    observation = upcr("u1", "2024-03-01", "0.8")
    del observation["valueQuantity"]
    observation["valueString"] = "0.8"
    assert "no valueQuantity" in reasons([observation])[0]


def test_data_absent_reason_is_reported() -> None:
    observation = upcr("u1", "2024-03-01", "0.8")
    del observation["valueQuantity"]
    observation["dataAbsentReason"] = {"coding": [{"code": "not-performed"}]}
    assert "dataAbsentReason" in reasons([observation])[0]


def test_the_date_is_the_calendar_date_as_written_without_time_zone_conversion() -> None:
    data = read_fhir([upcr("u1", "2024-03-01T23:30:00-08:00", "0.8")])
    assert data.visits[0].date == date(2024, 3, 1)


def test_effective_period_start_then_issued_date_the_observation() -> None:
    by_period = upcr("u1", "ignored", "0.8")
    del by_period["effectiveDateTime"]
    by_period["effectivePeriod"] = {"start": "2024-03-02", "end": "2024-03-03"}
    by_issued = upcr("u2", "ignored", "0.9", loinc="34366-5")
    del by_issued["effectiveDateTime"]
    by_issued["issued"] = "2024-03-05T10:00:00Z"
    data = read_fhir([by_period, by_issued])
    assert [v.date for v in data.visits] == [date(2024, 3, 2), date(2024, 3, 5)]


@pytest.mark.parametrize("day", ["2024", "2024-03"])
def test_a_partial_observation_date_is_reported(day: str) -> None:
    assert "partial date" in reasons([upcr("u1", day, "0.8")])[0]


def test_an_observation_without_a_date_is_reported() -> None:
    observation = upcr("u1", "x", "0.8")
    del observation["effectiveDateTime"]
    assert reasons([observation]) == ["no effective date or issued date"]


# ----------------------------------------------------------------------------- visits


def test_observations_of_one_day_become_one_visit() -> None:
    data = read_fhir(
        [upcr("u1", "2024-03-01T08:00:00Z", "0.8"), egfr("e1", "2024-03-01T10:00:00Z", 70)]
    )
    assert len(data.visits) == 1
    assert data.visits[0].upcr is not None and data.visits[0].egfr is not None


def test_identical_duplicates_of_one_day_are_merged_and_both_cited() -> None:
    data = read_fhir([upcr("u1", "2024-03-01", "0.8"), upcr("u2", "2024-03-01", "0.8")])
    assert data.visits[0].upcr is not None
    assert data.resources_for("upcr") == ("Observation/u1", "Observation/u2")


def test_conflicting_values_of_one_day_are_reported_and_neither_is_used() -> None:
    data = read_fhir(
        [
            upcr("u1", "2024-03-01", "0.8"),
            upcr("u2", "2024-03-01", "1.2"),
            egfr("e", "2024-03-01", 70),
        ]
    )
    assert data.visits[0].upcr is None and data.visits[0].egfr is not None
    assert {u.resource for u in data.unmapped} == {"Observation/u1", "Observation/u2"}
    assert all("conflicting upcr" in u.reason for u in data.unmapped)


def test_visits_are_sorted_by_date() -> None:
    data = read_fhir([upcr("b", "2024-05-01", "0.4"), upcr("a", "2024-03-01", "0.8")])
    assert [v.date for v in data.visits] == [date(2024, 3, 1), date(2024, 5, 1)]


# ----------------------------------------------------------------------------- specimen, equation


def test_the_24_hour_upcr_code_records_a_24_hour_specimen() -> None:
    data = read_fhir([upcr("u", "2024-03-01", "0.8", loinc="40486-3")])
    assert data.visits[0].upcr is not None and data.visits[0].upcr.specimen is Specimen.H24


def test_a_plain_urine_upcr_code_leaves_the_specimen_unreported_by_default() -> None:
    data = read_fhir([upcr("u", "2024-03-01", "0.8")])
    assert data.visits[0].upcr is not None and data.visits[0].upcr.specimen is None


def test_the_caller_can_declare_the_specimen_of_plain_urine_upcr_codes() -> None:
    data = read_fhir([upcr("u", "2024-03-01", "0.8")], urine_upcr_specimen="spot")
    assert data.visits[0].upcr is not None and data.visits[0].upcr.specimen is Specimen.SPOT
    data = read_fhir([upcr("u", "2024-03-01", "0.8", loinc="40486-3")], urine_upcr_specimen="spot")
    assert data.visits[0].upcr is not None and data.visits[0].upcr.specimen is Specimen.H24


def test_an_unknown_specimen_option_is_an_input_error() -> None:
    with pytest.raises(InputError, match="urine_upcr_specimen"):
        read_fhir([], urine_upcr_specimen="morning")


@pytest.mark.parametrize(
    ("loinc", "equation"),
    [
        ("98979-8", "ckd-epi-2021-cr"),
        ("98980-6", "ckd-epi-2021-cr-cys"),
        ("88293-6", "ckd-epi-2009-cr"),
        ("88294-4", "ckd-epi-2009-cr"),
        ("33914-3", "mdrd"),
        ("62238-1", None),
        ("50210-4", None),
        ("69405-9", None),
    ],
)
def test_egfr_codes_record_the_equation_they_name(loinc: str, equation: str | None) -> None:
    data = read_fhir([egfr("e", "2024-03-01", 70, loinc=loinc)])
    assert data.visits[0].egfr is not None and data.visits[0].egfr.equation == equation


# ----------------------------------------------------------------------------- blood pressure


def test_a_blood_pressure_panel_becomes_one_blood_pressure() -> None:
    data = read_fhir([bp_panel("bp", "2024-03-01", 138, 88)])
    pressure = data.visits[0].blood_pressure
    assert pressure is not None and (pressure.systolic, pressure.diastolic) == (138, 88)


def test_a_panel_without_both_components_is_reported() -> None:
    panel = bp_panel("bp", "2024-03-01", 138, 88)
    panel["component"] = panel["component"][:1]
    assert "without both" in reasons([panel])[0]


def test_standalone_systolic_and_diastolic_of_one_day_are_paired() -> None:
    data = read_fhir(
        [
            quantity_obs("s", "8480-6", "2024-03-01", 150, "mm[Hg]"),
            quantity_obs("d", "8462-4", "2024-03-01", 95, "mm[Hg]"),
        ]
    )
    pressure = data.visits[0].blood_pressure
    assert pressure is not None and (pressure.systolic, pressure.diastolic) == (150, 95)
    assert data.resources_for("blood_pressure") == ("Observation/s", "Observation/d")


def test_unpairable_standalone_pressures_are_reported() -> None:
    data = read_fhir([quantity_obs("s", "8480-6", "2024-03-01", 150, "mm[Hg]")])
    assert data.visits == () and "cannot be paired" in data.unmapped[0].reason


def test_a_diastolic_above_the_systolic_is_reported() -> None:
    assert "diastolic" in reasons([bp_panel("bp", "2024-03-01", 80, 120)])[0]


# ----------------------------------------------------------------------------- casts


@pytest.mark.parametrize(("count", "expected"), [(0, False), (1, True), (3, True)])
def test_a_cast_count_above_zero_means_casts_were_seen(count: int, expected: bool) -> None:
    data = read_fhir([quantity_obs("c", "51790-4", "2024-03-01", count, "/[LPF]")])
    assert data.visits[0].has_red_cell_casts is expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("52101004", True), ("10828004", True), ("2667000", False), ("260385009", False)],
)
def test_coded_cast_answers_are_read(code: str, expected: bool) -> None:
    data = read_fhir([coded_obs("c", "49103-5", "2024-03-01", SNOMED, code)])
    assert data.visits[0].has_white_cell_casts is expected


def test_a_boolean_cast_value_is_read() -> None:
    observation = coded_obs("c", "51790-4", "2024-03-01", SNOMED, "x")
    del observation["valueCodeableConcept"]
    observation["valueBoolean"] = True
    assert read_fhir([observation]).visits[0].has_red_cell_casts is True


def test_an_unknown_cast_answer_is_reported() -> None:
    data = read_fhir([coded_obs("c", "51790-4", "2024-03-01", SNOMED, "123")])
    assert data.visits == () and "known code" in data.unmapped[0].reason


def test_a_cast_count_in_another_unit_is_reported() -> None:
    data = read_fhir([quantity_obs("c", "51790-4", "2024-03-01", 2, "/mL")])
    assert "count per field" in data.unmapped[0].reason


# ----------------------------------------------------------------------------- pregnancy


def test_a_pregnancy_status_of_pregnant_holds_until_a_later_negative_one() -> None:
    data = read_fhir(
        [
            coded_obs("p1", "82810-3", "2024-03-01", SNOMED, "77386006"),
            upcr("u", "2024-06-01", "0.8"),
        ]
    )
    assert data.is_pregnant_on(date(2024, 6, 1)) is True
    assert data.to_patient_context().is_pregnant is True


def test_a_not_pregnant_status_holds_on_its_own_date_only_by_default() -> None:
    data = read_fhir([coded_obs("p1", "82810-3", "2024-03-01", fhir_codes.LOINC, "LA26683-5")])
    assert data.is_pregnant_on(date(2024, 3, 1)) is False
    assert data.is_pregnant_on(date(2024, 3, 2)) is None


def test_the_validity_of_a_negative_pregnancy_status_is_a_caller_option() -> None:
    observation = coded_obs("p1", "82810-3", "2024-03-01", SNOMED, "60001007")
    data = read_fhir([observation], negative_pregnancy_valid_days=7)
    assert data.is_pregnant_on(date(2024, 3, 8)) is False
    assert data.is_pregnant_on(date(2024, 3, 9)) is None


@pytest.mark.parametrize("bad", [-1, 1.5, True, "7"])
def test_an_invalid_pregnancy_validity_is_an_input_error(bad: object) -> None:
    with pytest.raises(InputError, match="negative_pregnancy_valid_days"):
        read_fhir([], negative_pregnancy_valid_days=bad)  # type: ignore[arg-type]


def test_an_active_pregnancy_condition_means_pregnant() -> None:
    data = read_fhir([condition("c", "77386006", onset="2024-02-01")])
    assert data.is_pregnant_on(date(2024, 3, 1)) is True


def test_an_icd10cm_pregnancy_condition_is_read() -> None:
    data = read_fhir([condition("c", "Z33.1", system=fhir_codes.ICD10CM)])
    assert data.is_pregnant_on() is True


def test_a_resolved_pregnancy_condition_is_reported_not_read_as_not_pregnant() -> None:
    data = read_fhir([condition("c", "77386006", clinical="resolved")])
    assert data.is_pregnant_on() is None
    assert "not read as 'not pregnant'" in data.unmapped[0].reason


def test_an_unknown_pregnancy_answer_is_reported() -> None:
    data = read_fhir([coded_obs("p", "82810-3", "2024-03-01", SNOMED, "261665006")])
    assert data.pregnancy == () and data.unmapped


# ----------------------------------------------------------------------------- classes


def test_a_who_class_concept_is_read_as_the_same_isn_rps_class() -> None:
    data = read_fhir([condition("c", "36402006", onset="2023-12-20")])
    assert data.isn_rps_classes() == (IsnRpsClass.IV,)
    assert data.to_patient_context().isn_rps_classes == (IsnRpsClass.IV,)


def test_classes_of_one_biopsy_date_combine_and_a_later_biopsy_wins() -> None:
    data = read_fhir(
        [
            condition("a", "76521009", onset="2022-01-10"),
            condition("b", "52042003", onset="2022-01-10"),
            condition("c", "36402006", onset="2024-05-02"),
        ]
    )
    assert data.isn_rps_classes(date(2023, 1, 1)) == (IsnRpsClass.III, IsnRpsClass.V)
    assert data.isn_rps_classes() == (IsnRpsClass.IV,)


def test_who_class_concepts_can_be_refused() -> None:
    data = read_fhir([condition("c", "36402006")], who_class_as_isn_rps=False)
    assert data.isn_rps_classes() is None and "who_class_as_isn_rps" in data.unmapped[0].reason


def test_a_refuted_condition_is_reported() -> None:
    resource = condition("c", "36402006")
    resource["verificationStatus"] = {"coding": [{"system": "x", "code": "refuted"}]}
    data = read_fhir([resource])
    assert data.classes == () and "refuted" in data.unmapped[0].reason


def test_an_unmapped_condition_is_reported_with_its_code() -> None:
    data = read_fhir([condition("c", "55464009")])
    assert data.unmapped[0].code == f"{SNOMED}|55464009"


# ----------------------------------------------------------------------------- medications


@pytest.mark.parametrize(
    ("code", "drug"), [(i.key, i.drug) for i in fhir_codes.RXNORM_CODES.values() if i.drug]
)
def test_rxnorm_ingredients_map_to_their_drug(code: str, drug: DrugName) -> None:
    data = read_fhir([medication_request("m", rx(code))])
    assert data.medications[0].drug is drug


@pytest.mark.parametrize(
    ("text", "drug"),
    [
        ("Voclosporin 7.9 mg capsule", DrugName.VOCLOSPORIN),
        ("LUPKYNIS", DrugName.VOCLOSPORIN),
        ("Benlysta 200 mg/mL autoinjector", DrugName.BELIMUMAB),
        ("mycophenolate mofetil 500 mg", DrugName.MYCOPHENOLATE_MOFETIL),
        ("Mycophenolate sodium DR 360 mg", DrugName.MYCOPHENOLIC_ACID),
        ("obinutuzumab infusion", DrugName.OBINUTUZUMAB),
    ],
)
def test_drugs_without_a_checked_rxcui_are_matched_by_name(text: str, drug: DrugName) -> None:
    assert read_fhir([medication_request("m", named(text))]).medications[0].drug is drug


def test_a_bare_mycophenolate_is_ambiguous_and_reported() -> None:
    data = read_fhir([medication_request("m", named("mycophenolate 500 mg"))])
    assert data.medications == () and "ambiguous" in data.unmapped[0].reason


def test_a_medication_naming_two_drugs_is_reported() -> None:
    data = read_fhir([medication_request("m", named("tacrolimus and voclosporin"))])
    assert data.medications == () and "several drugs" in data.unmapped[0].reason


def test_an_unrelated_medication_is_reported() -> None:
    data = read_fhir([medication_request("m", named("amlodipine 5 mg"))])
    assert "not a drug the rules read" in data.unmapped[0].reason


def test_a_strong_cyp3a4_inhibitor_named_by_the_voclosporin_label_sets_the_context() -> None:
    data = read_fhir([medication_request("k", named("Ketoconazole 200 mg tablet"))])
    assert data.cyp3a4_inhibitor is Cyp3a4Inhibition.STRONG
    assert data.to_patient_context().cyp3a4_inhibitor is Cyp3a4Inhibition.STRONG


def test_no_known_inhibitor_leaves_cyp3a4_unknown_never_none() -> None:
    data = read_fhir([medication_request("m", named("amlodipine"))])
    assert data.to_patient_context().cyp3a4_inhibitor is None


def test_contained_and_bundle_medication_references_are_resolved() -> None:
    contained = medication_request("m1", {})
    del contained["medicationCodeableConcept"]
    contained["medicationReference"] = {"reference": "#med"}
    contained["contained"] = [{"resourceType": "Medication", "id": "med", "code": rx("3002")}]
    referenced = medication_request("m2", {})
    del referenced["medicationCodeableConcept"]
    referenced["medicationReference"] = {"reference": "Medication/aza"}
    medication = {"resourceType": "Medication", "id": "aza", "code": rx("1256")}
    data = read_fhir([contained, referenced, medication])
    assert [m.drug for m in data.medications] == [DrugName.CYCLOPHOSPHAMIDE, DrugName.AZATHIOPRINE]


@pytest.mark.parametrize("status", ["cancelled", "entered-in-error", "unknown"])
def test_cancelled_requests_are_reported(status: str) -> None:
    data = read_fhir([medication_request("m", rx("3002"), status=status)])
    assert data.medications == () and "status" in data.unmapped[0].reason


# ----------------------------------------------------------------------------- glucocorticoids


def prednisone(**kwargs: object) -> dict[str, object]:
    base: dict[str, object] = {"dose": (10, "mg"), "end": "2024-01-31"}
    base.update(kwargs)
    return medication_request("gc", rx("8640"), **base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("frequency", "period", "unit", "daily"),
    [(1, 1, "d", 10), (2, 1, "d", 20), (1, 12, "h", 20), (3, 1, "d", 30), (1, 24, "h", 10)],
)
def test_the_daily_dose_is_dose_times_frequency_per_day(
    frequency: int, period: int, unit: str, daily: int
) -> None:
    data = read_fhir([prednisone(frequency=frequency, period=period, period_unit=unit)])
    record = data.glucocorticoids[0]
    assert record.daily_dose.value == daily and record.drug is Glucocorticoid.PREDNISONE
    assert (record.start, record.end) == (date(2024, 1, 8), date(2024, 1, 31))


def test_a_timing_code_gives_the_frequency() -> None:
    request = prednisone(frequency=None, period=None, period_unit=None)
    request["dosageInstruction"][0]["timing"]["code"] = {  # type: ignore[index]
        "coding": [{"system": fhir_codes.GTS_ABBREVIATION, "code": "BID"}]
    }
    assert read_fhir([request]).glucocorticoids[0].daily_dose.value == 20


@pytest.mark.parametrize(("period", "unit"), [(2, "d"), (1, "wk")])
def test_alternate_day_or_weekly_doses_are_not_daily_records(period: int, unit: str) -> None:
    data = read_fhir([prednisone(period=period, period_unit=unit)])
    assert data.glucocorticoids == () and "not a daily dose record" in data.unmapped[0].reason


def test_a_dose_in_tablets_is_reported() -> None:
    data = read_fhir([prednisone(dose=(2, "{tbl}"))])
    assert data.glucocorticoids == () and data.unmapped[0].unit == "{tbl}"


def test_a_dose_range_is_reported() -> None:
    request = prednisone()
    request["dosageInstruction"][0]["doseAndRate"] = [  # type: ignore[index]
        {"doseRange": {"low": {"value": 5}, "high": {"value": 10}}}
    ]
    assert "dose range" in reasons([request])[0]


def test_an_open_ended_record_needs_as_of() -> None:
    data = read_fhir([prednisone(end=None)])
    assert data.glucocorticoids == () and "as_of" in data.unmapped[0].reason
    data = read_fhir([prednisone(end=None)], as_of=date(2024, 2, 15))
    assert data.glucocorticoids[0].end == date(2024, 2, 15)


def test_bounds_duration_sets_the_last_day() -> None:
    request = prednisone(end=None)
    request["dosageInstruction"][0]["timing"]["repeat"]["boundsDuration"] = {  # type: ignore[index]
        "value": 14,
        "unit": "days",
        "code": "d",
    }
    assert read_fhir([request]).glucocorticoids[0].end == date(2024, 1, 21)


def test_a_request_without_bounds_is_dated_by_authored_on_only_when_asked() -> None:
    request = prednisone(start=None, end=None)
    request["authoredOn"] = "2024-02-01"
    assert read_fhir([request]).glucocorticoids == ()
    data = read_fhir([request], request_start_from_authored_on=True, as_of=date(2024, 2, 10))
    assert data.glucocorticoids[0].start == date(2024, 2, 1)


def test_administrations_are_one_day_records_that_add_up() -> None:
    data = read_fhir(
        [administration("a", "2024-01-08T09:00:00Z", 500), administration("b", "2024-01-08", 250)]
    )
    assert [g.daily_dose.value for g in data.glucocorticoids] == [500, 250]
    assert all(g.route == "iv" and g.end == date(2024, 1, 8) for g in data.glucocorticoids)
    assert data.glucocorticoid_resources == (
        "MedicationAdministration/a",
        "MedicationAdministration/b",
    )


def test_routes_are_read_and_an_unknown_route_keeps_the_dose() -> None:
    assert read_fhir([prednisone(route="26643006")]).glucocorticoids[0].route == "oral"
    data = read_fhir([prednisone(route="999")])
    assert data.glucocorticoids[0].route is None
    assert data.unmapped[0].path == "dosage.route"


# ----------------------------------------------------------------------------- course


def test_the_treatment_start_is_the_first_immunosuppressant_not_hcq_or_glucocorticoids() -> None:
    data = read_fhir(
        [
            medication_request("hcq", rx("5521"), start="2023-01-01"),
            administration("mp", "2024-01-05", 500),
            medication_request("mmf", named("mycophenolate mofetil"), start="2024-01-08"),
        ]
    )
    assert data.treatment_start() == date(2024, 1, 8)


def test_without_a_dated_immunosuppressant_the_course_needs_start_date() -> None:
    data = read_fhir([medication_request("hcq", rx("5521")), upcr("u", "2024-03-01", "1")])
    with pytest.raises(InputError, match="start_date"):
        data.to_course()
    assert data.to_course(date(2024, 2, 1)).start_date == date(2024, 2, 1)


def test_the_baseline_is_the_latest_visit_on_or_before_the_start() -> None:
    data = read_fhir(
        [
            upcr("a", "2023-12-01", "4.0"),
            upcr("b", "2024-01-08", "3.2"),
            upcr("c", "2024-07-01", "0.4"),
        ]
    )
    course = data.to_course(date(2024, 1, 8))
    assert course.baseline is not None and course.baseline.date == date(2024, 1, 8)
    assert [v.date for v in course.visits] == [date(2024, 7, 1)]
    course = data.to_course(date(2024, 1, 8), baseline="none")
    assert course.baseline is None and next(v.date for v in course.visits) == date(2024, 1, 8)


def test_an_unknown_baseline_rule_is_an_input_error() -> None:
    with pytest.raises(InputError, match="baseline"):
        read_fhir([]).to_course(date(2024, 1, 1), baseline="nadir")  # type: ignore[arg-type]


def test_course_from_fhir_returns_the_course_with_its_unmapped_list() -> None:
    result = course_from_fhir(example_bundle())
    assert isinstance(result.course, TreatmentCourse)
    assert result.unmapped == result.data.unmapped


def test_the_fhir_course_gives_the_same_decisions_as_the_same_course_written_as_json() -> None:
    fhir = course_from_fhir(example_bundle()).course
    by_hand = TreatmentCourse.model_validate(
        {
            "start_date": "2024-01-08",
            "patient": {"id": "ln-1", "sex": "female", "birth_date": "1990-04-12"},
            "baseline": {
                "date": "2024-01-08",
                "upcr": "3.2 g/g",
                "egfr": {"value": 78, "unit": "mL/min/{1.73_m2}", "equation": "ckd-epi-2021-cr"},
                "creatinine": "0.98 mg/dL",
                "urine_rbc": "25 /[HPF]",
                "has_red_cell_casts": True,
                "blood_pressure": {"systolic": 138, "diastolic": 88, "unit": "mm[Hg]"},
            },
            "visits": [
                {
                    "date": "2024-07-08",
                    "upcr": "0.9 g/g",
                    "egfr": {
                        "value": 82,
                        "unit": "mL/min/{1.73_m2}",
                        "equation": "ckd-epi-2021-cr",
                    },
                },
                {
                    "date": "2025-01-06",
                    "upcr": "38 mg/mmol",
                    "egfr": {
                        "value": 84,
                        "unit": "mL/min/{1.73_m2}",
                        "equation": "ckd-epi-2021-cr",
                    },
                    "has_red_cell_casts": False,
                    "blood_pressure": {"systolic": 124, "diastolic": 78, "unit": "mm[Hg]"},
                },
            ],
            "glucocorticoids": [
                {
                    "start": d,
                    "end": d,
                    "daily_dose": "500 mg",
                    "drug": "methylprednisolone",
                    "route": "iv",
                }
                for d in ("2024-01-08", "2024-01-09", "2024-01-10")
            ]
            + [
                {
                    "start": a,
                    "end": b,
                    "daily_dose": f"{mg} mg",
                    "drug": "prednisone",
                    "route": "oral",
                }
                for a, b, mg in (
                    ("2024-01-11", "2024-02-07", 40),
                    ("2024-02-08", "2024-03-06", 20),
                    ("2024-03-07", "2024-04-03", 10),
                    ("2024-04-04", "2025-01-06", 5),
                )
            ],
        }
    )
    assert fhir == by_hand
    for left, right in zip(
        compare_renal_response(fhir), compare_renal_response(by_hand), strict=True
    ):
        assert left.to_json() == right.to_json()


# ----------------------------------------------------------------------------- regimen, context


def test_the_regimen_is_the_current_drugs_plus_the_drafts() -> None:
    data = read_fhir(
        [
            medication_request("mmf", named("mycophenolate mofetil"), start="2024-01-08"),
            medication_request(
                "old", rx("1256"), status="completed", start="2020-01-01", end="2021-01-01"
            ),
            upcr("u", "2024-03-01", "1"),
        ],
        draft_orders=bundle(medication_request("voc", named("voclosporin"), status="draft")),
    )
    regimen = data.regimen()
    assert regimen is not None
    assert set(regimen.drugs) == {DrugName.MYCOPHENOLATE_MOFETIL, DrugName.VOCLOSPORIN}
    assert data.regimen(include_drafts=False) is not None
    without = data.regimen(only_drafts=[])
    assert without is not None and DrugName.VOCLOSPORIN not in without.drugs
    assert data.draft_resources(DrugName.VOCLOSPORIN) == ("MedicationRequest/voc",)


def test_no_drug_means_no_regimen() -> None:
    assert read_fhir([upcr("u", "2024-03-01", "1")]).regimen() is None


def test_the_context_takes_each_measure_at_its_latest_date() -> None:
    data = read_fhir(
        [
            patient(),
            egfr("e", "2024-01-01", 40),
            upcr("u", "2024-03-01", "2"),
            bp_panel("b", "2024-02-01", 130, 80),
        ]
    )
    context = data.to_patient_context()
    assert context.egfr is not None and context.egfr.value == 40
    assert context.upcr is not None and context.blood_pressure is not None
    assert context.age_years == 33 and context.sex is not None
    assert data.to_patient_context(date(2024, 1, 15)).upcr is None


def test_biopsy_findings_come_from_the_latest_visit_with_the_egfr_history() -> None:
    data = read_fhir(
        [
            egfr("e1", "2024-01-01", 70),
            upcr("u1", "2024-01-01", "0.3"),
            egfr("e2", "2024-03-01", 55),
            upcr("u2", "2024-03-01", "0.9"),
        ]
    )
    findings = data.to_biopsy_findings()
    assert findings.assessed_on == date(2024, 3, 1)
    assert len(findings.egfr_history) == 2 and len(findings.previous_upcr) == 1
    with pytest.raises(InputError):
        read_fhir([]).to_biopsy_findings()


def test_the_example_bundle_reads_without_skips_and_classifies() -> None:
    data = read_fhir(example_bundle())
    assert data.unmapped == ()
    decision = classify_renal_response(data.to_course(), "kdigo-2024")
    assert decision.verdict == "complete"


def test_to_dict_is_json_ready() -> None:
    import json

    text = json.dumps(read_fhir(example_bundle()).to_dict())
    assert '"unmapped": []' in text


# ----------------------------------------------------------------------------- properties


@settings(max_examples=40, deadline=None)
@given(st.permutations(list(range(6))))
def test_the_order_of_resources_does_not_change_what_is_read(order: list[int]) -> None:
    resources = [
        patient(),
        upcr("u1", "2024-01-08", "3.2"),
        egfr("e1", "2024-01-08", 78),
        upcr("u2", "2024-07-08", "0.4"),
        bp_panel("bp", "2024-07-08", 120, 80),
        medication_request("mmf", named("mycophenolate mofetil")),
    ]
    shuffled = [resources[i] for i in order]
    assert read_fhir(shuffled).visits == read_fhir(resources).visits


@settings(max_examples=60, deadline=None)
@given(
    st.decimals(min_value="0", max_value="25", places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(sorted(SPECS[fhir_codes.OBSERVATION_CODES["2890-2"].quantity].factors)),  # type: ignore[index]
)
def test_a_fhir_upcr_equals_the_model_built_from_the_same_value_and_unit(
    value: Decimal, unit: str
) -> None:
    from lupus_nephritis.errors import LupusNephritisError
    from lupus_nephritis.models import UPCR

    try:
        expected = UPCR.model_validate({"value": str(value), "unit": unit})
    except (LupusNephritisError, ValueError):
        data = read_fhir([upcr("u", "2024-01-01", str(value), unit)])
        assert data.visits == () and len(data.unmapped) == 1
        return
    data = read_fhir([upcr("u", "2024-01-01", str(value), unit)])
    assert data.visits[0].upcr == expected
    assert data.visits[0].upcr is not None and data.visits[0].upcr.canonical == expected.canonical


def test_the_rxnorm_system_constant_is_the_fhir_uri() -> None:
    assert RXNORM == fhir_codes.RXNORM


# ----------------------------------------------------------------------------- robustness

_fhir_keys = st.sampled_from(
    [
        "resourceType", "id", "status", "code", "coding", "system", "valueQuantity", "value",
        "unit", "comparator", "effectiveDateTime", "effectivePeriod", "start", "end", "issued",
        "subject", "reference", "component", "valueCodeableConcept", "valueBoolean",
        "dosageInstruction", "dosage", "timing", "repeat", "frequency", "period", "periodUnit",
        "boundsPeriod", "boundsDuration", "doseAndRate", "doseQuantity", "dose", "route",
        "medicationCodeableConcept", "medicationReference", "contained", "text", "display",
        "clinicalStatus", "verificationStatus", "onsetDateTime", "gender", "birthDate", "entry",
        "resource", "authoredOn",
    ]
)  # fmt: skip
_fhir_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**4),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "Observation", "Patient", "Condition", "MedicationRequest", "MedicationStatement",
            "MedicationAdministration", "Bundle", "Medication", "final", "active", "draft",
            "completed", "http://loinc.org", "http://unitsofmeasure.org", RXNORM, SNOMED,
            "2890-2", "98979-8", "85354-9", "8480-6", "51790-4", "82810-3", "8640", "36402006",
            "g/g", "mg", "d", "h", "wk", "2024-01-08", "2024", "2024-13-45", "Patient/p1",
            "#m", "voclosporin", "mycophenolate", "<", "1.5", "-3", "x",
        ]
    ),
)  # fmt: skip
_fhir_junk = st.recursive(
    _fhir_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(_fhir_keys, children, max_size=6)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_fhir_junk)
def test_fhir_shaped_junk_raises_only_documented_errors(data: object) -> None:
    from pydantic import ValidationError

    from lupus_nephritis.errors import LupusNephritisError

    try:
        result = read_fhir(data, as_of=date(2025, 1, 1), draft_orders=[data])
    except LupusNephritisError:
        return
    for call in (
        result.to_course,
        result.to_patient_context,
        result.to_biopsy_findings,
        result.regimen,
        result.to_dict,
    ):
        with contextlib.suppress(LupusNephritisError, ValidationError):
            call()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"as_of": "2024-01-01"},
        {"who_class_as_isn_rps": "yes"},
        {"request_start_from_authored_on": 1},
        {"draft_orders": None},
    ],
)
def test_invalid_reader_options_are_input_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(InputError):
        read_fhir([], **kwargs)  # type: ignore[arg-type]


def test_an_invalid_start_date_is_an_input_error() -> None:
    with pytest.raises(InputError, match="start_date"):
        read_fhir([]).to_course("2024-01-01")  # type: ignore[arg-type]
