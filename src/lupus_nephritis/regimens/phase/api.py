"""Public entry point of the phase rule sets: `classify_treatment_phase`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import UnknownRuleSetError
from lupus_nephritis.models import TreatmentCourse
from lupus_nephritis.regimens.phase._engine import PhaseVerdict
from lupus_nephritis.registry import RuleKind, get_rule_set_of_kind

DEFAULT_PHASE_RULE_SET = "acr-2024-phase"


def classify_treatment_phase(
    course: TreatmentCourse | Mapping[str, Any],
    response: Decision | Mapping[str, Any] | None = None,
    *,
    rule_set: str = DEFAULT_PHASE_RULE_SET,
    at: object = None,
    prior_regimens: object = None,
    **options: Any,
) -> Decision:
    """The treatment step (initial, maintenance, non_response, refractory) of a course.

    Args:
        course: The current treatment course (model or mapping); its start date starts the
            response deadline.
        response: A response decision (e.g. ``classify_renal_response(course, "kdigo-2024")``)
            of a definition with a partial response; None to classify the course with the
            rule set's ``response_definition`` option.
        rule_set: A phase rule-set id (default ``"acr-2024-phase"``), optionally
            ``"id@version"``.
        at: Assessment point when the response is computed from the course (a date or a
            study week; None: the deadline). Not allowed with ``response``.
        prior_regimens: Earlier courses (oldest first, not the current one) with their
            ``response``; ``[]`` = none, ``None`` = not recorded.
        **options: Options of the rule set (``response_deadline``, ``response_definition``,
            ``early_response``).

    Returns:
        A `Decision` whose verdict is a
        `PhaseVerdict` value, with the
        criteria (at least a partial response, deadline reached, earlier failed courses),
        missing inputs and flags; pass it to ``suggest_regimens(phase_decision=...)``.

    Raises:
        UnknownRuleSetError: ``rule_set`` is not a phase rule set.
        OptionError: an unknown option or value.
        InputError: ``response`` is not a response decision of an accepted definition, ``at``
            is given with ``response`` or is invalid, or ``prior_regimens`` is not a sequence.
        InputValidationError: ``course`` or a prior regimen is not valid.
    """
    if not isinstance(rule_set, str):
        raise UnknownRuleSetError(f"rule_set must be a rule-set id string, not {rule_set!r}")
    chosen = get_rule_set_of_kind(rule_set, RuleKind.PHASE)
    if chosen.evaluate is None:  # pragma: no cover - every phase rule set evaluates
        raise UnknownRuleSetError(f"rule set {chosen.key} cannot be evaluated")
    decision: Decision = chosen.evaluate(
        course, response, at=at, prior_regimens=prior_regimens, **options
    )
    return decision


__all__ = ["DEFAULT_PHASE_RULE_SET", "PhaseVerdict", "classify_treatment_phase"]
