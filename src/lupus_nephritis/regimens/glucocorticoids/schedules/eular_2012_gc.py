"""EULAR/ERA-EDTA 2012 glucocorticoid regimen (rule set ``eular-2012-gc``).

Three IV methylprednisolone pulses of 500-750 mg, then oral prednisolone 0.5 mg/kg/day for 4
weeks, tapered to <= 10 mg/day by 4-6 months.
"""

from __future__ import annotations

from lupus_nephritis.regimens.glucocorticoids.pulses import PULSE_CHECK_NOTE
from lupus_nephritis.regimens.glucocorticoids.schedule import (
    PulseSpec,
    TaperSchedule,
    block,
    dose,
    taper_options,
)
from lupus_nephritis.regimens.glucocorticoids.taper import taper_evaluator, without_pulse_check
from lupus_nephritis.registry import RuleKind, RuleSet, register

RULE_SET_ID = "eular-2012-gc"
_S = "eular-2012-ln"

PARAMETERS = TaperSchedule(
    checks_pulses=True,
    rows=(
        block(
            "weeks-0-3",
            _S,
            weeks=(0, 3),
            mg_per_kg=("0.5", "0.5"),
            note="Oral prednisolone 0.5 mg/kg/day for 4 weeks, read as study weeks 0-3; no "
            "maximum stated. If oral therapy starts after the pulses, pass its first day as "
            "start_date.",
        ),
        block(
            "taper-target",
            _S,
            months=(6, None),
            earliest_start=4,
            ceiling=("<=", "10"),
            note="Tapered to <= 10 mg/day by 4-6 months (medium confidence: secondary summary).",
        ),
    ),
    gaps="EULAR 2012 gives no dose between week 4 and the <= 10 mg/day target at 4-6 months",
    pulses=(
        PulseSpec(
            id="mp-pulses",
            label="3 consecutive IV methylprednisolone pulses of 500-750 mg",
            drug="methylprednisolone",
            source_id=_S,
            daily_min=dose("mp-pulse-daily-min", "Pulse at least 500 mg", ">=", "500", _S),
            daily_max=dose("mp-pulse-daily-max", "Pulse at most 750 mg", "<=", "750", _S),
            min_days=3,
            max_days=3,
            consecutive=True,
        ),
    ),
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="EULAR/ERA-EDTA 2012 glucocorticoid regimen",
        kind=RuleKind.TAPER,
        source_ids=(_S,),
        parameters=PARAMETERS,
        description=(
            "EULAR/ERA-EDTA 2012: three consecutive IV methylprednisolone pulses of 500-750 "
            "mg, then oral prednisolone 0.5 mg/kg/day for 4 weeks, tapered to at most 10 "
            "mg/day by 4-6 months."
        ),
        options=taper_options(PARAMETERS, source_id=_S),
        notes=(
            PULSE_CHECK_NOTE,
            'The three pulses must fall on consecutive days ("three consecutive pulses"), each '
            "500-750 mg of methylprednisolone.",
            "High confidence for the pulses and 0.5 mg/kg; medium for the taper target.",
            "0.5 mg/kg/day is a fixed per-kg dose (lower and upper bound both 0.5 mg/kg x "
            "weight); option lower_bounds='ignore' treats it as a ceiling.",
            "'By 4-6 months': the target applies from calendar month 6 by default (option "
            "deadline_reading='earliest': month 4).",
            "Weeks 4 to the deadline have no row (not stated by the source).",
        ),
        evaluate=taper_evaluator(RULE_SET_ID),
        module=__name__,
    )
)

RULE_SET_1_0_0 = register(without_pulse_check(RULE_SET, version="1.0.0"))
"""Version 1.0.0 (pulse regimens stored, not checked), kept selectable."""
