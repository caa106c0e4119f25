"""AURA-LV complete renal remission (voclosporin phase 2) - rule set ``"aura-lv"``.

AURA-LV (NCT02141672; Rovin et al., Kidney Int 2019): complete renal remission at week 24
(primary endpoint) and week 48 (secondary). The public abstract names the endpoint but not its
components; the only source for them is a low-confidence secondary article that describes the
same construct as AURORA 1 (and conflates the two trials): UPCR at or below 0.5 mg/mg, eGFR at
least 60 or no confirmed decrease of more than 20%, no rescue medication, and low-dose
steroids. The exact AURA-LV steroid window is NOT FOUND.

The rule set therefore applies the AURORA-style components, cites AURA-LV for them with their
low confidence stated, and leaves the steroid rule out by default (option ``steroid_rule``).
Verdict: ``complete`` = remission met, ``none`` = not met (a single binary endpoint).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from lupus_nephritis.criteria.response._common import AssessmentPoint, Trace, as_course
from lupus_nephritis.criteria.response._trials import finish, time_points_date, trial_window
from lupus_nephritis.criteria.response.aurora_1 import (
    AuroraParameters,
    aurora_complete,
    aurora_options,
    aurora_thresholds,
)
from lupus_nephritis.decisions import Decision
from lupus_nephritis.models import EventType, Specimen, TreatmentCourse
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_version
from lupus_nephritis.thresholds import Option, resolve_options

RULE_SET_ID = "aura-lv"
SOURCE = "aura-lv"

_LOW = "AURA-LV component from a low-confidence secondary source that describes AURORA's construct."

_aurora_analogue = aurora_thresholds("aurora-1", note="AURORA 1 rule, applied by analogy only.")

PARAMETERS = AuroraParameters(
    **{
        **aurora_thresholds(SOURCE, note=_LOW),
        "steroid_rule": _aurora_analogue["steroid_rule"],
    },
    steroid_window_weeks=8,
    partial_reductions=(),
    upcr_specimen=Specimen.FIRST_MORNING,
    time_points=(
        AssessmentPoint("week-24", 24, SOURCE, "primary endpoint"),
        AssessmentPoint("week-48", 48, SOURCE, "secondary endpoint"),
    ),
    window=trial_window(),
    rescue_events=(EventType.RESCUE_THERAPY,),
    intercurrent_events=(EventType.WITHDRAWAL, EventType.DEATH),
)

STEROID_OPTION = Option(
    "steroid_rule",
    "absent",
    "The AURA-LV steroid component's window is NOT FOUND: 'absent' (default) leaves it out "
    "and flags the decision 'steroid-component-not-applied'; 'aurora-1-analogue' applies the "
    "AURORA 1 rule (> 10 mg/day prednisone equivalent on >= 3 consecutive or >= 7 days) over "
    "the 8 weeks before the assessment, by analogy.",
    choices=("absent", "aurora-1-analogue"),
    source_id=SOURCE,
)

_ADJUDICATION_REASON = (
    "Default 'numeric-only': no adjudication rule is reported for AURA-LV (the adjudication "
    "nuance is documented for AURORA 1)."
)

OPTIONS = aurora_options(
    PARAMETERS,
    SOURCE,
    default_point="week-24",
    adjudication_default="numeric-only",
    adjudication_reason=_ADJUDICATION_REASON,
    partial=False,
    extra=(STEROID_OPTION,),
)

#: Options of the first release (``aura-lv@1.0.0``): no ``exposure_window`` option.
OPTIONS_V1 = aurora_options(
    PARAMETERS,
    SOURCE,
    default_point="week-24",
    adjudication_default="numeric-only",
    adjudication_reason=_ADJUDICATION_REASON,
    partial=False,
    extra=(STEROID_OPTION,),
    exposure_window=False,
)


def evaluate(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """Classify complete renal remission of ``course`` under AURA-LV.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the ``time_point`` option's week.
        **options: Options of the rule set (see its docs page).

    Returns:
        A response decision: complete (remission met), none, or not_evaluable.
    """
    return _classify(RULE_SET, OPTIONS, course, at, options)


def evaluate_v1(
    course: TreatmentCourse | Mapping[str, Any],
    *,
    at: date | int | None = None,
    **options: Any,
) -> Decision:
    """AURA-LV as first released (``aura-lv@1.0.0``): no ``exposure_window`` option.

    Args:
        course: The treatment course (model or plain dict).
        at: Assessment date, study week, or None for the ``time_point`` option's week.
        **options: Options of that version.

    Returns:
        A response decision stamped ``aura-lv@1.0.0``.
    """
    return _classify(RULE_SET_V1, OPTIONS_V1, course, at, options)


def _classify(
    rule_set: RuleSet,
    declared: tuple[Option, ...],
    course: TreatmentCourse | Mapping[str, Any],
    at: date | int | None,
    options: dict[str, Any],
) -> Decision:
    course = as_course(course)
    opts = resolve_options(declared, options, rule_set_id=RULE_SET_ID)
    point, assessed_on = time_points_date(course, at, PARAMETERS.time_points, opts["time_point"])
    trace = Trace()
    steroid = opts["steroid_rule"] == "aurora-1-analogue"
    complete, _upcr = aurora_complete(
        PARAMETERS, course, opts, assessed_on, trace, SOURCE, steroid=steroid
    )
    if not steroid:
        trace.flag("steroid-component-not-applied")
    return finish(
        rule_set,
        course,
        complete=complete,
        trace=trace,
        opts=opts,
        at=at,
        point=point,
        assessed_on=assessed_on,
        intercurrent_events=PARAMETERS.intercurrent_events,
        endpoint="complete renal remission (CRR)",
        source_id=SOURCE,
    )


#: Text added to the steroid note by 1.1.0 (removed for the first release's page).
FIRST_RELEASE_CUT = (
    " over the 8 weeks up to the assessment, read by option exposure_window as for aurora-1 "
    "(default the visit days)."
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="AURA-LV complete renal remission (voclosporin phase 2)",
        kind=RuleKind.RESPONSE,
        source_ids=(SOURCE, "aurora-1"),
        parameters=PARAMETERS,
        description=(
            "Complete renal remission at week 24 (primary) or week 48: UPCR at or below 0.5 "
            "mg/mg, eGFR at least 60 or no confirmed decrease of more than 20% from baseline, "
            "and no rescue medication (AURORA-style components, low confidence); the steroid "
            "component is applied only by option. Verdict: complete = remission met, none = "
            "not met, not_evaluable = undecidable."
        ),
        options=OPTIONS,
        notes=(
            "Components: only a low-confidence secondary source describes them, and it "
            "conflates AURA-LV with AURORA 1. They are implemented as AURORA-style and may "
            "differ from the AURA-LV protocol.",
            "Steroid window NOT FOUND: option steroid_rule, default 'absent' (flagged "
            "'steroid-component-not-applied'); 'aurora-1-analogue' applies the AURORA 1 rule "
            "by analogy over the 8 weeks up to the assessment, read by option exposure_window "
            "as for aurora-1 (default the visit days).",
            "'Confirmed' eGFR decrease NOT FOUND: option egfr_confirmation (default "
            "'next-measurement'). No adjudication rule is reported: option adjudication, "
            "default 'numeric-only'.",
            "Missing data: NOT FOUND for AURA-LV; by default undecidable -> not evaluable "
            "(option policy).",
            "AURA-LV's partial response is not in the reference facts and is not implemented.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

#: The first release, kept selectable as ``aura-lv@1.0.0``.
RULE_SET_V1 = register_version(
    RULE_SET,
    "1.0.0",
    evaluate=evaluate_v1,
    options=OPTIONS_V1,
    notes=tuple(n.replace(FIRST_RELEASE_CUT, ".") for n in RULE_SET.notes),
    change="no option exposure_window: the steroid-rule analogue reads the visit days only "
    "(the default reading of the current version, same verdicts).",
)

__all__ = [
    "OPTIONS",
    "OPTIONS_V1",
    "PARAMETERS",
    "RULE_SET",
    "RULE_SET_V1",
    "evaluate",
    "evaluate_v1",
]
