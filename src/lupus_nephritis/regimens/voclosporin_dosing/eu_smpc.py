"""Rule set ``lupkynis-eu-egfr-dosing``: voclosporin eGFR-based dose modification (EU SmPC).

As the US table, except that a decrease is acted on only when confirmed: two consecutive
assessments within 48 hours must both show it (with eGFR below 60). The fact base read the EU
rows up to discontinuation (a decrease of 30% or more); the remaining EU rows were truncated, so
the reduce band and the restart and up-titration rules follow the US values by default (option
``unconfirmed_eu_rows``).
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

RULE_SET_ID = "lupkynis-eu-egfr-dosing"
_SOURCE = "lupkynis-eu-smpc"

PARAMETERS = DosingParameters(
    **label_thresholds(_SOURCE),
    dose_step_mg=Decimal("7.9"),
    restart_dose_mg=Decimal("7.9"),
    starting_dose_mg=Decimal("23.7"),
    reassess_within_days=14,
    confirmation_window_hours=48,
    source_id=_SOURCE,
)

OPTIONS: tuple[Option, ...] = (
    Option(
        name="unconfirmed_eu_rows",
        default="follow_us_label",
        description=(
            "The EU rows beyond 'decrease >= 30%: stop' (the reduce band, restart, "
            "up-titration) were truncated in the fact base: 'follow_us_label' (default) applies "
            "the US values; 'not_evaluable' returns not evaluable for them."
        ),
        choices=("follow_us_label", "not_evaluable"),
        source_id=_SOURCE,
    ),
)


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
    """Apply the EU SmPC's eGFR dose-modification rule (decrease confirmed within 48 h).

    Args:
        baseline_egfr: Baseline eGFR (an `EGFR`, a mapping or
            ``"62 mL/min/{1.73_m2}"``); ``None`` if unknown.
        current_egfr: The eGFR now (first assessment).
        status: ``on_full_dose`` (default), ``on_reduced_dose`` or ``discontinued``.
        current_at: Date or datetime of the first assessment.
        confirmation_egfr: The second, confirming assessment (``None``: not yet done).
        confirmation_at: Its date or datetime.
        **options: See `OPTIONS`.

    Returns:
        The decision; its verdict is a ``VoclosporinDoseAction`` value (``confirm_first`` when a
        qualifying decrease is not yet confirmed within 48 hours).
    """
    opts = resolve_options(OPTIONS, options, rule_set_id=RULE_SET_ID)
    return evaluate_dosing(
        RULE_SET,
        PARAMETERS,
        baseline_egfr,
        current_egfr,
        status=status,
        current_at=current_at,
        confirmation_egfr=confirmation_egfr,
        confirmation_at=confirmation_at,
        options=opts,
        follow_us_rows=opts["unconfirmed_eu_rows"] == "follow_us_label",
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="Voclosporin eGFR-based dose modification (Lupkynis EU SmPC)",
        kind=RuleKind.DOSING,
        source_ids=(_SOURCE, "lupkynis-uspi"),
        parameters=PARAMETERS,
        description=(
            "The voclosporin eGFR table with the EU confirmation rule: a decrease (eGFR below "
            "60 and more than 20% below baseline) is acted on only when two consecutive "
            "assessments within 48 hours show it; the confirmed action is the milder of the "
            "two. Without a confirmation the verdict is 'confirm_first'. A decrease of 30% or "
            "more means stopping."
        ),
        options=OPTIONS,
        notes=(
            "EU table rows after the discontinuation row were truncated in the fact base; by "
            "default the US values are used for the reduce band (> 20% and < 30%: reduce by "
            "7.9 mg twice daily), restart and up-titration (option unconfirmed_eu_rows).",
            "'Within 48 h' is read as an interval of at most 48 hours. With dates only, "
            "assessments on the same or consecutive days are within it, three or more days apart "
            "are not, and two days apart are undecidable without times (not evaluable).",
            "Restart and up-titration are not subject to the confirmation rule (the source "
            "ties confirmation to dose reductions).",
            "After an eGFR-driven discontinuation a further qualifying decrease needs no "
            "confirmation: there is no dose to adjust and the patient remains off (no_change).",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "evaluate"]
