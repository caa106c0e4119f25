"""Public API: `suggest_regimens`, the treatment algorithm's options at each step.

At each step (``initial``, ``maintenance``, ``non_response``, ``refractory``) the algorithm
rule sets list the regimens their source offers, with the reasons each is offered, offered with
caution, excluded or not evaluable for this patient. They offer options with reasons; they
never prescribe.

Rule sets: ``seed-review-2024-algorithm`` (default), ``kdigo-2024-algorithm``,
``eular-2023-algorithm``, ``acr-2024-algorithm``. The step can be derived rather than chosen:
`classify_treatment_phase` (``acr-2024-phase``) classifies a course's
response as adequate, inadequate or refractory, and its decision is passed as
``phase_decision``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import InputError, UnknownRuleSetError
from lupus_nephritis.regimens.algorithms._engine import (
    RegimenSuggestions,
    Suggestion,
    SuggestionStatus,
)
from lupus_nephritis.regimens.models import PatientContext, TreatmentPhase
from lupus_nephritis.regimens.phase._engine import phase_of
from lupus_nephritis.registry import RuleKind, get_rule_set_of_kind

DEFAULT_RULE_SET = "seed-review-2024-algorithm"
"""Algorithm rule set used when none is named."""


#: Flag: an explicit phase differs from the phase classification given with it.
FLAG_PHASE_DIFFERS = "phase-differs-from-classification"


def suggest_regimens(
    patient: PatientContext | Mapping[str, Any] | None = None,
    phase: TreatmentPhase | str | None = None,
    rule_set: str = DEFAULT_RULE_SET,
    *,
    phase_decision: Decision | None = None,
    **options: Any,
) -> RegimenSuggestions:
    """The regimens an algorithm offers at one step, each with its reasons.

    The step is the caller's ``phase`` when given (explicit wins), else the verdict of
    ``phase_decision`` (from `classify_treatment_phase`, e.g. ACR
    2024's inadequate-response and refractory classification), else ``initial``. When both
    are given and the classification decided another step, the suggestions are flagged
    ``phase-differs-from-classification`` (the classification is kept with them).

    Args:
        patient: The patient context (a `PatientContext`
            or a mapping). For the non-response, refractory and maintenance steps give
            ``prior_regimens`` (the last one is the regimen that failed or was just given,
            with its ``response``).
        phase: ``initial``, ``maintenance``, ``non_response`` or ``refractory``; None to
            take it from ``phase_decision`` (or ``initial`` without one).
        rule_set: An algorithm rule-set id (optionally ``id@version``).
        phase_decision: A phase classification decision (kind ``phase``).
        **options: Options of the rule set (e.g. ``label_rule_set="none"``).

    Returns:
        The suggestions: one decision per candidate (verdict: a `SuggestionStatus`
        value), step prerequisites, notes, and where the phase came from.

    Raises:
        UnknownRuleSetError: ``rule_set`` is not an algorithm rule set.
        InputError: unknown phase; ``phase_decision`` is not a phase decision, or it is not
            evaluable and no ``phase`` is given (its missing inputs are named).
        InputValidationError: invalid patient data.
    """
    if not isinstance(rule_set, str):
        raise UnknownRuleSetError(f"rule_set must be a rule-set id string, not {rule_set!r}")
    chosen = get_rule_set_of_kind(rule_set, RuleKind.ALGORITHM)
    if chosen.evaluate is None:  # pragma: no cover - every algorithm rule set evaluates
        raise UnknownRuleSetError(f"rule set {chosen.key} cannot be evaluated")
    derived = None if phase_decision is None else phase_of(phase_decision)
    flags: tuple[str, ...] = ()
    if phase is not None:
        source = "explicit"
        step: TreatmentPhase | str = phase
        if derived is not None and derived.value != _phase_value(phase):
            flags = (FLAG_PHASE_DIFFERS,)
    elif phase_decision is not None:
        if derived is None:
            missing = ", ".join(phase_decision.missing_inputs) or "see its criteria"
            raise InputError(
                f"phase_decision ({phase_decision.rule_set}) is not evaluable (missing: "
                f"{missing}); pass phase= explicitly"
            )
        source, step = "derived", derived
    else:
        source, step = "default", TreatmentPhase.INITIAL
    result: RegimenSuggestions = chosen.evaluate(patient, step, **options)
    if phase_decision is None and source != "default":
        return result
    return attrs.evolve(result, phase_source=source, phase_decision=phase_decision, flags=flags)


def _phase_value(phase: object) -> object:
    return phase.value if isinstance(phase, TreatmentPhase) else phase


__all__ = [
    "DEFAULT_RULE_SET",
    "FLAG_PHASE_DIFFERS",
    "RegimenSuggestions",
    "Suggestion",
    "SuggestionStatus",
    "suggest_regimens",
]
