"""Seed review glucocorticoid maintenance proposal (rule set ``seed-review-2024-gc``).

In maintenance, prednisone is tapered to at most 5 mg/day, and to zero if possible.
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

RULE_SET_ID = "seed-review-2024-gc"
_S = "seed-review-2024"

PARAMETERS = TaperSchedule(
    rows=(
        block(
            "maintenance",
            _S,
            weeks=(0, None),
            anchor=Anchor.MAINTENANCE_START,
            ceiling=("<=", "5"),
            note="Maintenance prednisone tapered to a maximum of 5 mg/day (section 2.6.3).",
        ),
    ),
    gaps="the seed review proposes only the maintenance ceiling (its trial tapers are in "
    "aurora-1-gc and nobility-gc)",
    withdrawal=WithdrawalAdvice(text="Taper to zero if possible.", source_id=_S),
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="Seed review: maintenance prednisone at most 5 mg/day, zero if possible",
        kind=RuleKind.TAPER,
        source_ids=(_S,),
        parameters=PARAMETERS,
        description=(
            "The project's seed review proposes that, after initial therapy (typically 3-6 "
            "months), maintenance prednisone is tapered to at most 5 mg/day and to zero if "
            "possible. Needs maintenance_start."
        ),
        options=taper_options(PARAMETERS, source_id=_S),
        notes=(
            "A proposal of a review article, not a guideline; kept separate from EULAR 2023 "
            "(same ceiling) so that each can be cited on its own.",
            "The review says initial therapy typically lasts about 3-6 months; the "
            "maintenance start is not inferred from that and must be given.",
        ),
        evaluate=taper_evaluator(RULE_SET_ID),
        module=__name__,
    )
)
