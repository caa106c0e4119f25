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
    first_release_options,
    taper_options,
)
from lupus_nephritis.regimens.glucocorticoids.taper import taper_evaluator
from lupus_nephritis.registry import RuleKind, RuleSet, register, register_version
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

_NOTES_COMMON = (
    "'Target X mg/day by week W' is read as a ceiling from week W; a lower dose is on schedule.",
    "The protocol target from week 24 (<= 5 mg/day) is a schedule row; the weeks "
    "64-76 condition (<= 7.5 mg/day) is a separate exposure check, not blended into "
    "the rows.",
    "Doses before week 12 are NOT FOUND and have no row. Methylprednisolone "
    "premedication doses are NOT FOUND.",
)

_WINDOW_NOTE_V1 = (
    "Window 'between weeks 64 and 76': nominal week-64 day (study day 449) to nominal "
    "week-76 day (study day 533) by default (option exposure_window)."
)

WINDOW_NOTE = (
    "Window 'between weeks 64 and 76' (option exposure_window): 'nominal-visits' (default) "
    "= study days 449-533, the week-64 visit to the week-76 visit; 'whole-weeks-from-1' = days "
    "442-532, treatment weeks 64 to 76 counted from 1; 'whole-weeks' = days 449-539, weeks "
    "counted from 0, 6 days past the week-76 assessment. The NEJM abstract ('between weeks 64 "
    "and 76') fits every reading; the protocol's day counting is not public, so the default "
    "stays the visit days."
)

RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.1.0",
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
        notes=(*_NOTES_COMMON, WINDOW_NOTE),
        evaluate=taper_evaluator(RULE_SET_ID),
        module=__name__,
    )
)

#: The first release, kept selectable as ``regency-gc@1.0.0`` (exposure_window
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
