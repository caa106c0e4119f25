"""Public API: `check_safety_stop_rule`, `check_safety_stop_rules`."""

from __future__ import annotations

from typing import Any

from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import InputError, UnknownRuleSetError
from lupus_nephritis.regimens.models import parse_drug
from lupus_nephritis.regimens.safety.engine import (
    NOT_FOUND,
    SafetyLabs,
    SafetyStatus,
    SerumIgG,
    StopRule,
    StopRuleNotFound,
    parse_labs,
)
from lupus_nephritis.registry import RuleKind, get_rule_set_of_kind, list_rule_sets


def check_safety_stop_rule(labs: object, rule_set: str, **options: Any) -> Decision:
    """Check one published safety stop rule on a patient's lab values.

    Args:
        labs: A `SafetyLabs` or a mapping, e.g. ``{"igg": "2.8 g/L"}`` or
            ``{"blood_pressure": {"systolic": 170, "diastolic": 100, "unit": "mmHg"}}``;
            ``None`` when nothing was measured.
        rule_set: A safety rule-set id (``"april-ln-igg-stop"``, ``"lupkynis-us-bp-stop"``),
            optionally ``id@version``.
        **options: Options of that rule set.

    Returns:
        The decision: verdict ``stop``, ``continue`` or ``not_evaluable`` (a
        `SafetyStatus` value), with the criterion ``stop-rule`` and details ``drug``,
        ``action``, ``setting``.

    Raises:
        UnknownRuleSetError: ``rule_set`` is not a safety rule set.
        OptionError: unknown option or value.
        InputValidationError: invalid lab values.
    """
    if not isinstance(rule_set, str):
        raise UnknownRuleSetError(f"rule_set must be a rule-set id string, not {rule_set!r}")
    chosen = get_rule_set_of_kind(rule_set, RuleKind.SAFETY)
    if chosen.evaluate is None:  # pragma: no cover - every safety rule set evaluates
        raise UnknownRuleSetError(f"rule set {chosen.key} cannot be evaluated")
    result: Decision = chosen.evaluate(labs, **options)
    return result


def check_safety_stop_rules(labs: object, *, drug: object = None) -> tuple[Decision, ...]:
    """Check every published safety stop rule (of one drug) on a patient's lab values.

    Args:
        labs: A `SafetyLabs` or a mapping (see `check_safety_stop_rule`).
        drug: Only the rules of this drug (a name such as ``"atacicept"`` or a catalogue drug
            or alias such as ``"voclosporin"``); ``None``: every rule.

    Returns:
        One decision per rule, in rule-set id order, each with its default options.

    Raises:
        InputError: ``drug`` is not a string or a catalogue drug.
        InputValidationError: invalid lab values.
    """
    values = parse_labs(labs)
    wanted: str | None = None
    if drug is not None:
        if not isinstance(drug, str):
            raise InputError(f"drug: expected a drug name, got {type(drug).__name__}")
        try:
            wanted = parse_drug(drug).value
        except ValueError:
            wanted = drug.strip().lower()
    decisions = []
    for rule_set in list_rule_sets(RuleKind.SAFETY):
        rule: StopRule = rule_set.parameters
        if wanted is not None and rule.drug != wanted:
            continue
        decisions.append(check_safety_stop_rule(values, rule_set.key))
    return tuple(decisions)


def list_stop_rules_not_found() -> tuple[StopRuleNotFound, ...]:
    """Stop rules that were looked for in trials and labels and not found (none is encoded).

    Returns:
        One record per drug: where it was looked for, what, and what was found instead.
    """
    return NOT_FOUND


__all__ = [
    "SafetyLabs",
    "SafetyStatus",
    "SerumIgG",
    "StopRuleNotFound",
    "check_safety_stop_rule",
    "check_safety_stop_rules",
    "list_stop_rules_not_found",
]
