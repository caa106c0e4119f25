"""The seed review's own complete-response definition - rule set ``"seed-review-2024"``.

The project's seed review (section 2.6.4, "Treatment of refractory disease") states the
definition it uses (paraphrased): complete renal response = UPCR at most 0.5 with eGFR
stabilised within 10-20% after 6-12 months of therapy.

The review prints the UPCR unit as "mg/g"; 0.5 mg/g would be far below normal urinary protein
excretion, so it is an obvious slip for g/g and is encoded as **0.5 g/g**. Section 2.6.4
defines no partial response of the review's own: ``none`` here means "not a complete
response" (flag ``partial-response-not-defined``). Section 2 paraphrases the *guidelines'*
remission definitions (complete: proteinuria below 0.5-0.7 g/day; partial: at least 50%
reduction "in proteinuria or UPCR to < 3", citing KDIGO 2021 and EULAR 2019); those are the
``"kdigo-2021"`` and ``"eular-2019"`` rule sets, not this one.
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
    assessment_egfr,
    assessment_upcr,
    categorize,
    describe_point,
    egfr_equation_option,
    options_for,
    pick_point,
    pick_threshold,
    policy_event_criterion,
    policy_option,
    read_egfr,
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

RULE_SET_ID = "seed-review-2024"
SOURCE = "seed-review-2024"
FLAG_NO_PARTIAL = "partial-response-not-defined"


@attrs.frozen
class Parameters:
    """Parameters of ``"seed-review-2024"``.

    Attributes:
        complete_upcr: UPCR at most 0.5 g/g (printed "mg/g", a unit slip).
        stability_bands: eGFR stabilisation bands (decline at most 10% or 20%).
        time_points: Default assessment points (6 or 12 months).
        window: Visit window around the assessment point.
        intercurrent_events: Events the trial-style policies treat as non-response.
    """

    complete_upcr: Threshold
    stability_bands: tuple[Threshold, ...]
    time_points: tuple[AssessmentPoint, ...]
    window: VisitWindow
    intercurrent_events: tuple[EventType, ...]


def _band(value: str, note: str) -> Threshold:
    return Threshold(
        id="egfr-stable",
        label=f"eGFR stable: decline from the reference at most {value}%",
        comparator="<=",
        value=value,
        unit="%",
        quantity="percent",
        source_id=SOURCE,
        note=note,
    )


PARAMETERS = Parameters(
    complete_upcr=Threshold(
        id="upcr-complete",
        label="UPCR at most 0.5 g/g",
        comparator="<=",
        value="0.5",
        unit="g/g",
        quantity="upcr",
        source_id=SOURCE,
        note="Printed 'UPCR <=0.5 mg/g': an obvious unit slip for g/g (0.5 mg/g is below normal "
        "urinary protein). Comparator '<=' as printed (KDIGO uses '<').",
    ),
    stability_bands=(
        _band("10", "Lower end of 'within 10%-20%' (option stability_band=10)."),
        _band("20", "Upper end of 'within 10%-20%' (default); improvement always passes."),
    ),
    time_points=(
        AssessmentPoint("month-6", 26, SOURCE, "6 months read as study week 26"),
        AssessmentPoint("month-12", 52, SOURCE, "12 months read as study week 52"),
    ),
    window=VisitWindow(
        "window",
        before_days=28,
        after_days=28,
        note="Library default: the review states no visit window; nearest visit within 4 weeks.",
    ),
    intercurrent_events=DEFAULT_INTERCURRENT_EVENTS,
)

OPTIONS: tuple[Option, ...] = (
    Option(
        "stability_band",
        20,
        "eGFR stabilisation band in percent from 'within 10%-20%': 10 or 20 (default: the "
        "outer end of the stated range, as for the KDIGO band).",
        choices=(10, 20),
        source_id=SOURCE,
    ),
    time_point_option(
        PARAMETERS.time_points,
        "month-12",
        source_id=SOURCE,
        reason="'after 6-12 months'; the outer end gives the response time to develop.",
    ),
    visit_matching_option("window", reason="nearest visit within the window (library default)."),
    reference_option("baseline", source_id=SOURCE, reason="stabilisation relative to baseline."),
    egfr_equation_option(),
    policy_option(
        "not-evaluable",
        reason="the review states no missing-data convention; undecidable is not evaluable.",
    ),
)


def evaluate(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Classify the renal response of ``course`` under the seed review's definition.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the ``time_point`` option's week.
        **options: Options of the rule set; unknown names raise
            `OptionError`.

    Returns:
        A response `Decision`: complete, none (= not a
        complete response; no partial response is defined) or not evaluable.
    """
    course = as_course(course)
    opts = options_for(OPTIONS, options, rule_set_id=RULE_SET_ID)
    p = PARAMETERS
    point = pick_point(p.time_points, opts["time_point"])
    assessed_on = resolve_assessment_date(course, at, default_week=point.week)
    window = with_matching(p.window, opts["visit_matching"])
    role = opts["reference"]
    equation = opts["egfr_equation"]
    trace = Trace()

    upcr = trace.use(assessment_upcr(course, assessed_on, window, expected=None))
    egfr = trace.use(assessment_egfr(course, assessed_on, window, equation=equation))
    ref_egfr = trace.use(
        read_egfr(course, reference_visit(course, role), role=role, equation=equation)
    )
    trace.flag(*reference_zero_flags(ref_egfr))
    band = pick_threshold(p.stability_bands, opts["stability_band"])
    complete = combine(
        "complete",
        f"Complete response: UPCR {p.complete_upcr.describe()} and eGFR within {band.value}% "
        f"of {role}",
        [threshold_criterion(p.complete_upcr, upcr), stability_criterion(band, ref_egfr, egfr)],
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
        title="Seed review (2024) complete renal response",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "The review's own definition (section 2.6.4): complete renal response = UPCR at "
            "most 0.5 g/g and eGFR stabilised within 10-20% of baseline, 6-12 months after the "
            "start of therapy (default 12 months, study week 52). No partial response is "
            "defined: the verdict is complete, none (not complete) or not evaluable."
        ),
        options=OPTIONS,
        notes=(
            "Unit slip: the review prints 'UPCR <=0.5 mg/g'; read as 0.5 g/g (0.5 mg/g is "
            "physiologically implausible as a response target and every guideline uses 0.5 "
            "g/g). The comparator '<=' is kept as printed.",
            "Stability band: 'within 10%-20%', a range. Option stability_band (10 or 20), "
            "default 20 (outer end), inclusive; improvement always passes. The metric is eGFR "
            "as stated (reported, else computed with option egfr_equation).",
            "Time point: 'after 6-12 months'. Option time_point, default month-12; `at` "
            "overrides it.",
            "No partial response: section 2.6.4 states only a complete response; 'none' means "
            "'not a complete response' and carries the flag partial-response-not-defined. The "
            "partial-remission wording of section 2 ('>= 50% reduction in proteinuria or UPCR "
            "to < 3') paraphrases KDIGO 2021 and EULAR 2019, cited there, and is left to those "
            "rule sets (its 'or' is ambiguous: 'reduced by 50% or to below 3' vs 'reduced by "
            "50%, to below 3').",
            "Missing data: not addressed; default not evaluable (option policy).",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "evaluate"]
