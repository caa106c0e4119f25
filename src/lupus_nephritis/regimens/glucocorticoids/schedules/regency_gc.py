"""REGENCY glucocorticoid targets and the weeks 64-76 condition (rule set ``regency-gc``).

Oral prednisone target 7.5 mg/day by week 12 and 5 mg/day by week 24; the key secondary
endpoint requires prednisone <= 7.5 mg/day between weeks 64 and 76.
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

RULE_SET_ID = "regency-gc"
_S = "regency"

WEEKS_64_76 = ExposureCheck(
    id="weeks-64-76",
    label="Prednisone above 7.5 mg/day on any day between weeks 64 and 76",
    rule=ExposureRule(
        threshold=dose("weeks-64-76-daily", "More than 7.5 mg/day prednisone", ">", "7.5", _S),
        min_consecutive_days=None,
        min_total_days=1,
    ),
    first_week=64,
    last_week=76,
    source_id=_S,
    note="Key secondary endpoint: complete renal response at week 76 with prednisone <= 7.5 "
    "mg/day between weeks 64 and 76; a single day above 7.5 mg breaks it",
)

PARAMETERS = TaperSchedule(
    rows=(
        block(
            "weeks-12-23",
            _S,
            weeks=(12, 23),
            ceiling=("<=", "7.5"),
            note="Target 7.5 mg/day by week 12, read as a ceiling.",
        ),
        block(
            "from-week-24",
            _S,
            weeks=(24, None),
            ceiling=("<=", "5"),
            note="Target 5 mg/day by week 24, read as a ceiling from week 24 on.",
        ),
    ),
    gaps="REGENCY's starting dose and taper steps before week 12 are NOT FOUND in the sources",
    exposure_checks=(WEEKS_64_76,),
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="REGENCY glucocorticoid targets",
        kind=RuleKind.TAPER,
        source_ids=(_S,),
        parameters=PARAMETERS,
        description=(
            "REGENCY (obinutuzumab) oral prednisone targets: at most 7.5 mg/day from week 12 "
            "and at most 5 mg/day from week 24. The exposure check 'weeks-64-76' is the key "
            "secondary endpoint's condition of prednisone <= 7.5 mg/day between weeks 64 and "
            "76."
        ),
        options=taper_options(PARAMETERS, source_id=_S),
        notes=(
            "'Target X mg/day by week W' is read as a ceiling from week W; a lower dose is on "
            "schedule.",
            "The protocol target from week 24 (<= 5 mg/day) is a schedule row; the weeks "
            "64-76 condition (<= 7.5 mg/day) is a separate exposure check, not blended into "
            "the rows.",
            "Doses before week 12 are NOT FOUND and have no row. Methylprednisolone "
            "premedication doses are NOT FOUND.",
            "Window 'between weeks 64 and 76': nominal week-64 day (study day 449) to nominal "
            "week-76 day (study day 533) by default (option exposure_window).",
        ),
        evaluate=taper_evaluator(RULE_SET_ID),
        module=__name__,
    )
)
