"""Rule set ``lupkynis-us-egfr-dosing``: voclosporin eGFR-based dose modification (US label).

The US prescribing information's table: with current eGFR below 60 mL/min/1.73 m2, a decrease
from baseline above 20% and below 30% means reducing each dose by 7.9 mg (twice daily) and
reassessing within 2 weeks; a decrease of 30% or more means discontinuing and reassessing within
2 weeks; restart (at 7.9 mg twice daily) only once eGFR is back to at least 80% of baseline.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lupus_nephritis.decisions import Decision
from lupus_nephritis.regimens.voclosporin_dosing._common import (
    DosingParameters,
    VoclosporinStatus,
    evaluate_dosing,
    label_thresholds,
)
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Option, resolve_options

RULE_SET_ID = "lupkynis-us-egfr-dosing"
_SOURCE = "lupkynis-uspi"

PARAMETERS = DosingParameters(
    **label_thresholds(_SOURCE),
    dose_step_mg=Decimal("7.9"),
    restart_dose_mg=Decimal("7.9"),
    starting_dose_mg=Decimal("23.7"),
    reassess_within_days=14,
    confirmation_window_hours=None,
    source_id=_SOURCE,
)

OPTIONS: tuple[Option, ...] = ()


def evaluate(
    baseline_egfr: object,
    current_egfr: object,
    *,
    status: VoclosporinStatus | str = VoclosporinStatus.ON_FULL_DOSE,
    current_at: object = None,
    confirmation_egfr: object = None,
    confirmation_at: object = None,
    **options: Any,
) -> Decision:
    """Apply the US label's eGFR dose-modification table.

    Args:
        baseline_egfr: Baseline eGFR (an `EGFR`, a mapping or
            ``"62 mL/min/{1.73_m2}"``); ``None`` if unknown.
        current_egfr: The eGFR now.
        status: ``on_full_dose`` (default), ``on_reduced_dose`` or ``discontinued``.
        current_at: Date or datetime of the current eGFR (recorded only).
        confirmation_egfr: Ignored by the US table (no confirmation step).
        confirmation_at: Ignored by the US table.
        **options: None are defined.

    Returns:
        The decision; its verdict is a ``VoclosporinDoseAction`` value.
    """
    opts = resolve_options(OPTIONS, options, rule_set_id=RULE_SET_ID)
    return evaluate_dosing(
        RULE_SET,
        PARAMETERS,
        baseline_egfr,
        current_egfr,
        status=status,
        current_at=current_at,
        confirmation_egfr=None,
        confirmation_at=None,
        options=opts,
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="Voclosporin eGFR-based dose modification (LUPKYNIS US label)",
        kind=RuleKind.DOSING,
        source_ids=(_SOURCE,),
        parameters=PARAMETERS,
        description=(
            "Compares the current eGFR with the baseline eGFR. At or above 60 mL/min/1.73 m2, "
            "or with a decrease of at most 20%: no change. Below 60 with a decrease above 20% "
            "and below 30%: reduce each dose by 7.9 mg (twice daily) and reassess within 2 "
            "weeks (again if still more than 20% below). Below 60 with a decrease of 30% or "
            "more: discontinue and reassess within 2 weeks. After an eGFR-driven "
            "discontinuation, restart at 7.9 mg twice daily only at 80% of baseline or more; "
            "after a reduction, consider +7.9 mg twice daily per eGFR at 80% of baseline or "
            "more, never above 23.7 mg twice daily."
        ),
        options=OPTIONS,
        notes=(
            "Comparators as in the label: 'decrease > 20% and < 30%' reduces, '>= 30%' "
            "discontinues, so exactly 20% is no change and exactly 30% is discontinuation; "
            "'eGFR < 60' gates both, so exactly 60 is no change.",
            "The decrease is computed exactly from the two values as given (no rounding).",
            "The US table needs no confirmation of the decrease; see lupkynis-eu-egfr-dosing "
            "for the EU rule.",
            "The verdict says what the table allows; 'may_increase' and 'may_restart' are "
            "options to consider, never orders.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "evaluate"]
