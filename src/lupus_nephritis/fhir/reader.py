"""Read FHIR R4 resources (plain JSON dicts) into the library's input models.

`read_fhir` takes a Bundle, a list of resources or one resource and returns a
`FhirData`: the patient, one `Visit` per date,
glucocorticoid dose records, lupus nephritis drug records, pregnancy and biopsy class
statements, and the ``unmapped`` list of everything it skipped, each with the resource, code,
unit and reason. From it, `FhirData.to_course`, `FhirData.to_patient_context`,
`FhirData.to_biopsy_findings` and `FhirData.regimen` build the models the rule sets
read.

Rules (each documented on the "FHIR input" docs page):

* **Codes.** Only the codes of `lupus_nephritis.fhir.codes` are mapped; anything else is
  reported, never guessed.
* **Units.** ``valueQuantity.code`` (UCUM) is used when present, else ``valueQuantity.unit``;
  either must be an accepted unit of the quantity (``units.SPECS``). Censored values
  (``comparator``), ranges and free text are reported.
* **Dates.** ``effectiveDateTime``, else ``effectivePeriod.start``, else ``effectiveInstant``,
  else ``issued``; the calendar date as written (no time-zone conversion). Partial dates are
  reported, never imputed.
* **One visit per day.** Observations with the same date become one visit; two different
  values of one finding on one day are a conflict: both are reported and neither is used.
* **Status.** Observations: ``final``, ``amended``, ``corrected``. Others are reported.
* **Treatment start.** Explicit (``start_date``) or, by default, the earliest start of a
  lupus nephritis immunosuppressive drug record (hydroxychloroquine and glucocorticoids do not
  start a course: both are given for extrarenal lupus too).
* **Baseline.** ``"latest-on-or-before-start"`` (default): the visit on the latest date on or
  before the start; later visits are follow-up. ``"none"``: no baseline.
* **Open-ended dose records** (a prescription without an end) need ``as_of``: the last day the
  caller knows the record held. Without it they are reported (the library never reads a clock).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import attrs
from pydantic import ValidationError

from lupus_nephritis.errors import InputError, LupusNephritisError
from lupus_nephritis.fhir import codes
from lupus_nephritis.fhir._json import (
    JSON,
    as_list,
    as_mapping,
    codings,
    concept_texts,
    first_code,
    is_sequence,
    parse_date,
    reference_id,
    resource_label,
    text,
)
from lupus_nephritis.models import (
    EGFR,
    UPCR,
    BloodPressure,
    Creatinine,
    CystatinC,
    Dose,
    GlucocorticoidDose,
    Patient,
    Protein24h,
    Sex,
    Specimen,
    TreatmentCourse,
    UrineRBC,
    Visit,
)
from lupus_nephritis.regimens.models import (
    Cyp3a4Inhibition,
    DrugName,
    IsnRpsClass,
    PatientContext,
    Regimen,
    TreatmentPhase,
)
from lupus_nephritis.steroids import Glucocorticoid
from lupus_nephritis.units import SPECS, Quantity, to_fraction

BaselineRule = Literal["latest-on-or-before-start", "none"]
"""How `FhirData.to_course` picks the baseline visit."""

BASELINE_RULES: tuple[str, ...] = ("latest-on-or-before-start", "none")

OBSERVATION_STATUSES: tuple[str, ...] = ("final", "amended", "corrected")
"""Observation statuses that are read (others are reported)."""

_REQUEST_STATUSES = ("active", "completed", "stopped", "on-hold", "draft")
_STATEMENT_STATUSES = ("active", "completed", "stopped", "on-hold")
_ADMINISTRATION_STATUSES = ("completed", "in-progress")
_ACTIVE_CONDITION = ("active", "recurrence", "relapse")
_MEDICATION_TYPES = ("MedicationRequest", "MedicationStatement", "MedicationAdministration")

#: drugs whose first record does not start a lupus nephritis course
_NOT_COURSE_STARTERS = frozenset({DrugName.HYDROXYCHLOROQUINE, DrugName.GLUCOCORTICOIDS})

_CAST_UNITS = frozenset({"/[HPF]", "/[LPF]", "/hpf", "/lpf", "/HPF", "/LPF", "{casts}/[HPF]"})

_MODEL_OF: Mapping[str, type[Any]] = {
    "upcr": UPCR,
    "protein_24h": Protein24h,
    "creatinine": Creatinine,
    "cystatin_c": CystatinC,
    "egfr": EGFR,
    "urine_rbc": UrineRBC,
}


@attrs.frozen(slots=True)
class Unmapped:
    """One thing the reader skipped (or could only partly read), and why.

    Attributes:
        resource: ``"Type/id"`` of the resource (``"Type[#n]"`` when it has no id).
        reason: Why it was not used.
        code: ``"system|code"`` of the coded concept, when there is one.
        unit: The unit as given, when a unit was the problem.
        path: The element that was skipped when the rest of the resource was used
            (e.g. ``"dosage.route"``).
    """

    resource: str
    reason: str
    code: str | None = None
    unit: str | None = None
    path: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        """Plain-data form."""
        return {
            "resource": self.resource,
            "code": self.code,
            "unit": self.unit,
            "path": self.path,
            "reason": self.reason,
        }


@attrs.frozen(slots=True)
class MedicationRecord:
    """One lupus nephritis drug (or glucocorticoid) record read from a medication resource.

    Attributes:
        resource: ``"Type/id"`` of the resource.
        resource_type: ``MedicationRequest``, ``MedicationStatement`` or
            ``MedicationAdministration``.
        status: The resource's status.
        drug: The drug (``glucocorticoids`` for any glucocorticoid).
        glucocorticoid: Which glucocorticoid, for glucocorticoid records.
        start: First day, if known.
        end: Last day, if known (``None``: open-ended or unknown).
        is_draft: A draft order (``status`` ``draft``, or passed as a CDS Hooks draft order).
    """

    resource: str
    resource_type: str
    status: str
    drug: DrugName
    glucocorticoid: Glucocorticoid | None
    start: date | None
    end: date | None
    is_draft: bool = False

    def is_current_on(self, day: date) -> bool:
        """Whether the record covers ``day`` (open-ended active records do from their start)."""
        if self.start is None or self.start > day:
            return False
        if self.end is not None:
            return day <= self.end
        return self.status in ("active", "in-progress", "on-hold", "draft")


@attrs.frozen(slots=True)
class DatedStatement:
    """A dated yes/no statement (pregnancy) with the resource it came from."""

    value: bool
    on: date | None
    resource: str


@attrs.frozen(slots=True)
class ClassStatement:
    """An ISN/RPS class read from a Condition, with its date and resource."""

    isn_rps_class: IsnRpsClass
    on: date | None
    resource: str


@attrs.frozen(slots=True)
class FhirData:
    """Everything `read_fhir` read, and what it skipped.

    Attributes:
        patient: The patient (sex, birth date), or ``None`` when the input had no Patient.
        patient_resource: ``"Patient/id"`` of that patient.
        visits: One visit per date, sorted by date.
        glucocorticoids: Glucocorticoid daily-dose records.
        medications: Lupus nephritis drug and glucocorticoid records (drafts included).
        pregnancy: Pregnancy statements (observations 82810-3 and active pregnancy conditions).
        classes: ISN/RPS classes from coded Conditions.
        cyp3a4_inhibitor: ``strong`` when a strong CYP3A4 inhibitor named by the voclosporin
            label is among the current medications; ``None`` (unknown) otherwise.
        unmapped: What was skipped, with reasons, in input order.
        evidence: ``(date, field, resource)`` triples: which resources gave each finding of
            each visit (used to link decisions and CDS cards back to the record).
        glucocorticoid_resources: The resource of each glucocorticoid record (same order).
    """

    patient: Patient | None
    patient_resource: str | None
    visits: tuple[Visit, ...]
    glucocorticoids: tuple[GlucocorticoidDose, ...]
    medications: tuple[MedicationRecord, ...]
    pregnancy: tuple[DatedStatement, ...]
    classes: tuple[ClassStatement, ...]
    cyp3a4_inhibitor: Cyp3a4Inhibition | None
    unmapped: tuple[Unmapped, ...]
    evidence: tuple[tuple[date, str, str], ...] = ()
    glucocorticoid_resources: tuple[str, ...] = ()
    negative_pregnancy_valid_days: int = 0

    # ------------------------------------------------------------------ lookups

    def resources_for(self, field: str, on: date | None = None) -> tuple[str, ...]:
        """Resources that gave ``field`` (on ``on``, or on any date when ``on`` is None)."""
        return tuple(
            ref for day, name, ref in self.evidence if name == field and (on is None or day == on)
        )

    def treatment_start(self) -> date | None:
        """The earliest start of a lupus nephritis immunosuppressive drug record (not drafts).

        Hydroxychloroquine and glucocorticoids do not count: both are given for extrarenal
        lupus, so their first record does not date a nephritis course. ``None`` when there is
        no such dated record.
        """
        starts = [
            m.start
            for m in self.medications
            if m.start is not None and not m.is_draft and m.drug not in _NOT_COURSE_STARTERS
        ]
        return min(starts) if starts else None

    def latest_visit(self, on: date | None = None) -> Visit | None:
        """The last visit on or before ``on`` (the last visit when ``on`` is None)."""
        eligible = [v for v in self.visits if on is None or v.date <= on]
        return eligible[-1] if eligible else None

    def latest(self, field: str, on: date | None = None) -> tuple[Any, date | None]:
        """The latest non-missing value of a visit ``field`` on or before ``on``, and its date."""
        for visit in reversed(self.visits):
            if on is not None and visit.date > on:
                continue
            value = getattr(visit, field)
            if value is not None:
                return value, visit.date
        return None, None

    def is_pregnant_on(self, on: date | None = None) -> bool | None:
        """The latest pregnancy statement on or before ``on`` (default: the latest data day).

        A "pregnant" statement holds until a later "not pregnant" one. A "not pregnant"
        statement holds for ``negative_pregnancy_valid_days`` days (default 0: only on its own
        date), because how long a negative result stays valid is a local policy the sources do
        not set. Undated statements count only when no dated one applies. ``None`` when nothing
        is known.
        """
        day = on or self._last_day()
        dated = sorted(
            (s for s in self.pregnancy if s.on is not None and (day is None or s.on <= day)),
            key=lambda s: s.on or date.min,
        )
        if dated:
            last = dated[-1]
            if last.value or day is None or last.on is None:
                return last.value
            if (day - last.on).days <= self.negative_pregnancy_valid_days:
                return False
            return None
        undated = {s.value for s in self.pregnancy if s.on is None}
        if len(undated) == 1:
            return undated.pop()
        return None

    def isn_rps_classes(self, on: date | None = None) -> tuple[IsnRpsClass, ...] | None:
        """The classes of the latest-dated class statement(s) on or before ``on``.

        Statements of one date combine (e.g. III + V); undated statements are used only when
        there is no dated one. ``None`` when no class is coded.
        """
        dated = [c for c in self.classes if c.on is not None and (on is None or c.on <= on)]
        if dated:
            last = max(c.on for c in dated if c.on is not None)
            chosen = [c for c in dated if c.on == last]
        else:
            chosen = [c for c in self.classes if c.on is None]
        if not chosen:
            return None
        order = list(IsnRpsClass)
        return tuple(sorted({c.isn_rps_class for c in chosen}, key=order.index))

    # ------------------------------------------------------------------ models

    def to_course(
        self,
        start_date: date | None = None,
        *,
        baseline: BaselineRule = "latest-on-or-before-start",
    ) -> TreatmentCourse:
        """The treatment course: start, baseline, follow-up visits, doses and patient.

        Args:
            start_date: Treatment start (study day 1). ``None`` applies the documented rule
                (`treatment_start`).
            baseline: ``"latest-on-or-before-start"`` (default) or ``"none"``.

        Returns:
            The course. Glucocorticoid records are not declared complete (a FHIR extract never
            proves that every dose was recorded); use ``course.model_copy(update=...)`` to
            declare it.

        Raises:
            InputError: no start date could be found, or ``baseline`` is not a known rule.
        """
        if not isinstance(baseline, str) or baseline not in BASELINE_RULES:
            raise InputError(
                f"baseline: {baseline!r} is not a baseline rule; known: {', '.join(BASELINE_RULES)}"
            )
        if start_date is not None and (
            not isinstance(start_date, date) or isinstance(start_date, datetime)
        ):
            raise InputError(f"start_date: expected a date, got {start_date!r}")
        start = start_date if start_date is not None else self.treatment_start()
        if start is None:
            raise InputError(
                "start_date: the FHIR input has no dated lupus nephritis drug record (other "
                "than hydroxychloroquine or glucocorticoids) to date the treatment start; pass "
                "start_date explicitly"
            )
        base: Visit | None = None
        if baseline == "latest-on-or-before-start":
            base = self.latest_visit(start)
            follow_up = tuple(v for v in self.visits if v.date > start)
        else:
            follow_up = tuple(v for v in self.visits if v.date >= start)
        course: TreatmentCourse = _validate(
            TreatmentCourse,
            {
                "start_date": start,
                "patient": self.patient,
                "baseline": base,
                "visits": follow_up,
                "glucocorticoids": self.glucocorticoids,
            },
        )
        return course

    def to_patient_context(self, on: date | None = None, **extra: Any) -> PatientContext:
        """The regimen-rule context on ``on`` (default: the latest data).

        Each measure is its latest value on or before ``on``; sex and age come from the
        Patient; pregnancy from `is_pregnant_on`; classes from `isn_rps_classes`;
        ``cyp3a4_inhibitor`` as found. ``extra`` adds or overrides fields.

        Raises:
            InputError: the combined fields are not a valid context.
        """
        egfr, _ = self.latest("egfr", on)
        upcr, _ = self.latest("upcr", on)
        protein, _ = self.latest("protein_24h", on)
        pressure, _ = self.latest("blood_pressure", on)
        day = on or (self.visits[-1].date if self.visits else None)
        age = None
        if self.patient is not None and day is not None:
            years = self.patient.age_on(day)
            age = Decimal(years.numerator) if years is not None else None
        data: dict[str, Any] = {
            "id": self.patient.id if self.patient else None,
            "sex": self.patient.sex if self.patient else None,
            "age_years": age,
            "egfr": egfr,
            "upcr": upcr,
            "protein_24h": protein,
            "blood_pressure": pressure,
            "is_pregnant": self.is_pregnant_on(on),
            "isn_rps_classes": self.isn_rps_classes(on),
            "cyp3a4_inhibitor": self.cyp3a4_inhibitor,
        }
        data.update(extra)
        context: PatientContext = _validate(PatientContext, data)
        return context

    def to_biopsy_findings(self, on: date | None = None, **extra: Any) -> Any:
        """Biopsy-indication findings from the latest visit on or before ``on``.

        The eGFR history is every dated eGFR up to that visit. ``extra`` adds the statements a
        FHIR record does not code (e.g. ``has_unexplained_decline``).

        Returns:
            A `BiopsyFindings`.

        Raises:
            InputError: there is no visit, or the combined fields are not valid findings.
        """
        from lupus_nephritis.criteria.biopsy.models import BiopsyFindings

        visit = self.latest_visit(on)
        if visit is None:
            raise InputError("on: the FHIR input has no dated finding on or before that date")
        history = [
            {"date": v.date, "egfr": v.egfr}
            for v in self.visits
            if v.egfr is not None and v.date <= visit.date
        ]
        previous = [v.upcr for v in self.visits if v.upcr is not None and v.date < visit.date]
        data: dict[str, Any] = {"egfr_history": history, "previous_upcr": previous}
        data.update(extra)
        try:
            return BiopsyFindings.from_visit(visit, **data)
        except ValidationError as error:
            raise InputError(_describe_validation(error, "findings")) from None

    def regimen(
        self,
        on: date | None = None,
        *,
        include_drafts: bool = True,
        only_drafts: Sequence[str] | None = None,
        phase: TreatmentPhase | str = TreatmentPhase.INITIAL,
    ) -> Regimen | None:
        """The regimen on ``on``: current drug records plus draft orders.

        Args:
            on: The day (default: the latest day any record mentions).
            include_drafts: Add draft orders (the proposal being checked).
            only_drafts: When given, only these draft resources (``"Type/id"``) are added
                (CDS Hooks ``order-select`` selections).
            phase: The treatment phase to check the regimen for (FHIR does not code it).

        Returns:
            The regimen, or ``None`` when no lupus nephritis drug is current or proposed.
        """
        day = on or self._last_day()
        drugs: list[DrugName] = []
        for record in self.medications:
            if record.is_draft:
                if not include_drafts:
                    continue
                if only_drafts is not None and record.resource not in only_drafts:
                    continue
                wanted = True
            else:
                wanted = day is not None and record.is_current_on(day)
            if wanted and record.drug not in drugs:
                drugs.append(record.drug)
        if not drugs:
            return None
        regimen: Regimen = _validate(Regimen, {"drugs": drugs, "phase": phase})
        return regimen

    def draft_resources(self, drug: DrugName) -> tuple[str, ...]:
        """The draft orders of ``drug``."""
        return tuple(m.resource for m in self.medications if m.is_draft and m.drug is drug)

    def medication_resources(self, drug: DrugName, on: date | None = None) -> tuple[str, ...]:
        """Current or draft records of ``drug`` on ``on`` (default: the latest day)."""
        day = on or self._last_day()
        return tuple(
            m.resource
            for m in self.medications
            if m.drug is drug and (m.is_draft or (day is not None and m.is_current_on(day)))
        )

    def _last_day(self) -> date | None:
        days = [v.date for v in self.visits]
        days += [d for m in self.medications for d in (m.start, m.end) if d is not None]
        return max(days) if days else None

    def to_dict(self) -> dict[str, Any]:
        """Plain-data summary (JSON-ready): the models as JSON, and the unmapped list."""
        return {
            "patient": self.patient.model_dump(mode="json") if self.patient else None,
            "visits": [v.model_dump(mode="json", exclude_none=True) for v in self.visits],
            "glucocorticoids": [
                g.model_dump(mode="json", exclude_none=True) for g in self.glucocorticoids
            ],
            "medications": [
                {
                    "resource": m.resource,
                    "drug": m.drug.value,
                    "status": m.status,
                    "start": m.start.isoformat() if m.start else None,
                    "end": m.end.isoformat() if m.end else None,
                    "is_draft": m.is_draft,
                }
                for m in self.medications
            ],
            "unmapped": [u.to_dict() for u in self.unmapped],
        }


@attrs.frozen(slots=True)
class FhirCourse:
    """A course read from FHIR, with what was skipped.

    Attributes:
        course: The treatment course.
        unmapped: What the reader skipped, with reasons.
        data: Everything the reader read (for evidence links and other models).
    """

    course: TreatmentCourse
    unmapped: tuple[Unmapped, ...]
    data: FhirData


# ============================================================================ reading


def _describe_validation(error: ValidationError, what: str) -> str:
    parts = []
    for item in error.errors():
        location = ".".join(str(p) for p in item.get("loc", ())) or what
        parts.append(f"{location}: {item.get('msg', 'invalid')}")
    return "; ".join(parts)


def _validate(model: type[Any], data: Mapping[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InputError(_describe_validation(error, model.__name__)) from None


def _flatten(data: object, out: list[JSON], problems: list[Unmapped]) -> None:
    if is_sequence(data):
        for item in data:  # type: ignore[attr-defined]
            _flatten(item, out, problems)
        return
    item = as_mapping(data)
    if item is None:
        raise InputError(
            f"FHIR input: expected a Bundle, a resource or a list of them, got "
            f"{type(data).__name__}"
        )
    kind = text(item.get("resourceType"))
    if kind is None:
        problems.append(Unmapped(f"item[#{len(out)}]", "not a FHIR resource (no resourceType)"))
        return
    if kind == "Bundle":
        for entry in as_list(item.get("entry")):
            mapped = as_mapping(entry)
            resource = mapped.get("resource") if mapped is not None else None
            if resource is not None:
                _flatten(resource, out, problems)
        return
    out.append(item)


@attrs.define
class _Reader:
    urine_upcr_specimen: Specimen | None
    who_class_as_isn_rps: bool
    request_start_from_authored_on: bool
    as_of: date | None
    draft_ids: frozenset[str]
    resources: list[JSON] = attrs.field(factory=list)
    by_ref: dict[str, JSON] = attrs.field(factory=dict)
    unmapped: list[Unmapped] = attrs.field(factory=list)
    patient: Patient | None = None
    patient_ref: str | None = None
    # date -> field -> list of (value, resource)
    findings: dict[date, dict[str, list[tuple[Any, str]]]] = attrs.field(factory=dict)
    pressure_parts: dict[date, dict[str, list[tuple[Fraction, str, str]]]] = attrs.field(
        factory=dict
    )
    doses: list[tuple[GlucocorticoidDose, str]] = attrs.field(factory=list)
    medications: list[MedicationRecord] = attrs.field(factory=list)
    pregnancy: list[DatedStatement] = attrs.field(factory=list)
    classes: list[ClassStatement] = attrs.field(factory=list)
    inhibitor: Cyp3a4Inhibition | None = None

    def skip(
        self,
        resource: str,
        reason: str,
        *,
        code: str | None = None,
        unit: str | None = None,
        path: str | None = None,
    ) -> None:
        self.unmapped.append(Unmapped(resource, reason, code, unit, path))

    # ---------------------------------------------------------------- dispatch

    def read(self, resources: list[JSON]) -> None:
        self.resources = resources
        for index, resource in enumerate(resources):
            label = resource_label(resource, index)
            self.by_ref[label] = resource
        patients = [r for r in resources if r.get("resourceType") == "Patient"]
        if len(patients) > 1:
            ids = sorted({text(p.get("id")) or "?" for p in patients})
            if len(ids) > 1:
                raise InputError(
                    f"FHIR input holds several patients ({', '.join(ids)}); read one patient's "
                    "resources at a time"
                )
        for index, resource in enumerate(resources):
            label = resource_label(resource, index)
            kind = resource["resourceType"]
            if kind == "Patient":
                self.read_patient(resource, label)
        for index, resource in enumerate(resources):
            label = resource_label(resource, index)
            kind = resource["resourceType"]
            if kind == "Patient" or kind == "Medication":
                continue
            if not self.same_patient(resource, label):
                continue
            if kind == "Observation":
                self.read_observation(resource, label)
            elif kind in _MEDICATION_TYPES:
                self.read_medication(resource, label, kind)
            elif kind == "Condition":
                self.read_condition(resource, label)
            else:
                self.skip(label, f"resource type {kind} is not read")

    def same_patient(self, resource: JSON, label: str) -> bool:
        subject = reference_id(resource.get("subject") or resource.get("patient"))
        if subject is None or self.patient_ref is None:
            return True
        if subject.startswith("Patient/") and subject != self.patient_ref:
            self.skip(label, f"subject {subject} is not the bundle's patient {self.patient_ref}")
            return False
        return True

    # ---------------------------------------------------------------- Patient

    def read_patient(self, resource: JSON, label: str) -> None:
        self.patient_ref = label if not label.endswith("]") else None
        data: dict[str, Any] = {"id": text(resource.get("id"))}
        gender = text(resource.get("gender"))
        if gender in ("female", "male"):
            data["sex"] = Sex(gender)
        elif gender is not None:
            self.skip(
                label,
                f"gender {gender!r} is not a sex the eGFR equations use (female or male); "
                "sex left unknown",
                path="gender",
            )
        if resource.get("birthDate") is not None:
            day, problem = parse_date(resource.get("birthDate"))
            if day is None:
                self.skip(label, f"birthDate: {problem}; age left unknown", path="birthDate")
            else:
                data["birth_date"] = day
        try:
            self.patient = Patient.model_validate(data)
        except ValidationError as error:
            self.skip(label, _describe_validation(error, "Patient"))

    # ---------------------------------------------------------------- Observation

    def observation_date(self, resource: JSON, label: str) -> date | None:
        for key in ("effectiveDateTime", "effectivePeriod", "effectiveInstant", "issued"):
            value = resource.get(key)
            if value is None:
                continue
            if key == "effectivePeriod":
                period = as_mapping(value)
                value = period.get("start") if period is not None else None
            day, problem = parse_date(value)
            if day is None:
                self.skip(label, f"{key}: {problem}", code=first_code(resource.get("code")))
                return None
            return day
        self.skip(label, "no effective date or issued date", code=first_code(resource.get("code")))
        return None

    def known_code(self, concept: object, label: str) -> codes.ObservationCode | None:
        found = {
            codes.OBSERVATION_CODES[code]
            for system, code, _ in codings(concept)
            if system == codes.LOINC and code is not None and code in codes.OBSERVATION_CODES
        }
        if not found:
            self.skip(label, "no LOINC code the reader maps", code=first_code(concept))
            return None
        targets = {f.target for f in found}
        if len(targets) > 1:
            self.skip(
                label,
                f"LOINC codes for different findings ({', '.join(sorted(targets))})",
                code=first_code(concept),
            )
            return None
        return sorted(found, key=lambda f: f.loinc)[0]

    def read_observation(self, resource: JSON, label: str) -> None:
        code_text = first_code(resource.get("code"))
        status = text(resource.get("status"))
        if status not in OBSERVATION_STATUSES:
            self.skip(
                label,
                f"status {status!r} is not read (final/amended/corrected only)",
                code=code_text,
            )
            return
        mapped = self.known_code(resource.get("code"), label)
        if mapped is None:
            return
        day = self.observation_date(resource, label)
        if day is None:
            return
        code_text = f"{codes.LOINC}|{mapped.loinc}"
        if mapped.target == "blood_pressure":
            self.read_pressure_panel(resource, label, day, code_text)
            return
        if resource.get("dataAbsentReason") is not None and not _has_value(resource):
            reason = first_code(resource.get("dataAbsentReason")) or "given"
            self.skip(label, f"no value (dataAbsentReason {reason})", code=code_text)
            return
        if mapped.target in ("systolic", "diastolic"):
            value = self.pressure_value(resource, label, code_text)
            if value is not None:
                self.pressure_parts.setdefault(day, {}).setdefault(mapped.target, []).append(
                    (value[0], value[1], label)
                )
            return
        if mapped.target in ("has_red_cell_casts", "has_white_cell_casts"):
            flag = self.presence(resource, label, code_text)
            if flag is not None:
                self.add(day, mapped.target, flag, label)
            return
        if mapped.target == "is_pregnant":
            answer = self.coded_answer(resource, label, code_text, codes.PREGNANCY_ANSWERS)
            if answer is not None:
                self.pregnancy.append(DatedStatement(answer, day, label))
            return
        measure = self.measure(resource, label, mapped, code_text)
        if measure is not None:
            self.add(day, mapped.target, measure, label)

    def quantity(
        self, quantity: JSON | None, label: str, code_text: str, spec_quantity: Quantity
    ) -> tuple[str, str] | None:
        """``(value text, unit)`` of a valueQuantity, or ``None`` (reported)."""
        if quantity is None:
            self.skip(
                label, "no valueQuantity (ranges, strings and ratios are not read)", code=code_text
            )
            return None
        unit_code = text(quantity.get("code"))
        system = text(quantity.get("system"))
        unit_text = text(quantity.get("unit"))
        if quantity.get("comparator") is not None:
            self.skip(
                label,
                f"censored value (comparator {quantity.get('comparator')!r}) is not a number "
                "the thresholds can compare",
                code=code_text,
                unit=unit_code or unit_text,
            )
            return None
        raw = quantity.get("value")
        if raw is None or isinstance(raw, bool) or not isinstance(raw, (int, float, str, Decimal)):
            self.skip(label, "valueQuantity has no numeric value", code=code_text)
            return None
        spec = SPECS[spec_quantity]
        candidates = []
        if unit_code is not None and (system in (None, codes.UCUM)):
            candidates.append(unit_code)
        if unit_text is not None:
            candidates.append(unit_text)
        for candidate in candidates:
            try:
                unit = spec.resolve_unit(candidate)
            except LupusNephritisError:
                continue
            return str(raw), unit
        shown = unit_code or unit_text
        reason = (
            f"unit {shown!r} is not an accepted UCUM unit for {spec.label} "
            f"(accepted: {', '.join(spec.factors)})"
            if shown
            else f"no unit (units are never assumed; accepted: {', '.join(spec.factors)})"
        )
        self.skip(label, reason, code=code_text, unit=shown)
        return None

    def measure(
        self, resource: JSON, label: str, mapped: codes.ObservationCode, code_text: str
    ) -> Any:
        assert mapped.quantity is not None  # quantity codes only reach here
        parsed = self.quantity(
            as_mapping(resource.get("valueQuantity")), label, code_text, mapped.quantity
        )
        if parsed is None:
            return None
        value, unit = parsed
        data: dict[str, Any] = {"value": value, "unit": unit}
        if mapped.target == "upcr":
            specimen = mapped.specimen or self.urine_upcr_specimen
            if specimen is not None:
                data["specimen"] = specimen
        if mapped.target == "egfr" and mapped.equation is not None:
            data["equation"] = mapped.equation
        try:
            return _MODEL_OF[mapped.target].model_validate(data)
        except ValidationError as error:
            self.skip(label, _describe_validation(error, mapped.target), code=code_text, unit=unit)
        except LupusNephritisError as error:
            self.skip(label, str(error), code=code_text, unit=unit)
        return None

    def pressure_value(self, item: JSON, label: str, code_text: str) -> tuple[Fraction, str] | None:
        parsed = self.quantity(
            as_mapping(item.get("valueQuantity")), label, code_text, Quantity.BLOOD_PRESSURE
        )
        if parsed is None:
            return None
        try:
            return to_fraction(parsed[0]), parsed[1]
        except LupusNephritisError as error:
            self.skip(label, str(error), code=code_text)
            return None

    def read_pressure_panel(self, resource: JSON, label: str, day: date, code_text: str) -> None:
        parts: dict[str, tuple[Fraction, str]] = {}
        for component in as_list(resource.get("component")):
            item = as_mapping(component)
            if item is None:
                continue
            for system, code, _ in codings(item.get("code")):
                target = codes.OBSERVATION_CODES.get(code or "") if system == codes.LOINC else None
                if target is not None and target.target in ("systolic", "diastolic"):
                    value = self.pressure_value(item, label, f"{codes.LOINC}|{code}")
                    if value is not None:
                        parts[target.target] = value
        if set(parts) != {"systolic", "diastolic"}:
            self.skip(
                label,
                "blood pressure panel without both a systolic and a diastolic value",
                code=code_text,
            )
            return
        self.add_pressure(day, parts["systolic"], parts["diastolic"], (label,), code_text)

    def add_pressure(
        self,
        day: date,
        systolic: tuple[Fraction, str],
        diastolic: tuple[Fraction, str],
        refs: tuple[str, ...],
        code_text: str,
    ) -> None:
        try:
            pressure = BloodPressure.model_validate(
                {
                    "systolic": Decimal(systolic[0].numerator) / Decimal(systolic[0].denominator),
                    "diastolic": Decimal(diastolic[0].numerator)
                    / Decimal(diastolic[0].denominator),
                    "unit": "mm[Hg]",
                }
            )
        except ValidationError as error:
            for ref in refs:
                self.skip(ref, _describe_validation(error, "blood_pressure"), code=code_text)
            return
        for ref in refs:
            self.add(day, "blood_pressure", pressure, ref)

    def presence(self, resource: JSON, label: str, code_text: str) -> bool | None:
        if isinstance(resource.get("valueBoolean"), bool):
            return bool(resource["valueBoolean"])
        quantity = as_mapping(resource.get("valueQuantity"))
        if quantity is not None:
            unit = text(quantity.get("code")) or text(quantity.get("unit"))
            raw = quantity.get("value")
            if quantity.get("comparator") is not None:
                self.skip(label, "censored cast count", code=code_text, unit=unit)
                return None
            if unit is not None and unit not in _CAST_UNITS:
                self.skip(
                    label,
                    f"cast count unit {unit!r} is not a count per field",
                    code=code_text,
                    unit=unit,
                )
                return None
            try:
                count = to_fraction(raw, what="cast count")
            except LupusNephritisError as error:
                self.skip(label, str(error), code=code_text)
                return None
            if count < 0:
                self.skip(label, "negative cast count", code=code_text)
                return None
            return count > 0
        return self.coded_answer(resource, label, code_text, codes.PRESENCE_ANSWERS)

    def coded_answer(
        self,
        resource: JSON,
        label: str,
        code_text: str,
        table: Mapping[tuple[str, str], codes.CodedAnswer],
    ) -> bool | None:
        concept = resource.get("valueCodeableConcept")
        values = {
            table[(system, code)].value
            for system, code, _ in codings(concept)
            if system is not None and code is not None and (system, code) in table
        }
        if len(values) == 1:
            return values.pop()
        reason = "conflicting coded answers" if values else "answer not coded with a known code"
        self.skip(label, reason, code=first_code(concept) or code_text)
        return None

    def add(self, day: date, field: str, value: Any, ref: str) -> None:
        self.findings.setdefault(day, {}).setdefault(field, []).append((value, ref))

    # ---------------------------------------------------------------- Condition

    def read_condition(self, resource: JSON, label: str) -> None:
        concept = resource.get("code")
        code_text = first_code(concept)
        keys = [(s, c) for s, c, _ in codings(concept) if s is not None and c is not None]
        pregnancy = any(k in codes.PREGNANCY_CONDITIONS for k in keys)
        classes = [codes.CLASS_CODES[k] for k in keys if k in codes.CLASS_CODES]
        if not pregnancy and not classes:
            self.skip(label, "condition code is not one the reader maps", code=code_text)
            return
        verification = first_code(resource.get("verificationStatus")) or ""
        if verification.endswith(("|refuted", "|entered-in-error")):
            self.skip(label, f"verificationStatus {verification.split('|')[-1]}", code=code_text)
            return
        clinical = (first_code(resource.get("clinicalStatus")) or "").split("|")[-1]
        day = None
        for key in ("onsetDateTime", "recordedDate"):
            if resource.get(key) is not None:
                day, _problem = parse_date(resource.get(key))
                if day is not None:
                    break
        if pregnancy:
            if clinical in _ACTIVE_CONDITION:
                self.pregnancy.append(DatedStatement(True, day, label))
            else:
                self.skip(
                    label,
                    f"pregnancy condition with clinicalStatus {clinical or 'missing'!r} is not "
                    "read as 'not pregnant' (it dates a past pregnancy only)",
                    code=code_text,
                )
        for item in classes:
            if item.is_who_class and not self.who_class_as_isn_rps:
                self.skip(
                    label,
                    "WHO-class concept not read as an ISN/RPS class (who_class_as_isn_rps off)",
                    code=code_text,
                )
                continue
            self.classes.append(ClassStatement(item.isn_rps_class, day, label))

    # ---------------------------------------------------------------- medications

    def medication_concept(self, resource: JSON, label: str) -> object:
        if resource.get("medicationCodeableConcept") is not None:
            return resource["medicationCodeableConcept"]
        medication = as_mapping(resource.get("medication"))  # R5 CodeableReference
        if medication is not None and medication.get("concept") is not None:
            return medication["concept"]
        ref = reference_id(resource.get("medicationReference")) or (
            reference_id(medication.get("reference")) if medication else None
        )
        if ref is None:
            return None
        if ref.startswith("#"):
            for contained in as_list(resource.get("contained")):
                item = as_mapping(contained)
                if item is not None and f"#{text(item.get('id'))}" == ref:
                    return item.get("code")
            return None
        target = self.by_ref.get(ref)
        return target.get("code") if target is not None else None

    def identify(
        self, concept: object, label: str
    ) -> tuple[DrugName, Glucocorticoid | None] | None:
        found: set[tuple[DrugName, Glucocorticoid | None]] = set()
        for system, code, _ in codings(concept):
            if system == codes.RXNORM and code is not None and code in codes.RXNORM_CODES:
                item = codes.RXNORM_CODES[code]
                found.add(_drug_of(item))
        texts = " | ".join(concept_texts(concept)).lower()
        inhibitors = [n for n in codes.STRONG_CYP3A4_INHIBITORS if _has_word(texts, n)]
        if not found:
            matches = _name_matches(texts)
            found = {_drug_of(codes.DRUG_NAMES[m]) for m in matches}
            if not found:
                for name, why in codes.AMBIGUOUS_DRUG_NAMES.items():
                    if _has_word(texts, name):
                        self.skip(label, f"ambiguous medication: {why}", code=first_code(concept))
                        return None
        if inhibitors:
            self.inhibitor = Cyp3a4Inhibition.STRONG
        if not found:
            if not inhibitors:
                self.skip(
                    label, "medication is not a drug the rules read", code=first_code(concept)
                )
            return None
        if len(found) > 1:
            names = ", ".join(sorted(d.value for d, _ in found))
            self.skip(
                label,
                f"medication names several drugs ({names}); not split",
                code=first_code(concept),
            )
            return None
        return found.pop()

    def read_medication(self, resource: JSON, label: str, kind: str) -> None:
        status = text(resource.get("status")) or ""
        allowed = {
            "MedicationRequest": _REQUEST_STATUSES,
            "MedicationStatement": _STATEMENT_STATUSES,
            "MedicationAdministration": _ADMINISTRATION_STATUSES,
        }[kind]
        concept = self.medication_concept(resource, label)
        is_draft = label in self.draft_ids or (kind == "MedicationRequest" and status == "draft")
        if status not in allowed and not is_draft:
            self.skip(label, f"{kind} status {status!r} is not read", code=first_code(concept))
            return
        if concept is None:
            self.skip(label, "no medication code (or an unresolved medicationReference)")
            return
        identified = self.identify(concept, label)
        if identified is None:
            return
        drug, steroid = identified
        spans = self.spans(resource, label, kind)
        starts = [s for s, _e, _d in spans if s is not None]
        ends = [e for _s, e, _d in spans]
        record_end = (
            None
            if (not ends or any(e is None for e in ends))
            else max(e for e in ends if e is not None)
        )
        self.medications.append(
            MedicationRecord(
                label,
                kind,
                status,
                drug,
                steroid,
                min(starts) if starts else None,
                record_end,
                is_draft,
            )
        )
        if steroid is not None and not is_draft:
            route = self.route(resource, label, kind)
            for start, end, dosage in spans:
                self.glucocorticoid_dose(label, kind, steroid, start, end, dosage, route)

    def spans(
        self, resource: JSON, label: str, kind: str
    ) -> list[tuple[date | None, date | None, JSON | None]]:
        """``(start, end, dosage)`` for each dosage period of the resource."""
        if kind == "MedicationAdministration":
            start, end = self.effective(resource, label)
            return [(start, end if end is not None else start, as_mapping(resource.get("dosage")))]
        dosages = [
            as_mapping(d)
            for d in as_list(
                resource.get("dosageInstruction" if kind == "MedicationRequest" else "dosage")
            )
        ]
        dosages = [d for d in dosages if d is not None] or [None]
        out: list[tuple[date | None, date | None, JSON | None]] = []
        for dosage in dosages:
            start, end = self.bounds(dosage, label)
            if start is None and kind == "MedicationStatement":
                start, end2 = self.effective(resource, label)
                end = end if end is not None else end2
            if (
                start is None
                and kind == "MedicationRequest"
                and self.request_start_from_authored_on
            ):
                start, _ = parse_date(resource.get("authoredOn"))
            out.append((start, end, dosage))
        return out

    def effective(self, resource: JSON, label: str) -> tuple[date | None, date | None]:
        if resource.get("effectiveDateTime") is not None:
            day, _ = parse_date(resource.get("effectiveDateTime"))
            return day, day
        period = as_mapping(resource.get("effectivePeriod"))
        if period is not None:
            start, _ = parse_date(period.get("start"))
            end, _ = (
                parse_date(period.get("end")) if period.get("end") is not None else (None, None)
            )
            return start, end
        return None, None

    def bounds(self, dosage: JSON | None, label: str) -> tuple[date | None, date | None]:
        if dosage is None:
            return None, None
        timing = as_mapping(dosage.get("timing")) or {}
        repeat = as_mapping(timing.get("repeat")) or {}
        period = as_mapping(repeat.get("boundsPeriod"))
        if period is not None:
            start, _ = parse_date(period.get("start"))
            end = None
            if period.get("end") is not None:
                end, _ = parse_date(period.get("end"))
            return start, end
        return None, None

    def route(self, resource: JSON, label: str, kind: str) -> str | None:
        dosages = (
            as_list(resource.get("dosage"))
            if kind != "MedicationRequest"
            else as_list(resource.get("dosageInstruction"))
        )
        for dosage in dosages:
            item = as_mapping(dosage)
            if item is None or item.get("route") is None:
                continue
            concept = item["route"]
            for system, code, _ in codings(concept):
                if system is not None and code is not None and (system, code) in codes.ROUTES:
                    return codes.ROUTES[(system, code)]
            for name in concept_texts(concept):
                if name.strip().lower() in codes.ROUTE_NAMES:
                    return codes.ROUTE_NAMES[name.strip().lower()]
            self.skip(
                label,
                "route not recognised; dose kept without a route",
                code=first_code(concept),
                path="dosage.route",
            )
        return None

    def glucocorticoid_dose(
        self,
        label: str,
        kind: str,
        steroid: Glucocorticoid,
        start: date | None,
        end: date | None,
        dosage: JSON | None,
        route: str | None,
    ) -> None:
        if start is None:
            self.skip(
                label,
                "glucocorticoid record without a start date (boundsPeriod.start, effective[x])",
                path="dosage",
            )
            return
        amount = self.dose_amount(dosage, label, kind)
        if amount is None:
            return
        per_day = self.per_day(dosage, label, kind)
        if per_day is None:
            return
        if end is None:
            end = self.duration_end(dosage, start)
        if end is None and kind != "MedicationAdministration":
            if self.as_of is None:
                self.skip(
                    label,
                    "open-ended glucocorticoid record: pass as_of (the last day it "
                    "is known to hold) to read it",
                    path="dosage",
                )
                return
            if self.as_of < start:
                self.skip(label, "as_of is before the record's start", path="dosage")
                return
            end = self.as_of
        value, unit = amount
        daily = value * per_day
        try:
            record = GlucocorticoidDose.model_validate(
                {
                    "start": start,
                    "end": end,
                    "daily_dose": Dose.model_validate({"value": _decimal(daily), "unit": unit}),
                    "drug": steroid,
                    "route": route,
                }
            )
        except ValidationError as error:
            self.skip(label, _describe_validation(error, "glucocorticoid dose"), path="dosage")
            return
        except LupusNephritisError as error:
            self.skip(label, str(error), path="dosage")
            return
        self.doses.append((record, label))

    def dose_amount(
        self, dosage: JSON | None, label: str, kind: str
    ) -> tuple[Fraction, str] | None:
        if dosage is None:
            self.skip(label, "no dosage", path="dosage")
            return None
        quantity = None
        if kind == "MedicationAdministration":
            quantity = as_mapping(dosage.get("dose"))
        else:
            for item in as_list(dosage.get("doseAndRate")):
                mapped = as_mapping(item)
                if mapped is None:
                    continue
                if mapped.get("doseRange") is not None:
                    self.skip(
                        label,
                        "dose range: the daily dose is not one number",
                        path="dosage.doseAndRate.doseRange",
                    )
                    return None
                if mapped.get("doseQuantity") is not None:
                    quantity = as_mapping(mapped.get("doseQuantity"))
                    break
        if quantity is None:
            self.skip(label, "no dose quantity", path="dosage.dose")
            return None
        parsed = self.quantity(quantity, label, "dose", Quantity.GLUCOCORTICOID_DOSE)
        if parsed is None:
            return None
        try:
            return to_fraction(parsed[0], what="dose"), parsed[1]
        except LupusNephritisError as error:
            self.skip(label, str(error), path="dosage.dose")
            return None

    def per_day(self, dosage: JSON | None, label: str, kind: str) -> Fraction | None:
        if kind == "MedicationAdministration":
            return Fraction(1)
        timing = as_mapping(dosage.get("timing")) if dosage else None
        if timing is None:
            self.skip(
                label, "no timing: how often the dose is taken is unknown", path="dosage.timing"
            )
            return None
        repeat = as_mapping(timing.get("repeat")) or {}
        frequency = repeat.get("frequency")
        period = repeat.get("period")
        unit = text(repeat.get("periodUnit"))
        if frequency is None and period is None:
            for system, code, _ in codings(timing.get("code")):
                if (
                    code is not None
                    and code in codes.TIMING_ABBREVIATIONS
                    and system in (None, codes.GTS_ABBREVIATION)
                ):
                    return Fraction(codes.TIMING_ABBREVIATIONS[code])
            self.skip(
                label,
                "timing has no frequency/period (or a known code)",
                code=first_code(timing.get("code")),
                path="dosage.timing",
            )
            return None
        if unit is None or unit not in codes.PERIOD_UNIT_DAYS:
            self.skip(
                label,
                f"timing periodUnit {unit!r} is not read (h, d, wk)",
                path="dosage.timing.repeat",
            )
            return None
        try:
            times = to_fraction(frequency if frequency is not None else 1, what="frequency")
            length = to_fraction(period if period is not None else 1, what="period")
        except LupusNephritisError as error:
            self.skip(label, str(error), path="dosage.timing.repeat")
            return None
        if length <= 0 or times <= 0:
            self.skip(
                label, "timing frequency and period must be positive", path="dosage.timing.repeat"
            )
            return None
        num, den = codes.PERIOD_UNIT_DAYS[unit]
        per_day = times / (length * Fraction(num, den))
        if per_day.denominator != 1:
            self.skip(
                label,
                f"dose taken {per_day} times a day (e.g. alternate days or weekly): not a daily "
                "dose record",
                path="dosage.timing.repeat",
            )
            return None
        return per_day

    def duration_end(self, dosage: JSON | None, start: date) -> date | None:
        if dosage is None:
            return None
        timing = as_mapping(dosage.get("timing")) or {}
        repeat = as_mapping(timing.get("repeat")) or {}
        duration = as_mapping(repeat.get("boundsDuration"))
        if duration is None:
            return None
        unit = text(duration.get("code")) or text(duration.get("unit"))
        value = duration.get("value")
        if unit is None or unit not in codes.DURATION_UNIT_DAYS:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return None
        days: int = value * codes.DURATION_UNIT_DAYS[unit] - 1
        return start + timedelta(days=days)

    # ---------------------------------------------------------------- assemble

    def visits(self) -> tuple[tuple[Visit, ...], tuple[tuple[date, str, str], ...]]:
        # pair standalone systolic/diastolic observations of one day
        for day, parts in sorted(self.pressure_parts.items()):
            systolic = parts.get("systolic", [])
            diastolic = parts.get("diastolic", [])
            if len(systolic) == 1 and len(diastolic) == 1:
                s, d = systolic[0], diastolic[0]
                self.add_pressure(
                    day, (s[0], s[1]), (d[0], d[1]), (s[2], d[2]), f"{codes.LOINC}|8480-6"
                )
            else:
                for value, _unit, ref in (*systolic, *diastolic):
                    del value
                    self.skip(
                        ref,
                        "systolic and diastolic observations of this day cannot be paired "
                        f"({len(systolic)} systolic, {len(diastolic)} diastolic)",
                    )
        visits: list[Visit] = []
        evidence: list[tuple[date, str, str]] = []
        for day in sorted(self.findings):
            fields: dict[str, Any] = {}
            for field, entries in self.findings[day].items():
                values = {_key(v) for v, _ref in entries}
                refs = [ref for _v, ref in entries]
                if len(values) > 1:
                    for ref in dict.fromkeys(refs):
                        self.skip(
                            ref,
                            f"conflicting {field} values on {day.isoformat()}: none used",
                            path=field,
                        )
                    continue
                fields[field] = entries[0][0]
                evidence += [(day, field, ref) for ref in dict.fromkeys(refs)]
            if fields:
                visits.append(Visit.model_validate({"date": day, **fields}))
        return tuple(visits), tuple(evidence)


def _key(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return repr(sorted(value.model_dump(mode="json").items()))
    return value


def _has_value(resource: JSON) -> bool:
    return any(key.startswith("value") for key in resource)


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _drug_of(item: codes.DrugCode) -> tuple[DrugName, Glucocorticoid | None]:
    if item.glucocorticoid is not None:
        return DrugName.GLUCOCORTICOIDS, item.glucocorticoid
    assert item.drug is not None  # every row names a drug or a glucocorticoid
    return item.drug, None


def _has_word(haystack: str, word: str) -> bool:
    return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", haystack) is not None


def _name_matches(texts: str) -> list[str]:
    """Known names found as whole words; a name inside a longer found name does not count."""
    found = [name for name in codes.DRUG_NAMES if _has_word(texts, name)]
    return [n for n in found if not any(n != m and n in m for m in found)]


def read_fhir(
    data: object,
    *,
    urine_upcr_specimen: Specimen | str | None = None,
    who_class_as_isn_rps: bool = True,
    request_start_from_authored_on: bool = False,
    as_of: date | None = None,
    draft_orders: Iterable[object] = (),
    negative_pregnancy_valid_days: int = 0,
) -> FhirData:
    """Read FHIR R4 resources (JSON dicts) into the library's models.

    Args:
        data: A Bundle, one resource, or a list of them (nested Bundles are flattened).
        urine_upcr_specimen: The specimen to record for UPCR codes whose LOINC system is plain
            "Urine" (2890-2, 34366-5), when the caller knows its laboratory collects spot (or
            first-morning) samples. Default ``None``: the specimen stays unreported, and rule
            sets that care flag it.
        who_class_as_isn_rps: Read SNOMED CT's "WHO class N" lupus nephritis concepts as
            ISN/RPS class N (default ``True``: ISN/RPS 2003 kept the WHO classes' numbering and
            structure, source ``isn-rps-2003``; set ``False`` to report them instead).
        request_start_from_authored_on: Date a MedicationRequest without ``boundsPeriod`` from
            its ``authoredOn`` (default ``False``: a prescription date is not a start date).
        as_of: The last day open-ended dose records are known to hold (default ``None``: such
            glucocorticoid records are reported, because the library never reads a clock).
        draft_orders: Resources (a Bundle or list) proposed but not yet signed (CDS Hooks
            ``draftOrders``); their drugs join `FhirData.regimen` as the proposal.
        negative_pregnancy_valid_days: How many days a "not pregnant" statement holds
            (default 0: its own date only; see `FhirData.is_pregnant_on`).

    Returns:
        The `FhirData`.

    Raises:
        InputError: ``data`` is not FHIR JSON, holds several patients, or an argument is
            invalid.
    """
    for name, flag in (
        ("who_class_as_isn_rps", who_class_as_isn_rps),
        ("request_start_from_authored_on", request_start_from_authored_on),
    ):
        if not isinstance(flag, bool):
            raise InputError(f"{name}: expected True or False, got {flag!r}")
    if as_of is not None and (not isinstance(as_of, date) or isinstance(as_of, datetime)):
        raise InputError(f"as_of: expected a date, got {as_of!r}")
    if (
        isinstance(negative_pregnancy_valid_days, bool)
        or not isinstance(negative_pregnancy_valid_days, int)
        or negative_pregnancy_valid_days < 0
    ):
        raise InputError(
            "negative_pregnancy_valid_days: expected a whole number of days >= 0, got "
            f"{negative_pregnancy_valid_days!r}"
        )
    specimen: Specimen | None
    if urine_upcr_specimen is None or isinstance(urine_upcr_specimen, Specimen):
        specimen = urine_upcr_specimen
    else:
        try:
            specimen = Specimen(urine_upcr_specimen)
        except ValueError:
            known = ", ".join(s.value for s in Specimen)
            raise InputError(
                f"urine_upcr_specimen: {urine_upcr_specimen!r} is not a specimen ({known})"
            ) from None
    problems: list[Unmapped] = []
    resources: list[JSON] = []
    _flatten(data, resources, problems)
    drafts: list[JSON] = []
    draft_list = list(draft_orders) if is_sequence(draft_orders) else [draft_orders]
    if draft_list:
        _flatten(draft_list, drafts, problems)
    offset = len(resources)
    draft_ids = frozenset(resource_label(r, offset + i) for i, r in enumerate(drafts))
    reader = _Reader(
        specimen, who_class_as_isn_rps, request_start_from_authored_on, as_of, draft_ids
    )
    reader.unmapped.extend(problems)
    reader.read([*resources, *drafts])
    visits, evidence = reader.visits()
    doses = sorted(reader.doses, key=lambda item: (item[0].start, item[1]))
    return FhirData(
        patient=reader.patient,
        patient_resource=reader.patient_ref,
        visits=visits,
        glucocorticoids=tuple(d for d, _ in doses),
        medications=tuple(reader.medications),
        pregnancy=tuple(reader.pregnancy),
        classes=tuple(reader.classes),
        cyp3a4_inhibitor=reader.inhibitor,
        unmapped=tuple(reader.unmapped),
        evidence=evidence,
        glucocorticoid_resources=tuple(ref for _, ref in doses),
        negative_pregnancy_valid_days=negative_pregnancy_valid_days,
    )


def course_from_fhir(
    data: object,
    start_date: date | None = None,
    *,
    baseline: BaselineRule = "latest-on-or-before-start",
    **options: Any,
) -> FhirCourse:
    """Read FHIR resources and build the treatment course in one step.

    Args:
        data: A Bundle, one resource, or a list of them.
        start_date: Treatment start; ``None`` applies `FhirData.treatment_start`.
        baseline: The baseline rule (see `FhirData.to_course`).
        **options: Options of `read_fhir` (``urine_upcr_specimen``, ``as_of`` ...).

    Returns:
        The course, the unmapped list and the data read.

    Raises:
        InputError: the input is not FHIR JSON, or no course can be built from it.
    """
    fhir = read_fhir(data, **options)
    return FhirCourse(fhir.to_course(start_date, baseline=baseline), fhir.unmapped, fhir)


__all__ = [
    "BASELINE_RULES",
    "OBSERVATION_STATUSES",
    "BaselineRule",
    "ClassStatement",
    "DatedStatement",
    "FhirCourse",
    "FhirData",
    "MedicationRecord",
    "Unmapped",
    "course_from_fhir",
    "read_fhir",
]
