"""KDIGO complete / partial / no kidney response: the evaluation shared by KDIGO 2021 and 2024.

KDIGO 2024 reproduces the KDIGO 2021 response definitions; the two rule sets keep their own
parameters (each threshold cites its own guideline) and versions, and evaluate with
`evaluate_kdigo`. This module registers nothing.

Definition (paraphrased):

* complete response: PCR from a 24-hour urine collection below 0.5 g/g, with kidney function
  stable or improved (within 10-15% of baseline), within 6-12 months of starting therapy;
* partial response: proteinuria reduced by at least 50% and to below 3 g/g (24-hour PCR), with
  the same kidney-function condition, in the same window;
* no response: neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from lupus_nephritis.criteria.response._common import (
    AssessmentPoint,
    Policy,
    Trace,
    apply_policy,
    as_course,
    assessment_kidney_function,
    assessment_upcr,
    categorize,
    describe_point,
    egfr_equation_option,
    kidney_function_metric_option,
    options_for,
    pick_point,
    pick_threshold,
    policy_event_criterion,
    policy_option,
    read_kidney_function,
    read_upcr,
    reference_option,
    reference_visit,
    reference_zero_flags,
    relative_criterion,
    resolve_assessment_date,
    response_decision,
    safe_week_date,
    specimen_flags,
    spot_upcr_option,
    stability_criterion,
    threshold_criterion,
    time_point_option,
    visit_matching_option,
    with_matching,
)
from lupus_nephritis.decisions import Decision, ResponseCategory
from lupus_nephritis.models import EventType, Specimen, TreatmentCourse
from lupus_nephritis.registry import RuleSet
from lupus_nephritis.thresholds import Option, Threshold, combine
from lupus_nephritis.timeline import VisitWindow


@attrs.frozen
class KdigoParameters:
    """Parameters of a KDIGO response rule set (every number cited).

    Attributes:
        complete_upcr: Complete response: PCR below 0.5 g/g.
        partial_reductions: Partial response: proteinuria reduction thresholds, selectable by
            comparator (``>=`` = "by at least 50%", the default reading; ``>`` = the "> 50%"
            paraphrase), when the rule set offers that option.
        partial_upcr: Partial response: PCR below 3 g/g.
        stability_bands: Kidney-function stability bands (worsening at most X%), selectable
            by the ``stability_band`` option.
        upcr_specimen: Specimen the UPCR must come from (a 24-hour collection).
        time_points: Default assessment points (6 or 12 months).
        window: Visit window around the assessment point.
        intercurrent_events: Events the trial-style policies treat as non-response.
        response_window_end: End of the window in which a response is expected ("within
            6-12 months": month 12), or None when the rule set reports no late response.
            A complete or partial verdict first reached after it is a *late response*.
    """

    complete_upcr: Threshold
    partial_reductions: tuple[Threshold, ...]
    partial_upcr: Threshold
    stability_bands: tuple[Threshold, ...]
    upcr_specimen: Specimen
    time_points: tuple[AssessmentPoint, ...]
    window: VisitWindow
    intercurrent_events: tuple[EventType, ...]
    response_window_end: AssessmentPoint | None = None


def kdigo_options(
    params: KdigoParameters, source_id: str, *, reduction_option: bool
) -> tuple[Option, ...]:
    """The options of a KDIGO rule set (shared wording, the rule set's own source)."""
    options = [
        Option(
            "stability_band",
            15,
            "Kidney-function stability band in percent: kidney function is 'stable' when eGFR "
            "fell (or creatinine rose) by at most this much from the reference; an improvement "
            "always passes. KDIGO gives the band as a range (10-15%). Default 15: the outer "
            "end of the stated range, so no change the guideline may call stable is counted "
            "as worsening; choose 10 for the strict reading.",
            choices=tuple(int(t.value) for t in params.stability_bands),
            source_id=source_id,
        ),
        kidney_function_metric_option(
            "egfr",
            source_id=source_id,
            reason="KDIGO does not say which metric; eGFR is what the guideline uses for "
            "kidney function elsewhere (e.g. drug eligibility) and what trials use.",
        ),
        time_point_option(
            params.time_points,
            "month-12",
            source_id=source_id,
            reason="KDIGO assesses response 'within 6-12 months' and notes a complete response "
            "can take longer than 12 months; assessing at 6 months would under-call it.",
        ),
        visit_matching_option(
            "window",
            reason="the nearest visit within the rule set's window (a library default; KDIGO "
            "states no visit window).",
        ),
        reference_option(
            "baseline",
            source_id=source_id,
            reason="KDIGO measures the reduction and stability from baseline (start of therapy).",
        ),
        spot_upcr_option("flag", source_id=source_id),
        egfr_equation_option(),
        policy_option(
            "not-evaluable",
            reason="KDIGO says nothing about missing data or intercurrent events; undecidable "
            "cases are reported as not evaluable.",
        ),
    ]
    if reduction_option:
        options.insert(
            1,
            Option(
                "partial_reduction_comparator",
                ">=",
                "Comparator of the 50% proteinuria reduction of a partial response: '>=' "
                "('by at least 50%', the wording of the KDIGO 2024 response figure, which "
                "reproduces the 2021 definitions) or '>' (the '> 50%' paraphrase of KDIGO 2021 "
                "by Anders et al.). A reduction of exactly 50% is partial only under '>='.",
                choices=tuple(t.comparator.value for t in params.partial_reductions),
                source_id=source_id,
            ),
        )
    return tuple(options)


_LABELS: dict[tuple[int, int, int, str], tuple[object, object, object, str, str]] = {}


def _labels(
    params: KdigoParameters, band: Threshold, reduction: Threshold, role: str
) -> tuple[str, str]:
    """Labels of the two composite criteria, built once per (parameters, band, comparator)."""
    key = (id(params), id(band), id(reduction), role)
    entry = _LABELS.get(key)
    if entry is not None and entry[0] is params and entry[1] is band and entry[2] is reduction:
        return entry[3], entry[4]
    complete = (
        f"Complete response: UPCR {params.complete_upcr.describe()} and kidney function "
        f"within {band.value}% of {role}"
    )
    partial = (
        f"Partial response: UPCR reduced by {reduction.describe()} and "
        f"{params.partial_upcr.describe()}, kidney function within {band.value}% of {role}"
    )
    if len(_LABELS) >= 1024:
        _LABELS.clear()
    _LABELS[key] = (params, band, reduction, complete, partial)
    return complete, partial


def evaluate_kdigo(
    rule_set: RuleSet,
    params: KdigoParameters,
    declared: tuple[Option, ...],
    course: TreatmentCourse | Mapping[str, Any],
    at: date | int | None,
    options: Mapping[str, Any],
    *,
    report_late: bool = True,
) -> Decision:
    """Evaluate a KDIGO rule set (``rule_set`` with ``params``) on ``course`` at ``at``.

    ``report_late=False`` skips the late-response report (used for the re-evaluations the
    report itself makes).
    """
    course = as_course(course)
    opts = options_for(declared, options, rule_set_id=rule_set.id)
    point = pick_point(params.time_points, opts["time_point"])
    assessed_on = resolve_assessment_date(course, at, default_week=point.week)
    window = with_matching(params.window, opts["visit_matching"])
    reject = opts["spot_upcr"] == "reject"
    role = opts["reference"]
    metric = opts["kidney_function_metric"]
    equation = opts["egfr_equation"]
    trace = Trace()

    ref_visit = reference_visit(course, role)
    upcr = trace.use(
        assessment_upcr(
            course, assessed_on, window, expected=params.upcr_specimen, reject_other=reject
        )
    )
    ref_upcr = trace.use(
        read_upcr(ref_visit, role=role, expected=params.upcr_specimen, reject_other=reject)
    )
    trace.flag(*specimen_flags(ref_upcr, upcr))
    function = trace.use(
        assessment_kidney_function(course, assessed_on, window, metric=metric, equation=equation)
    )
    ref_function = trace.use(
        read_kidney_function(course, ref_visit, role=role, metric=metric, equation=equation)
    )
    trace.flag(*reference_zero_flags(ref_upcr, ref_function))

    band = pick_threshold(params.stability_bands, opts["stability_band"])
    reduction = params.partial_reductions[0]
    comparator = opts.get("partial_reduction_comparator")
    if comparator is not None:
        reduction = next(t for t in params.partial_reductions if t.comparator.value == comparator)

    stable = stability_criterion(band, ref_function, function)
    complete_label, partial_label = _labels(params, band, reduction, role)
    complete = combine(
        "complete",
        complete_label,
        [threshold_criterion(params.complete_upcr, upcr), stable],
        mode="all",
        source_id=params.complete_upcr.source_id,
    )
    partial = combine(
        "partial",
        partial_label,
        [
            relative_criterion(reduction, ref_upcr, upcr, mode="reduction"),
            threshold_criterion(params.partial_upcr, upcr),
            stable,
        ],
        mode="all",
        source_id=params.partial_upcr.source_id,
    )
    criteria = [complete, partial]
    category = categorize(complete.outcome, partial.outcome)
    policy = opts["policy"]
    events = policy_event_criterion(course, policy, assessed_on, types=params.intercurrent_events)
    if events is not None:
        criteria.append(events)
    category, flags = apply_policy(category, policy, event_free=events)
    trace.flag(*flags)
    trace.detail("assessment_point", describe_point(at, point.week))
    trace.detail("reference", role)
    trace.detail("kidney_function_metric", metric)
    if report_late and params.response_window_end is not None and category in _RANK:
        _late_response(
            rule_set,
            params,
            declared,
            course,
            opts,
            assessed_on,
            category,
            window_end=params.response_window_end,
            trace=trace,
        )
    return response_decision(
        rule_set,
        category,
        criteria,
        trace,
        policy=policy,
        options=opts,
        assessed_on=assessed_on,
    )


#: Flag of a complete or partial response first reached after the response window.
FLAG_LATE_RESPONSE = "late-response"

_RANK = {ResponseCategory.PARTIAL: 1, ResponseCategory.COMPLETE: 2}


def _late_response(
    rule_set: RuleSet,
    params: KdigoParameters,
    declared: tuple[Option, ...],
    course: TreatmentCourse,
    opts: Mapping[str, Any],
    assessed_on: date,
    category: ResponseCategory,
    *,
    window_end: AssessmentPoint,
    trace: Trace,
) -> None:
    """Record whether the response (at ``category``'s level or better) came late.

    Late = the response is first met after the end of the response window (KDIGO: "within
    6-12 months"; month 12 = study week 52). The rule set is re-applied, with the same
    options but policy ``not-evaluable`` (missing data stays unknown), at every visit with a
    UPCR from the start up to the window end and at the window end itself: met at any of
    them -> not late; not met at all of them -> late (flag ``late-response``) and the first
    later visit at which it is met is reported; any of them undecided and none met ->
    unknown. Details: ``late_response``, ``first_response_on``, ``response_window_end``.
    """
    end = safe_week_date(course.start_date, window_end.week, what="window")
    trace.detail("response_window_end", end)
    needed = _RANK[category]
    if assessed_on <= end:
        trace.detail("late_response", False)
        trace.detail("first_response_on", None)
        return
    inner = {**opts, "policy": Policy.NOT_EVALUABLE.value}
    upcr_dates = sorted({v.date for v in course.visits if v.upcr is not None})
    points = [d for d in upcr_dates if course.start_date < d <= end]
    points.append(end)
    ruled_out = _ruled_out_by_upcr(params, course, opts, category)
    undecided = False
    for point in points:
        if point in ruled_out:
            continue  # that visit's own UPCR already fails the level: not met there
        verdict = ResponseCategory(
            evaluate_kdigo(
                rule_set, params, declared, course, point, inner, report_late=False
            ).verdict
        )
        if _RANK.get(verdict, 0) >= needed:
            trace.detail("late_response", False)
            trace.detail("first_response_on", point)
            return
        undecided = undecided or verdict is ResponseCategory.NOT_EVALUABLE
    if undecided:
        trace.detail("late_response", None)
        trace.detail("first_response_on", None)
        return
    first = next(
        (
            d
            for d in upcr_dates
            if end < d <= assessed_on
            and d not in ruled_out
            and _RANK.get(
                ResponseCategory(
                    evaluate_kdigo(
                        rule_set, params, declared, course, d, inner, report_late=False
                    ).verdict
                ),
                0,
            )
            >= needed
        ),
        assessed_on,
    )
    trace.flag(FLAG_LATE_RESPONSE)
    trace.detail("late_response", True)
    trace.detail("first_response_on", first)


def _ruled_out_by_upcr(
    params: KdigoParameters,
    course: TreatmentCourse,
    opts: Mapping[str, Any],
    category: ResponseCategory,
) -> frozenset[date]:
    """Visit dates where the visit's own UPCR fails the UPCR cut of ``category``'s level.

    Evaluated at a visit's date, the definition reads that visit's UPCR (the nearest visit
    with one), unless another specimen is rejected; both the complete and the partial
    response require their UPCR cut, so such a visit cannot reach the level. A shortcut
    only: the full evaluation would give the same answer.
    """
    cut = params.complete_upcr if category is ResponseCategory.COMPLETE else params.partial_upcr
    reject = opts["spot_upcr"] == "reject"
    failing: set[date] = set()
    passing: set[date] = set()
    for v in course.visits:
        if v.upcr is None:
            continue
        if reject and v.upcr.specimen is not params.upcr_specimen:
            passing.add(v.date)  # another visit may be read instead: no shortcut that day
        elif cut.holds(v.upcr.canonical):
            passing.add(v.date)
        else:
            failing.add(v.date)
    return frozenset(failing - passing)  # every UPCR of the day fails the cut


__all__ = ["FLAG_LATE_RESPONSE", "KdigoParameters", "evaluate_kdigo", "kdigo_options"]
