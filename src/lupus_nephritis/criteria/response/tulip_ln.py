"""TULIP-LN complete renal response (anifrolumab phase 2).

TULIP-LN (NCT02547922; Jayne et al., Ann Rheum Dis 2022), paraphrased; week 52:

* ``"tulip-ln-crr"`` - key secondary **complete renal response**: 24-hour UPCR at or below
  0.7 mg/mg; eGFR at least 60 mL/min/1.73 m² OR no decrease of 20% or more from baseline;
  no treatment discontinuation; no restricted-medication use.
* ``"tulip-ln-crr-0-5"`` - post hoc **CRR0.5**: the same with UPCR at or below 0.5 mg/mg.

Note the eGFR comparator: "no decrease >= 20%" means a decrease of exactly 20% FAILS (AURORA
and BLISS-LN let it pass). Each is a single binary endpoint: verdict ``complete`` = met,
``none`` = not met.
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
    spot_upcr_option,
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
from lupus_nephritis.models import EventType, Specimen, TreatmentCourse
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, Threshold, combine, resolve_options
from lupus_nephritis.timeline import VisitWindow

SOURCE = "tulip-ln"


@attrs.frozen
class TulipParameters:
    """Parameters of a TULIP-LN complete renal response (every number cited).

    Attributes:
        upcr: 24-hour UPCR at or below 0.7 (CRR) or 0.5 (CRR0.5) mg/mg.
        egfr_floor: eGFR at least 60 mL/min/1.73 m².
        egfr_decline: Passing band: a decrease from baseline below 20%.
        discontinuation_events: Events counted as treatment discontinuation.
        restricted_medication_events: Events counted as restricted-medication use.
        upcr_specimen: Specimen the UPCR should come from (24-hour collection).
        time_points: Default assessment point (week 52).
        window: Visit window around the assessment point.
        intercurrent_events: Events the trial-style policies treat as non-response.
    """

    upcr: Threshold
    egfr_floor: Threshold
    egfr_decline: Threshold
    discontinuation_events: tuple[EventType, ...]
    restricted_medication_events: tuple[EventType, ...]
    upcr_specimen: Specimen
    time_points: tuple[AssessmentPoint, ...]
    window: VisitWindow
    intercurrent_events: tuple[EventType, ...]


def _upcr(value: str, note: str) -> Threshold:
    return Threshold(
        id="upcr",
        label=f"24-hour UPCR at or below {value} mg/mg",
        comparator="<=",
        value=value,
        unit="mg/mg",
        quantity="upcr",
        source_id=SOURCE,
        note=note,
    )


CRR_PARAMETERS = TulipParameters(
    upcr=_upcr("0.7", "'<= 0.7 mg/mg' from a 24-hour collection."),
    egfr_floor=Threshold(
        id="egfr-60",
        label="eGFR at least 60 mL/min/1.73 m²",
        comparator=">=",
        value="60",
        unit="mL/min/{1.73_m2}",
        quantity="egfr",
        source_id=SOURCE,
    ),
    egfr_decline=Threshold(
        id="egfr-decline",
        label="eGFR decrease from baseline below 20% (no decrease of 20% or more)",
        comparator="<",
        value="20",
        unit="%",
        quantity="percent",
        source_id=SOURCE,
        note="'no decrease >= 20%': a decrease of exactly 20% fails.",
    ),
    discontinuation_events=(EventType.STUDY_DRUG_DISCONTINUATION,),
    restricted_medication_events=(EventType.PROHIBITED_MEDICATION,),
    upcr_specimen=Specimen.H24,
    time_points=(AssessmentPoint("week-52", 52, SOURCE, "key secondary / post hoc endpoint"),),
    window=trial_window(),
    intercurrent_events=(EventType.WITHDRAWAL, EventType.DEATH),
)

CRR05_PARAMETERS = attrs.evolve(
    CRR_PARAMETERS,
    upcr=_upcr("0.5", "Post hoc CRR0.5: '<= 0.5 mg/mg' from a 24-hour collection."),
)


def _options(params: TulipParameters) -> tuple[Option, ...]:
    return (
        time_point_option(
            params.time_points, "week-52", source_id=SOURCE, reason="the trial's assessment."
        ),
        visit_matching_option(
            "window", reason="the trial's visit windows are not public (library default)."
        ),
        spot_upcr_option("flag", source_id=SOURCE),
        egfr_equation_option(),
        policy_option(
            "not-evaluable",
            source_id=SOURCE,
            reason="discontinuation and restricted medication are already non-response by the "
            "endpoint's definition; other missing data are reported, not imputed.",
        ),
    )


CRR_OPTIONS = _options(CRR_PARAMETERS)
CRR05_OPTIONS = _options(CRR05_PARAMETERS)


def _evaluate(
    rule_set: RuleSet,
    params: TulipParameters,
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
    equation = opts["egfr_equation"]
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
    egfr = trace.use(assessment_egfr(course, assessed_on, window, equation=equation))
    base = trace.use(read_egfr(course, course.baseline, role="baseline", equation=equation))
    trace.flag(*zero_reference_flags(base))
    complete = combine(
        "complete",
        f"{endpoint}: UPCR {params.upcr.describe()}, eGFR criterion, no discontinuation, "
        "no restricted medication",
        [
            threshold_criterion(params.upcr, upcr),
            floor_or_stable(
                params.egfr_floor,
                params.egfr_decline,
                base,
                egfr,
                label=f"eGFR {params.egfr_floor.describe()} or a decrease from baseline "
                f"{params.egfr_decline.describe()} (no decrease of "
                f"{params.egfr_decline.value}% or more)",
                source_id=SOURCE,
            ),
            events_criterion(
                course,
                params.discontinuation_events,
                assessed_on,
                id="no-discontinuation",
                label="No treatment discontinuation",
                source_id=SOURCE,
            ),
            events_criterion(
                course,
                params.restricted_medication_events,
                assessed_on,
                id="no-restricted-medication",
                label="No restricted-medication use",
                source_id=SOURCE,
            ),
        ],
        mode="all",
        source_id=SOURCE,
    )
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


def evaluate_crr(
    course: TreatmentCourse | Mapping[str, Any], *, at: date | int | None = None, **options: Any
) -> Decision:
    """TULIP-LN complete renal response (UPCR <= 0.7 mg/mg) of ``course``.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for week 52.
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


