"""TULIP-LN mandatory glucocorticoid taper (rule set ``tulip-ln-gc``).

At most 10 mg/day by week 12 and at most 7.5 mg/day by week 24, sustained to week 52.
"""

from __future__ import annotations

from lupus_nephritis.regimens.glucocorticoids.schedule import (
    ExposureCheck,
    TaperSchedule,
    block,
    dose,
    taper_options,
)
from lupus_nephritis.regimens.glucocorticoids.taper import taper_evaluator
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.timeline import ExposureRule

RULE_SET_ID = "tulip-ln-gc"
_S = "tulip-ln"

SUSTAINED = ExposureCheck(
    id="sustained-weeks-24-52",
    label="Prednisone above 7.5 mg/day on any day in weeks 24-52",
    rule=ExposureRule(
        threshold=dose("sustained-daily", "More than 7.5 mg/day prednisone", ">", "7.5", _S),
        min_consecutive_days=None,
        min_total_days=1,
    ),
    first_week=24,
    last_week=52,
    source_id=_S,
    note="Exploratory endpoint: sustained taper to <= 7.5 mg/day from week 24 to week 52",
)

PARAMETERS = TaperSchedule(
    rows=(
        block(
            "weeks-12-23",
            _S,
            weeks=(12, 23),
            ceiling=("<=", "10"),
            note="At most 10 mg/day by week 12.",
        ),
        block(
            "weeks-24-52",
            _S,
            weeks=(24, 52),
            ceiling=("<=", "7.5"),
            note="At most 7.5 mg/day by week 24, sustained to week 52.",
        ),
    ),
    gaps="TULIP-LN doses before week 12 and after week 52 are NOT FOUND in the sources",
    exposure_checks=(SUSTAINED,),
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="TULIP-LN mandatory glucocorticoid taper",
        kind=RuleKind.TAPER,
        source_ids=(_S,),
        parameters=PARAMETERS,
        description=(
            "TULIP-LN (anifrolumab) mandatory oral glucocorticoid taper: at most 10 mg/day "
            "from week 12 and at most 7.5 mg/day from week 24 to week 52. The exposure check "
            "'sustained-weeks-24-52' tests the exploratory sustained-taper condition."
        ),
        options=taper_options(PARAMETERS, source_id=_S),
        notes=(
            "Doses before week 12 and after week 52 are NOT FOUND and have no row.",
            "Window 'weeks 24-52' of the exposure check: nominal week-24 day to nominal "
            "week-52 day by default (option exposure_window).",
        ),
        evaluate=taper_evaluator(RULE_SET_ID),
        module=__name__,
    )
)
