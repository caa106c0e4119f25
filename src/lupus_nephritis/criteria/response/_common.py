"""Shared engine of the renal-response rule sets (guideline and trial definitions).

Every response rule set follows the same five steps, each a small function here:

1. **Assessment point.** `resolve_assessment_date` turns ``at`` (a date, a study week
   ``int``, or ``None`` for the definition's default week) into a calendar date. Study week
   *w* is ``start_date + 7*w`` days (see `lupus_nephritis.timeline`).
2. **Visit matching.** Each datum is read from the visit that the definition's
   `VisitWindow` matches to the assessment date *among the
   visits that have that datum* (`match_visit`). The matching method is the named
   option ``visit_matching`` (``"window"``, ``"nearest"``, ``"last_observation"``), applied
   with `with_matching`; the window's day counts stay parameters of the rule set.
3. **Readings.** `read_upcr`, `read_egfr`, `read_measure`,
   `read_flag` (and the ``assessment_*`` shortcuts) return a `Reading`: the exact
   canonical value (or ``None``), the `Evidence` read, the
   names of missing inputs and caveat flags. Missing input names are ``"<role>.<field>"``,
   e.g. ``"assessment.upcr"``, ``"baseline.egfr"``, ``"patient.sex"``. The reference
   (``"baseline"``, ``"pre_flare"``, ``"biopsy"``) is chosen with `reference_visit`,
   usually from the ``reference`` option.
4. **Criteria.** `threshold_criterion` (absolute cut), `relative_criterion`
   (percent reduction / increase / percent of a reference), `stability_criterion`
   (kidney-function stability: eGFR decline or creatinine rise at most a band, so an
   improvement is never penalised), `flag_reading_criterion`,
   `event_free_criterion` (no intercurrent event on or before the assessment) and
   `glucocorticoid_criterion` (a daily-dose rule over a span of study days). Combine
   them with `lupus_nephritis.thresholds.combine` (Kleene ``"all"`` / ``"any"``).
5. **Verdict.** `categorize` maps the complete/partial outcomes to a
   `ResponseCategory` (unknown -> not evaluable),
   `apply_policy` applies the missing-data / intercurrent-event policy
   (`Policy`), and `response_decision` builds the
   `Decision` from a `Trace` (missing inputs,
   flags, details collected along the way).

A trial definition therefore reads like its protocol::

    def evaluate(course, *, at=None, **options):
        course = as_course(course)
        opts = options_for(OPTIONS, options, rule_set_id="aurora-1")
        day = resolve_assessment_date(course, at, default_week=P.assessment_week)
        window = with_matching(P.window, opts["visit_matching"])
        trace = Trace()
        upcr = trace.use(assessment_upcr(course, day, window, expected=Specimen.FIRST_MORNING))
        egfr = trace.use(assessment_egfr(course, day, window, equation=opts["egfr_equation"]))
        base = trace.use(read_egfr(course, course.baseline, role="baseline", equation=...))
        function = combine("kidney-function", "eGFR >= 60 or no decrease > 20%", [
            threshold_criterion(P.egfr_floor, egfr),
            stability_criterion(P.egfr_decline, base, egfr),
        ], mode="any", source_id="aurora-1")
        ...
        category = categorize(combine(...).outcome)
        category, flags = apply_policy(category, opts["policy"], event_free=events)
        return response_decision(RULE_SET, category, criteria, trace, policy=..., ...)

Performance: nothing here re-validates pydantic models or copies them; every helper does a
constant amount of work per visit it scans, and criteria are built exactly once.
`check` is a leaner equivalent of ``Threshold.check`` (the tests assert equal results),
and `options_for` caches the all-defaults option resolution.

Options shared by the response rule sets have builders here so that their names, choices and
wording are the same everywhere (``visit_matching``, ``reference``, ``egfr_equation``,
``spot_upcr``, ``kidney_function_metric``, ``policy``, ``time_point``); a comparison can then
pass one shared option to every definition that declares it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import attrs

from lupus_nephritis import egfr as _egfr
from lupus_nephritis._convert import to_enum
from lupus_nephritis.decisions import Criterion, Decision, Evidence, ResponseCategory, Scalar
from lupus_nephritis.errors import InputError, LupusNephritisError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import (
    CourseEvent,
    Creatinine,
    EventType,
    Measure,
    Specimen,
    TreatmentCourse,
    Visit,
)
from lupus_nephritis.thresholds import (
    Option,
    Threshold,
    flag_criterion,
    percent_change,
    percent_of,
    percent_reduction,
    resolve_options,
)
from lupus_nephritis.timeline import (
    ExposureRule,
    VisitMatching,
    VisitWindow,
    check_exposure,
    daily_prednisone,
    select_visit,
    week_date,
)
from lupus_nephritis.units import (
    CreatinineConversion,
    Quantity,
    as_integer,
    factor,
    to_decimal,
    to_fraction,
)

if TYPE_CHECKING:  # pragma: no cover
    from lupus_nephritis.registry import RuleSet

#: Role name of the assessment visit in missing-input names and evidence.
ASSESSMENT = "assessment"

#: Reference frames a definition may compare against (fields of ``TreatmentCourse``).
REFERENCE_ROLES: tuple[str, ...] = ("baseline", "pre_flare", "biopsy")

#: Visit-matching methods (values of `lupus_nephritis.timeline.VisitMatching`).
VISIT_MATCHING_CHOICES: tuple[str, ...] = tuple(m.value for m in VisitMatching)

#: eGFR equations a definition may compute with when a visit has no reported eGFR.
EGFR_EQUATION_CHOICES: tuple[str, ...] = (
    "ckd-epi-2021-cr",
    "ckd-epi-2021-cr-cys",
    "ckd-epi-2009-cr",
    "ekfc-2021",
)

#: Default eGFR equation (race-free CKD-EPI 2021 creatinine; the current recommendation).
DEFAULT_EGFR_EQUATION = "ckd-epi-2021-cr"

#: Kidney-function metrics a stability criterion can use.
KIDNEY_FUNCTION_METRICS: tuple[str, ...] = ("egfr", "creatinine")

#: What to do with a UPCR whose specimen is not the one the definition asks for.
SPOT_UPCR_CHOICES: tuple[str, ...] = ("flag", "reject")

#: Intercurrent events that the trial-style policies treat as non-response by default.
DEFAULT_INTERCURRENT_EVENTS: tuple[EventType, ...] = (
    EventType.RESCUE_THERAPY,
    EventType.TREATMENT_FAILURE,
    EventType.STUDY_DRUG_DISCONTINUATION,
    EventType.WITHDRAWAL,
    EventType.DEATH,
)

# Flags (stable strings; docs and tests key on them).
FLAG_SPOT_UPCR = "spot-upcr-used"
FLAG_PROVISIONAL = "provisional"
FLAG_SPECIMEN_MISMATCH = "upcr-specimen-mismatch"
FLAG_SPECIMEN_UNREPORTED = "upcr-specimen-unreported"
FLAG_SPECIMEN_ASSUMED = "upcr-specimen-assumed"
FLAG_SPECIMEN_DIFFERS = "upcr-specimen-differs-from-reference"
FLAG_EGFR_COMPUTED = "egfr-computed"
FLAG_REFERENCE_ZERO = "reference-zero"
FLAG_EVENT_NON_RESPONDER = "intercurrent-event-non-responder"
FLAG_IMPUTED_NON_RESPONDER = "missing-data-non-responder"


# =============================================================================== inputs


def as_course(course: TreatmentCourse | Mapping[str, Any]) -> TreatmentCourse:
    """Return ``course`` as a validated `TreatmentCourse` (a Mapping is validated once).

    Raises:
        InputValidationError: the mapping is not a valid course.
        InputError: ``course`` is neither a course nor a mapping.
    """
    if isinstance(course, TreatmentCourse):
        return course
    if isinstance(course, Mapping):
        return TreatmentCourse.model_validate(course)
    raise InputError(f"expected a TreatmentCourse or a mapping, got {type(course).__name__}")


def as_course_with(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    default_upcr_specimen: Specimen | str | None = None,
    creatinine_conversion: CreatinineConversion | str | None = None,
) -> TreatmentCourse:
    """`as_course`, with call-level choices that override the course's own.

    A mapping is validated with the choices already in place, so that plausibility is judged
    with the conversion that will be used (a creatinine of 8.84 µmol/L is 0.1 mg/dL with
    ``"88.4"``, plausible, but 0.09999 mg/dL with ``"molar-mass"``); a validated course is
    re-read with them (`TreatmentCourse.with_creatinine_conversion`).

    Raises:
        InputValidationError: the mapping is not a valid course.
        InputError: ``course`` is neither a course nor a mapping, or a choice is invalid.
    """
    if isinstance(course, Mapping) and not isinstance(course, TreatmentCourse):
        overrides: dict[str, Any] = {}
        if default_upcr_specimen is not None:
            overrides["default_upcr_specimen"] = to_enum(Specimen, default_upcr_specimen)
        if creatinine_conversion is not None:
            overrides["creatinine_conversion"] = to_enum(
                CreatinineConversion, creatinine_conversion
            )
        course = {**course, **overrides}
    return (
        as_course(course)
        .with_default_upcr_specimen(default_upcr_specimen)
        .with_creatinine_conversion(creatinine_conversion)
    )


AtValue = date | int | None
"""An assessment point: a calendar date, a study week, or ``None`` (the definition's default)."""


#: Assessment dates closer than this to either end of the calendar (years 1 and 9999) are
#: refused, so that visit-window, study-week and dose-span arithmetic around the assessment
#: point cannot overflow. An input-domain guard, not a clinical parameter.
DATE_GUARD = timedelta(days=3660)


def safe_week_date(start: date, week: int, *, what: str = "at") -> date:
    """`week_date`, refusing a result beyond the calendar.

    Raises:
        InputError: the week is so large (or the start so late) that the date does not exist.
    """
    try:
        return week_date(start, week)
    except OverflowError:
        raise InputError(
            f"{what}: study week {week} from {start.isoformat()} is beyond the calendar"
        ) from None


def _guarded(day: date, *, what: str) -> date:
    if day < date.min + DATE_GUARD or day > date.max - DATE_GUARD:
        raise InputError(
            f"{what}: assessment date {day.isoformat()} is too close to the end of the calendar "
            f"to evaluate (within {DATE_GUARD.days} days of {date.min.isoformat()} or "
            f"{date.max.isoformat()})"
        )
    return day


def resolve_assessment_date(course: TreatmentCourse, at: object, *, default_week: int) -> date:
    """The calendar date of the assessment point.

    Args:
        course: The treatment course (its ``start_date`` is study day 1).
        at: A `date` (a ``datetime`` is reduced to its date), a study week
            (``int`` >= 0, nominal date ``start_date + 7*week`` days), or ``None`` for
            ``default_week``.
        default_week: The definition's default study week.

    Raises:
        InputError: ``at`` is of another type, a negative week, a date before the start, or
            a point so far in the future (or past) that the calendar cannot hold the dates
            around it (see `DATE_GUARD`).
    """
    if at is None:
        return _guarded(safe_week_date(course.start_date, default_week), what="at")
    if isinstance(at, bool):
        raise InputError(f"at: expected a date or a study week, got a boolean ({at!r})")
    if isinstance(at, datetime):
        at = at.date()
    if isinstance(at, date):
        if at < course.start_date:
            raise InputError(
                f"at: assessment date {at.isoformat()} is before the treatment start "
                f"{course.start_date.isoformat()}"
            )
        return _guarded(at, what="at")
    week = as_integer(at)
    if week is not None:
        if week < 0:
            raise InputError(f"at: study week must be >= 0, got {week}")
        return _guarded(safe_week_date(course.start_date, week), what="at")
    raise InputError(f"at: expected a date or a study week (int), got {type(at).__name__}")


def describe_point(at: object, default_week: int) -> str:
    """Human text for the assessment point: ``"week 52"`` or ``"2025-01-01"``."""
    if at is None:
        return f"week {default_week}"
    if isinstance(at, datetime):
        return at.date().isoformat()
    if isinstance(at, date):
        return at.isoformat()
    return f"week {at}"


def weeks_span(course: TreatmentCourse, first_week: int, last_week: int) -> tuple[date, date]:
    """Calendar dates ``(first, last)`` of the span "weeks ``first_week`` through ``last_week``".

    Raises:
        InputError: a week falls beyond the calendar.
    """
    return (
        safe_week_date(course.start_date, first_week, what="span"),
        safe_week_date(course.start_date, last_week, what="span"),
    )


@attrs.frozen(slots=True)
class AssessmentPoint:
    """A named default assessment point (e.g. ``"month-12"`` = study week 52).

    Attributes:
        name: The option value that selects it (e.g. ``"month-6"``).
        week: Study week of the point.
        source_id: Source of the time point, or None for a library reading.
        note: How the week was derived (e.g. 12 months read as 52 weeks).
    """

    name: str
    week: int
    source_id: str | None = None
    note: str | None = None


def pick_point(points: Sequence[AssessmentPoint], name: str) -> AssessmentPoint:
    """The point called ``name`` (option values are validated before, so it exists)."""
    for point in points:
        if point.name == name:
            return point
    raise InputError(f"no assessment point {name!r}; known: {', '.join(p.name for p in points)}")


def pick_threshold(thresholds: Sequence[Threshold], value: object) -> Threshold:
    """The threshold whose value equals ``value`` (e.g. the ``stability_band`` option)."""
    wanted: object = value
    if isinstance(value, str):
        wanted = to_decimal(value, what="option value")
    for threshold in thresholds:
        if threshold.value == wanted:
            return threshold
    raise InputError(f"no threshold with value {value!r}")


# =============================================================================== visits


@lru_cache(maxsize=256)
def with_matching(window: VisitWindow, method: str | VisitMatching) -> VisitWindow:
    """``window`` with its matching method replaced by ``method`` (the day counts are kept).

    ``"nearest"`` ignores the day counts; ``"last_observation"`` keeps ``before_days`` as the
    furthest look-back (0 = unbounded).
    """
    method = VisitMatching(method)
    if method is window.method:
        return window
    return attrs.evolve(window, method=method)


def _has_field(field: str) -> Callable[[Visit], bool]:
    if field == "egfr":
        return lambda v: v.egfr is not None or v.creatinine is not None
    return lambda v: getattr(v, field) is not None


_HAS: dict[str, Callable[[Visit], bool]] = {}


def match_visit(
    course: TreatmentCourse, target: date, window: VisitWindow, field: str | None = None
) -> Visit | None:
    """The visit ``window`` matches to ``target`` among the visits that have ``field``.

    ``field`` is a `Visit` attribute; ``"egfr"`` also accepts
    a visit with a creatinine (eGFR is computed from it). ``None`` matches any visit.
    """
    if field is None:
        return select_visit(course.visits, target, window)
    has = _HAS.get(field)
    if has is None:
        has = _HAS.setdefault(field, _has_field(field))
    return select_visit(course.visits, target, window, has)


def window_text(target: date, window: VisitWindow) -> str:
    """Human text of where a visit was looked for (for notes on missing data)."""
    if window.method is VisitMatching.NEAREST:
        return "no visit at all"
    if window.method is VisitMatching.LAST_OBSERVATION:
        bound = (
            f" from {(target - timedelta(days=window.before_days)).isoformat()}"
            if window.before_days
            else ""
        )
        return f"no visit{bound} up to {target.isoformat()}"
    lo = target - timedelta(days=window.before_days)
    hi = target + timedelta(days=window.after_days)
    return f"no visit from {lo.isoformat()} to {hi.isoformat()}"


def reference_visit(course: TreatmentCourse, role: str) -> Visit | None:
    """The reference visit for ``role``: ``"baseline"``, ``"pre_flare"`` or ``"biopsy"``.

    Raises:
        InputError: unknown role.
    """
    if role == "baseline":
        return course.baseline
    if role == "pre_flare":
        return course.pre_flare
    if role == "biopsy":
        return course.biopsy
    raise InputError(f"unknown reference {role!r}; choose one of {', '.join(REFERENCE_ROLES)}")


# =============================================================================== readings


@attrs.frozen(slots=True)
class Reading:
    """One numeric datum read for a role, exact and explained.

    Attributes:
        name: ``"<role>.<field>"``, e.g. ``"assessment.upcr"``.
        quantity: The quantity read (a threshold of another quantity refuses it).
        value: Exact value in the quantity's canonical unit, or None when missing.
        evidence: What was read (dates, visit ids, values as given, notes).
        missing: Input names whose absence left ``value`` unknown.
        flags: Caveats (e.g. ``"spot-upcr-used"``).
        note: Why the value is missing, or how it was obtained.
        qualifier: Specimen of a UPCR or equation of an eGFR, when relevant.
        given: The value as reported (before conversion), when it was measured.
        given_unit: The unit it was reported in.
    """

    name: str
    quantity: Quantity
    value: Fraction | None
    evidence: tuple[Evidence, ...] = ()
    missing: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    note: str | None = None
    qualifier: str | None = None
    given: Decimal | None = None
    given_unit: str | None = None

    @property
    def is_known(self) -> bool:
        """True when the value is present."""
        return self.value is not None


@attrs.frozen(slots=True)
class FlagReading:
    """One yes/no datum read for a role (e.g. red-cell casts at the assessment visit).

    Attributes:
        name: ``"<role>.<field>"``.
        value: True / False, or None when missing.
        evidence: What was read.
        missing: Input names whose absence left ``value`` unknown.
        note: Why the value is missing.
    """

    name: str
    value: bool | None
    evidence: tuple[Evidence, ...] = ()
    missing: tuple[str, ...] = ()
    note: str | None = None


def constant_reading(name: str, threshold: Threshold) -> Reading:
    """A reading holding a cited constant (e.g. "normal GFR" as a reference value)."""
    return Reading(
        name=name,
        quantity=threshold.quantity,
        value=threshold.canonical,
        evidence=(
            Evidence(name, value=threshold.value, unit=threshold.unit, note="cited constant"),
        ),
        note=f"constant {threshold.describe()} ({threshold.source_id})",
    )


def _missing(name: str, quantity: Quantity, note: str, missing: tuple[str, ...] = ()) -> Reading:
    return Reading(name=name, quantity=quantity, value=None, missing=missing or (name,), note=note)


def read_measure(visit: Visit | None, field: str, *, role: str) -> Reading:
    """Read the measure ``field`` (``"creatinine"``, ``"urine_rbc"``, ``"protein_24h"`` ...).

    Args:
        visit: The visit (None when no visit matched).
        field: A `Measure` attribute of the visit.
        role: Role for naming (``"assessment"``, ``"baseline"``...).
    """
    name = f"{role}.{field}"
    if visit is None:
        return _missing(name, _FIELD_QUANTITY[field], f"{field}: no visit")
    measure: Measure | None = getattr(visit, field)
    if measure is None:
        return _missing(
            name, _FIELD_QUANTITY[field], f"{field}: not recorded on {visit.date.isoformat()}"
        )
    return Reading(
        name=name,
        quantity=measure.quantity,
        value=measure.canonical,
        evidence=(
            Evidence(
                field,
                date=visit.date,
                visit_id=visit.id,
                value=measure.value,
                unit=measure.unit,
                note=conversion_note(measure),
            ),
        ),
        given=measure.value,
        given_unit=measure.unit,
    )


_CONVERSION_TEXT = {
    CreatinineConversion.CONVENTIONAL: "88.4 umol/L per mg/dL",
    CreatinineConversion.MOLAR_MASS: "10000/113.12 = 88.4017 umol/L per mg/dL (molar mass)",
}


def conversion_note(measure: Measure) -> str | None:
    """How a creatinine given in µmol/L was converted to mg/dL (None for any other measure).

    Recorded in the evidence, so a decision says which creatinine conversion it used.
    """
    if not isinstance(measure, Creatinine) or not measure.is_in_umol_l:
        return None
    conversion = measure.effective_conversion
    return (
        f"converted with {_CONVERSION_TEXT[conversion]} "
        f"(creatinine_conversion '{conversion.value}')"
    )


_FIELD_QUANTITY: Mapping[str, Quantity] = {
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

_SPECIMEN_TEXT = {
    Specimen.H24: "24-hour collection",
    Specimen.SPOT: "spot specimen",
    Specimen.FIRST_MORNING: "first-morning specimen",
}


def read_upcr(
    visit: Visit | None,
    *,
    role: str,
    expected: Specimen | None = Specimen.H24,
    reject_other: bool = False,
) -> Reading:
    """Read the UPCR of ``visit``, checking its specimen against what the definition asks.

    Args:
        visit: The visit (None when no visit matched).
        role: Role for naming.
        expected: Specimen the definition asks for (None: any specimen, no flag).
        reject_other: Treat a UPCR of another (or unreported) specimen as missing instead of
            using it with a flag.

    Flags: ``"spot-upcr-used"`` + ``"provisional"`` when a 24-hour PCR was asked for and a
    spot or first-morning UPCR was used; ``"upcr-specimen-mismatch"`` for any other
    mismatch; ``"upcr-specimen-unreported"`` (+ ``"provisional"``) when the specimen is not
    recorded. A specimen filled in from the course's ``default_upcr_specimen`` counts as that
    specimen and adds ``"upcr-specimen-assumed"``.
    """
    name = f"{role}.upcr"
    if visit is None:
        return _missing(name, Quantity.UPCR, "upcr: no visit")
    upcr = visit.upcr
    if upcr is None:
        return _missing(name, Quantity.UPCR, f"upcr: not recorded on {visit.date.isoformat()}")
    specimen = upcr.specimen
    flags: tuple[str, ...] = ()
    note = None
    if expected is not None and specimen is not expected:
        wanted = _SPECIMEN_TEXT[expected]
        if reject_other:
            got = "unreported specimen" if specimen is None else _SPECIMEN_TEXT[specimen]
            return _missing(
                name,
                Quantity.UPCR,
                f"upcr on {visit.date.isoformat()} is from a {got}; a {wanted} is required",
            )
        if specimen is None:
            flags = (FLAG_SPECIMEN_UNREPORTED, FLAG_PROVISIONAL)
            note = f"specimen not reported; definition asks for a {wanted}"
        elif expected is Specimen.H24:
            flags = (FLAG_SPOT_UPCR, FLAG_PROVISIONAL)
            note = f"{_SPECIMEN_TEXT[specimen]} used; definition asks for a {wanted}"
        else:
            flags = (FLAG_SPECIMEN_MISMATCH,)
            note = f"{_SPECIMEN_TEXT[specimen]} used; definition asks for a {wanted}"
    text = _SPECIMEN_TEXT[specimen] if specimen is not None else "specimen unreported"
    if upcr.is_specimen_assumed:
        flags = (*flags, FLAG_SPECIMEN_ASSUMED)
        text += " (assumed: the course's default_upcr_specimen)"
    return Reading(
        name=name,
        quantity=Quantity.UPCR,
        value=upcr.canonical,
        evidence=(
            Evidence(
                "upcr",
                date=visit.date,
                visit_id=visit.id,
                value=upcr.value,
                unit=upcr.unit,
                note=text,
            ),
        ),
        flags=flags,
        note=note,
        qualifier=None if specimen is None else specimen.value,
        given=upcr.value,
        given_unit=upcr.unit,
    )


def reference_zero_flags(*references: Reading) -> tuple[str, ...]:
    """``("reference-zero",)`` when a known reference value is exactly zero.

    A percent change from zero is undefined, so the criterion built on it is unknown; the
    flag tells the reader why a decision is not evaluable although no input is missing.
    """
    if any(r.value is not None and r.value == 0 for r in references):
        return (FLAG_REFERENCE_ZERO,)
    return ()


def specimen_flags(reference: Reading, current: Reading) -> tuple[str, ...]:
    """``("upcr-specimen-differs-from-reference",)`` when two UPCRs come from different specimens.

    Unreported specimens are not compared (they already carry their own flag).
    """
    if (
        reference.qualifier is not None
        and current.qualifier is not None
        and reference.qualifier != current.qualifier
    ):
        return (FLAG_SPECIMEN_DIFFERS,)
    return ()


def _compute(
    equation: str,
    *,
    creatinine: Fraction,
    cystatin_c: Fraction | None,
    is_black: bool | None,
    age: Fraction,
    sex: str,
) -> float:
    scr = float(creatinine)
    if equation == "ckd-epi-2021-cr":
        return _egfr.egfr_ckd_epi_2021(creatinine_mg_dl=scr, age=float(age), sex=sex)
    if equation == "ckd-epi-2021-cr-cys" and cystatin_c is not None:
        return _egfr.egfr_ckd_epi_2021_cr_cys(
            creatinine_mg_dl=scr, cystatin_c_mg_l=float(cystatin_c), age=float(age), sex=sex
        )
    if equation == "ckd-epi-2009-cr" and is_black is not None:
        return _egfr.egfr_ckd_epi_2009(
            creatinine_mg_dl=scr, age=float(age), sex=sex, is_black=is_black
        )
    if equation == "ekfc-2021":
        return _egfr.egfr_ekfc_2021(creatinine_mg_dl=scr, age=float(age), sex=sex)
    raise InputError(
        f"unknown eGFR equation {equation!r}; choose one of {', '.join(EGFR_EQUATION_CHOICES)}"
    )


def read_egfr(
    course: TreatmentCourse,
    visit: Visit | None,
    *,
    role: str,
    equation: str = DEFAULT_EGFR_EQUATION,
) -> Reading:
    """The eGFR of ``visit``: as reported, else computed from its creatinine.

    Computation uses ``equation`` (an id of `EGFR_EQUATION_CHOICES`) with the patient's
    sex and age on the visit date (and cystatin C / the legacy race flag where the equation
    needs them); the evidence note names the equation and its inputs, and the reading carries
    the flag ``"egfr-computed"``. When the eGFR cannot be computed (no creatinine, no sex or
    age, age outside the equation's domain) the value is unknown and ``missing`` names what
    would make it computable.
    """
    name = f"{role}.egfr"
    if equation not in EGFR_EQUATION_CHOICES:
        raise InputError(
            f"unknown eGFR equation {equation!r}; choose one of {', '.join(EGFR_EQUATION_CHOICES)}"
        )
    if visit is None:
        return _missing(name, Quantity.EGFR, "egfr: no visit")
    reported = visit.egfr
    if reported is not None:
        return Reading(
            name=name,
            quantity=Quantity.EGFR,
            value=reported.canonical,
            evidence=(
                Evidence(
                    "egfr",
                    date=visit.date,
                    visit_id=visit.id,
                    value=reported.value,
                    unit=reported.unit,
                    note="reported" + (f" ({reported.equation})" if reported.equation else ""),
                ),
            ),
            qualifier=reported.equation,
            given=reported.value,
            given_unit=reported.unit,
        )
    creatinine = visit.creatinine
    if creatinine is None:
        return _missing(
            name,
            Quantity.EGFR,
            f"egfr: neither eGFR nor creatinine recorded on {visit.date.isoformat()}",
        )
    patient = course.patient
    sex = None if patient is None or patient.sex is None else patient.sex.value
    age = None if patient is None else patient.age_on(visit.date)
    is_black = None if patient is None else patient.is_black
    cystatin = None if visit.cystatin_c is None else visit.cystatin_c.canonical
    needs: list[str] = []
    if sex is None:
        needs.append("patient.sex")
    if age is None:
        needs.append("patient.age")
    if equation == "ckd-epi-2021-cr-cys" and cystatin is None:
        needs.append(f"{role}.cystatin_c")
    if equation == "ckd-epi-2009-cr" and is_black is None:
        needs.append("patient.is_black")
    if needs or sex is None or age is None:
        return _missing(
            name,
            Quantity.EGFR,
            f"egfr: not reported and not computable with {equation} (missing {', '.join(needs)})",
            tuple(needs),
        )
    try:
        value = _compute(
            equation,
            creatinine=creatinine.canonical,
            cystatin_c=cystatin,
            is_black=is_black,
            age=age,
            sex=sex,
        )
    except LupusNephritisError as error:
        return _missing(name, Quantity.EGFR, f"egfr: not computable with {equation}: {error}")
    exact = to_fraction(value)
    note = (
        f"computed with {equation} from creatinine {creatinine.value} {creatinine.unit}, "
        f"age {age}, {sex}"
    )
    converted = conversion_note(creatinine)
    if converted is not None:
        note += f"; creatinine {converted}"
    return Reading(
        name=name,
        quantity=Quantity.EGFR,
        value=exact,
        evidence=(
            Evidence(
                "egfr",
                date=visit.date,
                visit_id=visit.id,
                value=exact,
                unit="mL/min/{1.73_m2}",
                note=note,
            ),
        ),
        flags=(FLAG_EGFR_COMPUTED,),
        note=note,
        qualifier=equation,
    )


def read_kidney_function(
    course: TreatmentCourse,
    visit: Visit | None,
    *,
    role: str,
    metric: str,
    equation: str = DEFAULT_EGFR_EQUATION,
) -> Reading:
    """Kidney function: eGFR (``metric="egfr"``, via `read_egfr`) or serum creatinine."""
    if metric == "egfr":
        return read_egfr(course, visit, role=role, equation=equation)
    if metric == "creatinine":
        return read_measure(visit, "creatinine", role=role)
    raise InputError(f"unknown kidney-function metric {metric!r}")


def read_flag(visit: Visit | None, field: str, *, role: str) -> FlagReading:
    """Read a yes/no finding (``"has_red_cell_casts"`` ...) of ``visit``."""
    name = f"{role}.{field}"
    if visit is None:
        return FlagReading(name=name, value=None, missing=(name,), note=f"{field}: no visit")
    value: bool | None = getattr(visit, field)
    if value is None:
        note = f"{field}: not recorded on {visit.date.isoformat()}"
        return FlagReading(name=name, value=None, missing=(name,), note=note)
    return FlagReading(
        name=name,
        value=value,
        evidence=(Evidence(field, date=visit.date, visit_id=visit.id, value=value),),
    )


def _no_visit(reading: Reading, target: date, window: VisitWindow) -> Reading:
    if reading.value is not None or reading.evidence:
        return reading
    field = reading.name.rsplit(".", 1)[-1]
    return attrs.evolve(reading, note=f"{field}: {window_text(target, window)} with {field}")


def assessment_upcr(
    course: TreatmentCourse,
    target: date,
    window: VisitWindow,
    *,
    expected: Specimen | None = Specimen.H24,
    reject_other: bool = False,
    role: str = ASSESSMENT,
) -> Reading:
    """UPCR of the visit matched to ``target`` (see `read_upcr`).

    With ``reject_other`` only visits with the expected specimen are candidates.
    """
    if reject_other and expected is not None:
        visit = select_visit(
            course.visits,
            target,
            window,
            lambda v: v.upcr is not None and v.upcr.specimen is expected,
        )
    else:
        visit = match_visit(course, target, window, "upcr")
    reading = read_upcr(visit, role=role, expected=expected, reject_other=reject_other)
    return reading if visit is not None else _no_visit(reading, target, window)


def assessment_egfr(
    course: TreatmentCourse,
    target: date,
    window: VisitWindow,
    *,
    equation: str = DEFAULT_EGFR_EQUATION,
    role: str = ASSESSMENT,
) -> Reading:
    """The eGFR (reported or computed) of the visit matched to ``target``."""
    visit = match_visit(course, target, window, "egfr")
    reading = read_egfr(course, visit, role=role, equation=equation)
    return reading if visit is not None else _no_visit(reading, target, window)


def assessment_kidney_function(
    course: TreatmentCourse,
    target: date,
    window: VisitWindow,
    *,
    metric: str,
    equation: str = DEFAULT_EGFR_EQUATION,
    role: str = ASSESSMENT,
) -> Reading:
    """The eGFR or creatinine (per ``metric``) of the visit matched to ``target``."""
    if metric == "egfr":
        return assessment_egfr(course, target, window, equation=equation, role=role)
    return assessment_measure(course, target, window, "creatinine", role=role)


def assessment_measure(
    course: TreatmentCourse,
    target: date,
    window: VisitWindow,
    field: str,
    *,
    role: str = ASSESSMENT,
) -> Reading:
    """The measure ``field`` of the visit matched to ``target``."""
    visit = match_visit(course, target, window, field)
    reading = read_measure(visit, field, role=role)
    return reading if visit is not None else _no_visit(reading, target, window)


def assessment_flag(
    course: TreatmentCourse,
    target: date,
    window: VisitWindow,
    field: str,
    *,
    role: str = ASSESSMENT,
) -> FlagReading:
    """The yes/no finding ``field`` of the visit matched to ``target``."""
    visit = match_visit(course, target, window, field)
    reading = read_flag(visit, field, role=role)
    if visit is None:
        return attrs.evolve(reading, note=f"{field}: {window_text(target, window)} with {field}")
    return reading


# =============================================================================== criteria


_CONSTANTS: dict[int, tuple[Threshold, Fraction, Fraction]] = {}
_CONSTANTS_MAX = 4096


def _constants(threshold: Threshold) -> tuple[Fraction, Fraction]:
    """``(unit factor, exact value)`` of ``threshold``, computed once per threshold object."""
    entry = _CONSTANTS.get(id(threshold))
    if entry is not None and entry[0] is threshold:
        return entry[1], entry[2]
    if len(_CONSTANTS) >= _CONSTANTS_MAX:
        _CONSTANTS.clear()
    unit_factor = factor(threshold.quantity, threshold.unit)
    value = Fraction(threshold.value)
    _CONSTANTS[id(threshold)] = (threshold, unit_factor, value)
    return unit_factor, value


def check(
    threshold: Threshold,
    canonical: Fraction | None,
    *,
    evidence: tuple[Evidence, ...] = (),
    note: str | None = None,
    id: str | None = None,
    label: str | None = None,
    given: Decimal | None = None,
) -> Criterion:
    """Same result as `Threshold.check`, leaner.

    The threshold's unit factor and exact value are computed once per threshold object, and
    ``given`` (the value as reported, when it is already in the threshold's unit) is used as
    the observed value instead of re-rendering the exact fraction. The outcome is decided on
    the exact canonical value either way; the test suite checks equality with
    ``Threshold.check``.
    """
    if canonical is None:
        outcome = Outcome.UNKNOWN
        observed: Fraction | Decimal | None = None
        if note is None:
            note = "missing"
    else:
        unit_factor, value = _constants(threshold)
        in_unit = canonical if unit_factor == 1 else canonical / unit_factor
        outcome = Outcome.MET if threshold.comparator.holds(in_unit, value) else Outcome.NOT_MET
        observed = given if given is not None else in_unit
    return Criterion(
        id=id or threshold.id,
        label=label or threshold.label,
        outcome=outcome,
        observed=observed,
        observed_unit=threshold.unit,
        comparator=threshold.comparator.value,
        threshold=threshold.value,
        threshold_unit=threshold.unit,
        source_id=threshold.source_id,
        evidence=evidence,
        note=note,
    )


def threshold_criterion(
    threshold: Threshold, reading: Reading, *, id: str | None = None, label: str | None = None
) -> Criterion:
    """Compare ``reading`` with ``threshold`` (exactly, in the threshold's unit).

    Raises:
        LupusNephritisError: the reading is of another quantity (a programming error:
            quantities are never silently interconverted).
    """
    if reading.quantity is not threshold.quantity:
        raise LupusNephritisError(
            f"threshold {threshold.id} compares {threshold.quantity.value}, "
            f"got a {reading.quantity.value} reading ({reading.name})"
        )
    given = reading.given if reading.given_unit == threshold.unit else None
    return check(
        threshold,
        reading.value,
        evidence=reading.evidence,
        note=reading.note,
        id=id,
        label=label,
        given=given,
    )


RelativeMode = Literal["reduction", "increase", "percent_of"]

_RELATIVE: Mapping[str, Callable[[Fraction | None, Fraction | None], Fraction | None]] = {
    "reduction": percent_reduction,
    "increase": percent_change,
    "percent_of": percent_of,
}


def relative_criterion(
    threshold: Threshold,
    reference: Reading,
    current: Reading,
    *,
    mode: RelativeMode,
    id: str | None = None,
    label: str | None = None,
) -> Criterion:
    """Compare a percentage computed from ``reference`` and ``current`` with ``threshold``.

    ``mode``: ``"reduction"`` = ``(ref - cur) / ref * 100`` (e.g. "proteinuria reduced by at
    least 50%", "eGFR decline at most 20%"); ``"increase"`` = ``(cur - ref) / ref * 100``
    (e.g. "creatinine at most 15% above baseline"); ``"percent_of"`` = ``cur / ref * 100``
    (e.g. "eGFR at least 85% of baseline", "creatinine at most 100% of the ULN").
    ``threshold`` must be a ``%`` threshold. A missing value or a zero reference gives
    ``UNKNOWN`` (a change from zero is undefined, not 0%).

    Raises:
        LupusNephritisError: mismatched quantities (programming error).
    """
    if threshold.quantity is not Quantity.PERCENT:
        raise LupusNephritisError(f"threshold {threshold.id} is not a percentage")
    if reference.quantity is not current.quantity:
        raise LupusNephritisError(
            f"{reference.name} ({reference.quantity.value}) and {current.name} "
            f"({current.quantity.value}) are different quantities"
        )
    percent = _RELATIVE[mode](reference.value, current.value)
    note = None
    if percent is None:
        if reference.value is None:
            note = reference.note or "missing"
        elif current.value is None:
            note = current.note or "missing"
        else:
            note = f"{reference.name} is zero: a percentage of it is undefined"
    return check(
        threshold,
        percent,
        evidence=reference.evidence + current.evidence,
        note=note,
        id=id,
        label=label,
    )


def stability_criterion(
    band: Threshold,
    reference: Reading,
    current: Reading,
    *,
    id: str | None = None,
    label: str | None = None,
) -> Criterion:
    """Kidney-function stability: the *worsening* from ``reference`` compared with ``band``.

    For eGFR the worsening is the percent decline (``reduction``); for creatinine the percent
    rise (``increase``). ``band`` is a ``%`` threshold such as ``<= 15`` ("within 15%") or
    ``< 20`` ("no decrease of 20% or more"). An improvement is a negative worsening, so it
    always satisfies the band: improvement is never penalised.
    """
    mode: RelativeMode = "increase" if current.quantity is Quantity.CREATININE else "reduction"
    return relative_criterion(band, reference, current, mode=mode, id=id, label=label)


def flag_reading_criterion(
    reading: FlagReading,
    *,
    required: bool,
    id: str,
    label: str,
    source_id: str | None,
) -> Criterion:
    """Met when the yes/no ``reading`` equals ``required`` (e.g. red-cell casts absent)."""
    return flag_criterion(
        id,
        label,
        reading.value,
        required=required,
        source_id=source_id,
        evidence=reading.evidence,
        note=reading.note,
    )


def events_until(
    course: TreatmentCourse,
    types: Iterable[EventType],
    until: date,
    *,
    since: date | None = None,
) -> tuple[CourseEvent, ...]:
    """Events of ``types`` dated on or before ``until`` (and on or after ``since``)."""
    wanted = frozenset(types)
    return tuple(
        e
        for e in course.events
        if e.type in wanted and e.date <= until and (since is None or e.date >= since)
    )


def event_free_criterion(
    course: TreatmentCourse,
    types: Iterable[EventType],
    until: date,
    *,
    id: str,
    label: str,
    source_id: str | None,
    since: date | None = None,
) -> Criterion:
    """Met when no event of ``types`` occurred on or before ``until`` (from ``since``).

    The course's ``events`` are taken as the complete record: no recorded event means none
    occurred (the note says so). The events found are the evidence.
    """
    types = tuple(types)
    found = events_until(course, types, until, since=since)
    names = ", ".join(t.value for t in types)
    if found:
        note = "; ".join(f"{e.type.value} on {e.date.isoformat()}" for e in found)
    else:
        note = f"no {names} recorded up to {until.isoformat()}"
    return flag_criterion(
        id,
        label,
        bool(found),
        required=False,
        source_id=source_id,
        evidence=tuple(Evidence(e.type.value, date=e.date, note=e.note) for e in found),
        note=note,
    )


def glucocorticoid_criterion(
    course: TreatmentCourse,
    rule: ExposureRule,
    first: date,
    last: date,
    *,
    id: str,
    label: str,
    table: str | None = None,
) -> Criterion:
    """Met when the daily prednisone-equivalent doses in ``[first, last]`` do *not* breach ``rule``.

    Wraps `lupus_nephritis.timeline.check_exposure` (whose ``MET`` means "breached")
    and negates it, keeping its evidence and note. Days without dose records are unknown
    unless ``course.are_glucocorticoid_records_complete``; they can make the result unknown.
    For "at most X mg/day on every day of the span" use an `ExposureRule` with
    threshold ``> X`` and ``min_total_days=1``.
    """
    kwargs: dict[str, Any] = {} if table is None else {"table": table}
    daily = daily_prednisone(
        course.glucocorticoids,
        first,
        last,
        records_complete=course.are_glucocorticoid_records_complete,
        **kwargs,
    )
    breach = check_exposure(daily, rule, id=id, label=label)
    outcome = breach.outcome
    negated = (
        Outcome.NOT_MET
        if outcome is Outcome.MET
        else Outcome.MET
        if outcome is Outcome.NOT_MET
        else Outcome.UNKNOWN
    )
    return attrs.evolve(
        breach,
        outcome=negated,
        note=f"{first.isoformat()} to {last.isoformat()}: {breach.note} "
        f"(met = not breached: {rule.describe()})",
    )


def missing_glucocorticoid_inputs(criterion: Criterion) -> tuple[str, ...]:
    """``("glucocorticoids",)`` when a glucocorticoid criterion is unknown (dose records gaps)."""
    return ("glucocorticoids",) if criterion.outcome is Outcome.UNKNOWN else ()


_DEFAULTS: dict[int, tuple[tuple[Option, ...], dict[str, Any]]] = {}


def options_for(
    declared: tuple[Option, ...], given: Mapping[str, Any], *, rule_set_id: str
) -> dict[str, Any]:
    """`resolve_options`, with the all-defaults case cached.

    Same validation and result (unknown names raise ``OptionError``); when no option is
    given, the resolved defaults of ``declared`` are computed once and copied.
    """
    if given:
        return resolve_options(declared, dict(given), rule_set_id=rule_set_id)
    entry = _DEFAULTS.get(id(declared))
    if entry is None or entry[0] is not declared:
        entry = (declared, resolve_options(declared, {}, rule_set_id=rule_set_id))
        _DEFAULTS[id(declared)] = entry
    return dict(entry[1])


# =============================================================================== verdicts


class Policy(str, Enum):
    """Missing-data / intercurrent-event policy of a response decision (recorded in it).

    * ``not-evaluable``: the definition as written; what cannot be decided is not
      evaluable, with the missing inputs listed. Intercurrent events count only where the
      definition itself names them.
    * ``intercurrent-event-non-responder``: additionally, any of the definition's
      intercurrent events (rescue therapy, treatment failure, study-drug discontinuation,
      withdrawal, death by default) on or before the assessment makes the patient a
      non-responder (``none``); missing data still gives not evaluable.
    * ``non-responder``: as above, and a verdict that would be not evaluable becomes
      ``none`` (trial-style non-responder imputation, flagged ``missing-data-non-responder``).
    """

    NOT_EVALUABLE = "not-evaluable"
    INTERCURRENT_EVENT_NON_RESPONDER = "intercurrent-event-non-responder"
    NON_RESPONDER = "non-responder"


POLICY_CHOICES: tuple[str, ...] = tuple(p.value for p in Policy)


def categorize(complete: Outcome, partial: Outcome | None = None) -> ResponseCategory:
    """The response category from the complete- and partial-response outcomes.

    ``complete`` met -> complete. Otherwise, for a definition with a partial response:
    complete not met and partial met -> partial; both not met -> none; anything unknown ->
    not evaluable. For a definition without a partial response (``partial=None``):
    complete not met -> none, unknown -> not evaluable.
    """
    if complete is Outcome.MET:
        return ResponseCategory.COMPLETE
    if complete is Outcome.UNKNOWN:
        return ResponseCategory.NOT_EVALUABLE
    if partial is None or partial is Outcome.NOT_MET:
        return ResponseCategory.NONE
    if partial is Outcome.MET:
        return ResponseCategory.PARTIAL
    return ResponseCategory.NOT_EVALUABLE


def apply_policy(
    category: ResponseCategory, policy: str | Policy, *, event_free: Criterion | None = None
) -> tuple[ResponseCategory, tuple[str, ...]]:
    """Apply ``policy`` to ``category``; returns the final category and the flags it adds.

    Args:
        category: Category from `categorize`.
        policy: A `Policy` (or its value).
        event_free: The `event_free_criterion` of the policy's intercurrent events
            (ignored under ``not-evaluable``).
    """
    policy = Policy(policy)
    if policy is Policy.NOT_EVALUABLE:
        return category, ()
    if event_free is not None and event_free.outcome is Outcome.NOT_MET:
        if category is ResponseCategory.NONE:
            return category, ()
        return ResponseCategory.NONE, (FLAG_EVENT_NON_RESPONDER,)
    if policy is Policy.NON_RESPONDER and category is ResponseCategory.NOT_EVALUABLE:
        return ResponseCategory.NONE, (FLAG_IMPUTED_NON_RESPONDER,)
    return category, ()


def policy_event_criterion(
    course: TreatmentCourse,
    policy: str | Policy,
    until: date,
    *,
    types: Iterable[EventType] = DEFAULT_INTERCURRENT_EVENTS,
    source_id: str | None = None,
) -> Criterion | None:
    """The ``"no-intercurrent-event"`` criterion a trial-style policy needs (None otherwise).

    Only events from the treatment start (study day 1) to ``until`` count: an event before the
    course (e.g. a previous regimen's treatment failure) is not intercurrent.
    """
    if Policy(policy) is Policy.NOT_EVALUABLE:
        return None
    return event_free_criterion(
        course,
        types,
        until,
        id="no-intercurrent-event",
        label="No intercurrent event from the treatment start to the assessment (policy)",
        source_id=source_id,
        since=course.start_date,
    )


def _detail_value(value: object) -> Scalar:
    if value is None or isinstance(value, (bool, str, Decimal)):
        return value
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (int, float, Fraction)):
        return to_decimal(value)
    return str(value)


class Trace:
    """Collects missing inputs, flags and details during one evaluation (never shared).

    Use `use` on every reading the verdict depends on; it returns the reading so calls
    can be inlined. Order is kept and duplicates are dropped.
    """

    __slots__ = ("_details", "_flags", "_missing")

    def __init__(self) -> None:
        self._missing: dict[str, None] = {}
        self._flags: dict[str, None] = {}
        self._details: dict[str, Scalar] = {}

    def use(self, reading: Reading) -> Reading:
        """Record ``reading``'s missing inputs and flags; return it unchanged."""
        for name in reading.missing:
            self._missing[name] = None
        for flag in reading.flags:
            self._flags[flag] = None
        return reading

    def use_flag(self, reading: FlagReading) -> FlagReading:
        """Record a yes/no reading's missing inputs; return it unchanged."""
        for name in reading.missing:
            self._missing[name] = None
        return reading

    def missing(self, *names: str) -> None:
        """Record missing input names."""
        for name in names:
            self._missing[name] = None

    def flag(self, *flags: str) -> None:
        """Record flags."""
        for flag in flags:
            self._flags[flag] = None

    def detail(self, name: str, value: object) -> None:
        """Record a named detail (a number, text, bool or date; dates become ISO text)."""
        if isinstance(value, date):
            value = value.isoformat()
        self._details[name] = _detail_value(value)

    @property
    def missing_inputs(self) -> tuple[str, ...]:
        """Missing input names, in first-seen order."""
        return tuple(self._missing)

    @property
    def flags(self) -> tuple[str, ...]:
        """Flags, in first-seen order."""
        return tuple(self._flags)

    @property
    def details(self) -> tuple[tuple[str, Scalar], ...]:
        """Details as ``(name, value)`` pairs."""
        return tuple(self._details.items())


def response_decision(
    rule_set: RuleSet,
    category: ResponseCategory,
    criteria: Sequence[Criterion],
    trace: Trace,
    *,
    policy: str | Policy,
    options: Mapping[str, Any],
    assessed_on: date,
) -> Decision:
    """Build the response `Decision` of ``rule_set``.

    ``missing_inputs`` are reported when the verdict is not evaluable, or when the verdict
    was imputed or decided despite them (they are always listed if any reading was missing,
    so a statistician sees what was absent). ``options`` are the resolved options (every
    option with its effective value).
    """
    return Decision(
        rule_set_id=rule_set.id,
        rule_set_version=rule_set.version,
        kind=rule_set.kind.value,
        verdict=ResponseCategory(category).value,
        criteria=tuple(criteria),
        missing_inputs=trace.missing_inputs,
        flags=trace.flags,
        policy=Policy(policy).value,
        options=tuple(options.items()),
        assessed_on=assessed_on,
        details=trace.details,
        source_ids=rule_set.source_ids,
    )


# =============================================================================== options


def visit_matching_option(
    default: str = "window", *, source_id: str | None = None, reason: str | None = None
) -> Option:
    """The ``visit_matching`` option (how the assessment visit is matched to the point)."""
    text = (
        "How a visit is matched to the assessment point: 'window' = nearest visit within the "
        "rule set's window (ties: the later), 'nearest' = nearest visit at any distance, "
        "'last_observation' = last visit on or before the point (within the window's "
        "look-back). Each datum is read from the matched visit that has it."
    )
    if reason:
        text += f" Default '{default}': {reason}"
    return Option(
        "visit_matching",
        default,
        text,
        choices=VISIT_MATCHING_CHOICES,
        source_id=source_id,
    )


def reference_option(
    default: str = "baseline",
    *,
    choices: tuple[str, ...] = REFERENCE_ROLES,
    source_id: str | None = None,
    reason: str | None = None,
) -> Option:
    """The ``reference`` option (which visit percent changes are measured from)."""
    text = (
        "Reference for percent changes (proteinuria reduction, kidney-function stability): "
        "'baseline' (treatment start), 'pre_flare' (before the flare that led to treatment) "
        "or 'biopsy' (diagnostic biopsy)."
    )
    if reason:
        text += f" Default '{default}': {reason}"
    return Option("reference", default, text, choices=choices, source_id=source_id)


def egfr_equation_option(default: str = DEFAULT_EGFR_EQUATION) -> Option:
    """The ``egfr_equation`` option (used only when a visit has no reported eGFR)."""
    return Option(
        "egfr_equation",
        default,
        "Equation used to compute eGFR from creatinine when a visit reports none (a reported "
        "eGFR is always used as given). Default: race-free CKD-EPI 2021 creatinine, the "
        "equation current guidelines recommend; legacy trials may need 'ckd-epi-2009-cr'.",
        choices=EGFR_EQUATION_CHOICES,
    )


def spot_upcr_option(default: str = "flag", *, source_id: str | None = None) -> Option:
    """The ``spot_upcr`` option (UPCR of another specimen than the definition asks for)."""
    return Option(
        "spot_upcr",
        default,
        "A UPCR from another specimen than the definition asks for: 'flag' = decide with it "
        "and flag the decision (spot-upcr-used / upcr-specimen-mismatch, provisional); "
        "'reject' = treat it as missing (only visits with the required specimen count).",
        choices=SPOT_UPCR_CHOICES,
        source_id=source_id,
    )


def kidney_function_metric_option(
    default: str = "egfr", *, source_id: str | None = None, reason: str | None = None
) -> Option:
    """The ``kidney_function_metric`` option (eGFR decline vs creatinine rise)."""
    text = (
        "Metric of the kidney-function stability criterion: 'egfr' (percent decline of eGFR) "
        "or 'creatinine' (percent rise of serum creatinine)."
    )
    if reason:
        text += f" Default '{default}': {reason}"
    return Option(
        "kidney_function_metric",
        default,
        text,
        choices=KIDNEY_FUNCTION_METRICS,
        source_id=source_id,
    )


def policy_option(
    default: str = Policy.NOT_EVALUABLE.value,
    *,
    source_id: str | None = None,
    reason: str | None = None,
) -> Option:
    """The ``policy`` option (missing-data / intercurrent-event policy, see `Policy`)."""
    text = (
        "Missing-data policy: 'not-evaluable' (undecidable -> not evaluable, missing inputs "
        "listed), 'intercurrent-event-non-responder' (rescue therapy, treatment failure, "
        "study-drug discontinuation, withdrawal or death on or before the assessment -> "
        "none), 'non-responder' (as before, and not evaluable -> none)."
    )
    if reason:
        text += f" Default '{default}': {reason}"
    return Option("policy", default, text, choices=POLICY_CHOICES, source_id=source_id)


def time_point_option(
    points: Sequence[AssessmentPoint],
    default: str,
    *,
    source_id: str | None = None,
    reason: str | None = None,
) -> Option:
    """The ``time_point`` option: the default assessment point when ``at`` is not given."""
    listed = ", ".join(f"'{p.name}' = week {p.week}" for p in points)
    text = f"Assessment point used when `at` is not given: {listed}."
    if reason:
        text += f" Default '{default}': {reason}"
    return Option(
        "time_point",
        default,
        text,
        choices=tuple(p.name for p in points),
        source_id=source_id,
    )


__all__ = [
    "ASSESSMENT",
    "DATE_GUARD",
    "DEFAULT_EGFR_EQUATION",
    "DEFAULT_INTERCURRENT_EVENTS",
    "EGFR_EQUATION_CHOICES",
    "FLAG_EGFR_COMPUTED",
    "FLAG_EVENT_NON_RESPONDER",
    "FLAG_IMPUTED_NON_RESPONDER",
    "FLAG_PROVISIONAL",
    "FLAG_REFERENCE_ZERO",
    "FLAG_SPECIMEN_ASSUMED",
    "FLAG_SPECIMEN_DIFFERS",
    "FLAG_SPECIMEN_MISMATCH",
    "FLAG_SPECIMEN_UNREPORTED",
    "FLAG_SPOT_UPCR",
    "KIDNEY_FUNCTION_METRICS",
    "POLICY_CHOICES",
    "REFERENCE_ROLES",
    "SPOT_UPCR_CHOICES",
    "VISIT_MATCHING_CHOICES",
    "AssessmentPoint",
    "AtValue",
    "FlagReading",
    "Policy",
    "Reading",
    "Trace",
    "apply_policy",
    "as_course",
    "as_course_with",
    "assessment_egfr",
    "assessment_flag",
    "assessment_kidney_function",
    "assessment_measure",
    "assessment_upcr",
    "categorize",
    "check",
    "constant_reading",
    "conversion_note",
    "describe_point",
    "egfr_equation_option",
    "event_free_criterion",
    "events_until",
    "flag_reading_criterion",
    "glucocorticoid_criterion",
    "kidney_function_metric_option",
    "match_visit",
    "missing_glucocorticoid_inputs",
    "options_for",
    "pick_point",
    "pick_threshold",
    "policy_event_criterion",
    "policy_option",
    "read_egfr",
    "read_flag",
    "read_kidney_function",
    "read_measure",
    "read_upcr",
    "reference_option",
    "reference_visit",
    "reference_zero_flags",
    "relative_criterion",
    "resolve_assessment_date",
    "response_decision",
    "safe_week_date",
    "specimen_flags",
    "spot_upcr_option",
    "stability_criterion",
    "threshold_criterion",
    "time_point_option",
    "visit_matching_option",
    "weeks_span",
    "window_text",
]
