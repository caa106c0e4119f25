"""AURORA 1 low-dose glucocorticoid protocol and steroid rule (rule set ``aurora-1-gc``).

IV methylprednisolone 0.5 g/day (0.25 g/day under 45 kg) on days 1-2; oral prednisone from
day 3 at 20-25 mg/day, tapered to 2.5 mg/day by week 16. The complete-renal-response steroid
rule: more than 10 mg/day on >= 3 consecutive days or >= 7 days in weeks 44-52.
"""

from __future__ import annotations

from lupus_nephritis.regimens.glucocorticoids.pulses import PULSE_CHECK_NOTE
from lupus_nephritis.regimens.glucocorticoids.schedule import (
    ExposureCheck,
    PulseSpec,
    TaperSchedule,
    block,
    dose,
    first_release_options,
    taper_options,
    weight,
)
from lupus_nephritis.regimens.glucocorticoids.taper import taper_evaluator, without_pulse_check
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_version
from lupus_nephritis.timeline import ExposureRule

RULE_SET_ID = "aurora-1-gc"
_S = "aurora-1"

STEROID_RULE = ExposureCheck(
    id="steroid-rule",
    label="Prednisone equivalent above 10 mg/day on >= 3 consecutive days or >= 7 days "
    "in weeks 44-52",
    rule=ExposureRule(
        threshold=dose(
            "steroid-rule-daily",
            "More than 10 mg/day prednisone equivalent",
            ">",
            "10",
            _S,
            note="Lancet abstract and registry wording (not the '< 10 mg/d for 8 weeks' "
            "misquote of a secondary source).",
        ),
        min_consecutive_days=3,
        min_total_days=7,
    ),
    first_week=44,
    last_week=52,
    source_id=_S,
    note="A breach makes the patient a non-responder for the week-52 complete renal response",
)

PARAMETERS = TaperSchedule(
    checks_pulses=True,
    rows=(
        block(
            "day-3",
            _S,
            days=(3, 3),
            mg=("20", "25"),
            note="Oral prednisone starts on study day 3 at 20-25 mg/day.",
        ),
        block(
            "from-week-16",
            _S,
            weeks=(16, None),
            ceiling=("<=", "2.5"),
            note="Target 2.5 mg/day by week 16, read as a ceiling from week 16 on.",
        ),
    ),
    gaps="the AURORA 1 week-by-week taper between day 3 and week 16 is NOT FOUND (only its "
    "frame is known)",
    pulses=(
        PulseSpec(
            id="mp-pulses-45-kg-or-more",
            label="IV methylprednisolone 0.5 g/day on days 1-2 (weight 45 kg or more)",
            drug="methylprednisolone",
            source_id=_S,
            daily_min=dose("mp-pulse-45-min", "Pulse 0.5 g/day", ">=", "0.5", _S, unit="g"),
            daily_max=dose("mp-pulse-45-max", "Pulse 0.5 g/day", "<=", "0.5", _S, unit="g"),
            min_days=2,
            max_days=2,
            first_day=1,
            last_day=2,
            min_weight=weight("mp-pulse-weight-45-or-more", "Weight 45 kg or more", ">=", "45", _S),
        ),
        PulseSpec(
            id="mp-pulses-under-45-kg",
            label="IV methylprednisolone 0.25 g/day on days 1-2 (weight under 45 kg)",
            drug="methylprednisolone",
            source_id=_S,
            daily_min=dose("mp-pulse-u45-min", "Pulse 0.25 g/day", ">=", "0.25", _S, unit="g"),
            daily_max=dose("mp-pulse-u45-max", "Pulse 0.25 g/day", "<=", "0.25", _S, unit="g"),
            min_days=2,
            max_days=2,
            first_day=1,
            last_day=2,
            max_weight=weight("mp-pulse-weight-under-45", "Weight under 45 kg", "<", "45", _S),
        ),
    ),
    exposure_checks=(STEROID_RULE,),
)

_NOTES_HEAD = (
    PULSE_CHECK_NOTE,
    "The two pulse regimens apply by body weight (45 kg or more: 0.5 g/day; under 45 kg: "
    "0.25 g/day), both on study days 1 and 2 exactly; without the weight the pulse verdict"
    " stands only when both regimens give the same one.",
)

_NOTES_COMMON = (
    "The weekly taper table is NOT FOUND; the days between day 3 and week 16 have no "
    "row and are not evaluable.",
    "'2.5 mg/day by week 16' is read as a ceiling (<= 2.5 mg/day) from week 16 on.",
)

_NOTES_TAIL = (
    "The steroid rule counts the prednisone-equivalent dose of every route by default "
    "(option exposure_routes).",
)

_WINDOW_NOTE_V1 = (
    "Steroid-rule window 'weeks 44 through 52': by default from the nominal week-44 "
    "day (study day 309) to the nominal week-52 day (study day 365); option "
    "exposure_window='whole-weeks' extends it to day 371. The protocol wording is not "
    "public."
)

WINDOW_NOTE = (
    "Steroid-rule window 'weeks 44 through 52' (option exposure_window): 'nominal-visits' "
    "(default) = study days 309-365, the week-44 visit to the week-52 visit; "
    "'whole-weeks-from-1' = days 302-364, treatment weeks 44 to 52 counted from 1, ending the "
    "day before the week-52 visit; 'whole-weeks' = days 309-371, weeks counted from 0, which "
    "runs 6 days past the assessment. The Lancet abstract ('during weeks 44 through 52, just "
    "before the primary endpoint assessment') and the registry record ('during Weeks 44 "
    "through 52, prior to assessment') fit 'nominal-visits' and 'whole-weeks-from-1' but not "
    "'whole-weeks'; neither says how the days are counted (protocol and SAP not public), so "
    "the default stays the visit days."
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.2.0",
        title="AURORA 1 glucocorticoid protocol and steroid rule",
        kind=RuleKind.TAPER,
        source_ids=(_S,),
        parameters=PARAMETERS,
        description=(
            "AURORA 1 (voclosporin) low-dose glucocorticoids: IV methylprednisolone 0.5 g/day "
            "(0.25 g/day under 45 kg) on days 1-2, oral prednisone 20-25 mg/day from day 3, "
            "tapered to 2.5 mg/day by week 16. The taper check compares the oral dose on "
            "day 3 and from week 16; the exposure check 'steroid-rule' is the endpoint's "
            "'more than 10 mg/day on >= 3 consecutive days or >= 7 days in weeks 44-52'."
        ),
        options=taper_options(PARAMETERS, source_id=_S),
        notes=(*_NOTES_HEAD, *_NOTES_COMMON, WINDOW_NOTE, *_NOTES_TAIL),
        evaluate=taper_evaluator(RULE_SET_ID),
        module=__name__,
    )
)

#: Version 1.1.0 (pulses checked; exposure_window offered two readings, with the same
#: verdicts as 1.2.0 for those), kept selectable.
RULE_SET_1_1_0 = register_version(
    RULE_SET,
    "1.1.0",
    evaluate=taper_evaluator(f"{RULE_SET_ID}@1.1.0"),
    options=first_release_options(RULE_SET.options),
    notes=(*_NOTES_HEAD, *_NOTES_COMMON, _WINDOW_NOTE_V1, *_NOTES_TAIL),
    change="option exposure_window offers two readings (nominal-visits, whole-weeks), not "
    "whole-weeks-from-1; verdicts under those two are the same.",
)

RULE_SET_1_0_0 = register(without_pulse_check(RULE_SET_1_1_0, version="1.0.0"))
"""Version 1.0.0 (pulse regimens stored, not checked; two window readings), kept selectable."""
