"""Rule set ``benlysta-us-ln-dosing``: belimumab lupus nephritis dosing, BENLYSTA US label.

Intravenous 10 mg/kg at 2-week intervals for the first 3 doses, then every 4 weeks;
subcutaneous (adults with lupus nephritis) 400 mg (two 200 mg injections) once weekly for 4
doses, then 200 mg once weekly; a switch from intravenous to subcutaneous dosing any time after
the first 2 intravenous doses, the first subcutaneous dose 1 to 2 weeks after the last
intravenous dose.
"""

from __future__ import annotations

from typing import Any

from lupus_nephritis.regimens.belimumab_dosing.engine import (
    BelimumabDosingCheck,
    BelimumabDosingParameters,
    DoseCount,
    ScheduleInterval,
    dosing_options,
    evaluate_dosing,
)
from lupus_nephritis.registry import RuleKind, RuleSet, register
from lupus_nephritis.thresholds import Threshold, resolve_options

RULE_SET_ID = "benlysta-us-ln-dosing"
_S = "benlysta-uspi"


def _mg(id: str, label: str, comparator: str, value: str) -> Threshold:
    return Threshold(
        id=id,
        label=label,
        comparator=comparator,
        value=value,
        unit="mg",
        quantity="glucocorticoid_dose",  # the library's drug-amount quantity (mg, g)
        source_id=_S,
    )


def _per_kg(id: str, label: str, comparator: str, value: str) -> Threshold:
    return Threshold(
        id=id,
        label=label,
        comparator=comparator,
        value=value,
        unit="mg/kg",
        quantity="dose_per_kg",
        source_id=_S,
    )


PARAMETERS = BelimumabDosingParameters(
    iv_dose_lower=_per_kg("iv-dose-lower", "At least 10 mg/kg intravenously", ">=", "10"),
    iv_dose_upper=_per_kg("iv-dose-upper", "At most 10 mg/kg intravenously", "<=", "10"),
    iv_loading_doses=DoseCount(
        "iv-loading-doses",
        "Intravenous doses given at 2-week intervals",
        3,
        _S,
        "10 mg/kg at 2-week intervals for the first 3 doses.",
    ),
    iv_loading_interval=ScheduleInterval(
        "iv-loading-interval", "Intravenous loading dose 2 weeks after the previous", 14, _S
    ),
    iv_maintenance_interval=ScheduleInterval(
        "iv-maintenance-interval",
        "Intravenous dose 4 weeks after the previous",
        28,
        _S,
        "At 4-week intervals after the first 3 doses.",
    ),
    sc_loading_dose_lower=_mg(
        "sc-loading-dose-lower", "At least 400 mg subcutaneously", ">=", "400"
    ),
    sc_loading_dose_upper=_mg(
        "sc-loading-dose-upper", "At most 400 mg subcutaneously", "<=", "400"
    ),
    sc_loading_doses=DoseCount(
        "sc-loading-doses",
        "Subcutaneous 400 mg doses (two 200 mg injections) once weekly",
        4,
        _S,
        "Adults with lupus nephritis: 400 mg once weekly for 4 doses, then 200 mg once weekly.",
    ),
    sc_dose_lower=_mg("sc-dose-lower", "At least 200 mg subcutaneously", ">=", "200"),
    sc_dose_upper=_mg("sc-dose-upper", "At most 200 mg subcutaneously", "<=", "200"),
    sc_interval=ScheduleInterval(
        "sc-interval", "Subcutaneous dose 1 week after the previous", 7, _S, "Once weekly."
    ),
    switch_min_iv_doses=DoseCount(
        "switch-min-iv-doses",
        "Switch to subcutaneous only after the first 2 intravenous doses",
        2,
        _S,
        "Lupus nephritis: the switch may occur any time after the first 2 intravenous doses.",
    ),
    switch_earliest=ScheduleInterval(
        "switch-earliest",
        "First subcutaneous dose at least 1 week after the last intravenous",
        7,
        _S,
    ),
    switch_latest=ScheduleInterval(
        "switch-latest",
        "First subcutaneous dose at most 2 weeks after the last intravenous",
        14,
        _S,
        "Lupus nephritis: 1 to 2 weeks after the last intravenous dose (SLE: 1 to 4 weeks).",
    ),
    source_id=_S,
)

