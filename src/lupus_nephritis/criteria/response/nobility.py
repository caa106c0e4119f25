"""NOBILITY complete renal response (obinutuzumab phase 2) - rule set ``"nobility-crr"``.

NOBILITY (NCT02550652; Furie et al., Ann Rheum Dis 2022), registry results text
(paraphrased; medium confidence because the text is internally inconsistent):

* UPCR below 0.5;
* inactive urinary sediment: fewer than 10 red cells per high-power field and no red-cell
  casts;
* "normalisation" of serum creatinine: at most the central laboratory's upper limit of normal
  (ULN) if the baseline was above the ULN, or at most 15% above baseline and at most the ULN
  (the registry repeats "above the ULN" in both branches; the second branch presumably means
  a baseline within the ULN);
* assessed at week 52 (weeks 76 and 104 exploratory: ``time_point`` or ``at``).

A single binary endpoint: verdict ``complete`` = CRR met, ``none`` = not met.
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
    assessment_upcr,
    policy_option,
    threshold_criterion,
    time_point_option,
    visit_matching_option,
    with_matching,
)
from lupus_nephritis.criteria.response._trials import (
    baseline_creatinine_vs_uln,
    creatinine_readings,
    creatinine_rise,
    creatinine_within_uln,
    finish,
    inactive_sediment,
    time_points_date,
    trial_window,
)
from lupus_nephritis.decisions import Criterion, Decision
from lupus_nephritis.models import EventType, TreatmentCourse
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, Threshold, combine, resolve_options
from lupus_nephritis.timeline import VisitWindow

RULE_SET_ID = "nobility-crr"
SOURCE = "nobility"


@attrs.frozen
class NobilityParameters:
    """Parameters of the NOBILITY complete renal response (every number cited).

    Attributes:
        upcr: UPCR below 0.5.
        urine_rbc: Fewer than 10 red cells per high-power field.
        creatinine_at_most_uln: Creatinine at most 100% of the ULN.
        baseline_above_uln: Baseline creatinine above 100% of the baseline ULN.
        baseline_within_uln: Baseline creatinine at most 100% of the baseline ULN.
        creatinine_rise: Creatinine at most 15% above baseline.
        time_points: Default assessment points.
        window: Visit window around the assessment point.
        intercurrent_events: Events the trial-style policies treat as non-response.
    """

    upcr: Threshold
    urine_rbc: Threshold
    creatinine_at_most_uln: Threshold
    baseline_above_uln: Threshold
    baseline_within_uln: Threshold
    creatinine_rise: Threshold
    time_points: tuple[AssessmentPoint, ...]
    window: VisitWindow
    intercurrent_events: tuple[EventType, ...]


def _pct(id: str, label: str, comparator: str, value: str, note: str | None = None) -> Threshold:
    return Threshold(
        id=id,
        label=label,
        comparator=comparator,
        value=value,
        unit="%",
        quantity="percent",
        source_id=SOURCE,
        note=note,
    )


PARAMETERS = NobilityParameters(
    upcr=Threshold(
        id="upcr",
        label="UPCR below 0.5",
        comparator="<",
        value="0.5",
        unit="mg/mg",
        quantity="upcr",
        source_id=SOURCE,
        note="'< 0.5': exactly 0.5 is not a response. Specimen not stated: no specimen flag.",
    ),
    urine_rbc=Threshold(
        id="urine-rbc",
        label="Fewer than 10 red cells per high-power field",
        comparator="<",
        value="10",
        unit="/[HPF]",
        quantity="urine_rbc",
        source_id=SOURCE,
        note="NOBILITY uses < 10 RBC/HPF (LUNAR: < 5).",
    ),
    creatinine_at_most_uln=_pct(
        "creatinine-at-most-uln",
        "Creatinine at most the upper limit of normal (<= 100% of the ULN)",
        "<=",
        "100",
        "Read against the ULN recorded on the same visit (Visit.creatinine_uln).",
    ),
    baseline_above_uln=_pct(
        "baseline-creatinine-above-uln",
        "Baseline creatinine above the upper limit of normal",
        ">",
        "100",
        "First branch of the registry text (baseline above the ULN).",
    ),
    baseline_within_uln=_pct(
        "baseline-creatinine-within-normal",
        "Baseline creatinine within the normal range (<= 100% of the ULN)",
        "<=",
        "100",
        "Used by creatinine_rule='lunar-style'.",
    ),
    creatinine_rise=_pct(
        "creatinine-rise",
        "Creatinine at most 15% above baseline",
        "<=",
        "15",
        "'<= 15% above baseline' (exactly 15% passes).",
    ),
    time_points=(
        AssessmentPoint("week-52", 52, SOURCE, "primary endpoint"),
        AssessmentPoint("week-76", 76, SOURCE, "exploratory"),
        AssessmentPoint("week-104", 104, SOURCE, "exploratory"),
    ),
    window=trial_window(),
    intercurrent_events=DEFAULT_INTERCURRENT_EVENTS,
)

CREATININE_RULES = ("registry-repaired", "uln-only", "lunar-style")

OPTIONS = (
    time_point_option(
        PARAMETERS.time_points,
        "week-52",
        source_id=SOURCE,
        reason="the primary endpoint; weeks 76 and 104 were exploratory.",
    ),
    Option(
        "creatinine_rule",
        "registry-repaired",
        "Reading of the garbled 'creatinine normalisation' text: 'registry-repaired' "
        "(default; creatinine at most the ULN, and, when the baseline was within the ULN, "
        "also at most 15% above baseline), 'uln-only' (creatinine at most the ULN), or "
        "'lunar-style' (at most the ULN, OR at most 15% above a baseline within the normal "
        "range, as LUNAR words it).",
        choices=CREATININE_RULES,
        source_id=SOURCE,
    ),
    visit_matching_option(
        "window", reason="the trial's visit windows are not public (library default)."
    ),
    policy_option(
        "not-evaluable",
        source_id=SOURCE,
        reason="the missing-data rule is NOT FOUND for NOBILITY.",
    ),
)


def _creatinine(
    course: TreatmentCourse,
    assessed_on: date,
    window: VisitWindow,
    rule: str,
    trace: Trace,
) -> Criterion:
    p = PARAMETERS
    readings = creatinine_readings(course, assessed_on, window, trace=trace)
    within = creatinine_within_uln(p.creatinine_at_most_uln, readings)
    rise = creatinine_rise(p.creatinine_rise, readings)
    if rule == "uln-only":
        children = [within]
        mode = "all"
        label = "Creatinine at most the ULN"
    elif rule == "lunar-style":
        near = combine(
            "creatinine-near-baseline",
            "Creatinine at most 15% above a baseline within the normal range",
            [
                baseline_creatinine_vs_uln(
                    p.baseline_within_uln, readings, id="baseline-creatinine-within-normal"
                ),
                rise,
            ],
            mode="all",
            source_id=SOURCE,
        )
        children = [within, near]
        mode = "any"
        label = "Creatinine at most the ULN, or at most 15% above a normal baseline"
    else:
        allowed = combine(
            "creatinine-baseline-branch",
            "Baseline above the ULN, or creatinine at most 15% above baseline",
            [
                baseline_creatinine_vs_uln(
                    p.baseline_above_uln, readings, id="baseline-creatinine-above-uln"
                ),
                rise,
            ],
            mode="any",
            source_id=SOURCE,
        )
        children = [within, allowed]
        mode = "all"
        label = "Creatinine normalised: at most the ULN (and within 15% of a normal baseline)"
    return combine(
        "creatinine",
        label,
        children,
        mode="all" if mode == "all" else "any",
        source_id=SOURCE,
    )


def evaluate(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Classify the NOBILITY complete renal response of ``course``.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the ``time_point`` option's week.
        **options: Options of the rule set (see its docs page).

    Returns:
        A response decision: complete (CRR met), none, or not_evaluable.
    """
    course = as_course(course)
    opts = resolve_options(OPTIONS, options, rule_set_id=RULE_SET_ID)
    point, assessed_on = time_points_date(course, at, PARAMETERS.time_points, opts["time_point"])
    window = with_matching(PARAMETERS.window, opts["visit_matching"])
    trace = Trace()
    upcr = trace.use(assessment_upcr(course, assessed_on, window, expected=None))
    complete = combine(
        "complete",
        "Complete renal response: UPCR < 0.5, inactive sediment, creatinine normalised",
        [
            threshold_criterion(PARAMETERS.upcr, upcr),
            inactive_sediment(
                course, assessed_on, window, PARAMETERS.urine_rbc, trace=trace, source_id=SOURCE
            ),
            _creatinine(course, assessed_on, window, opts["creatinine_rule"], trace),
        ],
        mode="all",
        source_id=SOURCE,
    )
    return finish(
        RULE_SET,
        course,
        complete=complete,
        trace=trace,
        opts=opts,
        at=at,
        point=point,
        assessed_on=assessed_on,
        intercurrent_events=PARAMETERS.intercurrent_events,
        endpoint="complete renal response (CRR)",
        source_id=SOURCE,
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="NOBILITY complete renal response (obinutuzumab phase 2)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "Complete renal response at week 52: UPCR below 0.5; inactive sediment (fewer "
            "than 10 RBC/HPF and no red-cell casts); serum creatinine normalised (at most the "
            "ULN, and within 15% of a baseline that was within the ULN; option "
            "creatinine_rule). A single binary endpoint: verdict complete = CRR met, none = "
            "not met, not_evaluable = undecidable."
        ),
        options=OPTIONS,
        notes=(
            "The registry's creatinine text is garbled (it repeats 'baseline above the ULN' "
            "in both branches). Option creatinine_rule, default 'registry-repaired': the "
            "second branch is read as 'baseline within the ULN'. 'uln-only' and "
            "'lunar-style' are the other plausible readings.",
            "The ULN is the laboratory's, recorded per visit (Visit.creatinine_uln); missing "
            "-> unknown.",
            "Partial response (PRR) and overall response are NOT FOUND and not implemented.",
            "The post hoc 'CRR with prednisone <= 7.5 mg/day' is not implemented: its window "
            "is not in the reference facts.",
            "Missing data: NOT FOUND; by default undecidable -> not evaluable (option policy).",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "NobilityParameters", "evaluate"]
