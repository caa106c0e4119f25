"""Public API: `check_belimumab_dosing`."""

from __future__ import annotations

from typing import Any

from lupus_nephritis.errors import UnknownRuleSetError
from lupus_nephritis.regimens.belimumab_dosing.engine import (
    BelimumabDoseStatus,
    BelimumabDosingCheck,
    BelimumabDosingStatus,
)
from lupus_nephritis.regimens.belimumab_dosing.models import (
    BelimumabDose,
    BelimumabRoute,
    DosePerKg,
)
from lupus_nephritis.registry import RuleKind, get_rule_set_of_kind

_PACKAGE = "lupus_nephritis.regimens.belimumab_dosing."

DEFAULT_RULE_SET = "benlysta-us-ln-dosing"
"""Rule set used when none is named."""


def check_belimumab_dosing(
    doses: object,
    *,
    rule_set: str = DEFAULT_RULE_SET,
    weight_kg: object = None,
    as_of: object = None,
    **options: Any,
) -> BelimumabDosingCheck:
    """Check belimumab administrations against the label's lupus nephritis schedule.

    Args:
        doses: Administration records, in any order: `BelimumabDose` models or
            mappings such as ``{"date": "2024-01-08", "route": "iv", "dose": "700 mg",
            "weight": "70 kg"}`` (or ``"dose_per_kg": "10 mg/kg"``). Records of one day and
            route are one administration (two 200 mg injections make the 400 mg dose).
        rule_set: A belimumab dosing rule set (default ``"benlysta-us-ln-dosing"``),
            optionally ``id@version``.
        weight_kg: Body weight for intravenous doses recorded in mg without their own weight.
        as_of: A date (or ISO string, not before the last dose) on which the next dose must not
            be overdue; ``None`` (default): not checked.
        **options: Options of the rule set (``timing_tolerance_days``, ``timing_reference``,
            ``dose_tolerance_percent``, ``sc_dose_after_iv``).

    Returns:
        A `BelimumabDosingCheck`: ``overall`` (verdict ``on_schedule``, ``deviation``
        or ``not_evaluable``) and ``doses``, one decision per administration (verdict
        ``on_schedule``, ``early``, ``late``, ``wrong_dose`` or ``not_evaluable``).

    Raises:
        UnknownRuleSetError: ``rule_set`` is not a belimumab dosing rule set.
        OptionError: unknown option or invalid value.
        InputError: invalid records (e.g. both routes on one day) or dates.
        InputValidationError: a record fails its model.
    """
    if not isinstance(rule_set, str):
        raise UnknownRuleSetError(f"rule_set must be a rule-set id string, not {rule_set!r}")
    chosen = get_rule_set_of_kind(rule_set, RuleKind.DOSING)
    if chosen.evaluate is None or not (chosen.module or "").startswith(_PACKAGE):
        raise UnknownRuleSetError(
            f"rule set {chosen.key} is not a belimumab dosing rule set; use {DEFAULT_RULE_SET}"
        )
    result: BelimumabDosingCheck = chosen.evaluate(
        doses, weight_kg=weight_kg, as_of=as_of, **options
    )
    return result


__all__ = [
    "DEFAULT_RULE_SET",
    "BelimumabDose",
    "BelimumabDoseStatus",
    "BelimumabDosingCheck",
    "BelimumabDosingStatus",
    "BelimumabRoute",
    "DosePerKg",
    "check_belimumab_dosing",
]
