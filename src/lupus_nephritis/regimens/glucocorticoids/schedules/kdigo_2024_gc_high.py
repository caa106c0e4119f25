"""KDIGO 2024 high-dose glucocorticoid scheme, weeks 0-2 only (``kdigo-2024-gc-high``).

The sources give only the first block (0.8-1.0 mg/kg/day, at most 80 mg); later blocks are
NOT FOUND and stay absent, so a check after week 2 is not evaluable.
"""

from __future__ import annotations

from lupus_nephritis.regimens.glucocorticoids.pulses import PULSE_CHECK_NOTE
from lupus_nephritis.regimens.glucocorticoids.schedule import TaperSchedule, block, taper_options
from lupus_nephritis.regimens.glucocorticoids.schedules.kdigo_2024_gc_reduced import kdigo_pulses
from lupus_nephritis.regimens.glucocorticoids.taper import taper_evaluator, without_pulse_check
from lupus_nephritis.registry import RuleKind, RuleSet, register

RULE_SET_ID = "kdigo-2024-gc-high"
_S = "kdigo-2024-ln"

PARAMETERS = TaperSchedule(
    checks_pulses=True,
    rows=(block("weeks-0-2", _S, weeks=(0, 2), mg_per_kg=("0.8", "1.0"), cap="80"),),
    gaps="the high-dose scheme's blocks after week 2 are NOT FOUND in the sources",
    pulses=kdigo_pulses(),
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="KDIGO 2024 high-dose glucocorticoid scheme (weeks 0-2)",
        kind=RuleKind.TAPER,
        source_ids=(_S,),
        parameters=PARAMETERS,
        description=(
            "First block of the KDIGO 2024 high-dose scheme: 0.8-1.0 mg/kg/day prednisone "
            "equivalent, at most 80 mg/day, in weeks 0-2 (after optional IV "
            "methylprednisolone 0.25-0.5 g/day for up to 3 days). Later weeks have no row "
            "and are not evaluable."
        ),
        options=taper_options(PARAMETERS, source_id=_S),
        notes=(
            PULSE_CHECK_NOTE,
            'KDIGO "for up to 3 days" is read as at most 3 pulse days (not necessarily '
            'consecutive); with no minimum number of days, no pulse at all is "no_pulses".',
            "Medium confidence for weeks 0-2 (secondary summary); the later rows are NOT "
            "FOUND and deliberately absent rather than guessed.",
            "Bounds are min(rate x weight, 80 mg): above 100 kg both bounds are 80 mg.",
            "Week blocks: 'weeks 0-2' = study days 1-21.",
        ),
        evaluate=taper_evaluator(RULE_SET_ID),
        module=__name__,
    )
)

RULE_SET_1_0_0 = register(without_pulse_check(RULE_SET, version="1.0.0"))
"""Version 1.0.0 (pulse regimens stored, not checked), kept selectable."""
