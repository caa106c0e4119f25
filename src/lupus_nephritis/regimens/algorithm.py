"""Public API: :func:`suggest_regimens`, the treatment algorithm's options at each step.

At each step (``initial``, ``maintenance``, ``non_response``, ``refractory``) the algorithm
rule sets list the regimens their source offers, with the reasons each is offered, offered with
caution, excluded or not evaluable for this patient. They offer options with reasons; they
never prescribe.

Rule sets: ``seed-review-2024-algorithm`` (default), ``kdigo-2024-algorithm``,
``eular-2023-algorithm``, ``acr-2024-algorithm``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lupus_nephritis.errors import UnknownRuleSetError
from lupus_nephritis.regimens.algorithms._engine import (
    RegimenSuggestions,
    Suggestion,
    SuggestionStatus,
)
from lupus_nephritis.regimens.models import PatientContext, TreatmentPhase
from lupus_nephritis.registry import RuleKind, get_rule_set_of_kind

DEFAULT_RULE_SET = "seed-review-2024-algorithm"
"""Algorithm rule set used when none is named."""


def suggest_regimens(
    patient: PatientContext | Mapping[str, Any] | None = None,
    phase: TreatmentPhase | str = TreatmentPhase.INITIAL,
    rule_set: str = DEFAULT_RULE_SET,
    **options: Any,
) -> RegimenSuggestions:
    """The regimens an algorithm offers at one step, each with its reasons.

    Args:
        patient: The patient context (a :class:`~lupus_nephritis.regimens.models.PatientContext`
            or a mapping). For the non-response, refractory and maintenance steps give
            ``prior_regimens`` (the last one is the regimen that failed or was just given,
            with its ``response``).
        phase: ``initial`` (default), ``maintenance``, ``non_response`` or ``refractory``.
        rule_set: An algorithm rule-set id (optionally ``id@version``).
        **options: Options of the rule set (e.g. ``label_rule_set="none"``).

    Returns:
        The suggestions: one decision per candidate (verdict: a :class:`SuggestionStatus`
        value), step prerequisites and notes.

    Raises:
        UnknownRuleSetError: ``rule_set`` is not an algorithm rule set.
        InputError: unknown phase. InputValidationError: invalid patient data.
    """
    if not isinstance(rule_set, str):
        raise UnknownRuleSetError(f"rule_set must be a rule-set id string, not {rule_set!r}")
    chosen = get_rule_set_of_kind(rule_set, RuleKind.ALGORITHM)
    if chosen.evaluate is None:  # pragma: no cover - every algorithm rule set evaluates
        raise UnknownRuleSetError(f"rule set {chosen.key} cannot be evaluated")
    result: RegimenSuggestions = chosen.evaluate(patient, phase, **options)
    return result


__all__ = [
    "DEFAULT_RULE_SET",
    "RegimenSuggestions",
    "Suggestion",
    "SuggestionStatus",
    "suggest_regimens",
]