def evaluate_crr_0_5(
    course: TreatmentCourse | Mapping[str, Any], *, at: date | int | None = None, **options: Any
) -> Decision:
    """TULIP-LN post hoc CRR0.5 (UPCR <= 0.5 mg/mg) of ``course``.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for week 52.
        **options: Options of the rule set (see its docs page).

    Returns:
        A response decision: complete (met), none, or not_evaluable.
    """
    return _evaluate(
        CRR05_RULE_SET,
        CRR05_PARAMETERS,
        CRR05_OPTIONS,
        "complete renal response with UPCR <= 0.5 (CRR0.5)",
        course,
        at,
        options,
    )


_NOTES = (
    "eGFR comparator: 'no decrease >= 20%' - a decrease of exactly 20% fails (unlike AURORA "
    "and BLISS-LN).",
    "Treatment discontinuation = STUDY_DRUG_DISCONTINUATION events; restricted medication = "
    "PROHIBITED_MEDICATION events (the trial's restricted-medication list is not in the "
    "reference facts). The course's events are the complete record.",
    "The mandatory steroid taper (<= 10 mg/day by week 12, <= 7.5 mg/day by week 24) is not "
    "stated as a CRR component and is not applied.",
    "UPCR from a 24-hour collection; another specimen is used and flagged (option spot_upcr).",
)

CRR_RULE_SET = register(
    RuleSet(
        id="tulip-ln-crr",
        version="1.0.0",
        title="TULIP-LN complete renal response (anifrolumab phase 2)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=CRR_PARAMETERS,
        description=(
            "Complete renal response at week 52: 24-hour UPCR at or below 0.7 mg/mg; eGFR at "
            "least 60 or no decrease of 20% or more from baseline; no treatment "
            "discontinuation; no restricted medication. A single binary endpoint: verdict "
            "complete = met, none = not met, not_evaluable = undecidable."
        ),
        options=CRR_OPTIONS,
        notes=_NOTES,
        evaluate=evaluate_crr,
        module=__name__,
    )
)

CRR05_RULE_SET = register(
    RuleSet(
        id="tulip-ln-crr-0-5",
        version="1.0.0",
        title="TULIP-LN post hoc complete renal response with UPCR <= 0.5 (CRR0.5)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=CRR05_PARAMETERS,
        description=(
            "Post hoc CRR0.5 at week 52: as the TULIP-LN complete renal response with the "
            "24-hour UPCR at or below 0.5 mg/mg. A single binary endpoint: verdict complete = "
            "met, none = not met, not_evaluable = undecidable."
        ),
        options=CRR05_OPTIONS,
        notes=_NOTES,
        evaluate=evaluate_crr_0_5,
        module=__name__,
    )
)

__all__ = [
    "CRR05_OPTIONS",
    "CRR05_PARAMETERS",
    "CRR05_RULE_SET",
    "CRR_OPTIONS",
    "CRR_PARAMETERS",
    "CRR_RULE_SET",
    "TulipParameters",
    "evaluate_crr",
    "evaluate_crr_0_5",
]
