"""Validated input models (pydantic v2): measurements, patients, visits, doses, courses.

Every model is frozen, rejects unknown fields, and is constructible from plain dicts and JSON
(``Model.model_validate(data)`` / ``Model.model_validate_json(text)``);
``Model.model_json_schema()`` is the contract EHR integrators code against.

Measurements carry their unit explicitly (no unit defaults): ``{"value": 0.8, "unit": "g/g"}``
or the compact string ``"0.8 g/g"``. Units are checked against the quantity's accepted UCUM
codes and the value against its plausibility range at construction, so a unit mix-up fails
here with a message that names it. A missing datum is ``None``, distinct from a negative
finding (``False``, ``0``, ``"negative"``).
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Annotated, Any, ClassVar, Literal, cast

from pydantic import (
    BeforeValidator,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from lupus_nephritis._convert import to_enum
from lupus_nephritis._model import FrozenModel
from lupus_nephritis.steroids import DEFAULT_TABLE, Glucocorticoid, prednisone_equivalent
from lupus_nephritis.units import (
    DEFAULT_CREATININE_CONVERSION,
    CreatinineConversion,
    Quantity,
    canonicalize,
    factor,
    spec_for,
    to_decimal,
)


def _number(value: Any) -> Decimal:
    return to_decimal(value)


Number = Annotated[Decimal, BeforeValidator(_number)]
"""A finite decimal number read under the boundary policy (floats via their shortest repr)."""


class _Frozen(FrozenModel):
    """Frozen, unknown fields rejected, library errors on bad input."""


class Sex(str, Enum):
    """Sex used by eGFR equations and dosing."""

    FEMALE = "female"
    MALE = "male"


class Specimen(str, Enum):
    """Urine specimen a protein-to-creatinine ratio was measured on."""

    H24 = "24h"
    SPOT = "spot"
    FIRST_MORNING = "first_morning"


class DipstickGrade(str, Enum):
    """Urine dipstick protein grade."""

    NEGATIVE = "negative"
    TRACE = "trace"
    ONE_PLUS = "1+"
    TWO_PLUS = "2+"
    THREE_PLUS = "3+"
    FOUR_PLUS = "4+"

    @property
    def rank(self) -> int:
        """0 for negative, 1 for trace, 2 for 1+, ... 5 for 4+."""
        return list(DipstickGrade).index(self)


# ----------------------------------------------------------------------------- measures


class Measure(_Frozen):
    """A measured value with an explicit unit, validated for its quantity.

    Subclasses fix the quantity. Accepts ``{"value": ..., "unit": ...}`` or ``"0.8 g/g"``.
    """

    quantity: ClassVar[Quantity]

    value: Number = Field(description="The value as reported (finite, not negative).")
    unit: str = Field(description="UCUM unit code as reported.")
    _canonical: Fraction = PrivateAttr()

    @model_validator(mode="before")
    @classmethod
    def _parse_compact(cls, data: Any) -> Any:
        if isinstance(data, str):
            parts = data.strip().split(None, 1)
            if len(parts) != 2:
                raise ValueError(
                    f"expected '<value> <unit>' (e.g. '0.8 g/g'), got {data!r}; "
                    "a bare number is refused because units are never assumed"
                )
            return {"value": parts[0], "unit": parts[1].strip()}
        if isinstance(data, (numbers.Real, Decimal)) and not isinstance(data, bool):
            spec = spec_for(cls.quantity)
            raise ValueError(
                f"{spec.label}: a bare number ({data!r}) is refused because units are never "
                f"assumed; give {{'value': {data!r}, 'unit': ...}}, e.g. unit "
                f"{spec.canonical_unit!r}"
            )
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The object form, or the compact ``"<value> <unit>"`` string, with accepted units."""
        schema = handler.resolve_ref_schema(handler(core_schema))
        spec = spec_for(cls.quantity)
        units = sorted({*spec.factors, *spec.aliases})
        properties = schema.get("properties", {})
        if "unit" in properties:
            properties["unit"]["enum"] = units
        number = r"\+?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
        # escape regex syntax only (ECMA-262 rejects escaped spaces under the 'u' flag)
        alternatives = "|".join(re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", u) for u in units)
        example = f"1 {spec.canonical_unit}"
        compact = {
            "type": "string",
            "pattern": rf"^\s*{number}\s+(?:{alternatives})\s*$",
            "description": (
                f"Compact form '<value> <unit>', e.g. {example!r}; the unit is one of the "
                f"accepted UCUM codes for {spec.label}."
            ),
            "examples": [example],
        }
        object_form = {k: v for k, v in schema.items() if k not in ("title", "description")}
        return {
            "title": schema.get("title", cls.__name__),
            "description": schema.get("description", ""),
            "anyOf": [object_form, compact],
        }

    @model_validator(mode="after")
    def _validate_quantity(self) -> Measure:
        self._canonical = canonicalize(self.value, self.unit, quantity=self.quantity)
        return self

    @property
    def canonical(self) -> Fraction:
        """The value in the quantity's canonical unit, exact."""
        # read the private slot directly: pydantic's attribute lookup is slow on hot paths
        return cast("dict[str, Fraction]", self.__pydantic_private__)["_canonical"]

    def in_unit(self, unit: str) -> Fraction:
        """The value converted exactly to ``unit`` (an accepted unit of the quantity)."""
        return self._canonical / factor(self.quantity, unit)

    def __str__(self) -> str:
        return f"{self.value} {self.unit}"


class UPCR(Measure):
    """Urine protein-to-creatinine ratio (canonical g/g), with the specimen it came from.

    Accepted units: ``g/g``, ``mg/mg``, ``mg/g``, ``mg/mmol``, ``g/mmol`` (exact factors from
    the creatinine molar mass 113.12 g/mol). LOINC 2890-2 / 34366-5 (spot), 40486-3 (24-h).
    """

    quantity: ClassVar[Quantity] = Quantity.UPCR
    specimen: Specimen | None = Field(
        default=None, description="24h, spot or first_morning; None when not reported."
    )
    _specimen_assumed: bool = PrivateAttr(default=False)

    @property
    def is_specimen_assumed(self) -> bool:
        """True when `specimen` was not reported but filled in from a default.

        See `TreatmentCourse.default_upcr_specimen`; decisions flag such readings
        ``upcr-specimen-assumed``.
        """
        return bool(cast("dict[str, Any]", self.__pydantic_private__)["_specimen_assumed"])

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> Any:
        # an assumed specimen is not data: dump it as unreported, so that re-validating the
        # dump (with the course's default) gives the same, still-assumed reading
        data = handler(self)
        if isinstance(data, dict) and self.is_specimen_assumed:
            data["specimen"] = None
        return data

    def with_assumed_specimen(self, specimen: Specimen) -> UPCR:
        """A copy whose unreported specimen is ``specimen``, marked as assumed.

        A reported specimen is kept (the copy is ``self``); an assumed one is replaced.
        """
        if self.specimen is not None and not self.is_specimen_assumed:
            return self
        copy = self.model_copy(update={"specimen": specimen})
        cast("dict[str, Any]", copy.__pydantic_private__)["_specimen_assumed"] = True
        return copy


class Protein24h(Measure):
    """24-hour urine protein excretion (canonical g/d). LOINC 2889-4."""

    quantity: ClassVar[Quantity] = Quantity.PROTEIN_24H


class Creatinine(Measure):
    """Serum creatinine (canonical mg/dL; accepts umol/L). LOINC 2160-0 / 14682-9.

    A value in µmol/L is converted with ``conversion`` (`CreatinineConversion`):
    ``"88.4"`` (1 mg/dL = 88.4 µmol/L, the default) or ``"molar-mass"`` (88.4017, from the
    molar mass 113.12 g/mol). ``None`` uses the default, or the course's
    ``creatinine_conversion`` when the measurement belongs to a course.
    """

    quantity: ClassVar[Quantity] = Quantity.CREATININE
    conversion: CreatinineConversion | None = Field(
        default=None,
        description="How a umol/L value converts to mg/dL: '88.4' (default) or 'molar-mass' "
        "(10000/113.12); ignored for mg/dL.",
    )
    _conversion_assumed: bool = PrivateAttr(default=False)

    @model_validator(mode="after")
    def _validate_quantity(self) -> Creatinine:
        self._canonical = canonicalize(
            self.value, self.unit, quantity=self.quantity, creatinine_conversion=self.conversion
        )
        return self

    @property
    def effective_conversion(self) -> CreatinineConversion:
        """The conversion that applies (the default when none was chosen)."""
        return self.conversion or DEFAULT_CREATININE_CONVERSION

    @property
    def is_in_umol_l(self) -> bool:
        """Whether the value was reported in µmol/L (so the conversion matters)."""
        return spec_for(self.quantity).resolve_unit(self.unit) == "umol/L"

    @property
    def is_conversion_assumed(self) -> bool:
        """True when `conversion` was filled in from a course- or call-level choice."""
        return bool(cast("dict[str, Any]", self.__pydantic_private__)["_conversion_assumed"])

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> Any:
        # an assumed conversion is not data: dump it as unchosen (the course re-applies it)
        data = handler(self)
        if isinstance(data, dict) and self.is_conversion_assumed:
            data["conversion"] = None
        return data

    def with_assumed_conversion(self, conversion: CreatinineConversion) -> Creatinine:
        """A copy converted with ``conversion``, marked as assumed (a chosen one is kept)."""
        if self.conversion is not None and not self.is_conversion_assumed:
            return self
        copy = self.model_copy(update={"conversion": conversion})
        private = cast("dict[str, Any]", copy.__pydantic_private__)
        private["_conversion_assumed"] = True
        private["_canonical"] = canonicalize(
            copy.value, copy.unit, quantity=copy.quantity, creatinine_conversion=conversion
        )
        return copy


class CystatinC(Measure):
    """Serum cystatin C (mg/L). LOINC 33863-2."""

    quantity: ClassVar[Quantity] = Quantity.CYSTATIN_C


class EGFR(Measure):
    """Estimated GFR (mL/min/{1.73_m2}), with the equation it came from if known."""

    quantity: ClassVar[Quantity] = Quantity.EGFR
    equation: str | None = Field(
        default=None, description="Equation id (e.g. 'ckd-epi-2021-cr'), if reported."
    )


class Dose(Measure):
    """A drug amount (canonical mg)."""

    quantity: ClassVar[Quantity] = Quantity.GLUCOCORTICOID_DOSE


class Weight(Measure):
    """Body weight (canonical kg)."""

    quantity: ClassVar[Quantity] = Quantity.WEIGHT


class Height(Measure):
    """Body height (canonical cm)."""

    quantity: ClassVar[Quantity] = Quantity.HEIGHT


class UrineRBC(Measure):
    """Urine red blood cells per high-power field (``/[HPF]``). LOINC 13945-1."""

    quantity: ClassVar[Quantity] = Quantity.URINE_RBC


class Percent(Measure):
    """A percentage (``%``)."""

    quantity: ClassVar[Quantity] = Quantity.PERCENT


class BloodPressure(_Frozen):
    """Blood pressure in mm[Hg]."""

    systolic: Number
    diastolic: Number
    unit: Literal["mm[Hg]", "mmHg"] = Field(description="mm[Hg] (UCUM) or mmHg.")

    @model_validator(mode="after")
    def _check(self) -> BloodPressure:
        canonicalize(self.systolic, self.unit, quantity=Quantity.BLOOD_PRESSURE, what="systolic")
        canonicalize(self.diastolic, self.unit, quantity=Quantity.BLOOD_PRESSURE, what="diastolic")
        if self.diastolic >= self.systolic:
            raise ValueError("diastolic pressure must be lower than systolic pressure")
        return self


# ----------------------------------------------------------------------------- patient


class Patient(_Frozen):
    """Who the rules are about. Everything is optional: rules report what they miss."""

    id: str | None = None
    sex: Sex | None = None
    birth_date: date | None = None
    age_years: Number | None = Field(default=None, description="Age in years, if no birth date.")
    height: Height | None = None
    weight: Weight | None = None
    is_pregnant: bool | None = None
    is_black: bool | None = Field(
        default=None,
        description="Only for the legacy CKD-EPI 2009 equation's race coefficient.",
    )

    @field_validator("age_years")
    @classmethod
    def _age(cls, value: Decimal | None) -> Decimal | None:
        if value is not None:
            canonicalize(value, "a", quantity=Quantity.AGE, what="age")
        return value

    def age_on(self, day: date) -> Fraction | None:
        """Age in completed years on ``day`` (from the birth date), else ``age_years``."""
        if self.birth_date is not None:
            years = day.year - self.birth_date.year
            if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
                years -= 1
            return Fraction(years)
        if self.age_years is not None:
            return Fraction(self.age_years)
        return None


# ----------------------------------------------------------------------------- visits


class Visit(_Frozen):
    """Findings on one date. Every finding is optional; ``None`` means not measured."""

    date: date
    id: str | None = None
    upcr: UPCR | None = None
    protein_24h: Protein24h | None = None
    creatinine: Creatinine | None = None
    creatinine_uln: Creatinine | None = Field(
        default=None, description="The laboratory's upper limit of normal for creatinine."
    )
    cystatin_c: CystatinC | None = None
    egfr: EGFR | None = Field(default=None, description="eGFR as reported (else computed).")
    urine_rbc: UrineRBC | None = None
    acanthocytes: Percent | None = Field(
        default=None, description="Acanthocytes as a percentage of urine red cells."
    )
    acanthocytes_per_hpf: UrineRBC | None = None
    has_red_cell_casts: bool | None = None
    has_white_cell_casts: bool | None = None
    dipstick_protein: DipstickGrade | None = None
    urine_specific_gravity: Number | None = None
    blood_pressure: BloodPressure | None = None

    @field_validator("urine_specific_gravity")
    @classmethod
    def _sg(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and not (Decimal("1.000") <= value <= Decimal("1.060")):
            raise ValueError(f"urine specific gravity {value} outside 1.000-1.060")
        return value

    @property
    def has_cellular_casts(self) -> bool | None:
        """Red or white cell casts: True if either is present, None if both unknown."""
        if self.has_red_cell_casts or self.has_white_cell_casts:
            return True
        if self.has_red_cell_casts is None or self.has_white_cell_casts is None:
            return None
        return False


# ----------------------------------------------------------------------------- doses


class GlucocorticoidDose(_Frozen):
    """A daily glucocorticoid dose held from ``start`` to ``end`` (both inclusive).

    ``daily_dose`` is in milligrams of ``drug``; use `prednisone_mg_per_day` for
    prednisone equivalents. Overlapping records add up (e.g. an oral dose plus a pulse).
    """

    start: date
    end: date | None = Field(default=None, description="Last day (inclusive); None = one day.")
    daily_dose: Dose
    drug: Glucocorticoid
    route: Literal["oral", "iv", "im"] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> GlucocorticoidDose:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"dose record ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def last_day(self) -> date:
        """The last day the dose was taken."""
        return self.end if self.end is not None else self.start

    def prednisone_mg_per_day(self, table: str = DEFAULT_TABLE) -> Fraction:
        """The daily dose in prednisone-equivalent milligrams (exact)."""
        return prednisone_equivalent(self.daily_dose.canonical, self.drug, table=table)

    def days(self) -> Iterator[date]:
        """Every day the record covers."""
        from datetime import timedelta

        day = self.start
        while day <= self.last_day:
            yield day
            day += timedelta(days=1)


# ----------------------------------------------------------------------------- course


class EventType(str, Enum):
    """Dated events that matter to response definitions."""

    RESCUE_THERAPY = "rescue_therapy"
    TREATMENT_FAILURE = "treatment_failure"
    PROHIBITED_MEDICATION = "prohibited_medication"
    STUDY_DRUG_DISCONTINUATION = "study_drug_discontinuation"
    WITHDRAWAL = "withdrawal"
    DEATH = "death"
    KIDNEY_FAILURE = "kidney_failure"
    ADJUDICATED_EGFR_EVENT = "adjudicated_egfr_event"


class CourseEvent(_Frozen):
    """An intercurrent event on a date."""

    type: EventType
    date: date
    note: str | None = None


class TreatmentCourse(_Frozen):
    """One patient's treatment course: baseline, dated visits, doses and events.

    Attributes:
        start_date: Treatment start (study day 1).
        patient: The patient (sex, age, height, weight...), used to compute eGFR.
        baseline: Baseline findings (e.g. at randomisation or treatment start).
        pre_flare: Findings before the flare that led to treatment (BLISS-LN's eGFR reference).
        biopsy: Findings at the time of the diagnostic biopsy (cohort modified PERR/CRR).
        visits: Dated follow-up visits (kept sorted by date).
        glucocorticoids: Daily glucocorticoid dose records.
        are_glucocorticoid_records_complete: True when ``glucocorticoids`` lists every day a
            glucocorticoid was taken (days without a record then count as 0 mg); otherwise
            uncovered days are unknown.
        events: Intercurrent events (rescue therapy, treatment failure, withdrawal...).
        has_adjudicated_egfr_event: AURORA nuance: whether an adjudicated treatment- or
            disease-related event affecting eGFR occurred (None = not adjudicated/unknown).
        default_upcr_specimen: Specimen of every UPCR in the course whose specimen is not
            reported (e.g. a registry whose UPCRs all come from 24-hour collections). A
            reported specimen always wins; readings that use the default are flagged
            ``upcr-specimen-assumed`` instead of ``upcr-specimen-unreported``.
        creatinine_conversion: How every creatinine (and creatinine ULN) of the course given
            in µmol/L converts to mg/dL, unless the measurement chooses its own: ``"88.4"``
            (the library default) or ``"molar-mass"``.
    """

    start_date: date
    patient: Patient | None = None
    baseline: Visit | None = None
    pre_flare: Visit | None = None
    biopsy: Visit | None = None
    visits: tuple[Visit, ...] = ()
    glucocorticoids: tuple[GlucocorticoidDose, ...] = ()
    are_glucocorticoid_records_complete: bool = False
    events: tuple[CourseEvent, ...] = ()
    has_adjudicated_egfr_event: bool | None = None
    default_upcr_specimen: Specimen | None = Field(
        default=None,
        description="Specimen assumed for every UPCR whose specimen is not reported "
        "(reported specimens win).",
    )
    creatinine_conversion: CreatinineConversion | None = Field(
        default=None,
        description="Conversion of every umol/L creatinine that does not choose its own: "
        "'88.4' (default) or 'molar-mass'.",
    )

    @field_validator("visits")
    @classmethod
    def _sorted(cls, visits: tuple[Visit, ...]) -> tuple[Visit, ...]:
        return tuple(sorted(visits, key=lambda v: v.date))

    @model_validator(mode="after")
    def _apply_default_specimen(self) -> TreatmentCourse:
        if self.default_upcr_specimen is not None:
            _fill_specimens(self, self.default_upcr_specimen)
        if self.creatinine_conversion is not None:
            _fill_conversions(self, self.creatinine_conversion)
        return self

    def with_creatinine_conversion(
        self, conversion: CreatinineConversion | str | None
    ) -> TreatmentCourse:
        """This course with ``creatinine_conversion`` set (``None`` returns it unchanged).

        Every µmol/L creatinine that does not choose its own conversion is re-read with it.

        Raises:
            InputError: ``conversion`` is not a `CreatinineConversion` (or its value).
        """
        if conversion is None:
            return self
        chosen = to_enum(CreatinineConversion, conversion)
        copy = self.model_copy(update={"creatinine_conversion": chosen})
        _fill_conversions(copy, chosen)
        return copy

    def with_default_upcr_specimen(self, specimen: Specimen | str | None) -> TreatmentCourse:
        """This course with ``default_upcr_specimen`` set (``None`` returns it unchanged).

        Raises:
            InputError: ``specimen`` is not a `Specimen` (or its value).
        """
        if specimen is None:
            return self
        chosen = to_enum(Specimen, specimen)
        copy = self.model_copy(update={"default_upcr_specimen": chosen})
        _fill_specimens(copy, chosen)
        return copy

    def study_day(self, day: date) -> int:
        """Study day of ``day`` (``start_date`` is day 1)."""
        return (day - self.start_date).days + 1

    def events_of(self, *types: EventType) -> tuple[CourseEvent, ...]:
        """Events of the given types, by date."""
        wanted = set(types)
        return tuple(sorted((e for e in self.events if e.type in wanted), key=lambda e: e.date))


def _with_specimen(visit: Visit | None, specimen: Specimen) -> Visit | None:
    if visit is None or visit.upcr is None:
        return visit
    if visit.upcr.specimen is not None and not visit.upcr.is_specimen_assumed:
        return visit
    return visit.model_copy(update={"upcr": visit.upcr.with_assumed_specimen(specimen)})


def _with_conversion(visit: Visit | None, conversion: CreatinineConversion) -> Visit | None:
    if visit is None:
        return visit
    update: dict[str, Creatinine] = {}
    for field in ("creatinine", "creatinine_uln"):
        measure: Creatinine | None = getattr(visit, field)
        if measure is not None:
            converted = measure.with_assumed_conversion(conversion)
            if converted is not measure:
                update[field] = converted
    return visit.model_copy(update=update) if update else visit


def _fill_conversions(course: TreatmentCourse, conversion: CreatinineConversion) -> None:
    """Give every creatinine of ``course`` without its own conversion ``conversion`` (in place).

    Only called on a course being built (its validator, or a fresh copy), like
    `_fill_specimens`.
    """
    values = course.__dict__
    for role in ("baseline", "pre_flare", "biopsy"):
        values[role] = _with_conversion(values[role], conversion)
    values["visits"] = tuple(
        cast(Visit, _with_conversion(visit, conversion)) for visit in values["visits"]
    )


def _fill_specimens(course: TreatmentCourse, specimen: Specimen) -> None:
    """Give every UPCR of ``course`` without a specimen the assumed ``specimen`` (in place).

    Only called on a course being built (its validator, or a fresh copy), before anyone else
    holds it; the models stay immutable to their users.
    """
    values = course.__dict__
    for role in ("baseline", "pre_flare", "biopsy"):
        values[role] = _with_specimen(values[role], specimen)
    values["visits"] = tuple(
        cast(Visit, _with_specimen(visit, specimen)) for visit in values["visits"]
    )


__all__ = [
    "EGFR",
    "UPCR",
    "BloodPressure",
    "CourseEvent",
    "Creatinine",
    "CystatinC",
    "DipstickGrade",
    "Dose",
    "EventType",
    "GlucocorticoidDose",
    "Height",
    "Measure",
    "Number",
    "Patient",
    "Percent",
    "Protein24h",
    "Sex",
    "Specimen",
    "TreatmentCourse",
    "UrineRBC",
    "Visit",
    "Weight",
]
