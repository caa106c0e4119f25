"""Modified PERR / CRR as used in cohort studies (from the biopsy value).

Cohort studies (Toronto and Hopkins lupus cohorts, Lupus Sci Med 2022; a Hong Kong cohort,
PMID 39698368) adapted the BLISS-LN endpoints, without a steroid or treatment-failure
component, measured from the diagnostic biopsy:

* ``"modified-perr"``: eGFR at least 60 or no more than 20% below the biopsy value, AND
  proteinuria at or below 0.7;
* ``"modified-crr"``: eGFR at least 90 or no more than 10% below the biopsy value, AND
  proteinuria at or below 0.5 (note ``<=``, where BLISS-LN's CRR has ``< 0.5``).

The cohorts name the measure uPCR but the Toronto/Hopkins papers write the unit as "g/day".
Both readings are kept as published: option ``proteinuria_measure`` reads the UPCR against
the number in g/g (default) or a 24-hour protein against it in g/d. Each is a single binary
endpoint: verdict ``complete`` = met, ``none`` = not met.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from lupus_nephritis.criteria.response._common import (
    DEFAULT_INTERCURRENT_EVENTS,
    AssessmentPoint,
    Reading,
    Trace,
    as_course,
    assessment_egfr,
    assessment_measure,
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

TORONTO = "toronto-hopkins-mperr"
HONG_KONG = "hk-cohort-mperr"
SOURCES = (TORONTO, HONG_KONG)


@attrs.frozen
class ModifiedParameters:
    """Parameters of a modified (cohort) PERR or CRR.

    Attributes:
        upcr: Proteinuria threshold read on a UPCR (the published number, in g/g).
        protein_24h: The same number as published by Toronto/Hopkins, in g/d, read on a
            24-hour protein.
        egfr_floor: eGFR at or above which kidney function passes.
        egfr_decline: Passing band of the eGFR decrease from the biopsy value.
        time_points: Default assessment point (2 years).
        window: Visit window around the assessment point.
        intercurrent_events: Events the trial-style policies treat as non-response.
    """

    upcr: Threshold
    protein_24h: Threshold
    egfr_floor: Threshold
    egfr_decline: Threshold
    time_points: tuple[AssessmentPoint, ...]
    window: VisitWindow
    intercurrent_events: tuple[EventType, ...]


def _params(upcr: str, floor: str, band: str) -> ModifiedParameters:
    return ModifiedParameters(
        upcr=Threshold(
            id="upcr",
            label=f"uPCR at or below {upcr}",
            comparator="<=",
            value=upcr,
            unit="g/g",
            quantity="upcr",
            source_id=HONG_KONG,
            note=f"'uPCR <= {upcr}' read on a ratio in g/g (default proteinuria_measure); the "
            "Toronto/Hopkins papers print the unit as g/day.",
        ),
        protein_24h=Threshold(
            id="protein-24h",
            label=f"Proteinuria at or below {upcr} g/day",
            comparator="<=",
            value=upcr,
            unit="g/d",
            quantity="protein_24h",
            source_id=TORONTO,
            note="Unit as published ('g/day'); read on a 24-hour protein with "
            "proteinuria_measure='protein-24h'.",
        ),
        egfr_floor=Threshold(
            id=f"egfr-{floor}",
            label=f"eGFR at least {floor} mL/min/1.73 m²",
            comparator=">=",
            value=floor,
            unit="mL/min/{1.73_m2}",
            quantity="egfr",
            source_id=TORONTO,
        ),
        egfr_decline=Threshold(
            id="egfr-decline",
            label=f"eGFR no more than {band}% below the biopsy value",
            comparator="<=",
            value=band,
            unit="%",
            quantity="percent",
            source_id=TORONTO,
            note=f"'<= {band}% below the biopsy value': exactly {band}% passes.",
        ),
        time_points=(
            AssessmentPoint("year-2", 104, TORONTO, "2 years after the biopsy (study week 104)"),
        ),
        window=trial_window(),
        intercurrent_events=DEFAULT_INTERCURRENT_EVENTS,
    )


PERR_PARAMETERS = _params("0.7", "60", "20")
CRR_PARAMETERS = _params("0.5", "90", "10")


def _options(params: ModifiedParameters) -> tuple[Option, ...]:
    return (
        time_point_option(
            params.time_points,
            "year-2",
            source_id=TORONTO,
            reason="the cohorts assessed 2 years after the biopsy; give the biopsy date as the "
            "course start (or pass `at`).",
        ),
        Option(
            "proteinuria_measure",
            "upcr",
            "Which measurement the published proteinuria number is read on: 'upcr' (default; "
            "the cohorts name the measure uPCR) or 'protein-24h' (the unit the Toronto/Hopkins "
            "papers print, g/day). A UPCR is never converted into a 24-hour protein.",
            choices=("upcr", "protein-24h"),
            source_id=TORONTO,
        ),
        reference_option(
            "biopsy",
            choices=("biopsy", "baseline"),
            source_id=TORONTO,
            reason="the cohorts measured the eGFR decrease from the value at the biopsy.",
        ),
        visit_matching_option(
            "window", reason="the cohorts' visit windows are not stated (library default)."
        ),
        egfr_equation_option(),
        policy_option(
            "not-evaluable",
            source_id=TORONTO,
            reason="the cohorts' missing-data handling is not in the reference facts.",
        ),
    )


PERR_OPTIONS = _options(PERR_PARAMETERS)
CRR_OPTIONS = _options(CRR_PARAMETERS)


def _evaluate(
    rule_set: RuleSet,
    params: ModifiedParameters,
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
    equation = opts["egfr_equation"]
    trace = Trace()
    protein: Reading
    if opts["proteinuria_measure"] == "upcr":
        protein = trace.use(assessment_upcr(course, assessed_on, window, expected=None))
        proteinuria = threshold_criterion(params.upcr, protein)
    else:
        protein = trace.use(assessment_measure(course, assessed_on, window, "protein_24h"))
        proteinuria = threshold_criterion(params.protein_24h, protein)
    egfr = trace.use(assessment_egfr(course, assessed_on, window, equation=equation))
    reference = trace.use(
        read_egfr(course, reference_visit(course, role), role=role, equation=equation)
    )
    complete = combine(
        "complete",
        f"{endpoint}: eGFR criterion and proteinuria {params.upcr.comparator.value} "
        f"{params.upcr.value}",
        [
            floor_or_stable(
                params.egfr_floor,
                params.egfr_decline,
                reference,
                egfr,
                label=f"eGFR {params.egfr_floor.describe()} or no more than "
                f"{params.egfr_decline.value}% below the {role} value",
                source_id=TORONTO,
            ),
            proteinuria,
        ],
        mode="all",
        source_id=TORONTO,
    )
    trace.flag(*zero_reference_flags(reference))
    trace.detail("reference", role)
    trace.detail("proteinuria_measure", opts["proteinuria_measure"])
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
        source_id=TORONTO,
    )


def evaluate_perr(
    course: TreatmentCourse | Mapping[str, Any], *, at: date | int | None = None, **options: Any
) -> Decision:
    """Modified PERR (cohort definition) of ``course``.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for year 2 (week 104).
        **options: Options of the rule set (see its docs page).

    Returns:
        A response decision: complete (met), none, or not_evaluable.
    """
    return _evaluate(
        PERR_RULE_SET,
        PERR_PARAMETERS,
        PERR_OPTIONS,
        "modified primary efficacy renal response (mPERR)",
        course,
        at,
        options,
    )


def evaluate_crr(
    course: TreatmentCourse | Mapping[str, Any], *, at: date | int | None = None, **options: Any
) -> Decision:
    """Modified CRR (cohort definition) of ``course``.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for year 2 (week 104).
        **options: Options of the rule set (see its docs page).

    Returns:
        A response decision: complete (met), none, or not_evaluable.
    """
    return _evaluate(
        CRR_RULE_SET,
        CRR_PARAMETERS,
        CRR_OPTIONS,
        "modified complete renal response (mCRR)",
        course,
        at,
        options,
    )


_NOTES = (
    "Unit: the Toronto/Hopkins papers write the proteinuria threshold in 'g/day' for a "
    "measure they call uPCR. Option proteinuria_measure: 'upcr' (default; the number read in "
    "g/g on the UPCR) or 'protein-24h' (read in g/d on a 24-hour protein). The two are never "
    "interconverted.",
    "Reference: the eGFR at the diagnostic biopsy (course.biopsy); option reference.",
    "No steroid-taper or treatment-failure component (the cohorts dropped them).",
    "Time point: 2 years after the biopsy, counted from the course start (give the biopsy "
    "date as start_date, or pass `at`).",
)

PERR_RULE_SET = register(
    RuleSet(
        id="modified-perr",
        version="1.0.0",
        title="Modified PERR (cohort studies, from the biopsy value)",
        kind=RuleKind.RESPONSE,
        source_ids=SOURCES,
        parameters=PERR_PARAMETERS,
        description=(
            "Modified primary efficacy renal response: eGFR at least 60 or no more than 20% "
            "below the biopsy value, and proteinuria at or below 0.7 (uPCR by default; "
            "published as g/day). A single binary endpoint: verdict complete = met, none = "
            "not met, not_evaluable = undecidable."
        ),
        options=PERR_OPTIONS,
        notes=_NOTES,
        evaluate=evaluate_perr,
        module=__name__,
    )
)

CRR_RULE_SET = register(
    RuleSet(
        id="modified-crr",
        version="1.0.0",
        title="Modified CRR (cohort studies, from the biopsy value)",
        kind=RuleKind.RESPONSE,
        source_ids=SOURCES,
        parameters=CRR_PARAMETERS,
        description=(
            "Modified complete renal response: eGFR at least 90 or no more than 10% below the "
            "biopsy value, and proteinuria at or below 0.5 (uPCR by default; published as "
            "g/day). A single binary endpoint: verdict complete = met, none = not met, "
            "not_evaluable = undecidable."
        ),
        options=CRR_OPTIONS,
        notes=(
            "Comparator: '<= 0.5' (the cohort mCRR), unlike BLISS-LN's CRR '< 0.5'.",
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
    "ModifiedParameters",
    "evaluate_crr",
    "evaluate_perr",
]
