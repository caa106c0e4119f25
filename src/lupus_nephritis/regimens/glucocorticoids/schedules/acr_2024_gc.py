"""ACR 2024 glucocorticoid regimen (rule set ``acr-2024-gc``).

IV methylprednisolone 250-1000 mg/day for 1-3 days, then oral <= 0.5 mg/kg/day (at most
40 mg/day) with taper to prednisone <= 5 mg/day by 6 months.
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

RULE_SET_ID = "acr-2024-gc"
_S = "acr-2024-ln"

PARAMETERS = TaperSchedule(
    checks_pulses=True,
    rows=(
        block(
            "from-month-6",
            _S,
            months=(6, None),
            ceiling=("<=", "5"),
            note="Prednisone <= 5 mg/day by 6 months, read as a ceiling from calendar month 6 on.",
        ),
    ),
    gaps="ACR 2024 gives no dose between the starting dose (duration not stated; see option "
    "initial_dose_weeks) and the <= 5 mg/day target at 6 months",
    initial_dose=InitialDose(
        id="initial-dose",
        label="Starting oral dose at most 0.5 mg/kg/day, at most 40 mg/day",
        source_id=_S,
        upper=per_kg("initial-dose-upper", "At most 0.5 mg/kg/day at start", "<=", "0.5", _S),
        cap=dose("initial-dose-cap", "Starting dose at most 40 mg/day", "<=", "40", _S),
        note="Oral <= 0.5 mg/kg/day (max 40 mg/day) with taper.",
    ),
    pulses=(
        PulseSpec(
            id="mp-pulses",
            label="IV methylprednisolone 250-1000 mg/day for 1-3 days",
            drug="methylprednisolone",
            source_id=_S,
            daily_min=dose("mp-pulse-daily-min", "Pulse at least 250 mg/day", ">=", "250", _S),
            daily_max=dose("mp-pulse-daily-max", "Pulse at most 1000 mg/day", "<=", "1000", _S),
            min_days=1,
            max_days=3,
        ),
    ),
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="ACR 2024 glucocorticoid regimen",
        kind=RuleKind.TAPER,
        source_ids=(_S,),
        parameters=PARAMETERS,
        description=(
            "ACR 2024: IV methylprednisolone 250-1000 mg/day for 1-3 days, then oral "
            "prednisone at most 0.5 mg/kg/day (at most 40 mg/day) with taper to at most 5 "
            "mg/day by 6 months. The check compares the dose from calendar month 6 with the "
            "5 mg/day ceiling; the starting dose is evaluated when option "
            "initial_dose_weeks is set."
        ),
        options=taper_options(PARAMETERS, source_id=_S),
        notes=(
            PULSE_CHECK_NOTE,
            'ACR "250-1000 mg/day for 1-3 days": each pulse day 250-1000 mg of methylprednisolone '
            "and 1 to 3 pulse days (not necessarily consecutive; the source does not say).",
            "The pulses are a conditional recommendation of the guideline ('we conditionally "
            "recommend pulse IV glucocorticoids ... followed by oral glucocorticoid'); read as "
            "part of the regimen, so a course with none at all is below_range (at least 1 "
            "pulse day). Option pulse_requirement='optional' reads them as optional instead.",
            "High confidence (official ACR summary; one news source prints '<5 mg/kg', a typo).",
            "'<= 5 mg/day by 6 months' applies from add_months(start, 6) (the official "
            "summary and two secondary sources agree on '<=').",
            "The starting dose ceiling is min(0.5 mg/kg x weight, 40 mg); without a weight "
            "a dose above 40 mg/day is still above it.",
        ),
        evaluate=taper_evaluator(RULE_SET_ID),
        module=__name__,
    )
)

RULE_SET_1_0_0 = register(without_pulse_check(RULE_SET, version="1.0.0"))
"""Version 1.0.0 (pulse regimens stored, not checked), kept selectable."""
