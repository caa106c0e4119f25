"""Public entry points of the biopsy-indication rule sets.

* `assess_biopsy_indication`: one rule set, one explained decision;
* `compare_biopsy_indications`: several rule sets side by side (the same findings).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from lupus_nephritis.criteria.biopsy._common import coerce_findings
from lupus_nephritis.criteria.biopsy.models import BiopsyFindings
from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import UnknownRuleSetError
from lupus_nephritis.registry import (
    RuleKind,
    RuleSet,
    get_rule_set,
    get_rule_set_of_kind,
    list_rule_sets,
)

_SUFFIX = "-biopsy"


def resolve_biopsy_rule_set(guideline: str) -> RuleSet:
    """The biopsy rule set named by ``guideline``.

    Accepts a rule-set id (``"kdigo-2024-biopsy"``), its short form without the ``-biopsy``
    suffix (``"kdigo-2024"``), either with ``@version``.

    Raises:
        UnknownRuleSetError: no biopsy rule set has that name (or ``guideline`` is not a
            string).
    """
    if not isinstance(guideline, str):
        raise UnknownRuleSetError(
            f"a biopsy guideline name is a string (e.g. 'kdigo-2024'), got "
            f"{type(guideline).__name__}"
        )
    name, at, version = guideline.partition("@")
    candidates = [name] if name.endswith(_SUFFIX) else [name + _SUFFIX, name]
    for candidate in candidates:
        try:
            rule_set = get_rule_set(candidate, version=version if at else None)
        except UnknownRuleSetError:
            continue
        if rule_set.kind is RuleKind.BIOPSY:
            return rule_set
    # raise the registry's own message (lists the biopsy rule sets)
    return get_rule_set_of_kind(candidates[0], RuleKind.BIOPSY, version=version if at else None)


def assess_biopsy_indication(
    findings: BiopsyFindings | Mapping[str, Any],
    guideline: str = "kdigo-2024",
    **options: Any,
) -> Decision:
    """Whether the urine and kidney-function findings call for a kidney biopsy.

    Args:
        findings: The findings (a `BiopsyFindings`
            or a plain mapping validated into one).
        guideline: A biopsy rule set: ``"kdigo-2024"`` (default), ``"kdigo-2021"``,
            ``"eular-2019"``, ``"eular-2012"``, ``"acr-2024"``, ``"acr-2024-repeat"``,
            ``"acr-2012"``, ``"seed-review-2024"`` (the ``-biopsy`` suffix of the registered
            id is optional; ``"@version"`` selects a version).
        **options: Options of that rule set (unknown names raise
            `OptionError`).

    Returns:
        A `Decision` whose verdict is a
        `BiopsyIndication` value: ``indicated`` (a sufficient
        criterion is met; ``details`` name the ones that fired), ``not_indicated`` (every
        sufficient criterion is not met) or ``insufficient_data`` (``missing_inputs`` lists
        what would decide).

    Raises:
        UnknownRuleSetError: ``guideline`` is not a biopsy rule set.
        OptionError: an option is unknown or invalid.
        InputValidationError: ``findings`` is a mapping that is not valid findings.

    Example:
        >>> from lupus_nephritis.criteria.biopsy.api import assess_biopsy_indication
        >>> assess_biopsy_indication({"upcr": "0.5 g/g"}, "acr-2024").verdict
        'insufficient_data'
        >>> first_morning = {"value": "500", "unit": "mg/g", "specimen": "first_morning"}
        >>> assess_biopsy_indication(
        ...     {"upcr": first_morning, "is_proteinuria_persistent": True}, "eular-2019"
        ... ).verdict
        'indicated'
    """
    model = coerce_findings(findings)
    rule_set = resolve_biopsy_rule_set(guideline)
    if rule_set.evaluate is None:  # pragma: no cover - every biopsy rule set evaluates
        raise UnknownRuleSetError(f"rule set {rule_set.key} cannot be evaluated")
    result: Decision = rule_set.evaluate(model, **options)
    return result


def compare_biopsy_indications(
    findings: BiopsyFindings | Mapping[str, Any],
    guidelines: Iterable[str] | None = None,
) -> tuple[Decision, ...]:
    """Assess the same findings under several biopsy rule sets, with default options.

    Args:
        findings: The findings (model or mapping).
        guidelines: Rule-set names as accepted by `assess_biopsy_indication` (a single
            name is accepted too); None means every registered biopsy rule set (latest
            versions, sorted by id).

    Returns:
        One decision per rule set, in the order asked.

    Raises:
        UnknownRuleSetError: a name is not a biopsy rule set.
        InputValidationError: ``findings`` is a mapping that is not valid findings.
    """
    model = coerce_findings(findings)
    if guidelines is None:
        names = [r.id for r in list_rule_sets(RuleKind.BIOPSY)]
    elif isinstance(guidelines, str):
        names = [guidelines]
    elif isinstance(guidelines, Iterable):
        names = list(guidelines)
    else:
        raise UnknownRuleSetError(
            f"guidelines must be rule-set names, got {type(guidelines).__name__}"
        )
    return tuple(assess_biopsy_indication(model, name) for name in names)


__all__ = ["assess_biopsy_indication", "compare_biopsy_indications", "resolve_biopsy_rule_set"]
