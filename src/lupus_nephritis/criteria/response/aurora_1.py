"""AURORA 1 renal response (voclosporin phase 3) - rule set ``"aurora-1"``.

AURORA 1 (NCT03021499; Rovin et al., Lancet 2021), paraphrased:

* **complete renal response** (primary endpoint, week 52) = all of: UPCR at or below
  0.5 mg/mg; eGFR at least 60 mL/min/1.73 m² or no *confirmed* decrease from baseline of more
  than 20%; no rescue medication for lupus nephritis; and not more than 10 mg/day prednisone
  equivalent on 3 or more consecutive days or on 7 or more days during weeks 44 through 52.
  Per the registry results record, failing the eGFR component also needed an adjudicated
  treatment- or disease-related event affecting eGFR.
* **partial renal response** (secondary, weeks 24 and 52) = a 50% reduction of UPCR from
  baseline.

The rule set reports complete / partial / none: ``partial`` when the complete response is not
met and the partial one is. The week-24 complete response (a secondary endpoint) is selected
with ``time_point="week-24"`` or ``at=24``. The decision's ``endpoint_met`` is the primary
endpoint's status: False as soon as the complete response is decided not met, even when the
partial response cannot be computed (then the verdict is ``not_evaluable`` by default, option
``partial_response_unknown``).
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
    assessment_upcr,
    egfr_equation_option,
    policy_option,
    read_upcr,
    relative_criterion,
    specimen_flags,
    spot_upcr_option,
    threshold_criterion,
    time_point_option,
    visit_matching_option,
    with_matching,
)
from lupus_nephritis.criteria.response._trials import (
    adjudication_option,
    aurora_kidney_function,
    confirmation_option,
    events_criterion,
    finish,
    steroid_window,
    steroid_window_criterion,
    time_points_date,
    trial_window,
    zero_reference_flags,
)
from lupus_nephritis.decisions import Decision, ResponseCategory
from lupus_nephritis.models import EventType, Specimen, TreatmentCourse
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_version
from lupus_nephritis.thresholds import Option, Threshold, combine, resolve_options
from lupus_nephritis.timeline import (
    Confirmation,
    ExposureRule,
    VisitWindow,
    exposure_window_option,
)

RULE_SET_ID = "aurora-1"
SOURCE = "aurora-1"


@attrs.frozen
class AuroraParameters:
    """Parameters of an AURORA-style complete renal response (every number cited).

    Attributes:
        complete_upcr: UPCR at or below 0.5 mg/mg.
        egfr_floor: eGFR at least 60 mL/min/1.73 m².
        egfr_decline: The passing band of the eGFR decrease from baseline ("no decrease of
            more than 20%" = a decrease of at most 20%).
        egfr_confirmation: How a decrease is confirmed (option ``egfr_confirmation``).
        steroid_rule: The glucocorticoid rule whose breach fails the response, or None.
        steroid_window_weeks: Length of the steroid window, ending at the assessment
            (weeks 44 through 52 = 8 weeks before week 52).
        partial_reductions: Partial response: UPCR reduction thresholds by comparator.
        upcr_specimen: Specimen the UPCR should come from.
        time_points: Default assessment points.
        window: Visit window around the assessment point.
        rescue_events: Events that count as rescue medication.
        intercurrent_events: Events the trial-style policies treat as non-response.
    """

    complete_upcr: Threshold
    egfr_floor: Threshold
    egfr_decline: Threshold
    egfr_confirmation: Confirmation
    steroid_rule: ExposureRule | None
    steroid_window_weeks: int | None
    partial_reductions: tuple[Threshold, ...]
    upcr_specimen: Specimen
    time_points: tuple[AssessmentPoint, ...]
    window: VisitWindow
    rescue_events: tuple[EventType, ...]
    intercurrent_events: tuple[EventType, ...]


def aurora_thresholds(source_id: str, *, note: str | None = None) -> dict[str, Any]:
    """The AURORA complete-response thresholds cited to ``source_id`` (shared by AURA-LV)."""
    extra = f" {note}" if note else ""
    return {
        "complete_upcr": Threshold(
            id="upcr-complete",
            label="UPCR at or below 0.5 mg/mg",
            comparator="<=",
            value="0.5",
            unit="mg/mg",
            quantity="upcr",
            source_id=source_id,
            note="'<= 0.5 mg/mg': a UPCR of exactly 0.5 is a responder." + extra,
        ),
        "egfr_floor": Threshold(
            id="egfr-60",
            label="eGFR at least 60 mL/min/1.73 m²",
            comparator=">=",
            value="60",
            unit="mL/min/{1.73_m2}",
            quantity="egfr",
            source_id=source_id,
            note=note,
        ),
        "egfr_decline": Threshold(
            id="egfr-decline",
            label="eGFR decrease from baseline at most 20% (no decrease of more than 20%)",
            comparator="<=",
            value="20",
            unit="%",
            quantity="percent",
            source_id=source_id,
            note="'no confirmed decrease > 20%': a decrease of exactly 20% passes." + extra,
        ),
        "egfr_confirmation": Confirmation(
            min_days=1,
            max_days=None,
            source_id=None,
            note="'Confirmed' is NOT FOUND (protocol not public). Library default: the next "
            "eGFR measurement after the assessment visit, any interval (option "
            "egfr_confirmation).",
        ),
        "steroid_rule": ExposureRule(
            threshold=Threshold(
                id="prednisone-above-10",
                label="Prednisone equivalent above 10 mg/day",
                comparator=">",
                value="10",
                unit="mg",
                quantity="glucocorticoid_dose",
                source_id=source_id,
                note="Fails when > 10 mg/day on >= 3 consecutive days or on >= 7 days in "
                "weeks 44 through 52." + extra,
            ),
            min_consecutive_days=3,
            min_total_days=7,
        ),
    }


PARAMETERS = AuroraParameters(
    **aurora_thresholds(SOURCE),
    steroid_window_weeks=8,
    partial_reductions=(
        Threshold(
            id="upcr-reduction",
            label="UPCR reduced by at least 50% from baseline",
            comparator=">=",
            value="50",
            unit="%",
            quantity="percent",
            source_id=SOURCE,
            note="'50% reduction in UPCR from baseline' (>= vs > not stated): default '>='.",
        ),
        Threshold(
            id="upcr-reduction",
            label="UPCR reduced by more than 50% from baseline",
            comparator=">",
            value="50",
            unit="%",
            quantity="percent",
            source_id=SOURCE,
            note="Alternative reading (option partial_reduction_comparator='>').",
        ),
    ),
    upcr_specimen=Specimen.FIRST_MORNING,
    time_points=(
        AssessmentPoint("week-52", 52, SOURCE, "primary endpoint"),
        AssessmentPoint("week-24", 24, SOURCE, "secondary endpoint"),
    ),
    window=trial_window(),
    rescue_events=(EventType.RESCUE_THERAPY,),
    intercurrent_events=(EventType.WITHDRAWAL, EventType.DEATH),
)


def aurora_options(
    params: AuroraParameters,
    source_id: str,
    *,
    default_point: str,
    adjudication_default: str,
    adjudication_reason: str,
    partial: bool,
    extra: tuple[Option, ...] = (),
    policy: Option | None = None,
    exposure_window: bool = True,
) -> tuple[Option, ...]:
    """The options of an AURORA-style rule set (shared with AURA-LV and AURORA 2).

    ``exposure_window=False`` leaves out the ``exposure_window`` option (the first releases,
    kept selectable, read the steroid window as the visit days only).
    """
    options: list[Option] = [
        time_point_option(
            params.time_points,
            default_point,
            source_id=source_id,
            reason="the trial's primary endpoint; `at` overrides it.",
        ),
        confirmation_option(
            "next-measurement",
            source_id=source_id,
            reason="Default 'next-measurement': the wording asks for a confirmed decrease, "
            "and a single value cannot confirm itself.",
        ),
        adjudication_option(adjudication_default, source_id=source_id, reason=adjudication_reason),
    ]
    if partial:
        options.append(
            Option(
                "partial_reduction_comparator",
                ">=",
                "Comparator of the 50% UPCR reduction of the partial response: '>=' (default; "
                "a reduction of exactly 50% is a '50% reduction') or '>'. The source does not "
                "state it.",
                choices=tuple(t.comparator.value for t in params.partial_reductions),
                source_id=source_id,
            )
        )
    if exposure_window and params.steroid_window_weeks is not None:
        options.append(
            exposure_window_option(
                source_id=source_id,
                reason="the visit days (week 44 to week 52 for the week-52 assessment), the "
                "reading of the first release; the Lancet abstract ('during weeks 44 through "
                "52, just before the primary endpoint assessment') and the registry record fit "
                "it and 'whole-weeks-from-1', not 'whole-weeks' (which runs past the "
                "assessment); the protocol's day counting is not public.",
            )
        )
    options += [
        *extra,
        visit_matching_option(
            "window", reason="the trial's visit windows are not public (library default)."
        ),
        spot_upcr_option("flag", source_id=source_id),
        egfr_equation_option(),
        policy
        or policy_option(
            "not-evaluable",
            source_id=source_id,
            reason="the library reports undecidable cases; the trial's intention-to-treat "
            "analysis counted withdrawals before the assessment without data as non-responders "
            "(choose 'non-responder' to reproduce it; study-drug discontinuation alone is not "
            "an intercurrent event here, patients who stopped the drug were assessed on their "
            "data).",
        ),
    ]
    return tuple(options)


_ADJUDICATION_REASON = (
    "Default 'adjudicated', as in the trial (registry results note); with no adjudication "
    "recorded and failing numbers the component is unknown."
)

#: Name of the option deciding the verdict when the partial response cannot be computed.
PARTIAL_UNKNOWN_OPTION = "partial_response_unknown"

#: The ``partial_response_unknown`` option (since 3.0.0).
PARTIAL_UNKNOWN = Option(
    PARTIAL_UNKNOWN_OPTION,
    "not-evaluable",
    "Verdict when the complete renal response (the primary endpoint) is decided not met and "
    "the partial response (a secondary endpoint) cannot be computed, e.g. no baseline UPCR: "
    "'not-evaluable' (default) = partial or none, undecided (missing inputs listed; "
    "endpoint_met is False all the same, the primary endpoint being decided); 'none' = count "
    "the uncomputable partial response as not met (non-responder), the reading of "
    "aurora-1@2.0.0. Default 'not-evaluable': AURORA 1 states no rule for a missing baseline "
    "UPCR (every randomised patient had one, UPCR >= 1.5 or >= 2 mg/mg at eligibility), and "
    "counting a secondary endpoint that cannot be computed as not met is non-responder "
    "imputation, which the library applies only when chosen (this option, or "
    "policy='non-responder').",
    choices=("not-evaluable", "none"),
    source_id=SOURCE,
)

_UNDECIDED_PARTIAL = {
    "not-evaluable": ResponseCategory.NOT_EVALUABLE,
    "none": ResponseCategory.NONE,
}

#: Options of aurora-1@2.0.0: no ``partial_response_unknown`` (an undecided partial is none).
OPTIONS_V2 = aurora_options(
    PARAMETERS,
    SOURCE,
    default_point="week-52",
    adjudication_default="adjudicated",
    adjudication_reason=_ADJUDICATION_REASON,
    partial=True,
)

OPTIONS = aurora_options(
    PARAMETERS,
    SOURCE,
    default_point="week-52",
    adjudication_default="adjudicated",
    adjudication_reason=_ADJUDICATION_REASON,
    partial=True,
    extra=(PARTIAL_UNKNOWN,),
)

#: Options of the first release (``aurora-1@1.0.0``): no ``exposure_window`` option.
OPTIONS_V1 = aurora_options(
    PARAMETERS,
    SOURCE,
    default_point="week-52",
    adjudication_default="adjudicated",
    adjudication_reason=_ADJUDICATION_REASON,
    partial=True,
    exposure_window=False,
)


def aurora_complete(
    params: AuroraParameters,
    course: TreatmentCourse,
    opts: Mapping[str, Any],
    assessed_on: date,
    trace: Trace,
    source_id: str,
    *,
    steroid: bool,
) -> tuple[Any, Any]:
    """The AURORA complete-response criterion and the UPCR reading at ``assessed_on``."""
    window = with_matching(params.window, opts["visit_matching"])
    reject = opts["spot_upcr"] == "reject"
    upcr = trace.use(
        assessment_upcr(
            course, assessed_on, window, expected=params.upcr_specimen, reject_other=reject
        )
    )
    kidney = aurora_kidney_function(
        course,
        floor=params.egfr_floor,
        band=params.egfr_decline,
        confirmation=params.egfr_confirmation,
        assessed_on=assessed_on,
        window=window,
        equation=opts["egfr_equation"],
        confirmation_mode=opts["egfr_confirmation"],
        adjudication_mode=opts["adjudication"],
        trace=trace,
        source_id=source_id,
    )
    parts = [
        threshold_criterion(params.complete_upcr, upcr),
        kidney,
        events_criterion(
            course,
            params.rescue_events,
            assessed_on,
            id="no-rescue",
            label="No rescue medication for lupus nephritis",
            source_id=source_id,
        ),
    ]
    label = (
        f"Complete renal response: UPCR {params.complete_upcr.describe()}, eGFR criterion, "
        "no rescue"
    )
    if steroid and params.steroid_rule is not None and params.steroid_window_weeks is not None:
        first, last = steroid_window(assessed_on, params.steroid_window_weeks, opts)
        parts.append(
            steroid_window_criterion(
                course,
                params.steroid_rule,
                first,
                last,
                id="steroid-rule",
                label=f"Not {params.steroid_rule.describe()} in the "
                f"{params.steroid_window_weeks} weeks before the assessment",
                trace=trace,
            )
        )
        label += ", steroid rule"
    complete = combine("complete", label, parts, mode="all", source_id=source_id)
    return complete, upcr


def evaluate(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Classify the renal response of ``course`` under AURORA 1.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the ``time_point`` option's week.
        **options: Options of the rule set (see its docs page); unknown names raise
            `OptionError`.

    Returns:
        A response decision: complete (CRR met), partial (CRR not met, UPCR reduced by 50%),
        none (CRR not met and the partial response not met), or not_evaluable (CRR undecided,
        or CRR not met and the partial response not computable: flagged
        ``partial-response-not-evaluable``, ``endpoint_met`` False; option
        ``partial_response_unknown='none'`` makes that case none).
    """
    return _classify(RULE_SET, OPTIONS, course, at, options, complete_decides=True)


def evaluate_v2(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """AURORA 1 as released in 2.0.0 (``aurora-1@2.0.0``), kept selectable.

    Differs from the current version in one point: a complete response decided not met with
    a partial response that cannot be computed gives none (no ``partial_response_unknown``
    option).

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the ``time_point`` option's week.
        **options: Options of that version.

    Returns:
        A response decision stamped ``aurora-1@2.0.0``.
    """
    return _classify(RULE_SET_V2, OPTIONS_V2, course, at, options, complete_decides=True)


def evaluate_v1(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """AURORA 1 as first released (``aurora-1@1.0.0``), kept selectable.

    Differs from the current version in two points: a complete response decided not met
    with an unknown partial response gives not_evaluable, and the steroid window is always
    the visit days (no ``exposure_window`` option).

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the ``time_point`` option's week.
        **options: Options of that version.

    Returns:
        A response decision stamped ``aurora-1@1.0.0``.
    """
    return _classify(RULE_SET_V1, OPTIONS_V1, course, at, options, complete_decides=False)


def _classify(
    rule_set: RuleSet,
    declared: tuple[Option, ...],
    course: TreatmentCourse | Mapping[str, Any],
    at: date | int | None,
    options: dict[str, Any],
    *,
    complete_decides: bool,
) -> Decision:
    course = as_course(course)
    opts = resolve_options(declared, options, rule_set_id=RULE_SET_ID)
    point, assessed_on = time_points_date(course, at, PARAMETERS.time_points, opts["time_point"])
    trace = Trace()
    complete, upcr = aurora_complete(
        PARAMETERS, course, opts, assessed_on, trace, SOURCE, steroid=True
    )
    base_upcr = trace.use(
        read_upcr(
            course.baseline,
            role="baseline",
            expected=PARAMETERS.upcr_specimen,
            reject_other=opts["spot_upcr"] == "reject",
        )
    )
    trace.flag(*specimen_flags(base_upcr, upcr), *zero_reference_flags(base_upcr))
    reduction = next(
        t
        for t in PARAMETERS.partial_reductions
        if t.comparator.value == opts["partial_reduction_comparator"]
    )
    partial = combine(
        "partial",
        f"Partial renal response: UPCR reduced by {reduction.describe()} from baseline",
        [relative_criterion(reduction, base_upcr, upcr, mode="reduction")],
        mode="all",
        source_id=SOURCE,
    )
    return finish(
        rule_set,
        course,
        complete=complete,
        partial=partial,
        trace=trace,
        opts=opts,
        at=at,
        point=point,
        assessed_on=assessed_on,
        intercurrent_events=PARAMETERS.intercurrent_events,
        endpoint="complete renal response (CRR)",
        source_id=SOURCE,
        complete_decides=complete_decides,
        undecided_partial=_UNDECIDED_PARTIAL[opts.get(PARTIAL_UNKNOWN_OPTION, "none")],
    )


_STEROID_WINDOW_NOTE_V1 = (
    "Steroid window: weeks 44 through 52 for the week-52 endpoint, i.e. the 8 weeks "
    "ending at the assessment; for another assessment point (e.g. week 24) the same "
    "8-week span before it is used, a library reading (not stated for week 24)."
)

STEROID_WINDOW_NOTE = (
    "Steroid window 'weeks 44 through 52' for the week-52 endpoint, read by option "
    "exposure_window: 'nominal-visits' (default) = the week-44 visit day to the assessment "
    "(study days 309-365 for an assessment on its nominal day); 'whole-weeks-from-1' = "
    "treatment weeks 44 to 52 counted from 1 (days 302-364, ending the day before the "
    "assessment); 'whole-weeks' = weeks counted from 0 (days 309-371, 6 days past the "
    "assessment, which needs dose records after it). The Lancet abstract ('just before the "
    "primary endpoint assessment') and the registry record ('prior to assessment') fit the "
    "first two; the protocol's day counting is not public. For another assessment point (e.g. "
    "week 24) the same 8-week span before it is used, a library reading (not stated)."
)

PRIMARY_NOTE_V2 = (
    "The complete renal response is the primary endpoint and the partial response a "
    "secondary one: when the complete response is decided not met (UPCR above 0.5, a "
    "confirmed eGFR failure, a steroid-rule breach or rescue medication) the verdict is none "
    "even if the partial response cannot be computed (e.g. no baseline UPCR); the partial "
    "criterion stays in the trace as unknown, its missing inputs are listed, the decision is "
    "flagged 'partial-response-not-evaluable' and the detail partial_response_met is None "
    "(aurora-1@1.0.0 gave not_evaluable)."
)

PRIMARY_NOTE = (
    "The complete renal response is the primary endpoint and the partial response a "
    "secondary one. When the complete response is decided not met (UPCR above 0.5, a "
    "confirmed eGFR failure, a steroid-rule breach or rescue medication) the primary endpoint "
    "is decided (endpoint_met False) even if the partial response cannot be computed (e.g. no "
    "baseline UPCR); the category is then partial or none, undecided: not_evaluable by "
    "default, with the missing inputs listed, the flag 'partial-response-not-evaluable' and "
    "the detail partial_response_met None. Option partial_response_unknown='none' counts it "
    "as none (aurora-1@2.0.0); policy='non-responder' does too. AURORA 1 itself has no such "
    "case to rule on: eligibility required a baseline UPCR of at least 1.5 (class III/IV) or "
    "2 mg/mg (class V). aurora-1@1.0.0 also gave not_evaluable, but with endpoint_met None."
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="3.0.0",
        title="AURORA 1 complete and partial renal response (voclosporin)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "Complete renal response at week 52 (primary endpoint): UPCR at or below 0.5 "
            "mg/mg; eGFR at least 60 or no confirmed decrease from baseline of more than 20% "
            "(failing it needs an adjudicated eGFR-related event, by default); no rescue "
            "medication; and not more than 10 mg/day prednisone equivalent on 3 or more "
            "consecutive days or on 7 or more days in weeks 44-52. Partial renal response "
            "(secondary, weeks 24 and 52): UPCR reduced by 50% from baseline. Verdict: "
            "complete, partial (complete not met, partial met), none or not evaluable. The "
            "primary endpoint is decided (endpoint_met False) as soon as the complete response "
            "is decided not met; if the partial response cannot be computed the verdict is "
            "not evaluable by default (option partial_response_unknown='none': none)."
        ),
        options=OPTIONS,
        notes=(
            "Comparators as published: UPCR '<= 0.5' (exactly 0.5 is a responder); eGFR "
            "'no decrease > 20%' (exactly 20% passes); prednisone '> 10 mg/day' fails.",
            "'Confirmed' eGFR decrease: NOT FOUND (protocol not public). Option "
            "egfr_confirmation, default 'next-measurement' (the failure must be present at the "
            "next eGFR measurement too; none yet -> unknown).",
            "Adjudication: per the registry results note a patient failed the eGFR component "
            "only if both numeric measures failed AND a blinded committee adjudicated a "
            "treatment- or disease-related eGFR event. Option adjudication, default "
            "'adjudicated' (as in the trial; TreatmentCourse.has_adjudicated_egfr_event or an "
            "ADJUDICATED_EGFR_EVENT event; None with failing numbers -> unknown). "
            "'numeric-only' gives the stricter reading of the Lancet abstract.",
            STEROID_WINDOW_NOTE,
            "Partial response: '50% reduction in UPCR from baseline', comparator not stated "
            "(medium-confidence source). Option partial_reduction_comparator, default '>='. "
            "No other component is stated for it, so none is applied.",
            "UPCR specimen: first-morning void (medium confidence). Another specimen is used "
            "and flagged (option spot_upcr='reject' treats it as missing).",
            PRIMARY_NOTE,
            "Missing data: by default undecidable -> not evaluable. The trial (ITT) counted "
            "withdrawals before week 52 without week-52 data as non-responders: option "
            "policy='non-responder' (withdrawal and death are the intercurrent events; "
            "rescue is a component of the response itself).",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

_DESCRIPTION_V2 = (
    "Complete renal response at week 52 (primary endpoint): UPCR at or below 0.5 "
    "mg/mg; eGFR at least 60 or no confirmed decrease from baseline of more than 20% "
    "(failing it needs an adjudicated eGFR-related event, by default); no rescue "
    "medication; and not more than 10 mg/day prednisone equivalent on 3 or more "
    "consecutive days or on 7 or more days in weeks 44-52. Partial renal response "
    "(secondary, weeks 24 and 52): UPCR reduced by 50% from baseline. Verdict: "
    "complete, partial (complete not met, partial met), none or not evaluable. The "
    "primary endpoint decides: a complete response decided not met gives none even "
    "when the partial response cannot be computed (flagged)."
)

#: Version 2.0.0, kept selectable as ``aurora-1@2.0.0``.
RULE_SET_V2 = register_version(
    RULE_SET,
    "2.0.0",
    evaluate=evaluate_v2,
    options=OPTIONS_V2,
    description=_DESCRIPTION_V2,
    notes=tuple(PRIMARY_NOTE_V2 if n == PRIMARY_NOTE else n for n in RULE_SET.notes),
    change="a complete renal response decided not met with a partial response that cannot "
    "be computed (e.g. no baseline UPCR) gives none (no option partial_response_unknown; the "
    "current default gives not_evaluable, endpoint_met False in both).",
)

#: The first release, kept selectable as ``aurora-1@1.0.0``.
RULE_SET_V1 = register_version(
    RULE_SET,
    "1.0.0",
    evaluate=evaluate_v1,
    options=OPTIONS_V1,
    change="a complete renal response decided not met with a partial response that cannot "
    "be computed gives not_evaluable with endpoint_met None (not False), without the flag "
    "partial-response-not-evaluable (no option partial_response_unknown); the steroid window "
    "is always the visit days (no option exposure_window).",
    description=(
        "Complete renal response at week 52 (primary endpoint): UPCR at or below 0.5 "
        "mg/mg; eGFR at least 60 or no confirmed decrease from baseline of more than 20% "
        "(failing it needs an adjudicated eGFR-related event, by default); no rescue "
        "medication; and not more than 10 mg/day prednisone equivalent on 3 or more "
        "consecutive days or on 7 or more days in weeks 44-52. Partial renal response "
        "(secondary, weeks 24 and 52): UPCR reduced by 50% from baseline. Verdict: "
        "complete, partial (complete not met, partial met), none or not evaluable."
    ),
    notes=tuple(
        _STEROID_WINDOW_NOTE_V1 if n == STEROID_WINDOW_NOTE else n
        for n in RULE_SET.notes
        if n != PRIMARY_NOTE
    ),
)

__all__ = [
    "OPTIONS",
    "OPTIONS_V1",
    "OPTIONS_V2",
    "PARAMETERS",
    "PARTIAL_UNKNOWN",
    "PARTIAL_UNKNOWN_OPTION",
    "RULE_SET",
    "RULE_SET_V1",
    "RULE_SET_V2",
    "AuroraParameters",
    "aurora_complete",
    "aurora_options",
    "aurora_thresholds",
    "evaluate",
    "evaluate_v1",
    "evaluate_v2",
]
