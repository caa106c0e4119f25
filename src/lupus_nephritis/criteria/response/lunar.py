"""LUNAR complete renal response (rituximab phase 3) - rule set ``"lunar-crr"``.

LUNAR (NCT00282347; Rovin et al., Arthritis Rheum 2012), registry text (paraphrased),
complete renal response at week 52 = all three of:

1. serum creatinine at most the upper limit of normal (ULN), or at most 15% above baseline
   when the baseline creatinine was within the normal range;
2. inactive urinary sediment: fewer than 5 red cells per high-power field and no red-cell
   casts;
3. UPCR below 0.5.

The partial renal response is truncated in the registry (NOT FOUND) and is not implemented,
so this is a single binary endpoint: verdict ``complete`` = CRR met, ``none`` = not met.
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
from lupus_nephritis.decisions import Decision
from lupus_nephritis.models import EventType, TreatmentCourse
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Threshold, combine, resolve_options
from lupus_nephritis.timeline import VisitWindow

RULE_SET_ID = "lunar-crr"
SOURCE = "lunar"


@attrs.frozen
class LunarParameters:
    """Parameters of the LUNAR complete renal response (every number cited).

    Attributes:
        creatinine_at_most_uln: Creatinine at most 100% of the ULN.
        baseline_within_uln: Baseline creatinine within the normal range (<= 100% of ULN).
        creatinine_rise: Creatinine at most 15% above baseline.
        urine_rbc: Fewer than 5 red cells per high-power field.
        upcr: UPCR below 0.5.
        time_points: Default assessment point (week 52).
        window: Visit window around the assessment point.
        intercurrent_events: Events the trial-style policies treat as non-response.
    """

    creatinine_at_most_uln: Threshold
    baseline_within_uln: Threshold
    creatinine_rise: Threshold
    urine_rbc: Threshold
    upcr: Threshold
    time_points: tuple[AssessmentPoint, ...]
    window: VisitWindow
    intercurrent_events: tuple[EventType, ...]


def _pct(id: str, label: str, comparator: str, value: str, note: str) -> Threshold:
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


PARAMETERS = LunarParameters(
    creatinine_at_most_uln=_pct(
        "creatinine-at-most-uln",
        "Creatinine at most the upper limit of normal (<= 100% of the ULN)",
        "<=",
        "100",
        "Read against the ULN recorded on the same visit (Visit.creatinine_uln).",
    ),
    baseline_within_uln=_pct(
        "baseline-creatinine-within-normal",
        "Baseline creatinine within the normal range (<= 100% of the ULN)",
        "<=",
        "100",
        "'if baseline creatinine was within the normal range'.",
    ),
    creatinine_rise=_pct(
        "creatinine-rise",
        "Creatinine at most 15% above baseline",
        "<=",
        "15",
        "'<= 15% above baseline' (cross-check: '<= 115% of baseline'); exactly 15% passes.",
    ),
    urine_rbc=Threshold(
        id="urine-rbc",
        label="Fewer than 5 red cells per high-power field",
        comparator="<",
        value="5",
        unit="/[HPF]",
        quantity="urine_rbc",
        source_id=SOURCE,
        note="LUNAR uses < 5 RBC/HPF (NOBILITY: < 10).",
    ),
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
    time_points=(AssessmentPoint("week-52", 52, SOURCE, "primary endpoint"),),
    window=trial_window(),
    intercurrent_events=DEFAULT_INTERCURRENT_EVENTS,
)

OPTIONS = (
    time_point_option(
        PARAMETERS.time_points, "week-52", source_id=SOURCE, reason="the primary endpoint."
    ),
    visit_matching_option(
        "window", reason="the trial's visit windows are not public (library default)."
    ),
    policy_option(
        "not-evaluable",
        source_id=SOURCE,
        reason="the missing-data rule is NOT FOUND for LUNAR.",
    ),
)


def evaluate(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Classify the LUNAR complete renal response of ``course``.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for week 52.
        **options: Options of the rule set (see its docs page).

    Returns:
        A response decision: complete (CRR met), none, or not_evaluable.
    """
    p = PARAMETERS
    course = as_course(course)
    opts = resolve_options(OPTIONS, options, rule_set_id=RULE_SET_ID)
    point, assessed_on = time_points_date(course, at, p.time_points, opts["time_point"])
    window = with_matching(p.window, opts["visit_matching"])
    trace = Trace()
    readings = creatinine_readings(course, assessed_on, window, trace=trace)
    creatinine = combine(
        "creatinine",
        "Creatinine at most the ULN, or at most 15% above a baseline within the normal range",
        [
            creatinine_within_uln(p.creatinine_at_most_uln, readings),
            combine(
                "creatinine-near-baseline",
                "Creatinine at most 15% above a baseline within the normal range",
                [
                    baseline_creatinine_vs_uln(
                        p.baseline_within_uln, readings, id="baseline-creatinine-within-normal"
                    ),
                    creatinine_rise(p.creatinine_rise, readings),
                ],
                mode="all",
                source_id=SOURCE,
            ),
        ],
        mode="any",
        source_id=SOURCE,
    )
    upcr = trace.use(assessment_upcr(course, assessed_on, window, expected=None))
    complete = combine(
        "complete",
        "Complete renal response: creatinine criterion, inactive sediment, UPCR < 0.5",
        [
            creatinine,
            inactive_sediment(
                course, assessed_on, window, p.urine_rbc, trace=trace, source_id=SOURCE
            ),
            threshold_criterion(p.upcr, upcr),
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
        intercurrent_events=p.intercurrent_events,
        endpoint="complete renal response (CRR)",
        source_id=SOURCE,
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="LUNAR complete renal response (rituximab phase 3)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE,),
        parameters=PARAMETERS,
        description=(
            "Complete renal response at week 52: serum creatinine at most the ULN, or at most "
            "15% above a baseline that was within the normal range; fewer than 5 RBC/HPF and "
            "no red-cell casts; UPCR below 0.5. A single binary endpoint: verdict complete = "
            "CRR met, none = not met, not_evaluable = undecidable."
        ),
        options=OPTIONS,
        notes=(
            "Partial renal response: the registry text is truncated (NOT FOUND); not implemented.",
            "The ULN is the laboratory's, recorded per visit (Visit.creatinine_uln); missing "
            "-> unknown unless the other branch decides.",
            "UPCR specimen not stated: any specimen, no flag.",
            "Missing data: NOT FOUND; by default undecidable -> not evaluable (option policy).",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "LunarParameters", "evaluate"]
