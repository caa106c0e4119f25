"""EULAR/ERA-EDTA 2019 renal response targets and milestones - rule set ``"eular-2019"``.

2019 update of the EULAR/ERA-EDTA lupus nephritis recommendations (paraphrased):

* **complete response** (the treatment target): proteinuria below 0.5-0.7 g/24 h with
  (near-)normal GFR **by 12 months**; the deadline may be extended (to 18-24 months) when
  baseline proteinuria is nephrotic-range;
* **milestones**: proteinuria reduced by at least 25% by 3 months and by at least 50% by 6
  months; UPCR below 500-700 mg/g by 12 months;
* **partial response**: here the 6-month milestone level (proteinuria reduced by at least
  50%) with (near-)normal GFR;
* **no response**: neither.

How the decision shows the milestones: each milestone due on or before the assessment date
is a criterion (``milestone-month-3``, ``milestone-month-6``, ``milestone-month-12``),
evaluated at its own time point with the same visit matching, and listed after the category
criteria. Milestones are informative: they never change the category. Their outcomes are also
in the decision's details (``milestone_month_3`` ...).
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
    assessment_measure,
    assessment_upcr,
    categorize,
    constant_reading,
    describe_point,
    egfr_equation_option,
    options_for,
    pick_point,
    pick_threshold,
    policy_event_criterion,
    policy_option,
    read_egfr,
    read_measure,
    read_upcr,
    reference_option,
    reference_visit,
    reference_zero_flags,
    relative_criterion,
    resolve_assessment_date,
    response_decision,
    stability_criterion,
    threshold_criterion,
    visit_matching_option,
    with_matching,
)
from lupus_nephritis.decisions import Criterion, Decision
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import EventType, TreatmentCourse, Visit
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, Threshold, combine
from lupus_nephritis.timeline import VisitWindow, week_date
from lupus_nephritis.units import Quantity

RULE_SET_ID = "eular-2019"
SOURCE = "eular-2019-ln"
SOURCE_2012 = "eular-2012-ln"
GFR_SOURCE = "kdigo-2012-ckd"

#: Which proteinuria measure is used.
PROTEINURIA_MEASURES = ("protein_24h_or_upcr", "protein_24h", "upcr")
#: Ways to read "(near-)normal GFR".
RENAL_FUNCTION_RULES = ("near-normal", "stable-vs-reference")

FLAG_UPCR_FOR_24H = "upcr-used-for-24h-target"
FLAG_NEPHROTIC_UNKNOWN = "nephrotic-baseline-unknown"


@attrs.frozen
class Parameters:
    """Parameters of ``"eular-2019"``.

    Attributes:
        complete_protein_24h: Complete response cut on 24-hour protein (0.5 or 0.7 g/d).
        complete_upcr: The same target on UPCR (500 or 700 mg/g, the 12-month milestone).
        normal_gfr: "Normal GFR" (library reading, KDIGO CKD G1).
        near_normal_gfr: "Near-normal": at least 90% of normal GFR (EULAR 2012's reading).
        reference_band: Alternative frame: GFR decline from the reference at most 10%.
        partial_reduction: Partial response: reduction of at least 50%.
        subnephrotic_protein_24h: Optional partial-response ceiling on 24-hour protein.
        subnephrotic_upcr: Optional partial-response ceiling on UPCR.
        milestone_month_3: Reduction of at least 25% by 3 months.
        milestone_month_6: Reduction of at least 50% by 6 months.
        nephrotic_protein_24h: Nephrotic-range baseline on 24-hour protein.
        nephrotic_upcr: Nephrotic-range baseline on UPCR.
        milestone_points: Study weeks of the 3-, 6- and 12-month milestones.
        deadlines: Default assessment points (12 months; 18 or 24 when nephrotic).
        window: Visit window around each time point.
        intercurrent_events: Events the trial-style policies treat as non-response.
    """

    complete_protein_24h: tuple[Threshold, ...]
    complete_upcr: tuple[Threshold, ...]
    normal_gfr: Threshold
    near_normal_gfr: Threshold
    reference_band: Threshold
    partial_reduction: Threshold
    subnephrotic_protein_24h: Threshold
    subnephrotic_upcr: Threshold
    milestone_month_3: Threshold
    milestone_month_6: Threshold
    nephrotic_protein_24h: Threshold
    nephrotic_upcr: Threshold
    milestone_points: tuple[AssessmentPoint, ...]
    deadlines: tuple[AssessmentPoint, ...]
    window: VisitWindow
    intercurrent_events: tuple[EventType, ...]


def _cut(value: str, unit: str, quantity: str, label: str, note: str) -> Threshold:
    return Threshold(
        id="proteinuria-complete",
        label=label,
        comparator="<",
        value=value,
        unit=unit,
        quantity=quantity,
        source_id=SOURCE,
        note=note,
    )


PARAMETERS = Parameters(
    complete_protein_24h=(
        _cut(
            "0.5",
            "g/d",
            "protein_24h",
            "24-hour protein below 0.5 g/d",
            "Lower end of '< 0.5-0.7 g/24 h' (default, option complete_cut=0.5).",
        ),
        _cut(
            "0.7",
            "g/d",
            "protein_24h",
            "24-hour protein below 0.7 g/d",
            "Upper end of '< 0.5-0.7 g/24 h' (option complete_cut=0.7).",
        ),
    ),
    complete_upcr=(
        _cut(
            "500",
            "mg/g",
            "upcr",
            "UPCR below 500 mg/g",
            "Lower end of the 12-month "
            "milestone 'UPCR < 500-700 mg/g', used when the UPCR is the measure.",
        ),
        _cut(
            "700",
            "mg/g",
            "upcr",
            "UPCR below 700 mg/g",
            "Upper end of the 12-month milestone 'UPCR < 500-700 mg/g' (option complete_cut=0.7).",
        ),
    ),
    normal_gfr=Threshold(
        id="gfr-normal",
        label="GFR normal (at least 90 mL/min/1.73 m2)",
        comparator=">=",
        value="90",
        unit="mL/min/{1.73_m2}",
        quantity="egfr",
        source_id=GFR_SOURCE,
        note="EULAR 2019 does not quantify (near-)normal GFR; library reading: KDIGO CKD G1.",
    ),
    near_normal_gfr=Threshold(
        id="gfr-near-normal",
        label="GFR near-normal (at least 90% of normal GFR)",
        comparator=">=",
        value="90",
        unit="%",
        quantity="percent",
        source_id=SOURCE_2012,
        note="Borrowed from EULAR 2012 'within 10% of normal GFR' (library reading for 2019).",
    ),
    reference_band=Threshold(
        id="kidney-function",
        label="GFR decline from the reference at most 10%",
        comparator="<=",
        value="10",
        unit="%",
        quantity="percent",
        source_id=SOURCE_2012,
        note="Only with renal_function_rule='stable-vs-reference'.",
    ),
    partial_reduction=Threshold(
        id="proteinuria-reduction",
        label="Proteinuria reduced by at least 50% from the reference",
        comparator=">=",
        value="50",
        unit="%",
        quantity="percent",
        source_id=SOURCE,
        note="The 6-month milestone level ('>= 50% by 6 months'); some summaries print '<=', "
        "a typo.",
    ),
    subnephrotic_protein_24h=Threshold(
        id="proteinuria-subnephrotic",
        label="24-hour protein subnephrotic (below 3.5 g/d)",
        comparator="<",
        value="3.5",
        unit="g/d",
        quantity="protein_24h",
        source_id=SOURCE_2012,
        note="Only with require_subnephrotic=True; 'subnephrotic' is EULAR 2012 wording, 3.5 "
        "g/day the conventional nephrotic cut (library reading).",
    ),
    subnephrotic_upcr=Threshold(
        id="proteinuria-subnephrotic",
        label="UPCR subnephrotic (below 3.5 g/g)",
        comparator="<",
        value="3.5",
        unit="g/g",
        quantity="upcr",
        source_id=SOURCE_2012,
        note="As above, on the UPCR (library reading).",
    ),
    milestone_month_3=Threshold(
        id="milestone-month-3",
        label="Milestone: proteinuria reduced by at least 25% by 3 months",
        comparator=">=",
        value="25",
        unit="%",
        quantity="percent",
        source_id=SOURCE,
    ),
    milestone_month_6=Threshold(
        id="milestone-month-6",
        label="Milestone: proteinuria reduced by at least 50% by 6 months",
        comparator=">=",
        value="50",
        unit="%",
        quantity="percent",
        source_id=SOURCE,
    ),
    nephrotic_protein_24h=Threshold(
        id="nephrotic-baseline",
        label="Nephrotic-range reference proteinuria (at least 3.5 g/d)",
        comparator=">=",
        value="3.5",
        unit="g/d",
        quantity="protein_24h",
        source_id=SOURCE,
        note="EULAR extends the deadline for nephrotic-range baseline proteinuria without a "
        "number; 3.5 g/day is the conventional nephrotic range (library reading).",
    ),
    nephrotic_upcr=Threshold(
        id="nephrotic-baseline",
        label="Nephrotic-range reference UPCR (at least 3.5 g/g)",
        comparator=">=",
        value="3.5",
        unit="g/g",
        quantity="upcr",
        source_id=SOURCE,
        note="UPCR counterpart of the 3.5 g/day reading (library reading).",
    ),
    milestone_points=(
        AssessmentPoint("month-3", 13, SOURCE, "3 months read as study week 13"),
        AssessmentPoint("month-6", 26, SOURCE, "6 months read as study week 26"),
        AssessmentPoint("month-12", 52, SOURCE, "12 months read as study week 52"),
    ),
    deadlines=(
        AssessmentPoint("month-12", 52, SOURCE, "complete response 'by 12 months'"),
        AssessmentPoint("month-18", 78, SOURCE, "nephrotic baseline: 18 months (week 78)"),
        AssessmentPoint("month-24", 104, SOURCE, "nephrotic baseline: 24 months (week 104)"),
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
        "complete_cut",
        "0.5",
        "Complete-response proteinuria cut from the stated range '< 0.5-0.7 g/24 h' (and the "
        "12-month 'UPCR < 500-700 mg/g'): '0.5' (default: the conventional complete-response "
        "level, as in KDIGO and EULAR 2012) or '0.7'.",
        choices=("0.5", "0.7"),
        source_id=SOURCE,
    ),
    Option(
        "proteinuria_measure",
        "protein_24h_or_upcr",
        "Proteinuria measure: 'protein_24h' (24-hour protein in g/d, as the target is stated), "
        "'upcr' (UPCR, as the 12-month milestone is stated), or 'protein_24h_or_upcr' "
        "(default: 24-hour protein where the visit has it, else UPCR, flagged "
        "upcr-used-for-24h-target). A reduction always compares the same measure.",
        choices=PROTEINURIA_MEASURES,
        source_id=SOURCE,
    ),
    Option(
        "renal_function_rule",
        "near-normal",
        "Reading of '(near-)normal GFR': 'near-normal' (default: GFR normal or at least 90% of "
        "normal, EULAR 2012's 'within 10% of normal GFR') or 'stable-vs-reference' (GFR "
        "decline from the reference at most 10%).",
        choices=RENAL_FUNCTION_RULES,
        source_id=SOURCE,
    ),
    Option(
        "nephrotic_deadline",
        "month-24",
        "Deadline used by default (when `at` is not given) if the reference proteinuria is "
        "nephrotic-range: 'month-18', 'month-24' (default: the outer end of the stated 18-24 "
        "months) or 'month-12' (no extension).",
        choices=("month-12", "month-18", "month-24"),
        source_id=SOURCE,
    ),
    Option(
        "require_subnephrotic",
        False,
        "Whether a partial response also needs subnephrotic proteinuria (the EULAR 2012 "
        "wording). Default False: the 2019 facts available state only the 50% milestone.",
        choices=(False, True),
        source_id=SOURCE,
    ),
    visit_matching_option("window", reason="nearest visit within the window (library default)."),
    reference_option("baseline", source_id=SOURCE, reason="reductions are from baseline."),
    egfr_equation_option(),
    policy_option(
        "not-evaluable",
        reason="EULAR 2019 says nothing about missing data; undecidable is not evaluable.",
    ),
)

_FIELDS = {"protein_24h_or_upcr": ("protein_24h", "upcr"), "protein_24h": ("protein_24h",)}


def _read(visit: Visit | None, field: str, role: str) -> Reading:
    if field == "upcr":
        return read_upcr(visit, role=role, expected=None)
    return read_measure(visit, field, role=role)


def _current(course: TreatmentCourse, day: date, window: VisitWindow, measure: str) -> Reading:
    """Proteinuria at ``day``: 24-hour protein first (when allowed), else UPCR."""
    readings: list[Reading] = []
    for field in _FIELDS.get(measure, ("upcr",)):
        reading = (
            assessment_upcr(course, day, window, expected=None)
            if field == "upcr"
            else assessment_measure(course, day, window, field)
        )
        if reading.is_known:
            return reading
        readings.append(reading)
    return _either(readings)


def _either(readings: list[Reading], index: int = 0) -> Reading:
    """Reading ``index`` of the alternatives, listing what any of them would have needed."""
    if len(readings) == 1:
        return readings[0]
    missing = tuple(dict.fromkeys(m for r in readings for m in r.missing))
    chosen = readings[index]
    if chosen.is_known:
        return attrs.evolve(chosen, missing=missing)
    note = " or ".join(r.note or r.name for r in readings)
    return attrs.evolve(chosen, missing=missing, note=note)


def _pair(
    course: TreatmentCourse,
    ref: Visit | None,
    role: str,
    day: date,
    window: VisitWindow,
    measure: str,
) -> tuple[Reading, Reading]:
    """Reference and current proteinuria of the same measure (24-hour first when allowed)."""
    refs: list[Reading] = []
    currents: list[Reading] = []
    for field in _FIELDS.get(measure, ("upcr",)):
        reference = _read(ref, field, role)
        current = (
            assessment_upcr(course, day, window, expected=None)
            if field == "upcr"
            else assessment_measure(course, day, window, field)
        )
        if reference.is_known and current.is_known:
            return reference, current
        refs.append(reference)
        currents.append(current)
    # no complete pair: explain with the measure that has at least one of its two values
    pairs = enumerate(zip(refs, currents, strict=True))
    index = next((i for i, (r, c) in pairs if r.is_known or c.is_known), 0)
    return _either(refs, index), _either(currents, index)


def _target(cut: str, reading: Reading) -> Threshold:
    """The complete-response cut for the measure of ``reading`` (same position in both tuples)."""
    p = PARAMETERS
    on_24h = pick_threshold(p.complete_protein_24h, cut)
    if reading.quantity is Quantity.UPCR:
        return p.complete_upcr[p.complete_protein_24h.index(on_24h)]
    return on_24h


def _function(rule: str, reference: Reading, current: Reading) -> Criterion:
    p = PARAMETERS
    if rule == "stable-vs-reference":
        return stability_criterion(p.reference_band, reference, current)
    normal = constant_reading("normal_gfr", p.normal_gfr)
    return combine(
        "kidney-function",
        "GFR normal or near-normal",
        [
            threshold_criterion(p.normal_gfr, current),
            relative_criterion(p.near_normal_gfr, normal, current, mode="percent_of"),
        ],
        mode="any",
        source_id=SOURCE,
    )


def _reference_proteinuria(ref: Visit | None, role: str, measure: str) -> Reading:
    """Reference proteinuria of the chosen measure (24-hour protein first when allowed)."""
    readings: list[Reading] = []
    for field in _FIELDS.get(measure, ("upcr",)):
        reading = _read(ref, field, role)
        if reading.is_known:
            return reading
        readings.append(reading)
    return _either(readings)


def _nephrotic(ref: Visit | None, role: str, measure: str) -> Criterion:
    """Whether the reference proteinuria is nephrotic-range, on the chosen measure.

    The measure follows option ``proteinuria_measure`` (24-hour protein where recorded, else
    the UPCR, by default), so a reference with only one of the two is decided by it.
    """
    p = PARAMETERS
    reading = _reference_proteinuria(ref, role, measure)
    threshold = p.nephrotic_upcr if reading.quantity is Quantity.UPCR else p.nephrotic_protein_24h
    return threshold_criterion(threshold, reading)


def evaluate(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Classify the renal response of ``course`` under EULAR/ERA-EDTA 2019, with milestones.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the deadline (12 months, or the
            ``nephrotic_deadline`` when the reference proteinuria is nephrotic-range).
        **options: Options of the rule set; unknown names raise
            `OptionError`.

    Returns:
        A response `Decision`.
    """
    course = as_course(course)
    opts = options_for(OPTIONS, options, rule_set_id=RULE_SET_ID)
    p = PARAMETERS
    role = opts["reference"]
    measure = opts["proteinuria_measure"]
    rule = opts["renal_function_rule"]
    equation = opts["egfr_equation"]
    window = with_matching(p.window, opts["visit_matching"])
    trace = Trace()
    ref_visit = reference_visit(course, role)

    nephrotic = _nephrotic(ref_visit, role, measure)
    standard = pick_point(p.deadlines, "month-12")
    deadline = standard
    if nephrotic.outcome is Outcome.MET:
        deadline = pick_point(p.deadlines, opts["nephrotic_deadline"])
    elif nephrotic.outcome is Outcome.UNKNOWN:
        trace.flag(FLAG_NEPHROTIC_UNKNOWN)
    assessed_on = resolve_assessment_date(course, at, default_week=deadline.week)

    current = trace.use(_current(course, assessed_on, window, measure))
    ref_prot, cur_prot = _pair(course, ref_visit, role, assessed_on, window, measure)
    trace.use(ref_prot)
    trace.use(cur_prot)
    trace.flag(*reference_zero_flags(ref_prot))
    if (
        FLAG_UPCR_FOR_24H not in trace.flags
        and measure == "protein_24h_or_upcr"
        and any(r.is_known and r.quantity is Quantity.UPCR for r in (current, cur_prot))
    ):
        trace.flag(FLAG_UPCR_FOR_24H)
    cut = opts["complete_cut"]
    target = _target(cut, current)
    egfr = trace.use(assessment_egfr(course, assessed_on, window, equation=equation))
    ref_egfr = read_egfr(course, ref_visit, role=role, equation=equation)
    if rule == "stable-vs-reference":
        trace.use(ref_egfr)
        trace.flag(*reference_zero_flags(ref_egfr))
    function = _function(rule, ref_egfr, egfr)

    complete = combine(
        "complete",
        f"Complete response: proteinuria {target.describe()} with (near-)normal GFR",
        [threshold_criterion(target, current), function],
        mode="all",
        source_id=SOURCE,
    )
    partial_children = [
        relative_criterion(p.partial_reduction, ref_prot, cur_prot, mode="reduction"),
        function,
    ]
    if opts["require_subnephrotic"]:
        ceiling = (
            p.subnephrotic_upcr if current.quantity is Quantity.UPCR else p.subnephrotic_protein_24h
        )
        partial_children.insert(1, threshold_criterion(ceiling, current))
    partial = combine(
        "partial",
        f"Partial response: proteinuria reduced by {p.partial_reduction.describe()} with "
        "(near-)normal GFR",
        partial_children,
        mode="all",
        source_id=SOURCE,
    )
    criteria: list[Criterion] = [complete, partial]
    category = categorize(complete.outcome, partial.outcome)
    policy = opts["policy"]
    events = policy_event_criterion(course, policy, assessed_on, types=p.intercurrent_events)
    if events is not None:
        criteria.append(events)
    category, flags = apply_policy(category, policy, event_free=events)
    trace.flag(*flags)

    criteria.append(nephrotic)
    for point in p.milestone_points:
        day = week_date(course.start_date, point.week)
        key = f"milestone_{point.name.replace('-', '_')}"
        if day > assessed_on:
            trace.detail(key, "not due")
            continue
        milestone = _milestone(course, ref_visit, role, day, window, measure, point, cut)
        criteria.append(milestone)
        trace.detail(key, milestone.outcome.value)

    trace.detail("assessment_point", describe_point(at, deadline.week))
    trace.detail("complete_response_deadline", week_date(course.start_date, deadline.week))
    trace.detail("nephrotic_baseline", nephrotic.outcome.value)
    trace.detail("reference", role)
    return response_decision(
        RULE_SET, category, criteria, trace, policy=policy, options=opts, assessed_on=assessed_on
    )


def _milestone(
    course: TreatmentCourse,
    ref: Visit | None,
    role: str,
    day: date,
    window: VisitWindow,
    measure: str,
    point: AssessmentPoint,
    cut: str,
) -> Criterion:
    p = PARAMETERS
    label_tail = f" (on {day.isoformat()}; informative, does not set the category)"
    if point.name == "month-12":
        reading = _current(course, day, window, measure)
        target = _target(cut, reading)
        return threshold_criterion(
            target,
            reading,
            id="milestone-month-12",
            label=f"Milestone: proteinuria {target.describe()} by 12 months" + label_tail,
        )
    threshold = p.milestone_month_3 if point.name == "month-3" else p.milestone_month_6
    ref_prot, cur_prot = _pair(course, ref, role, day, window, measure)
    return relative_criterion(
        threshold, ref_prot, cur_prot, mode="reduction", label=threshold.label + label_tail
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="EULAR/ERA-EDTA 2019 renal response targets and milestones",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE, SOURCE_2012, GFR_SOURCE),
        parameters=PARAMETERS,
        description=(
            "Complete response (target): proteinuria below 0.5 g/24 h (option: 0.7) with "
            "(near-)normal GFR, by 12 months, or by 18-24 months when the reference proteinuria "
            "is nephrotic-range. Partial response: proteinuria reduced by at least 50% with "
            "(near-)normal GFR. Milestones (informative criteria): at least 25% reduction by 3 "
            "months, at least 50% by 6 months, proteinuria below the complete-response cut by "
            "12 months."
        ),
        options=OPTIONS,
        notes=(
            "Complete-response cut: stated as a range '< 0.5-0.7 g/24 h'. Option complete_cut, "
            "default 0.5. With the UPCR as measure the 12-month milestone's own 'UPCR < 500-700 "
            "mg/g' is used (500 or 700 mg/g accordingly); 24-hour protein and UPCR are never "
            "converted into each other.",
            "Measure: the target is stated in g/24 h, the 12-month milestone as UPCR. Option "
            "proteinuria_measure, default 24-hour protein where recorded, else UPCR (decided, "
            "flagged upcr-used-for-24h-target).",
            "(Near-)normal GFR is not quantified by EULAR 2019. Library reading (option "
            "renal_function_rule): GFR at least 90 mL/min/1.73 m2 (KDIGO CKD G1) or at least "
            "90% of it, EULAR 2012's 'within 10% of normal GFR'.",
            "Partial response: the facts available for EULAR 2019 give the 50% reduction only "
            "as the 6-month milestone (the seed review, section 2, also paraphrases the "
            "guidelines' partial remission as a >= 50% reduction); the partial response here "
            "is that reduction with (near-)normal GFR. The EULAR 2012 'to subnephrotic levels' "
            "clause is available as option require_subnephrotic (default off; 3.5 g/day or "
            "3.5 g/g, library reading).",
            "Nephrotic baseline: deadline extended to 18-24 months (option nephrotic_deadline, "
            "default month-24); nephrotic-range read as at least 3.5 g/day or 3.5 g/g (library "
            "reading), on the measure chosen by proteinuria_measure (by default the reference "
            "24-hour protein where recorded, else its UPCR). When the reference proteinuria is "
            "unknown the 12-month deadline is used and the decision is flagged "
            "nephrotic-baseline-unknown. `at` overrides the "
            "deadline; the deadline date is always in the details.",
            "Milestones are criteria evaluated at weeks 13, 26 and 52 (months read as 13, 26, "
            "52 weeks) when due on or before the assessment date; they do not change the "
            "category and their missing data are not listed as missing inputs.",
            "Missing data: not addressed; default not evaluable (option policy).",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "evaluate"]
