"""REGENCY renal response endpoints (obinutuzumab phase 3).

REGENCY (NCT04221477; Furie et al., NEJM 2025), paraphrased; all at week 76:

* ``"regency-crr"`` - **complete renal response** (primary): UPCR below 0.5 mg/mg; eGFR at
  least 85% of baseline; no intercurrent event (rescue therapy, treatment failure, death or
  early trial withdrawal). Intercurrent events count as non-response (composite strategy).
* ``"regency-crr-steroid"`` - key secondary: the complete renal response with prednisone at
  most 7.5 mg/day between weeks 64 and 76.
* ``"regency-upcr-0-8"`` - key secondary: UPCR below 0.8 mg/mg without an intercurrent event.

UPCR from a 24-hour collection (a spot UPCR is used and flagged). Each is a single binary
endpoint: verdict ``complete`` = met, ``none`` = not met.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from lupus_nephritis.criteria.response._common import (
    AssessmentPoint,
    Trace,
    as_course,
    assessment_egfr,
    assessment_upcr,
    egfr_equation_option,
    policy_option,
    read_egfr,
    relative_criterion,
    spot_upcr_option,
    threshold_criterion,
    time_point_option,
    visit_matching_option,
    with_matching,
)
from lupus_nephritis.criteria.response._trials import (
    events_criterion,
    finish,
    steroid_window,
    steroid_window_criterion,
    time_points_date,
    trial_window,
    zero_reference_flags,
)
from lupus_nephritis.decisions import Criterion, Decision
from lupus_nephritis.models import EventType, Specimen, TreatmentCourse
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_version
from lupus_nephritis.thresholds import Option, Threshold, combine, resolve_options
from lupus_nephritis.timeline import ExposureRule, VisitWindow, exposure_window_option

SOURCE = "regency"


@attrs.frozen
class RegencyParameters:
    """Parameters of a REGENCY endpoint (every number cited).

    Attributes:
        upcr: The UPCR threshold (below 0.5, or below 0.8 for the secondary endpoint).
        egfr_of_baseline: eGFR at least 85% of baseline, or None when the endpoint has no
            kidney-function component.
        steroid_rule: The daily prednisone rule (breached by any known day above 7.5 mg), or
            None.
        steroid_window_weeks: Steroid window length, ending at the assessment (weeks 64-76).
        intercurrent_events: The endpoint's intercurrent events (each one = non-response).
        upcr_specimen: Specimen the UPCR should come from (24-hour collection).
        time_points: Default assessment point (week 76).
        window: Visit window around the assessment point.
    """

    upcr: Threshold
    egfr_of_baseline: Threshold | None
    steroid_rule: ExposureRule | None
    steroid_window_weeks: int | None
    intercurrent_events: tuple[EventType, ...]
    upcr_specimen: Specimen
    time_points: tuple[AssessmentPoint, ...]
    window: VisitWindow


_EVENTS = (
    EventType.RESCUE_THERAPY,
    EventType.TREATMENT_FAILURE,
    EventType.DEATH,
    EventType.WITHDRAWAL,
)
_POINTS = (AssessmentPoint("week-76", 76, SOURCE, "primary and key secondary endpoints"),)

_UPCR_05 = Threshold(
    id="upcr",
    label="UPCR below 0.5 mg/mg",
    comparator="<",
    value="0.5",
    unit="mg/mg",
    quantity="upcr",
    source_id=SOURCE,
    note="'< 0.5' from a 24-hour collection: exactly 0.5 is not a response.",
)
_EGFR_85 = Threshold(
    id="egfr-of-baseline",
    label="eGFR at least 85% of baseline",
    comparator=">=",
    value="85",
    unit="%",
    quantity="percent",
    source_id=SOURCE,
    note="'at least 85% of baseline': exactly 85% passes.",
)

CRR_PARAMETERS = RegencyParameters(
    upcr=_UPCR_05,
    egfr_of_baseline=_EGFR_85,
    steroid_rule=None,
    steroid_window_weeks=None,
    intercurrent_events=_EVENTS,
    upcr_specimen=Specimen.H24,
    time_points=_POINTS,
    window=trial_window(),
)

STEROID_PARAMETERS = attrs.evolve(
    CRR_PARAMETERS,
    steroid_rule=ExposureRule(
        threshold=Threshold(
            id="prednisone-above-7-5",
            label="Prednisone equivalent above 7.5 mg/day",
            comparator=">",
            value="7.5",
            unit="mg",
            quantity="glucocorticoid_dose",
            source_id=SOURCE,
            note="'prednisone <= 7.5 mg/day between weeks 64 and 76' is read as every day of "
            "the span at or below 7.5 mg: one known day above breaches it; days without dose "
            "records are unknown.",
        ),
        min_consecutive_days=None,
        min_total_days=1,
    ),
    steroid_window_weeks=12,
)

UPCR_08_PARAMETERS = attrs.evolve(
    CRR_PARAMETERS,
    upcr=Threshold(
        id="upcr",
        label="UPCR below 0.8 mg/mg",
        comparator="<",
        value="0.8",
        unit="mg/mg",
        quantity="upcr",
        source_id=SOURCE,
        note="'< 0.8' from a 24-hour collection.",
    ),
    egfr_of_baseline=None,
)


def _options(params: RegencyParameters, *, exposure_window: bool = True) -> tuple[Option, ...]:
    options: list[Option] = [
        time_point_option(
            params.time_points, "week-76", source_id=SOURCE, reason="the trial's assessment."
        ),
        visit_matching_option(
            "window", reason="the trial's visit windows are not public (library default)."
        ),
        spot_upcr_option("flag", source_id=SOURCE),
    ]
    if params.egfr_of_baseline is not None:
        options.append(egfr_equation_option())
    if exposure_window and params.steroid_window_weeks is not None:
        options.append(
            exposure_window_option(
                source_id=SOURCE,
                reason="the visit days (week 64 to the week-76 assessment), the reading of the "
                "first release; 'between weeks 64 and 76' (NEJM abstract) fits every reading "
                "and the protocol's day counting is not public.",
            )
        )
    options.append(
        policy_option(
            "not-evaluable",
            source_id=SOURCE,
            reason="intercurrent events are already non-response by the endpoint's definition "
            "(composite strategy); other missing data are reported, not imputed.",
        )
    )
    return tuple(options)


def _evaluate(
    rule_set: RuleSet,
    params: RegencyParameters,
    declared: tuple[Option, ...],
    endpoint: str,
    course: TreatmentCourse | Mapping[str, Any],
    at: date | int | None,
    options: dict[str, Any],
) -> Decision:
    course = as_course(course)
    opts = resolve_options(declared, options, rule_set_id=rule_set.id)
    point, assessed_on = time_points_date(course, at, params.time_points, opts["time_point"])
    window = with_matching(params.window, opts["visit_matching"])
    trace = Trace()
    upcr = trace.use(
        assessment_upcr(
            course,
            assessed_on,
            window,
            expected=params.upcr_specimen,
            reject_other=opts["spot_upcr"] == "reject",
        )
    )
    parts: list[Criterion] = [threshold_criterion(params.upcr, upcr)]
    if params.egfr_of_baseline is not None:
        equation = opts["egfr_equation"]
        egfr = trace.use(assessment_egfr(course, assessed_on, window, equation=equation))
        base = trace.use(read_egfr(course, course.baseline, role="baseline", equation=equation))
        parts.append(
            relative_criterion(
                params.egfr_of_baseline, base, egfr, mode="percent_of", id="kidney-function"
            )
        )
        trace.flag(*zero_reference_flags(base))
    parts.append(
        events_criterion(
            course,
            params.intercurrent_events,
            assessed_on,
            id="no-endpoint-intercurrent-event",
            label="No rescue therapy, treatment failure, death or early withdrawal "
            "(endpoint component, composite strategy)",
            source_id=SOURCE,
        )
    )
    if params.steroid_rule is not None and params.steroid_window_weeks is not None:
        first, last = steroid_window(assessed_on, params.steroid_window_weeks, opts)
        parts.append(
            steroid_window_criterion(
                course,
                params.steroid_rule,
                first,
                last,
                id="steroid-at-most-7-5",
                label=f"Prednisone equivalent never {params.steroid_rule.threshold.describe()}"
                f"/day in the {params.steroid_window_weeks} weeks before the assessment",
                trace=trace,
            )
        )
    complete = combine("complete", endpoint, parts, mode="all", source_id=SOURCE)
    return finish(
        rule_set,
        course,
        complete=complete,
        trace=trace,
        opts=opts,
        at=at,
        point=point,
        assessed_on=assessed_on,
        intercurrent_events=params.intercurrent_events,
        endpoint=endpoint,
        source_id=SOURCE,
    )


CRR_OPTIONS = _options(CRR_PARAMETERS)
STEROID_OPTIONS = _options(STEROID_PARAMETERS)
#: Options of the first release (``regency-crr-steroid@1.0.0``): no ``exposure_window``.
STEROID_OPTIONS_V1 = _options(STEROID_PARAMETERS, exposure_window=False)
UPCR_08_OPTIONS = _options(UPCR_08_PARAMETERS)


def evaluate_crr(
    course: TreatmentCourse | Mapping[str, Any], *, at: date | int | None = None, **options: Any
) -> Decision:
    """REGENCY complete renal response (primary endpoint) of ``course``.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for week 76.
        **options: Options of the rule set (see its docs page).

    Returns:
        A response decision: complete (met), none, or not_evaluable.
    """
    return _evaluate(
        CRR_RULE_SET,
        CRR_PARAMETERS,
        CRR_OPTIONS,
        "complete renal response (CRR)",
        course,
        at,
        options,
    )


def evaluate_crr_steroid(
    course: TreatmentCourse | Mapping[str, Any], *, at: date | int | None = None, **options: Any
) -> Decision:
    """REGENCY complete renal response with prednisone <= 7.5 mg/day in weeks 64-76.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for week 76.
        **options: Options of the rule set (see its docs page).

    Returns:
        A response decision: complete (met), none, or not_evaluable.
    """
    return _evaluate(
        STEROID_RULE_SET,
        STEROID_PARAMETERS,
        STEROID_OPTIONS,
        "CRR with prednisone <= 7.5 mg/day between weeks 64 and 76",
        course,
        at,
        options,
    )


def evaluate_crr_steroid_v1(
    course: TreatmentCourse | Mapping[str, Any], *, at: date | int | None = None, **options: Any
) -> Decision:
    """The first release of ``regency-crr-steroid`` (1.0.0): no ``exposure_window`` option.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for week 76.
        **options: Options of that version.

    Returns:
        A response decision stamped ``regency-crr-steroid@1.0.0``.
    """
    return _evaluate(
        STEROID_RULE_SET_V1,
        STEROID_PARAMETERS,
        STEROID_OPTIONS_V1,
        "CRR with prednisone <= 7.5 mg/day between weeks 64 and 76",
        course,
        at,
        options,
    )


def evaluate_upcr_0_8(
    course: TreatmentCourse | Mapping[str, Any], *, at: date | int | None = None, **options: Any
) -> Decision:
    """REGENCY key secondary: UPCR below 0.8 mg/mg without an intercurrent event.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for week 76.
        **options: Options of the rule set (see its docs page).

    Returns:
        A response decision: complete (met), none, or not_evaluable.
    """
    return _evaluate(
        UPCR_08_RULE_SET,
        UPCR_08_PARAMETERS,
        UPCR_08_OPTIONS,
        "UPCR < 0.8 mg/mg without an intercurrent event",
        course,
        at,
        options,
    )


_NOTES = (
    "Intercurrent events (rescue therapy, treatment failure, death, early trial withdrawal) "
    "from the course start up to the assessment are non-response by definition (composite "
    "strategy; criterion 'no-endpoint-intercurrent-event'): the course's events are the "
    "complete record, and events dated before the start are not counted.",
    "UPCR from a 24-hour collection; another specimen is used and flagged (option spot_upcr).",
    "Missing data other than intercurrent events: by default undecidable -> not evaluable.",
    "Partial response and the visit schedule are NOT FOUND.",
)

CRR_RULE_SET = register(
    RuleSet(
        id="regency-crr",
        version="1.0.0",
        title="REGENCY complete renal response (obinutuzumab phase 3)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=CRR_PARAMETERS,
        description=(
            "Complete renal response at week 76: 24-hour UPCR below 0.5 mg/mg, eGFR at least "
            "85% of baseline, and no intercurrent event (rescue therapy, treatment failure, "
            "death or early withdrawal). A single binary endpoint: verdict complete = met, "
            "none = not met, not_evaluable = undecidable."
        ),
        options=CRR_OPTIONS,
        notes=(
            "Comparators: UPCR '< 0.5' (exactly 0.5 fails, unlike AURORA); eGFR '>= 85% of "
            "baseline' is a ratio, not a decline band (exactly 85% passes).",
            *_NOTES,
        ),
        evaluate=evaluate_crr,
        module=__name__,
    )
)

_STEROID_NOTE = (
    "'Prednisone <= 7.5 mg/day between weeks 64 and 76' is checked day by day in "
    "prednisone equivalents: any known day above 7.5 mg fails; with no known day "
    "above it, days without dose records make it unknown (unless "
    "are_glucocorticoid_records_complete). For another assessment point the 12 weeks "
    "before it are used."
)

STEROID_WINDOW_NOTE = (
    "Window 'between weeks 64 and 76' (option exposure_window): 'nominal-visits' (default) = "
    "the week-64 visit day to the assessment (study days 449-533 at week 76); "
    "'whole-weeks-from-1' = treatment weeks 64 to 76 counted from 1 (days 442-532); "
    "'whole-weeks' = weeks counted from 0 (days 449-539, past the assessment). The NEJM "
    "abstract fits every reading; the protocol's day counting is not public."
)

STEROID_RULE_SET = register(
    RuleSet(
        id="regency-crr-steroid",
        version="1.1.0",
        title="REGENCY complete renal response with prednisone <= 7.5 mg/day (weeks 64-76)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=STEROID_PARAMETERS,
        description=(
            "The REGENCY complete renal response at week 76 with prednisone at most 7.5 "
            "mg/day between weeks 64 and 76 (key secondary). A single binary endpoint: verdict "
            "complete = met, none = not met, not_evaluable = undecidable."
        ),
        options=STEROID_OPTIONS,
        notes=(_STEROID_NOTE, STEROID_WINDOW_NOTE, *_NOTES),
        evaluate=evaluate_crr_steroid,
        module=__name__,
    )
)

#: The first release, kept selectable as ``regency-crr-steroid@1.0.0``.
STEROID_RULE_SET_V1 = register_version(
    STEROID_RULE_SET,
    "1.0.0",
    evaluate=evaluate_crr_steroid_v1,
    options=STEROID_OPTIONS_V1,
    notes=(_STEROID_NOTE, *_NOTES),
    change="no option exposure_window: the weeks 64-76 window is the visit days only (the "
    "default reading of the current version, same verdicts).",
)

UPCR_08_RULE_SET = register(
    RuleSet(
        id="regency-upcr-0-8",
        version="1.0.0",
        title="REGENCY UPCR below 0.8 mg/mg without an intercurrent event",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=UPCR_08_PARAMETERS,
        description=(
            "Key secondary endpoint at week 76: 24-hour UPCR below 0.8 mg/mg and no "
            "intercurrent event. A single binary endpoint: verdict complete = met, none = not "
            "met, not_evaluable = undecidable."
        ),
        options=UPCR_08_OPTIONS,
        notes=("No kidney-function component is stated for this endpoint.", *_NOTES),
        evaluate=evaluate_upcr_0_8,
        module=__name__,
    )
)

__all__ = [
    "CRR_OPTIONS",
    "CRR_PARAMETERS",
    "CRR_RULE_SET",
    "STEROID_OPTIONS",
    "STEROID_OPTIONS_V1",
    "STEROID_PARAMETERS",
    "STEROID_RULE_SET",
    "STEROID_RULE_SET_V1",
    "UPCR_08_OPTIONS",
    "UPCR_08_PARAMETERS",
    "UPCR_08_RULE_SET",
    "RegencyParameters",
    "evaluate_crr",
    "evaluate_crr_steroid",
    "evaluate_crr_steroid_v1",
    "evaluate_upcr_0_8",
]
