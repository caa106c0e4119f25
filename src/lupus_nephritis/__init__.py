"""lupus-nephritis: typed, explainable, cited rules for lupus nephritis.

Public functions and types are re-exported here and loaded lazily on first use, so
``import lupus_nephritis`` costs almost nothing; the rule-set modules load when the registry
or a rule function is first used.

Quick start::

    from lupus_nephritis import egfr_ckd_epi_2021, list_rule_sets

    egfr_ckd_epi_2021(creatinine_mg_dl=1.1, age=50, sex="male")  # 81.78...
    [r.key for r in list_rule_sets()]
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from lupus_nephritis._version import __version__

# name -> module that defines it (the single place the public surface is declared)
_EXPORTS: dict[str, str] = {
    # errors
    "LupusNephritisError": "lupus_nephritis.errors",
    "InputError": "lupus_nephritis.errors",
    "InputValidationError": "lupus_nephritis.errors",
    "UnitValidationError": "lupus_nephritis.errors",
    "ImplausibleValueValidationError": "lupus_nephritis.errors",
    "UnitError": "lupus_nephritis.errors",
    "ImplausibleValueError": "lupus_nephritis.errors",
    "OutOfDomainError": "lupus_nephritis.errors",
    "UnknownRuleSetError": "lupus_nephritis.errors",
    "OptionError": "lupus_nephritis.errors",
    "UnknownCriterionError": "lupus_nephritis.errors",
    # logic and decisions
    "Outcome": "lupus_nephritis.logic",
    "all_of": "lupus_nephritis.logic",
    "any_of": "lupus_nephritis.logic",
    "negate": "lupus_nephritis.logic",
    "Criterion": "lupus_nephritis.decisions",
    "Decision": "lupus_nephritis.decisions",
    "Evidence": "lupus_nephritis.decisions",
    "ResponseCategory": "lupus_nephritis.decisions",
    "BiopsyIndication": "lupus_nephritis.decisions",
    "Eligibility": "lupus_nephritis.decisions",
    "TaperStatus": "lupus_nephritis.decisions",
    "FlareSeverity": "lupus_nephritis.decisions",
    # units
    "Quantity": "lupus_nephritis.units",
    "convert": "lupus_nephritis.units",
    "canonicalize": "lupus_nephritis.units",
    # thresholds
    "Comparator": "lupus_nephritis.thresholds",
    "Threshold": "lupus_nephritis.thresholds",
    "Option": "lupus_nephritis.thresholds",
    "percent_reduction": "lupus_nephritis.thresholds",
    "percent_change": "lupus_nephritis.thresholds",
    "percent_of": "lupus_nephritis.thresholds",
    # models
    "Patient": "lupus_nephritis.models",
    "Visit": "lupus_nephritis.models",
    "TreatmentCourse": "lupus_nephritis.models",
    "GlucocorticoidDose": "lupus_nephritis.models",
    "CourseEvent": "lupus_nephritis.models",
    "EventType": "lupus_nephritis.models",
    "Sex": "lupus_nephritis.models",
    "Specimen": "lupus_nephritis.models",
    "DipstickGrade": "lupus_nephritis.models",
    "UPCR": "lupus_nephritis.models",
    "Protein24h": "lupus_nephritis.models",
    "Creatinine": "lupus_nephritis.models",
    "CystatinC": "lupus_nephritis.models",
    "EGFR": "lupus_nephritis.models",
    "BloodPressure": "lupus_nephritis.models",
    # glucocorticoid equivalence
    "Glucocorticoid": "lupus_nephritis.steroids",
    "prednisone_equivalent": "lupus_nephritis.steroids",
    # sources and registry
    "Source": "lupus_nephritis.sources",
    "get_source": "lupus_nephritis.sources",
    "list_sources": "lupus_nephritis.sources",
    "RuleSet": "lupus_nephritis.registry",
    "RuleKind": "lupus_nephritis.registry",
    "get_rule_set": "lupus_nephritis.registry",
    "list_rule_sets": "lupus_nephritis.registry",
    # renal response
    "classify_renal_response": "lupus_nephritis.criteria.response.api",
    "compare_renal_response": "lupus_nephritis.criteria.response.api",
    "ResponseComparison": "lupus_nephritis.criteria.response.api",
    "explain_decision": "lupus_nephritis.criteria.response.api",
    # flares
    "detect_renal_flares": "lupus_nephritis.criteria.flares.api",
    # biopsy and pathology
    "assess_biopsy_indication": "lupus_nephritis.criteria.biopsy.api",
    "compare_biopsy_indications": "lupus_nephritis.criteria.biopsy.api",
    "BiopsyFindings": "lupus_nephritis.criteria.biopsy.models",
    "classify_isn_rps": "lupus_nephritis.criteria.pathology.api",
    "compute_nih_activity_index": "lupus_nephritis.criteria.pathology.api",
    "compute_nih_chronicity_index": "lupus_nephritis.criteria.pathology.api",
    "KidneyBiopsy": "lupus_nephritis.criteria.pathology.models",
    "NIHActivityComponents": "lupus_nephritis.criteria.pathology.models",
    "NIHChronicityComponents": "lupus_nephritis.criteria.pathology.models",
    "NIHIndex": "lupus_nephritis.criteria.pathology.nih_indices",
    # regimens
    "check_regimen_eligibility": "lupus_nephritis.regimens.eligibility.api",
    "check_regimens": "lupus_nephritis.regimens.eligibility.api",
    "EligibilityTable": "lupus_nephritis.regimens.eligibility.api",
    "voclosporin_dose_action": "lupus_nephritis.regimens.voclosporin_dosing.api",
    "check_belimumab_dosing": "lupus_nephritis.regimens.belimumab_dosing.api",
    "list_therapy_evidence": "lupus_nephritis.regimens.evidence",
    "get_therapy_evidence": "lupus_nephritis.regimens.evidence",
    "TherapyEvidence": "lupus_nephritis.regimens.evidence",
    "check_safety_stop_rule": "lupus_nephritis.regimens.safety.api",
    "check_safety_stop_rules": "lupus_nephritis.regimens.safety.api",
    "list_stop_rules_not_found": "lupus_nephritis.regimens.safety.api",
    "SafetyLabs": "lupus_nephritis.regimens.safety.engine",
    "SafetyStatus": "lupus_nephritis.regimens.safety.engine",
    "SerumIgG": "lupus_nephritis.regimens.safety.engine",
    "BelimumabDose": "lupus_nephritis.regimens.belimumab_dosing.models",
    "BelimumabDosingCheck": "lupus_nephritis.regimens.belimumab_dosing.engine",
    "BelimumabDoseStatus": "lupus_nephritis.regimens.belimumab_dosing.engine",
    "BelimumabDosingStatus": "lupus_nephritis.regimens.belimumab_dosing.engine",
    "suggest_regimens": "lupus_nephritis.regimens.algorithm",
    "classify_treatment_phase": "lupus_nephritis.regimens.phase.api",
    "RegimenSuggestions": "lupus_nephritis.regimens.algorithm",
    "Suggestion": "lupus_nephritis.regimens.algorithm",
    "SuggestionStatus": "lupus_nephritis.regimens.algorithm",
    "Regimen": "lupus_nephritis.regimens.models",
    "PatientContext": "lupus_nephritis.regimens.models",
    "DrugName": "lupus_nephritis.regimens.models",
    "TreatmentPhase": "lupus_nephritis.regimens.models",
    "get_drug": "lupus_nephritis.regimens.catalogue",
    "list_drugs": "lupus_nephritis.regimens.catalogue",
    "convert_mycophenolate": "lupus_nephritis.regimens.catalogue",
    # glucocorticoids and duration
    "check_glucocorticoid_taper": "lupus_nephritis.regimens.glucocorticoids.taper",
    "check_glucocorticoid_exposure": "lupus_nephritis.regimens.glucocorticoids.taper",
    "check_glucocorticoid_pulses": "lupus_nephritis.regimens.glucocorticoids.taper",
    "PulseStatus": "lupus_nephritis.regimens.glucocorticoids.pulses",
    "cumulative_glucocorticoid_exposure": "lupus_nephritis.regimens.glucocorticoids.taper",
    "convert_glucocorticoid_dose": "lupus_nephritis.regimens.glucocorticoids.equivalence",
    "check_treatment_duration": "lupus_nephritis.regimens.duration",
    "ImmunosuppressionCourse": "lupus_nephritis.regimens.duration",
    "RenalResponse": "lupus_nephritis.regimens.duration",
    # FHIR input
    "read_fhir": "lupus_nephritis.fhir.reader",
    "course_from_fhir": "lupus_nephritis.fhir.reader",
    "FhirData": "lupus_nephritis.fhir.reader",
    "FhirCourse": "lupus_nephritis.fhir.reader",
    "Unmapped": "lupus_nephritis.fhir.reader",
    # eGFR
    "egfr_ckd_epi_2021": "lupus_nephritis.egfr",
    "egfr_ckd_epi_2021_cr_cys": "lupus_nephritis.egfr",
    "egfr_ckd_epi_2009": "lupus_nephritis.egfr",
    "egfr_ckd_epi_2012_cys": "lupus_nephritis.egfr",
    "egfr_schwartz_bedside_2009": "lupus_nephritis.egfr",
    "egfr_ckid_u25_2021": "lupus_nephritis.egfr",
    "egfr_ekfc_2021": "lupus_nephritis.egfr",
    "egfr_mdrd_idms": "lupus_nephritis.egfr",
    "creatinine_umol_l_to_mg_dl": "lupus_nephritis.egfr",
}

# A literal list, so that type checkers see the lazy exports as explicit re-exports
# (tests/faces/test_exports.py keeps it equal to _EXPORTS).
__all__ = [
    "EGFR",
    "UPCR",
    "BelimumabDose",
    "BelimumabDoseStatus",
    "BelimumabDosingCheck",
    "BelimumabDosingStatus",
    "BiopsyFindings",
    "BiopsyIndication",
    "BloodPressure",
    "Comparator",
    "CourseEvent",
    "Creatinine",
    "Criterion",
    "CystatinC",
    "Decision",
    "DipstickGrade",
    "DrugName",
    "Eligibility",
    "EligibilityTable",
    "EventType",
    "Evidence",
    "FhirCourse",
    "FhirData",
    "FlareSeverity",
    "Glucocorticoid",
    "GlucocorticoidDose",
    "ImmunosuppressionCourse",
    "ImplausibleValueError",
    "ImplausibleValueValidationError",
    "InputError",
    "InputValidationError",
    "KidneyBiopsy",
    "LupusNephritisError",
    "NIHActivityComponents",
    "NIHChronicityComponents",
    "NIHIndex",
    "Option",
    "OptionError",
    "OutOfDomainError",
    "Outcome",
    "Patient",
    "PatientContext",
    "Protein24h",
    "PulseStatus",
    "Quantity",
    "Regimen",
    "RegimenSuggestions",
    "RenalResponse",
    "ResponseCategory",
    "ResponseComparison",
    "RuleKind",
    "RuleSet",
    "SafetyLabs",
    "SafetyStatus",
    "SerumIgG",
    "Sex",
    "Source",
    "Specimen",
    "Suggestion",
    "SuggestionStatus",
    "TaperStatus",
    "TherapyEvidence",
    "Threshold",
    "TreatmentCourse",
    "TreatmentPhase",
    "UnitError",
    "UnitValidationError",
    "UnknownCriterionError",
    "UnknownRuleSetError",
    "Unmapped",
    "Visit",
    "__version__",
    "all_of",
    "any_of",
    "assess_biopsy_indication",
    "canonicalize",
    "check_belimumab_dosing",
    "check_glucocorticoid_exposure",
    "check_glucocorticoid_pulses",
    "check_glucocorticoid_taper",
    "check_regimen_eligibility",
    "check_regimens",
    "check_safety_stop_rule",
    "check_safety_stop_rules",
    "check_treatment_duration",
    "classify_isn_rps",
    "classify_renal_response",
    "classify_treatment_phase",
    "compare_biopsy_indications",
    "compare_renal_response",
    "compute_nih_activity_index",
    "compute_nih_chronicity_index",
    "convert",
    "convert_glucocorticoid_dose",
    "convert_mycophenolate",
    "course_from_fhir",
    "creatinine_umol_l_to_mg_dl",
    "cumulative_glucocorticoid_exposure",
    "detect_renal_flares",
    "egfr_ckd_epi_2009",
    "egfr_ckd_epi_2012_cys",
    "egfr_ckd_epi_2021",
    "egfr_ckd_epi_2021_cr_cys",
    "egfr_ckid_u25_2021",
    "egfr_ekfc_2021",
    "egfr_mdrd_idms",
    "egfr_schwartz_bedside_2009",
    "explain_decision",
    "get_drug",
    "get_rule_set",
    "get_source",
    "get_therapy_evidence",
    "list_drugs",
    "list_rule_sets",
    "list_sources",
    "list_stop_rules_not_found",
    "list_therapy_evidence",
    "negate",
    "percent_change",
    "percent_of",
    "percent_reduction",
    "prednisone_equivalent",
    "read_fhir",
    "suggest_regimens",
    "voclosporin_dose_action",
]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'lupus_nephritis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # pragma: no cover - static view of the lazy exports
    from lupus_nephritis.criteria.biopsy.api import (
        assess_biopsy_indication,
        compare_biopsy_indications,
    )
    from lupus_nephritis.criteria.biopsy.models import BiopsyFindings
    from lupus_nephritis.criteria.flares.api import detect_renal_flares
    from lupus_nephritis.criteria.pathology.api import (
        classify_isn_rps,
        compute_nih_activity_index,
        compute_nih_chronicity_index,
    )
    from lupus_nephritis.criteria.pathology.models import (
        KidneyBiopsy,
        NIHActivityComponents,
        NIHChronicityComponents,
    )
    from lupus_nephritis.criteria.pathology.nih_indices import NIHIndex
    from lupus_nephritis.criteria.response.api import (
        ResponseComparison,
        classify_renal_response,
        compare_renal_response,
        explain_decision,
    )
    from lupus_nephritis.decisions import (
        BiopsyIndication,
        Criterion,
        Decision,
        Eligibility,
        Evidence,
        FlareSeverity,
        ResponseCategory,
        TaperStatus,
    )
    from lupus_nephritis.egfr import (
        creatinine_umol_l_to_mg_dl,
        egfr_ckd_epi_2009,
        egfr_ckd_epi_2012_cys,
        egfr_ckd_epi_2021,
        egfr_ckd_epi_2021_cr_cys,
        egfr_ckid_u25_2021,
        egfr_ekfc_2021,
        egfr_mdrd_idms,
        egfr_schwartz_bedside_2009,
    )
    from lupus_nephritis.errors import (
        ImplausibleValueError,
        ImplausibleValueValidationError,
        InputError,
        InputValidationError,
        LupusNephritisError,
        OptionError,
        OutOfDomainError,
        UnitError,
        UnitValidationError,
        UnknownCriterionError,
        UnknownRuleSetError,
    )
    from lupus_nephritis.fhir.reader import (
        FhirCourse,
        FhirData,
        Unmapped,
        course_from_fhir,
        read_fhir,
    )
    from lupus_nephritis.logic import Outcome, all_of, any_of, negate
    from lupus_nephritis.models import (
        EGFR,
        UPCR,
        BloodPressure,
        CourseEvent,
        Creatinine,
        CystatinC,
        DipstickGrade,
        EventType,
        GlucocorticoidDose,
        Patient,
        Protein24h,
        Sex,
        Specimen,
        TreatmentCourse,
        Visit,
    )
    from lupus_nephritis.regimens.algorithm import (
        RegimenSuggestions,
        Suggestion,
        SuggestionStatus,
        suggest_regimens,
    )
    from lupus_nephritis.regimens.belimumab_dosing.api import check_belimumab_dosing
    from lupus_nephritis.regimens.belimumab_dosing.engine import (
        BelimumabDoseStatus,
        BelimumabDosingCheck,
        BelimumabDosingStatus,
    )
    from lupus_nephritis.regimens.belimumab_dosing.models import BelimumabDose
    from lupus_nephritis.regimens.catalogue import convert_mycophenolate, get_drug, list_drugs
    from lupus_nephritis.regimens.duration import (
        ImmunosuppressionCourse,
        RenalResponse,
        check_treatment_duration,
    )
    from lupus_nephritis.regimens.eligibility.api import (
        EligibilityTable,
        check_regimen_eligibility,
        check_regimens,
    )
    from lupus_nephritis.regimens.evidence import (
        TherapyEvidence,
        get_therapy_evidence,
        list_therapy_evidence,
    )
    from lupus_nephritis.regimens.glucocorticoids.equivalence import convert_glucocorticoid_dose
    from lupus_nephritis.regimens.glucocorticoids.pulses import PulseStatus
    from lupus_nephritis.regimens.glucocorticoids.taper import (
        check_glucocorticoid_exposure,
        check_glucocorticoid_pulses,
        check_glucocorticoid_taper,
        cumulative_glucocorticoid_exposure,
    )
    from lupus_nephritis.regimens.models import DrugName, PatientContext, Regimen, TreatmentPhase
    from lupus_nephritis.regimens.phase.api import classify_treatment_phase
    from lupus_nephritis.regimens.safety.api import (
        check_safety_stop_rule,
        check_safety_stop_rules,
        list_stop_rules_not_found,
    )
    from lupus_nephritis.regimens.safety.engine import SafetyLabs, SafetyStatus, SerumIgG
    from lupus_nephritis.regimens.voclosporin_dosing.api import voclosporin_dose_action
    from lupus_nephritis.registry import RuleKind, RuleSet, get_rule_set, list_rule_sets
    from lupus_nephritis.sources import Source, get_source, list_sources
    from lupus_nephritis.steroids import Glucocorticoid, prednisone_equivalent
    from lupus_nephritis.thresholds import (
        Comparator,
        Option,
        Threshold,
        percent_change,
        percent_of,
        percent_reduction,
    )
    from lupus_nephritis.units import Quantity, canonicalize, convert
