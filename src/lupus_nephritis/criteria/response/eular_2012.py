"""EULAR/ERA-EDTA 2012 renal response - rule set ``"eular-2012"``.

Joint EULAR/ERA-EDTA 2012 lupus nephritis recommendations (paraphrased):

* **complete renal response**: UPCR below 50 mg/mmol with normal or near-normal renal
  function (within 10% of normal GFR if previously abnormal);
* **partial renal response**: proteinuria reduced by at least 50% to subnephrotic levels,
  with normal or near-normal renal function, preferably by 6 months and no later than 12;
* **no response**: neither.

Two things differ from KDIGO and are kept explicit: the UPCR cut is **50 mg/mmol** (0.442
g/g exactly, not 0.5 g/g), and kidney function is judged against **normal GFR**, not against
the patient's baseline.
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
    apply_policy,
    as_course,
    assessment_egfr,
    assessment_upcr,
    categorize,
    constant_reading,
    describe_point,
    egfr_equation_option,
    options_for,
    pick_point,
    policy_event_criterion,
    policy_option,
    read_egfr,
    read_upcr,
    reference_option,
    reference_visit,
    reference_zero_flags,
    relative_criterion,
    resolve_assessment_date,
    response_decision,
    specimen_flags,
    stability_criterion,
    threshold_criterion,
    time_point_option,
    visit_matching_option,
    with_matching,
)
from lupus_nephritis.decisions import Criterion, Decision
from lupus_nephritis.models import EventType, TreatmentCourse
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, Threshold, combine
from lupus_nephritis.timeline import VisitWindow

RULE_SET_ID = "eular-2012"
SOURCE = "eular-2012-ln"
GFR_SOURCE = "kdigo-2012-ckd"

#: Ways to read "normal or near-normal renal function (within 10% of normal GFR if
#: previously abnormal)".
RENAL_FUNCTION_RULES = ("near-normal-if-previously-abnormal", "near-normal", "stable-vs-reference")


@attrs.frozen
class Parameters:
    """Parameters of ``"eular-2012"`` (every number cited or marked as a library reading).

    Attributes:
        complete_upcr: Complete response: UPCR below 50 mg/mmol.
        normal_gfr: "Normal GFR" (a GFR at or above it is normal).
        abnormal_gfr: "Previously abnormal": a reference GFR below normal.
        near_normal_gfr: "Within 10% of normal GFR": at least 90% of it.
        reference_band: Alternative frame: decline from the reference at most 10%.
        partial_reduction: Partial response: proteinuria reduced by at least 50%.
        subnephrotic_upcr: "Subnephrotic levels" (library reading: below 3.5 g/g).
        time_points: Default assessment points (6 or 12 months).
        window: Visit window around the assessment point.
        intercurrent_events: Events the trial-style policies treat as non-response.
    """

    complete_upcr: Threshold
    normal_gfr: Threshold
    abnormal_gfr: Threshold
    near_normal_gfr: Threshold
    reference_band: Threshold
    partial_reduction: Threshold
    subnephrotic_upcr: Threshold
    time_points: tuple[AssessmentPoint, ...]
    window: VisitWindow
    intercurrent_events: tuple[EventType, ...]


PARAMETERS = Parameters(
    complete_upcr=Threshold(
        id="upcr-complete",
        label="UPCR below 50 mg/mmol",
        comparator="<",
        value="50",
        unit="mg/mmol",
        quantity="upcr",
        source_id=SOURCE,
        note="The statement table prints 'mg/mol', a typo for mg/mmol. 50 mg/mmol is 0.442 g/g "
        "exactly (creatinine 113.12 g/mol), stricter than KDIGO's 0.5 g/g.",
    ),
    normal_gfr=Threshold(
        id="gfr-normal",
        label="GFR normal (at least 90 mL/min/1.73 m2)",
        comparator=">=",
        value="90",
        unit="mL/min/{1.73_m2}",
        quantity="egfr",
        source_id=GFR_SOURCE,
        note="EULAR gives no number for 'normal GFR'; library reading: the lower bound of KDIGO "
        "CKD category G1 ('normal or high').",
    ),
    abnormal_gfr=Threshold(
        id="previously-abnormal",
        label="Reference GFR abnormal (below 90 mL/min/1.73 m2)",
        comparator="<",
        value="90",
        unit="mL/min/{1.73_m2}",
        quantity="egfr",
        source_id=GFR_SOURCE,
        note="Complement of 'normal GFR' at the reference visit ('if previously abnormal').",
    ),
    near_normal_gfr=Threshold(
        id="gfr-near-normal",
        label="GFR within 10% of normal (at least 90% of normal GFR)",
        comparator=">=",
        value="90",
        unit="%",
        quantity="percent",
        source_id=SOURCE,
        note="'Within 10% of normal GFR', read inclusively as at least 90% of it (81 mL/min/1.73 "
        "m2 with normal = 90).",
    ),
    reference_band=Threshold(
        id="kidney-function",
        label="GFR decline from the reference at most 10%",
        comparator="<=",
        value="10",
        unit="%",
        quantity="percent",
        source_id=SOURCE,
        note="Only with renal_function_rule='stable-vs-reference' (a KDIGO-like frame using "
        "EULAR's 10%); not the guideline's own frame.",
    ),
    partial_reduction=Threshold(
        id="upcr-reduction",
        label="UPCR reduced by at least 50% from the reference",
        comparator=">=",
        value="50",
        unit="%",
        quantity="percent",
        source_id=SOURCE,
        note="'>= 50% reduction in proteinuria'.",
    ),
    subnephrotic_upcr=Threshold(
        id="upcr-subnephrotic",
        label="UPCR subnephrotic (below 3.5 g/g)",
        comparator="<",
        value="3.5",
        unit="g/g",
        quantity="upcr",
        source_id=SOURCE,
        note="EULAR does not quantify 'subnephrotic'; library reading: below the conventional "
        "nephrotic range of 3.5 g/day, applied to the UPCR in g/g.",
    ),
    time_points=(
        AssessmentPoint("month-6", 26, SOURCE, "'preferably by 6 months' (week 26)"),
        AssessmentPoint("month-12", 52, SOURCE, "'no later than 12 months' (week 52)"),
    ),
    window=VisitWindow(
        "window",
        before_days=28,
        after_days=28,
        note="Library default: EULAR states no visit window; nearest visit within 4 weeks.",
    ),
    intercurrent_events=DEFAULT_INTERCURRENT_EVENTS,
)

OPTIONS: tuple[Option, ...] = (
    Option(
        "renal_function_rule",
        "near-normal-if-previously-abnormal",
        "Reading of 'normal or near-normal renal function (within 10% of normal GFR if "
        "previously abnormal)': 'near-normal-if-previously-abnormal' (default, literal: GFR "
        "normal, or at least 90% of normal when the reference GFR was below normal), "
        "'near-normal' (at least 90% of normal for everyone), 'stable-vs-reference' (GFR "
        "decline from the reference at most 10%, a KDIGO-like frame).",
        choices=RENAL_FUNCTION_RULES,
        source_id=SOURCE,
    ),
    time_point_option(
        PARAMETERS.time_points,
        "month-12",
        source_id=SOURCE,
        reason="'no later than 12 months' is the deadline; month-6 tests the preferred "
        "6-month target.",
    ),
    visit_matching_option("window", reason="nearest visit within the window (library default)."),
    reference_option(
        "baseline",
        source_id=SOURCE,
        reason="the reduction is measured from the start of therapy.",
    ),
    egfr_equation_option(),
    policy_option(
        "not-evaluable",
        reason="EULAR 2012 says nothing about missing data; undecidable is not evaluable.",
    ),
)


def _renal_function(rule: str, reference: Reading, current: Reading, normal: Reading) -> Criterion:
    p = PARAMETERS
    if rule == "stable-vs-reference":
        return stability_criterion(p.reference_band, reference, current)
    is_normal = threshold_criterion(p.normal_gfr, current)
    near = relative_criterion(p.near_normal_gfr, normal, current, mode="percent_of")
    if rule == "near-normal":
        children = [is_normal, near]
    else:
        children = [
            is_normal,
            combine(
                "near-normal-after-abnormal",
                "GFR within 10% of normal, reference GFR abnormal",
                [threshold_criterion(p.abnormal_gfr, reference), near],
                mode="all",
                source_id=SOURCE,
            ),
        ]
    return combine(
        "kidney-function",
        "Renal function normal or near-normal",
        children,
        mode="any",
        source_id=SOURCE,
    )


def evaluate(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Classify the renal response of ``course`` under EULAR/ERA-EDTA 2012.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the ``time_point`` option's week.
        **options: Options of the rule set; unknown names raise
            `OptionError`.

    Returns:
        A response `Decision`.
    """
    course = as_course(course)
    opts = options_for(OPTIONS, options, rule_set_id=RULE_SET_ID)
    p = PARAMETERS
    point = pick_point(p.time_points, opts["time_point"])
    assessed_on = resolve_assessment_date(course, at, default_week=point.week)
    window = with_matching(p.window, opts["visit_matching"])
    role = opts["reference"]
    rule = opts["renal_function_rule"]
    equation = opts["egfr_equation"]
    trace = Trace()

    ref_visit = reference_visit(course, role)
    upcr = trace.use(assessment_upcr(course, assessed_on, window, expected=None))
    ref_upcr = trace.use(read_upcr(ref_visit, role=role, expected=None))
    trace.flag(*specimen_flags(ref_upcr, upcr))
    egfr = trace.use(assessment_egfr(course, assessed_on, window, equation=equation))
    if rule == "near-normal":
        ref_egfr = read_egfr(course, ref_visit, role=role, equation=equation)
    else:
        ref_egfr = trace.use(read_egfr(course, ref_visit, role=role, equation=equation))
    # percentages are taken of the reference UPCR, and of the reference GFR only when the
    # frame is stability against the reference
    zero_checked = (ref_upcr, ref_egfr) if rule == "stable-vs-reference" else (ref_upcr,)
    trace.flag(*reference_zero_flags(*zero_checked))
    function = _renal_function(rule, ref_egfr, egfr, constant_reading("normal_gfr", p.normal_gfr))

    complete = combine(
        "complete",
        f"Complete response: UPCR {p.complete_upcr.describe()} and renal function normal or "
        "near-normal",
        [threshold_criterion(p.complete_upcr, upcr), function],
        mode="all",
        source_id=SOURCE,
    )
    partial = combine(
        "partial",
        f"Partial response: UPCR reduced by {p.partial_reduction.describe()} to subnephrotic "
        f"({p.subnephrotic_upcr.describe()}), renal function normal or near-normal",
        [
            relative_criterion(p.partial_reduction, ref_upcr, upcr, mode="reduction"),
            threshold_criterion(p.subnephrotic_upcr, upcr),
            function,
        ],
        mode="all",
        source_id=SOURCE,
    )
    criteria = [complete, partial]
    category = categorize(complete.outcome, partial.outcome)
    policy = opts["policy"]
    events = policy_event_criterion(course, policy, assessed_on, types=p.intercurrent_events)
    if events is not None:
        criteria.append(events)
    category, flags = apply_policy(category, policy, event_free=events)
    trace.flag(*flags)
    trace.detail("assessment_point", describe_point(at, point.week))
    trace.detail("reference", role)
    trace.detail("renal_function_rule", rule)
    return response_decision(
        RULE_SET, category, criteria, trace, policy=policy, options=opts, assessed_on=assessed_on
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="EULAR/ERA-EDTA 2012 renal response (complete / partial / none)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE, GFR_SOURCE),
        parameters=PARAMETERS,
        description=(
            "Complete renal response: UPCR below 50 mg/mmol with normal or near-normal renal "
            "function (within 10% of normal GFR if previously abnormal). Partial renal "
            "response: proteinuria reduced by at least 50% to subnephrotic levels, with normal "
            "or near-normal renal function, preferably by 6 months and no later than 12 "
            "months (default assessment: 12 months, study week 52)."
        ),
        options=OPTIONS,
        notes=(
            "UPCR unit: the cut is 50 mg/mmol as stated (the table's 'mg/mol' is a typo). It "
            "equals 0.442 g/g exactly, not 0.5 g/g: a UPCR of 0.45 g/g is a complete response "
            "under KDIGO but not under EULAR 2012.",
            "Reference frame: EULAR judges renal function against normal GFR, not against the "
            "patient's baseline. 'Normal GFR' is not quantified; the library reads it as 90 "
            "mL/min/1.73 m2 (KDIGO CKD category G1), and 'within 10% of normal' as at least 90% "
            "of it (81). Option renal_function_rule selects the literal reading (default: "
            "near-normal accepted only when the reference GFR was abnormal), near-normal for "
            "everyone, or a decline of at most 10% from the reference.",
            "Subnephrotic: not quantified by EULAR; library reading UPCR below 3.5 g/g (the "
            "conventional nephrotic range is 3.5 g/day or more). Not KDIGO's 3 g/g.",
            "Time point: 'preferably by 6 months, no later than 12'. Option time_point, default "
            "month-12 (week 52); `at` overrides it. Status at that point is assessed.",
            "Specimen: EULAR 2012 does not name one; no specimen flag is raised.",
            "Missing data: not addressed; default not evaluable (option policy).",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "evaluate"]
