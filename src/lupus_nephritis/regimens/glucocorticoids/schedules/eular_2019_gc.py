"""EULAR/ERA-EDTA 2019 glucocorticoid regimen (rule set ``eular-2019-gc``).

IV methylprednisolone pulses (total 500-2500 mg), then oral prednisone 0.3-0.5 mg/kg/day,
tapered to <= 7.5 mg/day by 3-6 months; maintenance with no or low-dose (< 7.5 mg/day)
glucocorticoid.
"""

from __future__ import annotations

from lupus_nephritis.regimens.glucocorticoids.pulses import PULSE_CHECK_NOTE
from lupus_nephritis.regimens.glucocorticoids.schedule import (
    Anchor,
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

RULE_SET_ID = "eular-2019-gc"
_S = "eular-2019-ln"

PARAMETERS = TaperSchedule(
    checks_pulses=True,
    rows=(
        block(
            "taper-target",
            _S,
            months=(6, None),
            earliest_start=3,
            ceiling=("<=", "7.5"),
            note="Tapered to <= 7.5 mg/day by 3-6 months (medium-high confidence).",
        ),
        block(
            "maintenance",
            _S,
            weeks=(0, None),
            anchor=Anchor.MAINTENANCE_START,
            ceiling=("<", "7.5"),
            note="Maintenance with no or low-dose (< 7.5 mg/day) glucocorticoid; note '<' "
            "here versus '<=' for the taper target.",
        ),
    ),
    gaps="EULAR 2019 gives no dose between the starting dose (duration NOT FOUND; see option "
    "initial_dose_weeks) and the <= 7.5 mg/day target at 3-6 months",
    initial_dose=InitialDose(
        id="initial-dose",
        label="Starting oral prednisone 0.3-0.5 mg/kg/day",
        source_id=_S,
        lower=per_kg("initial-dose-lower", "At least 0.3 mg/kg/day at start", ">=", "0.3", _S),
        upper=per_kg("initial-dose-upper", "At most 0.5 mg/kg/day at start", "<=", "0.5", _S),
        note="After the pulses; 'up to 4 weeks' is NOT FOUND in primary text; no maximum stated.",
    ),
    pulses=(
        PulseSpec(
            id="mp-pulses",
            label="IV methylprednisolone pulses, total 500-2500 mg",
            drug="methylprednisolone",
            source_id=_S,
            total_min=dose(
                "mp-pulse-total-min", "Pulses at least 500 mg in total", ">=", "500", _S
            ),
            total_max=dose(
                "mp-pulse-total-max", "Pulses at most 2500 mg in total", "<=", "2500", _S
            ),
            note="Daily pulse dose and number of days are not stated.",
        ),
    ),
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
        title="EULAR/ERA-EDTA 2019 glucocorticoid regimen",
        kind=RuleKind.TAPER,
        source_ids=(_S,),
        parameters=PARAMETERS,
        description=(
            "EULAR/ERA-EDTA 2019: IV methylprednisolone pulses totalling 500-2500 mg, then "
            "oral prednisone 0.3-0.5 mg/kg/day, tapered to at most 7.5 mg/day by 3-6 months; "
            "maintenance with no or low-dose glucocorticoid (below 7.5 mg/day). The check "
            "compares the dose with the taper target from the deadline and, once "
            "maintenance_start is given, with the maintenance ceiling."
        ),
        options=taper_options(PARAMETERS, source_id=_S),
        notes=(
            PULSE_CHECK_NOTE,
            "EULAR 2019 states only the pulse total (500-2500 mg); the daily dose and the number "
            "of days are not stated and not checked.",
            "'By 3-6 months' is a range: by default the target applies from calendar month "
            "6 (option deadline_reading='earliest' applies it from month 3). Months are "
            "calendar months from the start date.",
            "The maintenance ceiling is strict (< 7.5 mg/day) while the taper target is "
            "inclusive (<= 7.5 mg/day): exactly 7.5 mg/day is on schedule before "
            "maintenance and above schedule during it.",
            "Maintenance rows need maintenance_start; without it a dose that meets both "
            "ceilings is still decided, one that breaks only the maintenance ceiling is not "
            "evaluable.",
            "The starting dose is evaluated only when option initial_dose_weeks is set "
            "(the 'up to 4 weeks' duration is NOT FOUND).",
            "Total duration of immunosuppression (3-5 years) is NOT FOUND for EULAR 2019.",
        ),
        evaluate=taper_evaluator(RULE_SET_ID),
        module=__name__,
    )
)

RULE_SET_1_0_0 = register(without_pulse_check(RULE_SET, version="1.0.0"))
"""Version 1.0.0 (pulse regimens stored, not checked), kept selectable."""
