"""Shared engine of the treatment-phase rule sets.

A phase rule set reads a treatment course, the renal response at an assessment point and the
earlier courses, and says which step of its guideline's algorithm applies: continue the
initial therapy (``initial``), move on to subsequent therapy (``maintenance``), the
inadequate-response step (``non_response``) or the refractory step (``refractory``). The
verdict is a `PhaseVerdict`; `lupus_nephritis.suggest_regimens` accepts the
decision as its ``phase_decision``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

import attrs

from lupus_nephritis.criteria.response._common import (
    AssessmentPoint,
    as_course,
    pick_point,
    resolve_assessment_date,
    safe_week_date,
)
from lupus_nephritis.decisions import Criterion, Decision, Evidence, ResponseCategory
from lupus_nephritis.errors import InputError
from lupus_nephritis.logic import Outcome
from lupus_nephritis.models import TreatmentCourse
from lupus_nephritis.regimens.models import PriorRegimen, TreatmentPhase
from lupus_nephritis.registry import RuleKind, RuleSet, get_rule_set_of_kind
from lupus_nephritis.thresholds import flag_criterion, outcome_criterion, resolve_options


class PhaseVerdict(str, Enum):
    """The treatment step a phase rule set derives (``not_evaluable`` when undecidable)."""

    INITIAL = "initial"
    MAINTENANCE = "maintenance"
    NON_RESPONSE = "non_response"
    REFRACTORY = "refractory"
    NOT_EVALUABLE = "not_evaluable"


#: Flags (stable strings).
FLAG_NOT_YET_DUE = "no-partial-response-yet"
FLAG_INADEQUATE_EARLIEST = "inadequate-under-the-earliest-reading"
FLAG_RESPONSE_BEFORE_DEADLINE = "adequate-response-before-deadline"

#: Name of the option saying which step an adequate response before the deadline gives.
EARLY_RESPONSE_OPTION = "early_response"


class EarlyResponse(str, Enum):
    """The step an adequate response reached before the response deadline gives."""

    MAINTENANCE = "maintenance"
    """Move on to the subsequent-therapy step as soon as the response is reached."""
    INITIAL = "initial"
    """Continue the initial therapy until the deadline (the response is then re-assessed)."""


@attrs.frozen
class PhaseParameters:
    """Parameters of a treatment-phase rule set (every value cited).

    Attributes:
        deadlines: The points by which at least a partial response is expected (the
            ``response_deadline`` option picks one), e.g. "by 6-12 months" as month 6 (study
            week 26) and month 12 (week 52).
        adequate: Response categories that count as an adequate response ("at least a
            partial response").
        min_failed_courses: Failed standard courses (the current one included) that make the
            disease refractory.
        response_definitions: Response rule sets whose decisions can feed the classification
            (definitions with a partial response); the first is the default.
        source_id: Source of the rule set.
    """

    deadlines: tuple[AssessmentPoint, ...]
    adequate: tuple[ResponseCategory, ...]
    min_failed_courses: int
    response_definitions: tuple[str, ...]
    source_id: str


def _prior(value: object) -> tuple[PriorRegimen, ...] | None:
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise InputError(
            f"prior_regimens: expected a sequence of regimens, got {type(value).__name__}"
        )
    return tuple(
        r if isinstance(r, PriorRegimen) else PriorRegimen.model_validate(r) for r in value
    )


def _response(
    params: PhaseParameters,
    course: TreatmentCourse,
    response: object,
    at: object,
    deadline: AssessmentPoint,
    definition: str,
) -> Decision:
    if response is None:
        rule_set = get_rule_set_of_kind(definition, RuleKind.RESPONSE)
        if rule_set.evaluate is None:  # pragma: no cover - every response rule set evaluates
            raise InputError(f"rule set {rule_set.key} cannot be evaluated")
        point = deadline.week if at is None else at
        decision: Decision = rule_set.evaluate(course, at=point)
        return decision
    if isinstance(response, Mapping):
        response = Decision.from_dict(dict(response))
    if not isinstance(response, Decision):
        raise InputError(f"response: expected a response Decision, got {type(response).__name__}")
    if response.kind != RuleKind.RESPONSE.value or response.rule_set_id not in (
        params.response_definitions
    ):
        allowed = ", ".join(params.response_definitions)
        raise InputError(
            f"response: a decision of {response.rule_set} cannot say whether at least a "
            f"partial response was reached; use one of: {allowed}"
        )
    return response


def classify_phase(
    rule_set: RuleSet,
    params: PhaseParameters,
    course: TreatmentCourse | Mapping[str, Any],
    response: object,
    *,
    at: object,
    prior_regimens: object,
    options: Mapping[str, Any],
) -> Decision:
    """Apply a phase rule set (see `lupus_nephritis.classify_treatment_phase`)."""
    model = as_course(course)
    opts = resolve_options(rule_set.options, dict(options), rule_set_id=rule_set.id)
    deadline = pick_point(params.deadlines, opts["response_deadline"])
    earliest = min(params.deadlines, key=lambda p: p.week)
    prior = _prior(prior_regimens)
    if at is not None and response is not None:
        raise InputError(
            "at: the assessment point is the response decision's; give `at` only when the "
            "response is computed from the course"
        )
    if at is not None:
        resolve_assessment_date(model, at, default_week=deadline.week)
    decision = _response(params, model, response, at, deadline, opts["response_definition"])
    if decision.assessed_on is None:
        raise InputError("response: the decision has no assessment date")
    assessed_on = decision.assessed_on
    due = safe_week_date(model.start_date, deadline.week, what="deadline")
    earliest_due = safe_week_date(model.start_date, earliest.week, what="deadline")
    src = params.source_id
    flags: list[str] = []
    missing: list[str] = []

    verdict_category = ResponseCategory(decision.verdict)
    if verdict_category is ResponseCategory.NOT_EVALUABLE:
        adequate_outcome = Outcome.UNKNOWN
        missing += [f"response.{m}" for m in decision.missing_inputs] or ["response"]
    elif verdict_category in params.adequate:
        adequate_outcome = Outcome.MET
    else:
        adequate_outcome = Outcome.NOT_MET
    adequate = outcome_criterion(
        "at-least-partial-response",
        "At least a partial renal response at the assessment",
        adequate_outcome,
        source_id=src,
        observed=decision.verdict,
        evidence=(Evidence("response", value=decision.rule_set, date=assessed_on),),
        note=f"{decision.rule_set}: {decision.verdict} on {assessed_on.isoformat()}",
    )
    reached = outcome_criterion(
        "response-deadline-reached",
        f"Assessment on or after the response deadline ({deadline.name}, study week "
        f"{deadline.week})",
        Outcome.MET if assessed_on >= due else Outcome.NOT_MET,
        source_id=src,
        observed=assessed_on.isoformat(),
        note=f"deadline {due.isoformat()} (option response_deadline={deadline.name!r})",
    )
    criteria: list[Criterion] = [adequate, reached]

    failed_before: int | None = None
    if prior is not None:
        failed = sum(1 for r in prior if r.response is ResponseCategory.NONE)
        unknown = sum(1 for r in prior if r.response is None)
        failed_before = failed if unknown == 0 else None
        needed = params.min_failed_courses - 1
        if failed >= needed:
            enough: bool | None = True
        elif failed + unknown >= needed:
            enough = None
        else:
            enough = False
    else:
        failed, enough = 0, None
    earlier = flag_criterion(
        "earlier-failed-courses",
        f"At least {params.min_failed_courses - 1} earlier failed standard course(s) (with "
        f"this one, {params.min_failed_courses} failed courses = refractory)",
        enough,
        required=True,
        source_id=src,
        evidence=(Evidence("prior_regimens", value=failed),) if prior is not None else (),
        note="prior_regimens not recorded"
        if prior is None
        else f"{failed} earlier course(s) with no response",
    )

    early = opts.get(EARLY_RESPONSE_OPTION)
    if adequate_outcome is Outcome.MET:
        verdict = PhaseVerdict.MAINTENANCE
        if early is not None and assessed_on < due:
            flags.append(FLAG_RESPONSE_BEFORE_DEADLINE)
            if EarlyResponse(early) is EarlyResponse.INITIAL:
                verdict = PhaseVerdict.INITIAL
    elif adequate_outcome is Outcome.UNKNOWN:
        verdict = PhaseVerdict.NOT_EVALUABLE
    elif assessed_on < due:
        verdict = PhaseVerdict.INITIAL
        flags.append(FLAG_NOT_YET_DUE)
        if assessed_on >= earliest_due:
            flags.append(FLAG_INADEQUATE_EARLIEST)
    else:
        criteria.append(earlier)
        if enough is True:
            verdict = PhaseVerdict.REFRACTORY
        elif enough is False:
            verdict = PhaseVerdict.NON_RESPONSE
        else:
            verdict = PhaseVerdict.NOT_EVALUABLE
            missing.append("prior_regimens" if prior is None else "prior_regimens.response")
    details: dict[str, object] = {
        "response_rule_set": decision.rule_set,
        "response_verdict": decision.verdict,
        "response_assessed_on": assessed_on.isoformat(),
        "response_deadline": due.isoformat(),
        "earlier_failed_courses": failed_before,
    }
    return Decision(
        rule_set_id=rule_set.id,
        rule_set_version=rule_set.version,
        kind=rule_set.kind.value,
        verdict=verdict,
        criteria=tuple(criteria),
        missing_inputs=tuple(dict.fromkeys(missing)),
        flags=tuple(flags),
        options=tuple(opts.items()),
        assessed_on=assessed_on,
        details=tuple(details.items()),
        source_ids=rule_set.source_ids,
    )


def phase_of(decision: Decision) -> TreatmentPhase | None:
    """The `TreatmentPhase` a phase decision derived (None when not evaluable).

    Raises:
        InputError: ``decision`` is not a phase decision.
    """
    if not isinstance(decision, Decision) or decision.kind != RuleKind.PHASE.value:
        raise InputError("phase_decision: expected a decision of a phase rule set")
    if decision.verdict == PhaseVerdict.NOT_EVALUABLE.value:
        return None
    return TreatmentPhase(decision.verdict)


__all__ = [
    "EARLY_RESPONSE_OPTION",
    "FLAG_INADEQUATE_EARLIEST",
    "FLAG_NOT_YET_DUE",
    "FLAG_RESPONSE_BEFORE_DEADLINE",
    "EarlyResponse",
    "PhaseParameters",
    "PhaseVerdict",
    "classify_phase",
    "phase_of",
]
