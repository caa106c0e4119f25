"""Public API: `voclosporin_dose_action`."""

from __future__ import annotations

from typing import Any

from lupus_nephritis.decisions import Decision
from lupus_nephritis.errors import UnknownRuleSetError
from lupus_nephritis.regimens.voclosporin_dosing._common import (
    VoclosporinDoseAction,
    VoclosporinStatus,
)
from lupus_nephritis.registry import RuleKind, get_rule_set_of_kind

_PACKAGE = "lupus_nephritis.regimens.voclosporin_dosing."

DEFAULT_RULE_SET = "lupkynis-us-egfr-dosing"
"""Rule set used when none is named."""


def voclosporin_dose_action(
    baseline_egfr: object,
    current_egfr: object,
    *,
    rule_set: str = DEFAULT_RULE_SET,
    status: VoclosporinStatus | str = VoclosporinStatus.ON_FULL_DOSE,
    current_at: object = None,
    confirmation_egfr: object = None,
    confirmation_at: object = None,
    **options: Any,
) -> Decision:
    """What the voclosporin label's eGFR table says to do with the dose.

    Args:
        baseline_egfr: Baseline eGFR: an `EGFR`, a mapping
            ``{"value": 62, "unit": "mL/min/{1.73_m2}"}`` or ``"62 mL/min/{1.73_m2}"``; ``None``
            if unknown (the decision is then not evaluable).
        current_egfr: The eGFR now, in the same forms.
        rule_set: ``"lupkynis-us-egfr-dosing"`` (default) or ``"lupkynis-eu-egfr-dosing"``.
        status: ``"on_full_dose"`` (default), ``"on_reduced_dose"`` (after an eGFR-driven
            reduction) or ``"discontinued"`` (after an eGFR-driven discontinuation).
        current_at: Date or datetime (or ISO string) of the current eGFR.
        confirmation_egfr: EU only: the second assessment confirming a decrease.
        confirmation_at: EU only: its date or datetime.
        **options: Options of the rule set.

    Returns:
        A decision whose verdict is a `VoclosporinDoseAction` value (``no_change``,
        ``reduce_dose``, ``discontinue``, ``may_increase``, ``may_restart``, ``confirm_first``,
        ``not_evaluable``); ``detail("instruction")`` says it in words and
        ``detail("percent_decrease")`` gives the exact decrease.

    Raises:
        UnknownRuleSetError: ``rule_set`` is not a dosing rule set.
        InputError: invalid status or dates; InputValidationError: invalid eGFR.
    """
    if not isinstance(rule_set, str):
        raise UnknownRuleSetError(f"rule_set must be a rule-set id string, not {rule_set!r}")
    chosen = get_rule_set_of_kind(rule_set, RuleKind.DOSING)
    if chosen.evaluate is None or not (chosen.module or "").startswith(_PACKAGE):
        raise UnknownRuleSetError(
            f"rule set {chosen.key} is not a voclosporin eGFR dosing rule set; use "
            "lupkynis-us-egfr-dosing or lupkynis-eu-egfr-dosing"
        )
    result: Decision = chosen.evaluate(
        baseline_egfr,
        current_egfr,
        status=status,
        current_at=current_at,
        confirmation_egfr=confirmation_egfr,
        confirmation_at=confirmation_at,
        **options,
    )
    return result


__all__ = [
    "DEFAULT_RULE_SET",
    "VoclosporinDoseAction",
    "VoclosporinStatus",
    "voclosporin_dose_action",
]
