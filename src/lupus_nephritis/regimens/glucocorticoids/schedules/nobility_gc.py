"""NOBILITY glucocorticoid protocol (rule set ``nobility-gc``).

Optional IV methylprednisolone 1000 mg/day for up to 3 days; oral prednisone 0.5 mg/kg/day,
tapered to 7.5 mg/day by week 12.
"""

from __future__ import annotations

from lupus_nephritis.regimens.glucocorticoids.pulses import PULSE_CHECK_NOTE
from lupus_nephritis.regimens.glucocorticoids.schedule import (
    InitialDose,
    PulseSpec,
    TaperSchedule,
    block,
    dose,
    per_kg,
    taper_options,
)
from lupus_nephritis.regimens.glucocorticoids.taper import taper_evaluator, without_pulse_check
from lupus_nephritis.registry import RuleKind, RuleSet, register

RULE_SET_ID = "nobility-gc"
_TRIAL = "nobility"
_SEED = "seed-review-2024"

PARAMETERS = TaperSchedule(
    checks_pulses=True,
    rows=(
        block(
            "from-week-12",
            _SEED,
            weeks=(12, None),
            ceiling=("<=", "7.5"),
            note="Tapered to 7.5 mg/day by week 12 (seed review), read as a ceiling from "
            "week 12 on.",
        ),
    ),
    gaps="NOBILITY's taper steps between the starting dose and week 12 are NOT FOUND "
    "(registry text truncated); the starting dose's duration is not stated (see option "
    "initial_dose_weeks)",
    initial_dose=InitialDose(
        id="initial-dose",
        label="Starting oral prednisone 0.5 mg/kg/day",
        source_id=_TRIAL,
        lower=per_kg("initial-dose-lower", "At least 0.5 mg/kg/day at start", ">=", "0.5", _TRIAL),
        upper=per_kg("initial-dose-upper", "At most 0.5 mg/kg/day at start", "<=", "0.5", _TRIAL),
        note="Oral prednisone 0.5 mg/kg/day, then tapered; no maximum stated.",
    ),
    pulses=(
        PulseSpec(
            id="mp-pulses",
            label="Optional IV methylprednisolone 1000 mg/day for up to 3 days",
            drug="methylprednisolone",
            source_id=_TRIAL,
            daily_min=dose("mp-pulse-daily-min", "Pulse 1000 mg/day", ">=", "1000", _TRIAL),
            daily_max=dose("mp-pulse-daily-max", "Pulse 1000 mg/day", "<=", "1000", _TRIAL),
            max_days=3,
            optional=True,
            note="At screening or randomisation.",
        ),
    ),
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="NOBILITY glucocorticoid protocol",
        kind=RuleKind.TAPER,
        source_ids=(_TRIAL, _SEED),
        parameters=PARAMETERS,
        description=(
            "NOBILITY (obinutuzumab phase 2): optional IV methylprednisolone 1000 mg/day for "
            "up to 3 days, oral prednisone 0.5 mg/kg/day, tapered to 7.5 mg/day by week 12. "
            "The check compares the dose from week 12 with the 7.5 mg/day ceiling; the "
            "starting dose is evaluated only when option initial_dose_weeks is set."
        ),
        options=taper_options(PARAMETERS, source_id=_TRIAL),
        notes=(
            PULSE_CHECK_NOTE,
            'The pulses are optional ("if clinically indicated"), 1000 mg/day for up to 3 days, at'
            " screening or randomisation: pulses given at screening lie before study day 1, so set"
            " pulse_lookback_days to the screening period to include them (default 0).",
            "The week-12 target comes from the seed review (which cites the NOBILITY paper); "
            "the pulse and starting dose from the trial registry record.",
            "'Tapered to 7.5 mg/day by week 12' is read as a ceiling from week 12 on (a "
            "post hoc endpoint also used prednisone <= 7.5 mg/day at weeks 76/104).",
            "The starting dose's duration and the intermediate taper steps are NOT FOUND.",
        ),
        evaluate=taper_evaluator(RULE_SET_ID),
        module=__name__,
    )
)

RULE_SET_1_0_0 = register(without_pulse_check(RULE_SET, version="1.0.0"))
"""Version 1.0.0 (pulse regimens stored, not checked), kept selectable."""
