"""AURORA 2 endpoints (voclosporin continuation, years 1-3).

Three response rule sets (the AURORA 2 renal *flare* is the flare rule set
``"aurora-2-flare"`` in `lupus_nephritis.criteria.flares.aurora_2_flare`):

* ``"aurora-2-adequate-response"``: a sustained UPCR at or below 0.7 mg/mg reached over
  AURORA 1 + 2 (by default through month 36);
* ``"aurora-2-good-renal-outcome"``: adequate response AND no renal flare;
* ``"aurora-2-sustained-crr"`` (label, post hoc): the AURORA 1 complete renal response at
  month 12, maintained at every later clinic visit through month 36; missing data make the
  status "unknown", reported separately (not imputed).

Each is a single binary endpoint: verdict ``complete`` = met, ``none`` = not met,
``not_evaluable`` = undecidable (AURORA 2's "unknown").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from lupus_nephritis.criteria.flares import aurora_2_flare as flare_rules
from lupus_nephritis.criteria.flares.aurora_2_flare import find_adequate_response
from lupus_nephritis.criteria.response._common import (
    AssessmentPoint,
    Trace,
    as_course,
    assessment_upcr,
    match_visit,
    policy_option,
    threshold_criterion,
    time_point_option,
    with_matching,
)
from lupus_nephritis.criteria.response._trials import (
    aurora_kidney_function,
    events_criterion,
    finish,
    time_points_date,
    trial_window,
)
from lupus_nephritis.criteria.response.aurora_1 import (
    AuroraParameters,
    aurora_complete,
    aurora_options,
    aurora_thresholds,
)
from lupus_nephritis.decisions import Criterion, Decision, Evidence, FlareSeverity
from lupus_nephritis.errors import InputError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import EventType, Specimen, TreatmentCourse
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_version
from lupus_nephritis.thresholds import Option, Threshold, combine, outcome_criterion
from lupus_nephritis.thresholds import resolve_options as _resolve
from lupus_nephritis.timeline import VisitWindow, week_date

SOURCE = "aurora-2"

MONTH_36 = AssessmentPoint(
    "month-36", 156, SOURCE, "end of AURORA 2: 3 years of treatment read as study week 156"
)

_INTERCURRENT = (EventType.WITHDRAWAL, EventType.DEATH)

_POLICY = policy_option(
    "not-evaluable",
    source_id=SOURCE,
    reason="AURORA 2 reported missing data as 'unknown', separately, not imputed; "
    "not evaluable is that status.",
)

_CONFIRMATION = Option(
    "adequate_response_confirmation",
    flare_rules.ResponseConfirmation.NEXT_MEASUREMENT.value,
    "How 'sustained' UPCR <= 0.7 mg/mg is read (NOT FOUND): 'next-measurement' (default; the "
    "next UPCR is also <= 0.7) or 'single-measurement'.",
    choices=tuple(c.value for c in flare_rules.ResponseConfirmation),
    source_id=SOURCE,
)


# =============================================================================== adequate


@attrs.frozen
class AdequateParameters:
    """Parameters of the AURORA 2 adequate response.

    Attributes:
        adequate_upcr: UPCR at or below 0.7 mg/mg (the flare rule set's threshold).
        time_points: Default assessment point (month 36).
        intercurrent_events: Events the trial-style policies treat as non-response.
    """

    adequate_upcr: Threshold
    time_points: tuple[AssessmentPoint, ...]
    intercurrent_events: tuple[EventType, ...]


ADEQUATE_PARAMETERS = AdequateParameters(
    adequate_upcr=flare_rules.PARAMETERS.adequate_response,
    time_points=(MONTH_36,),
    intercurrent_events=_INTERCURRENT,
)

ADEQUATE_OPTIONS = (
    time_point_option(
        ADEQUATE_PARAMETERS.time_points,
        "month-36",
        source_id=SOURCE,
        reason="adequate response is assessed over AURORA 1 + 2.",
    ),
    _CONFIRMATION,
    _POLICY,
)


def _adequate_criterion(
    course: TreatmentCourse, assessed_on: date, confirmation: str, trace: Trace
) -> tuple[Criterion, date | None]:
    result = find_adequate_response(course, until=assessed_on, confirmation=confirmation)
    trace.missing(*result.missing)
    if result.visit is not None:
        trace.detail("adequate_response_on", result.visit.date)
    return result.criterion, None if result.visit is None else result.visit.date


def evaluate_adequate_response(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Whether an adequate response (sustained UPCR <= 0.7 mg/mg) was reached by ``at``.

    Args:
        course: The treatment course (model or plain dict).
        at: Last date considered (date or study week); None = month 36 (week 156).
        **options: ``time_point``, ``adequate_response_confirmation``, ``policy``.

    Returns:
        A response decision: complete (reached), none, or not_evaluable.
    """
    course = as_course(course)
    opts = _resolve(ADEQUATE_OPTIONS, options, rule_set_id=ADEQUATE_RULE_SET.id)
    point, assessed_on = time_points_date(
        course, at, ADEQUATE_PARAMETERS.time_points, opts["time_point"]
    )
    trace = Trace()
    criterion, _ = _adequate_criterion(
        course, assessed_on, opts["adequate_response_confirmation"], trace
    )
    return finish(
        ADEQUATE_RULE_SET,
        course,
        complete=criterion,
        trace=trace,
        opts=opts,
        at=at,
        point=point,
        assessed_on=assessed_on,
        intercurrent_events=ADEQUATE_PARAMETERS.intercurrent_events,
        endpoint="adequate response (sustained UPCR <= 0.7 mg/mg)",
        source_id=SOURCE,
    )


ADEQUATE_RULE_SET = register(
    RuleSet(
        id="aurora-2-adequate-response",
        version="1.0.0",
        title="AURORA 2 adequate response (sustained UPCR <= 0.7 mg/mg)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=ADEQUATE_PARAMETERS,
        description=(
            "Adequate response: a sustained UPCR at or below 0.7 mg/mg reached at any visit up "
            "to the assessment point (default month 36 = week 156). Verdict: complete = "
            "reached, none = not reached, not_evaluable = the first qualifying UPCR has no "
            "later UPCR to confirm it, or no UPCR was measured after the baseline."
        ),
        options=ADEQUATE_OPTIONS,
        notes=(
            "'Sustained' is NOT FOUND: option adequate_response_confirmation, default "
            "confirmed by the next UPCR measurement.",
            "The same detection defines the start of flare monitoring in 'aurora-2-flare'.",
        ),
        evaluate=evaluate_adequate_response,
        module=__name__,
    )
)


# =============================================================================== good outcome


GOOD_OPTIONS = (
    time_point_option(
        ADEQUATE_PARAMETERS.time_points,
        "month-36",
        source_id=SOURCE,
        reason="good renal outcome is reported over the 3 years of AURORA 1 + 2.",
    ),
    _CONFIRMATION,
    Option(
        "flare_reference",
        flare_rules.FlareReference.POST_RESPONSE_NADIR.value,
        "Post-response UPCR a later value is compared with (option 'reference' of "
        "'aurora-2-flare'; default its default, the post-response nadir).",
        choices=tuple(r.value for r in flare_rules.FlareReference),
        source_id=SOURCE,
    ),
    _POLICY,
)


def evaluate_good_renal_outcome(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Whether the course had an adequate response and no renal flare up to ``at``.

    Args:
        course: The treatment course (model or plain dict).
        at: Last date considered (date or study week); None = month 36 (week 156).
        **options: ``time_point``, ``adequate_response_confirmation``, ``flare_reference``,
            ``policy``.

    Returns:
        A response decision: complete (good renal outcome), none, or not_evaluable.
    """
    course = as_course(course)
    opts = _resolve(GOOD_OPTIONS, options, rule_set_id=GOOD_RULE_SET.id)
    point, assessed_on = time_points_date(
        course, at, ADEQUATE_PARAMETERS.time_points, opts["time_point"]
    )
    trace = Trace()
    adequate, _ = _adequate_criterion(
        course, assessed_on, opts["adequate_response_confirmation"], trace
    )
    flare = flare_rules.evaluate(
        course,
        at=assessed_on,
        reference=opts["flare_reference"],
        adequate_response_confirmation=opts["adequate_response_confirmation"],
    )
    verdict = FlareSeverity(flare.verdict)
    no_flare_outcome = {
        FlareSeverity.FLARE: Outcome.NOT_MET,
        FlareSeverity.NONE: Outcome.MET,
    }.get(verdict, Outcome.UNKNOWN)
    if no_flare_outcome is Outcome.UNKNOWN:
        trace.missing(*flare.missing_inputs)
    trace.flag(*(f for f in flare.flags if f != flare_rules.FLAG_NO_ADEQUATE_RESPONSE))
    first = flare.detail("first_flare_on")
    no_flare = Criterion(
        id="no-renal-flare",
        label="No AURORA 2 renal flare (rule set aurora-2-flare)",
        outcome=no_flare_outcome,
        observed=str(flare.verdict),
        source_id=SOURCE,
        evidence=(
            (Evidence("renal_flare", date=date.fromisoformat(str(first)), note=flare.rule_set),)
            if first
            else ()
        ),
        children=flare.criteria,
        note=f"{flare.rule_set}: {flare.verdict}",
    )
    complete = combine(
        "good-renal-outcome",
        "Good renal outcome: adequate response and no renal flare",
        [adequate, no_flare],
        mode="all",
        source_id=SOURCE,
    )
    return finish(
        GOOD_RULE_SET,
        course,
        complete=complete,
        trace=trace,
        opts=opts,
        at=at,
        point=point,
        assessed_on=assessed_on,
        intercurrent_events=ADEQUATE_PARAMETERS.intercurrent_events,
        endpoint="good renal outcome (adequate response and no renal flare)",
        source_id=SOURCE,
    )


GOOD_RULE_SET = register(
    RuleSet(
        id="aurora-2-good-renal-outcome",
        version="1.0.0",
        title="AURORA 2 good renal outcome (adequate response and no renal flare)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=ADEQUATE_PARAMETERS,
        description=(
            "Good renal outcome: an adequate response (sustained UPCR <= 0.7 mg/mg) and no "
            "renal flare (rule set 'aurora-2-flare') up to the assessment point (default "
            "month 36). Verdict: complete = good outcome, none = no adequate response or a "
            "flare, not_evaluable = undecidable."
        ),
        options=GOOD_OPTIONS,
        notes=(
            "Flares in the trial were adjudicated by a blinded committee; the library applies "
            "the numeric rule and the decision carries 'numeric-rule-not-adjudicated' when a "
            "flare is found.",
            "The flare rule's ambiguities (bucket edges, reference, 'sustained') are options of "
            "'aurora-2-flare'; the reference is selectable here as flare_reference.",
        ),
        evaluate=evaluate_good_renal_outcome,
        module=__name__,
    )
)


# =============================================================================== sustained CRR


@attrs.frozen
class SustainedParameters:
    """Parameters of the AURORA 2 sustained complete renal response.

    Attributes:
        response: The AURORA 1 complete renal response parameters (cited to AURORA 2, which
            uses the same definition per visit).
        month_12_week: Study week of the month-12 assessment.
        time_points: Default end point (month 36).
        visit_window: How each later clinic visit's own data are read (that visit only).
    """

    response: AuroraParameters
    month_12_week: int
    time_points: tuple[AssessmentPoint, ...]
    visit_window: VisitWindow


SUSTAINED_PARAMETERS = SustainedParameters(
    response=AuroraParameters(
        **aurora_thresholds(SOURCE, note="AURORA 2 renal response = the AURORA 1 CRR."),
        steroid_window_weeks=8,
        partial_reductions=(),
        upcr_specimen=Specimen.FIRST_MORNING,
        time_points=(MONTH_36,),
        window=trial_window(),
        rescue_events=(EventType.RESCUE_THERAPY,),
        intercurrent_events=_INTERCURRENT,
    ),
    month_12_week=52,
    time_points=(MONTH_36,),
    visit_window=VisitWindow(
        "window",
        before_days=0,
        after_days=0,
        note="Each later clinic visit is judged on its own data (same-day readings).",
    ),
)

_SUSTAINED_ADJUDICATION = "Default 'adjudicated', as in AURORA 1, whose definition AURORA 2 uses."

SUSTAINED_OPTIONS = aurora_options(
    SUSTAINED_PARAMETERS.response,
    SOURCE,
    default_point="month-36",
    adjudication_default="adjudicated",
    adjudication_reason=_SUSTAINED_ADJUDICATION,
    partial=False,
    policy=_POLICY,
)

#: Options of the first release (``aurora-2-sustained-crr@1.0.0``): no ``exposure_window``.
SUSTAINED_OPTIONS_V1 = aurora_options(
    SUSTAINED_PARAMETERS.response,
    SOURCE,
    default_point="month-36",
    adjudication_default="adjudicated",
    adjudication_reason=_SUSTAINED_ADJUDICATION,
    partial=False,
    policy=_POLICY,
    exposure_window=False,
)


def _renal_response_at_visit(
    course: TreatmentCourse,
    visit_date: date,
    opts: Mapping[str, Any],
    trace: Trace,
    ordinal: int,
) -> Criterion:
    p = SUSTAINED_PARAMETERS
    params = p.response
    window = p.visit_window
    reject = opts["spot_upcr"] == "reject"
    upcr = trace.use(
        assessment_upcr(
            course,
            visit_date,
            window,
            expected=params.upcr_specimen,
            reject_other=reject,
            role=f"visit-{visit_date.isoformat()}",
        )
    )
    kidney = aurora_kidney_function(
        course,
        floor=params.egfr_floor,
        band=params.egfr_decline,
        confirmation=params.egfr_confirmation,
        assessed_on=visit_date,
        window=window,
        equation=opts["egfr_equation"],
        confirmation_mode=opts["egfr_confirmation"],
        adjudication_mode=opts["adjudication"],
        trace=trace,
        source_id=SOURCE,
    )
    return combine(
        f"visit-{ordinal}",
        f"Renal response at the visit of {visit_date.isoformat()}",
        [threshold_criterion(params.complete_upcr, upcr), kidney],
        mode="all",
        source_id=SOURCE,
    )


def evaluate_sustained_crr(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Whether the AURORA 1 CRR at month 12 was maintained at every later visit to ``at``.

    Args:
        course: The treatment course (model or plain dict).
        at: End of the maintenance period (date or study week); None = month 36.
        **options: Options of the rule set (see its docs page).

    Returns:
        A response decision: complete (sustained), none, or not_evaluable (AURORA 2's
        "unknown"; the decision's ``trial_status`` detail says so).

    Raises:
        InputError: ``at`` is before month 12 (the period would end before it starts), or
            is not a valid assessment point.
    """
    return _sustained(SUSTAINED_RULE_SET, SUSTAINED_OPTIONS, course, at, options)


def evaluate_sustained_crr_v1(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """The sustained CRR as first released (``aurora-2-sustained-crr@1.0.0``).

    No ``exposure_window`` option (the month-12 steroid window is the visit days).

    Args:
        course: The treatment course (model or plain dict).
        at: End of the maintenance period (date or study week); None = month 36.
        **options: Options of that version.

    Returns:
        A response decision stamped ``aurora-2-sustained-crr@1.0.0``.

    Raises:
        InputError: as `evaluate_sustained_crr`.
    """
    return _sustained(SUSTAINED_RULE_SET_V1, SUSTAINED_OPTIONS_V1, course, at, options)


def _sustained(
    rule_set: RuleSet,
    declared: tuple[Option, ...],
    course: TreatmentCourse | Mapping[str, Any],
    at: date | int | None,
    options: dict[str, Any],
) -> Decision:
    course = as_course(course)
    p = SUSTAINED_PARAMETERS
    opts = _resolve(declared, options, rule_set_id=rule_set.id)
    point, end = time_points_date(course, at, p.time_points, opts["time_point"])
    month_12 = week_date(course.start_date, p.month_12_week)
    if end < month_12:
        raise InputError(
            f"at: the sustained-CRR period runs from month 12 ({month_12.isoformat()}, study "
            f"week {p.month_12_week}); its end {end.isoformat()} is before it"
        )
    trace = Trace()
    crr_12, _ = aurora_complete(p.response, course, opts, month_12, trace, SOURCE, steroid=True)
    crr_12 = attrs.evolve(
        crr_12, id="crr-month-12", label="AURORA 1 complete renal response at month 12"
    )
    window = with_matching(p.response.window, opts["visit_matching"])
    month_12_visit = match_visit(course, month_12, window, "upcr")
    covered = match_visit(course, end, window, "upcr")
    first = month_12_visit.date if month_12_visit is not None else month_12
    last = max(end, covered.date) if covered is not None else end
    later_dates = [
        v.date
        for v in course.visits
        if first < v.date <= last
        and (v.upcr is not None or v.egfr is not None or v.creatinine is not None)
    ]
    visits = [
        _renal_response_at_visit(course, day, opts, trace, n)
        for n, day in enumerate(dict.fromkeys(later_dates), start=1)
    ]
    end_criterion = outcome_criterion(
        "assessed-at-end",
        "A UPCR assessment at the end of the period",
        Outcome.MET if covered is not None else Outcome.UNKNOWN,
        source_id=SOURCE,
        evidence=(Evidence("visit", date=covered.date, visit_id=covered.id),) if covered else (),
        note=None if covered else f"missing: no UPCR visit near {end.isoformat()}",
    )
    if covered is None:
        trace.missing("end.upcr")
    rescue = events_criterion(
        course,
        p.response.rescue_events,
        end,
        id="no-rescue-through-end",
        label="No rescue medication through the end of the period",
        source_id=SOURCE,
    )
    maintained = combine(
        "maintained",
        "Renal response at every later clinic visit",
        visits,
        mode="all",
        source_id=SOURCE,
    )
    complete = combine(
        "sustained-crr",
        "Sustained complete renal response (month 12 through the end)",
        [crr_12, maintained, end_criterion, rescue],
        mode="all",
        source_id=SOURCE,
    )
    status = {Outcome.MET: "sustained", Outcome.NOT_MET: "not sustained"}.get(
        complete.outcome, "unknown"
    )
    trace.detail("trial_status", status)
    trace.detail("later_visits_assessed", len(visits))
    return finish(
        rule_set,
        course,
        complete=complete,
        trace=trace,
        opts=opts,
        at=at,
        point=point,
        assessed_on=end,
        intercurrent_events=_INTERCURRENT,
        endpoint="sustained complete renal response",
        source_id=SOURCE,
    )


_SUSTAINED_STEROID_NOTE_V1 = (
    "The steroid rule of AURORA 1 applies at month 12 (weeks 44-52); for later visits "
    "no steroid rule is stated and none is applied. Rescue medication is checked "
    "through the end of the period."
)

SUSTAINED_STEROID_NOTE = (
    "The steroid rule of AURORA 1 applies at month 12 (weeks 44-52, read by option "
    "exposure_window as for aurora-1, default the visit days); for later visits no steroid "
    "rule is stated and none is applied. Rescue medication is checked through the end of the "
    "period."
)

SUSTAINED_RULE_SET = register(
    RuleSet(
        id="aurora-2-sustained-crr",
        version="1.1.0",
        title="AURORA 2 sustained complete renal response (month 12 through month 36)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE, "aurora-1"),
        parameters=SUSTAINED_PARAMETERS,
        description=(
            "Sustained complete renal response: the AURORA 1 complete renal response at "
            "month 12 (week 52), and at every later clinic visit through month 36 (week 156) "
            "a renal response (UPCR <= 0.5 mg/mg and the eGFR criterion), with no rescue "
            "medication through month 36. Missing data give not_evaluable, AURORA 2's "
            "'unknown' status (detail trial_status), never a response."
        ),
        options=SUSTAINED_OPTIONS,
        notes=(
            "A later clinic visit is any visit with UPCR, eGFR or creatinine recorded; each is "
            "judged on its own data. A visit with UPCR but no kidney-function value is "
            "undecidable (unknown), as the trial's 'unknown' status.",
            SUSTAINED_STEROID_NOTE,
            "The end of the period must have a UPCR visit within the trial window (that visit "
            "is assessed too); otherwise the status is unknown ('missing by the end of the "
            "extension'). Later visits are those after the matched month-12 visit.",
            "'Confirmed' eGFR decrease and adjudication: as for aurora-1 (options "
            "egfr_confirmation, adjudication).",
            "The time_point option's only value is month-36; `at` moves the end of the period "
            "(an end before month 12 is refused with an InputError).",
        ),
        evaluate=evaluate_sustained_crr,
        module=__name__,
    )
)

#: The first release, kept selectable as ``aurora-2-sustained-crr@1.0.0``.
SUSTAINED_RULE_SET_V1 = register_version(
    SUSTAINED_RULE_SET,
    "1.0.0",
    evaluate=evaluate_sustained_crr_v1,
    options=SUSTAINED_OPTIONS_V1,
    notes=tuple(
        _SUSTAINED_STEROID_NOTE_V1 if n == SUSTAINED_STEROID_NOTE else n
        for n in SUSTAINED_RULE_SET.notes
    ),
    change="no option exposure_window: the month-12 steroid window is the visit days only "
    "(the default reading of the current version, same verdicts).",
)

__all__ = [
    "ADEQUATE_OPTIONS",
    "ADEQUATE_PARAMETERS",
    "ADEQUATE_RULE_SET",
    "GOOD_OPTIONS",
    "GOOD_RULE_SET",
    "SUSTAINED_OPTIONS",
    "SUSTAINED_OPTIONS_V1",
    "SUSTAINED_PARAMETERS",
    "SUSTAINED_RULE_SET",
    "SUSTAINED_RULE_SET_V1",
    "AdequateParameters",
    "SustainedParameters",
    "evaluate_adequate_response",
    "evaluate_good_renal_outcome",
    "evaluate_sustained_crr",
    "evaluate_sustained_crr_v1",
]
