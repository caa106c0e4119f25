"""FHIR R4 input: Observations, Patient, Conditions and medications into the library's models.

The mapping works on plain JSON dicts (no FHIR library is needed at run time); the test suite
validates every example against ``fhir.resources``. Start with `read_fhir`, or
`course_from_fhir` for a course in one step. The code tables are in
`lupus_nephritis.fhir.codes`.
"""

from __future__ import annotations

from lupus_nephritis.fhir.reader import (
    BASELINE_RULES,
    FhirCourse,
    FhirData,
    MedicationRecord,
    Unmapped,
    course_from_fhir,
    read_fhir,
)

__all__ = [
    "BASELINE_RULES",
    "FhirCourse",
    "FhirData",
    "MedicationRecord",
    "Unmapped",
    "course_from_fhir",
    "read_fhir",
]