OPTIONS = dosing_options(_S)


def evaluate(
    doses: object,
    *,
    weight_kg: object = None,
    as_of: object = None,
    **options: Any,
) -> BelimumabDosingCheck:
    """Check belimumab administrations against the US label's lupus nephritis schedule.

    Args:
        doses: Administration records (`BelimumabDose` models or mappings), in any order.
        weight_kg: Body weight for intravenous doses recorded in mg without a weight (a
            number in kg, ``"70 kg"`` or a `Weight`).
        as_of: A date (or ISO string) on which to check that the next dose is not overdue.
        **options: See `OPTIONS`.

    Returns:
        The check: an overall decision and one decision per administration.
    """
    opts = resolve_options(OPTIONS, options, rule_set_id=RULE_SET_ID)
    return evaluate_dosing(
        RULE_SET, PARAMETERS, doses, weight_kg=weight_kg, as_of=as_of, options=opts
    )


RULE_SET = register(
    RuleSet(
        id=RULE_SET_ID,
        version="1.0.0",
        title="Belimumab lupus nephritis dosing (BENLYSTA US label)",
        kind=RuleKind.DOSING,
        source_ids=(_S,),
        parameters=PARAMETERS,
        description=(
            "Checks each belimumab administration against the US label's lupus nephritis "
            "schedule: intravenous 10 mg/kg at 2-week intervals for the first 3 doses, then "
            "every 4 weeks; subcutaneous 400 mg (two 200 mg injections) once weekly for 4 "
            "doses, then 200 mg once weekly; a switch from intravenous to subcutaneous after "
            "the first 2 intravenous doses, the first subcutaneous dose 1 to 2 weeks after the "
            "last intravenous dose. Each dose is on schedule, early, late, a wrong dose, or not "
            "evaluable (no dose, or an intravenous dose in mg without the weight); the course "
            "is on schedule, a deviation, or not evaluable."
        ),
        options=OPTIONS,
        notes=(
            "The label states intervals but no window around them and no dose tolerance: by "
            "default any deviation is reported (options timing_tolerance_days and "
            "dose_tolerance_percent, default 0).",
            "'2-week intervals for the first 3 doses' is read as doses 1, 2 and 3 on days 0, "
            "14 and 28; the 4-week interval applies from dose 3 to dose 4.",
            "'1 to 2 weeks after the last intravenous dose' is read as 7 to 14 days, both "
            "inclusive; the tolerance option does not widen this range, which the label states.",
            "After a switch from intravenous dosing, the subcutaneous doses are the 200 mg "
            "maintenance dose by default (option sc_dose_after_iv='loading' applies the 400 mg "
            "loading doses instead): the loading regimen is stated for starting treatment "
            "subcutaneously, and the switch instruction names a 200 mg first dose (medium "
            "confidence: the exact switch sentence was read in a secondary copy).",
            "The records are read as every administration of the course: a dose missing from "
            "the records reads as a late next dose (and shifts the dose count that decides "
            "loading or maintenance). There is no incomplete-records mode; pass a complete "
            "administration history, or treat a 'late' dose after a gap that could hold an "
            "unrecorded dose as unconfirmed.",
            "A return from subcutaneous to intravenous dosing is not covered by the label: "
            "those doses' timing is not evaluable (flag sc-to-iv-return-not-covered); their "
            "dose is still checked.",
            "Paediatric subcutaneous lupus nephritis weight bands are NOT FOUND, so the "
            "subcutaneous check is for adults; the intravenous dose is the same from 5 years.",
            "The EU SmPC schedule was not read separately (the fact base gives the US "
            "label); no EU rule set is registered.",
        ),
        evaluate=evaluate,
        module=__name__,
    )
)

__all__ = ["OPTIONS", "PARAMETERS", "RULE_SET", "evaluate"]
