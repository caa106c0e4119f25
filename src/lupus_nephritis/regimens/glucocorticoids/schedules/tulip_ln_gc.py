"""TULIP-LN mandatory glucocorticoid taper (rule set ``tulip-ln-gc``).

At most 10 mg/day by week 12 and at most 7.5 mg/day by week 24, sustained to week 52.
"""

from __future__ import annotations

from lupus_nephritis.regimens.glucocorticoids.schedule import (
    ExposureCheck,
    TaperSchedule,
    block,
    dose,
    first_release_options,
    taper_options,
)
from lupus_nephritis.regimens.glucocorticoids.taper import taper_evaluator
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_version
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

_NOTES_COMMON = ("Doses before week 12 and after week 52 are NOT FOUND and have no row.",)

_WINDOW_NOTE_V1 = (
    "Window 'weeks 24-52' of the exposure check: nominal week-24 day to nominal "
    "week-52 day by default (option exposure_window)."
)

WINDOW_NOTE = (
    "Window 'weeks 24-52' of the exposure check (option exposure_window): "
    "'nominal-visits' (default) = study days 169-365, the week-24 visit to the week-52 visit; "
    "'whole-weeks-from-1' = days 162-364, treatment weeks 24 to 52 counted from 1; "
    "'whole-weeks' = days 169-371, weeks counted from 0. The congress abstract ('sustained <= "
    "7.5 mg/day weeks 24-52') fits every reading; the protocol's day counting is not public, "
    "so the default stays the visit days."
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
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
        notes=(*_NOTES_COMMON, WINDOW_NOTE),
        evaluate=taper_evaluator(RULE_SET_ID),
        module=__name__,
    )
)

#: The first release, kept selectable as ``tulip-ln-gc@1.0.0`` (exposure_window
#: offered two readings; same verdicts as 1.1.0 for those).
RULE_SET_V1 = register_version(
    RULE_SET,
    "1.0.0",
    evaluate=taper_evaluator(f"{RULE_SET_ID}@1.0.0"),
    options=first_release_options(RULE_SET.options),
    notes=(*_NOTES_COMMON, _WINDOW_NOTE_V1),
    change="option exposure_window offers two readings (nominal-visits, whole-weeks), not "
    "whole-weeks-from-1; verdicts under those two are the same.",
)
