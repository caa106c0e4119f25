"""Column names and parameter codes of the cohort face (all configurable).

Defaults follow CDISC ADaM habits (``USUBJID``, ``ADT``, ``PARAMCD``, ``AVAL``) so a registry
extract or an ADaM-like trial dataset can often be passed as it is; every name can be changed
with `Columns`, and the parameter codes with the ``parameters`` mapping of the entry
points.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from lupus_nephritis.units import Quantity

#: Visit measures the cohort face reads (a Visit field name -> its quantity).
MEASURE_FIELDS: Mapping[str, Quantity] = MappingProxyType(
    {
        "upcr": Quantity.UPCR,
        "protein_24h": Quantity.PROTEIN_24H,
        "creatinine": Quantity.CREATININE,
        "creatinine_uln": Quantity.CREATININE,
        "cystatin_c": Quantity.CYSTATIN_C,
        "egfr": Quantity.EGFR,
        "urine_rbc": Quantity.URINE_RBC,
        "acanthocytes": Quantity.PERCENT,
        "acanthocytes_per_hpf": Quantity.URINE_RBC,
    }
)

#: Yes/no visit findings the cohort face reads.
FLAG_FIELDS: tuple[str, ...] = ("has_red_cell_casts", "has_white_cell_casts")

#: Roles a measurement row can have: a follow-up visit or one of the reference visits.
VISIT_ROLE = "visit"
REFERENCE_ROLES: tuple[str, ...] = ("baseline", "pre_flare", "biopsy")


@attrs.frozen(slots=True)
class Columns:
    """Names of the columns the cohort face reads (and of the subject column it writes).

    Attributes:
        subject: Subject identifier, in every table (written back under the same name).
        date: Date of a measurement (long and wide layouts) or of an event.
        parameter: Long layout: the parameter code (see ``parameters`` of the entry points).
        value: Long layout: the value (number, numeric text or decimal).
        unit: Long layout: the UCUM unit of the value (never assumed).
        specimen: UPCR specimen (``24h``, ``spot``, ``first_morning``; null = unreported).
        role: ``visit`` (or null) for a follow-up visit, ``baseline``, ``pre_flare`` or
            ``biopsy`` for a reference visit; optional column.
        conversion: Long layout: how a serum creatinine in µmol/L converts to mg/dL
            (``88.4`` or ``molar-mass``, see `CreatinineConversion`;
            null = the course's or the call's choice, else the default); optional column.
        unit_suffix: Wide layout: the unit of column ``upcr`` is in ``upcr`` + suffix.
        specimen_suffix: Wide layout: the specimen of ``upcr`` is in ``upcr`` + suffix.
        conversion_suffix: Wide layout: the conversion of column ``creatinine`` is in
            ``creatinine`` + suffix.
        start_date: Courses table: treatment start (study day 1).
        creatinine_conversion: Courses table: the course's creatinine conversion (as
            ``TreatmentCourse.creatinine_conversion``); optional column.
        default_upcr_specimen: Courses table: the specimen assumed for the course's UPCRs
            whose specimen is not reported (as ``TreatmentCourse.default_upcr_specimen``);
            optional column.
        sex: Patients table: ``female`` / ``male``.
        birth_date: Patients table: date of birth (age in completed years on each date).
        age: Patients table: age in years (used when there is no birth date).
        is_black: Patients table: only for the legacy CKD-EPI 2009 race coefficient.
        event: Events table: the event type (an ``EventType`` value).
        at: Assessments table: the assessment point (a date, or an integer study week).
        gc_records_complete: Courses table: True when the dose records list every day a
            glucocorticoid was taken (days without a record are then 0 mg, as
            ``TreatmentCourse.are_glucocorticoid_records_complete``); optional column.
        adjudicated_egfr_event: Courses table: whether an adjudicated treatment- or
            disease-related eGFR event occurred (AURORA; as
            ``TreatmentCourse.has_adjudicated_egfr_event``, null = not adjudicated);
            optional column.
        dose_start: Doses table: first day of a daily glucocorticoid dose record.
        dose_end: Doses table: last day (inclusive; null or no column = one day).
        dose: Doses table: the daily dose (number or numeric text).
        dose_unit: Doses table: the UCUM unit of the dose (``mg`` or ``g``).
        drug: Doses table: the glucocorticoid (a ``Glucocorticoid`` value, e.g.
            ``prednisone``).
    """

    subject: str = "USUBJID"
    date: str = "ADT"
    parameter: str = "PARAMCD"
    value: str = "AVAL"
    unit: str = "AVALU"
    specimen: str = "SPECIMEN"
    role: str = "ROLE"
    conversion: str = "CONVERSION"
    unit_suffix: str = "_UNIT"
    specimen_suffix: str = "_SPECIMEN"
    conversion_suffix: str = "_CONVERSION"
    start_date: str = "TRTSDT"
    creatinine_conversion: str = "CREATININE_CONVERSION"
    default_upcr_specimen: str = "DEFAULT_UPCR_SPECIMEN"
    sex: str = "SEX"
    birth_date: str = "BRTHDT"
    age: str = "AGE"
    is_black: str = "IS_BLACK"
    event: str = "EVENT"
    at: str = "AT"
    gc_records_complete: str = "GC_RECORDS_COMPLETE"
    adjudicated_egfr_event: str = "ADJUDICATED_EGFR_EVENT"
    dose_start: str = "ASTDT"
    dose_end: str = "AENDT"
    dose: str = "DOSE"
    dose_unit: str = "DOSEU"
    drug: str = "DRUG"


__all__ = ["FLAG_FIELDS", "MEASURE_FIELDS", "REFERENCE_ROLES", "VISIT_ROLE", "Columns"]
