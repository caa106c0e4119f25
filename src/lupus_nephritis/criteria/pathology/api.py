"""Public entry points of the pathology rule sets.

* `classify_isn_rps`: the ISN/RPS class of a biopsy (2018 revision or 2003), as an
  explained `Decision`;
* `compute_nih_activity_index` / `compute_nih_chronicity_index`: the modified
  NIH indices, as frozen `NIHIndex`
  results (``.to_decision()`` for the explained form).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lupus_nephritis.criteria.pathology.models import KidneyBiopsy
from lupus_nephritis.criteria.pathology.nih_indices import (
    NIHIndex,
    compute_nih_activity_index,
    compute_nih_chronicity_index,
)
from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import UnknownRuleSetError
from lupus_nephritis.registry import RuleKind, get_rule_set_of_kind

#: ``version`` values of `classify_isn_rps` and the rule sets they select.
VERSIONS: dict[str, str] = {"2018": "isn-rps-2018", "2003": "isn-rps-2003"}


def classify_isn_rps(
    biopsy: KidneyBiopsy | Mapping[str, Any],
    version: str = "2018",
    **options: Any,
) -> Decision:
    """Classify a lupus nephritis biopsy under ISN/RPS.

    Args:
        biopsy: A `KidneyBiopsy` or a
            plain mapping validated into one.
        version: ``"2018"`` (default; the revision without IV-S/G and A/C subclasses) or
            ``"2003"`` (with them); a rule-set id (``"isn-rps-2003"``, optionally with
            ``@version``) is accepted too.
        **options: Options of the rule set: ``min_glomeruli`` (default 10),
            ``combined_v_rule``, and for 2003 ``iv_tie_rule``.

    Returns:
        A decision whose verdict is the class string (``"I"`` ... ``"VI"``, ``"III+V"``,
        ``"IV+V"``; under 2003 with subclasses, e.g. ``"IV-G (A/C)+V"``) or one of
        ``"insufficient_sample"``, ``"not_evaluable"`` (missing inputs listed) and
        ``"unclassified"`` (no lupus nephritis lesion recorded). ``details`` hold the class,
        the percentages, the 2003 subclasses, and under 2018 the NIH index totals.

    Raises:
        UnknownRuleSetError: ``version`` names no ISN/RPS rule set (or is not a string).
        OptionError: an option is unknown or invalid.
        InputValidationError: ``biopsy`` is a mapping that is not a valid biopsy.

    Example:
        >>> from lupus_nephritis.criteria.pathology.api import classify_isn_rps
        >>> biopsy = {
        ...     "glomeruli_total": 20, "glomeruli_globally_sclerosed": 1,
        ...     "glomeruli_involved": 6, "subepithelial_deposits": "absent",
        ... }
        >>> classify_isn_rps(biopsy).verdict
        'III'
    """
    if not isinstance(version, str):
        raise UnknownRuleSetError(
            f"an ISN/RPS version is a string ('2018' or '2003'), got {type(version).__name__}"
        )
    name = VERSIONS.get(version, version)
    rule_set = get_rule_set_of_kind(name, RuleKind.PATHOLOGY)
    if rule_set.evaluate is None or not rule_set.id.startswith("isn-rps"):
        raise UnknownRuleSetError(
            f"{rule_set.key} is not an ISN/RPS classification; use one of "
            f"{', '.join(VERSIONS)} or {', '.join(VERSIONS.values())}"
        )
    result: Decision = rule_set.evaluate(biopsy, **options)
    return result


__all__ = [
    "VERSIONS",
    "NIHIndex",
    "classify_isn_rps",
    "compute_nih_activity_index",
    "compute_nih_chronicity_index",
]
