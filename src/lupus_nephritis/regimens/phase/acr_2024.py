"""Rule set ``acr-2024-phase``: the ACR 2024 treatment step from the response so far.

ACR 2024 (Sammaritano et al., 2025), paraphrased: a patient who has **not reached at least a
partial renal response by 6-12 months** has an inadequate response (escalate: dual to triple
therapy, or to another triple or an added anti-CD20); disease that has **failed two standard
therapy courses** is refractory (anti-CD20, three non-glucocorticoid immunosuppressants, or a
trial). Dose and adherence are checked first (a good practice statement, kept as a step
prerequisite of ``acr-2024-algorithm``).

Classification of a course at an assessment point:

* at least a partial response -> ``maintenance`` (the subsequent-therapy step); reached before
  the deadline it is flagged ``adequate-response-before-deadline`` (option ``early_response``:
  ``initial`` continues the initial therapy until the deadline instead);
* no partial response before the deadline -> ``initial`` (continue; flagged
  ``no-partial-response-yet``, and ``inadequate-under-the-earliest-reading`` once 6 months
  have passed under the default 12-month deadline);
* no partial response at or after the deadline -> ``non_response``, or ``refractory`` when
  earlier failed standard courses bring the total (this course included) to two;
* undecidable response, or unknown earlier courses when they matter -> ``not_evaluable``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lupus_nephritis.criteria.response._common import AssessmentPoint
from lupus_nephritis.decisions import Decision, ResponseCategory
from lupus_nephritis.models import TreatmentCourse
from lupus_nephritis.regimens.phase._engine import (
    EARLY_RESPONSE_OPTION,
    EarlyResponse,
    PhaseParameters,
    classify_phase,
)
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_version
from lupus_nephritis.thresholds import Option

RULE_SET_ID = "acr-2024-phase"
_A = "acr-2024-ln"

PARAMETERS = PhaseParameters(
    deadlines=(
        AssessmentPoint("month-6", 26, _A, "Earliest end of 'by 6-12 months' (26 weeks)."),
        AssessmentPoint("month-12", 52, _A, "Latest end of 'by 6-12 months' (52 weeks)."),
    ),
    adequate=(ResponseCategory.COMPLETE, ResponseCategory.PARTIAL),
    min_failed_courses=2,
    response_definitions=("kdigo-2024", "kdigo-2021", "eular-2019", "eular-2012"),
    source_id=_A,
)

#: Options of the first release (``acr-2024-phase@1.0.0``).
OPTIONS_V1: tuple[Option, ...] = (
    Option(
        "response_deadline",
        "month-12",
        "When 'not at least a partial response by 6-12 months' becomes an inadequate "
        "response: 'month-12' (default, week 52: the end of the range, from which every "
        "reading agrees; between 6 and 12 months the decision is flagged "
        "'inadequate-under-the-earliest-reading') or 'month-6' (week 26, the earliest reading).",
        choices=tuple(p.name for p in PARAMETERS.deadlines),
        source_id=_A,
    ),
    Option(
        "response_definition",
        "kdigo-2024",
        "Response definition used when no response decision is given (a definition with a "
        "partial response). Default 'kdigo-2024': ACR 2024's own complete and partial response "
        "definitions are NOT FOUND (only a garbled summary figure), and KDIGO 2024 is the "
        "guideline definition with a partial response.",
        choices=PARAMETERS.response_definitions,
        source_id=_A,
    ),
)

#: The ``early_response`` option (since 1.1.0).
EARLY_RESPONSE = Option(
    EARLY_RESPONSE_OPTION,
    EarlyResponse.MAINTENANCE.value,
    "Step given by at least a partial response reached before the response deadline (e.g. "
    "a partial response at month 3): 'maintenance' (default, the reading of 1.0.0) = the "
    "subsequent-therapy step at once; 'initial' = continue the initial therapy until the "
    "deadline, when the response is assessed again. Either way the decision is flagged "
    "'adequate-response-before-deadline'. ACR 2024 words its subsequent-therapy "
    "recommendations for people 'who have undergone' triple or dual therapy and achieved a "
    "complete or partial response (after dual therapy with a partial response: escalate to "
    "triple therapy) without saying when initial therapy ends; the default keeps the first "
    "release's verdicts.",
    choices=tuple(e.value for e in EarlyResponse),
    source_id=_A,
)

#: Options of the current version.
OPTIONS: tuple[Option, ...] = (*OPTIONS_V1, EARLY_RESPONSE)


def evaluate(
    course: TreatmentCourse | Mapping[str, Any],
    response: Decision | Mapping[str, Any] | None = None,
    *,
    at: object = None,
    prior_regimens: object = None,
    **options: Any,
) -> Decision:
    """The ACR 2024 treatment step of ``course`` (see the module text).

    Args:
        course: The current treatment course (its ``start_date`` starts the 6-12 months).
        response: A response decision of one of the ``response_definition`` choices; None to
            classify the course with the ``response_definition`` option at ``at``.
        at: Assessment point when the response is computed (a date or study week; None: the
            deadline's week).
        prior_regimens: Earlier courses with their responses (PriorRegimen models or
            mappings), oldest first, not including the current one; ``[]`` = none, ``None`` =
            unknown.
        **options: ``response_deadline``, ``response_definition``, ``early_response``.

    Returns:
        A decision whose verdict is a
        `PhaseVerdict` value.
    """
    return classify_phase(
        RULE_SET,
        PARAMETERS,
        course,
        response,
        at=at,
        prior_regimens=prior_regimens,
        options=options,
    )


def evaluate_v1(
    course: TreatmentCourse | Mapping[str, Any],
    response: Decision | Mapping[str, Any] | None = None,
    *,
    at: object = None,
    prior_regimens: object = None,
    **options: Any,
) -> Decision:
    """``acr-2024-phase@1.0.0``: no ``early_response`` option and no early-response flag.

    Args:
        course: The current treatment course.
        response: A response decision, or None to classify the course.
        at: Assessment point when the response is computed.
        prior_regimens: Earlier courses with their responses (None = unknown).
        **options: ``response_deadline``, ``response_definition``.

    Returns:
        A decision stamped ``acr-2024-phase@1.0.0``.
    """
    return classify_phase(
        RULE_SET_V1,
        PARAMETERS,
        course,
        response,
        at=at,
        prior_regimens=prior_regimens,
        options=options,
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="ACR 2024 treatment step: inadequate response and refractory disease",
        kind=RuleKind.PHASE,
        source_ids=(_A,),
        parameters=PARAMETERS,
        description=(
            "Derives the ACR 2024 treatment step from a course and its renal response: at "
            "least a partial response -> maintenance (subsequent therapy); no partial response "
            "before the deadline -> initial (continue); none by the deadline ('by 6-12 months', "
            "default 12) -> non_response (inadequate response: escalate), or refractory when "
            "this is the second failed standard course. Feeds suggest_regimens(phase_decision=)."
        ),
        options=OPTIONS,
        notes=(
            "'Has not reached at least a partial response by 6-12 months' (ACR 2024 summary, "
            "high confidence): the range does not say whether 6 or 12 months decides. Option "
            "response_deadline, default month-12 (week 52); from month 6 an initial verdict is "
            "flagged inadequate-under-the-earliest-reading.",
            "'Failed two standard therapy courses' = refractory: the current course counts as "
            "failed when it is an inadequate response; earlier courses count when their "
            "response is 'none' (prior_regimens; unknown responses can leave the step "
            "undecided; None = not recorded).",
            "The response is the status at the assessment point (a response reached earlier "
            "and lost is not an inadequate response under this rule but a flare).",
            "ACR 2024's own CRR/PRR definitions are NOT FOUND: the response comes from a "
            "definition with a partial response (option response_definition, default "
            "kdigo-2024, or a decision passed as `response`). Single-endpoint trial "
            "definitions cannot say 'at least partial' and are refused.",
            "At least a partial response gives 'maintenance' (subsequent therapy); when "
            "initial therapy should end is not stated. A response reached before the deadline "
            "is flagged adequate-response-before-deadline, and option early_response='initial' "
            "keeps such a course in the initial step until the deadline. After dual therapy "
            "with only a partial response ACR escalates to triple therapy: acr-2024-algorithm "
            "raises that in its maintenance step.",
            "Earlier ACR (2012) timing, worsening at 3 months, is not part of ACR 2024 and is "
            "not applied. Dose and adherence checks stay the algorithm's prerequisite.",
            "suggest_regimens: an explicit phase wins over a phase decision; when both are "
            "given and differ the suggestions are flagged phase-differs-from-classification.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

#: The first release, kept selectable as ``acr-2024-phase@1.0.0``.
RULE_SET_V1 = register_version(
    RULE_SET,
    "1.0.0",
    evaluate=evaluate_v1,
    options=OPTIONS_V1,
    change="no option early_response and no flag adequate-response-before-deadline (an "
    "adequate response gives maintenance whenever it is reached, the current default); same "
    "verdicts.",
)

__all__ = [
    "EARLY_RESPONSE",
    "OPTIONS",
    "OPTIONS_V1",
    "PARAMETERS",
    "RULE_SET",
    "RULE_SET_V1",
    "evaluate",
    "evaluate_v1",
]
