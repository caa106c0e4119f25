"""ACR 2024 complete renal response, PROVISIONAL - rule set ``"acr-2024-provisional"``.

**Provisional.** The ACR 2024 lupus nephritis guideline's own response definitions could not
be read cleanly: the only text available is a garbled summary figure, roughly "complete renal
response: proteinuria reduced to < 500 mg and kidney function improved (+/-20% from
baseline)", with the unit, the comparator of the kidney-function band and the time point
unclear, and **no partial-response definition at all** (NOT FOUND). This rule set encodes that
fragment so it can be compared side by side with the others, with every uncertain part an
option with a documented default. Every decision carries the flag
``provisional-definition``. Do not use it as the ACR definition; a rule set ``"acr-2024"``
will be registered once the full text has been checked.
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
    apply_policy,
    as_course,
    assessment_kidney_function,
    assessment_measure,
    assessment_upcr,
    categorize,
    describe_point,
    egfr_equation_option,
    kidney_function_metric_option,
    options_for,
    pick_point,
    policy_event_criterion,
    policy_option,
    read_kidney_function,
    reference_option,
    reference_visit,
    reference_zero_flags,
    resolve_assessment_date,
    response_decision,
    stability_criterion,
    threshold_criterion,
    time_point_option,
    visit_matching_option,
    with_matching,
)
from lupus_nephritis.decisions import Decision, ResponseCategory
from lupus_nephritis.models import EventType, TreatmentCourse
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, Threshold, combine
from lupus_nephritis.timeline import VisitWindow

RULE_SET_ID = "acr-2024-provisional"
SOURCE = "acr-2024-ln"
FLAG_PROVISIONAL_DEFINITION = "provisional-definition"
FLAG_NO_PARTIAL = "partial-response-not-defined"


@attrs.frozen
class Parameters:
    """Parameters of ``"acr-2024-provisional"`` (low-confidence readings, see the notes).

    Attributes:
        complete_upcr: "< 500 mg" read as UPCR below 500 mg/g (default reading).
        complete_protein_24h: "< 500 mg" read as 24-hour protein below 500 mg/d.
        kidney_band: "+/-20% from baseline" read as worsening at most 20%.
        time_points: Default assessment points (6 or 12 months).
        window: Visit window around the assessment point.
        intercurrent_events: Events the trial-style policies treat as non-response.
    """

    complete_upcr: Threshold
    complete_protein_24h: Threshold
    kidney_band: Threshold
    time_points: tuple[AssessmentPoint, ...]
    window: VisitWindow
    intercurrent_events: tuple[EventType, ...]


PARAMETERS = Parameters(
    complete_upcr=Threshold(
        id="proteinuria-complete",
        label="UPCR below 500 mg/g (provisional reading)",
        comparator="<",
        value="500",
        unit="mg/g",
        quantity="upcr",
        source_id=SOURCE,
        note="Garbled figure text '< 500 mg' (unit unclear, low confidence); read as UPCR mg/g, "
        "the measure ACR uses for monitoring (option proteinuria_unit='mg/g', default).",
    ),
    complete_protein_24h=Threshold(
        id="proteinuria-complete",
        label="24-hour protein below 500 mg/d (provisional reading)",
        comparator="<",
        value="500",
        unit="mg/d",
        quantity="protein_24h",
        source_id=SOURCE,
        note="Alternative reading of '< 500 mg' as mg per day (option proteinuria_unit='mg/d').",
    ),
    kidney_band=Threshold(
        id="kidney-function",
        label="Kidney function within 20% of the reference (provisional reading)",
        comparator="<=",
        value="20",
        unit="%",
        quantity="percent",
        source_id=SOURCE,
        note="Garbled '(+/-20% from baseline)' (low confidence); read as a worsening of at most "
        "20%, inclusive; improvement always passes.",
    ),
    time_points=(
        AssessmentPoint("month-6", 26, SOURCE, "the garbled figure says 'within 6 months'"),
        AssessmentPoint(
            "month-12",
            52,
            SOURCE,
            "ACR's inadequate-response rule ('not at least a PRR by 6-12 months') and a "
            "manufacturer's summary ('by 12 months')",
        ),
    ),
    window=VisitWindow(
        "window",
        before_days=28,
        after_days=28,
        note="Library default: no visit window is known; nearest visit within 4 weeks.",
    ),
    intercurrent_events=DEFAULT_INTERCURRENT_EVENTS,
)

OPTIONS: tuple[Option, ...] = (
    Option(
        "proteinuria_unit",
        "mg/g",
        "Reading of the garbled '< 500 mg': 'mg/g' (UPCR below 500 mg/g, default: ACR "
        "monitors response by UPCR) or 'mg/d' (24-hour protein below 500 mg/day).",
        choices=("mg/g", "mg/d"),
        source_id=SOURCE,
    ),
    kidney_function_metric_option(
        "egfr",
        source_id=SOURCE,
        reason="the fragment says 'kidney function' without a metric; eGFR as elsewhere.",
    ),
    time_point_option(
        PARAMETERS.time_points,
        "month-12",
        source_id=SOURCE,
        reason="the figure's '6 months' is doubtful (marked [sic] by the fact base) and ACR "
        "judges inadequate response at 6-12 months; 12 months is the outer end.",
    ),
    visit_matching_option("window", reason="nearest visit within the window (library default)."),
    reference_option("baseline", source_id=SOURCE, reason="'from baseline' in the fragment."),
    egfr_equation_option(),
    policy_option(
        "not-evaluable",
        reason="no missing-data convention is known; undecidable is not evaluable.",
    ),
)


def evaluate(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Classify ``course`` under the PROVISIONAL reading of the ACR 2024 complete response.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the ``time_point`` option's week.
        **options: Options of the rule set; unknown names raise
            `OptionError`.

    Returns:
        A response `Decision` flagged
        ``provisional-definition``: complete, none (= not a complete response; the partial
        response is NOT FOUND) or not evaluable.
    """
    course = as_course(course)
    opts = options_for(OPTIONS, options, rule_set_id=RULE_SET_ID)
    p = PARAMETERS
    point = pick_point(p.time_points, opts["time_point"])
    assessed_on = resolve_assessment_date(course, at, default_week=point.week)
    window = with_matching(p.window, opts["visit_matching"])
    role = opts["reference"]
    metric = opts["kidney_function_metric"]
    equation = opts["egfr_equation"]
    trace = Trace()
    trace.flag(FLAG_PROVISIONAL_DEFINITION)

    if opts["proteinuria_unit"] == "mg/d":
        target = p.complete_protein_24h
        proteinuria = assessment_measure(course, assessed_on, window, "protein_24h")
    else:
        target = p.complete_upcr
        proteinuria = assessment_upcr(course, assessed_on, window, expected=None)
    trace.use(proteinuria)
    function = trace.use(
        assessment_kidney_function(course, assessed_on, window, metric=metric, equation=equation)
    )
    ref_function = trace.use(
        read_kidney_function(
            course, reference_visit(course, role), role=role, metric=metric, equation=equation
        )
    )
    trace.flag(*reference_zero_flags(ref_function))
    complete = combine(
        "complete",
        f"Complete response (provisional): proteinuria {target.describe()} and kidney function "
        f"within {p.kidney_band.value}% of {role}",
        [
            threshold_criterion(target, proteinuria),
            stability_criterion(p.kidney_band, ref_function, function),
        ],
        mode="all",
        source_id=SOURCE,
    )
    criteria = [complete]
    category = categorize(complete.outcome)
    policy = opts["policy"]
    events = policy_event_criterion(course, policy, assessed_on, types=p.intercurrent_events)
    if events is not None:
        criteria.append(events)
    category, flags = apply_policy(category, policy, event_free=events)
    trace.flag(*flags)
    if category is ResponseCategory.NONE:
        trace.flag(FLAG_NO_PARTIAL)
    trace.detail("assessment_point", describe_point(at, point.week))
    trace.detail("reference", role)
    return response_decision(
        RULE_SET, category, criteria, trace, policy=policy, options=opts, assessed_on=assessed_on
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="ACR 2024 complete renal response (PROVISIONAL reading of a garbled source)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "PROVISIONAL. A reading of the only available fragment of the ACR 2024 complete "
            "renal response ('proteinuria < 500 mg and kidney function within +/-20% of "
            "baseline'), for side-by-side comparison only. Complete response: UPCR below 500 "
            "mg/g (option: 24-hour protein below 500 mg/day) with kidney function within 20% of "
            "the reference, at 12 months by default. No partial response (NOT FOUND). Every "
            "decision is flagged provisional-definition."
        ),
        options=OPTIONS,
        notes=(
            "Low confidence: the ACR 2024 complete-response text was seen only as a garbled "
            "summary figure; the partial-response definition was NOT FOUND. This rule set is "
            "not the ACR definition; it exists so a comparison can show what the fragment "
            "would give, and every decision carries the flag provisional-definition.",
            "Unit of '< 500 mg' unclear: option proteinuria_unit ('mg/g' UPCR, default; 'mg/d' "
            "24-hour protein). The two are never converted into each other.",
            "Kidney-function band: the fact base transcribes the garbled figure once as "
            "'(+/-20% from baseline)' and once as '(+20% from baseline)'; read as a worsening of "
            "at most 20% (inclusive, comparator not stated) of eGFR (option "
            "kidney_function_metric); improvement always passes. Reading '+20%' as a required "
            "improvement of 20% is not encoded (it would contradict '+/-').",
            "Time point: the figure says 'within 6 months' (doubtful); ACR's inadequate-response "
            "rule uses 6-12 months and a manufacturer's summary says 'by 12 months'. Option "
            "time_point, default month-12.",
            "No partial response: 'none' means 'not a complete response' and carries the flag "
            "partial-response-not-defined.",
            "Missing data: no convention known; default not evaluable (option policy).",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "evaluate"]
