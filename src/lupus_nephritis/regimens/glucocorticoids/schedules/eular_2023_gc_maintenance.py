"""EULAR 2023 glucocorticoid maintenance ceiling (rule set ``eular-2023-gc-maintenance``).

Maintenance glucocorticoids minimised to <= 5 mg/day prednisone equivalent and withdrawn when
possible.
"""

from __future__ import annotations

from lupus_nephritis.regimens.glucocorticoids.schedule import (
    Anchor,
    TaperSchedule,
    WithdrawalAdvice,
    block,
    taper_options,
)
from lupus_nephritis.regimens.glucocorticoids.taper import taper_evaluator
from lupus_nephritis.registry import RuleKind, RuleSet, register

RULE_SET_ID = "eular-2023-gc-maintenance"
_S = "eular-2023-sle"

PARAMETERS = TaperSchedule(
    rows=(
        block(
            "maintenance",
            _S,
            weeks=(0, None),
            anchor=Anchor.MAINTENANCE_START,
            ceiling=("<=", "5"),
            note="Maintenance minimised to <= 5 mg/day prednisone equivalent.",
        ),
    ),
    gaps="EULAR 2023 states only the maintenance ceiling; it gives no rows for initial "
    "therapy, and its pulse dose range is NOT FOUND",
    withdrawal=WithdrawalAdvice(text="Withdraw glucocorticoids when possible.", source_id=_S),
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="EULAR 2023 glucocorticoid maintenance ceiling",
        kind=RuleKind.TAPER,
        source_ids=(_S,),
        parameters=PARAMETERS,
        description=(
            "EULAR 2023 SLE recommendations: during maintenance, glucocorticoids are "
            "minimised to at most 5 mg/day prednisone equivalent and withdrawn when "
            "possible. Needs maintenance_start; any dose above 0 mg also carries the flag "
            "'withdrawal-advised-if-possible'."
        ),
        options=taper_options(PARAMETERS, source_id=_S),
        notes=(
            "High confidence (guideline abstract).",
            "The ceiling applies from maintenance_start; before it, or without it, there is "
            "no row.",
            "'Withdraw when possible' is a flag, not a bound: a dose of 5 mg/day is on schedule.",
        ),
        evaluate=taper_evaluator(RULE_SET_ID),
        module=__name__,
    )
)
