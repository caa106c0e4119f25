"""KDIGO 2024 reduced-dose glucocorticoid scheme (rule set ``kdigo-2024-gc-reduced``).

Prednisone-equivalent oral doses by week block after optional IV methylprednisolone pulses:
0.5-0.6 mg/kg/day (at most 40 mg) in weeks 0-2, 0.3-0.4 mg/kg/day in weeks 3-4, then 15, 10,
7.5, 5 mg/day in two-week blocks, 2.5 mg/day in weeks 13-24 and below 2.5 mg/day from week 25.
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

RULE_SET_ID = "kdigo-2024-gc-reduced"
_S = "kdigo-2024-ln"


def kdigo_pulses() -> tuple[PulseSpec, ...]:
    """KDIGO 2024 intravenous methylprednisolone pulses (shared by the KDIGO schemes)."""
    return (
        PulseSpec(
            id="mp-pulses",
            label="IV methylprednisolone 0.25-0.5 g/day for up to 3 days",
            drug="methylprednisolone",
            source_id=_S,
            daily_min=dose(
                "mp-pulse-daily-min", "Pulse at least 0.25 g/day", ">=", "0.25", _S, unit="g"
            ),
            daily_max=dose(
                "mp-pulse-daily-max", "Pulse at most 0.5 g/day", "<=", "0.5", _S, unit="g"
            ),
            max_days=3,
            note="Often given first as initial treatment, dose by severity (high confidence).",
        ),
    )


PARAMETERS = TaperSchedule(
    checks_pulses=True,
    rows=(
        block("weeks-0-2", _S, weeks=(0, 2), mg_per_kg=("0.5", "0.6"), cap="40"),
        block(
            "weeks-3-4",
            _S,
            weeks=(3, 4),
            mg_per_kg=("0.3", "0.4"),
            note="No maximum is stated for this block, so none is applied.",
        ),
        block("weeks-5-6", _S, weeks=(5, 6), fixed="15"),
        block("weeks-7-8", _S, weeks=(7, 8), fixed="10"),
        block("weeks-9-10", _S, weeks=(9, 10), fixed="7.5"),
        block("weeks-11-12", _S, weeks=(11, 12), fixed="5"),
        block(
            "weeks-13-24",
            _S,
            weeks=(13, 24),
            fixed="2.5",
            note="Summaries list 2.5 mg/day for weeks 13-14, 15-16, 17-20 and 21-24.",
        ),
        block(
            "from-week-25",
            _S,
            weeks=(25, None),
            ceiling=("<", "2.5"),
            note="Strictly below 2.5 mg/day; 0 mg (withdrawal) is on schedule.",
        ),
    ),
    gaps="none (the reduced-dose scheme covers every week from week 0)",
    pulses=kdigo_pulses(),
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="KDIGO 2024 reduced-dose glucocorticoid scheme",
        kind=RuleKind.TAPER,
        source_ids=(_S,),
        parameters=PARAMETERS,
        description=(
            "Oral prednisone-equivalent dose by week block of the KDIGO 2024 reduced-dose "
            "scheme, after optional IV methylprednisolone pulses of 0.25-0.5 g/day for up to "
            "3 days: 0.5-0.6 mg/kg/day (at most 40 mg) in weeks 0-2, 0.3-0.4 mg/kg/day in "
            "weeks 3-4, 15, 10, 7.5 and 5 mg/day in weeks 5-6, 7-8, 9-10 and 11-12, 2.5 "
            "mg/day in weeks 13-24 and below 2.5 mg/day from week 25. A dose is on schedule "
            "within the block's bounds, above or below otherwise."
        ),
        options=taper_options(PARAMETERS, source_id=_S),
        notes=(
            PULSE_CHECK_NOTE,
            'KDIGO "for up to 3 days" is read as at most 3 pulse days (not necessarily '
            'consecutive); the pulses are optional ("after optional IV methylprednisolone"), and '
            'the regimen states no minimum number of days, so no pulse at all is "no_pulses".',
            "Medium confidence: four or more secondary summaries agree and a second "
            "independent summary confirms weeks 11-14; the primary figure was not seen.",
            "KDIGO presents example schemes whose pace should follow clinical response; a "
            "dose under a fixed example dose is reported as 'below' (descriptive, not a "
            "violation). Option lower_bounds='ignore' reports only over-exposure.",
            "Week blocks: 'weeks 0-2' is read as study weeks 0, 1 and 2 (days 1-21, week w "
            "starting on day 7w+1); the later blocks are two weeks each.",
            "Per-kg bounds are min(rate x weight, 40 mg) in weeks 0-2; weeks 3-4 state no "
            "maximum and none is applied.",
            "The moderate-dose scheme (rows and cap) and the KDIGO 2021 standard-dose table "
            "are NOT FOUND and are not registered; the high-dose scheme is "
            "'kdigo-2024-gc-high' (weeks 0-2 only).",
            "The taper comparison counts oral (and route-unspecified) doses by default "
            "(option routes); the intravenous pulses are checked apart (criterion "
            "pulse-course).",
        ),
        evaluate=taper_evaluator(RULE_SET_ID),
        module=__name__,
    )
)

RULE_SET_1_0_0 = register(without_pulse_check(RULE_SET, version="1.0.0"))
"""Version 1.0.0 (pulse regimens stored, not checked), kept selectable."""
