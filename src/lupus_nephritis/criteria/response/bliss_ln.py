"""BLISS-LN renal response endpoints (belimumab phase 3): PERR and CRR.

BLISS-LN (NCT01639339; Furie et al., NEJM 2020), paraphrased:

* ``"bliss-ln-perr"`` - **primary efficacy renal response** (week 104; week 52 key
  secondary): UPCR at or below 0.7; eGFR no more than 20% below the *pre-flare* value or at
  least 60 mL/min/1.73 m²; no treatment failure.
* ``"bliss-ln-crr"`` - **complete renal response** (week 104): UPCR below 0.5; eGFR no more
  than 10% below the pre-flare value or at least 90 mL/min/1.73 m²; no treatment failure.

The eGFR reference is the value before the renal flare that led to enrolment
(``TreatmentCourse.pre_flare``), not the randomisation baseline. Each is a single binary
endpoint: verdict ``complete`` = endpoint met, ``none`` = not met.

The open-label extension used the same thresholds against the open-label baseline with "no
prohibited medication" instead of treatment failure: ``reference="baseline"`` (with the
open-label baseline stored as the course baseline), ``failure_events="prohibited-medication"``
and ``at=28``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from lupus_nephritis.criteria.response._common import (
    DEFAULT_INTERCURRENT_EVENTS,
    AssessmentPoint,
    Trace,
    as_course,
    assessment_egfr,
    assessment_upcr,
    egfr_equation_option,
    policy_option,
    read_egfr,
    reference_option,
    reference_visit,
    threshold_criterion,
    time_point_option,
    visit_matching_option,
    with_matching,
)
from lupus_nephritis.criteria.response._trials import (
    events_criterion,
    finish,
    floor_or_stable,
    time_points_date,
    trial_window,
    zero_reference_flags,
)
from lupus_nephritis.decisions import Decision
from lupus_nephritis.models import EventType, TreatmentCourse
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, Threshold, combine, resolve_options
from lupus_nephritis.timeline import VisitWindow

SOURCE = "bliss-ln"


@attrs.frozen
class BlissParameters:
    """Parameters of a BLISS-LN renal response endpoint (every number cited).

    Attributes:
        upcr: The UPCR threshold.
        egfr_floor: eGFR at or above which kidney function passes regardless of change.
        egfr_decline: The passing band of the eGFR decrease from the reference.
        failure_event_sets: Named sets of events that count as treatment failure (option
            ``failure_events``; the trial's list is NOT FOUND).
        time_points: Default assessment points.
        window: Visit window around the assessment point.
        intercurrent_events: Events the trial-style policies treat as non-response.
    """

    upcr: Threshold
    egfr_floor: Threshold
    egfr_decline: Threshold
    failure_event_sets: tuple[tuple[str, tuple[EventType, ...]], ...]
    time_points: tuple[AssessmentPoint, ...]
    window: VisitWindow
    intercurrent_events: tuple[EventType, ...]


FAILURE_EVENT_SETS: tuple[tuple[str, tuple[EventType, ...]], ...] = (
    ("treatment-failure", (EventType.TREATMENT_FAILURE,)),
    (
        "treatment-failure-rescue-prohibited",
        (
            EventType.TREATMENT_FAILURE,
            EventType.RESCUE_THERAPY,
            EventType.PROHIBITED_MEDICATION,
        ),
    ),
    ("prohibited-medication", (EventType.PROHIBITED_MEDICATION,)),
)

_TIME_POINTS = (
    AssessmentPoint("week-104", 104, SOURCE, "primary endpoint (PERR) and CRR"),
    AssessmentPoint("week-52", 52, SOURCE, "key secondary endpoint"),
)


def _egfr_floor(value: str) -> Threshold:
    return Threshold(
        id=f"egfr-{value}",
        label=f"eGFR at least {value} mL/min/1.73 m²",
        comparator=">=",
        value=value,
        unit="mL/min/{1.73_m2}",
        quantity="egfr",
        source_id=SOURCE,
    )


def _egfr_decline(value: str) -> Threshold:
    return Threshold(
        id="egfr-decline",
        label=f"eGFR no more than {value}% below the pre-flare value",
        comparator="<=",
        value=value,
        unit="%",
        quantity="percent",
        source_id=SOURCE,
        note=f"'no more than {value}% below': a decrease of exactly {value}% passes.",
    )


PERR_PARAMETERS = BlissParameters(
    upcr=Threshold(
        id="upcr",
        label="UPCR at or below 0.7",
        comparator="<=",
        value="0.7",
        unit="g/g",
        quantity="upcr",
        source_id=SOURCE,
        note="'<= 0.7' (ratio; g/g = mg/mg). Specimen NOT FOUND: no specimen flag.",
    ),
    egfr_floor=_egfr_floor("60"),
    egfr_decline=_egfr_decline("20"),
    failure_event_sets=FAILURE_EVENT_SETS,
    time_points=_TIME_POINTS,
    window=trial_window(),
    intercurrent_events=DEFAULT_INTERCURRENT_EVENTS,
)

CRR_PARAMETERS = BlissParameters(
    upcr=Threshold(
        id="upcr",
        label="UPCR below 0.5",
        comparator="<",
        value="0.5",
        unit="g/g",
        quantity="upcr",
        source_id=SOURCE,
        note="'< 0.5': a UPCR of exactly 0.5 is not a complete response. Specimen NOT FOUND.",
    ),
    egfr_floor=_egfr_floor("90"),
    egfr_decline=_egfr_decline("10"),
    failure_event_sets=FAILURE_EVENT_SETS,
    time_points=_TIME_POINTS,
    window=trial_window(),
    intercurrent_events=DEFAULT_INTERCURRENT_EVENTS,
)


def _options(params: BlissParameters) -> tuple[Option, ...]:
    return (
        time_point_option(
            params.time_points,
            "week-104",
            source_id=SOURCE,
            reason="the primary assessment (week 52 is a key secondary for PERR).",
        ),
        reference_option(
            "pre_flare",
            choices=("pre_flare", "baseline"),
            source_id=SOURCE,
            reason="BLISS-LN measured the eGFR decrease from the pre-flare value; 'baseline' "
            "serves the open-label extension (open-label baseline stored as the course "
            "baseline).",
        ),
        Option(
            "failure_events",
            "treatment-failure",
            "Events that make 'no treatment failure' fail (the trial's list is NOT FOUND): "
            "'treatment-failure' (default: recorded TREATMENT_FAILURE events), "
            "'treatment-failure-rescue-prohibited' (also rescue therapy and prohibited "
            "medication), 'prohibited-medication' (the open-label extension's wording).",
            choices=tuple(name for name, _ in params.failure_event_sets),
            source_id=SOURCE,
        ),
        visit_matching_option(
            "window", reason="the trial's visit windows are not public (library default)."
        ),
        egfr_equation_option(),
        policy_option(
            "not-evaluable",
            source_id=SOURCE,
            reason="treatment failure is already part of the endpoint; other missing data "
            "are reported, not imputed.",
        ),
    )


PERR_OPTIONS = _options(PERR_PARAMETERS)
CRR_OPTIONS = _options(CRR_PARAMETERS)


def _evaluate(
    rule_set: RuleSet,
    params: BlissParameters,
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
    role = opts["reference"]
    trace = Trace()
    upcr = trace.use(assessment_upcr(course, assessed_on, window, expected=None))
    egfr = trace.use(assessment_egfr(course, assessed_on, window, equation=opts["egfr_equation"]))
    reference = trace.use(
        read_egfr(course, reference_visit(course, role), role=role, equation=opts["egfr_equation"])
    )
    kidney = floor_or_stable(
        params.egfr_floor,
        params.egfr_decline,
        reference,
        egfr,
        label=f"eGFR {params.egfr_floor.describe()} or no more than {params.egfr_decline.value}% "
        f"below the {role.replace('_', '-')} value",
        source_id=SOURCE,
    )
    failure_types = dict(params.failure_event_sets)[opts["failure_events"]]
    no_failure = events_criterion(
        course,
        failure_types,
        assessed_on,
        id="no-treatment-failure",
        label="No treatment failure",
        source_id=SOURCE,
    )
    complete = combine(
        "complete",
        f"{endpoint}: UPCR {params.upcr.describe()}, eGFR criterion, no treatment failure",
        [threshold_criterion(params.upcr, upcr), kidney, no_failure],
        mode="all",
        source_id=SOURCE,
    )
    trace.flag(*zero_reference_flags(reference))
    trace.detail("reference", role)
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


def evaluate_perr(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Primary efficacy renal response (PERR) of ``course`` under BLISS-LN.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the ``time_point`` option's week.
        **options: Options of the rule set (see its docs page).

    Returns:
        A response decision: complete (PERR met), none, or not_evaluable.
    """
    return _evaluate(
        PERR_RULE_SET,
        PERR_PARAMETERS,
        PERR_OPTIONS,
        "primary efficacy renal response (PERR)",
        course,
        at,
        options,
    )


def evaluate_crr(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Complete renal response (CRR) of ``course`` under BLISS-LN.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the ``time_point`` option's week.
        **options: Options of the rule set (see its docs page).

    Returns:
        A response decision: complete (CRR met), none, or not_evaluable.
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


_NOTES = (
    "Reference: the pre-flare eGFR (course.pre_flare); missing -> the decline criterion is "
    "unknown, and the endpoint is decided only if the eGFR floor is met (Kleene OR).",
    "Treatment failure: the trial's list is NOT FOUND. Option failure_events, default the "
    "recorded TREATMENT_FAILURE events; rescue therapy and prohibited medication can be "
    "added. The course's events are taken as the complete record.",
    "UPCR specimen: NOT FOUND for BLISS-LN; any specimen is accepted without a flag.",
    "Time point: week 104 (option time_point or `at`; week 52 is a key secondary for PERR).",
    "Open-label extension (28 weeks): same thresholds against the open-label baseline with "
    "no prohibited medication: reference='baseline', failure_events='prohibited-medication'.",
)

PERR_RULE_SET = register(
    RuleSet(
        id="bliss-ln-perr",
        version="1.0.0",
        title="BLISS-LN primary efficacy renal response (PERR)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=PERR_PARAMETERS,
        description=(
            "Primary efficacy renal response at week 104: UPCR at or below 0.7; eGFR no more "
            "than 20% below the pre-flare value or at least 60 mL/min/1.73 m²; no treatment "
            "failure. A single binary endpoint: verdict complete = PERR met, none = not met, "
            "not_evaluable = undecidable."
        ),
        options=PERR_OPTIONS,
        notes=(
            "Comparators: UPCR '<= 0.7' (exactly 0.7 responds); 'no more than 20% below' "
            "(exactly 20% passes); eGFR '>= 60'.",
            *_NOTES,
        ),
        evaluate=evaluate_perr,
        module=__name__,
    )
)

CRR_RULE_SET = register(
    RuleSet(
        id="bliss-ln-crr",
        version="1.0.0",
        title="BLISS-LN complete renal response (CRR)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=CRR_PARAMETERS,
        description=(
            "Complete renal response at week 104: UPCR below 0.5; eGFR no more than 10% below "
            "the pre-flare value or at least 90 mL/min/1.73 m²; no treatment failure. A "
            "single binary endpoint: verdict complete = CRR met, none = not met, "
            "not_evaluable = undecidable."
        ),
        options=CRR_OPTIONS,
        notes=(
            "Comparators: UPCR '< 0.5' (exactly 0.5 is not a response, unlike AURORA's "
            "'<= 0.5'); 'no more than 10% below' (exactly 10% passes); eGFR '>= 90'.",
            *_NOTES,
        ),
        evaluate=evaluate_crr,
        module=__name__,
    )
)

__all__ = [
    "CRR_OPTIONS",
    "CRR_PARAMETERS",
    "CRR_RULE_SET",
    "PERR_OPTIONS",
    "PERR_PARAMETERS",
    "PERR_RULE_SET",
    "BlissParameters",
    "evaluate_crr",
    "evaluate_perr",
]
